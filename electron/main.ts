import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  screen,
  session,
  type WebContents,
} from 'electron';
import type { MenuCommand } from '../shared/ipc/contract';
import { createHandlers } from './handlers/create-handlers';
import { createFileRecentStore } from './handlers/recent-store';
import { aboutBox } from './main/about';
import { APP_ORIGIN, APP_SCHEME, createAppProtocolHandler } from './main/app-protocol';
import { createElectronDialogs } from './main/dialogs';
import { originOf, registerIpc } from './main/ipc';
import { buildMenuTemplate } from './main/menu';
import { MENU_COMMAND_CHANNEL, MENU_OPEN_RECENT_CHANNEL } from './main/menu-channels';
import { allowPermission } from './main/permissions';
import { createElectronPlatform } from './main/platform';
import { SafeStorageSecretStore } from './main/secret-store';
import { initialWindowState, MIN_SIZE } from './main/window-state';
import { createWindowStateTracker, loadWindowState, saveWindowState } from './main/window-state-file';

/**
 * The Electron main process: wiring only. Everything with logic lives in electron/main/ (tested under
 * Node with fakes) and electron/handlers/ (shared with the browser host). The window follows Electron's
 * security checklist; each setting says which item it is.
 */

const log = (message: string): void => {
  console.warn(message);
};

/** `electron-vite dev` serves the renderer from a dev server; a packaged app never does. */
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const devOrigin = devServerUrl === undefined ? undefined : originOf(devServerUrl);
/** The origins our page may have: the custom scheme, plus the dev server in development only. */
const trustedOrigins = devOrigin === undefined ? [APP_ORIGIN] : [APP_ORIGIN, devOrigin];

// Every renderer sandboxed, whatever a window's options say (checklist #4).
app.enableSandbox();
// A custom scheme instead of file:// (checklist #18); must be registered before `ready`.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);

let mainWindow: BrowserWindow | undefined;
/** The last window-state write; quitting waits for it so the position is not lost. */
let pendingStateSave: Promise<void> | undefined;

function send(channel: string, payload: string): void {
  mainWindow?.webContents.send(channel, payload);
}

async function refreshMenu(recent: () => Promise<string[]>): Promise<void> {
  const template = buildMenuTemplate({
    platform: process.platform,
    dev: devServerUrl !== undefined,
    recent: await recent(),
    actions: {
      command: (command: MenuCommand) => {
        send(MENU_COMMAND_CHANNEL, command);
      },
      openRecent: (path) => {
        send(MENU_OPEN_RECENT_CHANNEL, path);
      },
      about: () => {
        const box = aboutBox(app.getVersion(), process.versions);
        void (mainWindow ? dialog.showMessageBox(mainWindow, box) : dialog.showMessageBox(box));
      },
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function lockDownSession(): void {
  const originOfContents = (wc: WebContents | null): string | undefined =>
    wc ? originOf(wc.getURL()) : undefined;
  // Permissions denied, requests and checks alike (checklist #5); see permissions.ts for the one exception.
  session.defaultSession.setPermissionRequestHandler((wc, permission, callback) => {
    callback(allowPermission(permission, originOfContents(wc), trustedOrigins));
  });
  session.defaultSession.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    allowPermission(permission, originOf(requestingOrigin), trustedOrigins),
  );
  app.on('web-contents-created', (_event, contents) => {
    const stayHome = (event: { url: string; preventDefault(): void }): void => {
      const origin = originOf(event.url);
      if (origin === undefined || !trustedOrigins.includes(origin)) event.preventDefault();
    };
    // No navigation away from the app, in any frame, and no redirects out (checklist #13).
    contents.on('will-navigate', stayHome);
    contents.on('will-frame-navigate', stayHome);
    contents.on('will-redirect', stayHome);
    // No new windows (checklist #14) and no <webview> (checklist #12).
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
    });
  });
}

async function createWindow(userData: string): Promise<void> {
  const stateFile = join(userData, 'window-state.json');
  const saved = await loadWindowState(stateFile, log);
  const { bounds, maximized } = initialWindowState(
    saved,
    screen.getAllDisplays(),
    screen.getPrimaryDisplay(),
  );
  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false, // shown on ready-to-show: no white flash before the page paints
    title: 'v6wizard',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/preload.cjs'),
      contextIsolation: true, // the page cannot reach the preload's world (checklist #3)
      sandbox: true, // the renderer runs in Chromium's sandbox (checklist #4)
      nodeIntegration: false, // no Node APIs in the page (checklist #2)
      nodeIntegrationInSubFrames: false,
      webSecurity: true, // same-origin policy stays on (checklist #6)
      allowRunningInsecureContent: false, // checklist #8
      experimentalFeatures: false, // checklist #9
      webviewTag: false, // no <webview> at all (checklist #11, #12)
    },
  });
  mainWindow = window;
  if (maximized) window.maximize();
  window.once('ready-to-show', () => {
    window.show();
  });
  const tracker = createWindowStateTracker({
    read: () => ({ bounds: window.getNormalBounds(), maximized: window.isMaximized() }),
    save: (state) => saveWindowState(stateFile, state),
    debounceMs: 500,
    log,
  });
  const changed = (): void => {
    tracker.changed();
  };
  window.on('move', changed);
  window.on('resize', changed);
  window.on('maximize', changed);
  window.on('unmaximize', changed);
  window.on('close', () => {
    pendingStateSave = tracker.closed();
  });
  window.on('closed', () => {
    mainWindow = undefined;
  });
  await window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  // The renderer bundle on v6wizard://app/, every page with the strict CSP (checklist #7, #18).
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({
      root: join(import.meta.dirname, '../renderer'),
      readFile: (p) => readFile(p),
    }),
  );
  lockDownSession();

  const secrets = new SafeStorageSecretStore({
    safeStorage,
    file: join(userData, 'secrets.json'),
    platform: process.platform,
  });
  await secrets.refresh().catch((e: unknown) => {
    log(`v6wizard: the secret store could not be asked: ${String(e)}`);
  });
  const recent = createFileRecentStore(userData);
  const updateMenu = (): void => {
    refreshMenu(() => recent.list()).catch((e: unknown) => {
      log(`v6wizard: could not update the menu: ${String(e)}`);
    });
  };
  const platform = createElectronPlatform({
    version: app.getVersion(),
    dialogs: createElectronDialogs({
      dialog,
      window: () => mainWindow,
      startDir: () => app.getPath('documents'),
    }),
    secrets,
    recent,
    onRecentChanged: updateMenu,
  });
  // Every channel behind one sender check and payload re-validation (checklist #17).
  registerIpc({
    ipcMain,
    handlers: createHandlers(platform),
    trustedWebContentsId: () => mainWindow?.webContents.id,
    trustedOrigins,
    log,
  });
  await refreshMenu(() => recent.list());
  await createWindow(userData);

  // Open Recent leaves out files deleted meanwhile; looking again when the window gets focus is cheap.
  app.on('browser-window-focus', updateMenu);
  // macOS keeps the app running without windows; clicking the dock icon opens one again.
  app.on('activate', () => {
    if (mainWindow !== undefined) return;
    createWindow(userData).catch((e: unknown) => {
      log(`v6wizard: could not open a window: ${String(e)}`);
    });
  });
}

app
  .whenReady()
  .then(start)
  .catch((e: unknown) => {
    dialog.showErrorBox('v6wizard could not start', e instanceof Error ? (e.stack ?? e.message) : String(e));
    app.exit(1);
  });

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Let the last window-state write finish before the process ends.
app.on('will-quit', (event) => {
  const pending = pendingStateSave;
  if (pending === undefined) return;
  pendingStateSave = undefined;
  event.preventDefault();
  void pending.finally(() => {
    app.quit();
  });
});
