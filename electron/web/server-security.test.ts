import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_CSP } from './csp';
import { probe, type ProbeOptions } from './http-probe';
import { MAX_BODY_BYTES, TOKEN_HEADER } from './server';
import { APP_JS, INDEX_HTML, startTestHost, type TestHost } from './test-server';

let host: TestHost;
let port: number;
let token: string;
beforeAll(async () => {
  host = await startTestHost();
  ({ port, token } = host.server);
});
afterAll(async () => {
  await host.close();
});

/** A well-formed API call; tests change one thing at a time. */
const call = (
  overrides: Partial<ProbeOptions> & { headers?: Record<string, string> } = {},
): ProbeOptions => ({
  method: 'POST',
  path: '/api/app:info',
  body: '{}',
  ...overrides,
  headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token, ...overrides.headers },
});

describe('the browser host', () => {
  it('listens on 127.0.0.1 only, on a port the OS chose, with a 256-bit token', () => {
    expect(host.server.address.address).toBe('127.0.0.1');
    expect(host.server.address.family).toBe('IPv4');
    expect(port).toBeGreaterThan(0);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(host.server.url).toBe(`http://127.0.0.1:${port}/?token=${token}`);
  });

  it('answers a well-formed API call with a JSON Result', async () => {
    const r = await probe(port, call());
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { runtime: 'web' } });
  });

  it("accepts the page's own origin, under either host name", async () => {
    for (const name of ['127.0.0.1', 'localhost']) {
      const r = await probe(
        port,
        call({
          headers: {
            host: `${name}:${port}`,
            origin: `http://${name}:${port}`,
            'sec-fetch-site': 'same-origin',
          },
        }),
      );
      expect(r.status, name).toBe(200);
    }
  });

  it.each([
    ['no token', { [TOKEN_HEADER]: '' }],
    ['a wrong token', { [TOKEN_HEADER]: 'f'.repeat(64) }],
    ['a token one character short', { [TOKEN_HEADER]: 'SHORT' }],
    ['the token with one character changed', { [TOKEN_HEADER]: 'CHANGED' }],
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['another port as Origin', { origin: `http://127.0.0.1:${String(1)}` }],
    ['the other host name as Origin', { origin: `http://localhost:PORT` }],
    ['Origin null (sandboxed frame, file://)', { origin: 'null' }],
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-site (another port on 127.0.0.1)', { 'sec-fetch-site': 'same-site' }],
  ])('refuses %s with 403', async (_what, headers) => {
    const h = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, v.replace('PORT', String(port))]),
    );
    const r = await probe(port, call({ headers: h }));
    expect(r.status).toBe(403);
    expect(r.body).not.toContain('"ok"');
  });

  it('refuses a request without the token header at all', async () => {
    const r = await probe(port, {
      method: 'POST',
      path: '/api/app:info',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(403);
  });

  it.each([
    ['a rebinding name', 'evil.example:PORT'],
    ['the right name on another port', '127.0.0.1:1'],
    ['localhost on another port', 'localhost:1'],
    ['no port', '127.0.0.1'],
    ['::1', '[::1]:PORT'],
  ])('refuses Host of %s with 421, on pages and the API', async (_what, hostHeader) => {
    const h = hostHeader.replace('PORT', String(port));
    expect((await probe(port, call({ headers: { host: h } }))).status).toBe(421);
    expect((await probe(port, { path: `/?token=${token}`, headers: { host: h } })).status).toBe(421);
  });

  it('takes POST only on the API', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
      const r = await probe(port, { method, path: '/api/app:info', headers: { [TOKEN_HEADER]: token } });
      expect(r.status, method).toBe(405);
      expect(r.headers['allow']).toBe('POST');
    }
    expect((await probe(port, { path: '/api' })).status).toBe(405);
  });

  it('takes JSON only: other content types 415, a body that does not parse 400', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      expect((await probe(port, call({ headers: { 'content-type': type } }))).status, type).toBe(415);
    }
    expect(
      (await probe(port, call({ headers: { 'content-type': 'application/json; charset=utf-8' } }))).status,
    ).toBe(200);
    expect((await probe(port, call({ body: '{"unterminated' }))).status).toBe(400);
    expect((await probe(port, call({ body: '' }))).status).toBe(400);
  });

  it('refuses bodies over 2 MB with 413, declared or chunked', async () => {
    const big = `{"text":"${'x'.repeat(MAX_BODY_BYTES)}"}`;
    expect((await probe(port, call({ path: '/api/profile:save', body: big }))).status).toBe(413);
    expect((await probe(port, call({ path: '/api/profile:save', body: big, chunked: true }))).status).toBe(
      413,
    );
    // Still serving afterwards.
    expect((await probe(port, call())).status).toBe(200);
  });

  it('answers an unknown channel and a wrong shape with a BAD_REQUEST Result', async () => {
    const unknown = await probe(port, call({ path: '/api/shell:exec' }));
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const wrong = await probe(port, call({ path: '/api/profile:read', body: '{"path": 42}' }));
    expect(JSON.parse(wrong.body)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^request\.path:/) as unknown },
    });
  });

  it('serves the index only with the token, and a plain page that says what to do without it', async () => {
    const ok = await probe(port, { path: `/?token=${token}` });
    expect([ok.status, ok.body, ok.headers['content-type']]).toEqual([
      200,
      INDEX_HTML,
      'text/html; charset=utf-8',
    ]);
    expect((await probe(port, { path: `/index.html?token=${token}` })).status).toBe(200);
    // A token one digit off (a different last digit whatever the random token ends with).
    const offByOne = token.slice(0, -1) + (token.endsWith('0') ? '1' : '0');
    for (const path of ['/', '/index.html', '/?token=', `/?token=${offByOne}`]) {
      const refused = await probe(port, { path });
      expect(refused.status, path).toBe(403);
      expect(refused.body).toContain('Open the URL printed by <code>npm run web</code>');
      expect(refused.body).not.toContain('assets/app.js');
    }
  });

  it('serves the assets without the token, with their type', async () => {
    const r = await probe(port, { path: '/assets/app.js' });
    expect([r.status, r.body, r.headers['content-type']]).toEqual([
      200,
      APP_JS,
      'text/javascript; charset=utf-8',
    ]);
    const head = await probe(port, { method: 'HEAD', path: '/assets/app.js' });
    expect([head.status, head.body, head.headers['content-length']]).toEqual([
      200,
      '',
      String(APP_JS.length),
    ]);
  });

  it.each([
    '/../package.json',
    '/assets/../../package.json',
    '/%2e%2e/package.json',
    '/..%2fpackage.json',
    '/assets/..%2f..%2fpackage.json',
    '/%2e%2e%2fpackage.json',
    '/..%5cpackage.json',
    '/%2E%2E/%2E%2E/package.json',
    '/assets%2f..%2f..%2fpackage.json',
    '/.hidden',
    '/%2ehidden',
    '/assets/app.js%00.html',
    '/%',
    '//etc/passwd',
    '/assets',
    '/nothing.js',
  ])('refuses %s with 404', async (path) => {
    const r = await probe(port, { path });
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('outside the renderer');
    expect(r.body).not.toContain('hidden\n');
  });

  it('sends the strict CSP, nosniff and no-referrer on every response, and never a CORS header', async () => {
    const responses = await Promise.all([
      probe(port, { path: `/?token=${token}` }),
      probe(port, { path: '/' }),
      probe(port, { path: '/assets/app.js' }),
      probe(port, { path: '/../package.json' }),
      probe(port, call()),
      probe(port, call({ headers: { [TOKEN_HEADER]: 'no' } })),
      probe(port, call({ headers: { host: 'evil.example' } })),
      probe(port, call({ headers: { origin: 'http://evil.example' } })),
      probe(port, {
        method: 'OPTIONS',
        path: '/api/app:info',
        headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
      }),
    ]);
    for (const r of responses) {
      expect(r.headers['content-security-policy']).toBe(WEB_CSP);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(Object.keys(r.headers).filter((k) => k.startsWith('access-control-'))).toEqual([]);
    }
    expect(WEB_CSP).toContain("default-src 'none'");
    expect(WEB_CSP).toContain("script-src 'self'");
    expect(WEB_CSP).toContain("connect-src 'self'");
    expect(WEB_CSP).not.toContain('unsafe');
  });
});
