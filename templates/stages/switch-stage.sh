# How a stage is switched on once its files are in place: the one description of the commands per
# stage and network system, and of how a stage's units are started, used by the export's install.sh
# (rendered into it) and by the app's apply (electron/apply/sh/switch.sh). The script that includes it
# defines `run CMD…` (must work) and `run_soft CMD…` (a failure is harmless and said). Which files and
# units each stage gets is worked out by each (install.sh on the router, the engine from its plan);
# tests/daemons/examples.test.ts keeps the two equal.
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

# Start a stage's units once it is switched: pairs of KIND UNIT, each unit once. A drop-in for someone
# else's service (dropin) restarts that service only if it is running, and never enables it. v6wizard's
# own units and the daemons it configures (unit) are enabled when disabled (static units have nothing
# to enable; a masked unit was masked on purpose and is left, with a word) and restarted; a restart
# that fails prints the unit's last journal lines and fails the stage. install.sh's dry run and its
# V6WIZARD_ROOT mode cannot ask the target's systemd, so they say the enable they would run.
# Usage: start_units [KIND UNIT]...
start_units() {
  local kind unit state started=' '
  while (($# >= 2)); do
    kind=$1 unit=$2
    shift 2
    if [[ $started == *" $unit "* ]]; then continue; fi
    started+="$unit "
    if [[ $kind == dropin ]]; then
      run_soft systemctl try-restart -- "$unit"
      continue
    fi
    if ((${DRY_RUN:-0})) || [[ -n ${ROOT:-} ]]; then
      state=disabled
    else
      state=$(systemctl is-enabled -- "$unit" 2>/dev/null || true)
    fi
    case $state in
      disabled) run systemctl enable -- "$unit" ;;
      masked) printf '  %s is masked; not enabling it (systemctl unmask %s if that was not on purpose)\n' "$unit" "$unit" ;;
      *) ;;
    esac
    # In a subshell: a host whose run exits on a failure still gets to print the journal.
    if ! (run systemctl restart -- "$unit"); then
      journalctl -u "$unit" -n 15 --no-pager 2>&1 || true
      return 1
    fi
  done
}
