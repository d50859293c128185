import type { Channel, RequestOf, ResponseOf, Result } from '../../../shared/ipc/contract';
import { failure, isResult } from './api-result';
import type { Api } from './api-types';

/** The header the browser host checks (electron/web/server.ts TOKEN_HEADER). */
const TOKEN_HEADER = 'x-v6wizard-token';

/** The little of fetch's answer the client reads. */
interface WireResponse {
  status: number;
  text(): Promise<string>;
}

/**
 * What the web client needs from the browser, injected so it runs under Node in the tests against
 * the real server (api.ts passes window's own objects).
 */
export interface WebEnvironment {
  /** The page's address, with `?token=…` when opened from the printed URL. */
  readonly href: string;
  /** history.replaceState: takes the token out of the address bar, the history and bookmarks. */
  replaceUrl(url: string): void;
  fetch(
    url: string,
    init: { method: 'POST'; headers: Record<string, string>; body: string },
  ): Promise<WireResponse>;
}

/** Read the token once and remove it from the address bar, so it is not shared by copying the URL. */
function takeToken(env: WebEnvironment): { token: string | undefined; base: URL } {
  const url = new URL(env.href);
  const token = url.searchParams.get('token') ?? undefined;
  if (token !== undefined) {
    url.searchParams.delete('token');
    env.replaceUrl(url.pathname + url.search + url.hash);
  }
  return { token, base: url };
}

/** An HTTP refusal as a Result: the server's plain-text reason, plus what the person can do. */
async function refusal(response: WireResponse): Promise<Result<never>> {
  const reason = (await response.text().catch(() => '')).trim();
  const because = reason === '' ? `HTTP ${response.status}` : reason;
  if (response.status === 413) return failure('BAD_REQUEST', `The request was too large: ${because}`);
  if (response.status === 403 || response.status === 421) {
    return failure(
      'INTERNAL',
      `The v6wizard host refused the request (${because}). Open the URL printed by npm run web again.`,
    );
  }
  return failure('INTERNAL', `The v6wizard host answered HTTP ${response.status}: ${because}`);
}

/**
 * The Api over HTTP to the browser host: POST /api/<channel> with the JSON request and the run's token
 * in a header (never in the URL, so it does not end up in logs or history). Never throws: a host that
 * is gone, a refusal or a garbled answer all resolve to a failed Result.
 */
export function createWebApi(env: WebEnvironment): Api {
  const { token, base } = takeToken(env);
  return {
    runtime: 'web',
    async call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
      if (token === undefined) {
        return failure(
          'INTERNAL',
          'This page was opened without its token: open the URL printed by npm run web.',
        );
      }
      let response: WireResponse;
      try {
        response = await env.fetch(new URL(`/api/${channel}`, base).href, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
          body: JSON.stringify(request),
        });
      } catch (e) {
        return failure(
          'IO_ERROR',
          `The v6wizard host cannot be reached (was npm run web stopped?): ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      if (response.status !== 200) return refusal(response);
      let body: unknown;
      try {
        body = JSON.parse(await response.text());
      } catch {
        return failure('INTERNAL', 'The v6wizard host sent an answer that is not JSON.');
      }
      // The host answers with the channel's Result; this checks the envelope, the contract types the value.
      return isResult(body)
        ? (body as Result<ResponseOf<C>>)
        : failure('INTERNAL', 'The v6wizard host sent an answer that is not a Result.');
    },
    // The browser host has no native menu: the page shows its own buttons, so nothing ever arrives.
    onMenuCommand: () => () => undefined,
    onOpenRecent: () => () => undefined,
  };
}
