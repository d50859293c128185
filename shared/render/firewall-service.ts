import { UNIT_CHECK } from './unit-check';
import scriptTemplate from '../../templates/firewall/v6wizard-firewall.sh.tmpl?raw';
import unitTemplate from '../../templates/firewall/v6wizard-firewall.service.tmpl?raw';
import type { Profile } from '../profile/types';
import { backendTools, FIREWALL_PATHS, FIREWALL_SERVICE, PROTO41_CHAIN } from './firewall-backend';
import { header } from './header';
import { fill } from './template';
import type { RenderContext, RenderedFile } from './types';

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** `/usr/local/sbin/v6wizard-firewall`: loads both rule files idempotently (`start`) or opens up (`stop`). */
export function renderFirewallScript(profile: Profile, ctx: RenderContext): RenderedFile {
  const tools = backendTools(profile.router.firewallBackend);
  const content = fill(scriptTemplate, {
    header: header(ctx),
    ip6tables: tools.ip6tables,
    ip6Restore: tools.ip6Restore,
    iptables: tools.iptables,
    ipRestore: tools.ipRestore,
    chain: PROTO41_CHAIN,
    v6RulesName: baseName(FIREWALL_PATHS.v6Rules),
    v4RulesName: baseName(FIREWALL_PATHS.v4Rules),
  });
  return {
    path: FIREWALL_PATHS.script,
    mode: 0o755,
    owner: 'root:root',
    service: FIREWALL_SERVICE,
    content,
    validate: ['bash', '-n', '{file}'],
    stage: 'firewall',
    description: 'Loads the firewall rules; `stop` opens the firewall and is only ever run by hand.',
  };
}

/** `/etc/systemd/system/v6wizard-firewall.service`: runs the script at boot, before any interface is up. */
export function renderFirewallUnit(ctx: RenderContext): RenderedFile {
  return {
    path: FIREWALL_PATHS.unit,
    mode: 0o644,
    owner: 'root:root',
    service: FIREWALL_SERVICE,
    content: fill(unitTemplate, { header: header(ctx), script: FIREWALL_PATHS.script }),
    validate: [...UNIT_CHECK],
    stage: 'firewall',
    description: 'Starts the firewall at boot, before the network comes up.',
  };
}
