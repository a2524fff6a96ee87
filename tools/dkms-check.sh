#!/bin/bash
# dkms-check.sh KVER... - prove that dkms.conf is accepted by 'dkms add' and
# 'dkms build' for each kernel, in a private tree (the system's is untouched).
set -euo pipefail

prog=dkms-check
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
top=$(cd "$here/.." && pwd)

usage() {
	cat <<USAGE
usage: tools/dkms-check.sh [KVER...]
Copies dkms.conf, VERSION, Kbuild, kmod/ and include/ into a temporary
directory and runs 'dkms add' and 'dkms build -k KVER' for every KVER
(default: tools/kver.sh all) with --dkmstree and --sourcetree in that
directory; the signing key dkms generates goes there too. Prints
'dkms KVER: built' per kernel; exits 1 if any step failed.
USAGE
}

case ${1:-} in -h|--help) usage; exit 0 ;; -*) echo "$prog: unknown option '$1'" >&2; usage >&2; exit 2 ;; esac
kvers=("$@")
if [ ${#kvers[@]} -eq 0 ]; then
	read -r -a kvers <<<"$("$top/tools/kver.sh" all)"
	[ ${#kvers[@]} -gt 0 ] || { echo "$prog: error: no installed kernel found (make deps)" >&2; exit 1; }
fi
command -v dkms >/dev/null || { echo "$prog: error: dkms not found (make deps)" >&2; exit 1; }
for f in dkms.conf VERSION Kbuild kmod include; do
	[ -e "$top/$f" ] || { echo "$prog: error: $top/$f is missing" >&2; exit 1; }
done
ver=$(tr -d '[:space:]' <"$top/VERSION")
[ -n "$ver" ] || { echo "$prog: error: $top/VERSION is empty" >&2; exit 1; }
name=nvmetest

tmp=$(mktemp -d /tmp/nvmet-dkms.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pkg=$tmp/pkg
mkdir -p "$pkg" "$tmp/src" "$tmp/tree"
cp -a "$top/dkms.conf" "$top/VERSION" "$top/Kbuild" "$top/kmod" "$top/include" "$pkg/"
find "$pkg" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \) -delete

# dkms reads these from the environment (framework.conf may override them,
# Debian's does not): keep the generated MOK key out of /var/lib/dkms.
export mok_signing_key=$tmp/mok.key mok_certificate=$tmp/mok.pub
dk=(dkms --dkmstree "$tmp/tree" --sourcetree "$tmp/src")

sys_before=$(ls -d /var/lib/dkms/$name /usr/src/$name-"$ver" 2>/dev/null || true)

if ! "${dk[@]}" add "$pkg" >"$tmp/add.log" 2>&1; then
	echo "$prog: dkms add failed:" >&2
	sed 's/^/  /' "$tmp/add.log" >&2
	exit 1
fi
[ -d "$tmp/src/$name-$ver" ] || {
	echo "$prog: dkms add did not create $name-$ver (dkms.conf's PACKAGE_NAME/PACKAGE_VERSION?):" >&2
	sed 's/^/  /' "$tmp/add.log" >&2
	exit 1
}

failed=0
for k in "${kvers[@]}"; do
	if [ ! -d "/lib/modules/$k/build" ]; then
		echo "$prog: dkms $k: no kernel headers at /lib/modules/$k/build" >&2
		failed=1
		continue
	fi
	log=$tmp/build-$k.log
	if ! "${dk[@]}" build "$name/$ver" -k "$k" >"$log" 2>&1; then
		echo "$prog: dkms $k: build failed:" >&2
		sed 's/^/  /' "$log" >&2
		mk=$(ls "$tmp/tree/$name/$ver/build/make.log" 2>/dev/null || true)
		[ -z "$mk" ] || { echo "  --- make.log:" >&2; tail -n 40 "$mk" | sed 's/^/  /' >&2; }
		failed=1
		continue
	fi
	ko=$(ls "$tmp/tree/$name/$ver/$k/"*/module/$name.ko* 2>/dev/null | head -n 1 || true)
	if [ -z "$ko" ]; then
		echo "$prog: dkms $k: dkms build succeeded but no $name.ko in its tree" >&2
		failed=1
		continue
	fi
	vm=$(modinfo -F vermagic "$ko" 2>/dev/null || true)
	if [ "${vm%% *}" != "$k" ]; then
		echo "$prog: dkms $k: built module has vermagic '${vm%% *}'" >&2
		failed=1
		continue
	fi
	echo "dkms $k: built"
done

sys_after=$(ls -d /var/lib/dkms/$name /usr/src/$name-"$ver" 2>/dev/null || true)
if [ "$sys_before" != "$sys_after" ]; then
	echo "$prog: error: the system's dkms tree changed: $sys_after" >&2
	failed=1
fi
exit $failed
