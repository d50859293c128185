import { describe, expect, it } from 'vitest';
import { parseWebArgs } from './args';
import { webConfigDir } from './platform';

describe('parseWebArgs', () => {
  it('defaults to a free port and the built renderer', () => {
    expect(parseWebArgs([])).toEqual({ kind: 'serve', port: 0, rendererDir: undefined });
    expect(parseWebArgs(['--port', '8080', '--renderer', '/r'])).toEqual({
      kind: 'serve',
      port: 8080,
      rendererDir: '/r',
    });
    expect(parseWebArgs(['-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--port']],
    [['--port', '65536']],
    [['--port', '-1']],
    [['--port', '80x']],
    [['--host', '0.0.0.0']],
    [['extra']],
  ])('refuses %j', (argv) => {
    expect(parseWebArgs(argv).kind).toBe('usage-error');
  });
});

describe('webConfigDir', () => {
  it('uses an absolute XDG_CONFIG_HOME, else ~/.config', () => {
    expect(webConfigDir({ XDG_CONFIG_HOME: '/x/conf' }, '/home/a')).toBe('/x/conf/v6wizard');
    expect(webConfigDir({ XDG_CONFIG_HOME: 'relative' }, '/home/a')).toBe('/home/a/.config/v6wizard');
    expect(webConfigDir({}, '/home/a')).toBe('/home/a/.config/v6wizard');
  });
});
