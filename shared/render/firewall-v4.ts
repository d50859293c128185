import template from '../../templates/firewall/iptables-proto41.rules.tmpl?raw';
import { parseV4 } from '../net/addr';
import type { Profile } from '../profile/types';
import {
  backendTools,
  FIREWALL_PATHS,
  FIREWALL_SERVICE,
  PROTO41_CHAIN,
  type IptablesBackend,
} from './firewall-backend';
import { header } from './header';
import { fill } from './template';
import type { RenderContext, RenderedFile } from './types';

/**
 * `/etc/v6wizard/iptables-proto41.rules`: one IPv4 chain accepting protocol 41 from the broker only.
 * Loaded with `--noflush` so v6wizard never touches the person's own IPv4 rules.
 */
export function renderProto41Rules(
  profile: Profile,
  ctx: RenderContext,
  backend: IptablesBackend,
): RenderedFile {
  const tools = backendTools(backend);
  const server = parseV4(profile.tunnel.serverIpv4);
  if (server === undefined)
    throw new Error(`firewall renderer got an unvalidated server: ${profile.tunnel.serverIpv4}`);
  return {
    path: FIREWALL_PATHS.v4Rules,
    mode: 0o644,
    owner: 'root:root',
    service: FIREWALL_SERVICE,
    content: fill(template, {
      header: header(ctx),
      restoreCommand: tools.ipRestore,
      chain: PROTO41_CHAIN,
      server,
    }),
    validate: [tools.ipRestore, '--test', '--noflush', '{file}'],
    stage: 'firewall',
    description:
      'IPv4: lets the tunnel packets (protocol 41) in from the tunnel broker and drops them from anyone else; your own IPv4 rules stay as they are.',
  };
}
