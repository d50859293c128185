import { toLineEnd, type Language } from '../scanner';

/** Anything else (README.txt, unknown files): whole-line `#` comments, addresses and numbers. */
export const plain: Language = {
  comment: (text, i, ctx) => (ctx.lineStart && text.charCodeAt(i) === 35 ? toLineEnd(text, i) : -1),
  quotes: '',
  multiLineStrings: false,
  escapes: () => false,
  delimiters: ',;()[]',
  separators: '',
  word: () => 'plain',
};
