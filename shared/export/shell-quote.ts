/**
 * The one function that puts a value into generated shell code. Every value is validated before it
 * gets here, but quoting anyway means a gap in validation can never become code on the router:
 * inside single quotes the shell interprets nothing, and a single quote itself is written as '\''
 * (close, escaped quote, reopen). NUL cannot be passed to a program at all, so it is refused.
 */
export function shQuote(value: string): string {
  if (value.includes('\0')) throw new Error('a shell argument cannot contain a NUL byte');
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Quote each word and join them with spaces: an argv as one line of shell. */
export function shWords(words: readonly string[]): string {
  return words.map(shQuote).join(' ');
}
