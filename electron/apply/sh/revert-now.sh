set -uo pipefail
B=$1
if [ -n "$2" ]; then systemctl stop -- "$2.timer" 2>/dev/null || true; fi
if [ "$4" = 1 ]; then bash "$B/restore.sh" --force; else bash "$B/restore.sh"; fi
rc=$?
if [ -n "$3" ]; then rm -rf -- "$3"; fi
cat -- "$B/restore.log" 2>/dev/null
exit $rc
