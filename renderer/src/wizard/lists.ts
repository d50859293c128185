/** A list typed as text, one entry per line (commas and spaces also separate), empty entries dropped. */
export function parseList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The text a list field shows for a list that was not typed here (a loaded profile). */
export function formatList(list: readonly string[]): string {
  return list.join('\n');
}
