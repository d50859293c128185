/**
 * The two messages the main process sends to the page (everything else is the page asking, through
 * electron/main/ipc.ts). Shared by main.ts and preload.ts so the names cannot drift apart.
 */

/** A MenuCommand from shared/ipc/contract.ts: New, Open, Save, Save As, Export. */
export const MENU_COMMAND_CHANNEL = 'menu:command';

/** File ▸ Open Recent ▸ <path>: the page reads that path with `profile:read`. */
export const MENU_OPEN_RECENT_CHANNEL = 'menu:openRecent';
