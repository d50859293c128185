import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { dispatch } from '../handlers/dispatch';
import type { Handlers } from '../handlers/types';
import { SECURITY_HEADERS } from './csp';
import { hostAllowed, isJsonContentType, originAllowed, tokenMatches } from './request-checks';
import { contentType, staticFile } from './static-files';

/** The header the page sends its token in (renderer/src/lib/api-web.ts). */
export const TOKEN_HEADER = 'x-v6wizard-token';
/** A profile is at most 1 MB; 2 MB leaves room for JSON escaping and still bounds memory. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Only ever loopback: the host is reached from elsewhere through an SSH forward, never directly. */
const LISTEN_HOST = '127.0.0.1';

export interface WebServerOptions {
  /** The built renderer (index.html and assets/), e.g. out/renderer. */
  rendererDir: string;
  handlers: Handlers;
  /** 0 (the default) lets the OS choose a free port. */
  port?: number;
  /** For tests; by default a fresh random 256-bit token per run. */
  token?: string;
}

export interface WebServer {
  port: number;
  token: string;
  /** What to open: `http://127.0.0.1:PORT/?token=…`. */
  url: string;
  /** The bound address, for checking it is loopback only. */
  address: AddressInfo;
  close(): Promise<void>;
}

const INDEX_WITHOUT_TOKEN = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>v6wizard</title></head>
<body><h1>v6wizard</h1>
<p>Open the URL printed by <code>npm run web</code> in the terminal: it ends with <code>?token=</code>
followed by a long code. The code changes every time v6wizard starts.</p></body></html>
`;

/** One answer, decided before anything is written, so every path goes through the same headers. */
interface Reply {
  status: number;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

const plain = (status: number, message: string, headers: Record<string, string> = {}): Reply => ({
  status,
  type: 'text/plain; charset=utf-8',
  body: `${message}\n`,
  headers,
});

function write(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, {
    ...reply.headers,
    ...SECURITY_HEADERS,
    'content-type': reply.type,
    'content-length': Buffer.byteLength(reply.body),
  });
  res.end(req.method === 'HEAD' ? undefined : reply.body);
}

/**
 * The request body, or the 413 answer when it is larger than MAX_BODY_BYTES. A declared length over
 * the cap is refused before reading anything; a chunked body that grows past it is read to the end
 * but not kept, so memory stays bounded and the client still gets to read the 413.
 */
function readBody(req: IncomingMessage): Promise<Buffer | Reply> {
  const tooLarge = plain(413, `the request body is larger than ${MAX_BODY_BYTES} bytes`, {
    connection: 'close',
  });
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return Promise.resolve(tooLarge);
  return new Promise((done, failed) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      done(size > MAX_BODY_BYTES ? tooLarge : Buffer.concat(chunks));
    });
    req.on('error', failed);
  });
}

interface Context {
  port: number;
  token: string;
  handlers: Handlers;
  rendererDir: string;
}

/** POST /api/<channel> with a JSON request → 200 with the JSON Result; every refusal is an HTTP error. */
async function api(req: IncomingMessage, ctx: Context, channel: string): Promise<Reply> {
  if (req.method !== 'POST') return plain(405, 'the API takes POST only', { allow: 'POST' });
  if (!originAllowed(req, ctx.port)) return plain(403, 'requests from other origins are refused');
  const given = req.headers[TOKEN_HEADER];
  if (!tokenMatches(typeof given === 'string' ? given : undefined, ctx.token)) {
    return plain(403, 'missing or wrong token: open the URL printed by npm run web');
  }
  // Only JSON: a cross-site form can send text/plain or form bodies without a CORS preflight.
  if (!isJsonContentType(req)) return plain(415, 'the request body must be application/json');
  const body = await readBody(req);
  if (!Buffer.isBuffer(body)) return body;
  let request: unknown;
  try {
    request = JSON.parse(body.toString('utf8'));
  } catch {
    return plain(400, 'the request body is not valid JSON');
  }
  const result = await dispatch(ctx.handlers, channel, request);
  return { status: 200, type: 'application/json; charset=utf-8', body: JSON.stringify(result) };
}

/** GET the built renderer. The index needs the token, the hashed assets do not (they hold no data). */
async function page(req: IncomingMessage, ctx: Context, url: URL): Promise<Reply> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(405, 'GET only', { allow: 'GET, HEAD' });
  const isIndex = url.pathname === '/' || url.pathname === '/index.html';
  if (isIndex && !tokenMatches(url.searchParams.get('token'), ctx.token)) {
    return { status: 403, type: 'text/html; charset=utf-8', body: INDEX_WITHOUT_TOKEN };
  }
  const file = await staticFile(ctx.rendererDir, isIndex ? '/index.html' : url.pathname);
  if (file === undefined) return plain(404, 'not found');
  return { status: 200, type: contentType(file), body: await readFile(file) };
}

async function handle(req: IncomingMessage, ctx: Context): Promise<Reply> {
  // DNS rebinding: a foreign page whose name now resolves to 127.0.0.1 still sends its own Host.
  if (!hostAllowed(req, ctx.port)) return plain(421, 'wrong Host: use http://127.0.0.1:PORT as printed');
  const raw = req.url ?? '';
  if (!raw.startsWith('/')) return plain(400, 'bad request URL');
  let url: URL;
  try {
    url = new URL(raw, `http://127.0.0.1:${ctx.port}`);
  } catch {
    return plain(400, 'bad request URL');
  }
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
    return api(req, ctx, url.pathname.slice('/api/'.length));
  }
  return page(req, ctx, url);
}

/**
 * Serve the renderer and the Node-side handlers over HTTP on 127.0.0.1 only, guarded by a random token
 * per run, a strict Host check and an Origin check; answers with the same CSP as the Electron window.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  let port = 0;
  const server: Server = createServer((req, res) => {
    const ctx = { port, token, handlers: options.handlers, rendererDir: options.rendererDir };
    handle(req, ctx)
      .catch((e: unknown) => plain(500, `internal error: ${e instanceof Error ? e.message : String(e)}`))
      .then(
        (reply) => {
          write(req, res, reply);
        },
        () => {
          res.destroy();
        },
      );
  });
  await new Promise<void>((done, failed) => {
    server.once('error', failed);
    server.listen({ host: LISTEN_HOST, port: options.port ?? 0, exclusive: true }, () => {
      server.off('error', failed);
      done();
    });
  });
  const address = server.address() as AddressInfo;
  port = address.port;
  return {
    port,
    token,
    url: `http://${LISTEN_HOST}:${port}/?token=${token}`,
    address,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => {
          done();
        });
        server.closeAllConnections();
      }),
  };
}

/** The renderer bundle next to this file after a build: out/renderer at the repository root. */
export const DEFAULT_RENDERER_DIR = join(import.meta.dirname, '../../out/renderer');
