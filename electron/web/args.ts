/** What `npm run web [-- --port N] [--renderer DIR]` was asked to do. */
export type WebArgs =
  | { kind: 'serve'; port: number; rendererDir: string | undefined }
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string };

export const WEB_USAGE = `Usage: npm run web [-- --port PORT] [--renderer DIR]

Serves the v6wizard wizard to a browser on this machine (127.0.0.1 only) and prints the URL to open.
  --port PORT      listen on PORT (default: a free port chosen by the system)
  --renderer DIR   serve the renderer built in DIR (default: out/renderer)`;

/** Parse the browser host's arguments; never throws. */
export function parseWebArgs(argv: readonly string[]): WebArgs {
  let port = 0;
  let rendererDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--port' || arg === '--renderer') {
      if (value === undefined) return { kind: 'usage-error', message: `${arg} needs a value` };
      i++;
      if (arg === '--renderer') {
        rendererDir = value;
        continue;
      }
      if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
        return { kind: 'usage-error', message: `--port: ${JSON.stringify(value)} is not a port (0–65535)` };
      }
      port = Number(value);
      continue;
    }
    return { kind: 'usage-error', message: `unknown argument ${JSON.stringify(arg)}` };
  }
  return { kind: 'serve', port, rendererDir };
}
