set -u
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  p=$1; shift
  if [ -f "$p" ] && [ ! -L "$p" ]; then
    printf 'F %s\n' "$(stat -c '%a %U:%G' -- "$p")"; base64 -w0 -- "$p"; printf '\n'
  elif [ -e "$p" ] || [ -L "$p" ]; then printf 'O\n\n'
  else printf 'A\n\n'; fi
done
[ $# -gt 0 ] && shift
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  if command -v -- "$1" >/dev/null 2>&1; then printf 'P %s\n' "$1"; fi
  shift
done
[ $# -gt 0 ] && shift
NETSYS=${1:-}
# What listens on port 53 (systemd-resolved's stub, a DNS server): one 'L' line per socket.
if command -v ss >/dev/null 2>&1 && out=$(ss -Hlnptu 'sport = :53' 2>/dev/null); then
  printf 'S\n'
  printf '%s\n' "$out" | while IFS= read -r l; do [ -n "$l" ] && printf 'L %s\n' "$l"; done
fi
# ifupdown's configuration: every regular file under /etc/network that a source line could name
# (not the if-*.d hook scripts), as 'N PATH' and its content in base64.
if [ "$NETSYS" = ifupdown ]; then
  find /etc/network -maxdepth 3 -type f ! -path '/etc/network/if-*' -size -256k 2>/dev/null | sort |
    while IFS= read -r f; do printf 'N %s\n' "$f"; base64 -w0 -- "$f"; printf '\n'; done
fi
# What else is in the firewall (read only; legacy iptables only where its table is loaded, because
# asking it loads its modules): one line each, base64.
printf 'W nft %s\n' "$(nft list ruleset 2>/dev/null | base64 -w0)"
if grep -qsx filter /proc/net/ip6_tables_names; then s6=ip6tables-legacy-save; else s6=ip6tables-nft-save; fi
printf 'W ip6 %s\n' "$("$s6" -t filter 2>/dev/null | base64 -w0)"
