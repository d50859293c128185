import { describe, expect, it } from 'vitest';
import { createElectronApi } from '../../renderer/src/lib/api-electron';
import { CHANNELS, type Channel } from '../../shared/ipc/contract';
import type { PreloadApi } from '../../shared/ipc/preload-api';
import { createHandlers } from './create-handlers';
import { dispatch } from './dispatch';
import { fakePlatform } from './fake-platform';

/**
 * The page's Electron client against a stand-in for preload + main built the way the contract asks:
 * one function per channel that structured-clones the request (as IPC does) into dispatch().
 */
function fakePreload(): PreloadApi {
  const handlers = createHandlers(fakePlatform({ secretsAvailable: false }));
  const fns: Partial<Record<Channel, (r: unknown) => Promise<unknown>>> = {};
  for (const c of CHANNELS) fns[c] = (r) => dispatch(handlers, c, structuredClone(r));
  return {
    ...fns,
    runtime: 'electron',
    onMenuCommand: () => () => undefined,
    onOpenRecent: () => () => undefined,
  } as PreloadApi;
}

describe('createElectronApi', () => {
  it('calls the channel function and returns its Result', async () => {
    const api = createElectronApi(fakePreload());
    expect(api.runtime).toBe('electron');
    expect(await api.call('app:info', {})).toMatchObject({
      ok: true,
      value: { runtime: 'electron', version: '9.9.9-test' },
    });
    expect(await api.call('secret:has', { ref: 'k' })).toMatchObject({
      ok: false,
      error: { code: 'SECRET_STORE_UNAVAILABLE' },
    });
  });

  it('turns a rejected or malformed answer into INTERNAL instead of throwing', async () => {
    const broken = {
      ...fakePreload(),
      'app:info': () => Promise.reject(new Error('main crashed')),
    } as PreloadApi;
    expect(await createElectronApi(broken).call('app:info', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'app:info failed: main crashed' },
    });
    const odd = { ...fakePreload(), 'app:info': () => Promise.resolve('yes') } as unknown as PreloadApi;
    expect(await createElectronApi(odd).call('app:info', {})).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('forwards menu subscriptions and their unsubscribe', () => {
    const seen: string[] = [];
    let unsubscribed = false;
    const preload = {
      ...fakePreload(),
      onMenuCommand: (listener: (c: 'save') => void) => {
        listener('save');
        return () => {
          unsubscribed = true;
        };
      },
    } as PreloadApi;
    const off = createElectronApi(preload).onMenuCommand((c) => seen.push(c));
    off();
    expect([seen, unsubscribed]).toEqual([['save'], true]);
  });

  it('forwards File ▸ Open Recent with its path', () => {
    const paths: string[] = [];
    const preload = {
      ...fakePreload(),
      onOpenRecent: (listener: (path: string) => void) => {
        listener('/home/me/router.json');
        return () => undefined;
      },
    } as PreloadApi;
    createElectronApi(preload).onOpenRecent((p) => paths.push(p))();
    expect(paths).toEqual(['/home/me/router.json']);
  });
});
