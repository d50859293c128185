import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { app, BrowserWindow, protocol, session } from 'electron';

/**
 * The Electron main process: one window, locked down after Electron's security checklist. Kept small
 * on purpose; every side effect the app needs lives in its own module under electron/.
 */
const SCHEME = 'v6wizard';
const RENDERER_DIR = join(import.meta.dirname, '../renderer');

// A custom scheme instead of file:// so the page has a real origin and cannot read arbitrary files
// (checklist #18). Registered as standard + secure before the app is ready.
protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true } }]);

// The strictest CSP that still runs a bundled Svelte app: no inline scripts, no eval, no network.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function serveRenderer(): void {
  protocol.handle(SCHEME, async (request) => {
    const { pathname } = new URL(request.url);
    const file = normalize(
      join(RENDERER_DIR, decodeURIComponent(pathname === '/' ? '/index.html' : pathname)),
    );
    // Refuse anything that resolves outside the renderer bundle (path traversal).
    if (!file.startsWith(RENDERER_DIR + sep)) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      const type = file.endsWith('.js')
        ? 'text/javascript'
        : file.endsWith('.css')
          ? 'text/css'
          : 'text/html';
      return new Response(body, { headers: { 'content-type': type, 'content-security-policy': CSP } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

function lockDownSessions(): void {
  // Deny every permission request (camera, notifications, ...): the wizard needs none (checklist #5).
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => {
    callback(false);
  });
  app.on('web-contents-created', (_event, contents) => {
    // No navigation away from the app and no new windows (checklist #13, #14).
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(`${SCHEME}://`)) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1100,
    height: 780,
    title: 'v6wizard',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/preload.cjs'),
      contextIsolation: true, // the page cannot reach the preload's globals (checklist #3)
      sandbox: true, // the renderer runs in Chromium's sandbox (checklist #4)
      nodeIntegration: false, // no Node APIs in the page (checklist #2)
      webSecurity: true,
    },
  });
  void window.loadURL(`${SCHEME}://app/index.html`);
}

void app.whenReady().then(() => {
  serveRenderer();
  lockDownSessions();
  createWindow();
});

app.on('window-all-closed', () => {
  app.quit();
});
