import { BACKUP_DIR } from '../plan/backup-dir';
import { OUTSIDE_PING_RULE, parseGlobalV6 } from '../net/addr';
import { FINGERPRINT, isHostName, isPort, isUserName } from '../net/ssh-target';
import type { RequestOf, Result, RouterAuth, RouterTarget } from './contract';

/**
 * Re-validation of the router channels' requests (see validate-request.ts for why). Every field that
 * reaches the SSH layer is checked here by the same rules as the CLI's `--host`, so a host or user
 * name that could be read as an option or hold a control character never gets near a connection.
 */

const MAX_PATH = 4096;
const MAX_SECRET = 4096;
/** routerId and jobId are the Node side's own random ids. */
const ID = /^[A-Za-z0-9_-]{8,64}$/;

type Problem = { problem: string };
const bad = (message: string): Result<never> => ({ ok: false, error: { code: 'BAD_REQUEST', message } });
const isProblem = (v: unknown): v is Problem =>
  typeof v === 'object' && v !== null && 'problem' in v && Object.keys(v).length === 1;

function record(
  value: unknown,
  where: string,
  allowed: readonly string[],
): Record<string, unknown> | Problem {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { problem: `${where}: must be an object` };
  for (const key of Object.keys(value))
    if (!allowed.includes(key)) return { problem: `${where}.${key}: is not a field of this request` };
  return value as Record<string, unknown>;
}

function secret(value: unknown, where: string): string | Problem {
  if (typeof value !== 'string' || value === '') return { problem: `${where}: must be a non-empty text` };
  if (value.length > MAX_SECRET) return { problem: `${where}: is longer than ${MAX_SECRET} characters` };
  if (value.includes('\0')) return { problem: `${where}: must not contain a NUL character` };
  return value;
}

function id(value: unknown, where: string): string | Problem {
  return typeof value === 'string' && ID.test(value)
    ? value
    : { problem: `${where}: must be an id this app handed out` };
}

function target(value: unknown): RouterTarget | Problem {
  const t = record(value, 'request.target', ['host', 'port', 'user']);
  if (isProblem(t)) return t;
  if (typeof t['host'] !== 'string' || !isHostName(t['host']))
    return {
      problem:
        "request.target.host: must be a host name or an IPv4/IPv6 address (letters, digits, '.', ':', '-', not starting with '-')",
    };
  if (!isPort(t['port'])) return { problem: 'request.target.port: must be a whole number from 1 to 65535' };
  if (typeof t['user'] !== 'string' || !isUserName(t['user']))
    return {
      problem:
        "request.target.user: must be a user name (letters, digits, '.', '_', '-', not starting with '-')",
    };
  return { host: t['host'], port: t['port'], user: t['user'] };
}

function auth(value: unknown): RouterAuth | Problem {
  const a = record(value, 'request.auth', ['kind', 'identityFile', 'passphrase', 'password']);
  if (isProblem(a)) return a;
  switch (a['kind']) {
    case 'agent':
      return Object.keys(a).length === 1
        ? { kind: 'agent' }
        : { problem: 'request.auth: agent takes no other field' };
    case 'password': {
      const password = secret(a['password'], 'request.auth.password');
      if (isProblem(password)) return password;
      return Object.keys(a).length === 2
        ? { kind: 'password', password }
        : { problem: 'request.auth: password takes only the password' };
    }
    case 'key': {
      const file = a['identityFile'];
      if (typeof file !== 'string' || file === '' || file.length > MAX_PATH || file.includes('\0'))
        return { problem: 'request.auth.identityFile: must be the path of a private key file' };
      if (a['password'] !== undefined)
        return { problem: 'request.auth.password: is not a field of a key login' };
      if (a['passphrase'] === undefined) return { kind: 'key', identityFile: file };
      const passphrase = secret(a['passphrase'], 'request.auth.passphrase');
      return isProblem(passphrase) ? passphrase : { kind: 'key', identityFile: file, passphrase };
    }
    default:
      return { problem: "request.auth.kind: must be 'key', 'agent' or 'password'" };
  }
}

function connectRequest(request: unknown): Result<RequestOf<'router:connect'>> {
  const f = record(request, 'request', ['target', 'auth', 'sudoPassword', 'acceptFingerprint']);
  if (isProblem(f)) return bad(f.problem);
  const t = target(f['target']);
  if (isProblem(t)) return bad(t.problem);
  const a = auth(f['auth']);
  if (isProblem(a)) return bad(a.problem);
  const value: RequestOf<'router:connect'> = { target: t, auth: a };
  if (f['sudoPassword'] !== undefined) {
    const s = secret(f['sudoPassword'], 'request.sudoPassword');
    if (isProblem(s)) return bad(s.problem);
    value.sudoPassword = s;
  }
  const accept = f['acceptFingerprint'];
  if (accept !== undefined) {
    if (typeof accept !== 'string' || !FINGERPRINT.test(accept))
      return bad('request.acceptFingerprint: must be a fingerprint like SHA256: followed by 43 characters');
    value.acceptFingerprint = accept;
  }
  return { ok: true, value };
}

function routerOnly(request: unknown): Result<{ routerId: string }> {
  const f = record(request, 'request', ['routerId']);
  if (isProblem(f)) return bad(f.problem);
  const r = id(f['routerId'], 'request.routerId');
  return isProblem(r) ? bad(r.problem) : { ok: true, value: { routerId: r } };
}

function planRequest(request: unknown): Result<RequestOf<'router:plan'>> {
  const f = record(request, 'request', ['routerId', 'profile']);
  if (isProblem(f)) return bad(f.problem);
  const r = id(f['routerId'], 'request.routerId');
  if (isProblem(r)) return bad(r.problem);
  // The profile itself is checked by shared/validate in the handler; here only that it is an object.
  const p = f['profile'];
  return typeof p === 'object' && p !== null && !Array.isArray(p)
    ? { ok: true, value: { routerId: r, profile: p } }
    : bad('request.profile: must be a profile object');
}

function detectRequest(request: unknown): Result<RequestOf<'router:detect'>> {
  const f = record(request, 'request', ['routerId', 'profile']);
  if (isProblem(f)) return bad(f.problem);
  if (f['profile'] === undefined) return routerOnly({ routerId: f['routerId'] });
  return planRequest(f);
}

/** A Debian package name (Debian Policy 5.6.1): lower case, digits, + - . ; two characters at least. */
const DEBIAN_PACKAGE = /^[a-z0-9][a-z0-9+.-]+$/;
const MAX_PACKAGES = 32;
/** A plan's `reviewed` hash: sha256 in hex. */
const REVIEW_HASH = /^[0-9a-f]{64}$/;

function applyRequest(request: unknown): Result<RequestOf<'router:apply'>> {
  const f = record(request, 'request', [
    'routerId',
    'profile',
    'confirmTimeoutS',
    'installPackages',
    'reviewed',
    'pingOutside',
  ]);
  if (isProblem(f)) return bad(f.problem);
  const planned = planRequest({ routerId: f['routerId'], profile: f['profile'] });
  if (!planned.ok) return planned;
  const timeout = f['confirmTimeoutS'];
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 10 || timeout > 3600)
    return bad('request.confirmTimeoutS: must be whole seconds from 10 to 3600');
  const pkgs = f['installPackages'];
  if (
    !Array.isArray(pkgs) ||
    pkgs.length > MAX_PACKAGES ||
    !pkgs.every((p): p is string => typeof p === 'string' && DEBIAN_PACKAGE.test(p))
  )
    return bad(
      `request.installPackages: must be the list of Debian package names the person agreed to install (at most ${MAX_PACKAGES}; [] for none)`,
    );
  const reviewed = f['reviewed'];
  if (typeof reviewed !== 'string' || !REVIEW_HASH.test(reviewed))
    return bad('request.reviewed: must be the reviewed plan\'s hash (router:plan\'s "reviewed")');
  const value: RequestOf<'router:apply'> = {
    ...planned.value,
    confirmTimeoutS: timeout,
    installPackages: pkgs,
    reviewed,
  };
  if (f['pingOutside'] !== undefined) {
    const outside = parseGlobalV6(f['pingOutside']);
    if (outside === undefined) return bad(`request.pingOutside: ${OUTSIDE_PING_RULE}`);
    value.pingOutside = outside;
  }
  return { ok: true, value };
}

function progressRequest(request: unknown): Result<RequestOf<'router:progress'>> {
  const f = record(request, 'request', ['jobId', 'after']);
  if (isProblem(f)) return bad(f.problem);
  const j = id(f['jobId'], 'request.jobId');
  if (isProblem(j)) return bad(j.problem);
  const after = f['after'];
  if (typeof after !== 'number' || !Number.isInteger(after) || after < 0)
    return bad('request.after: must be a whole number, 0 or more');
  return { ok: true, value: { jobId: j, after } };
}

function jobOnly(request: unknown): Result<{ jobId: string }> {
  const f = record(request, 'request', ['jobId']);
  if (isProblem(f)) return bad(f.problem);
  const j = id(f['jobId'], 'request.jobId');
  return isProblem(j) ? bad(j.problem) : { ok: true, value: { jobId: j } };
}

function rollbackRequest(request: unknown): Result<RequestOf<'router:rollback'>> {
  const f = record(request, 'request', ['routerId', 'backupDir']);
  if (isProblem(f)) return bad(f.problem);
  const r = id(f['routerId'], 'request.routerId');
  if (isProblem(r)) return bad(r.problem);
  const dir = f['backupDir'];
  if (dir === undefined) return { ok: true, value: { routerId: r } };
  if (typeof dir !== 'string' || !BACKUP_DIR.test(dir))
    return bad(
      'request.backupDir: must be a v6wizard backup folder like /var/backups/v6wizard/20261123-184500-abc123',
    );
  return { ok: true, value: { routerId: r, backupDir: dir } };
}

/** The router channels' validators, looked up by validateRequest. */
export const ROUTER_VALIDATORS = {
  'router:connect': connectRequest,
  'router:detect': detectRequest,
  'router:plan': planRequest,
  'router:apply': applyRequest,
  'router:progress': progressRequest,
  'router:cancel': jobOnly,
  'router:rollback': rollbackRequest,
  'router:disconnect': routerOnly,
} as const;
