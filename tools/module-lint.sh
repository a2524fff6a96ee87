#!/bin/bash
# module-lint.sh KVER - build nvmetest.ko from a fresh copy of Kbuild, kmod/
# and include/ with W=1 and sparse (C=1); fail on any warning or error.
set -euo pipefail

prog=module-lint
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
top=$(cd "$here/.." && pwd)

usage() {
	cat <<USAGE
usage: tools/module-lint.sh KVER
Copies Kbuild, kmod/ and include/ into a temporary directory and runs
  make -C /lib/modules/KVER/build M=TMP W=1 C=1 modules
(C=1: sparse on every compiled file), once as is and once with the
compatibility branches for older kernels of the series forced
(KCFLAGS=-DNVMETEST_COMPAT_NO_GENL_MCAST_CAP). Fails, printing the offending lines,
when the build fails or prints any 'warning:' or 'error:' line (any case, so
modpost's WARNING:/ERROR: count too), except for lines about files inside
the kernel headers (/usr/src/...). Prints 'module-lint KVER: clean' otherwise.
USAGE
}

case ${1:-} in
-h|--help) usage; exit 0 ;;
'') echo "$prog: error: KVER missing" >&2; usage >&2; exit 2 ;;
esac
[ $# -eq 1 ] || { echo "$prog: error: exactly one KVER expected" >&2; usage >&2; exit 2; }
kver=$1

kdir=/lib/modules/$kver/build
[ -d "$kdir" ] || { echo "$prog: error: no kernel headers at $kdir (make deps, or see tools/kver.sh all)" >&2; exit 1; }
command -v sparse >/dev/null || { echo "$prog: error: sparse not found (make deps)" >&2; exit 1; }
for f in Kbuild kmod include; do
	[ -e "$top/$f" ] || { echo "$prog: error: $top/$f is missing" >&2; exit 1; }
done
kreal=$(readlink -f "$kdir")

tmp=$(mktemp -d /tmp/nvmet-lint.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cp -a "$top/Kbuild" "$top/kmod" "$top/include" "$tmp/"
# lint LABEL [MAKE-ARGS...]: one build of the copy; its offending lines.
lint() {
	local label=$1 out rc line path
	shift
	# Objects of an in-place build, or of the pass before, are not reused.
	find "$tmp" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \) -delete
	set +e
	out=$(make -j"$(nproc)" -C "$kdir" M="$tmp" W=1 C=1 "$@" modules 2>&1)
	rc=$?
	set -e
	printf '%s\n' "$out" >"$tmp/build.log"

	# A diagnostic is ours unless the file it names lies in the kernel headers:
	# an absolute /usr/src/... path, or a relative path (make runs in the
	# kernel's build directory; our files are always named by absolute path).
	offending=()
	while IFS= read -r line; do
		path=${line%%:*}
		case $path in
		/usr/src/*|"$kreal"/*) continue ;;
		/*) ;;
		*) if [ "$path" != "$line" ] && [ -e "$kreal/$path" ]; then continue; fi ;;
		esac
		offending+=("${line//"$tmp"\//}")
	done < <(grep -i -E '(warning|error):' "$tmp/build.log" || true)

	if [ "$rc" -ne 0 ]; then
		echo "$prog $kver$label: build failed (make exit $rc):" >&2
		if [ ${#offending[@]} -gt 0 ]; then
			printf '  %s\n' "${offending[@]}" >&2
		else
			tail -n 30 "$tmp/build.log" | sed "s|$tmp/||g; s/^/  /" >&2
		fi
		exit 1
	fi
	if [ ${#offending[@]} -gt 0 ]; then
		echo "$prog $kver$label: ${#offending[@]} warning/error line(s):" >&2
		printf '  %s\n' "${offending[@]}" >&2
		exit 1
	fi
}

lint ''
# The branches compat.h takes on older kernels of the series than those
# installed here (6.1.y before GENL_MCAST_CAP_NET_ADMIN was backported).
lint ' (compat: no GENL_MCAST_CAP_NET_ADMIN)' KCFLAGS=-DNVMETEST_COMPAT_NO_GENL_MCAST_CAP
echo "module-lint $kver: clean"
