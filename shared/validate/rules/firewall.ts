import { prefixContains } from '../../net/addr';
import type { Profile } from '../../profile/types';
import { error, warning, type Problem } from '../problem';
import { checkUnicast } from './address';
import { networks } from './context';
import type { Rule } from './index';
import { show } from './show';

const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,31}$/;
/**
 * Opening descriptions land in ip6tables `--comment "…"` and in comments of generated files, so the
 * set leaves out quotes, backslashes, newlines and every shell metacharacter: nothing in them can end
 * the quoted comment or be read as syntax anywhere it is copied.
 */
const DESCRIPTION = /^[A-Za-z0-9 .,:_+/@=-]{0,128}$/;

function portProblems(path: string, port: number): Problem[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535
    ? []
    : [error(path, `is ${port}; a port is a whole number from 1 to 65535`)];
}

function routerServices(profile: Profile): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  profile.firewall.routerServices.forEach((s, i) => {
    const at = `firewall.routerServices[${i}]`;
    if (!SERVICE_NAME.test(s.name)) {
      problems.push(
        error(
          `${at}.name`,
          `is ${show(s.name)} — a service name is 1–32 letters, digits, spaces, '.', '_' and '-', starting with a letter or digit, e.g. Samba`,
        ),
      );
    }
    problems.push(...portProblems(`${at}.port`, s.port));
    const key = `${s.protocol}/${s.port}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else
      problems.push(
        warning(at, `opens ${key} again (already routerServices[${first}]); one entry is enough`),
      );
  });
  return problems;
}

function openings(profile: Profile): Problem[] {
  const { lan, lanRouter } = networks(profile);
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  profile.firewall.openings.forEach((o, i) => {
    const at = `firewall.openings[${i}]`;
    const checked = checkUnicast(`${at}.host`, o.host, '2001:db8:1::20');
    problems.push(...checked.problems, ...portProblems(`${at}.port`, o.port));
    if (!DESCRIPTION.test(o.description)) {
      problems.push(
        error(
          `${at}.description`,
          `is ${show(o.description)} — up to 128 letters, digits, spaces and . , : _ + / @ = - (no quotes, newlines or shell characters)`,
        ),
      );
    }
    const host = checked.address;
    if (host === undefined || !lan) return;
    if (host === lanRouter) {
      problems.push(
        error(
          `${at}.host`,
          `is ${host}, the router itself; openings reach hosts on the LAN ${lan.network}/64`,
        ),
      );
    } else if (!prefixContains(lan, host)) {
      problems.push(
        error(`${at}.host`, `openings reach hosts on the LAN; ${host} is outside ${lan.network}/64`),
      );
    }
    const key = `${host} ${o.protocol}/${o.port}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else problems.push(warning(at, `opens ${key} again (already openings[${first}]); one entry is enough`));
  });
  return problems;
}

function logRate(profile: Profile): Problem[] {
  const rate = profile.firewall.logRatePerMinute;
  return Number.isInteger(rate) && rate >= 1 && rate <= 600
    ? []
    : [error('firewall.logRatePerMinute', `is ${rate}; it must be from 1 to 600 log lines a minute`)];
}

export const firewallRule: Rule = (profile) => [
  ...routerServices(profile),
  ...openings(profile),
  ...logRate(profile),
];
