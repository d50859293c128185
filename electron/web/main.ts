import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { VERSION } from '../cli/version';
import { createHandlers } from '../handlers/create-handlers';
import { assertNever } from '../../shared/util/assert-never';
import { parseWebArgs, WEB_USAGE } from './args';
import { webPlatform } from './platform';
import { DEFAULT_RENDERER_DIR, startWebServer } from './server';

/**
 * `npm run web`: the browser host. Starts the server, prints the URL with this run's token and how to
 * reach it from another machine, and stops cleanly on Ctrl+C. Runs under plain Node (bundled by
 * electron/web/vite.config.ts into dist/web/main.mjs), so it works where Electron cannot start.
 */
async function main(argv: readonly string[]): Promise<number> {
  const args = parseWebArgs(argv);
  switch (args.kind) {
    case 'help':
      console.log(WEB_USAGE);
      return 0;
    case 'usage-error':
      console.error(`v6wizard web: ${args.message}\n${WEB_USAGE}`);
      return 2;
    case 'serve':
      break;
    default:
      return assertNever(args);
  }
  const rendererDir = resolve(args.rendererDir ?? DEFAULT_RENDERER_DIR);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error(
      `v6wizard web: ${rendererDir} holds no built renderer (index.html); build it first: npx electron-vite build`,
    );
    return 1;
  }
  let server;
  try {
    server = await startWebServer({
      rendererDir,
      handlers: createHandlers(webPlatform(VERSION)),
      port: args.port,
    });
  } catch (e) {
    console.error(
      `v6wizard web: cannot listen on 127.0.0.1:${args.port}: ${e instanceof Error ? e.message : String(e)}`,
    );
    return 1;
  }
  const { port, url } = server;
  console.log(`v6wizard ${VERSION} is running. Open this URL in a browser on this machine:

  ${url}

From another machine, forward the port over SSH first, then open the same URL there:

  ssh -L ${port}:127.0.0.1:${port} you@this-machine

The URL holds this run's secret token: don't share it. Stop with Ctrl+C.`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await server.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
