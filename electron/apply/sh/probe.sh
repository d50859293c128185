set -u
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  p=$1; shift
  if [ -f "$p" ] && [ ! -L "$p" ]; then
    printf 'F %s\n' "$(stat -c '%a %U:%G' -- "$p")"; base64 -w0 -- "$p"; printf '\n'
  elif [ -e "$p" ] || [ -L "$p" ]; then printf 'O\n\n'
  else printf 'A\n\n'; fi
done
[ $# -gt 0 ] && shift
for b in "$@"; do if command -v -- "$b" >/dev/null 2>&1; then printf 'P %s\n' "$b"; fi; done
# What else is in the firewall (read only; legacy iptables only where its table is loaded, because
# asking it loads its modules): one line each, base64.
printf 'W nft %s\n' "$(nft list ruleset 2>/dev/null | base64 -w0)"
if grep -qsx filter /proc/net/ip6_tables_names; then s6=ip6tables-legacy-save; else s6=ip6tables-nft-save; fi
printf 'W ip6 %s\n' "$("$s6" -t filter 2>/dev/null | base64 -w0)"
