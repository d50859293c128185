import type { Profile } from '../../profile/types';
import type { Problem } from '../problem';
import { dadRule } from './dad';
import { dhcpv6Rule } from './dhcpv6';
import { firewallRule } from './firewall';
import { lanRule } from './lan';
import { metaRule } from './meta';
import { raRule } from './ra';
import { routerRule } from './router';
import { routerDnsRule } from './router-dns';
import { tunnelRule } from './tunnel';

/** A semantic rule: looks at a profile of the right shape and reports what is wrong. Pure. */
export type Rule = (profile: Profile) => Problem[];

/** Every rule, in the order their problems should read (router → tunnel → lan → ra → dhcpv6 → firewall → dad). */
export const RULES: readonly Rule[] = [
  metaRule,
  routerRule,
  tunnelRule,
  lanRule,
  raRule,
  dhcpv6Rule,
  routerDnsRule,
  firewallRule,
  dadRule,
];
