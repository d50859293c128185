import { toLineEnd, type Context, type Language } from '../scanner';

/** Address families and methods in `iface NAME FAMILY METHOD`. */
const METHODS = new Set(['inet', 'inet6', 'static', 'manual', 'dhcp', 'auto', 'v4tunnel', 'loopback']);

function word(w: string, ctx: Context): 'keyword' | 'plain' {
  if (ctx.statementStart) return 'keyword';
  return ctx.statementFirst === 'iface' && METHODS.has(w) ? 'keyword' : 'plain';
}

/** /etc/network/interfaces and its interfaces.d/ parts. */
export const ifupdown: Language = {
  comment: (text, i, ctx) => (ctx.lineStart && text.charCodeAt(i) === 35 ? toLineEnd(text, i) : -1),
  quotes: '',
  multiLineStrings: false,
  escapes: () => false,
  delimiters: '',
  separators: '',
  word,
};
