/**
 * The lab's SSH forwarder, run as its own process (`node --import tsx forwarder.ts PORTFILE NS ADDR PORT`):
 * listens on 127.0.0.1 on a free port in the host's network namespace, and joins each connection to
 * ADDR:PORT as seen from inside namespace NS (the lab's pc), through a tiny Node connector started
 * there with `ip netns exec`. A process cannot sit in two network namespaces, so the hop has to be a
 * pipe. The host gets a listening socket on loopback and nothing else: no interface, route or address.
 */
import { spawn } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The connector: stdin/stdout ⇄ a TCP connection. Its target comes in argv, never inside the code. */
const CONNECTOR = `
const s = require('node:net').connect({ host: process.argv[1], port: Number(process.argv[2]) });
process.stdin.pipe(s);
s.pipe(process.stdout);
s.on('error', () => process.exit(1));
s.on('close', () => process.exit(0));
`;

const [portFile, ns, addr, port] = process.argv.slice(2);
if (portFile === undefined || ns === undefined || addr === undefined || port === undefined) {
  console.error('usage: forwarder.ts PORTFILE NS ADDR PORT');
  process.exit(64);
}

const server = createServer((sock) => {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', CONNECTOR, addr, port], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  sock.pipe(child.stdin);
  child.stdout.pipe(sock);
  child.stdin.on('error', () => sock.destroy());
  sock.on('error', () => child.kill('SIGKILL'));
  sock.on('close', () => child.kill('SIGKILL'));
  // When the connector's stdout ends (sshd closed), pipe() ends the socket after the last byte.
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') process.exit(70);
  writeFileSync(`${portFile}.tmp`, `${address.port}\n`);
  renameSync(`${portFile}.tmp`, portFile);
  console.log(`forwarding 127.0.0.1:${address.port} -> [${addr}]:${port} in ${ns}`);
});
