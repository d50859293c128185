set -uo pipefail
# A connection lost while confirming must not stop the confirmation half way (timers left to fire at a
# confirmed apply, the router's lock held until its time limit): what follows runs to its end, and
# what it prints into a closed connection is lost, not fatal.
trap '' HUP PIPE
if ! mkdir -- "$1/decision" 2>/dev/null; then echo "already decided: $(cat -- "$1/decision/by" 2>/dev/null)"; exit 3; fi
echo confirmed >"$1/decision/by"
# Durable before the answer: a power cut from here on keeps the new settings (the boot guard reads this).
sync
for t in "$2-confirm.timer" "$2.timer"; do systemctl stop -- "$t" 2>/dev/null || true; done
boot_guard_remove "$1" || echo "(the boot guard stays; at the next boot it reads the confirmation and removes itself)"
rm -rf -- "$3"
if [ -s "$1/lock-unit" ]; then apply_lock_release "$(dirname -- "$1")" "$(cat -- "$1/lock-unit")"; fi
echo "confirmed; $2 timers disarmed"
