import { requirements } from '../../shared/export/requirements';
import type { Profile } from '../../shared/profile/types';
import { FORWARDING_SYSCTL } from '../../shared/render/forwarding';
import type { RenderedFile } from '../../shared/render/types';

const SYSCTL_LINE = /^\s*([a-z0-9_.\-/]+)\s*=/;

/**
 * The sysctl keys the apply may change, so the backup can record their current values: those the
 * rendered sysctl files set, and forwarding, which the forwarding unit switches.
 */
export function sysctlKeys(files: readonly RenderedFile[]): string[] {
  return [
    ...files
      .filter((f) => f.stage === 'sysctl')
      .flatMap((f) => f.content.split('\n').flatMap((l) => SYSCTL_LINE.exec(l)?.[1] ?? [])),
    FORWARDING_SYSCTL,
  ];
}

/**
 * check.sh's arguments after BACKUP_DIR STAGE_DIR, per file: PATH MODE OWNER EARLY, the folders a
 * `{root}` check copies (count first), and the check's argv (count first).
 */
export function checkArgs(files: readonly RenderedFile[]): string[] {
  return files.flatMap((f) => {
    const early = /^\/usr\/local\/s?bin\//.test(f.path) ? '1' : '0';
    const argv = f.validate ?? [];
    const dirs = f.checkRoot ?? [];
    return [
      f.path,
      `0${f.mode.toString(8)}`,
      f.owner,
      early,
      String(dirs.length),
      ...dirs,
      String(argv.length),
      ...argv,
    ];
  });
}

/** The programs the plan checks for (install.sh's REQUIRED list). */
export function requirementBinaries(profile: Profile, files: readonly RenderedFile[]): string[] {
  return requirements(profile, files).map((r) => r.binary);
}
