import type { Emitter } from '../emitter';
import { isWordBoundary, toLineEnd, type Language } from '../scanner';

const LITERALS = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', '~']);

/**
 * At a line's start: any `- ` list markers, then a plain `key:` (followed by a space or the end of the
 * line) is a keyword. Quoted keys are left to the string rule.
 */
function key(text: string, i: number, out: Emitter): number {
  let j = i;
  while (text.charCodeAt(j) === 45 && (text.charCodeAt(j + 1) === 32 || text.charCodeAt(j + 1) === 9)) {
    j += 2;
    while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j += 1;
  }
  const eol = toLineEnd(text, j);
  let k = j;
  while (k < eol) {
    const c = text.charCodeAt(k);
    if (c === 58) break;
    // A key has no quotes, brackets or comment in it; anything else here is a value.
    if (c === 35 || c === 34 || c === 39 || c === 91 || c === 123 || c === 44)
      return j > i ? emitDash(out, j) : -1;
    k += 1;
  }
  const after = text.charCodeAt(k + 1);
  const isKey = k < eol && k > j && (k + 1 === eol || after === 32 || after === 9 || after === 13);
  if (!isKey) return j > i ? emitDash(out, j) : -1;
  out.emit('plain', j);
  out.emit('keyword', k);
  out.emit('plain', k + 1);
  return k + 1;
}

function emitDash(out: Emitter, end: number): number {
  out.emit('plain', end);
  return end;
}

/** YAML as netplan uses it. */
export const yaml: Language = {
  comment: (text, i, ctx) =>
    text.charCodeAt(i) === 35 && isWordBoundary(ctx.prev) ? toLineEnd(text, i) : -1,
  quotes: '"\'',
  multiLineStrings: false,
  // Only double-quoted YAML strings have escapes ('' is the single-quote escape, two quotes in a row).
  escapes: (quote) => quote === 34,
  delimiters: '[]{},',
  separators: '',
  word: (w) => (LITERALS.has(w) ? 'keyword' : 'plain'),
  lineHead: key,
};
