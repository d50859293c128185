import { Emitter } from './emitter';
import { shapeOf } from './shapes';
import type { Token, TokenKind } from './types';

/** Where the scanner stands when a language is asked about a word or a comment. */
export interface Context {
  /** Only whitespace since the last newline. */
  lineStart: boolean;
  /** The next word starts a statement (line start, or after one of the language's separators). */
  statementStart: boolean;
  /** The first word of the current statement, '' before it. */
  statementFirst: string;
  /** How many words the current statement has had so far. */
  wordIndex: number;
  /** The character code just before this position (-1 at the start of the text). */
  prev: number;
}

/**
 * One file family's syntax, as far as colouring needs it. The generic scanner below does the walking;
 * a language only answers questions, so every family shares one loop whose output provably
 * concatenates to the input.
 */
export interface Language {
  /** End of a comment starting at `i`, or -1 when no comment starts here. */
  comment(text: string, i: number, ctx: Context): number;
  /** Characters that open a string. */
  quotes: string;
  /** Whether strings run on past a newline (shell), or stop at the end of the line. */
  multiLineStrings: boolean;
  /** Whether a backslash escapes the next character inside strings opened by `quote`. */
  escapes(quote: number): boolean;
  /** Punctuation that ends a word and is plain text by itself. */
  delimiters: string;
  /** Delimiters after which a new statement starts. */
  separators: string;
  /** The kind of a word that has no address or number shape. */
  word(word: string, ctx: Context): TokenKind;
  /** Whether the word just read (a keyword like `then`) leaves the next word at a statement start. */
  keepsStatement?(word: string): boolean;
  /** The kind of a complete string token ending at `end` (JSON keys are keywords). */
  stringKind?(text: string, end: number): TokenKind;
  /**
   * A line-start construct (an ini `[Section]`, a YAML key): emits its tokens and returns the index
   * after them, or -1 when none starts at `i`.
   */
  lineHead?(text: string, i: number, out: Emitter): number;
}

const NEWLINE = 10;
const BACKSLASH = 92;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12;
}

/** A set of character codes, for the per-character membership tests in the loop. */
function codeSet(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (let i = 0; i < chars.length; i += 1) set[chars.charCodeAt(i)] = 1;
  return set;
}

function stringEnd(text: string, i: number, lang: Language): number {
  const quote = text.charCodeAt(i);
  const escapes = lang.escapes(quote);
  let j = i + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === quote) return j + 1;
    if (c === NEWLINE && !lang.multiLineStrings) return j;
    // A backslash never escapes the newline of a single-line string: the string still ends there.
    j += escapes && c === BACKSLASH && text.charCodeAt(j + 1) !== NEWLINE ? 2 : 1;
  }
  return text.length;
}

/** Splits `text` into tokens with `lang`. Linear in the length of the text. */
export function scan(text: string, lang: Language): Token[] {
  const out = new Emitter(text);
  const delimiters = codeSet(lang.delimiters);
  const separators = codeSet(lang.separators);
  const quotes = codeSet(lang.quotes);
  const ctx: Context = { lineStart: true, statementStart: true, statementFirst: '', wordIndex: 0, prev: -1 };
  const newStatement = (): void => {
    ctx.statementStart = true;
    ctx.statementFirst = '';
    ctx.wordIndex = 0;
  };
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    ctx.prev = i === 0 ? -1 : text.charCodeAt(i - 1);
    if (c === NEWLINE) {
      out.emit('plain', i + 1);
      i += 1;
      ctx.lineStart = true;
      newStatement();
      continue;
    }
    if (isSpace(c)) {
      let j = i + 1;
      while (j < text.length && isSpace(text.charCodeAt(j))) j += 1;
      out.emit('plain', j);
      i = j;
      continue;
    }
    if (ctx.lineStart && lang.lineHead) {
      const end = lang.lineHead(text, i, out);
      if (end > i) {
        i = end;
        ctx.lineStart = false;
        ctx.statementStart = false;
        continue;
      }
    }
    const commentEnd = lang.comment(text, i, ctx);
    if (commentEnd > i) {
      out.emit('comment', commentEnd);
      i = commentEnd;
      ctx.lineStart = false;
      continue;
    }
    ctx.lineStart = false;
    if (c < 128 && quotes[c] === 1) {
      const end = stringEnd(text, i, lang);
      out.emit(lang.stringKind?.(text, end) ?? 'string', end);
      i = end;
      ctx.statementStart = false;
      ctx.wordIndex += 1;
      continue;
    }
    if (c < 128 && delimiters[c] === 1) {
      out.emit('plain', i + 1);
      i += 1;
      if (separators[c] === 1) newStatement();
      continue;
    }
    let j = i + 1;
    while (j < text.length) {
      const d = text.charCodeAt(j);
      if (d === NEWLINE || isSpace(d) || (d < 128 && (delimiters[d] === 1 || quotes[d] === 1))) break;
      j += 1;
    }
    const word = text.slice(i, j);
    out.emit(shapeOf(word) ?? lang.word(word, ctx), j);
    if (ctx.wordIndex === 0) ctx.statementFirst = word;
    ctx.wordIndex += 1;
    ctx.statementStart = lang.keepsStatement?.(word) ?? false;
    if (ctx.statementStart) {
      ctx.statementFirst = '';
      ctx.wordIndex = 0;
    }
    i = j;
  }
  return out.finish();
}

/** A comment from `i` to the end of its line (the newline itself is not part of it). */
export function toLineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

/** Whether `c` (a character code, -1 for none) leaves the next character at the start of a word. */
export function isWordBoundary(c: number): boolean {
  return c === -1 || c === NEWLINE || isSpace(c);
}
