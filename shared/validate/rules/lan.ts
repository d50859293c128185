import { parseInterfaceId, parseV6Prefix, subnetCount } from '../../net/addr';
import { error, type Problem } from '../problem';
import { ROUTED_LENGTHS } from './context';
import type { Rule } from './index';
import { show } from './show';

export const lanRule: Rule = (profile) => {
  const problems: Problem[] = [];
  const routed = parseV6Prefix(profile.tunnel.routedPrefix);
  // Only judge the subnet against a routed prefix that is itself right; tunnel.routedPrefix reports the rest.
  if (routed && (ROUTED_LENGTHS as readonly number[]).includes(routed.length)) {
    const count = subnetCount(routed);
    const id = profile.lan.subnetId;
    if (!Number.isSafeInteger(id) || id < 0 || BigInt(id) >= count) {
      const valid = count === 1n ? 'only 0' : `0–${count - 1n}`;
      problems.push(
        error(
          'lan.subnetId',
          `is ${id}; a /${routed.length} holds ${count} /64 network${count === 1n ? '' : 's'}, so the subnet ID can be ${valid}`,
        ),
      );
    }
  }
  const iid = parseInterfaceId(profile.lan.routerInterfaceId);
  if (iid === undefined) {
    problems.push(
      error(
        'lan.routerInterfaceId',
        `is ${show(profile.lan.routerInterfaceId)} — give the router's interface ID as an address suffix that sets only the low 64 bits, e.g. ::1`,
      ),
    );
  } else if (iid === 0n) {
    problems.push(
      error(
        'lan.routerInterfaceId',
        'is ::, the subnet-router anycast address, which a host must not use as its own; use ::1',
      ),
    );
  }
  return problems;
};
