#!/bin/bash
# Written by v6wizard's apply. Puts this router back the way it was before that apply: the files it
# replaced (byte copies) or added (removed again), the units' enabled and active states, the sysctl
# values, the tunnel and LAN address, and v6wizard's own firewall chains or nftables table saved next to
# this script (nothing of other tools' firewalls is touched). Then it compares the router with what the
# backup recorded and fails, naming each difference, unless they are equal.
# Run by the revert timer when an apply was not confirmed in time, by the boot guard (--at-boot) after a
# power cut or reboot before the confirmation, or by hand:
#   sudo bash restore.sh --force
# Stops at the first step that fails, saying which (exit 3); the backup then stays available for a
# rollback on request, and the boot guard, if there is one, stays to try again at the next boot.
set -u
# @LIBRARY@
B=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
MODE=${1:-}

# The apply's lock (sh/apply-lock.sh) ends with the restore, however it ends.
release_lock() { if [ -s "$B/lock-unit" ]; then apply_lock_release "$(dirname -- "$B")" "$(cat -- "$B/lock-unit")"; fi; }
fail() {
  echo "FAILED: $*"
  touch -- "$B/restore-failed"
  release_lock
  echo "restore stopped $(date -R); the router is part way back. The backup $B stays; run: sudo bash $B/restore.sh --force"
  exit 3
}
# Run a step that must work; on failure stop and name it.
must() { "$@" || fail "$*"; }

# Each file back as the backup has it (an atomic rename), each added file removed, then the folders the
# apply created when they are empty again (another tool may have put something there since: kept).
restore_files() {
  local state path t
  while IFS=$'\t' read -r state path; do
    case $state in
      existed)
        t=$(mktemp -d -- "$(dirname -- "$path")/.v6wizard-restore-XXXXXX") || fail "mktemp beside $path"
        if ! { cp -a -- "$B/files$path" "$t/f" && mv -fT -- "$t/f" "$path"; }; then
          rm -rf -- "$t"
          fail "restore $path from $B/files$path"
        fi
        rmdir -- "$t"
        echo "restored $path"
        ;;
      absent) if [ -e "$path" ] || [ -L "$path" ]; then must rm -f -- "$path"; echo "removed $path"; fi ;;
    esac
  done <"$B/manifest"
  while read -r dir; do rmdir -- "$dir" 2>/dev/null && echo "removed folder $dir"; done <"$B/dirs"
  return 0
}

# The packages the apply installed (sh/packages.sh listed exactly those) go again, configuration
# included: the router had none of them before. Their units were stopped and disabled above.
purge_packages() {
  local pkgs=()
  [ -s "$B/packages-installed" ] || return 0
  mapfile -t pkgs <"$B/packages-installed"
  must env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q -- "${pkgs[@]}"
  echo "purged ${pkgs[*]}"
  rm -f -- "$B/packages-installed"
}

# Early at boot (the boot guard): nothing has started yet, so only files and enablement are put back,
# and the router boots once more, from the old files only. A confirmed or finished apply is left alone.
if [ "$MODE" = --at-boot ]; then
  exec >>"$B/restore.log" 2>&1
  echo "boot guard started $(date -R)"
  # Only at boot: started any other time (by hand, or by something that starts sysinit.target again)
  # it would restore and reboot a running router under its owner.
  system=$(systemctl is-system-running 2>/dev/null)
  case $system in
    initializing | starting) ;;
    *)
      echo "not at boot (the system is ${system:-in an unknown state}): the boot guard does nothing"
      exit 0
      ;;
  esac
  rm -f -- "$B/restore-failed"
  by=$(cat -- "$B/decision/by" 2>/dev/null)
  if [ "$by" = confirmed ] || [ -e "$B/rolled-back" ]; then
    echo "nothing to restore (${by:-restored already}); removing the boot guard"
    boot_guard_remove "$B"
    exit 0
  fi
  mkdir -p -- "$B/decision" && echo "reverted at boot" >"$B/decision/by"
  while IFS=$'\t' read -r unit enabled _; do
    case $enabled in
      enabled) must systemctl enable --no-reload --quiet -- "$unit" ;;
      masked | static | indirect | generated | alias) ;;
      *) if [ "$(systemctl is-enabled -- "$unit" 2>/dev/null)" = enabled ]; then must systemctl disable --no-reload --quiet -- "$unit"; fi ;;
    esac
  done <"$B/services"
  restore_files
  purge_packages
  touch -- "$B/rolled-back"
  boot_guard_remove "$B" || fail "remove the boot guard"
  echo "restore finished $(date -R); rebooting once so every daemon starts from the old files"
  sync
  systemctl --no-block reboot
  exit 0
fi

# The timers and the confirmation race for one atomic mkdir: whoever makes "decision" decides. --force
# (rollback on request) restores regardless.
if [ "$MODE" != --force ]; then
  if ! mkdir -- "$B/decision" 2>/dev/null; then
    # Decided already: by the confirmation, or by another restore (the other timer, or a failed
    # apply's clean-up) that may still be running. Return only once that one holds no lock.
    # Wait for that restore's end (it may not hold the lock yet), up to its own bound plus a margin.
    for _ in $(seq 420); do
      by=$(cat -- "$B/decision/by" 2>/dev/null)
      if [ "$by" = confirmed ] || [ -e "$B/rolled-back" ] || [ -e "$B/restore-failed" ]; then break; fi
      sleep 1
    done
    echo "already decided: $by"
    # A restore that decided and then stopped on a failure is not a success to report again.
    if [ "$by" != confirmed ] && [ ! -e "$B/rolled-back" ]; then
      echo "FAILED: the restore that decided ($by) did not finish; see $B/restore.log"
      tail -n 5 -- "$B/restore.log" 2>/dev/null
      exit 3
    fi
    exit 0
  fi
  echo reverted >"$B/decision/by"
fi
exec >>"$B/restore.log" 2>&1
rm -f -- "$B/restore-failed"
echo "restore started $(date -R)"
# Never in the middle of a change: wait for the check, install or switch step that holds the lock to
# finish its step (they refuse to start another once "decision" exists). A step that hangs for five
# minutes (longer than systemd's own start and stop timeouts together) is not waited for any longer:
# the router must come back even then.
exec 9>"$B/lock"
if flock -w 300 9; then echo "lock taken $(date -R)"; else echo "a change still holds the lock after 300 s; restoring anyway"; fi
# An apply that never armed its revert changed nothing (only this backup and its staged upload exist).
# Read under the step lock, so an arm step still running (a failure's clean-up racing it) ends first.
if [ -e "$B/not-armed" ]; then
  echo "that apply stopped before it changed anything: nothing to restore"
  touch -- "$B/rolled-back"
  release_lock
  exit 0
fi
{ read -r NETSYS; read -r WAN; read -r TUN; read -r LAN; read -r LANADDR; } <"$B/network"
# Fail closed on the way back too: forwarding that was off before goes off first, before v6wizard's
# filter is taken away below (it comes back on only if it was on before, with the sysctl values).
while IFS=$'\t' read -r key value; do
  case $key in *forwarding) if [ "$value" = 0 ]; then must sysctl -q -w "$key=0"; fi ;; esac
done <"$B/sysctl"
# v6wizard's own chains and table go back first, so SSH that the new rules may block opens again at
# once. Only v6wizard's part is removed and reloaded: other tools' chains and tables stay untouched.
must fw_unload
must fw_reload "$B"

# Units that were not running before are stopped, and not enabled ones disabled, while their files
# are still the new ones (a unit that is removed below can no longer be stopped by name).
while IFS=$'\t' read -r unit enabled active; do
  case $active in
    active | activating | reloading) ;;
    *) if [ "$(systemctl is-active -- "$unit" 2>/dev/null)" != inactive ]; then must systemctl stop -- "$unit"; echo "stopped $unit"; fi ;;
  esac
  case $enabled in
    enabled | masked | static | indirect | generated | alias) ;;
    *) if [ "$(systemctl is-enabled -- "$unit" 2>/dev/null)" = enabled ]; then must systemctl disable --quiet -- "$unit"; echo "disabled $unit"; fi ;;
  esac
done <"$B/services"

# A tunnel or LAN address that did not exist before goes away (the tunnel while the new files that
# describe it are still there, so ifdown knows it).
if [ "$(cat "$B/tunnel-existed")" = no ] && [ "$(link_state "$TUN")" = yes ]; then
  if [ "$NETSYS" = ifupdown ]; then ifdown --force -- "$TUN" 2>/dev/null || true; fi
  if [ "$(link_state "$TUN")" = yes ]; then must ip link del dev "$TUN"; fi
  echo "removed tunnel $TUN"
fi
if [ "$(cat "$B/lan-address-existed")" = no ] && [ "$(address_state "$LAN" "$LANADDR")" = yes ]; then
  must ip -6 addr del "$LANADDR" dev "$LAN"
  echo "removed $LANADDR from $LAN"
fi

restore_files
purge_packages
must systemctl daemon-reload

while IFS=$'\t' read -r key value; do must sysctl -q -w "$key=$value"; echo "sysctl $key=$value"; done <"$B/sysctl"

if [ "$(cat "$B/tunnel-existed")" = yes ]; then
  case $NETSYS in
    ifupdown) ifdown --force -- "$TUN" 2>/dev/null; must ifup -- "$TUN" ;;
    systemd-networkd) must networkctl reload && must networkctl reconfigure -- "$WAN" "$LAN" ;;
    netplan) must netplan apply ;;
    *) ;;
  esac
fi

while IFS=$'\t' read -r unit enabled active; do
  if [ "$enabled" = enabled ]; then must systemctl enable --quiet -- "$unit"; fi
  case $active in active | activating | reloading) must systemctl restart -- "$unit"; echo "restarted $unit" ;; esac
done <"$B/services"

# The firewall service restarted above may have loaded rules of its own: the saved part is the truth.
must fw_unload
must fw_reload "$B"

# Proof, not hope: the router compared with what the backup recorded before the apply.
diffs=$(differences "$B")
if [ -n "$diffs" ]; then
  printf '%s\n' "$diffs"
  fail "after the restore the router still differs from the backup (above)"
fi
echo "compared with the backup: files, units, sysctl values, tunnel, LAN address and v6wizard's firewall are as before"
touch -- "$B/rolled-back"
boot_guard_remove "$B" || fail "remove the boot guard"
release_lock
echo "restore finished $(date -R)"
