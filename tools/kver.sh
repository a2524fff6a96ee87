#!/bin/bash
# kver.sh - name installed kernels the module can be built for.
#   kver.sh default   the running kernel when its headers are installed,
#                     else the newest installed 6.1 kernel
#   kver.sh 6.1|6.12  the newest installed kernel of that series
#   kver.sh all       the newest 6.1 and 6.12 kernels, space separated
# A kernel counts as installed when /lib/modules/VER/build and
# /boot/vmlinuz-VER both exist. Prints nothing when none is found.
set -euo pipefail

newest() {
	local series=$1 d v best=
	for d in /lib/modules/"$series".*; do
		[ -e "$d/build" ] || continue
		v=${d##*/}
		case $v in *-amd64) ;; *) continue ;; esac
		[ -e "/boot/vmlinuz-$v" ] || continue
		best+="$v"$'\n'
	done
	[ -n "$best" ] && printf '%s' "$best" | sort -V | tail -n 1
	return 0
}

case ${1:-default} in
default)
	run=$(uname -r)
	if [ -e "/lib/modules/$run/build" ]; then echo "$run"; else newest 6.1; fi ;;
all)
	echo $(newest 6.1) $(newest 6.12) ;;
6.*)
	newest "$1" ;;
*)
	echo "usage: kver.sh [default|all|6.1|6.12]" >&2; exit 2 ;;
esac
