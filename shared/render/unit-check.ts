/**
 * The check every generated systemd unit gets. `--man=no`: verify otherwise runs `man` for each
 * `Documentation=man:` line and fails on routers without man-db (minimal and cloud installs), which
 * would stop an install over a missing manual page rather than a broken unit.
 */
export const UNIT_CHECK: readonly string[] = ['systemd-analyze', 'verify', '--man=no', '{file}'];
