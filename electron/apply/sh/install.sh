set -euo pipefail
B=$1 S=$2 RELOAD=$3 UNIT=$4 REARM=$5; shift 5
guard "$B"
while [ $# -gt 0 ]; do
  p=$1 mode=$2 owner=$3; shift 3
  mkdir -p -- "$(dirname -- "$p")"
  t=$(mktemp -d -- "$(dirname -- "$p")/.v6wizard-XXXXXX")
  cp -- "$S$p" "$t/f"; chmod -- "$mode" "$t/f"; chown -- "$owner" "$t/f"
  mv -fT -- "$t/f" "$p"; rmdir -- "$t"
  echo "installed $p"
done
if [ "$RELOAD" = 1 ]; then systemctl daemon-reload 9>&-; echo "systemctl daemon-reload"; fi
# Nothing to switch after the files (only packages changed): the confirmation window starts now.
if [ -n "$REARM" ]; then rearm "$B" "$UNIT" "$REARM"; fi
