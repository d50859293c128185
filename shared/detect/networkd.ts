/**
 * Which systemd-networkd `.network` file configures an interface, as networkd decides it: files from
 * /etc, /run and /usr/lib (a name in /etc masks the same name further down), in lexical order of
 * their names; the first whose [Match] section matches wins. Only `Name=` is evaluated here (globs
 * `*`, `?`, `[…]`, several names per line, `!` negation); a file with any other Match key is not
 * claimed for any interface, because detect cannot prove it matches.
 */
export interface NetworkFile {
  /** Full path, e.g. /etc/systemd/network/10-wan.network. */
  path: string;
  content: string;
}

const DIR_RANK = [
  '/etc/systemd/network/',
  '/run/systemd/network/',
  '/usr/lib/systemd/network/',
  '/lib/systemd/network/',
];

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob[i] ?? '';
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/[\\\]]/g, '\\$&');
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

interface MatchSection {
  names: string[];
  otherKeys: boolean;
}

function matchSection(content: string): MatchSection {
  let inMatch = false;
  const names: string[] = [];
  let otherKeys = false;
  for (const raw of content.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) inMatch = line === '[Match]';
    else if (inMatch && line !== '' && !line.startsWith('#') && !line.startsWith(';')) {
      const eq = line.indexOf('=');
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      if (key === 'Name') {
        // An empty Name= resets the list, as in every systemd list setting.
        if (value === '') names.length = 0;
        else names.push(...value.split(/\s+/));
      } else if (eq > 0) otherKeys = true;
    }
  }
  return { names, otherKeys };
}

function nameMatches(patterns: readonly string[], ifname: string): boolean {
  const negated = patterns[0]?.startsWith('!') === true;
  const hit = patterns.some((p) => globToRegExp(p.replace(/^!/, '')).test(ifname));
  return negated ? !hit : hit;
}

/** The effective files in networkd's order (masked duplicates removed). */
export function effectiveNetworkFiles(files: readonly NetworkFile[]): NetworkFile[] {
  const rank = (p: string): number => {
    const r = DIR_RANK.findIndex((d) => p.startsWith(d));
    return r < 0 ? DIR_RANK.length : r;
  };
  const byName = new Map<string, NetworkFile>();
  for (const f of [...files].sort((a, b) => rank(a.path) - rank(b.path))) {
    if (!byName.has(basename(f.path))) byName.set(basename(f.path), f);
  }
  return [...byName.values()].sort((a, b) => (basename(a.path) < basename(b.path) ? -1 : 1));
}

/** The basename of the .network file that configures `ifname`, or undefined when none provably does. */
export function networkFileFor(files: readonly NetworkFile[], ifname: string): string | undefined {
  for (const f of effectiveNetworkFiles(files)) {
    const m = matchSection(f.content);
    if (m.otherKeys) continue; // MACAddress=, Type=, … cannot be evaluated from here: not claimed
    if (m.names.length === 0) return basename(f.path); // no [Match] conditions: applies to every link
    if (nameMatches(m.names, ifname)) return basename(f.path);
  }
  return undefined;
}
