import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppPath } from './app-protocol';
import { CONTENT_SECURITY_POLICY } from './csp';

describe('the v6wizard:// protocol', () => {
  let top: string;
  let root: string;
  let handler: ReturnType<typeof createAppProtocolHandler>;
  beforeAll(() => {
    top = mkdtempSync(join(tmpdir(), 'v6w-protocol-'));
    root = join(top, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>v6wizard</title>');
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(top, 'secret.txt'), 'outside the bundle');
    handler = createAppProtocolHandler({ root, readFile: (p) => readFile(p) });
  });
  afterAll(() => {
    rmSync(top, { recursive: true, force: true });
  });

  const get = (url: string, method = 'GET') => handler({ url, method });

  it('serves the index with the strict CSP, nosniff and the right type', async () => {
    for (const url of ['v6wizard://app/', 'v6wizard://app/index.html']) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>v6wizard</title>');
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const js = await get('v6wizard://app/assets/index-abc.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('refuses paths outside the bundle, however they are spelled', async () => {
    for (const url of [
      'v6wizard://app/../secret.txt',
      'v6wizard://app/%2e%2e/secret.txt',
      'v6wizard://app/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'v6wizard://app/..%2fsecret.txt',
      'v6wizard://app/%00index.html',
      'v6wizard://app/%E0%A4%A',
      'v6wizard://other/index.html',
      'https://app/index.html',
      'v6wizard://app/missing.js',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('outside the bundle');
    }
  });

  it('answers only GET and HEAD', async () => {
    expect((await get('v6wizard://app/index.html', 'POST')).status).toBe(405);
    const head = await get('v6wizard://app/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('keeps the CSP free of anything that would allow inline script, eval or network', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*|http:|https:/);
  });

  it('resolves only our scheme and host', () => {
    expect(resolveAppPath(root, 'v6wizard://app/assets/index-abc.js')).toBe(
      join(root, 'assets', 'index-abc.js'),
    );
    expect(resolveAppPath(root, 'not a url')).toBeUndefined();
  });
});
