/**
 * Quote one argument for an ip6tables-restore / iptables-restore line.
 *
 * The restore tokenizer splits on blanks and reads a double-quoted span as one argument; inside the
 * quotes a backslash takes the next character literally. So backslashes and double quotes are
 * escaped and the whole value is wrapped in double quotes. Single quotes and `#` need nothing (a
 * comment is only a line that starts with `#`). Without this, a description such as `web "admin"`
 * would end the argument early and the rest would be read as further options of the rule.
 */
export function restoreQuote(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error('a value for iptables-restore cannot contain a line break');
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
