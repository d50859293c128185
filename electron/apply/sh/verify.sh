set -u
TUN=$1 SERVER6=$2 LAN=$3 RA=$4 DHCP=$5 FW=$6 BACKEND=$7 OUTSIDE=${8:-} LAN6=${9:-} NETSYS=${10:-}
say() { printf '%s\t%s\t%s\n' "$1" "$2" "$(printf '%s' "$3" | tr '\n\t' '  ' | cut -c1-300)"; }
if out=$(ip -o link show dev "$TUN" 2>&1) && [[ $out == *,UP* || $out == *"<UP"* ]]; then say tunnel ok "$TUN is up"; else say tunnel fail "$out"; fi
if out=$(ping -6 -c 3 -i 0.2 -W 2 -- "$SERVER6" 2>&1); then say broker ok "$(printf '%s' "$out" | tail -n 2)"; else say broker fail "$(printf '%s' "$out" | tail -n 2)"; fi
out=$(ip -6 route show default 2>&1)
if [[ $out == *"dev $TUN"* ]]; then say route ok "$out"; else say route fail "${out:-no IPv6 default route}"; fi
f=$(sysctl -n net.ipv6.conf.all.forwarding 2>&1)
if [ "$f" = 1 ]; then say forwarding ok "net.ipv6.conf.all.forwarding = 1"; else say forwarding fail "net.ipv6.conf.all.forwarding = $f"; fi
if [ "$RA" = 1 ]; then
  # A router solicitation from the router itself on the LAN: radvd answers it like any host's.
  if out=$(rdisc6 -1 -r 2 -w 1500 -- "$LAN" 2>&1); then say ra ok "$(printf '%s' "$out" | grep -m1 -i prefix)"; else say ra fail "$(systemctl is-active radvd.service 2>&1); $out"; fi
fi
if [ "$DHCP" = 1 ]; then
  out=$(ss -Hlun 'sport = :547' 2>&1)
  if [ -n "$out" ]; then say dhcp ok "$out"; else say dhcp fail "nothing listens on UDP port 547"; fi
fi
if [ "$FW" = 1 ]; then
  # Only v6wizard's own part is counted: its two IPv6 chains (and the jumps to them), or the rules of
  # its nftables table's two IPv6 chains. Other tools' rules are not v6wizard's to judge.
  case $BACKEND in
    nftables)
      if out=$(nft list table inet v6wizard 2>&1); then
        say firewall ok "rules=$(printf '%s\n' "$out" | awk '/^\tchain (input6|forward6) \{/ { on = 1; next } on && /^\t\}/ { on = 0 } on && NF { n++ } END { print n + 0 }') table=inet-v6wizard"
      else
        say firewall fail "table inet v6wizard is not loaded: $out"
      fi
      ;;
    *)
      case $BACKEND in iptables-nft) s6=ip6tables-nft-save ;; *) s6=ip6tables-legacy-save ;; esac
      out=$("$s6" -t filter 2>&1)
      say firewall ok "rules=$(printf '%s\n' "$out" | grep -cE '^-A V6WIZARD-(INPUT|FORWARD) ') jumps=$(printf '%s\n' "$out" | grep -cxE -- '-A (INPUT -j V6WIZARD-INPUT|FORWARD -j V6WIZARD-FORWARD)')"
      ;;
  esac
fi
if [ -n "$OUTSIDE" ]; then
  # From the LAN address, so the answer must come back through the routed prefix, as a LAN host's would.
  if out=$(ping -6 -c 3 -i 0.2 -W 3 -I "$LAN6" -- "$OUTSIDE" 2>&1); then say outside ok "$(printf '%s' "$out" | tail -n 2)"; else say outside fail "$(printf '%s' "$out" | tail -n 2)"; fi
fi
out=$(ip -6 -o addr show tentative 2>&1; ip -6 -o addr show dadfailed 2>&1)
if [ -z "$out" ]; then say dad ok "no address is tentative or dadfailed"; else say dad fail "$out"; fi
if [ "$NETSYS" = ifupdown ]; then
  # Live is not enough: the boot configuration must raise the LAN (with its address) and the tunnel by
  # itself. ifupdown's own parser answers: what networking.service (auto) and udev (allow-hotplug) raise.
  boot=$({ ifquery --list --allow=auto; ifquery --list --allow=hotplug; } 2>/dev/null)
  missing=''
  for i in "$LAN" "$TUN"; do printf '%s\n' "$boot" | grep -qxF -- "$i" || missing="$missing $i"; done
  if [ -n "$missing" ]; then
    say boot fail "set live only: no auto or allow-hotplug line raises${missing} at boot (ifquery --list), so it is gone after the next reboot"
  elif ! ifquery -- "$LAN" 2>/dev/null | grep -qxF -- "address: $LAN6"; then
    say boot fail "$LAN6 is on $LAN now, but no stanza ifup reads gives it at boot (ifquery $LAN)"
  else say boot ok "$LAN and $TUN are raised at boot, $LAN with $LAN6"; fi
fi
