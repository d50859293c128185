set -euo pipefail
umask 077
ROOT=$1 SUFFIX=$2 HOLDER=$3 LIMIT=$4 PRE=$5 BACKEND=$6; shift 6
# First the router's own lock: a second apply (another window, the CLI, another machine) stops here.
LOCK=v6wizard-lock-$SUFFIX
apply_lock_take "$ROOT" "$LOCK" "$HOLDER" "$LIMIT" "$PRE" || exit $?
# Anything failing below frees the lock again; a backup that worked keeps it for the apply.
KEEP_LOCK=0
trap '[ "$KEEP_LOCK" = 1 ] || apply_lock_release "$ROOT" "$LOCK"' EXIT
# Named by the router's own clock (UTC), so backups sort in the order the router made them whatever
# the clock or time zone of the machine the app runs on. The first line out says where it went.
B="$ROOT/$(date -u +%Y%m%d-%H%M%S)-$SUFFIX"
mkdir -m 0700 -- "$B"
echo "dir $B"
printf '%s\n' "$LOCK" >"$B/lock-unit"
# Until the arm step removes it: nothing of this apply is in place yet (restore.sh has nothing to do).
: >"$B/not-armed"
mkdir -- "$B/files"
cat >"$B/restore.sh"
chmod 0700 -- "$B/restore.sh"
printf '%s\n' "$1" "$2" "$3" "$4" "$5" "$BACKEND" >"$B/network"
TUN=$3 LAN=$4 LANADDR=$5
shift 5
[ "$1" = -- ] && shift
: >"$B/manifest"; : >"$B/dirs"
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  p=$1; shift
  if [ -e "$p" ] || [ -L "$p" ]; then
    mkdir -p -- "$B/files${p%/*}"
    cp -a -- "$p" "$B/files$p"
    printf 'existed\t%s\n' "$p" >>"$B/manifest"
  else
    # The folders the apply will create, deepest first (parameter expansion: no program per level).
    d=${p%/*}
    while [ -n "$d" ] && [ ! -d "$d" ]; do printf '%s\n' "$d" >>"$B/dirs"; d=${d%/*}; done
    printf 'absent\t%s\n' "$p" >>"$B/manifest"
  fi
done
[ $# -gt 0 ] && shift
units=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do units+=("$1"); shift; done
[ $# -gt 0 ] && shift
unit_states "${units[@]}" >"$B/services"
sysctl_values "$@" >"$B/sysctl"
link_state "$TUN" >"$B/tunnel-existed"
address_state "$LAN" "$LANADDR" >"$B/lan-address-existed"
fw_save "$B"
# On the disk before anything changes: the boot guard restores from these after a power cut.
sync
KEEP_LOCK=1
echo "backed up $(wc -l <"$B/manifest") path(s) to $B"
