set -uo pipefail
B=$1
if [ -n "$2" ]; then for t in "$2-confirm.timer" "$2.timer"; do systemctl stop -- "$t" 2>/dev/null || true; done; fi
if [ "$4" = 1 ]; then bash "$B/restore.sh" --force; else bash "$B/restore.sh"; fi
rc=$?
if [ -n "$3" ]; then rm -rf -- "$3"; fi
cat -- "$B/restore.log" 2>/dev/null
# A confirmed apply is not undone by a failure's clean-up; only a rollback on request (FORCE) does that.
if [ "$4" != 1 ] && [ "$(cat -- "$B/decision/by" 2>/dev/null)" = confirmed ]; then
  echo "the apply was confirmed; roll back on request to undo it"
  exit 4
fi
exit $rc
