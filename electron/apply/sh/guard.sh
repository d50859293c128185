# Shared prologue of the scripts that change the router once the revert timer is armed (check,
# install, switch). Usage: guard BACKUP_DIR, first thing in the script.
#
# A revert must never interleave with a change: restore.sh could otherwise remove a unit file while a
# stage is about to start that unit, and the router would end neither old nor new. So every change
# holds the backup's lock (restore.sh waits for it), and refuses to start once the apply has been
# decided (the timer's restore, or a confirmation, made "decision" with an atomic mkdir).
#
# A lost connection must not stop a change half way either: the hang-up and broken pipe that follow
# are ignored, and the work writes into a file that is printed to the connection only at the end.
guard() {
  local b=$1
  trap '' HUP PIPE
  GUARD_OUT=$(mktemp -- "$b/out.XXXXXX") || exit 6
  exec 3>&1 >"$GUARD_OUT" 2>&1
  # shellcheck disable=SC2154 # rc is assigned inside the trap's own text
  trap 'rc=$?; cat -- "$GUARD_OUT" >&3 2>/dev/null; rm -f -- "$GUARD_OUT"; exit "$rc"' EXIT
  exec 9>"$b/lock"
  flock 9
  if [ -e "$b/decision" ]; then
    echo "the apply was already decided ($(cat -- "$b/decision/by" 2>/dev/null)); nothing more is changed"
    exit 5
  fi
}

# Start the confirmation window: a second timer that restores in SECONDS from now, then stop the first
# one (armed with the switch's bound). Started before stopped, so there is never a moment without a
# timer. Usage: rearm BACKUP_DIR UNIT SECONDS.
rearm() {
  systemd-run --quiet --on-boot="$(deadline "$3")" --timer-property=AccuracySec=1s --unit="$2-confirm" \
    --description="v6wizard: revert to $1 unless confirmed" /bin/bash "$1/restore.sh" || return 1
  systemctl stop -- "$2.timer" 2>/dev/null || true
  echo "switched; $2-confirm.timer restores $1 in $3 s unless confirmed"
}

# Put SRC at DEST with MODE and OWNER (user:group) in one rename, so no daemon ever reads half a file:
# a temporary file next to DEST (the same filesystem), made by mktemp (exclusively, mode 0600) and
# replaced by install with the content, mode and owner, then renamed over DEST. Three programs a file
# (under qemu's emulation each costs tens of milliseconds). Usage: place_file SRC DEST MODE OWNER.
place_file() {
  local src=$1 dest=$2 mode=$3 owner=$4 dir t
  dir=${dest%/*}
  if [ ! -d "${dir:-/}" ]; then mkdir -p -- "$dir" || return 1; fi
  t=$(mktemp -- "${dir:-}/.v6wizard-XXXXXX") || return 1
  if install -m "$mode" -o "${owner%%:*}" -g "${owner#*:}" -T -- "$src" "$t" && mv -fT -- "$t" "$dest"; then return 0; fi
  rm -f -- "$t"
  return 1
}
