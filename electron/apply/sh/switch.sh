set -uo pipefail
B=$1 UNIT=$2 REARM=$3 STAGE=$4 NETSYS=$5 WAN=$6 TUN=$7 LAN=$8 LANADDR=$9; shift 9
guard "$B"
[ "$1" = -- ] && shift
paths=(); while [ $# -gt 0 ] && [ "$1" != -- ]; do paths+=("$1"); shift; done
[ $# -gt 0 ] && shift
# Not install.sh's dry run or V6WIZARD_ROOT mode, whatever the environment holds (start_units reads them).
DRY_RUN=0 ROOT=''
# Commands run without the lock's descriptor, so nothing they leave running holds the lock.
run() { printf '+ %s\n' "$*"; "$@" 9>&- 2>&1 || { echo "FAILED: $*"; exit 3; }; }
run_soft() { printf '+ %s\n' "$*"; "$@" 9>&- 2>&1 || echo "  (failed; continuing)"; }
# The stage's own commands: the same description install.sh uses (templates/stages/switch-stage.sh).
switch_stage "$STAGE" "$NETSYS" "$WAN" "$TUN" "$LAN" "$LANADDR" "${paths[@]}" || exit 3
# Its units, as install.sh starts them (the same library).
start_units "$@" || exit 3
# The last stage is switched on: the confirmation window starts now, on the router's own clock.
if [ -n "$REARM" ]; then rearm "$B" "$UNIT" "$REARM" || { echo "FAILED: could not start the confirmation timer"; exit 3; }; fi
