import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The Host names the server answers to. Anything else is refused: a DNS-rebinding page (evil.example
 * resolving to 127.0.0.1) sends its own name, and another port on 127.0.0.1 is another origin.
 */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host !== undefined && allowedHosts(port).includes(host.toLowerCase());
}

/**
 * A browser adds Origin to every POST; it must be the server's own origin. A page from anywhere else (another site, another port on
 * 127.0.0.1) is refused even if it somehow had the token. A request without Origin (curl, the tests)
 * still needs the token. Sec-Fetch-Site, when a browser sends it, must say the request came from the
 * page itself.
 */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  // The page's own origin is the Host it was loaded from (127.0.0.1 or localhost, never mixed).
  const host = req.headers.host?.toLowerCase();
  if (host === undefined || !allowedHosts(port).includes(host)) return false;
  if (origin !== undefined && origin !== `http://${host}`) return false;
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

/** Constant-time comparison, so the token cannot be guessed a character at a time from response times. */
export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(token, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether the body is declared JSON (`application/json`, any parameters such as charset allowed). */
export function isJsonContentType(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  return type !== undefined && type.split(';')[0]?.trim().toLowerCase() === 'application/json';
}
