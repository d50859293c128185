import type { Profile } from '../../profile/types';
import type { Problem } from '../problem';

/** A semantic rule: looks at a profile of the right shape and reports what is wrong. Pure. */
export type Rule = (profile: Profile) => Problem[];

/** Every rule, in the order their problems should read (router → tunnel → lan → ra → dhcpv6 → firewall → dad). */
export const RULES: readonly Rule[] = [];
