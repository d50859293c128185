import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerUpdate } from '../../shared/profile/types';
import { brokerAccepted, brokerRequest, httpBrokerUpdater, httpUpdater, HE_UPDATE_BASE } from './broker';

const KEY = 'k3y-SECRET/value+=';
const UPDATE: BrokerUpdate = { username: 'alice', tunnelId: '123456', updateKey: { secretRef: 'he-key' } };

interface Seen {
  method: string;
  url: string;
  authorization: string;
}

let servers: { close: () => void }[] = [];
afterEach(() => {
  for (const s of servers) s.close();
  servers = [];
});

/** A local broker that records each request and answers with `status` and `body`. */
async function broker(status: number, body: string): Promise<{ base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization ?? '',
    });
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push({ close: () => server.close() });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/nic/update`, seen };
}

/** Basic auth header → "user:password". */
const decodeBasic = (header: string): string =>
  Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');

describe('brokerRequest', () => {
  it('names the tunnel in hostname, sets myip only when given, and keeps the key out of the URL', () => {
    const plain = brokerRequest(UPDATE, KEY);
    expect(plain.url.origin + plain.url.pathname).toBe(HE_UPDATE_BASE);
    expect([...plain.url.searchParams]).toEqual([['hostname', '123456']]);
    expect(plain.username).toBe('alice');
    expect(plain.updateKey).toBe(KEY);
    const withIp = brokerRequest(UPDATE, KEY, 'http://127.0.0.1:1/nic/update', '198.51.100.7');
    expect([...withIp.url.searchParams]).toEqual([
      ['hostname', '123456'],
      ['myip', '198.51.100.7'],
    ]);
    for (const r of [plain, withIp]) {
      expect(r.url.href).not.toContain(KEY);
      expect(r.url.href).not.toContain(encodeURIComponent(KEY));
      expect(r.url.username + r.url.password).toBe('');
    }
  });
});

describe('brokerAccepted', () => {
  it('accepts good and nochg, refuses badauth, 911 and anything else', () => {
    expect(brokerAccepted('good 192.0.2.1')).toBe(true);
    expect(brokerAccepted('nochg 192.0.2.1\n')).toBe(true);
    expect(brokerAccepted('  good')).toBe(true);
    expect(brokerAccepted('badauth')).toBe(false);
    expect(brokerAccepted('911')).toBe(false);
    expect(brokerAccepted('abuse')).toBe(false);
    expect(brokerAccepted('goodbye')).toBe(false);
    expect(brokerAccepted('')).toBe(false);
  });
});

describe('httpBrokerUpdater against a local server', () => {
  it('sends one GET with the tunnel id in the query and user:key only in the Basic auth header', async () => {
    const b = await broker(200, 'good 192.0.2.1\n');
    const res = await httpBrokerUpdater(brokerRequest(UPDATE, KEY, b.base));
    expect(res).toEqual({ status: 200, body: 'good 192.0.2.1\n' });
    expect(b.seen).toHaveLength(1);
    const [seen] = b.seen;
    expect(seen?.method).toBe('GET');
    expect(seen?.url).toBe('/nic/update?hostname=123456');
    expect(decodeBasic(seen?.authorization ?? '')).toBe(`alice:${KEY}`);
    expect(seen?.url).not.toContain(KEY);
    expect(seen?.url).not.toContain(encodeURIComponent(KEY));
  });

  it('passes myip when given', async () => {
    const b = await broker(200, 'nochg 198.51.100.7');
    await httpBrokerUpdater(brokerRequest(UPDATE, KEY, b.base, '198.51.100.7'));
    expect(b.seen.map((s) => s.url)).toEqual(['/nic/update?hostname=123456&myip=198.51.100.7']);
  });

  it.each([
    ['good 192.0.2.1', 200, true],
    ['nochg 192.0.2.1', 200, true],
    ['badauth', 200, false],
    ['911', 200, false],
    ['badauth', 401, false],
  ])('answers %j (HTTP %i): status and body come back as sent; accepted = %s', async (body, status, ok) => {
    const b = await broker(status, body);
    const res = await httpBrokerUpdater(brokerRequest(UPDATE, KEY, b.base));
    expect(res).toEqual({ status, body });
    expect(brokerAccepted(res.body)).toBe(ok);
  });

  it('a refused connection rejects with the broker named and no key or query in the message', async () => {
    // A port that was just free: bind, note it, close.
    const tcp = createTcpServer();
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    const port = (tcp.address() as AddressInfo).port;
    await new Promise((r) => tcp.close(r));
    const err = await httpBrokerUpdater(
      brokerRequest(UPDATE, KEY, `http://127.0.0.1:${port}/nic/update`),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toMatch(
      new RegExp(`^could not reach the broker at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
    expect(message).not.toContain(KEY);
    expect(message).not.toContain('hostname=');
  });

  it('a broker that accepts the connection and never answers: rejected after the timeout', async () => {
    // Accepts TCP and says nothing, like a broker behind a black-holing middlebox.
    const sockets: Socket[] = [];
    const silent = createTcpServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    servers.push({
      close: () => {
        for (const s of sockets) s.destroy();
        silent.close();
      },
    });
    const port = (silent.address() as AddressInfo).port;
    const t0 = Date.now();
    const err = await httpUpdater(300)(
      brokerRequest(UPDATE, KEY, `http://127.0.0.1:${port}/nic/update`),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    const took = Date.now() - t0;
    expect((err as Error).message).toBe(`the broker at 127.0.0.1:${port} did not answer within 0.3 s`);
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(5000);
    expect(sockets).toHaveLength(1);
  });
});
