import type { ChannelFunctions } from '../../shared/ipc/preload-api';

/**
 * One handler per channel, taking the already validated request (shared/ipc/validate-request.ts) and
 * resolving to a Result. The same shape the preload exposes to the page, so Electron's main and the
 * browser host both forward a channel to `handlers[channel]` without knowing what it does.
 */
export type Handlers = ChannelFunctions;
