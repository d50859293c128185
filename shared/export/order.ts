import type { RenderedFile } from '../render/types';
import { STAGES } from '../render/types';

const SCRIPT_DIRS = ['/usr/local/sbin/', '/usr/local/bin/'];
const isScript = (path: string): boolean => SCRIPT_DIRS.some((d) => path.startsWith(d));

/**
 * The install order: stage by stage (STAGES, which fails closed: firewall before network, forwarding
 * last), and inside a stage the scripts in /usr/local/sbin first, because `systemd-analyze verify` of a
 * unit fails while the program in its ExecStart= does not exist yet. The manifest and install.sh both use this order.
 */
export function installOrder(files: readonly RenderedFile[]): RenderedFile[] {
  return [...files].sort(
    (a, b) =>
      STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) ||
      Number(isScript(b.path)) - Number(isScript(a.path)) ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
}
