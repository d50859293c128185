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
