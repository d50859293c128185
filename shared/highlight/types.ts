/** What a piece of a generated file is, for colouring it in the preview. */
export type TokenKind = 'comment' | 'keyword' | 'string' | 'number' | 'address' | 'plain';

/** A run of text of one kind. The texts of a file's tokens, joined, are exactly the file. */
export interface Token {
  text: string;
  kind: TokenKind;
}
