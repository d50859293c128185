# The revert timers count from boot (OnBootSec, monotonic), not from their own start (OnActiveSec):
# `systemctl daemon-reload`, which the install step runs when a unit changed, restarts an OnActiveSec
# countdown (measured in the lab VM: a 20 s timer fired after 33 s), but leaves a boot-relative
# deadline where it was. Prints the --on-boot value for a deadline N seconds from now. Usage: deadline N.
deadline() {
  local up
  read -r up _ </proc/uptime
  echo "$((${up%.*} + $1 + 1))"
}
