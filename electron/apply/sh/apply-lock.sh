# One apply per router at a time, whoever starts it (the app on any machine, the CLI): an flock on
# BACKUPS_ROOT/.apply.lock, held by a small transient unit from the backup until the confirmation or
# the end of the restore. It lives in /run, so a power cut or a reboot frees it; its own time limit
# frees it when an app disappeared after arming. The owner file says who holds it.
# Before the revert is armed nothing is changed yet, so an app that disappears then (a laptop that lost
# its Wi-Fi during the backup) must not keep the router locked for the whole apply's bound: the holder
# lets go after PRE seconds unless the arm step claimed the lock first. Holder and arm race for one
# atomic mkdir (ROOT/.apply.claim-NAME); whoever makes it decides, so the lock is never freed under an
# armed apply, and an apply whose lock was freed never arms.

# Take the lock as unit NAME for HOLDER (the app's machine) for at most LIMIT seconds, PRE of them
# before arming (default LIMIT), or say who has it and return 75. Usage: apply_lock_take ROOT NAME
# HOLDER LIMIT [PRE].
apply_lock_take() {
  local root=$1 name=$2 holder=$3 limit=$4 pre=${5:-$4} owner state line now
  mkdir -p -- "$root"
  systemctl reset-failed -- "$name.service" 2>/dev/null || true
  now=$(date +%s)
  line="$name since $(date -u '+%Y-%m-%d %H:%M') UTC from $holder (it ends by $(date -u -d "@$((now + pre))" '+%H:%M') UTC if that apply stopped before changing anything, by $(date -u -d "@$((now + limit))" '+%H:%M') UTC at the latest)"
  # shellcheck disable=SC2016 # the holder's own $1 to $4
  systemd-run --quiet --unit="$name" -p RuntimeMaxSec="$limit" --description="v6wizard: one apply at a time" \
    flock -n -E 75 "$root/.apply.lock" /bin/sh -c 'printf "%s\n" "$1" >"$2.new" && mv -f -- "$2.new" "$2" || exit 1
sleep "$3"
if mkdir -- "$4" 2>/dev/null; then echo expired >"$4/by"; exit 0; fi
exec sleep infinity' \
    lock "$line" "$root/.apply.owner" "$pre" "$root/.apply.claim-$name" || return 1
  for _ in $(seq 600); do
    owner=$(cat -- "$root/.apply.owner" 2>/dev/null)
    case $owner in
      "$name "*)
        printf '%s\n' "$name" >"$root/.apply.unit"
        # Claims of earlier locks (a power cut keeps them on disk): nobody else holds the lock now.
        find "$root" -maxdepth 1 -name '.apply.claim-*' ! -name ".apply.claim-$name" -exec rm -rf -- {} + 2>/dev/null
        return 0
        ;;
    esac
    state=$(systemctl is-active -- "$name.service" 2>/dev/null)
    case $state in
      failed | inactive)
        systemctl reset-failed -- "$name.service" 2>/dev/null || true
        echo "another apply to this router is running: ${owner#* }; nothing was changed"
        return 75
        ;;
    esac
    sleep 0.05
  done
  systemctl stop -- "$name.service" 2>/dev/null || true
  echo "could not take the apply lock within 30 s"
  return 1
}

# The arm step's claim on the lock NAME it took under ROOT: it keeps the lock for the rest of the apply,
# or (return 1) the lock was freed already because the apply took longer than PRE to arm.
apply_lock_claim() {
  local claim="$1/.apply.claim-$2"
  if ! mkdir -- "$claim" 2>/dev/null; then return 1; fi
  echo armed >"$claim/by"
  systemctl is-active --quiet -- "$2.service"
}

# Free the lock taken under ROOT as unit NAME (nothing when it is not running any more), and its claim.
# Usage: apply_lock_release ROOT NAME.
apply_lock_release() {
  systemctl stop -- "$2.service" 2>/dev/null || true
  rm -rf -- "$1/.apply.claim-$2"
}
