import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SafeStorageSecretStore, SecretStoreUnavailableError, type SafeStorageLike } from './secret-store';

/** A stand-in for safeStorage: "encrypts" by XOR so the plain text never appears in the file. */
function fakeSafeStorage(options: {
  available: boolean;
  backend?: string;
  reEncrypt?: boolean;
}): SafeStorageLike & {
  encrypted: number;
} {
  const xor = (b: Buffer): Buffer => Buffer.from(b.map((x) => x ^ 0x5a));
  const fake = {
    encrypted: 0,
    isAsyncEncryptionAvailable: () => Promise.resolve(options.available),
    encryptStringAsync: (plain: string) => {
      fake.encrypted += 1;
      return Promise.resolve(Buffer.concat([Buffer.from('ENC1'), xor(Buffer.from(plain, 'utf8'))]));
    },
    decryptStringAsync: (blob: Buffer) => {
      if (blob.subarray(0, 4).toString() !== 'ENC1') return Promise.reject(new Error('not ours'));
      return Promise.resolve({
        result: xor(blob.subarray(4)).toString('utf8'),
        shouldReEncrypt: !!options.reEncrypt,
      });
    },
  };
  return options.backend === undefined
    ? fake
    : Object.assign(fake, { getSelectedStorageBackend: () => options.backend as string });
}

describe('SafeStorageSecretStore', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'v6w-secrets-'));
    file = join(dir, 'userData', 'secrets.json');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores, finds, reads and deletes a secret with a real backend, encrypted and mode 0600', async () => {
    const store = new SafeStorageSecretStore({
      safeStorage: fakeSafeStorage({ available: true, backend: 'gnome_libsecret' }),
      file,
      platform: 'linux',
    });
    expect(await store.refresh()).toEqual({ available: true, backend: 'gnome_libsecret' });
    expect(store.status()).toEqual({ available: true, backend: 'gnome_libsecret' });

    await store.set('he-update-key', 'hunter2-very-secret');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text)).toMatchObject({
      version: 1,
      secrets: { 'he-update-key': expect.any(String) as unknown },
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);

    expect(await store.has('he-update-key')).toBe(true);
    expect(await store.has('other')).toBe(false);
    expect(await store.get('he-update-key')).toBe('hunter2-very-secret');
    expect(await store.get('other')).toBeUndefined();
    expect(await store.delete('he-update-key')).toBe(true);
    expect(await store.delete('he-update-key')).toBe(false);
    expect(await store.has('he-update-key')).toBe(false);
  });

  it('refuses to store anything when the Linux backend is basic_text, and writes no file', async () => {
    const store = new SafeStorageSecretStore({
      // basic_text "encrypts" fine; that is exactly the trap: the key is hard-coded in Chromium.
      safeStorage: fakeSafeStorage({ available: true, backend: 'basic_text' }),
      file,
      platform: 'linux',
    });
    expect(await store.refresh()).toEqual({ available: false, backend: 'basic_text' });
    const attempt = store.set('he-update-key', 'hunter2');
    await expect(attempt).rejects.toBeInstanceOf(SecretStoreUnavailableError);
    await expect(attempt).rejects.toMatchObject({ code: 'SECRET_STORE_UNAVAILABLE' });
    await expect(attempt).rejects.toThrow(/basic_text/);
    await expect(store.get('he-update-key')).rejects.toMatchObject({ code: 'SECRET_STORE_UNAVAILABLE' });
    expect(existsSync(file)).toBe(false);
  });

  it('refuses when safeStorage cannot encrypt, and when the backend is unknown', async () => {
    for (const [available, backend] of [
      [false, 'gnome_libsecret'],
      [true, 'unknown'],
      [true, undefined], // Electron without getSelectedStorageBackend on Linux: cannot tell, so refuse
    ] as const) {
      const safeStorage = fakeSafeStorage(backend === undefined ? { available } : { available, backend });
      const store = new SafeStorageSecretStore({ safeStorage, file, platform: 'linux' });
      expect((await store.refresh()).available).toBe(false);
      await expect(store.set('k', 'v')).rejects.toMatchObject({ code: 'SECRET_STORE_UNAVAILABLE' });
      expect(safeStorage.encrypted).toBe(0);
    }
    expect(existsSync(file)).toBe(false);
  });

  it('reports the OS facility on macOS and Windows', async () => {
    const mac = new SafeStorageSecretStore({
      safeStorage: fakeSafeStorage({ available: true }),
      file,
      platform: 'darwin',
    });
    expect(await mac.refresh()).toEqual({ available: true, backend: 'keychain' });
    const win = new SafeStorageSecretStore({
      safeStorage: fakeSafeStorage({ available: true }),
      file,
      platform: 'win32',
    });
    expect(await win.refresh()).toEqual({ available: true, backend: 'dpapi' });
  });

  it('reports unavailable until refresh() has asked safeStorage', () => {
    const store = new SafeStorageSecretStore({
      safeStorage: fakeSafeStorage({ available: true }),
      file,
      platform: 'darwin',
    });
    expect(store.status()).toEqual({ available: false, backend: 'unknown' });
  });

  it('deletes even while the store is unavailable', async () => {
    const good = new SafeStorageSecretStore({
      safeStorage: fakeSafeStorage({ available: true, backend: 'kwallet5' }),
      file,
      platform: 'linux',
    });
    await good.set('k', 'v');
    const locked = new SafeStorageSecretStore({
      safeStorage: fakeSafeStorage({ available: false, backend: 'kwallet5' }),
      file,
      platform: 'linux',
    });
    expect(await locked.delete('k')).toBe(true);
    expect(await good.has('k')).toBe(false);
  });

  it('keeps every secret when several are stored at once', async () => {
    const store = new SafeStorageSecretStore({
      safeStorage: fakeSafeStorage({ available: true }),
      file,
      platform: 'darwin',
    });
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.set(`ref-${i}`, `value-${i}`)));
    for (let i = 0; i < 12; i++) expect(await store.get(`ref-${i}`)).toBe(`value-${i}`);
  });

  it('re-encrypts when safeStorage asks for it after a key rotation', async () => {
    const safeStorage = fakeSafeStorage({ available: true, reEncrypt: true });
    const store = new SafeStorageSecretStore({ safeStorage, file, platform: 'darwin' });
    await store.set('k', 'v');
    expect(safeStorage.encrypted).toBe(1);
    expect(await store.get('k')).toBe('v');
    expect(safeStorage.encrypted).toBe(2);
  });

  it('rejects references outside the profile syntax and treats __proto__ as a plain key', async () => {
    const store = new SafeStorageSecretStore({
      safeStorage: fakeSafeStorage({ available: true }),
      file,
      platform: 'darwin',
    });
    await expect(store.set('key$(id)', 'v')).rejects.toThrow(/not a valid secret reference/);
    await expect(store.has('')).rejects.toThrow(/not a valid secret reference/);
    await store.set('__proto__', 'v');
    expect(await store.get('__proto__')).toBe('v');
    expect(await store.has('constructor')).toBe(false);
  });

  it('names the file when it is not a secrets file, and does not overwrite it', async () => {
    const store = new SafeStorageSecretStore({
      safeStorage: fakeSafeStorage({ available: true }),
      file,
      platform: 'darwin',
    });
    await store.set('k', 'v');
    writeFileSync(file, '{"version": 2}');
    await expect(store.set('k2', 'v')).rejects.toThrow(/secrets\.json: is not a v6wizard secrets file/);
    expect(readFileSync(file, 'utf8')).toBe('{"version": 2}');
  });
});

describe('SafeStorageSecretStore.status', () => {
  it('answers at once and picks up a keyring unlocked later', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'v6w-secrets-'));
    try {
      let unlocked = false;
      const safeStorage: SafeStorageLike = {
        isAsyncEncryptionAvailable: () => Promise.resolve(unlocked),
        encryptStringAsync: (s) => Promise.resolve(Buffer.from(s)),
        decryptStringAsync: (b) => Promise.resolve({ result: b.toString(), shouldReEncrypt: false }),
        getSelectedStorageBackend: () => 'gnome_libsecret',
      };
      const store = new SafeStorageSecretStore({
        safeStorage,
        file: join(dir, 'secrets.json'),
        platform: 'linux',
      });
      await store.refresh();
      expect(store.status().available).toBe(false);
      unlocked = true;
      store.status(); // asks again in the background
      await new Promise((r) => setTimeout(r, 0));
      expect(store.status()).toEqual({ available: true, backend: 'gnome_libsecret' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
