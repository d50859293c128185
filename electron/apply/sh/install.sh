set -euo pipefail
B=$1 S=$2 RELOAD=$3 UNIT=$4 REARM=$5; shift 5
guard "$B"
while [ $# -gt 0 ]; do
  p=$1 mode=$2 owner=$3; shift 3
  place_file "$S$p" "$p" "$mode" "$owner" || { echo "FAILED: could not put $p in place"; exit 3; }
  echo "installed $p"
done
if [ "$RELOAD" = 1 ]; then systemctl daemon-reload 9>&-; echo "systemctl daemon-reload"; fi
# Nothing to switch after the files (only packages changed): the confirmation window starts now.
if [ -n "$REARM" ]; then rearm "$B" "$UNIT" "$REARM"; fi
