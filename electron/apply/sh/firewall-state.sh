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
  local t f
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
  local t f s b c
  for t in ip6tables iptables; do
    for f in nft legacy; do
      s=$1/$t-$f.v6wizard
      [ -s "$s" ] || continue
      { echo '*filter'; grep -E '^:' "$s"; grep -E '^-A V6WIZARD-' "$s"; echo COMMIT; } | "$t-$f-restore" --noflush &&
        echo "restored v6wizard's chains with $t-$f-restore --noflush"
      grep -E '^-A (INPUT|FORWARD) -j ' "$s" | tac | while read -r _ b _ c; do "$t-$f" -w -I "$b" 1 -j "$c"; done
    done
  done
  if [ -s "$1/v6wizard.nft.save" ]; then nft -f "$1/v6wizard.nft.save" && echo "restored nftables table inet v6wizard"; fi
}
