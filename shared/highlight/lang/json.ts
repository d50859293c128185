import { toLineEnd, type Language } from '../scanner';

const LITERALS = new Set(['true', 'false', 'null']);

/** Whether the next non-space character after `end` is ':' (the string was an object key). */
function followedByColon(text: string, end: number): boolean {
  for (let j = end; j < text.length; j += 1) {
    const c = text.charCodeAt(j);
    if (c === 58) return true;
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
  }
  return false;
}

/**
 * JSON as Kea reads it (with `#`, `//` and `/* *\/` comments), and plain JSON (manifest.json).
 * Object keys are keywords, other strings strings.
 */
export const json: Language = {
  comment: (text, i) => {
    const c = text.charCodeAt(i);
    if (c === 35) return toLineEnd(text, i);
    if (c !== 47) return -1;
    const next = text.charCodeAt(i + 1);
    if (next === 47) return toLineEnd(text, i);
    if (next !== 42) return -1;
    const close = text.indexOf('*/', i + 2);
    return close < 0 ? text.length : close + 2;
  },
  quotes: '"',
  multiLineStrings: false,
  escapes: () => true,
  delimiters: '{}[],:',
  separators: '',
  word: (w) => (LITERALS.has(w) ? 'keyword' : 'plain'),
  stringKind: (text, end) => (followedByColon(text, end) ? 'keyword' : 'string'),
};
