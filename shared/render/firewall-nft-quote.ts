/**
 * Quote a value as an nftables string (a comment, a log prefix).
 *
 * nft's scanner reads `"…"` with no escapes at all: a double quote inside would end the string and the
 * rest would be parsed as statements. So a double quote becomes a single quote (the validator already
 * refuses quotes in descriptions; this keeps an unvalidated value from ever becoming syntax), and a
 * line break, which would end the rule, is refused.
 */
export function nftQuote(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error('a value for nft cannot contain a line break');
  return `"${value.replaceAll('"', "'")}"`;
}
