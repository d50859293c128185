import { readFileSync } from 'node:fs';
import { OUTSIDE_PING_RULE, parseGlobalV6 } from '../../shared/net/addr';
import { parseRemoteArgs, type RemoteArgs } from './remote-args';

export interface ApplyArgs extends RemoteArgs {
  yes: boolean;
  confirmTimeoutS: number;
  /** The broker's update key (apply only, from --broker-key-file), for the endpoint update. */
  brokerKey: string | undefined;
  /** An outside IPv6 address to ping from the router's LAN address in the verification (apply only). */
  pingOutside: string | undefined;
}

/**
 * The broker update key from FILE: its first line, without the line end and surrounding blanks. A
 * file, not an argument or the environment, so the key shows in neither `ps` nor shell history; the
 * messages name the file, never its content.
 */
export function readBrokerKey(
  file: string,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): { key: string } | { error: string } {
  let text: string;
  try {
    text = readFile(file);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return {
      error: `--broker-key-file ${file} cannot be read${typeof code === 'string' ? ` (${code})` : ''}`,
    };
  }
  const key = (text.split('\n')[0] ?? '').trim();
  if (key === '') return { error: `--broker-key-file ${file}: the first line (the update key) is empty` };
  return { key };
}

/**
 * The remote options plus apply's own: `--yes` (no question before changing the router),
 * `--confirm-timeout S` (seconds until the router reverts by itself, 10..3600, default 60) and, for
 * apply only, `--broker-key-file FILE` (the tunnel broker's update key, first line of FILE) and
 * `--ping-outside ADDRESS` (an outside IPv6 address the verification pings). They are
 * taken out first; everything else goes to the shared remote parser.
 */
export function parseApplyArgs(
  command: string,
  argv: readonly string[],
  readStdin?: () => string,
  readFile?: (path: string) => string,
): ApplyArgs | { error: string } {
  const rest: string[] = [];
  let yes = false;
  let timeout = 60;
  let keyFile: string | undefined;
  let pingOutside: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--yes' || a === '-y') yes = true;
    else if (a === '--confirm-timeout' || a.startsWith('--confirm-timeout=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || !/^\d+$/.test(v) || Number(v) < 10 || Number(v) > 3600)
        return { error: '--confirm-timeout takes whole seconds from 10 to 3600' };
      timeout = Number(v);
    } else if (command === 'apply' && (a === '--broker-key-file' || a.startsWith('--broker-key-file='))) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '') return { error: '--broker-key-file takes a file name' };
      keyFile = v;
    } else if (command === 'apply' && (a === '--ping-outside' || a.startsWith('--ping-outside='))) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      pingOutside = parseGlobalV6(v);
      if (pingOutside === undefined) return { error: `--ping-outside ${OUTSIDE_PING_RULE}` };
    } else rest.push(a);
  }
  const args = parseRemoteArgs(command, rest, readStdin);
  if ('error' in args) return args;
  if (command !== 'rollback' && args.profile === undefined)
    return { error: `${command} needs a profile file` };
  let brokerKey: string | undefined;
  if (keyFile !== undefined) {
    const read = readBrokerKey(keyFile, readFile);
    if ('error' in read) return read;
    brokerKey = read.key;
  }
  return { ...args, yes, confirmTimeoutS: timeout, brokerKey, pingOutside };
}
