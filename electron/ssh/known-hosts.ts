import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { replaceFileSync } from '../fs/replace-file';
import { sha256Fingerprint } from './fingerprint';
import { hostLabel } from './target';
import type { HostKeyDecision } from './types';

/** One line of the app's known-hosts file: `host keytype base64` or `[host]:port keytype base64`. */
export interface KnownHost {
  pattern: string;
  keyType: string;
  keyBase64: string;
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

function parseLine(line: string): KnownHost | undefined {
  const t = line.trim();
  // Comments, blanks, hashed names (|1|…) and @revoked/@cert-authority markers are never written by
  // v6wizard; they are kept in the file but never match, so they can only make a connection stricter.
  if (t === '' || t.startsWith('#') || t.startsWith('|') || t.startsWith('@')) return undefined;
  const [pattern, keyType, keyBase64] = t.split(/\s+/);
  if (pattern === undefined || keyType === undefined || keyBase64 === undefined) return undefined;
  return { pattern, keyType, keyBase64 };
}

/** The patterns that name host:port. OpenSSH writes a bare host for port 22 and `[host]:port` otherwise. */
function patternsFor(host: string, port: number): Set<string> {
  const names = [`[${host}]:${String(port)}`];
  if (port === 22) names.push(host);
  return new Set(names);
}

const matches = (entry: KnownHost, host: string, port: number): boolean =>
  entry.pattern.split(',').some((p) => patternsFor(host, port).has(p));

/** Every stored key for host:port. */
export function knownKeys(file: string, host: string, port: number): KnownHost[] {
  return readLines(file)
    .map(parseLine)
    .filter((e): e is KnownHost => e !== undefined && matches(e, host, port));
}

/**
 * Compare a presented host key with the stored ones. Same type and bytes → known. No entry → new
 * (the person must accept the fingerprint). An entry exists but this key is not it → changed, which is
 * refused: a different key *type* counts as changed too, because connect asks for the stored type
 * first, so a router that still has that key would have presented it.
 */
export function decideHostKey(
  file: string,
  host: string,
  port: number,
  keyType: string,
  blob: Buffer,
): HostKeyDecision {
  const stored = knownKeys(file, host, port);
  const fingerprint = sha256Fingerprint(blob);
  if (stored.length === 0) return { kind: 'new', fingerprint };
  const base64 = blob.toString('base64');
  if (stored.some((e) => e.keyType === keyType && e.keyBase64 === base64)) return { kind: 'known' };
  const first = stored.find((e) => e.keyType === keyType) ?? stored[0];
  const storedFingerprint =
    first === undefined ? '?' : sha256Fingerprint(Buffer.from(first.keyBase64, 'base64'));
  return { kind: 'changed', fingerprint, storedFingerprint };
}

/** Replace the file atomically (replaceFileSync), owner-only, so a crash never leaves half a file. */
function writeAtomic(file: string, lines: readonly string[]): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  replaceFileSync(file, lines.join('\n'), 0o600);
}

/** Store an accepted key for host:port (in OpenSSH's own format, so `ssh -o UserKnownHostsFile=` reads it). */
export function addKnownHost(file: string, host: string, port: number, keyType: string, blob: Buffer): void {
  const lines = readLines(file).filter((l) => l !== '');
  lines.push(`${hostLabel(host, port)} ${keyType} ${blob.toString('base64')}`);
  writeAtomic(file, [...lines, '']);
}

/**
 * Remove every stored key for host:port — the only way to trust a changed key, and a deliberate act of
 * the person (`v6wizard forget-host`). Returns how many entries were removed.
 */
export function forgetHost(file: string, host: string, port: number): number {
  const lines = readLines(file);
  const keep = lines.filter((l) => {
    const e = parseLine(l);
    return e === undefined || !matches(e, host, port);
  });
  const removed = lines.length - keep.length;
  if (removed > 0) writeAtomic(file, keep);
  return removed;
}
