import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract';
import type { MenuItemSpec } from './menu';

/**
 * electron/main.ts itself, imported under Node with a fake `electron` (fake-electron.ts): no Electron
 * binary can start here, so this is how the wiring is checked — the window's security settings, every
 * channel behind the sender check, the permission and navigation guards, the menu, and a round trip
 * through real handlers and files. On a machine with Electron, the E2E suite covers the real thing.
 */

const fake = await vi.hoisted(async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { createFakeElectron } = await import('./fake-electron');
  return createFakeElectron(mkdtempSync(path.join(tmpdir(), 'v6w-main-')));
});
vi.mock('electron', () => fake.electron);

const userData = fake.electron.app.getPath('userData');
type Listener = (...args: unknown[]) => unknown;

function window() {
  const w = fake.windows[0];
  if (w === undefined) throw new Error('main.ts opened no window');
  return w;
}

function invoke(
  channel: string,
  request: unknown,
  frameUrl = 'v6wizard://app/index.html',
  senderId?: number,
) {
  const handler = fake.ipcHandlers.get(channel);
  if (handler === undefined) throw new Error(`no handler for ${channel}`);
  return handler(
    { sender: { id: senderId ?? window().webContents.id }, senderFrame: { url: frameUrl, parent: null } },
    request,
  );
}

function lastMenu(): MenuItemSpec[] {
  return fake.menus.at(-1) as MenuItemSpec[];
}

function menuItem(path: string[]): MenuItemSpec {
  let items = lastMenu();
  let found: MenuItemSpec | undefined;
  for (const label of path) {
    found = items.find((i) => i.label?.replaceAll('&', '') === label);
    if (found === undefined) throw new Error(`no menu item ${label}`);
    items = found.submenu ?? [];
  }
  return found!;
}

beforeAll(async () => {
  await import('../main');
  await vi.waitFor(() => {
    expect(window().loadedUrl).toBeDefined();
  });
});

afterAll(() => {
  rmSync(userData, { recursive: true, force: true });
});

describe('electron/main.ts, wired to a fake electron', () => {
  it('turns on the sandbox for every renderer and registers the custom scheme as standard and secure', () => {
    expect(fake.electron.app.sandboxEnabled).toBe(true);
    expect(fake.privileged).toEqual([{ scheme: 'v6wizard', privileges: { standard: true, secure: true } }]);
    expect([...fake.protocolHandlers.keys()]).toEqual(['v6wizard']);
  });

  it('opens one locked-down window on the custom scheme, centred when nothing was saved', () => {
    const w = window();
    expect(fake.windows).toHaveLength(1);
    expect(w.loadedUrl).toBe('v6wizard://app/index.html');
    expect(w.options).toMatchObject({ x: 410, y: 150, width: 1100, height: 780, show: false });
    expect(w.options['webPreferences']).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: expect.stringMatching(/[/\\]preload[/\\]preload\.cjs$/) as unknown,
    });
    w.emit('ready-to-show');
    expect(w.shown).toBe(true);
  });

  it('puts every channel behind the sender check', async () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([...CHANNELS].sort());
    const refused = await invoke('app:info', {}, 'https://evil.example/');
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const otherWindow = await invoke('app:info', {}, 'v6wizard://app/index.html', 999);
    expect(otherWindow).toMatchObject({ ok: false });
  });

  it('answers app:info from the real handlers, with the secret store refused on basic_text', async () => {
    expect(await invoke('app:info', {})).toEqual({
      ok: true,
      value: {
        version: '0.1.0',
        runtime: 'electron',
        secretStore: { available: false, backend: 'basic_text' },
      },
    });
    const set = await invoke('secret:set', { ref: 'he-update-key', value: 'hunter2' });
    expect(set).toMatchObject({ ok: false, error: { code: 'SECRET_STORE_UNAVAILABLE' } });
    expect(existsSync(join(userData, 'secrets.json'))).toBe(false);
  });

  it('denies permissions, navigation away, new windows and webviews', () => {
    const wc = window().webContents;
    const request = fake.permission.request!;
    const check = fake.permission.check!;
    const answers: boolean[] = [];
    request(wc, 'media', (allowed: boolean) => answers.push(allowed));
    request(wc, 'clipboard-sanitized-write', (allowed: boolean) => answers.push(allowed));
    expect(answers).toEqual([false, true]);
    expect(check(wc, 'geolocation', 'v6wizard://app')).toBe(false);

    const navigate = (event: string, url: string): boolean => {
      let prevented = false;
      const e = { url, preventDefault: () => (prevented = true) };
      for (const l of wc.listeners(event) as Listener[]) l(e, url);
      return prevented;
    };
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-frame-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(navigate('will-navigate', 'v6wizard://app/index.html')).toBe(false);
    expect(navigate('will-attach-webview', 'v6wizard://app/index.html')).toBe(true);
    expect(wc.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('sends menu commands to the page and shows About as a native box', () => {
    const wc = window().webContents;
    menuItem(['File', 'Save As…']).click?.();
    expect(wc.sent.at(-1)).toEqual(['menu:command', 'saveAs']);
    menuItem(['Help', 'About v6wizard']).click?.();
    expect(JSON.stringify(fake.messageBoxes.at(-1))).toContain('v6wizard 0.1.0');
    // A packaged app has no developer tools in its menu.
    expect(JSON.stringify(lastMenu())).not.toContain('toggleDevTools');
  });

  it('saves through the native dialog, remembers the file and lists it under Open Recent', async () => {
    const path = join(userData, 'lab router.json');
    fake.answers.savePath = path;
    const text = JSON.stringify({ version: 1, name: 'Lab router' });
    expect(await invoke('profile:save', { text })).toEqual({ ok: true, value: { path } });
    expect(readFileSync(path, 'utf8')).toBe(text);
    await vi.waitFor(() => {
      expect(menuItem(['File', 'Open Recent']).submenu?.map((i) => i.label)).toEqual([path]);
    });
    menuItem(['File', 'Open Recent', path]).click?.();
    expect(window().webContents.sent.at(-1)).toEqual(['menu:openRecent', path]);
    expect(await invoke('profile:read', { path })).toEqual({ ok: true, value: { path, text } });
  });

  it('saves the window state when the window closes, and lets quitting wait for the write', async () => {
    const w = window();
    w.maximized = true;
    w.emit('close');
    let prevented = false;
    fake.electron.app.emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => {
      expect(fake.electron.app.quitCalls).toBe(1);
    });
    expect(JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8'))).toEqual({
      bounds: { x: 410, y: 150, width: 1100, height: 780 },
      maximized: true,
    });
  });
});
