# What the apply may change on the router besides files, recorded the same way before the apply (by
# backup.sh, into the backup folder) and after a restore (by restore.sh, to prove it worked): one
# description of "the router's state", so the comparison can only differ where the router does.

# unit<TAB>enabled<TAB>active for each unit named. "failed" is recorded as "inactive": both mean not
# running, and a restore can stop a unit but cannot make it fail again.
unit_states() {
  local u en ac
  for u in "$@"; do
    en=$(systemctl is-enabled -- "$u" 2>/dev/null || true)
    ac=$(systemctl is-active -- "$u" 2>/dev/null || true)
    if [ "$ac" = failed ]; then ac=inactive; fi
    printf '%s\t%s\t%s\n' "$u" "${en:-not-found}" "${ac:-inactive}"
  done
}

# A saved firewall part without its packet counters, which traffic changes and a restore cannot.
without_counters() { sed -E 's/counter packets [0-9]+ bytes [0-9]+/counter/g; s/\[[0-9]+:[0-9]+\]/[0:0]/g' -- "$1" 2>/dev/null; }

# key<TAB>value for each sysctl key that exists.
sysctl_values() {
  local k v
  for k in "$@"; do if v=$(sysctl -n -- "$k" 2>/dev/null); then printf '%s\t%s\n' "$k" "$v"; fi; done
}

# yes or no: whether link $1 exists.
link_state() { if ip link show dev "$1" >/dev/null 2>&1; then echo yes; else echo no; fi; }

# yes or no: whether address $2 (with its prefix length) is on $1.
address_state() { if [ -n "$(ip -6 -o addr show dev "$1" to "$2" 2>/dev/null)" ]; then echo yes; else echo no; fi; }

# Record into folder $1 what backup.sh recorded into the backup folder: the units, sysctl values,
# tunnel, LAN address and v6wizard's part of the firewall. Reads the names from backup folder $2.
# Needs fw_save (firewall-state.sh).
record_state_like() {
  local out=$1 b=$2 units=() keys=() u k
  while IFS=$'\t' read -r u _; do units+=("$u"); done <"$b/services"
  while IFS=$'\t' read -r k _; do keys+=("$k"); done <"$b/sysctl"
  { read -r _; read -r _; read -r TUN; read -r LAN; read -r LANADDR; } <"$b/network"
  mkdir -p -- "$out"
  unit_states "${units[@]}" >"$out/services"
  sysctl_values "${keys[@]}" >"$out/sysctl"
  link_state "$TUN" >"$out/tunnel-existed"
  address_state "$LAN" "$LANADDR" >"$out/lan-address-existed"
  fw_save "$out"
}

# Print, one line each, how the router now differs from backup folder $1 (nothing when it is as the
# backup recorded it): every file of the manifest (bytes, mode, owner, or presence), then the state
# record_state_like writes. Needs fw_save.
differences() {
  local b=$1 now state path f
  now=$(mktemp -d) || return 1
  while IFS=$'\t' read -r state path; do
    case $state in
      existed)
        if [ ! -e "$path" ] && [ ! -L "$path" ]; then echo "$path: missing (it existed before)"; continue; fi
        if ! cmp -s -- "$b/files$path" "$path"; then echo "$path: content differs from the backup"; fi
        if [ "$(stat -c '%a %U:%G' -- "$b/files$path")" != "$(stat -c '%a %U:%G' -- "$path")" ]; then
          echo "$path: mode or owner $(stat -c '%a %U:%G' -- "$path"), before $(stat -c '%a %U:%G' -- "$b/files$path")"
        fi
        ;;
      absent) if [ -e "$path" ] || [ -L "$path" ]; then echo "$path: present (it did not exist before)"; fi ;;
    esac
  done <"$b/manifest"
  record_state_like "$now" "$b"
  for f in services sysctl tunnel-existed lan-address-existed nft-builtins v6wizard.nft.save \
    ip6tables-nft.v6wizard ip6tables-legacy.v6wizard iptables-nft.v6wizard iptables-legacy.v6wizard; do
    # Absent and empty are the same: legacy iptables is read once its table exists, empty or not.
    if [ ! -s "$b/$f" ] && [ ! -s "$now/$f" ]; then continue; fi
    if [ "$(without_counters "$b/$f")" != "$(without_counters "$now/$f")" ]; then
      echo "$f differs (- before the apply, + now):"
      diff <(without_counters "$b/$f") <(without_counters "$now/$f") | grep -E '^[<>]' | sed 's/^</  -/; s/^>/  +/'
    fi
  done
  rm -rf -- "$now"
}
