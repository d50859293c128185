import type { ErrorCode, Result } from '../../shared/ipc/contract';

/** A successful Result. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** A failed Result with a stable code and a message for the person. */
export const fail = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

/** The text of anything thrown, for messages. */
export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The Node error code (ENOENT, EACCES, …) of a thrown error, if it has one. */
export function nodeCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  return typeof e.code === 'string' ? e.code : undefined;
}

/**
 * A failed file operation as a Result that names the path: NOT_FOUND when it does not exist (the
 * page offers to drop it from the recent list), IO_ERROR for everything else.
 */
export function fileError(path: string, action: string, e: unknown): Result<never> {
  if (nodeCode(e) === 'ENOENT') return fail('NOT_FOUND', `${path}: does not exist (moved or deleted?)`);
  return fail('IO_ERROR', `${path}: could not be ${action}: ${errorText(e)}`);
}
