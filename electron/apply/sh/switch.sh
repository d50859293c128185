set -uo pipefail
STAGE=$1 NETSYS=$2 WAN=$3 TUN=$4 LAN=$5 LANADDR=$6; shift 6
[ "$1" = -- ] && shift
paths=(); while [ $# -gt 0 ] && [ "$1" != -- ]; do paths+=("$1"); shift; done
[ $# -gt 0 ] && shift
run() { printf '+ %s\n' "$*"; "$@" 2>&1 || { echo "FAILED: $*"; exit 3; }; }
soft() { printf '+ %s\n' "$*"; "$@" 2>&1 || echo "  (failed; continuing)"; }
case $STAGE in
  sysctl) for p in "${paths[@]}"; do case $p in /etc/sysctl.d/*.conf) run sysctl -p "$p" ;; esac; done ;;
  network)
    case $NETSYS in
      ifupdown) soft ifdown -- "$TUN"; run ifup -- "$TUN"; run ip -6 addr replace "$LANADDR" dev "$LAN" ;;
      systemd-networkd)
        links=("$WAN" "$LAN")
        run networkctl reload
        if ip link show dev "$TUN" >/dev/null 2>&1; then links+=("$TUN"); fi
        run networkctl reconfigure -- "${links[@]}" ;;
      netplan) run netplan generate; run netplan apply ;;
      iproute2) ;;
    esac ;;
esac
while [ $# -ge 2 ]; do
  kind=$1 unit=$2; shift 2
  if [ "$kind" = dropin ]; then soft systemctl try-restart -- "$unit"; continue; fi
  if [ "$(systemctl is-enabled -- "$unit" 2>/dev/null || true)" = disabled ]; then run systemctl enable -- "$unit"; fi
  if ! systemctl restart -- "$unit" 2>&1; then
    echo "FAILED: systemctl restart $unit"
    journalctl -u "$unit" -n 15 --no-pager 2>&1 || true
    exit 3
  fi
  echo "+ systemctl restart $unit"
done
