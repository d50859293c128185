import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VERSION } from '../cli/version';
import { createHandlers } from '../handlers/create-handlers';
import { webPlatform } from './platform';
import { startWebServer, type WebServer } from './server';

export const INDEX_HTML =
  '<!doctype html><title>v6wizard</title><script type="module" src="./assets/app.js"></script>';
export const APP_JS = 'console.log("v6wizard");\n';

export interface TestHost {
  server: WebServer;
  /** A scratch folder: renderer/ (served), config/ (recent list), a private file beside renderer/. */
  work: string;
  configDir: string;
  close(): Promise<void>;
}

/**
 * A browser host for the tests: the real server and handlers with the web platform, serving a tiny
 * renderer from a temp folder that has a "private" package.json next to it for the traversal tests.
 * close() stops the server and removes the folder.
 */
export async function startTestHost(): Promise<TestHost> {
  const work = mkdtempSync(join(tmpdir(), 'v6wizard-web-'));
  try {
    const renderer = join(work, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), INDEX_HTML);
    writeFileSync(join(renderer, 'assets/app.js'), APP_JS);
    writeFileSync(join(renderer, '.hidden'), 'hidden');
    writeFileSync(join(work, 'package.json'), '{"private": "outside the renderer"}');
    const configDir = join(work, 'config');
    const server = await startWebServer({
      rendererDir: renderer,
      handlers: createHandlers(webPlatform(VERSION, configDir)),
    });
    return {
      server,
      work,
      configDir,
      close: async () => {
        try {
          await server.close();
        } finally {
          rmSync(work, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
}
