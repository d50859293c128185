/**
 * The whole template engine: `{{name}}` placeholders filled from a record of strings. All logic
 * (optional blocks, lists, defaults) lives in typed render functions; templates stay plain text.
 * Chosen over a template library because every maintained engine with logic compiles templates with
 * `new Function`, which the renderer's Content-Security-Policy forbids, and because a logic-less fill
 * keeps each decision in TypeScript where the compiler checks it.
 *
 * A placeholder alone on its line whose value is empty removes the whole line, so optional blocks
 * leave no blank lines behind.
 */
const PLACEHOLDER = /\{\{([a-zA-Z][a-zA-Z0-9_]*)\}\}/g;
const LONE_PLACEHOLDER_LINE = /^[ \t]*\{\{([a-zA-Z][a-zA-Z0-9_]*)\}\}[ \t]*\n/gm;

export function fill(template: string, values: Readonly<Record<string, string>>): string {
  const used = new Set<string>();
  const lookup = (name: string): string => {
    const value = values[name];
    if (value === undefined) throw new Error(`template placeholder {{${name}}} has no value`);
    used.add(name);
    return value;
  };
  const withoutEmptyLines = template.replace(LONE_PLACEHOLDER_LINE, (line, name: string) => {
    const value = lookup(name);
    if (value === '') return '';
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    return indent + value.replace(/\n(?=.)/g, `\n${indent}`) + (value.endsWith('\n') ? '' : '\n');
  });
  const out = withoutEmptyLines.replace(PLACEHOLDER, (_m, name: string) => lookup(name));
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`values given but not used by the template: ${unused.join(', ')}`);
  return out;
}

/** Lines joined with newlines, skipping undefined (for optional directives written only when set). */
export function lines(...items: (string | undefined | false)[]): string {
  return items.filter((x): x is string => typeof x === 'string').join('\n');
}
