import type { RenderContext } from './types';

/**
 * The stamp at the top of every generated file: who made it, from which profile, and where to change
 * it — so a person who finds the file on the router knows not to hand-edit it (projen's habit).
 */
export function header(ctx: RenderContext, comment = '#'): string {
  return [
    `${comment} Made by v6wizard from the profile "${ctx.profileSource}".`,
    `${comment} Change it in the v6wizard profile and export again; edits made here are overwritten.`,
  ].join('\n');
}
