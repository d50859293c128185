import type { SecretStore } from '../handlers/platform';
import { readJsonFile, writeJsonFileAtomic } from './json-file';

/**
 * The secret store of the desktop app: values (e.g. the tunnel broker's update key) are encrypted with
 * Electron's safeStorage, which holds its key in the OS secret store (Keychain, DPAPI, GNOME Keyring /
 * KWallet), and the encrypted blobs are kept in userData/secrets.json, keyed by the profile's reference.
 *
 * Written against this structural slice of safeStorage so it runs under plain Node with a fake. It uses
 * the asynchronous API: the synchronous one is deprecated in Electron 45 and removed in 46.
 */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only in Electron; main.ts passes it only there. */
  getSelectedStorageBackend?: () => string;
}

export interface SafeStorageSecretStoreOptions {
  safeStorage: SafeStorageLike;
  /** userData/secrets.json */
  file: string;
  platform: NodeJS.Platform;
}

/**
 * Backends that protect nothing. `basic_text` is Chromium's fallback on Linux without a secret service:
 * it encrypts with a password hard-coded in Chromium, so anyone who can read the file can read the
 * secret. `unknown` means Electron could not tell (asked before `ready`); we cannot promise protection,
 * so it counts as weak too.
 */
const WEAK_BACKENDS: ReadonlySet<string> = new Set(['basic_text', 'unknown']);

/** The secret-reference syntax of shared/validate/rules/tunnel-update.ts; checked again here as a key. */
const SECRET_REF = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Thrown by set()/get() when secrets cannot be kept safely; the handlers map `code` into the Result. */
export class SecretStoreUnavailableError extends Error {
  readonly code = 'SECRET_STORE_UNAVAILABLE' as const;
}

interface SecretsFile {
  version: 1;
  /** ref → base64 of safeStorage's encrypted bytes */
  secrets: Record<string, string>;
}

/** The backend's name as the UI shows it: Electron's own name on Linux, the OS facility elsewhere. */
function backendName(options: SafeStorageSecretStoreOptions): string {
  if (options.platform === 'darwin') return 'keychain';
  if (options.platform === 'win32') return 'dpapi';
  return options.safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
}

function checkRef(ref: string): void {
  if (!SECRET_REF.test(ref))
    throw new Error(`not a valid secret reference: ${JSON.stringify(ref.slice(0, 140))}`);
}

/** Reads secrets.json into a Map (a Map, so a reference named `__proto__` is just a key). */
async function load(file: string): Promise<Map<string, string>> {
  const data = await readJsonFile(file);
  if (data === undefined) return new Map();
  const bad = new Error(`${file}: is not a v6wizard secrets file; move it away and store the secrets again`);
  if (typeof data !== 'object' || data === null) throw bad;
  const { version, secrets } = data as Partial<Record<keyof SecretsFile, unknown>>;
  if (version !== 1 || typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) throw bad;
  const map = new Map<string, string>();
  for (const [ref, blob] of Object.entries(secrets)) {
    if (typeof blob !== 'string' || !SECRET_REF.test(ref)) throw bad;
    map.set(ref, blob);
  }
  return map;
}

async function save(file: string, map: ReadonlyMap<string, string>): Promise<void> {
  const content: SecretsFile = { version: 1, secrets: Object.fromEntries(map) };
  // 0600: the blobs are encrypted, but other users have no business even knowing which refs exist.
  await writeJsonFileAtomic(file, content, 0o600);
}

/**
 * The SecretStore of the Electron platform. `refresh()` asks safeStorage (asynchronously) whether it can
 * encrypt; main.ts awaits it once at start-up so `status()` (synchronous, for app:info) is accurate from
 * the first call, and set()/get() ask again each time rather than trust an old answer.
 */
export class SafeStorageSecretStore implements SecretStore {
  private current: { available: boolean; backend: string } = { available: false, backend: 'unknown' };
  /** Every read-modify-write of the file runs one after another, so two set() calls never lose one. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SafeStorageSecretStoreOptions) {}

  async refresh(): Promise<{ available: boolean; backend: string }> {
    const backend = backendName(this.options);
    const encrypts = await this.options.safeStorage.isAsyncEncryptionAvailable();
    this.current = { available: encrypts && !WEAK_BACKENDS.has(backend), backend };
    return this.current;
  }

  /**
   * The last answer, and a new question in the background: the handlers check status() before every
   * call, so a keyring unlocked after start-up is seen from the next call on.
   */
  status(): { available: boolean; backend: string } {
    const last = { ...this.current };
    this.refresh().catch(() => undefined);
    return last;
  }

  async set(ref: string, value: string): Promise<void> {
    checkRef(ref);
    await this.requireAvailable();
    const blob = (await this.options.safeStorage.encryptStringAsync(value)).toString('base64');
    await this.exclusive(async () => {
      const map = await load(this.options.file);
      map.set(ref, blob);
      await save(this.options.file, map);
    });
  }

  async has(ref: string): Promise<boolean> {
    checkRef(ref);
    return (await this.exclusive(() => load(this.options.file))).has(ref);
  }

  async delete(ref: string): Promise<boolean> {
    checkRef(ref);
    // Deleting needs no encryption, so it works even when the store is unavailable: forgetting a secret
    // must always be possible.
    return this.exclusive(async () => {
      const map = await load(this.options.file);
      if (!map.delete(ref)) return false;
      await save(this.options.file, map);
      return true;
    });
  }

  async get(ref: string): Promise<string | undefined> {
    checkRef(ref);
    await this.requireAvailable();
    const blob = (await this.exclusive(() => load(this.options.file))).get(ref);
    if (blob === undefined) return undefined;
    const { result, shouldReEncrypt } = await this.options.safeStorage.decryptStringAsync(
      Buffer.from(blob, 'base64'),
    );
    // safeStorage asks for this after the OS rotated the key; re-encrypting keeps the file readable later.
    if (shouldReEncrypt) await this.set(ref, result);
    return result;
  }

  private async requireAvailable(): Promise<void> {
    const { available, backend } = await this.refresh();
    if (available) return;
    // Refuse rather than fall back: a secret written with a weak backend is as good as plain text.
    throw new SecretStoreUnavailableError(
      backend === 'basic_text' || backend === 'unknown'
        ? `This computer has no secret service v6wizard can use (Electron's safeStorage backend is "${backend}"), so the secret was not stored: it would be readable by anyone who can read your files. Install and unlock GNOME Keyring or KWallet, then start v6wizard again.`
        : `The OS secret store (${backend}) cannot encrypt right now, so the secret was not stored. Unlock it and try again.`,
    );
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
