set -u
latest=''
# Folder names start with a sortable time stamp, and a glob expands in sorted order: the last one wins.
for d in "$1"/*/; do
  d=${d%/}
  if [ -f "$d/restore.sh" ] && [ ! -e "$d/rolled-back" ]; then latest=$d; fi
done
if [ -n "$latest" ]; then printf '%s\n' "$latest"; fi
