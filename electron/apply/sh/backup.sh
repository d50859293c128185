set -euo pipefail
umask 077
B=$1 BACKEND=$2; shift 2
mkdir -p -- "$(dirname -- "$B")"
mkdir -m 0700 -- "$B"
mkdir -- "$B/files"
cat >"$B/restore.sh"
chmod 0700 -- "$B/restore.sh"
printf '%s\n' "$1" "$2" "$3" "$4" "$5" "$BACKEND" >"$B/network"
TUN=$3 LAN=$4 LANADDR=$5
shift 5
[ "$1" = -- ] && shift
: >"$B/manifest"; : >"$B/dirs"
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  p=$1; shift
  if [ -e "$p" ] || [ -L "$p" ]; then
    mkdir -p -- "$B/files$(dirname -- "$p")"
    cp -a -- "$p" "$B/files$p"
    printf 'existed\t%s\n' "$p" >>"$B/manifest"
  else
    d=$(dirname -- "$p")
    while [ "$d" != / ] && [ ! -d "$d" ]; do printf '%s\n' "$d" >>"$B/dirs"; d=$(dirname -- "$d"); done
    printf 'absent\t%s\n' "$p" >>"$B/manifest"
  fi
done
[ $# -gt 0 ] && shift
: >"$B/services"
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  u=$1; shift
  en=$(systemctl is-enabled -- "$u" 2>/dev/null || true)
  ac=$(systemctl is-active -- "$u" 2>/dev/null || true)
  printf '%s\t%s\t%s\n' "$u" "${en:-not-found}" "${ac:-inactive}" >>"$B/services"
done
[ $# -gt 0 ] && shift
: >"$B/sysctl"
for k in "$@"; do if v=$(sysctl -n -- "$k" 2>/dev/null); then printf '%s\t%s\n' "$k" "$v" >>"$B/sysctl"; fi; done
if ip link show dev "$TUN" >/dev/null 2>&1; then echo yes; else echo no; fi >"$B/tunnel-existed"
if [ -n "$(ip -6 -o addr show dev "$LAN" to "$LANADDR" 2>/dev/null)" ]; then echo yes; else echo no; fi >"$B/lan-address-existed"
fw_save "$B"
echo "backed up $(wc -l <"$B/manifest") path(s) to $B"
