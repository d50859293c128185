# How a stage is switched on once its files are in place: the one description of the commands per
# stage and network system, used by the export's install.sh (rendered into it) and by the app's apply
# (electron/apply/sh/switch.sh). The script that includes it defines `run CMD…` (must work) and
# `run_soft CMD…` (a failure is harmless and said); units are started by that script afterwards.
# Usage: switch_stage STAGE NETSYS WAN TUNNEL LAN LAN_ADDRESS [CHANGED_PATH…]
switch_stage() {
  local stage=$1 netsys=$2 wan=$3 tun=$4 lan=$5 lanaddr=$6 p
  shift 6
  case $stage in
    sysctl)
      for p in "$@"; do
        case $p in /etc/sysctl.d/*.conf) run sysctl -p "$p" ;; esac
      done
      ;;
    network)
      # The network system's own commands only: restarting the network daemon as well could drop the
      # connection the person is working over.
      case $netsys in
        ifupdown)
          # Taking the tunnel down first re-creates it with the new settings; it fails harmlessly when
          # it was not up. The LAN is never taken down (the person may be connected through it): the
          # address is added directly, which changes nothing else on the interface.
          run_soft ifdown -- "$tun"
          run ifup -- "$tun"
          run ip -6 addr replace "$lanaddr" dev "$lan"
          ;;
        systemd-networkd)
          local links=("$wan" "$lan")
          run networkctl reload
          # The tunnel exists only once networkd has created it from its .netdev.
          if ip link show dev "$tun" >/dev/null 2>&1; then links+=("$tun"); fi
          run networkctl reconfigure -- "${links[@]}"
          ;;
        netplan)
          printf '%s\n' "  netplan apply re-applies every interface; a session over the network may pause for a moment."
          run netplan generate
          run netplan apply
          ;;
        # iproute2: the tunnel unit does it, started with the stage's units.
        iproute2) ;;
        *)
          printf 'unknown network system %s\n' "$netsys" >&2
          return 1
          ;;
      esac
      ;;
    *) ;;
  esac
}
