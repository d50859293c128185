import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (tests/e2e/helpers → ../../..). */
export const ROOT = join(import.meta.dirname, '../../..');
/** The browser host as `npm run web` runs it, and the renderer it serves. */
export const HOST_ENTRY = join(ROOT, 'dist/web/main.mjs');
export const RENDERER_DIR = join(ROOT, 'out/renderer');

const BUILDS: readonly (readonly string[])[] = [
  // The renderer (with main and preload; electron-vite builds all three, none needs the Electron binary).
  ['npx', 'electron-vite', 'build'],
  ['npx', 'vite', 'build', '--config', 'electron/web/vite.config.ts'],
];

/** What the two builds are made from; any change here makes the builds stale. */
const SOURCES = [
  'renderer',
  'shared',
  'templates',
  'examples',
  'electron',
  'electron.vite.config.ts',
  'package.json',
];
const ARTIFACTS = [join(RENDERER_DIR, 'index.html'), HOST_ENTRY];

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((n) => newest(join(path, n))));
}

function oldestArtifact(): number {
  return Math.min(...ARTIFACTS.map((a) => (existsSync(a) ? statSync(a).mtimeMs : 0)));
}

/**
 * Builds the renderer and the browser host when a source is newer than what out/ and dist/ hold, so
 * the tests always exercise the current sources (the same rule as the CLI tests' ensureCliBuilt), and
 * the several end-to-end files of one run build only once.
 */
export function buildForE2E(): void {
  if (oldestArtifact() > Math.max(...SOURCES.map((s) => newest(join(ROOT, s))))) return;
  for (const [cmd, ...args] of BUILDS) {
    const run = spawnSync(cmd ?? '', args, { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
    if (run.status !== 0) {
      throw new Error(
        `build for the end-to-end tests failed: ${[cmd, ...args].join(' ')}\n${run.stdout}\n${run.stderr}`,
      );
    }
  }
}

export interface Host {
  /** The URL the host printed, with this run's token. */
  url: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  token: string;
  /** Everything the host printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const URL_LINE = /(http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9A-Za-z_-]+))/;

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the browser host on a free port (`--port 0`: the OS picks it, so parallel runs never collide),
 * waits for the URL it prints, and returns it with a stop function. The caller must call `stop()` in a
 * finally block or afterAll; a host that never prints its URL is killed here before the error.
 */
export async function startHost(
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<Host> {
  if (!existsSync(HOST_ENTRY)) throw new Error(`${HOST_ENTRY} is missing: call buildForE2E() first`);
  const child = spawn(process.execPath, [HOST_ENTRY, '--port', '0', '--renderer', RENDERER_DIR], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (output += chunk));
  child.stderr.on('data', (chunk: string) => (output += chunk));
  const timeoutMs = options.timeoutMs ?? 15_000;
  try {
    const match = await new Promise<RegExpExecArray>((found, failed) => {
      const timer = setTimeout(() => {
        failed(new Error(`the browser host printed no URL within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      const look = (): void => {
        const m = URL_LINE.exec(output);
        if (m) {
          clearTimeout(timer);
          found(m);
        }
      };
      child.stdout.on('data', look);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        failed(new Error(`the browser host exited (${code ?? signal}) before printing its URL:\n${output}`));
      });
    });
    const [, url = '', port = '', token = ''] = match;
    return {
      url,
      origin: `http://127.0.0.1:${port}`,
      token,
      output: () => output,
      stop: () => stopChild(child),
    };
  } catch (e) {
    await stopChild(child);
    throw e;
  }
}
