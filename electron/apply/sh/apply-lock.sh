# One apply per router at a time, whoever starts it (the app on any machine, the CLI): an flock on
# BACKUPS_ROOT/.apply.lock, held by a small transient unit from the backup until the confirmation or
# the end of the restore. It lives in /run, so a power cut or a reboot frees it; its own time limit
# frees it when an app disappeared before it armed the revert. The owner file says who holds it.

# Take the lock as unit NAME for HOLDER (the app's machine) for at most LIMIT seconds, or say who has
# it and return 75. Usage: apply_lock_take ROOT NAME HOLDER LIMIT.
apply_lock_take() {
  local root=$1 name=$2 holder=$3 limit=$4 owner state line
  mkdir -p -- "$root"
  systemctl reset-failed -- "$name.service" 2>/dev/null || true
  line="$name since $(date -u '+%Y-%m-%d %H:%M') UTC from $holder (it ends by $(date -u -d "@$(($(date +%s) + limit))" '+%H:%M') UTC at the latest)"
  # shellcheck disable=SC2016 # the holder's own $1 and $2
  systemd-run --quiet --unit="$name" -p RuntimeMaxSec="$limit" --description="v6wizard: one apply at a time" \
    flock -n -E 75 "$root/.apply.lock" /bin/sh -c 'printf "%s\n" "$1" >"$2.new" && mv -f -- "$2.new" "$2" && exec sleep infinity' \
    lock "$line" "$root/.apply.owner" || return 1
  for _ in $(seq 600); do
    owner=$(cat -- "$root/.apply.owner" 2>/dev/null)
    case $owner in "$name "*) printf '%s\n' "$name" >"$root/.apply.unit"; return 0 ;; esac
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

# Free the lock taken as unit NAME (nothing when it is not running any more).
apply_lock_release() { systemctl stop -- "$1.service" 2>/dev/null || true; }
