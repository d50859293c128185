import type { Emitter } from '../emitter';
import { toLineEnd, type Context, type Language } from '../scanner';

const VALUE_KEYWORDS = new Set(['yes', 'no', 'true', 'false', 'on', 'off']);

/** `[Section]` at the start of a line, coloured as one keyword up to the closing bracket. */
function section(text: string, i: number, out: Emitter): number {
  if (text.charCodeAt(i) !== 91) return -1;
  // Look for the bracket on this line only: searching the rest of the text from every line that
  // starts with '[' would be quadratic on a hostile file.
  const close = text.slice(i, toLineEnd(text, i)).indexOf(']');
  if (close < 0) return -1;
  out.emit('keyword', i + close + 1);
  return i + close + 1;
}

function word(w: string, ctx: Context): 'keyword' | 'plain' {
  // The key of `Key=value` (systemd, dnsmasq) or `key = value` (sysctl), and boolean values.
  if (ctx.statementStart) return 'keyword';
  return VALUE_KEYWORDS.has(w) ? 'keyword' : 'plain';
}

/**
 * `key=value` files: systemd units and networkd files, sysctl.d, dnsmasq. Comments are whole lines
 * starting with `#` or `;` (systemd reads `a=b # c` as the value "b # c").
 */
export const ini: Language = {
  comment: (text, i, ctx) => {
    const c = text.charCodeAt(i);
    return ctx.lineStart && (c === 35 || c === 59) ? toLineEnd(text, i) : -1;
  },
  quotes: '',
  multiLineStrings: false,
  escapes: () => false,
  delimiters: '=,',
  separators: '',
  word,
  lineHead: section,
};
