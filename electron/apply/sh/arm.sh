set -euo pipefail
# Under the guard: a connection lost while arming must not stop it half way (a boot guard without its
# timer, the lock claimed and never freed); it arms to the end and the timer undoes the apply.
guard "$3"
# The router's apply lock first: an apply that took too long to get here has lost it (another apply
# may hold it now), and must change nothing.
if ! apply_lock_claim "$(dirname -- "$3")" "$(cat -- "$3/lock-unit")"; then
  echo "FAILED: the router's apply lock was freed before the revert was armed (this apply took too long after its backup); nothing was changed"
  exit 3
fi
rm -f -- "$3/not-armed"
# First the boot guard (on disk), then the timer (in /run): from here on, both a lost connection and a
# power cut end in the restore, unless the apply is confirmed.
boot_guard_install "$3" "$2"
# Armed for the confirmation time plus a bound for the switch itself: the timer must not fire while
# a slow switch is still running. The switch's last stage re-arms to the confirmation time (rearm in
# guard.sh), so a switch that hangs or a connection lost half way still reverts, only later.
# AccuracySec=1s: a timer's default accuracy is one minute, so without it a 20 s timer fires anywhere
# up to 80 s later (seen in the lab VM).
systemd-run --quiet --on-boot="$(deadline "$1")" --timer-property=AccuracySec=1s --unit="$2" --description="v6wizard: revert to $3 unless the switch finishes and is confirmed" /bin/bash "$3/restore.sh"
echo "armed $2.timer: restores $3 in $1 s unless the switch finishes and is confirmed"
