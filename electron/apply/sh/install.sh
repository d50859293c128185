set -euo pipefail
S=$1 RELOAD=$2; shift 2
while [ $# -gt 0 ]; do
  p=$1 mode=$2 owner=$3; shift 3
  mkdir -p -- "$(dirname -- "$p")"
  t=$(mktemp -d -- "$(dirname -- "$p")/.v6wizard-XXXXXX")
  cp -- "$S$p" "$t/f"; chmod -- "$mode" "$t/f"; chown -- "$owner" "$t/f"
  mv -fT -- "$t/f" "$p"; rmdir -- "$t"
  echo "installed $p"
done
if [ "$RELOAD" = 1 ]; then systemctl daemon-reload; echo "systemctl daemon-reload"; fi
