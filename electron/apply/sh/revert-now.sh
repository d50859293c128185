set -uo pipefail
B=$1
# A rollback on request (FORCE) is an apply of the old state: it waits for no one and takes the
# router's apply lock, so it never runs into another apply (the app elsewhere, the CLI).
if [ "$4" = 1 ]; then
  apply_lock_take "$(dirname -- "$B")" "v6wizard-lock-rollback-$$" "${5:-?}" 900 || exit 75
  trap 'apply_lock_release "$(dirname -- "$B")" "v6wizard-lock-rollback-$$"' EXIT
fi
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
