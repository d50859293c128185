import { isHostName, isUserName } from '../../shared/net/ssh-target';
import type { RemoteTarget } from './types';

/**
 * Read `[user@]host[:port]`; an IPv6 address takes brackets when a port follows (`[2001:db8::1]:2222`),
 * a bare IPv6 address without brackets is taken whole. Returns an error text instead of throwing.
 */
export function parseTarget(text: string, defaultUser: string): RemoteTarget | { error: string } {
  const at = text.lastIndexOf('@');
  const user = at >= 0 ? text.slice(0, at) : defaultUser;
  const rest = at >= 0 ? text.slice(at + 1) : text;
  let host = rest;
  let portText: string | undefined;
  const bracket = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (bracket?.[1] !== undefined) {
    host = bracket[1];
    portText = bracket[2];
  } else if (rest.split(':').length === 2) {
    [host = '', portText] = rest.split(':');
  }
  if (!isUserName(user)) return { error: `not a user name: ${JSON.stringify(user)}` };
  if (!isHostName(host)) {
    return { error: `not a host name or address: ${JSON.stringify(host)}` };
  }
  let port = 22;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      return { error: `not a port: ${JSON.stringify(portText)}` };
    }
    port = Number(portText);
  }
  return { host, port, user };
}

/** How a target is written in messages and in `forget-host`: host, `[host]:port` when the port is not 22. */
export function hostLabel(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${String(port)}`;
}
