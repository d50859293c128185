set -euo pipefail
umask 077
mkdir -p -- "$(dirname -- "$1")"
mkdir -m 0700 -- "$1"
tar -xzf - -C "$1" --no-same-owner
echo "uploaded to $1"
