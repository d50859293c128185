set -uo pipefail
B=$1 S=$2; shift 2
guard "$B"
place() {
  local src=$1 dest=$2 mode=$3 owner=$4 t
  mkdir -p -- "$(dirname -- "$dest")"
  t=$(mktemp -d -- "$(dirname -- "$dest")/.v6wizard-XXXXXX") || return 1
  cp -- "$src" "$t/f" && chmod -- "$mode" "$t/f" && chown -- "$owner" "$t/f" && mv -fT -- "$t/f" "$dest"
  local rc=$?
  rmdir -- "$t" 2>/dev/null
  return $rc
}
while [ $# -gt 0 ]; do
  p=$1 mode=$2 owner=$3 early=$4 n=$5; shift 5
  argv=("${@:1:n}"); shift "$n"
  f="$S$p"
  chmod -- "$mode" "$f"
  if [ "$early" = 1 ]; then place "$f" "$p" "$mode" "$owner" || { echo "could not put $p in place"; exit 4; }; fi
  if [ "$n" -gt 0 ]; then
    cmd=()
    for a in "${argv[@]}"; do cmd+=("${a//\{file\}/$f}"); done
    if out=$("${cmd[@]}" 9>&- 2>&1); then echo "ok      $p (${cmd[0]})"
    else printf '%s\n' "$out"; echo "FAILED  $p: ${cmd[*]}"; exit 3; fi
  fi
done
