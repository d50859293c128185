set -uo pipefail
if ! mkdir -- "$1/decision" 2>/dev/null; then echo "already decided: $(cat -- "$1/decision/by" 2>/dev/null)"; exit 3; fi
echo confirmed >"$1/decision/by"
systemctl stop -- "$2.timer" 2>/dev/null || true
rm -rf -- "$3"
echo "confirmed; $2.timer disarmed"
