import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm start` (scripts/start.mjs) where Electron cannot open a window: it must say why and print the
 * exact browser-host command, and stop before building anything. Both cases run here for real.
 */
const root = join(import.meta.dirname, '../..');

function start(env: Record<string, string | undefined>) {
  const clean = { ...process.env };
  delete clean['DISPLAY'];
  delete clean['WAYLAND_DISPLAY'];
  delete clean['ELECTRON_OVERRIDE_DIST_PATH'];
  const result = spawnSync(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: { ...clean, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

describe('npm start without a usable Electron', () => {
  it.runIf(process.platform === 'linux')('offers the browser host when there is no display', () => {
    const { status, stderr, stdout } = start({});
    expect(status).toBe(1);
    expect(stderr).toMatch(/no graphical display/);
    expect(stderr).toMatch(/^ {2}npm run web$/m);
    expect(stderr).toMatch(/ssh -L PORT:127\.0\.0\.1:PORT/);
    expect(stdout).not.toMatch(/building|vite/i);
  });

  it('offers the browser host when the Electron binary is missing, before building', () => {
    const { status, stderr, stdout } = start({
      DISPLAY: ':99',
      ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent/v6wizard-electron',
    });
    expect(status).toBe(1);
    expect(stderr).toMatch(/no Electron binary at \/nonexistent\/v6wizard-electron/);
    expect(stderr).toMatch(/^ {2}npm run web$/m);
    expect(stdout).not.toMatch(/building|vite/i);
  });
});
