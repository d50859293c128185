#!/bin/bash
# Made by v6wizard from the profile "netplan-bridge".
# Change it in the v6wizard profile and export again; edits made here are overwritten.
#
# Puts this export's files in place on this router and switches them on, stage by stage:
#   sudo ./install.sh --dry-run   shows what would change, with a diff, and touches nothing
#   sudo ./install.sh             installs
# For every file: unchanged files are left alone; a changed file is backed up, copied to a temporary
# name in its own folder, checked by its daemon's own parser, and only then renamed into place (a
# rename is atomic, so a daemon never reads half a file). The backup folder holds undo.sh.
#
# V6WIZARD_ROOT=/some/folder installs below that folder instead of / (tests, or to look at the result):
# files, backups and undo.sh all go below it, and nothing is switched on (no sysctl, systemctl or
# network commands run).
#
# Values from the profile are single-quoted on purpose: they are data and must never expand.
# shellcheck disable=SC2016
set -euo pipefail
umask 022
export LC_ALL=C

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
readonly HERE
ROOT=${V6WIZARD_ROOT:-}
ROOT=${ROOT%/}
readonly ROOT

# What this export contains, generated from the profile. Every value is single-quoted.
readonly PROFILE_NAME='netplan-bridge'
readonly NETWORK_SYSTEM='netplan'
readonly WAN_IF='eth0'
readonly LAN_IF='br0'
readonly TUNNEL_IF='he-ipv6'
readonly LAN_ADDRESS='2001:db8:1::1/64'
# ifupdown: whether this export's own file raises the LAN at boot (allow-hotplug), and what to say
# when neither it nor the person's configuration does (the plan's refusal, in the same words).
readonly RAISE_LAN=0
readonly BOOT_REFUSAL='No auto or allow-hotplug line in /etc/network/interfaces and the files it sources raises br0, so the LAN address the apply sets now would be gone after the next reboot (and the DAD wait would fail there). Turn on "v6wizard raises the LAN at boot" (router.raiseLanAtBoot) so v6wizard'\''s file adds "allow-hotplug br0", or add "allow-hotplug br0" to your own configuration.'
# Programs needed: when (check = before installing, apply = to switch on), program, Debian package.
readonly REQUIRED=(
  'check' 'netplan' 'netplan.io'
)

usage() {
  cat <<'USAGE'
Usage: sudo ./install.sh [--dry-run]
  --dry-run   show what would change (with a diff) without touching anything
Set V6WIZARD_ROOT=/some/folder to install below that folder instead of / (nothing is switched on).
USAGE
}

DRY_RUN=0
for arg in "$@"; do
  case $arg in
    --dry-run) DRY_RUN=1 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      printf 'install.sh: unknown option: %s\n' "$arg" >&2
      usage >&2
      exit 2
      ;;
  esac
done
readonly DRY_RUN

say() { printf '%s\n' "$*"; }
die() {
  printf 'install.sh: %s\n' "$*" >&2
  exit 1
}

# A temporary folder being filled; removed whatever happens, so a failed check leaves nothing behind.
WORK_DIR=''
CHECK_ROOT=''
cleanup() {
  if [[ -n $WORK_DIR ]]; then rm -rf -- "$WORK_DIR"; fi
  if [[ -n $CHECK_ROOT ]]; then rm -rf -- "$CHECK_ROOT"; fi
}
trap cleanup EXIT

# Installing packages starts daemons and is the person's decision, so a missing program stops the run
# before anything changes, with the exact command to fix it.
check_programs() {
  local i when bin pkg missing=() pkgs=()
  for ((i = 0; i < ${#REQUIRED[@]}; i += 3)); do
    when=${REQUIRED[i]}
    bin=${REQUIRED[i + 1]}
    pkg=${REQUIRED[i + 2]}
    # Programs that only switch things on are not run below V6WIZARD_ROOT, so they are not needed there.
    if [[ $when == apply && -n $ROOT ]]; then continue; fi
    if ! command -v -- "$bin" >/dev/null 2>&1; then
      missing+=("$bin")
      if [[ " ${pkgs[*]} " != *" $pkg "* ]]; then pkgs+=("$pkg"); fi
    fi
  done
  if ((${#missing[@]} == 0)); then return 0; fi
  say "These programs are needed and missing: ${missing[*]}"
  say "Install them with:"
  say "  sudo apt-get install ${pkgs[*]}"
  if ((DRY_RUN)); then
    say "(a real run stops here)"
    return 0
  fi
  exit 1
}

# Works until the next boot is not good enough: on ifupdown the LAN address must come back at boot, so
# ifupdown's own parser (ifquery) must find an auto or allow-hotplug line that raises the LAN, unless
# this export's file brings one (RAISE_LAN=1). Checked before anything changes. Below V6WIZARD_ROOT the
# folder's own /etc/network/interfaces is read when it has one. A line that an earlier v6wizard install
# put in its own file counts here too; the apply's plan reads the person's files without it.
check_boot() {
  if [[ $NETWORK_SYSTEM != ifupdown || $RAISE_LAN == 1 ]]; then return 0; fi
  local file="$ROOT/etc/network/interfaces" raised
  if [[ -n $ROOT && ! -f $file ]]; then return 0; fi
  if ! command -v ifquery >/dev/null 2>&1; then return 0; fi
  raised=$({
    ifquery -i "$file" --list --allow=auto
    ifquery -i "$file" --list --allow=hotplug
  } 2>/dev/null || true)
  if grep -qxF -- "$LAN_IF" <<<"$raised"; then return 0; fi
  say "$BOOT_REFUSAL"
  if ((DRY_RUN)); then
    say "(a real run stops here)"
    return 0
  fi
  say "Nothing was changed."
  exit 1
}

BACKUP=''
UNDO_STEPS=()
INSTALLED=0
UNCHANGED=0

# Called on the first change only: a run that changes nothing leaves no empty backup folder behind.
start_backup() {
  if [[ -n $BACKUP ]]; then return 0; fi
  local stamp n=1
  stamp=$(date +%Y%m%d-%H%M%S)
  BACKUP="$ROOT/var/backups/v6wizard/$stamp"
  while [[ -e $BACKUP ]]; do
    BACKUP="$ROOT/var/backups/v6wizard/$stamp.$n"
    n=$((n + 1))
  done
  mkdir -p -- "$BACKUP/files"
  # Old configuration can hold things only root should read.
  chmod 0700 -- "$BACKUP"
  say "Backups go to $BACKUP (undo with: sudo $BACKUP/undo.sh)"
}

# Remember how to reverse one change, newest first, and rewrite undo.sh at once, so it is complete
# even when this run stops part way.
record() {
  local step
  step=$(printf '%s %q' "$1" "$2")
  UNDO_STEPS=("$step" "${UNDO_STEPS[@]}")
  write_undo
}

write_undo() {
  local tmp="$BACKUP/.undo.sh.new"
  {
    say '#!/bin/bash'
    say "# Written by v6wizard's install.sh for the profile \"$PROFILE_NAME\" on $(date -R)."
    say '# Puts back every file that install.sh replaced and deletes the files it added.'
    say 'set -euo pipefail'
    printf 'ROOT=%q\n' "$ROOT"
    cat <<'UNDO'
HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
if [[ -z $ROOT && $EUID -ne 0 ]]; then
  printf 'undo.sh: run as root: sudo %s\n' "$0" >&2
  exit 1
fi
restore() {
  local dest="$ROOT$1" tmp
  tmp=$(mktemp -d -- "$(dirname -- "$dest")/.v6wizard-undo-XXXXXX")
  cp -a -- "$HERE/files$1" "$tmp/file"
  mv -fT -- "$tmp/file" "$dest"
  rmdir -- "$tmp"
  printf 'restored %s\n' "$1"
}
remove() {
  # Disabled but not stopped: a running firewall stays up until the restart or reboot below.
  if [[ -z $ROOT && $1 == /etc/systemd/system/*.service ]]; then
    systemctl disable -- "${1##*/}" || true
  fi
  rm -f -- "$ROOT$1"
  printf 'removed %s (it did not exist before)\n' "$1"
}
remove_dir() {
  if rmdir -- "$ROOT$1" 2>/dev/null; then printf 'removed folder %s\n' "$1"; fi
}
UNDO
    printf '%s\n' "${UNDO_STEPS[@]}"
    cat <<'UNDO'
if [[ -z $ROOT ]]; then
  systemctl daemon-reload
  sysctl --system >/dev/null
  echo 'Files restored. Restart the affected services (or reboot) to run on the old settings again.'
fi
UNDO
  } >"$tmp"
  chmod 0700 -- "$tmp"
  mv -fT -- "$tmp" "$BACKUP/undo.sh"
}

# True when DEST already is exactly the file to install: same bytes, mode and owner.
is_current() {
  local dest=$1 src=$2 mode=$3 owner=$4 want
  [[ -f $dest && ! -L $dest ]] || return 1
  cmp -s -- "$src" "$dest" || return 1
  want=$(printf '%o' "$((8#$mode))")
  [[ $(stat -c '%a' -- "$dest") == "$want" ]] || return 1
  if [[ $owner == *:* ]]; then
    [[ $(stat -c '%U:%G' -- "$dest") == "$owner" ]]
  else
    [[ $(stat -c '%U' -- "$dest") == "$owner" ]]
  fi
}

# Create missing parent folders top-down, remembering each so undo.sh can remove it again.
make_parents() {
  local dir missing=()
  dir=$(dirname -- "$1")
  while [[ $dir != / && ! -d $ROOT$dir ]]; do
    missing=("$dir" "${missing[@]}")
    dir=$(dirname -- "$dir")
  done
  for dir in "${missing[@]}"; do
    mkdir -m 0755 -- "$ROOT$dir"
    record remove_dir "$dir"
  done
}

STAGE=''
STAGE_CHANGED=()
STAGE_SERVICES=()
UNITS_CHANGED=0
DONE_SERVICES=' '

begin_stage() {
  STAGE=$1
  STAGE_CHANGED=()
  STAGE_SERVICES=()
  say ""
  say "== $STAGE"
}

# KIND UNIT: what switching the stage on starts for this file (unit: enable and restart; dropin: a
# drop-in for another tool's service, restarted, never enabled), '' '' for nothing; rendered from the
# same description the app's apply reads (shared/export/stage-units.ts).
note_change() {
  local path=$1 kind=$2 unit=$3
  STAGE_CHANGED+=("$path")
  if [[ $path == /etc/systemd/system/* ]]; then UNITS_CHANGED=1; fi
  if [[ -z $unit ]]; then return 0; fi
  STAGE_SERVICES+=("$kind" "$unit")
}

# A checker that reads the file together with the router's other files (netplan merges every file of
# its folders) gets a copy: a temporary root holding each folder as it is now, with the new file at
# its path in place of the current one. Nothing is changed for the check. Sets CHECK_ROOT.
# Usage: make_check_root NEW_FILE PATH FOLDER...
make_check_root() {
  local src=$1 path=$2 dir
  shift 2
  CHECK_ROOT=$(mktemp -d)
  for dir in "$@"; do
    mkdir -p -- "$CHECK_ROOT$dir"
    if [[ -d $ROOT$dir ]]; then cp -a -- "$ROOT$dir/." "$CHECK_ROOT$dir/"; fi
  done
  mkdir -p -- "$CHECK_ROOT$(dirname -- "$path")"
  cp -a -- "$src" "$CHECK_ROOT$path"
}

# put PATH MODE OWNER SHA256 KIND UNIT N [N FOLDERS for {root}] [CHECK ARGV with {file} and {root}...]
put() {
  local path=$1 mode=$2 owner=$3 sha=$4 kind=$5 unit=$6 nroot=$7
  shift 7
  local roots=("${@:1:nroot}")
  shift "$nroot"
  local src="$HERE/files$path" dest="$ROOT$path" actual
  [[ -f $src ]] || die "$src is missing; export again"
  actual=$(sha256sum -- "$src")
  # The export is checked against its manifest so a file edited or damaged after export is never installed.
  [[ ${actual%% *} == "$sha" ]] || die "$src does not match manifest.json (sha256); it was changed after export; export again"
  if is_current "$dest" "$src" "$mode" "$owner"; then
    say "unchanged  $path"
    UNCHANGED=$((UNCHANGED + 1))
    return 0
  fi
  if ((DRY_RUN)); then
    if [[ -e $dest ]]; then
      say "would replace  $path (mode $mode, owner $owner)"
      diff -u --label "$path (now)" --label "$path (new)" -- "$dest" "$src" || true
    else
      say "would create  $path (mode $mode, owner $owner)"
      diff -u --label "$path (absent)" --label "$path (new)" -- /dev/null "$src" || true
    fi
    if (($#)); then
      say "  checked first with: $*"
      if ((nroot)); then say "  ({root}: a copy of ${roots[*]} with the new file in place)"; fi
    fi
    INSTALLED=$((INSTALLED + 1))
    note_change "$path" "$kind" "$unit"
    return 0
  fi
  start_backup
  make_parents "$path"
  # A temporary folder in the target's own folder: same filesystem, so the final mv is an atomic
  # rename, and the copy keeps the exact basename, whose suffix checkers such as systemd-analyze read.
  WORK_DIR=$(mktemp -d -- "$(dirname -- "$dest")/.v6wizard-XXXXXX")
  local tmp
  tmp="$WORK_DIR/$(basename -- "$path")"
  cp -- "$src" "$tmp"
  chmod -- "$mode" "$tmp"
  chown -- "$owner" "$tmp"
  if (($#)); then
    local argv=() arg out
    if ((nroot)); then make_check_root "$tmp" "$path" "${roots[@]}"; fi
    for arg in "$@"; do
      arg=${arg//\{file\}/"$tmp"}
      argv+=("${arg//\{root\}/"$CHECK_ROOT"}")
    done
    if ! out=$("${argv[@]}" 2>&1); then
      printf '%s\n' "$out" >&2
      die "$path failed its check (${argv[*]}). It was not installed, the old file is untouched, and the files after it were not installed either. Fix the profile and export again."
    fi
    if [[ -n $CHECK_ROOT ]]; then
      rm -rf -- "$CHECK_ROOT"
      CHECK_ROOT=''
    fi
  fi
  local note='new file'
  if [[ -e $dest || -L $dest ]]; then
    mkdir -p -- "$BACKUP/files$(dirname -- "$path")"
    cp -a -- "$dest" "$BACKUP/files$path"
    note="backed up to $BACKUP/files$path"
    record restore "$path"
  else
    record remove "$path"
  fi
  mv -fT -- "$tmp" "$dest"
  rmdir -- "$WORK_DIR"
  WORK_DIR=''
  say "installed  $path ($note)"
  INSTALLED=$((INSTALLED + 1))
  note_change "$path" "$kind" "$unit"
}

# Run a command that switches something on; only print it on a dry run or below V6WIZARD_ROOT.
run() {
  if ((DRY_RUN)); then
    say "  would run: $*"
  elif [[ -n $ROOT ]]; then
    say "  not run (V6WIZARD_ROOT is set): $*"
  else
    say "  running: $*"
    "$@"
  fi
}

# Like run, but a failure is reported and the install goes on (used where failing is expected and harmless).
run_soft() {
  if ! run "$@"; then say "  (that failed; continuing)"; fi
}

reload_units() {
  if ((UNITS_CHANGED)); then
    run systemctl daemon-reload
    UNITS_CHANGED=0
  fi
}

# The stage's units, after one daemon-reload if a unit file changed; started as the apply starts them
# (start_units, templates/stages/switch-stage.sh). A unit already started by an earlier stage is not
# started again (the apply restarts it per stage; the same end state).
restart_services() {
  local i todo=()
  for ((i = 0; i < ${#STAGE_SERVICES[@]}; i += 2)); do
    if [[ $DONE_SERVICES == *" ${STAGE_SERVICES[i + 1]} "* ]]; then continue; fi
    DONE_SERVICES+="${STAGE_SERVICES[i + 1]} "
    todo+=("${STAGE_SERVICES[i]}" "${STAGE_SERVICES[i + 1]}")
  done
  if ((${#todo[@]} == 0)); then return 0; fi
  reload_units
  start_units "${todo[@]}"
}

# How a stage is switched on once its files are in place: the one description of the commands per
# stage and network system, and of how a stage's units are started, used by the export's install.sh
# (rendered into it) and by the app's apply (electron/apply/sh/switch.sh). The script that includes it
# defines `run CMD…` (must work) and `run_soft CMD…` (a failure is harmless and said). Which files and
# units each stage gets is worked out by each (install.sh on the router, the engine from its plan);
# tests/daemons/examples.test.ts keeps the two equal.
# Usage: switch_stage STAGE NETSYS WAN TUNNEL LAN LAN_ADDRESS [CHANGED_PATH…]
switch_stage() {
  local stage=$1 netsys=$2 wan=$3 tun=$4 lan=$5 lanaddr=$6 p
  shift 6
  case $stage in
    sysctl)
      for p in "$@"; do
        case $p in /etc/sysctl.d/*.conf) run sysctl -p "$p" ;; esac
      done
      ;;
    network)
      # The network system's own commands only: restarting the network daemon as well could drop the
      # connection the person is working over.
      case $netsys in
        ifupdown)
          # Taking the tunnel down first re-creates it with the new settings; it fails harmlessly when
          # it was not up. The LAN is never taken down (the person may be connected through it): the
          # address is added directly, which changes nothing else on the interface.
          run_soft ifdown -- "$tun"
          run ifup -- "$tun"
          run ip -6 addr replace "$lanaddr" dev "$lan"
          ;;
        systemd-networkd)
          local links=("$wan" "$lan")
          run networkctl reload
          # The tunnel exists only once networkd has created it from its .netdev.
          if ip link show dev "$tun" >/dev/null 2>&1; then links+=("$tun"); fi
          run networkctl reconfigure -- "${links[@]}"
          ;;
        netplan)
          printf '%s\n' "  netplan apply re-applies every interface; a session over the network may pause for a moment."
          run netplan generate
          run netplan apply
          ;;
        # iproute2: the tunnel unit does it, started with the stage's units.
        iproute2) ;;
        *)
          printf 'unknown network system %s\n' "$netsys" >&2
          return 1
          ;;
      esac
      ;;
    *) ;;
  esac
}

# Start a stage's units once it is switched: pairs of KIND UNIT, each unit once. A drop-in for someone
# else's service (dropin) restarts that service only if it is running, and never enables it. v6wizard's
# own units and the daemons it configures (unit) are enabled when disabled (static units have nothing
# to enable; a masked unit was masked on purpose and is left, with a word) and restarted; a restart
# that fails prints the unit's last journal lines and fails the stage. install.sh's dry run and its
# V6WIZARD_ROOT mode cannot ask the target's systemd, so they say the enable they would run.
# Usage: start_units [KIND UNIT]...
start_units() {
  local kind unit state started=' '
  while (($# >= 2)); do
    kind=$1 unit=$2
    shift 2
    if [[ $started == *" $unit "* ]]; then continue; fi
    started+="$unit "
    if [[ $kind == dropin ]]; then
      run_soft systemctl try-restart -- "$unit"
      continue
    fi
    if ((${DRY_RUN:-0})) || [[ -n ${ROOT:-} ]]; then
      state=disabled
    else
      state=$(systemctl is-enabled -- "$unit" 2>/dev/null || true)
    fi
    case $state in
      disabled) run systemctl enable -- "$unit" ;;
      masked) printf '  %s is masked; not enabling it (systemctl unmask %s if that was not on purpose)\n' "$unit" "$unit" ;;
      *) ;;
    esac
    # In a subshell: a host whose run exits on a failure still gets to print the journal.
    if ! (run systemctl restart -- "$unit"); then
      journalctl -u "$unit" -n 15 --no-pager 2>&1 || true
      return 1
    fi
  done
}

end_stage() {
  if ((${#STAGE_CHANGED[@]} == 0)); then return 0; fi
  say "-- switching on: $STAGE"
  switch_stage "$STAGE" "$NETWORK_SYSTEM" "$WAN_IF" "$TUNNEL_IF" "$LAN_IF" "$LAN_ADDRESS" "${STAGE_CHANGED[@]}"
  restart_services
}

if ((!DRY_RUN)) && ((EUID != 0)); then die "run as root: sudo $0"; fi
if [[ -n $ROOT && ! -d $ROOT ]]; then die "V6WIZARD_ROOT=$ROOT is not a folder"; fi
if ((DRY_RUN)); then say "Dry run: nothing will be changed."; fi
say "v6wizard profile \"$PROFILE_NAME\": installing on ${ROOT:-/}"
check_programs
check_boot

begin_stage 'network'
put '/etc/netplan/60-v6wizard.yaml' '0600' 'root:root' '5d1938eea6d61521158dd79abb0d4d1644da24da27193399f7b9c668951c38ab' '' '' '3' '/lib/netplan' '/etc/netplan' '/run/netplan' 'netplan' 'generate' '--root-dir' '{root}'
end_stage

say ""
if ((DRY_RUN)); then
  say "Dry run done: $INSTALLED file(s) would change, $UNCHANGED unchanged. Nothing was touched."
elif [[ -n $BACKUP ]]; then
  say "Done: $INSTALLED file(s) installed, $UNCHANGED unchanged. To undo: sudo $BACKUP/undo.sh"
else
  say "Done: all $UNCHANGED file(s) were already up to date; nothing changed."
fi
