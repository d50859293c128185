/**
 * A value quoted for a problem message. Messages end up in the UI, the CLI's terminal output and
 * logs, so a hostile value must not be able to inject a newline, a terminal escape sequence or
 * invisible bidi/zero-width characters into them: everything outside printable ASCII is shown as
 * `\u{…}`, and long values are cut.
 */
export function show(value: string, max = 60): string {
  const chars = Array.from(value);
  const cut = chars.length > max ? chars.slice(0, max) : chars;
  let out = '';
  for (const ch of cut) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else out += `\\u{${cp.toString(16)}}`;
  }
  return `"${out}${cut.length < chars.length ? '…' : ''}"`;
}

/**
 * Control, bidi, zero-width and line-separator characters: invisible or line-breaking wherever a
 * message is shown. Printable Unicode (the dashes and '≤' the messages use) stays.
 */
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;

/** A message with hidden characters written out as `\u{…}`: the last guard for messages built elsewhere. */
export function escapeHidden(message: string): string {
  return message.replace(HIDDEN, (ch) => `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`);
}
