import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp';

/**
 * Serves the built renderer on `v6wizard://app/…` (Electron security checklist #18: a custom protocol
 * instead of file://, so the page has its own origin and cannot read arbitrary files). main.ts hands
 * the returned function to protocol.handle; it is plain fetch-API code, tested under Node.
 */

export const APP_SCHEME = 'v6wizard';
/** The one host name our pages live on; any other host on the scheme is refused. */
export const APP_HOST = 'app';
/** The page's origin, for the IPC sender check and the navigation guard. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface AppProtocolOptions {
  /** The renderer bundle (out/renderer). */
  root: string;
  readFile: (path: string) => Promise<Uint8Array>;
}

/** The file under `root` a request URL names, or undefined when it is not ours to serve. */
export function resolveAppPath(root: string, url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return undefined; // malformed %-escape
  }
  if (pathname.includes('\0')) return undefined;
  const file = normalize(join(root, pathname === '/' ? '/index.html' : pathname));
  // Anything that resolves outside the bundle (../, %2e%2e, encoded slashes) is refused.
  return file.startsWith(root + sep) ? file : undefined;
}

const plain = (status: number, text: string): Response =>
  new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** The protocol.handle handler: GET/HEAD of files in the bundle, each with the CSP and nosniff. */
export function createAppProtocolHandler(
  options: AppProtocolOptions,
): (request: { url: string; method: string }) => Promise<Response> {
  const root = normalize(options.root);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    const file = resolveAppPath(root, request.url);
    if (file === undefined) return plain(404, 'not found');
    let body: Uint8Array;
    try {
      body = await options.readFile(file);
    } catch {
      return plain(404, 'not found');
    }
    return new Response(request.method === 'HEAD' ? null : body, {
      headers: {
        'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        // Never let Chromium guess a type: a text file must not run as script.
        'x-content-type-options': 'nosniff',
      },
    });
  };
}
