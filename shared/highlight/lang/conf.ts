import { isWordBoundary, toLineEnd, type Context, type Language } from '../scanner';

const VALUE_KEYWORDS = new Set(['on', 'off', 'true', 'false', 'infinity', 'to']);

function word(w: string, ctx: Context): 'keyword' | 'plain' {
  // The first word of a statement names it (`interface`, `AdvSendAdvert`, `subnet6`, `range6`);
  // `option NAME` names the option in its second word.
  if (ctx.statementStart || (ctx.wordIndex === 1 && ctx.statementFirst === 'option')) return 'keyword';
  return VALUE_KEYWORDS.has(w) ? 'keyword' : 'plain';
}

/** Brace-and-semicolon configs: radvd.conf, ISC dhcpd.conf, WIDE dhcp6s.conf. */
export const conf: Language = {
  comment: (text, i, ctx) =>
    text.charCodeAt(i) === 35 && (isWordBoundary(ctx.prev) || ctx.prev === 59 || ctx.prev === 123)
      ? toLineEnd(text, i)
      : -1,
  quotes: '"',
  multiLineStrings: false,
  escapes: () => true,
  delimiters: '{};,',
  separators: '{};',
  word,
};
