import { conf } from './lang/conf';
import { ifupdown } from './lang/ifupdown';
import { ini } from './lang/ini';
import { iptables } from './lang/iptables';
import { json } from './lang/json';
import { plain } from './lang/plain';
import { shell } from './lang/shell';
import { yaml } from './lang/yaml';
import type { Language } from './scanner';

/** File families v6wizard generates, each read by its own tokenizer. */
export type Family = 'shell' | 'ini' | 'conf' | 'json' | 'iptables' | 'yaml' | 'ifupdown' | 'plain';

export const LANGUAGES: Record<Family, Language> = {
  shell,
  ini,
  conf,
  json,
  iptables,
  yaml,
  ifupdown,
  plain,
};

const SYSTEMD_UNIT = /\.(service|socket|timer|target|mount|path|network|netdev|link)$/;
const SCRIPT_DIR = /^\/usr\/(local\/)?s?bin\//;

/**
 * The family of a file, from its path (an absolute router path such as `/etc/radvd.conf`, or an export
 * file name such as `install.sh`). A file that starts with `#!` is a script wherever it lives.
 */
export function familyOf(path: string, content: string): Family {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name.endsWith('.sh') || SCRIPT_DIR.test(path) || path.startsWith('/etc/default/')) return 'shell';
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  if (name.endsWith('.json') || name.startsWith('kea-')) return 'json';
  if (name.endsWith('.rules') || name.includes('iptables')) return 'iptables';
  // nftables files are brace blocks with # comments, like radvd.conf.
  if (name === 'radvd.conf' || name.startsWith('dhcpd') || name === 'dhcp6s.conf' || name.endsWith('.nft'))
    return 'conf';
  if (path.startsWith('/etc/network/interfaces')) return 'ifupdown';
  if (
    SYSTEMD_UNIT.test(name) ||
    path.includes('/systemd/') ||
    path.includes('/sysctl') ||
    path.includes('dnsmasq')
  ) {
    return 'ini';
  }
  return content.startsWith('#!') ? 'shell' : 'plain';
}
