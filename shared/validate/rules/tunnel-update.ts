import type { BrokerUpdate } from '../../profile/types';
import { error, warning, type Problem } from '../problem';
import { show } from './show';

/** The broker account name; it is sent in an HTTPS request, so only URL-safe characters. */
const USERNAME = /^[A-Za-z0-9._@+-]{1,128}$/;
const TUNNEL_ID = /^[0-9]{1,12}$/;
/** A name for a secret kept elsewhere (OS secret store, environment variable); never the secret. */
const SECRET_REF = /^[A-Za-z0-9_.:-]{1,128}$/;
/** What a Hurricane Electric update key looks like; finding one here means the secret itself was pasted. */
const LOOKS_LIKE_KEY = /^[0-9a-fA-F]{32}$/;

/** Problems with the optional broker-update credentials (the key is referenced, never stored). */
export function updateProblems(u: BrokerUpdate): Problem[] {
  const problems: Problem[] = [];
  if (!USERNAME.test(u.username)) {
    problems.push(
      error(
        'tunnel.update.username',
        `is ${show(u.username)} — the broker user name is 1–128 letters, digits, '.', '_', '@', '+' or '-'`,
      ),
    );
  }
  if (!TUNNEL_ID.test(u.tunnelId)) {
    problems.push(
      error(
        'tunnel.update.tunnelId',
        `is ${show(u.tunnelId)} — the tunnel ID is 1–12 digits, as shown on the broker's tunnel page, e.g. 123456`,
      ),
    );
  }
  const ref = u.updateKey.secretRef;
  if (!SECRET_REF.test(ref)) {
    problems.push(
      error(
        'tunnel.update.updateKey.secretRef',
        `is ${show(ref, 12)} — a secret reference is a name of 1–128 letters, digits, '_', '.', ':' or '-', e.g. he-update-key`,
      ),
    );
  } else if (LOOKS_LIKE_KEY.test(ref)) {
    // Profiles are exported, shared and committed; a key stored here would leak with them.
    problems.push(
      warning(
        'tunnel.update.updateKey.secretRef',
        'looks like the update key itself (32 hex digits); the profile stores only a name for the key, ' +
          'and the key goes into the secret store or an environment variable — the key must not be stored in the profile',
      ),
    );
  }
  return problems;
}
