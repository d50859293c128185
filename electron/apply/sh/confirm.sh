set -uo pipefail
if ! mkdir -- "$1/decision" 2>/dev/null; then echo "already decided: $(cat -- "$1/decision/by" 2>/dev/null)"; exit 3; fi
echo confirmed >"$1/decision/by"
for t in "$2-confirm.timer" "$2.timer"; do systemctl stop -- "$t" 2>/dev/null || true; done
rm -rf -- "$3"
echo "confirmed; $2 timers disarmed"
