import { EventEmitter } from 'node:events';

/**
 * A stand-in for the parts of the `electron` module that electron/main.ts uses, for main-wiring.test.ts:
 * no Electron binary can start on the build machines, so the real main.ts is imported under Node with
 * this fake in place of `electron` and driven from the test. It records what main.ts asked for.
 * Test-only: nothing in the app imports it.
 */

type Listener = (...args: unknown[]) => unknown;

/** Records what main.ts sends to the page and the window-open handler it installs. */
export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: [string, unknown][] = [];
  url = '';
  windowOpenHandler: Listener | undefined;
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  getURL(): string {
    return this.url;
  }
  setWindowOpenHandler(handler: Listener): void {
    this.windowOpenHandler = handler;
  }
}

/** The fake `electron` module plus everything it recorded, with userData in `userData`. */
export function createFakeElectron(userData: string) {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    sandboxEnabled: false,
    quitCalls: 0,
    enableSandbox() {
      app.sandboxEnabled = true;
    },
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => (name === 'userData' ? userData : `${userData}/${name}`),
    getVersion: () => '0.1.0',
    quit() {
      app.quitCalls += 1;
    },
    exit(code: number) {
      throw new Error(`app.exit(${code})`);
    },
  });

  const windows: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    loadedUrl: string | undefined;
    maximized = false;
    shown = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrl = url;
      this.webContents.url = url;
      return Promise.resolve();
    }
    maximize(): void {
      this.maximized = true;
    }
    show(): void {
      this.shown = true;
    }
    isMaximized(): boolean {
      return this.maximized;
    }
    getNormalBounds() {
      const { x, y, width, height } = this.options as { x: number; y: number; width: number; height: number };
      return { x, y, width, height };
    }
  }

  const ipcHandlers = new Map<string, Listener>();
  const protocolHandlers = new Map<string, Listener>();
  const privileged: unknown[] = [];
  const permission: { request?: Listener; check?: Listener } = {};
  const menus: unknown[] = [];
  const messageBoxes: unknown[] = [];
  const display = { workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
  /** What the next save dialog answers; cancelled while undefined. */
  const answers: { savePath?: string } = {};

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: (channel: string, listener: Listener) => ipcHandlers.set(channel, listener),
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => privileged.push(...schemes),
      handle: (scheme: string, handler: Listener) => protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Listener) => (permission.request = h),
        setPermissionCheckHandler: (h: Listener) => (permission.check = h),
      },
    },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown) => menus.push(menu),
    },
    screen: { getAllDisplays: () => [display], getPrimaryDisplay: () => display },
    safeStorage: {
      isAsyncEncryptionAvailable: () => Promise.resolve(true),
      encryptStringAsync: (s: string) => Promise.resolve(Buffer.from(s).reverse()),
      decryptStringAsync: (b: Buffer) =>
        Promise.resolve({ result: Buffer.from(b).reverse().toString(), shouldReEncrypt: false }),
      getSelectedStorageBackend: () => 'basic_text',
    },
    dialog: {
      showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
      showSaveDialog: (_window: unknown, options: { defaultPath: string }) => {
        messageBoxes.push(['save', options.defaultPath]);
        const path = answers.savePath;
        return Promise.resolve(
          path === undefined ? { canceled: true, filePath: '' } : { canceled: false, filePath: path },
        );
      },
      showMessageBox: (...args: unknown[]) => {
        messageBoxes.push(args);
        return Promise.resolve({ response: 0 });
      },
      showErrorBox: (title: string, content: string) => {
        throw new Error(`showErrorBox: ${title}: ${content}`);
      },
    },
  };
  return {
    electron,
    windows,
    ipcHandlers,
    protocolHandlers,
    privileged,
    permission,
    menus,
    messageBoxes,
    answers,
  };
}
