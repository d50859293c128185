# v6wizard's own part of the firewall, saved and put back without touching anyone else's: its chains
# (V6WIZARD-*) and the jumps to them in each iptables flavour, and its nftables table inet v6wizard.
# Docker's, libvirt's, ufw's chains, other nftables tables and the built-in chains' policies are never
# saved, flushed or restored here, so they stay exactly as their own tools left them.

# Whether an iptables flavour can be asked about its filter table without side effects: iptables-nft
# creates nothing by asking; legacy iptables is asked only when its filter table is loaded, because
# asking it would load its kernel modules. $1: ip6tables or iptables, $2: nft or legacy.
fw_has() {
  command -v "$1-$2-save" >/dev/null 2>&1 || return 1
  [ "$2" = nft ] && return 0
  if [ "$1" = ip6tables ]; then grep -qsx filter /proc/net/ip6_tables_names; else grep -qsx filter /proc/net/ip_tables_names; fi
}

# v6wizard's lines of an iptables-save of the filter table: its chains, their rules, the jumps to them.
fw_ours() { grep -E '^(:V6WIZARD-[A-Z0-9-]+ |-A V6WIZARD-|-A (INPUT|FORWARD) -j V6WIZARD-[A-Z0-9-]+$)' || true; }

# Save v6wizard's part into folder $1 (a file per flavour that has it; the table as nft lists it).
fw_save() {
  local t f w
  for t in ip6tables iptables; do
    for f in nft legacy; do
      if fw_has "$t" "$f"; then "$t-$f-save" -t filter | fw_ours >"$1/$t-$f.v6wizard"; fi
    done
  done
  if command -v nft >/dev/null 2>&1 && nft list table inet v6wizard >"$1/v6wizard.nft.save" 2>/dev/null; then
    :
  else
    rm -f -- "$1/v6wizard.nft.save"
  fi
  # iptables-nft creates a built-in chain (and its table) the first time a jump goes in: note which
  # existed, so a rollback can take away an empty one that only v6wizard's jump brought.
  if command -v nft >/dev/null 2>&1; then
    local c
    for c in 'ip6 filter INPUT' 'ip6 filter FORWARD' 'ip filter INPUT' 'ip6 filter' 'ip filter'; do
      read -r -a w <<<"$c"
      if [ ${#w[@]} = 3 ]; then
        if nft list chain "${w[@]}" >/dev/null 2>&1; then echo "$c"; fi
      elif nft list table "${w[@]}" >/dev/null 2>&1; then
        echo "$c"
      fi
    done >"$1/nft-builtins"
  fi
}

# Remove v6wizard's part from every flavour and the nftables table, whichever backend put it there.
fw_unload() {
  local t f c b
  for t in ip6tables iptables; do
    for f in nft legacy; do
      fw_has "$t" "$f" || continue
      for c in V6WIZARD-INPUT V6WIZARD-FORWARD V6WIZARD-PROTO41; do
        for b in INPUT FORWARD; do
          while "$t-$f" -w -C "$b" -j "$c" 2>/dev/null; do "$t-$f" -w -D "$b" -j "$c"; done
        done
        if "$t-$f" -w -n -L "$c" >/dev/null 2>&1; then "$t-$f" -w -F "$c" && "$t-$f" -w -X "$c"; fi
      done
    done
  done
  if command -v nft >/dev/null 2>&1 && nft list table inet v6wizard >/dev/null 2>&1; then
    nft delete table inet v6wizard && echo "removed nftables table inet v6wizard"
  fi
}

# Load what fw_save saved in folder $1: the chains with --noflush (nothing else is emptied), the jumps
# at the top of INPUT/FORWARD where they were, and the nftables table.
fw_reload() {
  local t f s b c w
  for t in ip6tables iptables; do
    for f in nft legacy; do
      s=$1/$t-$f.v6wizard
      [ -s "$s" ] || continue
      # Declared in the order the loader declares them, so nft lists them as it did before.
      {
        echo '*filter'
        for c in V6WIZARD-INPUT V6WIZARD-FORWARD V6WIZARD-PROTO41; do grep -E "^:$c " "$s" || true; done
        grep -E '^-A V6WIZARD-' "$s"
        echo COMMIT
      } | "$t-$f-restore" --noflush &&
        echo "restored v6wizard's chains with $t-$f-restore --noflush"
      grep -E '^-A (INPUT|FORWARD) -j ' "$s" | tac | while read -r _ b _ c; do "$t-$f" -w -I "$b" 1 -j "$c"; done
    done
  done
  if [ -s "$1/v6wizard.nft.save" ]; then nft -f "$1/v6wizard.nft.save" && echo "restored nftables table inet v6wizard"; fi
  # A built-in chain or table that did not exist at the backup and is empty now goes again.
  if [ -f "$1/nft-builtins" ] && command -v nft >/dev/null 2>&1; then
    local c
    for c in 'ip6 filter INPUT' 'ip6 filter FORWARD' 'ip filter INPUT' 'ip6 filter' 'ip filter'; do
      grep -qxF -- "$c" "$1/nft-builtins" && continue
      read -r -a w <<<"$c"
      if [ ${#w[@]} = 3 ]; then
        if nft list chain "${w[@]}" >/dev/null 2>&1 && [ "$(nft list chain "${w[@]}" | grep -cvE '^[[:space:]]*(table |chain |type |}|$)')" = 0 ]; then
          nft delete chain "${w[@]}" && echo "removed the empty chain $c that did not exist before"
        fi
      elif nft list table "${w[@]}" >/dev/null 2>&1 && ! nft list table "${w[@]}" | grep -q 'chain '; then
        nft delete table "${w[@]}" && echo "removed the empty table $c that did not exist before"
      fi
    done
  fi
}
