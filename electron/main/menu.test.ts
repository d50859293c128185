import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS, type MenuCommand } from '../../shared/ipc/contract';
import { aboutBox } from './about';
import { buildMenuTemplate, recentLabel, type MenuItemSpec, type MenuOptions } from './menu';

function setup(overrides: Partial<Omit<MenuOptions, 'actions'>> = {}) {
  const sent: (MenuCommand | `recent:${string}` | 'about')[] = [];
  const template = buildMenuTemplate({
    platform: 'linux',
    dev: false,
    recent: [],
    actions: {
      command: (c) => sent.push(c),
      openRecent: (p) => sent.push(`recent:${p}`),
      about: () => sent.push('about'),
    },
    ...overrides,
  });
  return { template, sent };
}

/** The visible text of a label, without the access-key markers. */
const plain = (label: string | undefined): string | undefined =>
  label?.replace(/&(?!&)/g, '').replaceAll('&&', '&');

function menu(template: MenuItemSpec[], label: string): MenuItemSpec[] {
  const found = template.find((m) => plain(m.label) === label);
  if (found?.submenu === undefined) throw new Error(`no menu ${label}`);
  return found.submenu;
}

function item(items: MenuItemSpec[], label: string): MenuItemSpec {
  const found = items.find((m) => plain(m.label) === label);
  if (found === undefined) throw new Error(`no item ${label}`);
  return found;
}

const roles = (items: MenuItemSpec[]) => items.map((i) => i.role).filter((r) => r !== undefined);

describe('the native menu', () => {
  it('has File, Edit, View and Help in that order on Linux and Windows', () => {
    for (const platform of ['linux', 'win32'] as const) {
      expect(setup({ platform }).template.map((m) => plain(m.label) ?? m.role)).toEqual([
        'File',
        'Edit',
        'View',
        'Help',
      ]);
    }
  });

  it('sends each File command to the page with its shortcut', () => {
    const { template, sent } = setup();
    const file = menu(template, 'File');
    const expected: [string, MenuCommand, string][] = [
      ['New', 'new', 'CmdOrCtrl+N'],
      ['Open Profile…', 'open', 'CmdOrCtrl+O'],
      ['Save', 'save', 'CmdOrCtrl+S'],
      ['Save As…', 'saveAs', 'CmdOrCtrl+Shift+S'],
      ['Export…', 'export', 'CmdOrCtrl+E'],
    ];
    for (const [label, command, accelerator] of expected) {
      const entry = item(file, label);
      expect(entry.accelerator).toBe(accelerator);
      entry.click?.();
      expect(sent.at(-1)).toBe(command);
      expect(MENU_COMMANDS).toContain(command);
    }
    expect(item(file, 'Quit').role).toBe('quit');
  });

  it('lists recent profiles newest first and opens the one chosen', () => {
    const { template, sent } = setup({ recent: ['/home/ann/router.json', '/home/ann/R&D lab.json'] });
    const recent = item(menu(template, 'File'), 'Open Recent').submenu!;
    expect(recent.map((r) => plain(r.label))).toEqual(['/home/ann/router.json', '/home/ann/R&D lab.json']);
    recent[1]!.click?.();
    expect(sent).toEqual(['recent:/home/ann/R&D lab.json']);
  });

  it('shows a disabled entry when there are no recent profiles', () => {
    const recent = item(menu(setup().template, 'File'), 'Open Recent').submenu!;
    expect(recent).toEqual([{ label: 'No recent profiles', enabled: false }]);
  });

  it('escapes & in paths so it is shown, not taken as an access key', () => {
    expect(recentLabel('/srv/a&b/c&&d.json')).toBe('/srv/a&&b/c&&&&d.json');
  });

  it('gives Edit the standard roles so copy and paste work', () => {
    expect(roles(menu(setup().template, 'Edit'))).toEqual([
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'delete',
      'selectAll',
    ]);
  });

  it('keeps Reload and the developer tools out of production, but zoom in every build', () => {
    const prod = roles(menu(setup().template, 'View'));
    expect(prod).not.toContain('toggleDevTools');
    expect(prod).not.toContain('reload');
    expect(prod).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    const dev = roles(menu(setup({ dev: true }).template, 'View'));
    expect(dev).toEqual([
      'reload',
      'forceReload',
      'toggleDevTools',
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'togglefullscreen',
    ]);
  });

  it('opens the About box from Help', () => {
    const { template, sent } = setup();
    item(menu(template, 'Help'), 'About v6wizard').click?.();
    expect(sent).toEqual(['about']);
  });

  it('follows macOS conventions: application and window menus, Quit in the application menu', () => {
    const { template } = setup({ platform: 'darwin' });
    expect(template[0]).toEqual({ role: 'appMenu' });
    expect(template.map((m) => plain(m.label) ?? m.role)).toEqual([
      'appMenu',
      'File',
      'Edit',
      'View',
      'windowMenu',
      'Help',
    ]);
    expect(roles(menu(template, 'File'))).toEqual([]);
    expect(roles(menu(template, 'Edit'))).toContain('pasteAndMatchStyle');
  });
});

describe('the About box', () => {
  it('names the version and the runtime versions, and has no links', () => {
    const box = aboutBox('0.1.0', { electron: '45.4.1', chrome: '142.0', node: '22.20.0' });
    expect(box.message).toBe('v6wizard 0.1.0');
    expect(box.detail).toContain('Electron 45.4.1');
    expect(box.detail).toContain('Node 22.20.0');
    expect(`${box.message} ${box.detail}`).not.toMatch(/https?:|www\.|<a/i);
    expect(box.buttons).toEqual(['OK']);
  });
});
