// Load one of the repo's TypeScript modules through Vite's SSR loader (the same transform the tests
// use, so `?raw` imports work) and hand it to fn; the loader is closed afterwards.
import { createServer } from 'vite';

export async function withTsModule(path, fn) {
  const server = await createServer({
    server: { middlewareMode: true, hmr: false },
    appType: 'custom',
    logLevel: 'error',
  });
  try {
    return await fn(await server.ssrLoadModule(path));
  } finally {
    await server.close();
  }
}
