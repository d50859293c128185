import type { MenuCommand } from '../../shared/ipc/contract';

/**
 * The native menu as data: main.ts passes the result to Menu.buildFromTemplate. A pure function of the
 * platform, dev mode and the recent list, so the tests read exactly what a person will see.
 */

/** The Electron menu roles this menu uses (a subset of MenuItemConstructorOptions['role']). */
export type MenuRole =
  | 'appMenu'
  | 'windowMenu'
  | 'quit'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen';

/** The fields of Electron's MenuItemConstructorOptions this menu uses. */
export interface MenuItemSpec {
  label?: string;
  role?: MenuRole;
  type?: 'separator';
  accelerator?: string;
  enabled?: boolean;
  submenu?: MenuItemSpec[];
  click?: () => void;
}

export interface MenuActions {
  /** Sends a command to the page (webContents.send on the menu command channel). */
  command(command: MenuCommand): void;
  /** Asks the page to open a recent profile. */
  openRecent(path: string): void;
  /** Shows the native About box. */
  about(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Development build (electron-vite dev): adds Reload and the developer tools. */
  dev: boolean;
  /** Recent profiles, newest first. */
  recent: readonly string[];
  actions: MenuActions;
}

const separator: MenuItemSpec = { type: 'separator' };

/**
 * A path as a menu label. `&` marks the access key in Electron labels on Windows and Linux, so a path
 * with `&` in it would lose the character and grab a shortcut; `&&` shows a literal `&`.
 */
export function recentLabel(path: string): string {
  return path.replaceAll('&', '&&');
}

function fileMenu({ platform, recent, actions }: MenuOptions): MenuItemSpec {
  const item = (label: string, command: MenuCommand, accelerator: string): MenuItemSpec => ({
    label,
    accelerator,
    click: () => {
      actions.command(command);
    },
  });
  const recentItems: MenuItemSpec[] =
    recent.length === 0
      ? [{ label: 'No recent profiles', enabled: false }]
      : recent.map((path) => ({
          label: recentLabel(path),
          click: () => {
            actions.openRecent(path);
          },
        }));
  return {
    label: '&File',
    submenu: [
      item('&New', 'new', 'CmdOrCtrl+N'),
      item('&Open Profile…', 'open', 'CmdOrCtrl+O'),
      { label: 'Open &Recent', submenu: recentItems },
      separator,
      item('&Save', 'save', 'CmdOrCtrl+S'),
      item('Save &As…', 'saveAs', 'CmdOrCtrl+Shift+S'),
      separator,
      item('&Export…', 'export', 'CmdOrCtrl+E'),
      // On macOS Quit lives in the application menu, where people look for it.
      ...(platform === 'darwin' ? [] : [separator, { label: '&Quit', role: 'quit' as const }]),
    ],
  };
}

/** Standard roles, so copy and paste work in every text field (the paste box needs them most). */
function editMenu({ platform }: MenuOptions): MenuItemSpec {
  const roles: MenuRole[] =
    platform === 'darwin'
      ? ['undo', 'redo', 'cut', 'copy', 'paste', 'pasteAndMatchStyle', 'delete', 'selectAll']
      : ['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll'];
  const items = roles.map((role): MenuItemSpec => ({ role }));
  // A separator after Redo, as every platform's Edit menu has.
  return { label: '&Edit', submenu: [...items.slice(0, 2), separator, ...items.slice(2)] };
}

function viewMenu({ dev }: MenuOptions): MenuItemSpec {
  // Reload is dev only: in the app it would throw away everything typed into the wizard. The developer
  // tools are dev only too: in a release they would let anyone at the keyboard drive the IPC by hand.
  const devItems: MenuItemSpec[] = dev
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator]
    : [];
  return {
    label: '&View',
    submenu: [
      ...devItems,
      // Zoom stays in every build: people with low vision need it.
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };
}

function helpMenu({ actions }: MenuOptions): MenuItemSpec {
  return {
    label: '&Help',
    submenu: [
      {
        label: '&About v6wizard',
        click: () => {
          actions.about();
        },
      },
    ],
  };
}

/** The whole menu bar. */
export function buildMenuTemplate(options: MenuOptions): MenuItemSpec[] {
  const mac = options.platform === 'darwin';
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    fileMenu(options),
    editMenu(options),
    viewMenu(options),
    ...(mac ? [{ role: 'windowMenu' as const }] : []),
    helpMenu(options),
  ];
}
