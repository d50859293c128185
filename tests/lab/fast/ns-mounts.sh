#!/bin/bash
# Sets up a lab process's private view of the file system, then runs the command in it:
#   ns-mounts.sh [--tmpfs DIR] [--bind SRC DST] [--mkdir DIR] ... -- COMMAND ARG...
# The lab runs it as `ip netns exec NS unshare --mount --propagation private ns-mounts.sh ...`, so the
# mounts exist only for COMMAND and what it starts (sshd and its sessions, a DHCPv6 server): the
# lab's users, passwords and sudoers replace the host's there, and leases, pid files and logs land in
# the lab's state folder instead of the host's /var and /run.
set -euo pipefail

# Refuse to run in the host's own mount namespace: there these mounts would cover the host's
# /etc/passwd, /run and /home for every process on the machine.
if [ "$(readlink /proc/self/ns/mnt)" = "$(readlink /proc/1/ns/mnt)" ]; then
    echo "ns-mounts.sh: refusing to mount in the host's mount namespace (run it under unshare --mount)" >&2
    exit 70
fi

while [ $# -gt 0 ]; do
    case $1 in
        --tmpfs)
            mount -t tmpfs -o mode=0755,nosuid,nodev v6wizard-lab "$2"
            shift 2
            ;;
        --bind)
            mount --bind "$2" "$3"
            shift 3
            ;;
        --mkdir)
            mkdir -p -- "$2"
            shift 2
            ;;
        --)
            shift
            break
            ;;
        *)
            echo "ns-mounts.sh: unknown option $1" >&2
            exit 64
            ;;
    esac
done
[ $# -gt 0 ] || { echo "ns-mounts.sh: no command after --" >&2; exit 64; }
exec "$@"
