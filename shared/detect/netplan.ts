import { NETPLAN_DEVICE_TYPES, NETPLAN_TYPE_KEYS, type NetplanDeviceType } from '../profile/types';
import { parseYamlLite, YamlLiteError, type YamlValue } from './yaml-lite';

/** One device a person's netplan files define. */
export interface NetplanDevice {
  /**
   * The device's id in the file, which is the interface name for every type but an ethernet matched by
   * `match:`/`set-name:` (then the id is the person's own label and this device is not found by name).
   */
  name: string;
  type: NetplanDeviceType;
  /** A bridge's or bond's ports (`interfaces:`), a VLAN's parent (`link:`). */
  ports: string[];
  /** The file that defines it first. */
  file: string;
}

export interface NetplanFindings {
  devices: NetplanDevice[];
  /** Files that could not be read, with why (detect says so rather than guessing). */
  unread: { file: string; why: string }[];
}

/** v6wizard's own file: it only extends the person's definitions, so it never decides a device type. */
export const OWN_NETPLAN_FILE = '60-v6wizard.yaml';

const KEY_TO_TYPE = new Map<string, NetplanDeviceType>(
  NETPLAN_DEVICE_TYPES.map((t) => [NETPLAN_TYPE_KEYS[t], t]),
);

const isMap = (v: YamlValue | undefined): v is { [key: string]: YamlValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const names = (v: YamlValue | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

const base = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/**
 * The devices the person's netplan files define, in netplan's own order: by file name across
 * /lib, /etc and /run/netplan, a file in a later folder hiding one of the same name in an earlier one.
 * v6wizard's own file is left out. A device keeps the type of its first definition (netplan refuses a
 * later one of another type anyway); ports from several files are merged.
 */
export function parseNetplanFiles(files: readonly { path: string; content: string }[]): NetplanFindings {
  const byName = new Map<string, { path: string; content: string }>();
  for (const f of files) if (base(f.path) !== OWN_NETPLAN_FILE) byName.set(base(f.path), f);
  const devices = new Map<string, NetplanDevice>();
  const unread: NetplanFindings['unread'] = [];
  for (const name of [...byName.keys()].sort()) {
    const f = byName.get(name);
    if (!f) continue;
    let doc: YamlValue;
    try {
      doc = parseYamlLite(f.content);
    } catch (e) {
      if (!(e instanceof YamlLiteError)) throw e;
      unread.push({ file: f.path, why: e.message });
      continue;
    }
    const network = isMap(doc) ? doc['network'] : undefined;
    if (!isMap(network)) continue;
    for (const [key, section] of Object.entries(network)) {
      const type = KEY_TO_TYPE.get(key);
      if (type === undefined || !isMap(section)) continue;
      for (const [id, def] of Object.entries(section)) {
        const d = isMap(def) ? def : {};
        const ports = [...names(d['interfaces']), ...names(d['link'])];
        const known = devices.get(id);
        if (known) known.ports = [...new Set([...known.ports, ...ports])];
        else devices.set(id, { name: id, type, ports, file: f.path });
      }
    }
  }
  return { devices: [...devices.values()], unread };
}

/** The device named `name`, when the person's files define it. */
export function netplanDevice(findings: NetplanFindings, name: string): NetplanDevice | undefined {
  return findings.devices.find((d) => d.name === name);
}
