/**
 * The Content-Security-Policy of every page v6wizard serves, in Electron (electron/main/app-protocol.ts)
 * and, so both hosts behave alike, in the browser host. The strictest policy that still runs a bundled
 * Svelte app: scripts, styles and fonts only from our own origin, no inline script, no eval (so no
 * template engine that compiles with `new Function`), no network, no frames, no plugins, no forms that
 * post anywhere. `default-src 'none'` makes everything not listed forbidden.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
