#!/bin/bash
# Written by v6wizard's apply. Puts this router back the way it was before that apply: the files it
# replaced (byte copies) or added (removed again), the units' enabled and active states, the sysctl
# values, the tunnel and LAN address, and v6wizard's own firewall chains or nftables table saved next to
# this script (nothing of other tools' firewalls is touched).
# Run by the revert timer when an apply was not confirmed in time, or by hand:
#   sudo bash restore.sh --force
set -u
# @FIREWALL-STATE@
B=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# The timers and the confirmation race for one atomic mkdir: whoever makes "decision" decides. --force
# (rollback on request) restores regardless.
if [ "${1:-}" != --force ]; then
  if ! mkdir -- "$B/decision" 2>/dev/null; then
    # Decided already: by the confirmation, or by another restore (the other timer, or a failed
    # apply's clean-up) that may still be running. Return only once that one holds no lock.
    exec 9>"$B/lock"
    flock -w 300 9
    echo "already decided: $(cat -- "$B/decision/by" 2>/dev/null)"
    exit 0
  fi
  echo reverted >"$B/decision/by"
fi
exec >>"$B/restore.log" 2>&1
echo "restore started $(date -R)"
# Never in the middle of a change: wait for the check, install or switch step that holds the lock to
# finish its step (they refuse to start another once "decision" exists). A step that hangs for five
# minutes (longer than systemd's own start and stop timeouts together) is not waited for any longer:
# the router must come back even then.
exec 9>"$B/lock"
if flock -w 300 9; then echo "lock taken $(date -R)"; else echo "a change still holds the lock after 300 s; restoring anyway"; fi
{ read -r NETSYS; read -r WAN; read -r TUN; read -r LAN; read -r LANADDR; } <"$B/network"
# v6wizard's own chains and table go back first, so SSH that the new rules may block opens again at
# once. Only v6wizard's part is removed and reloaded: other tools' chains and tables stay untouched.
fw_unload
fw_reload "$B"

# Units that were not running before are stopped, and not enabled ones disabled, while their files
# are still the new ones (a unit that is removed below can no longer be stopped by name).
while IFS=$'\t' read -r unit enabled active; do
  case $active in active | activating | reloading) ;; *) systemctl stop -- "$unit" && echo "stopped $unit" ;; esac
  case $enabled in
    enabled) ;;
    masked | static | indirect | generated | alias) ;;
    *) systemctl disable --quiet -- "$unit" 2>/dev/null && echo "disabled $unit" ;;
  esac
done <"$B/services"

# A tunnel or LAN address that did not exist before goes away (the tunnel while the new files that
# describe it are still there, so ifdown knows it).
if [ "$(cat "$B/tunnel-existed")" = no ] && ip link show dev "$TUN" >/dev/null 2>&1; then
  if [ "$NETSYS" = ifupdown ]; then ifdown --force -- "$TUN" 2>/dev/null || true; fi
  ip link del dev "$TUN" 2>/dev/null && echo "removed tunnel $TUN"
fi
if [ "$(cat "$B/lan-address-existed")" = no ]; then
  ip -6 addr del "$LANADDR" dev "$LAN" 2>/dev/null && echo "removed $LANADDR from $LAN"
fi

while IFS=$'\t' read -r state path; do
  case $state in
    existed)
      t=$(mktemp -d -- "$(dirname -- "$path")/.v6wizard-restore-XXXXXX") &&
        cp -a -- "$B/files$path" "$t/f" && mv -fT -- "$t/f" "$path" && echo "restored $path"
      rmdir -- "$t" 2>/dev/null
      ;;
    absent) rm -f -- "$path" && echo "removed $path" ;;
  esac
done <"$B/manifest"
while read -r dir; do rmdir -- "$dir" 2>/dev/null && echo "removed folder $dir"; done <"$B/dirs"
systemctl daemon-reload

while IFS=$'\t' read -r key value; do sysctl -q -w "$key=$value" && echo "sysctl $key=$value"; done <"$B/sysctl"

if [ "$(cat "$B/tunnel-existed")" = yes ]; then
  case $NETSYS in
    ifupdown) ifdown --force -- "$TUN" 2>/dev/null; ifup -- "$TUN" ;;
    systemd-networkd) networkctl reload && networkctl reconfigure -- "$WAN" "$LAN" ;;
    netplan) netplan apply ;;
    *) ;;
  esac
fi

while IFS=$'\t' read -r unit enabled active; do
  [ "$enabled" = enabled ] && systemctl enable --quiet -- "$unit" 2>/dev/null
  case $active in active | activating | reloading) systemctl restart -- "$unit" && echo "restarted $unit" ;; esac
done <"$B/services"

# The firewall service restarted above may have loaded rules of its own: the saved part is the truth.
fw_unload
fw_reload "$B"
touch -- "$B/rolled-back"
echo "restore finished $(date -R)"
