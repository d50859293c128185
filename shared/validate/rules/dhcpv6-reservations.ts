import { prefixContains, v6ToBig } from '../../net/addr';
import type { Profile } from '../../profile/types';
import { HOST_NAME } from '../names';
import { error, warning, type Problem } from '../problem';
import { checkUnicast } from './address';
import { networks } from './context';
import { checkDuid } from './duid';
import { show } from './show';

const IAID_MAX = 4294967295;

/** The pool as two integers when both ends are addresses, for "outside the pool" checks. */
function poolRange(profile: Profile): [bigint, bigint] | undefined {
  try {
    return [v6ToBig(profile.dhcpv6.poolStart), v6ToBig(profile.dhcpv6.poolEnd)];
  } catch {
    return undefined;
  }
}

/**
 * Fixed addresses by DUID. The syntax of every field is always checked (the values reach configs);
 * where the address may go is only judged in stateful mode, the only one that hands out addresses.
 */
export function reservationProblems(profile: Profile): Problem[] {
  const d = profile.dhcpv6;
  const stateful = d.mode === 'stateful';
  const { lan, lanRouter } = networks(profile);
  const pool = poolRange(profile);
  const problems: Problem[] = [];
  if (!stateful && d.reservations.length > 0) {
    problems.push(
      warning(
        'dhcpv6.reservations',
        `are unused: only stateful DHCPv6 hands out addresses, and mode is ${d.mode}`,
      ),
    );
  }
  const names = new Map<string, number>();
  const duids = new Map<string, number>();
  const addresses = new Map<string, number>();
  const once = (seen: Map<string, number>, key: string, i: number, path: string, what: string): void => {
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else
      problems.push(
        error(path, `${what} is already used by reservations[${first}]; each reservation needs its own`),
      );
  };
  d.reservations.forEach((r, i) => {
    const at = `dhcpv6.reservations[${i}]`;
    if (!HOST_NAME.test(r.name)) {
      problems.push(
        error(
          `${at}.name`,
          `is ${show(r.name)} — a host name is 1–63 letters, digits and '-', not starting or ending with '-', e.g. nas`,
        ),
      );
    } else {
      once(names, r.name.toLowerCase(), i, `${at}.name`, `the name ${r.name}`);
    }
    const duid = checkDuid(`${at}.duid`, r.duid);
    problems.push(...duid.problems);
    if (duid.canonical !== undefined) once(duids, duid.canonical, i, `${at}.duid`, 'this DUID');
    if (r.iaid !== undefined && (!Number.isInteger(r.iaid) || r.iaid < 0 || r.iaid > IAID_MAX)) {
      problems.push(error(`${at}.iaid`, `is ${r.iaid}; an IAID is a whole number from 0 to ${IAID_MAX}`));
    } else if (r.iaid !== undefined) {
      // Kea, dhcpd, dnsmasq and dhcp6s all key reservations on the DUID alone; the renderers keep the
      // IAID as a comment so it is not lost, and the person should know it does not narrow the match.
      problems.push(
        warning(
          `${at}.iaid`,
          'is kept as a note only: none of the DHCPv6 servers v6wizard configures can match a reservation on the IAID, so the reservation matches on the DUID alone',
        ),
      );
    }
    const checked = checkUnicast(`${at}.address`, r.address, '2001:db8:1::20');
    problems.push(...checked.problems);
    const a = checked.address;
    if (a === undefined) return;
    once(addresses, a, i, `${at}.address`, `the address ${a}`);
    if (!stateful || !lan) return;
    if (!prefixContains(lan, a)) {
      problems.push(
        error(
          `${at}.address`,
          `is ${a}, outside the LAN ${lan.network}/64; a reserved address must be on the LAN`,
        ),
      );
    } else if (a === lanRouter) {
      problems.push(
        error(
          `${at}.address`,
          `is ${a}, the router's own LAN address; pick another address in ${lan.network}/64`,
        ),
      );
    } else if (pool && v6ToBig(a) >= pool[0] && v6ToBig(a) <= pool[1]) {
      problems.push(
        warning(
          `${at}.address`,
          `is ${a}, inside the pool; some servers (ISC dhcpd, dnsmasq) may also lease it to another client — put reservations outside the pool`,
        ),
      );
    }
  });
  return problems;
}
