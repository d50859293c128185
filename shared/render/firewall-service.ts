import { UNIT_CHECK } from './unit-check';
import scriptTemplate from '../../templates/firewall/v6wizard-firewall.sh.tmpl?raw';
import nftScriptTemplate from '../../templates/firewall/v6wizard-firewall-nft.sh.tmpl?raw';
import unitTemplate from '../../templates/firewall/v6wizard-firewall.service.tmpl?raw';
import type { FirewallBackend } from '../profile/types';
import { assertNever } from '../util/assert-never';
import {
  backendTools,
  FIREWALL_PATHS,
  FIREWALL_SERVICE,
  NFT_TABLE,
  PROTO41_CHAIN,
  V6_CHAINS,
  type IptablesBackend,
} from './firewall-backend';
import { header } from './header';
import { fill } from './template';
import type { RenderContext, RenderedFile } from './types';

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/**
 * Whether the other iptables flavour may hold v6wizard's chains, as a shell test. Legacy is asked only
 * when its filter table exists (asking legacy iptables loads its modules); asking iptables-nft
 * creates nothing.
 */
function otherFlavour(backend: IptablesBackend): {
  ip6tables: string;
  iptables: string;
  v6: string;
  v4: string;
} {
  switch (backend) {
    case 'iptables-nft':
      return {
        ip6tables: 'ip6tables-legacy',
        iptables: 'iptables-legacy',
        v6: 'grep -qsx filter /proc/net/ip6_tables_names',
        v4: 'grep -qsx filter /proc/net/ip_tables_names',
      };
    case 'iptables-legacy':
      return {
        ip6tables: 'ip6tables-nft',
        iptables: 'iptables-nft',
        v6: 'command -v ip6tables-nft >/dev/null 2>&1',
        v4: 'command -v iptables-nft >/dev/null 2>&1',
      };
    default:
      return assertNever(backend);
  }
}

function scriptContent(backend: FirewallBackend, ctx: RenderContext): string {
  const chains = { input: V6_CHAINS.input, forward: V6_CHAINS.forward, proto41: PROTO41_CHAIN };
  if (backend === 'nftables') {
    return fill(nftScriptTemplate, {
      header: header(ctx),
      nftTable: NFT_TABLE,
      ...chains,
      rulesName: baseName(FIREWALL_PATHS.nftRules),
    });
  }
  const tools = backendTools(backend);
  const other = otherFlavour(backend);
  return fill(scriptTemplate, {
    header: header(ctx),
    ip6tables: tools.ip6tables,
    ip6Restore: tools.ip6Restore,
    iptables: tools.iptables,
    ipRestore: tools.ipRestore,
    ...chains,
    otherIp6tables: other.ip6tables,
    otherIptables: other.iptables,
    otherV6: other.v6,
    otherV4: other.v4,
    nftTable: NFT_TABLE,
    v6RulesName: baseName(FIREWALL_PATHS.v6Rules),
    v4RulesName: baseName(FIREWALL_PATHS.v4Rules),
  });
}

/**
 * `/usr/local/sbin/v6wizard-firewall`: loads the rules idempotently (`start`) or removes v6wizard's own
 * part of the firewall (`stop`); never anything of another tool's.
 */
export function renderFirewallScript(backend: FirewallBackend, ctx: RenderContext): RenderedFile {
  return {
    path: FIREWALL_PATHS.script,
    mode: 0o755,
    owner: 'root:root',
    service: FIREWALL_SERVICE,
    content: scriptContent(backend, ctx),
    validate: ['bash', '-n', '{file}'],
    stage: 'firewall',
    description:
      "Loads the firewall rules into v6wizard's own chains or table; `stop` removes them (and nothing of other tools) and is only ever run by hand.",
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
