set -uo pipefail
B=$1 S=$2; shift 2
guard "$B"
# A checker that reads the file together with the router's other files (netplan merges every file of
# its folders) gets a copy: a temporary root holding each folder as it is now, with the new file at
# its path in place of the current one. Nothing on the router changes for the check. Prints the root.
check_root() {
  local src=$1 dest=$2 r d
  shift 2
  r=$(mktemp -d -- "$S/.root-XXXXXX") || return 1
  for d in "$@"; do
    mkdir -p -- "$r$d" || return 1
    if [ -d "$d" ]; then cp -a -- "$d/." "$r$d/" || return 1; fi
  done
  mkdir -p -- "$r$(dirname -- "$dest")" && cp -a -- "$src" "$r$dest" || return 1
  printf '%s\n' "$r"
}
while [ $# -gt 0 ]; do
  p=$1 mode=$2 owner=$3 early=$4 nr=$5; shift 5
  dirs=("${@:1:nr}"); shift "$nr"
  n=$1; shift
  argv=("${@:1:n}"); shift "$n"
  f="$S$p"
  chmod -- "$mode" "$f"
  if [ "$early" = 1 ]; then place_file "$f" "$p" "$mode" "$owner" || { echo "could not put $p in place"; exit 4; }; fi
  if [ "$n" -gt 0 ]; then
    root=''
    if [ "$nr" -gt 0 ]; then
      root=$(check_root "$f" "$p" "${dirs[@]}") || { echo "could not copy ${dirs[*]} to check $p"; exit 4; }
    fi
    cmd=()
    for a in "${argv[@]}"; do a=${a//\{file\}/$f}; cmd+=("${a//\{root\}/$root}"); done
    out=$("${cmd[@]}" 9>&- 2>&1)
    rc=$?
    if [ -n "$root" ]; then rm -rf -- "$root"; fi
    if [ "$rc" -eq 0 ]; then echo "ok      $p (${cmd[0]})"
    else printf '%s\n' "$out"; echo "FAILED  $p: ${cmd[*]}"; exit 3; fi
  fi
done
