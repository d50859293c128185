# The revert that survives a power cut. The revert timers are transient systemd units and live in /run
# only: a person locked out by an unconfirmed apply who power-cycles the router would otherwise keep
# it for good. So, before anything is placed, an enabled unit on disk (a "boot guard") restores the
# backup early at the next boot unless the apply was confirmed; the confirmation and a finished
# restore remove it. Each step is followed by sync: a power cut loses what is only in the page cache.

# Install the boot guard for backup folder $1, named after the apply's unit $2.
boot_guard_install() {
  local b=$1 name="$2-boot.service" dir=/etc/systemd/system t
  t=$(mktemp -- "$dir/.v6wizard-XXXXXX") || return 1
  cat >"$t" <<UNIT
[Unit]
Description=v6wizard: restore $b at boot (an apply that was armed and never confirmed)
# Before anything reads the network, firewall or sysctl files: the restored files are then what
# this boot would read, and restore.sh reboots once so that every daemon starts from them.
DefaultDependencies=no
After=local-fs.target
Before=sysinit.target systemd-sysctl.service network-pre.target shutdown.target
Conflicts=shutdown.target
ConditionPathExists=$b/restore.sh

[Service]
Type=oneshot
ExecStart=/bin/bash $b/restore.sh --at-boot

[Install]
WantedBy=sysinit.target
UNIT
  chmod 0644 -- "$t" && mv -fT -- "$t" "$dir/$name" || return 1
  # Enabled by hand, as systemctl enable would, without asking systemd to reload (not needed until
  # the next boot, and a reload would cost time in the middle of the apply).
  mkdir -p -- "$dir/sysinit.target.wants" &&
    ln -sfn -- "$dir/$name" "$dir/sysinit.target.wants/$name" || return 1
  printf '%s\n' "$name" >"$b/boot-guard"
  sync
  echo "boot guard $name: a power cut before the confirmation restores $b at the next boot"
}

# Remove the boot guard of backup folder $1 (if it has one), durably.
boot_guard_remove() {
  local b=$1 name dir=/etc/systemd/system
  [ -s "$b/boot-guard" ] || return 0
  name=$(cat -- "$b/boot-guard")
  rm -f -- "$dir/sysinit.target.wants/$name" "$dir/$name" || return 1
  rm -f -- "$b/boot-guard"
  sync
  echo "boot guard $name removed"
}
