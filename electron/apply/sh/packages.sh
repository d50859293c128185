set -uo pipefail
# Install the packages the person agreed to, once the revert timer is armed, and list in the backup
# folder exactly the packages this run added (the named ones and what they pulled in), so a revert
# purges them and nothing else. Usage: packages.sh BACKUP_DIR PACKAGE...
B=$1; shift
guard "$B"
installed() { dpkg-query -W -f='${db:Status-Abbrev} ${binary:Package}\n' 2>/dev/null | awk '$1 ~ /^[ih]i/ { print $2 }' | sort -u; }
before=$(installed)
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -- "$@" 9>&- 2>&1 | tail -n 20
rc=${PIPESTATUS[0]}
# Also after a failure: a half-finished install may have added some, and the revert must take them.
comm -13 <(printf '%s\n' "$before") <(installed) | grep -v '^$' >"$B/packages-installed"
sync
if [ "$rc" -ne 0 ]; then echo "FAILED: apt-get install exited $rc"; exit 3; fi
echo "installed: $(tr '\n' ' ' <"$B/packages-installed")"
