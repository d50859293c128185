set -u
latest=''
# Folder names start with a sortable time stamp, and a glob expands in sorted order: the last one wins.
for d in "$1"/*/; do
  d=${d%/}
  # Not armed: that apply stopped before it changed anything, so there is nothing of it to roll back.
  if [ -f "$d/restore.sh" ] && [ ! -e "$d/rolled-back" ] && [ ! -e "$d/not-armed" ]; then latest=$d; fi
done
if [ -n "$latest" ]; then printf '%s\n' "$latest"; fi
