import { isPrivateV4 } from '../net/addr';
import type { Found, IfAddress, InterfaceGuess, NetInterface, Route } from './types';
import { found, unknown } from './types';

const firstGlobalV4 = (i: NetInterface): IfAddress | undefined =>
  i.addresses.find((a) => a.family === 'inet' && a.scope === 'global');
const firstV4 = (i: NetInterface): string | undefined => firstGlobalV4(i)?.address;
/** Whether that address has a lifetime (leased by DHCP) rather than being set by hand. */
const leasedV4 = (i: NetInterface): boolean => firstGlobalV4(i)?.dynamic === true;

/**
 * WAN = the interface of the default IPv4 route (lowest metric); LAN = another interface that is up,
 * not loopback or a tunnel, with a private IPv4 — one set by hand before one leased by DHCP, then by
 * name; the others are named too. Both are guesses the person confirms; when nothing fits the reason
 * says what was missing.
 */
export function guessInterfaces(interfaces: Found<NetInterface[]>, routes4: Found<Route[]>): InterfaceGuess {
  if (!interfaces.known) {
    const reason = `no interface list: ${interfaces.reason}`;
    return { wan: unknown(reason), lan: unknown(reason), wanBehindNat: unknown(reason) };
  }
  const byName = new Map(interfaces.value.map((i) => [i.name, i]));
  let wan: InterfaceGuess['wan'];
  if (!routes4.known) wan = unknown(`no IPv4 routes: ${routes4.reason}`);
  else {
    const defaults = routes4.value
      .filter((r) => r.dst === 'default' && r.dev !== undefined && byName.has(r.dev))
      .sort((a, b) => (a.metric ?? 0) - (b.metric ?? 0));
    const dev = defaults[0]?.dev;
    const iface = dev !== undefined ? byName.get(dev) : undefined;
    wan =
      iface === undefined
        ? unknown('there is no default IPv4 route, so the WAN interface cannot be told apart')
        : found({
            name: iface.name,
            ipv4: firstV4(iface),
            why: `the default IPv4 route goes out through ${iface.name}`,
          });
  }
  const wanName = wan.known ? wan.value.name : undefined;
  const candidates = interfaces.value
    .filter((i) => i.name !== wanName && i.up && i.linkType === 'ether')
    .filter((i) => {
      const v4 = firstV4(i);
      return v4 !== undefined && isPrivateV4(v4);
    })
    // A router's own LAN address is set by hand. One leased from a DHCP server means this box is a
    // client on that network (a management link, a second uplink), not the network it serves.
    .sort((a, b) => Number(leasedV4(a)) - Number(leasedV4(b)) || (a.name < b.name ? -1 : 1));
  const lanIface = candidates[0];
  const others = candidates.slice(1).map((i) => i.name);
  const lan: InterfaceGuess['lan'] =
    lanIface === undefined
      ? unknown('no other interface is up with a private IPv4 address')
      : found({
          name: lanIface.name,
          why:
            `${lanIface.name} is up with the private address ${firstV4(lanIface) ?? ''}` +
            (leasedV4(lanIface) ? ' (leased by DHCP)' : ', set by hand') +
            (others.length > 0 ? `; also possible: ${others.join(', ')}` : ''),
          candidates: candidates.map((i) => i.name),
        });
  let wanBehindNat: Found<boolean>;
  if (!wan.known) wanBehindNat = unknown(wan.reason);
  else if (wan.value.ipv4 === undefined)
    wanBehindNat = unknown(`${wan.value.name} has no global IPv4 address`);
  else wanBehindNat = found(isPrivateV4(wan.value.ipv4));
  return { wan, lan, wanBehindNat };
}
