import type { Emitter } from '../emitter';
import { toLineEnd, type Context, type Language } from '../scanner';

const TARGETS = new Set(['ACCEPT', 'DROP', 'REJECT', 'RETURN', 'LOG', 'QUEUE', 'MASQUERADE', 'SNAT', 'DNAT']);

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

/** `*filter` (a table), `:CHAIN` (a chain and its policy) and `COMMIT` open or close a table. */
function head(text: string, i: number, out: Emitter): number {
  const c = text.charCodeAt(i);
  if (c !== 42 && c !== 58) return -1;
  let j = i + 1;
  while (j < text.length && isNameChar(text.charCodeAt(j))) j += 1;
  if (j === i + 1) return -1;
  out.emit('keyword', j);
  return j;
}

function word(w: string, _ctx: Context): 'keyword' | 'plain' {
  // Options (`-A`, `--dport`) and targets carry the meaning of a rule; chain names and values do not.
  if (w.startsWith('-') || w === 'COMMIT' || TARGETS.has(w)) return 'keyword';
  return 'plain';
}

/** iptables-restore / ip6tables-restore rule files. */
export const iptables: Language = {
  comment: (text, i, ctx) => (ctx.lineStart && text.charCodeAt(i) === 35 ? toLineEnd(text, i) : -1),
  quotes: '"',
  multiLineStrings: false,
  escapes: () => true,
  delimiters: ',[]!',
  separators: '',
  word,
  lineHead: head,
};
