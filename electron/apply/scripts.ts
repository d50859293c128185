import probeText from './sh/probe.sh?raw';
import backupText from './sh/backup.sh?raw';
import uploadText from './sh/upload.sh?raw';
import checkText from './sh/check.sh?raw';
import installText from './sh/install.sh?raw';
import switchText from './sh/switch.sh?raw';
import switchStageText from '../../templates/stages/switch-stage.sh?raw';
import armText from './sh/arm.sh?raw';
import confirmText from './sh/confirm.sh?raw';
import revertNowText from './sh/revert-now.sh?raw';
import latestBackupText from './sh/latest-backup.sh?raw';
import restoreText from './sh/restore.sh?raw';
import verifyText from './sh/verify.sh?raw';
import firewallStateText from './sh/firewall-state.sh?raw';
import guardText from './sh/guard.sh?raw';
import deadlineText from './sh/deadline.sh?raw';
import stateText from './sh/state.sh?raw';
import bootGuardText from './sh/boot-guard.sh?raw';
import applyLockText from './sh/apply-lock.sh?raw';
import packagesText from './sh/packages.sh?raw';

/**
 * The fixed bash programs the apply engine runs on the router (the files in sh/). ARM, PACKAGES, CHECK,
 * INSTALL and SWITCH start with guard.sh: they hold the backup's lock that restore.sh waits for, refuse
 * to run once the apply is decided, and survive a dropped connection. They contain no
 * profile value: every value arrives as a positional parameter ("$1"…) or as data on stdin, so
 * quoting can never turn a value into code (house style: argv arrays, never shell strings built from
 * a profile). Each is run as `bash -c SCRIPT v6wizard ARGS…` through RemoteSession.exec.
 */

/** guard.sh and the boot-relative deadline its re-arm uses (deadline.sh). */
const GUARD = `${guardText}\n${deadlineText}`;

/**
 * Read the router's current files and programs. Args: PATH… -- PROGRAM… -- NETSYS. Prints per path one
 * header line (`F mode user:group`, `O` for something that is not a regular file, `A` for absent) and
 * one line of base64 content, then `P name` for each program found, then `S` and an `L ss-line` per
 * port-53 listener, then for ifupdown `N path` and a base64 line per file under /etc/network.
 */
export const PROBE: string = probeText;

/**
 * Take the router's apply lock, then back up everything the apply touches into a new folder, before
 * anything changes. Args: BACKUPS_ROOT SUFFIX HOLDER LIMIT BEFORE_ARM BACKEND NETSYS WAN TUNNEL LAN
 * LAN_ADDRESS -- PATH… -- UNIT… -- SYSCTL_KEY…; stdin: restore.sh.
 * Records which files existed (a byte copy with cp -a) and which did not, the folders that will be
 * created, each unit's enabled/active state, sysctl values, whether the tunnel and the LAN address
 * existed, and the current iptables/ip6tables rules.
 */
export const BACKUP: string = `${firewallStateText}\n${stateText}\n${applyLockText}\n${backupText}`;

/**
 * fw_save, fw_unload and fw_reload (sh/firewall-state.sh): v6wizard's own chains and nftables table,
 * saved and put back without touching another tool's. Part of BACKUP and of RESTORE.
 */
export const FIREWALL_STATE: string = firewallStateText;

/**
 * Unpack the uploaded files (a tar.gz on stdin) into a root-only staging folder. Args: STAGE_DIR.
 */
export const UPLOAD: string = uploadText;

/**
 * Each daemon's own check on its uploaded file, in install order. Args: BACKUP_DIR STAGE_DIR, then per file:
 * PATH MODE OWNER EARLY NR DIRS(NR words) N ARGV(N words, {file} = the staged copy, {root} = a
 * temporary root holding a copy of the DIRS as they are on the router with the staged file at PATH:
 * RenderedFile.checkRoot, for netplan, which merges its new file with the person's own). EARLY=1 puts the file in place at
 * once (scripts in /usr/local/sbin: systemd-analyze verify of a unit fails while its ExecStart=
 * program does not exist; it was backed up, and a failed check restores it). Stops at the first
 * failure with exit 3 and the checker's output.
 */
export const CHECK: string = `${GUARD}\n${checkText}`;

/**
 * Put every staged file in place: a copy next to the target (same filesystem), mode and owner set,
 * then one rename, so no daemon ever reads half a file. Args: BACKUP_DIR STAGE_DIR RELOAD(0|1) UNIT
 * REARM, then per file PATH MODE OWNER. Runs systemctl daemon-reload when RELOAD=1 (a unit changed);
 * REARM (seconds, or '' ) starts the confirmation window when no stage follows.
 */
export const INSTALL: string = `${GUARD}\n${installText}`;

/** Install the agreed packages under the guard, listing what they added. Args: BACKUP_DIR PACKAGE… */
export const PACKAGES: string = `${GUARD}\n${packagesText}`;

/**
 * Switch one stage on with the commands install.sh's end_stage runs (both include
 * templates/stages/switch-stage.sh), then enable and restart its units. Args: BACKUP_DIR UNIT REARM
 * STAGE NETSYS WAN TUNNEL LAN LAN_ADDRESS -- CHANGED_PATH… -- (KIND UNIT)… where KIND is unit (enable
 * when disabled, restart) or dropin (try-restart someone else's service). REARM is '' except for the last stage,
 * where it is the confirmation time: the window starts when the switch has finished, router-side.
 */
export const SWITCH: string = `${GUARD}\n${switchStageText}\n${switchText}`;

/**
 * Arm the revert before anything is placed, under the guard: first claim the router's apply lock for
 * the rest of the apply (sh/apply-lock.sh; exit 3 when it was freed already, nothing changed), then
 * the boot guard on disk (sh/boot-guard.sh: a power cut or reboot before the confirmation restores at
 * the next boot), then the timer (UNIT.timer). Args:
 * SECONDS UNIT BACKUP_DIR, where SECONDS is the confirmation time plus the switch's bound; the last
 * stage re-arms to the confirmation time as UNIT-confirm.timer.
 */
export const ARM: string = `${GUARD}\n${bootGuardText}\n${applyLockText}\n${armText}`;

/**
 * Confirm: claim the decision (mkdir is atomic, and restore.sh claims the same folder) and sync it,
 * then disarm both timers, remove the boot guard and drop the staging folder. Exit 3 when the router
 * already reverted. Args: BACKUP_DIR UNIT STAGE_DIR.
 */
export const CONFIRM: string = `${bootGuardText}\n${applyLockText}\n${confirmText}`;

/**
 * Undo now (cancel, failure, or rollback on request): disarm the timers if there are any, then run
 * restore.sh (which waits for a restore already running) and print its log. Args: BACKUP_DIR UNIT
 * STAGE_DIR FORCE(0|1) [HOLDER]. FORCE (rollback on request) takes the router's apply lock for HOLDER
 * first (exit 75 naming the apply that holds it) and runs the restore even when the apply was
 * confirmed; without it a confirmed apply is left alone and the exit code is 4.
 */
export const REVERT_NOW: string = `${applyLockText}\n${revertNowText}`;

/** The newest backup folder that has a restore.sh (for rollback on request). Args: BACKUPS_ROOT. */
export const LATEST_BACKUP: string = latestBackupText;

/**
 * restore.sh, uploaded into every backup folder: puts the router back as the backup recorded it,
 * stops at the first failing step (exit 3, naming it), and compares the router with the backup at the
 * end (exit 3 with each difference). Run by the revert timer, by a failed or cancelled apply, by
 * rollback on request (--force), or early at boot by the boot guard (--at-boot).
 */
export const RESTORE: string = (() => {
  const marker = '# @LIBRARY@\n';
  if (!restoreText.includes(marker)) throw new Error('restore.sh lost its library marker');
  // A function, not a string: the library's own `$'…'` would be read as a replacement pattern.
  const library = `${firewallStateText}\n${stateText}\n${bootGuardText}\n${applyLockText}\n`;
  return restoreText.replace(marker, () => library);
})();

/**
 * The checks after switching; one `name<TAB>ok|fail<TAB>detail` line each. Args: TUNNEL SERVER6 LAN RA
 * DHCP FW BACKEND OUTSIDE LAN6 NETSYS. On ifupdown, `boot` says whether the boot raises what is set live.
 */
export const VERIFY: string = verifyText;
