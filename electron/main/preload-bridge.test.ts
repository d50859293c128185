import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../../shared/ipc/contract';
import { MENU_COMMAND_CHANNEL, MENU_OPEN_RECENT_CHANNEL } from './menu-channels';
import { createBridge, type BridgeTransport, type MainMessageChannel } from './preload-bridge';

function fakeTransport(respond: (channel: Channel, request: unknown) => Promise<unknown>) {
  const invoked: [Channel, unknown][] = [];
  const listeners = new Map<MainMessageChannel, Set<(payload: unknown) => void>>();
  const transport: BridgeTransport = {
    invoke: (channel, request) => {
      invoked.push([channel, request]);
      return respond(channel, request);
    },
    on: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  };
  const emit = (channel: MainMessageChannel, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l(payload);
  };
  return { transport, invoked, emit };
}

describe('the preload bridge (window.v6wizard)', () => {
  it('has exactly one function per channel, each bound to its own channel, plus runtime and the menu hooks', async () => {
    const { transport, invoked } = fakeTransport(() => Promise.resolve({ ok: true, value: 1 }));
    const bridge = createBridge(transport);
    expect(Object.keys(bridge).sort()).toEqual(
      [...CHANNELS, 'onMenuCommand', 'onOpenRecent', 'runtime'].sort(),
    );
    expect(bridge.runtime).toBe('electron');
    expect(Object.keys(bridge)).not.toContain('invoke');
    for (const channel of CHANNELS) {
      const call = bridge[channel] as (r: unknown) => Promise<unknown>;
      expect(await call({ marker: channel })).toEqual({ ok: true, value: 1 });
      expect(invoked.at(-1)).toEqual([channel, { marker: channel }]);
    }
  });

  it('never rejects: a failed invoke or a non-Result answer becomes an INTERNAL Result', async () => {
    const failing = createBridge(
      fakeTransport(() => Promise.reject(new Error("No handler registered for 'app:info'"))).transport,
    );
    expect(await failing['app:info']({})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: "app:info: No handler registered for 'app:info'" },
    });
    const odd = createBridge(fakeTransport(() => Promise.resolve('hello')).transport);
    expect(await odd['profile:recent']({})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('passes only known menu commands to the page, and unsubscribes', () => {
    const { transport, emit } = fakeTransport(() => Promise.resolve(undefined));
    const bridge = createBridge(transport);
    const got: string[] = [];
    const off = bridge.onMenuCommand((c) => got.push(c));
    emit(MENU_COMMAND_CHANNEL, 'save');
    emit(MENU_COMMAND_CHANNEL, 'rm -rf');
    emit(MENU_COMMAND_CHANNEL, { command: 'save' });
    off();
    emit(MENU_COMMAND_CHANNEL, 'new');
    expect(got).toEqual(['save']);
  });

  it('passes recent paths to the page', () => {
    const { transport, emit } = fakeTransport(() => Promise.resolve(undefined));
    const got: string[] = [];
    const off = createBridge(transport).onOpenRecent((p) => got.push(p));
    emit(MENU_OPEN_RECENT_CHANNEL, '/home/ann/router.json');
    emit(MENU_OPEN_RECENT_CHANNEL, 42);
    emit(MENU_OPEN_RECENT_CHANNEL, '');
    off();
    emit(MENU_OPEN_RECENT_CHANNEL, '/later.json');
    expect(got).toEqual(['/home/ann/router.json']);
  });
});
