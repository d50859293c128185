/**
 * Splitting pasted text into lines the format parsers can read. Pasted text arrives with every line
 * ending there is (CRLF from Windows browsers, lone CR from old macOS), tabs from table cells, and
 * shell prompts copied along with the commands.
 */

/** One non-empty input line. */
export interface PasteLine {
  /** 0-based position among all input lines (blank ones included), for "line n" in messages. */
  index: number;
  /** The line as pasted, trimmed: what `unrecognised` reports. */
  raw: string;
  /** The line without a leading shell prompt or `sudo`, for the command parsers. */
  command: string;
  /** Columns of leading whitespace (a tab counts as 4), for the YAML parser's nesting. */
  indent: number;
}

/**
 * A prompt in front of a copied command: `$ `, `# `, `% `, `> `, `user@host:~$ `, `[user@host ~]# `.
 * Every alternative is anchored and uses bounded, non-overlapping character classes, so a 1 MB line
 * without a prompt is rejected in linear time.
 */
const PROMPT = /^(?:\[[^\]\n]{0,100}\]|[\w.-]{1,64}@[\w.-]{1,64}(?::[^\s$#]{0,200})?)?\s{0,4}[$#%>]\s*/;
const SUDO = /^sudo\s+/;

/** Removes a copied prompt and a `sudo` so `$ sudo ip link set x up` reads as `ip link set x up`. */
export function stripPrompt(line: string): string {
  return line.replace(PROMPT, '').replace(SUDO, '');
}

function indentOf(line: string): number {
  let columns = 0;
  for (const ch of line) {
    if (ch === ' ') columns += 1;
    else if (ch === '\t') columns += 4;
    else break;
  }
  return columns;
}

/** The non-empty lines of `text`, each with its position, trimmed text, prompt-free text and indent. */
export function splitLines(text: string): PasteLine[] {
  const out: PasteLine[] = [];
  const all = text.split(/\r\n|\r|\n/);
  for (let index = 0; index < all.length; index += 1) {
    const line = all[index] ?? '';
    const raw = line.trim();
    if (raw === '') continue;
    out.push({ index, raw, command: stripPrompt(raw).trim(), indent: indentOf(line) });
  }
  return out;
}
