import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel, type Result } from '../../shared/ipc/contract';
import type { ChannelFunctions } from '../../shared/ipc/preload-api';
import {
  channelListener,
  originOf,
  registerIpc,
  type FrameLike,
  type InvokeEventLike,
  type IpcOptions,
} from './ipc';

const OUR_ID = 7;
const mainFrame = (url: string): FrameLike => ({ url, parent: null });
const event = (frame: FrameLike | null, senderId = OUR_ID): InvokeEventLike => ({
  sender: { id: senderId },
  senderFrame: frame,
});

/** Handlers that record what reached them; app:info answers, profile:read throws (a simulated bug). */
function fakeHandlers(calls: { channel: Channel; request: unknown }[]): ChannelFunctions {
  const record =
    (channel: Channel) =>
    (request: unknown): Promise<Result<never>> => {
      calls.push({ channel, request });
      return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: `fake ${channel}` } });
    };
  const handlers = Object.fromEntries(CHANNELS.map((c) => [c, record(c)])) as unknown as ChannelFunctions;
  return {
    ...handlers,
    'app:info': (request) => {
      calls.push({ channel: 'app:info', request });
      return Promise.resolve({
        ok: true,
        value: {
          version: '0.1.0',
          runtime: 'electron',
          secretStore: { available: true, backend: 'gnome_libsecret' },
        },
      });
    },
    'profile:read': () => Promise.reject(new Error('disk on fire')),
  };
}

function setup(overrides: Partial<IpcOptions> = {}) {
  const calls: { channel: Channel; request: unknown }[] = [];
  const logs: string[] = [];
  const options: IpcOptions = {
    ipcMain: { handle: () => undefined, removeHandler: () => undefined },
    handlers: fakeHandlers(calls),
    trustedWebContentsId: () => OUR_ID,
    trustedOrigins: ['v6wizard://app'],
    log: (m) => logs.push(m),
    ...overrides,
  };
  return { calls, logs, options };
}

describe('originOf', () => {
  it('computes scheme://host[:port], which Node leaves as "null" for custom schemes', () => {
    expect(originOf('v6wizard://app/index.html')).toBe('v6wizard://app');
    expect(originOf('http://localhost:5173/src/main.ts')).toBe('http://localhost:5173');
    expect(originOf('file:///etc/passwd')).toBeUndefined();
    expect(originOf('about:blank')).toBeUndefined();
    expect(originOf('not a url')).toBeUndefined();
  });
});

describe('the IPC wrapper', () => {
  it('passes a valid request from our main frame to the handler and returns its Result', async () => {
    const { calls, logs, options } = setup();
    const result = await channelListener('app:info', options)(
      event(mainFrame('v6wizard://app/index.html')),
      {},
    );
    expect(result).toMatchObject({ ok: true, value: { runtime: 'electron' } });
    expect(calls).toEqual([{ channel: 'app:info', request: {} }]);
    expect(logs).toEqual([]);
  });

  const refusals: [string, InvokeEventLike, RegExp][] = [
    ['a page from another origin', event(mainFrame('https://evil.example/')), /evil\.example/],
    ['a file:// page', event(mainFrame('file:///home/me/x.html')), /file:/],
    ['our scheme with another host', event(mainFrame('v6wizard://other/index.html')), /v6wizard:\/\/other/],
    [
      'a subframe of our page',
      event({ url: 'v6wizard://app/x.html', parent: mainFrame('v6wizard://app/index.html') }),
      /subframe/,
    ],
    ['another window', event(mainFrame('v6wizard://app/index.html'), OUR_ID + 1), /window/],
    ['a frame that is gone', event(null), /gone/],
  ];
  for (const [what, ev, reason] of refusals) {
    it(`refuses and logs ${what}, without calling the handler`, async () => {
      const { calls, logs, options } = setup();
      const result = await channelListener('secret:has', options)(ev, { ref: 'he-update-key' });
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^refused: /) as unknown },
      });
      expect(calls).toEqual([]);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatch(/refused IPC on secret:has/);
      expect(logs[0]).toMatch(reason);
    });
  }

  it('refuses everything while there is no window', async () => {
    const { calls, options } = setup({ trustedWebContentsId: () => undefined });
    const result = await channelListener('app:info', options)(event(mainFrame('v6wizard://app/')), {});
    expect(result.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it('accepts the dev server origin only when it is listed', async () => {
    const dev = setup({ trustedOrigins: ['v6wizard://app', 'http://localhost:5173'] });
    expect(
      (await channelListener('app:info', dev.options)(event(mainFrame('http://localhost:5173/')), {})).ok,
    ).toBe(true);
    const prod = setup();
    expect(
      (await channelListener('app:info', prod.options)(event(mainFrame('http://localhost:5173/')), {})).ok,
    ).toBe(false);
  });

  it('re-validates the payload: wrong shapes and extra arguments never reach the handler', async () => {
    const { calls, options } = setup();
    const ours = event(mainFrame('v6wizard://app/index.html'));
    const bad = [
      await channelListener('secret:has', options)(ours, { ref: 'key$(id)' }),
      await channelListener('secret:has', options)(ours, { ref: 'k', extra: 1 }),
      await channelListener('app:info', options)(ours, 'hello'),
      await channelListener('app:info', options)(ours),
      await channelListener('app:info', options)(ours, {}, {}),
    ];
    for (const r of bad) expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(calls).toEqual([]);
  });

  it('hands the handler only the validated fields', async () => {
    const { calls, options } = setup();
    await channelListener('profile:save', options)(event(mainFrame('v6wizard://app/')), { text: '{}' });
    expect(calls).toEqual([{ channel: 'profile:save', request: { text: '{}' } }]);
  });

  it('turns a throwing handler into an INTERNAL Result and logs the bug', async () => {
    const { logs, options } = setup();
    const result = await channelListener('profile:read', options)(event(mainFrame('v6wizard://app/')), {
      path: '/tmp/p.json',
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('disk on fire') as unknown },
    });
    expect(logs.join('\n')).toMatch(/profile:read threw/);
  });

  it('registers every channel of the contract once and removes them again', async () => {
    const registered = new Map<string, (e: InvokeEventLike, ...a: unknown[]) => Promise<unknown>>();
    const removed: string[] = [];
    const { options } = setup({
      ipcMain: { handle: (c, l) => registered.set(c, l), removeHandler: (c) => removed.push(c) },
    });
    const unregister = registerIpc(options);
    expect([...registered.keys()].sort()).toEqual([...CHANNELS].sort());
    // The registered listeners are the checked ones, not bare handlers.
    const info = registered.get('app:info')!;
    expect(await info(event(mainFrame('https://evil.example/')), {})).toMatchObject({ ok: false });
    unregister();
    expect(removed.sort()).toEqual([...CHANNELS].sort());
  });
});
