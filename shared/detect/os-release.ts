import type { OsInfo } from './types';

/** Undo os-release's shell-like quoting: `"Debian GNU/Linux 12 (bookworm)"` → the text inside. */
function unquote(raw: string): string {
  const v = raw.trim();
  if (v.length >= 2 && (v.startsWith('"') || v.startsWith("'")) && v.endsWith(v[0] ?? '')) {
    return v.slice(1, -1).replace(/\\(["\\`$])/g, '$1');
  }
  return v;
}

/** Raspberry Pi OS calls itself `raspbian` (32-bit) or `debian` with a Raspberry Pi PRETTY_NAME/HOME_URL (64-bit). */
function family(fields: Map<string, string>): OsInfo['family'] {
  const id = fields.get('ID') ?? '';
  const text = `${fields.get('PRETTY_NAME') ?? ''} ${fields.get('HOME_URL') ?? ''}`.toLowerCase();
  if (id === 'raspbian' || text.includes('raspberry')) return 'raspberry-pi-os';
  if (id === 'debian' || id === 'ubuntu') return id;
  return 'other';
}

/** Parse /etc/os-release (KEY=value lines). Returns undefined when it has no ID at all. */
export function parseOsRelease(text: string): OsInfo | undefined {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m?.[1] !== undefined && m[2] !== undefined) fields.set(m[1], unquote(m[2]));
  }
  const id = fields.get('ID');
  if (id === undefined || id === '') return undefined;
  return {
    id,
    versionId: fields.get('VERSION_ID'),
    prettyName: fields.get('PRETTY_NAME') ?? id,
    family: family(fields),
  };
}
