import { expect } from 'vitest';
import type { RenderedFile } from '../../shared/render/types';
import { runDaemonCheck } from './daemon-check';
import { verifyUnits } from './verify-units';

/**
 * Every rendered file's own checker must accept it, with the checker's output in the failure message.
 * Units go through verifyUnits, which provides the rendered scripts at their ExecStart paths.
 * `rootFiles` are the router's own files a `checkRoot` check reads beside the rendered one.
 * `prepare` lets a test adjust a file's check first (e.g. run Kea's inside a namespace that has the LAN
 * interface, because `kea-dhcp6 -t` refuses a config naming a missing interface).
 */
export function expectRealChecksPass(
  files: RenderedFile[],
  prepare: (file: RenderedFile) => RenderedFile = (f) => f,
  rootFiles: readonly { path: string; content: string }[] = [],
): void {
  for (const f of files.filter((x) => x.validate && x.validate[0] !== 'systemd-analyze')) {
    const result = runDaemonCheck(prepare(f), rootFiles);
    expect(result.ok, `${f.path}: ${result.argv.join(' ')}\n${result.output}`).toBe(true);
  }
  for (const u of verifyUnits(files))
    expect(u.ok, `systemd-analyze verify ${u.path}\n${u.output}`).toBe(true);
}
