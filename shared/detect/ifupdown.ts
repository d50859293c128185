/**
 * ifupdown's configuration as ifupdown 0.8 reads it (interfaces(5)), from the files' text: which
 * interfaces the boot raises (`auto`/`allow-auto` by networking.service, `allow-hotplug` by udev's
 * ifup@.service), which interfaces have stanzas, and which names a `mapping` stanza takes over.
 * Pure: the Node side reads the files (/etc/network/interfaces and whatever it sources) and passes
 * their text in; a `source` pattern is matched against the paths it was given.
 */

/** One file's text, as read from the router. */
export interface IfupdownFile {
  path: string;
  content: string;
}

/** A line that raises interfaces at boot. */
export interface RaiseLine {
  /** `auto` (also written `allow-auto`) or `allow-hotplug`. */
  kind: 'auto' | 'allow-hotplug';
  file: string;
}

/** One `iface NAME FAMILY METHOD` stanza. */
export interface IfaceStanza {
  name: string;
  family: string;
  method: string;
  file: string;
}

export interface IfupdownConfig {
  /** Interface name → every line that raises it at boot. */
  raised: Map<string, RaiseLine[]>;
  stanzas: IfaceStanza[];
  /** `mapping PATTERN…` stanzas: the patterns (shell globs on interface names) and their file. */
  mappings: { patterns: string[]; file: string }[];
  /** The files read, in the order ifupdown reads them. */
  read: string[];
}

/** interfaces(5): a comment is a line whose first non-blank character is `#`; no end-of-line comments. */
const COMMENT = /^\s*#/;
/** run-parts' rule, which source-directory follows: only names of letters, digits, `_` and `-`. */
const RUN_PARTS_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * The logical lines of a file: comments dropped (a comment ending in `\` does not continue), a line
 * ending in `\` joined with the next.
 */
export function logicalLines(content: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const raw of content.split('\n')) {
    if (pending === '' && COMMENT.test(raw)) continue;
    const line = raw.replace(/\r$/, '');
    if (line.endsWith('\\')) {
      // ifupdown joins the pieces as they are, without a space: `auto a\` + `b` is `auto ab`.
      pending += line.slice(0, -1);
      continue;
    }
    const whole = (pending + line).trim();
    pending = '';
    if (whole !== '') out.push(whole);
  }
  if (pending.trim() !== '') out.push(pending.trim());
  return out;
}

/** fnmatch(3) without flags beyond FNM_PATHNAME: `*` and `?` never match `/`; `[…]` classes. */
export function globMatch(pattern: string, text: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`${re}$`).test(text);
}

const dirOf = (path: string): string => path.slice(0, Math.max(1, path.lastIndexOf('/')));
const resolve = (from: string, p: string): string => (p.startsWith('/') ? p : `${dirOf(from)}/${p}`);

/**
 * Parse ifupdown's configuration starting at `root`, following `source` and `source-directory` through
 * the files given (sorted like a glob's expansion). Files named in `skip` are left out, as if absent:
 * the plan reads the person's configuration without v6wizard's own file.
 */
export function parseIfupdown(
  files: readonly IfupdownFile[],
  root = '/etc/network/interfaces',
  skip: readonly string[] = [],
): IfupdownConfig {
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  const paths = [...byPath.keys()].sort();
  const config: IfupdownConfig = { raised: new Map(), stanzas: [], mappings: [], read: [] };
  const raise = (name: string, line: RaiseLine): void => {
    config.raised.set(name, [...(config.raised.get(name) ?? []), line]);
  };
  const visit = (path: string, depth: number): void => {
    const content = byPath.get(path);
    // ifupdown itself stops at a nesting this deep; it also guards a file that sources itself.
    if (content === undefined || skip.includes(path) || depth > 16) return;
    config.read.push(path);
    for (const line of logicalLines(content)) {
      const [word = '', ...rest] = line.split(/\s+/);
      if (word === 'auto' || word === 'allow-auto')
        for (const n of rest) raise(n, { kind: 'auto', file: path });
      else if (word === 'allow-hotplug')
        for (const n of rest) raise(n, { kind: 'allow-hotplug', file: path });
      else if (word === 'iface' && rest.length >= 3) {
        config.stanzas.push({
          name: rest[0] ?? '',
          family: rest[1] ?? '',
          method: rest[2] ?? '',
          file: path,
        });
      } else if (word === 'mapping') config.mappings.push({ patterns: rest, file: path });
      else if (word === 'source') {
        for (const pattern of rest) {
          const full = resolve(path, pattern);
          for (const p of paths) if (globMatch(full, p)) visit(p, depth + 1);
        }
      } else if (word === 'source-directory') {
        for (const d of rest) {
          const dir = resolve(path, d).replace(/\/+$/, '');
          for (const p of paths) {
            if (dirOf(p) === dir && RUN_PARTS_NAME.test(p.slice(dir.length + 1))) visit(p, depth + 1);
          }
        }
      }
    }
  };
  visit(root, 0);
  return config;
}

/**
 * Whether the boot brings an interface up by itself under ifupdown, as the plan needs to know:
 * - `raised`: an `auto`/`allow-hotplug` line names it;
 * - `declared`: a stanza of the person's configures it, but nothing raises it at boot (a deliberate
 *   choice, or another tool raises it: v6wizard must not overrule that);
 * - `mapped`: a `mapping` stanza takes the name over, so ifup uses another stanza than the one named;
 * - `absent`: ifupdown does not know it at all (another tool creates and raises it).
 */
export type BootRaise =
  | { kind: 'raised'; lines: RaiseLine[] }
  | { kind: 'declared'; stanza: IfaceStanza }
  | { kind: 'mapped'; file: string }
  | { kind: 'absent' };

/** How the configuration brings `name` up at boot. */
export function bootRaise(config: IfupdownConfig, name: string): BootRaise {
  const mapping = config.mappings.find((m) => m.patterns.some((p) => globMatch(p, name)));
  if (mapping) return { kind: 'mapped', file: mapping.file };
  const lines = config.raised.get(name);
  if (lines !== undefined) return { kind: 'raised', lines };
  const stanza = config.stanzas.find((s) => s.name === name);
  return stanza ? { kind: 'declared', stanza } : { kind: 'absent' };
}
