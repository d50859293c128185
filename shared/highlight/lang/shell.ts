import { isWordBoundary, toLineEnd, type Context, type Language } from '../scanner';

/** Reserved words and the builtins the generated scripts use as statements. */
const KEYWORDS = new Set([
  'if',
  'then',
  'elif',
  'else',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'function',
  'return',
  'exit',
  'local',
  'set',
  'export',
  'readonly',
  'trap',
  'shift',
  'break',
  'continue',
  'unset',
  'declare',
  'exec',
  'source',
  '.',
  '!',
]);

/** Words after which the next word is a command again (`if cmd`, `then cmd`, `! cmd`). */
const PREFIXES = new Set(['if', 'then', 'elif', 'else', 'while', 'until', 'do', '!', 'exec']);

function word(w: string, ctx: Context): 'keyword' | 'plain' {
  // A keyword only where a command goes: `ip link set up` must not colour `set`.
  if (ctx.statementStart && KEYWORDS.has(w)) return 'keyword';
  if (w === 'in' && ctx.wordIndex === 2 && (ctx.statementFirst === 'for' || ctx.statementFirst === 'case')) {
    return 'keyword';
  }
  return 'plain';
}

/** POSIX sh / bash: the installer, the DAD wait, the tunnel and firewall scripts, /etc/default files. */
export const shell: Language = {
  // `#` starts a comment only at the start of a word (`${#x}` and `a#b` are not comments).
  comment: (text, i, ctx) =>
    text.charCodeAt(i) === 35 && (isWordBoundary(ctx.prev) || ctx.prev === 59) ? toLineEnd(text, i) : -1,
  quotes: '"\'`',
  multiLineStrings: true,
  // Inside '…' a backslash is an ordinary character.
  escapes: (quote) => quote !== 39,
  delimiters: ';|&()<>{}=,',
  separators: ';|&(){}',
  word,
  keepsStatement: (w) => PREFIXES.has(w),
};
