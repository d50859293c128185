import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { sha256Fingerprint } from './fingerprint';

/**
 * A scripted SSH server for the tests of how the session bounds remote I/O: it accepts any login and
 * answers every exec with `behaviour`. Tests only. It exists because a real sshd cannot be made to
 * misbehave on purpose (hang while ignoring a channel close, flood without end); ssh2's own Server
 * (already installed as node-ssh's transport) speaks the real protocol, so the product's connect and
 * session code run unchanged against it.
 */

/** The server side of one exec channel: the part of ssh2's ServerChannel the behaviours use. */
export interface StandInChannel {
  write(data: Buffer): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  /** ssh2 calls this to answer the client's CHANNEL_CLOSE; a behaviour may replace it. */
  close(): void;
}

export type Behaviour = (channel: StandInChannel) => void;

/** The parts of the untyped ssh2 module used here (ssh2 ships no types). */
interface Ssh2 {
  Server: new (
    config: { hostKeys: string[] },
    onClient: (client: StandInClient) => void,
  ) => {
    listen(port: number, host: string, ready: () => void): void;
    address(): AddressInfo;
    close(): void;
  };
  utils: {
    generateKeyPairSync(type: 'ed25519'): { private: string; public: string };
    parseKey(key: string): { getPublicSSH(): Buffer } | Error;
  };
}

interface StandInClient {
  on(event: 'authentication', listener: (ctx: { accept(): void }) => void): StandInClient;
  on(event: 'session', listener: (accept: () => StandInSession) => void): StandInClient;
  on(event: 'error' | 'close', listener: () => void): StandInClient;
  end(): void;
}

interface StandInSession {
  on(event: 'exec', listener: (accept: () => StandInChannel) => void): void;
}

const ssh2 = createRequire(import.meta.url)('ssh2') as Ssh2;

export interface StandIn {
  port: number;
  /** The `SHA256:…` fingerprint of its host key, to accept on first use. */
  fingerprint: string;
  stop(): void;
}

/** Start a stand-in on 127.0.0.1 (a free port) whose every exec runs `behaviour`. */
export function startStandIn(behaviour: Behaviour): Promise<StandIn> {
  const key = ssh2.utils.generateKeyPairSync('ed25519');
  const parsed = ssh2.utils.parseKey(key.public);
  if (parsed instanceof Error) throw parsed;
  const clients = new Set<StandInClient>();
  const server = new ssh2.Server({ hostKeys: [key.private] }, (client) => {
    clients.add(client);
    client
      .on('authentication', (ctx) => {
        ctx.accept();
      })
      .on('session', (accept) => {
        accept().on('exec', (acceptExec) => {
          behaviour(acceptExec());
        });
      })
      .on('error', () => undefined)
      .on('close', () => clients.delete(client));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        fingerprint: sha256Fingerprint(parsed.getPublicSSH()),
        stop: () => {
          for (const c of clients) c.end();
          server.close();
        },
      });
    });
  });
}

/** Accepts the exec and then never answers: no output, no exit, no EOF, and a CHANNEL_CLOSE is ignored. */
export const hang: Behaviour = (channel) => {
  channel.close = () => undefined;
};

/**
 * Writes `chunk` without end, as fast as the client's window allows, until the client closes the
 * channel. Counts what it wrote in `sent.bytes`.
 */
export function flood(chunk: Buffer, sent: { bytes: number }): Behaviour {
  return (channel) => {
    let open = true;
    channel.on('close', () => {
      open = false;
    });
    const pump = (): void => {
      while (open) {
        sent.bytes += chunk.length;
        if (!channel.write(chunk)) break;
      }
      if (open) channel.once('drain', pump);
    };
    pump();
  };
}
