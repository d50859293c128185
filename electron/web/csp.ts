/**
 * The Content-Security-Policy of every page the browser host serves: Electron's (electron/main.ts)
 * with one difference. The page talks to the Node side with fetch to its own origin (POST /api/…), so
 * `connect-src` is 'self' instead of 'none'; it still cannot reach any other host. No inline scripts,
 * no eval, nothing loaded from elsewhere, never framed.
 */
export const WEB_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Headers on every response, pages, assets, API answers and refusals alike. There are deliberately no
 * CORS headers anywhere: no other origin may read anything from this server.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': WEB_CSP,
  'x-content-type-options': 'nosniff',
  // The token is in the first URL; no request may carry that URL to anyone else.
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  // Nothing here is worth caching, and the index answer depends on the token.
  'cache-control': 'no-store',
};
