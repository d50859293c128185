import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import type { BrokerUpdate } from '../../shared/profile/types';

/** Hurricane Electric's endpoint update (the "Example Update URL" on the tunnel's Advanced tab). */
export const HE_UPDATE_BASE = 'https://ipv4.tunnelbroker.net/nic/update';

/** What the update needs: the profile's names plus the key from the secret store. */
export interface BrokerRequest {
  url: URL;
  username: string;
  updateKey: string;
}

/** Sends the update and returns the broker's answer text; injected so tests use a local server. */
export type BrokerUpdater = (req: BrokerRequest) => Promise<{ status: number; body: string }>;

/**
 * The request for a tunnel: `hostname` is the tunnel id; without `myip` HE takes the address the
 * request comes from, which is the router's public IPv4 only when the app runs behind the same NAT,
 * so the caller passes `myip` when the router's WAN address is public.
 */
export function brokerRequest(
  update: BrokerUpdate,
  updateKey: string,
  base = HE_UPDATE_BASE,
  myip?: string,
): BrokerRequest {
  const url = new URL(base);
  url.searchParams.set('hostname', update.tunnelId);
  if (myip !== undefined) url.searchParams.set('myip', myip);
  return { url, username: update.username, updateKey };
}

/** HE answers like dyndns: "good …" and "nochg …" mean the endpoint is now right. */
export function brokerAccepted(body: string): boolean {
  return /^(good|nochg)\b/.test(body.trim());
}

/** How long the broker gets to answer before the update fails. */
export const BROKER_TIMEOUT_MS = 15_000;

/**
 * An updater that sends one HTTPS GET with Basic auth (the key goes in a header, never in the URL, so
 * it does not end up in logs) and fails after `timeoutMs` without an answer. http: only for tests
 * against a local server. Errors name the broker's host, never the URL's query or the key.
 */
export function httpUpdater(timeoutMs = BROKER_TIMEOUT_MS): BrokerUpdater {
  return (req) =>
    new Promise((resolve, reject) => {
      const request = req.url.protocol === 'https:' ? httpsRequest : httpRequest;
      const auth = Buffer.from(`${req.username}:${req.updateKey}`).toString('base64');
      let timedOut = false;
      const r = request(
        req.url,
        { method: 'GET', headers: { authorization: `Basic ${auth}` }, timeout: timeoutMs },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body });
          });
          res.on('error', (e) => {
            reject(
              new Error(
                timedOut
                  ? `the broker at ${req.url.host} did not finish its answer within ${timeoutMs / 1000} s`
                  : `the broker at ${req.url.host} broke off its answer: ${e.message}`,
              ),
            );
          });
        },
      );
      r.on('timeout', () => {
        timedOut = true;
        r.destroy(new Error('timeout'));
      });
      r.on('error', (e) => {
        reject(
          new Error(
            timedOut
              ? `the broker at ${req.url.host} did not answer within ${timeoutMs / 1000} s`
              : `could not reach the broker at ${req.url.host}: ${e.message}`,
          ),
        );
      });
      r.end();
    });
}

/** The real updater: one HTTPS GET with Basic auth, 15 s timeout (see httpUpdater). */
export const httpBrokerUpdater: BrokerUpdater = httpUpdater();
