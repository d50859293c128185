import { shWords } from '../../shared/export/shell-quote';

/**
 * The one function that turns a remote command (argv) into the string sshd hands to the login shell.
 * Every word is single-quoted by shQuote (`'` → `'\''`, NUL refused), so a value from a profile or
 * from the router itself (an interface name) is always one literal argument and never code. The
 * remote login shell must be POSIX (sh, bash, dash, zsh) — which every supported distro's root and
 * admin users have.
 */
export function remoteCommandLine(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('a remote command needs at least the program name');
  return shWords(argv);
}
