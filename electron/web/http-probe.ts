import { request } from 'node:http';

export interface Probe {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface ProbeOptions {
  method?: string;
  /** Sent exactly as given: fetch would normalise `/../x` away before it reached the server. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body with chunked transfer encoding instead of a Content-Length. */
  chunked?: boolean;
}

/**
 * One raw HTTP request to 127.0.0.1:port, for the browser host's tests: every header is under the
 * test's control (Host, Origin, Content-Type). Resolves on the response even when the server answers
 * before the whole body was sent (413) and closes the connection.
 */
export function probe(port: number, options: ProbeOptions): Promise<Probe> {
  return new Promise((done, failed) => {
    const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...options.headers };
    if (options.body !== undefined && !options.chunked) {
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          done({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', failed);
      },
    );
    // The server may close after an early 413 while the body is still being sent; the response counts.
    req.on('error', failed);
    if (options.body !== undefined) {
      if (options.chunked) {
        const body = Buffer.from(options.body);
        for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
      } else {
        req.write(options.body);
      }
    }
    req.end();
  });
}
