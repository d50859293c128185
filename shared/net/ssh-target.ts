/**
 * What a router's SSH login may look like, for the CLI's `--host` reader and the app's connect request
 * alike. A user or host name never holds whitespace, control characters or shell/ssh option syntax.
 */
const USER = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;
const HOST = /^[A-Za-z0-9.:%_-]+$/;
/** OpenSSH's SHA256 fingerprint form: `SHA256:` and 43 base64 characters without padding. */
export const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

export const isUserName = (user: string): boolean => user.length <= 64 && USER.test(user);

export const isHostName = (host: string): boolean =>
  host.length > 0 && host.length <= 253 && HOST.test(host) && !host.startsWith('-');

export const isPort = (port: unknown): port is number =>
  typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
