import { ERROR_CODES, type ErrorCode, type Result } from '../../../shared/ipc/contract';

/** A failed Result, for the clients' own failures (no host, no preload, a broken answer). */
export const failure = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

/**
 * Whether a value that came over the wire has the shape of a Result. The value itself is typed by the
 * contract; this only guards against an answer that is not a Result at all (a proxy's error page, an
 * older host), which must become an error the page can show instead of a crash.
 */
export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'value' in value;
  if (value.ok !== false || !('error' in value)) return false;
  const error = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    'message' in error &&
    (ERROR_CODES as readonly unknown[]).includes(error.code) &&
    typeof error.message === 'string'
  );
}
