import type { Result } from '../../shared/ipc/contract';
import type { Platform } from './platform';
import { errorText, fail, ok } from './result';
import type { Handlers } from './types';

type SecretHandlers = Pick<Handlers, 'secret:set' | 'secret:has' | 'secret:delete'>;

/** Why no secret can be kept here, in words that say what to do instead. */
function unavailable(platform: Platform): Result<never> {
  const { backend } = platform.secrets.status();
  return fail(
    'SECRET_STORE_UNAVAILABLE',
    platform.runtime === 'web'
      ? 'The browser host (npm run web) does not keep secrets. Leave the update key out here and set it on the router, or use the desktop app, which keeps it in the system keyring.'
      : `This system has no keyring v6wizard can use (backend: ${backend}), and v6wizard does not keep secrets in plain text. The profile still names the key; set the key itself on the router.`,
  );
}

/**
 * Secrets by reference name. The store's status is checked before every call: where the OS has no
 * real secret store (safeStorage's `basic_text`), nothing is stored rather than a secret left readable
 * on disk. A secret's value never travels back to the page: there is `has`, not `get`.
 */
export function secretHandlers(platform: Platform): SecretHandlers {
  const guard = async <T>(action: string, run: () => Promise<T>): Promise<Result<T>> => {
    if (!platform.secrets.status().available) return unavailable(platform);
    try {
      return ok(await run());
    } catch (e) {
      // The store refuses with this code when the keyring went away since the status check; keep it,
      // so the page says "no keyring" rather than a disk error.
      if (
        typeof e === 'object' &&
        e !== null &&
        (e as { code?: unknown }).code === 'SECRET_STORE_UNAVAILABLE'
      ) {
        return unavailable(platform);
      }
      return fail('IO_ERROR', `the secret could not be ${action}: ${errorText(e)}`);
    }
  };
  return {
    'secret:set': ({ ref, value }) =>
      guard('stored', async () => {
        await platform.secrets.set(ref, value);
        return { stored: true as const };
      }),
    'secret:has': ({ ref }) => guard('looked up', async () => ({ present: await platform.secrets.has(ref) })),
    'secret:delete': ({ ref }) =>
      guard('deleted', async () => ({ deleted: await platform.secrets.delete(ref) })),
  };
}
