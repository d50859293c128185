import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { resolveConfig } from 'electron-vite';
import { build, type InlineConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract';

/**
 * The main and preload bundles exactly as electron.vite.config.ts builds them (into a temporary folder,
 * so the checkout's out/ is left alone), checked for what would break only inside Electron:
 * - the preload must be CommonJS that requires nothing but `electron` (a sandboxed preload can load
 *   no other module), and running it must expose the whole contract on `window.v6wizard`;
 * - the main bundle may import only Node built-ins, `electron` and the production dependencies:
 *   electron-builder packs `dependencies`, not `devDependencies`, so anything else crashes at start.
 */

const root = join(import.meta.dirname, '../..');
let out: string;

async function buildTarget(target: 'main' | 'preload'): Promise<void> {
  const resolved = await resolveConfig(
    { configFile: join(root, 'electron.vite.config.ts'), root, build: { outDir: out }, logLevel: 'silent' },
    'build',
    'production',
  );
  const config = resolved.config?.[target] as InlineConfig | undefined;
  if (config === undefined) throw new Error(`electron.vite.config.ts has no ${target} build`);
  await build({ ...config, logLevel: 'silent' });
}

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'v6w-bundles-'));
  await buildTarget('main');
  await buildTarget('preload');
}, 120_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

describe('the preload bundle', () => {
  it('is CommonJS that requires only electron', () => {
    const code = readFileSync(join(out, 'preload', 'preload.cjs'), 'utf8');
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/^\s*import\s/m);
  });

  it('exposes one function per channel on window.v6wizard, each invoking its own channel', async () => {
    const code = readFileSync(join(out, 'preload', 'preload.cjs'), 'utf8');
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: {
        exposeInMainWorld: (name: string, api: unknown) => {
          exposed[name] = api;
        },
      },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          invoked.push(args);
          return Promise.resolve({ ok: true, value: 'answer' });
        },
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    const require = (id: string): unknown => {
      if (id !== 'electron') throw new Error(`the preload required ${id}`);
      return electron;
    };
    runInNewContext(code, { require, module: { exports: {} }, exports: {}, console });
    expect(Object.keys(exposed)).toEqual(['v6wizard']);
    const api = exposed['v6wizard'] as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...CHANNELS, 'onMenuCommand', 'onOpenRecent', 'runtime'].sort());
    expect(api['runtime']).toBe('electron');
    const save = api['profile:save'] as (r: unknown) => Promise<unknown>;
    expect(await save({ text: '{}' })).toEqual({ ok: true, value: 'answer' });
    expect(invoked).toEqual([['profile:save', { text: '{}' }]]);
  });
});

describe('the main bundle', () => {
  it('imports only Node built-ins, electron and production dependencies', () => {
    const code = readFileSync(join(out, 'main', 'main.js'), 'utf8');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const imported = new Set(
      [
        ...code.matchAll(/^import\s[^'"]*?from\s+["']([^"']+)["']/gm),
        ...code.matchAll(/^import\s+["']([^"']+)["']/gm),
      ].map((m) => m[1] ?? ''),
    );
    expect(imported.size).toBeGreaterThan(0);
    const allowed = (spec: string): boolean =>
      spec.startsWith('node:') ||
      spec === 'electron' ||
      Object.keys(pkg.dependencies).includes(spec.split('/')[0] ?? '');
    expect([...imported].filter((spec) => !allowed(spec))).toEqual([]);
    expect(imported).toContain('electron');
  });
});
