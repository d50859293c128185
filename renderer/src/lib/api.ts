import { createElectronApi } from './api-electron';
import type { Api } from './api-types';
import { createWebApi } from './api-web';

let instance: Api | undefined;

/**
 * The page's one Api: Electron's preload when it is there, otherwise the browser host over fetch.
 * Created on first use and kept, because the web client reads the token from the address bar once and
 * then removes it.
 */
export function getApi(): Api {
  instance ??= window.v6wizard
    ? createElectronApi(window.v6wizard)
    : createWebApi({
        href: window.location.href,
        replaceUrl: (url) => {
          window.history.replaceState(window.history.state, '', url);
        },
        // credentials 'same-origin' is fetch's default; no cookies are used, the token is a header.
        fetch: (url, init) => window.fetch(url, { ...init, cache: 'no-store', credentials: 'omit' }),
      });
  return instance;
}

export type { Api } from './api-types';

/**
 * The same Api as `getApi()`, created on first use rather than when this module loads, so importing it
 * (components, tests) touches neither the address bar nor the preload until a call is made.
 */
export const api: Api = {
  get runtime() {
    return getApi().runtime;
  },
  call: (channel, request) => getApi().call(channel, request),
  onMenuCommand: (listener) => getApi().onMenuCommand(listener),
  onOpenRecent: (listener) => getApi().onOpenRecent(listener),
};
