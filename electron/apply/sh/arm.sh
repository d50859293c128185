set -euo pipefail
systemd-run --quiet --on-active="$1" --unit="$2" --description="v6wizard: revert to $3 unless confirmed" /bin/bash "$3/restore.sh"
echo "armed $2.timer: restores $3 in $1 s unless confirmed"
