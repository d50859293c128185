import { assertNever } from '../util/assert-never';
import type { ArchiveFormat, Channel, RequestOf, Result } from './contract';
import { ROUTER_VALIDATORS } from './validate-router';

/**
 * Re-validation of every request on arrival at the Node side. The renderer is typed, but whatever
 * crosses IPC or HTTP is `unknown` there: a compromised page, an old page after an update, or a
 * hand-written curl call must get a BAD_REQUEST naming the field, never a crash or a half-done action.
 * Pure (no Node), so it runs the same in Electron's main, the browser host and the tests.
 */

/** Paths and texts are capped so one request cannot make the Node side allocate without bound. */
const MAX_PATH = 4096;
/** The same cap as the CLI's profile reader (electron/cli/load-profile.ts). */
export const MAX_PROFILE_TEXT = 1024 * 1024;
const MAX_SECRET = 4096;
/** The secret-reference syntax of shared/validate/rules/tunnel-update.ts (a name, never the secret). */
const SECRET_REF = /^[A-Za-z0-9_.:-]{1,128}$/;
const ARCHIVE_FORMATS: readonly ArchiveFormat[] = ['tar.gz', 'zip'];

/** Every field any request has; `fields()` has checked that no other key is present. */
interface Fields {
  path?: unknown;
  text?: unknown;
  profile?: unknown;
  dir?: unknown;
  format?: unknown;
  ref?: unknown;
  value?: unknown;
}

const bad = (message: string): Result<never> => ({ ok: false, error: { code: 'BAD_REQUEST', message } });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request as an object whose keys are all in `allowed`, or the first problem with it. */
function fields(request: unknown, allowed: readonly string[]): Fields | string {
  if (!isRecord(request)) return 'request: must be an object';
  for (const key of Object.keys(request)) {
    if (!allowed.includes(key)) return `request.${key}: is not a field of this request`;
  }
  return request;
}

/** A string field, or the problem with it. Paths may not hold NUL: no filesystem API accepts it. */
function text(f: Fields, key: keyof Fields, max: number, what: string): string | { problem: string } {
  const v = f[key];
  if (typeof v !== 'string') return { problem: `request.${key}: must be ${what}` };
  if (v.length === 0) return { problem: `request.${key}: must not be empty` };
  if (v.length > max) return { problem: `request.${key}: is longer than ${max} characters` };
  if (v.includes('\0')) return { problem: `request.${key}: must not contain a NUL character` };
  return v;
}

const isProblem = (v: string | { problem: string }): v is { problem: string } => typeof v !== 'string';

function empty(request: unknown): Result<Record<string, never>> {
  const f = fields(request, []);
  return typeof f === 'string' ? bad(f) : { ok: true, value: {} };
}

function pathOnly(request: unknown): Result<{ path: string }> {
  const f = fields(request, ['path']);
  if (typeof f === 'string') return bad(f);
  const path = text(f, 'path', MAX_PATH, 'a file path');
  return isProblem(path) ? bad(path.problem) : { ok: true, value: { path } };
}

function save(request: unknown): Result<RequestOf<'profile:save'>> {
  const f = fields(request, ['path', 'text']);
  if (typeof f === 'string') return bad(f);
  if (typeof f.text !== 'string') return bad('request.text: must be the profile as JSON text');
  if (f.text.length > MAX_PROFILE_TEXT) {
    return bad(`request.text: is longer than ${MAX_PROFILE_TEXT} characters; a profile is far smaller`);
  }
  if (f.path === undefined) return { ok: true, value: { text: f.text } };
  const path = text(f, 'path', MAX_PATH, 'a file path');
  return isProblem(path) ? bad(path.problem) : { ok: true, value: { path, text: f.text } };
}

/** The profile itself is checked by shared/validate in the handler; here only that it is an object. */
function profileField(f: Fields): string | undefined {
  return isRecord(f.profile) ? undefined : 'request.profile: must be a profile object';
}

function exportFolder(request: unknown): Result<RequestOf<'export:folder'>> {
  const f = fields(request, ['profile', 'dir']);
  if (typeof f === 'string') return bad(f);
  const problem = profileField(f);
  if (problem !== undefined) return bad(problem);
  if (f.dir === undefined) return { ok: true, value: { profile: f.profile } };
  const dir = text(f, 'dir', MAX_PATH, 'a folder path');
  return isProblem(dir) ? bad(dir.problem) : { ok: true, value: { profile: f.profile, dir } };
}

function exportArchive(request: unknown): Result<RequestOf<'export:archive'>> {
  const f = fields(request, ['profile', 'format']);
  if (typeof f === 'string') return bad(f);
  const problem = profileField(f);
  if (problem !== undefined) return bad(problem);
  const format = ARCHIVE_FORMATS.find((a) => a === f.format);
  if (format === undefined) return bad(`request.format: must be one of ${ARCHIVE_FORMATS.join(', ')}`);
  return { ok: true, value: { profile: f.profile, format } };
}

function ref(f: Fields): string | { problem: string } {
  if (typeof f.ref !== 'string' || !SECRET_REF.test(f.ref)) {
    return {
      problem: "request.ref: must be a secret name of 1–128 letters, digits, '_', '.', ':' or '-'",
    };
  }
  return f.ref;
}

function secretRef(request: unknown): Result<{ ref: string }> {
  const f = fields(request, ['ref']);
  if (typeof f === 'string') return bad(f);
  const r = ref(f);
  return isProblem(r) ? bad(r.problem) : { ok: true, value: { ref: r } };
}

function secretSet(request: unknown): Result<RequestOf<'secret:set'>> {
  const f = fields(request, ['ref', 'value']);
  if (typeof f === 'string') return bad(f);
  const r = ref(f);
  if (isProblem(r)) return bad(r.problem);
  const value = text(f, 'value', MAX_SECRET, 'the secret as text');
  return isProblem(value) ? bad(value.problem) : { ok: true, value: { ref: r, value } };
}

/**
 * Check that `request` has exactly the shape of `channel`'s request. Returns a fresh object holding
 * only the known fields (nothing else the sender attached travels further), or BAD_REQUEST whose
 * message names the field. Never throws.
 */
export function validateRequest<C extends Channel>(channel: C, request: unknown): Result<RequestOf<C>> {
  // Each branch returns the request type of its own channel. TypeScript cannot narrow the generic C
  // from a switch, so the switch runs on the plain union; the test suite checks every channel's pairing.
  const c: Channel = channel;
  switch (c) {
    case 'app:info':
    case 'profile:openDialog':
    case 'profile:recent':
      return empty(request);
    case 'profile:read':
      return pathOnly(request);
    case 'profile:save':
      return save(request);
    case 'export:folder':
      return exportFolder(request);
    case 'export:archive':
      return exportArchive(request);
    case 'secret:set':
      return secretSet(request);
    case 'secret:has':
    case 'secret:delete':
      return secretRef(request);
    case 'router:connect':
    case 'router:detect':
    case 'router:plan':
    case 'router:apply':
    case 'router:progress':
    case 'router:cancel':
    case 'router:rollback':
    case 'router:disconnect':
      return ROUTER_VALIDATORS[c](request);
    default:
      return assertNever(c);
  }
}
