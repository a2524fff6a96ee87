#!/bin/bash
# header-check.sh - the public headers and the module's documentation:
#  1. each header of include/nvmet/ (and the module's ABI header) compiles
#     on its own, as the first include of a program, with -Wall -Wextra
#     -Werror: it includes what it uses;
#  2. the kernel-doc of every public header and of the kernel module,
#     checked with the kernel's own scripts/kernel-doc -none -Wall (from
#     the newest installed kernel headers, as tools/gen-man.sh uses it).
# Any error or warning fails.
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$top"
cc=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
for h in include/nvmet/*.h include/uapi/nvmetest.h; do
	case $h in
	include/nvmet/*) inc="nvmet/${h#include/nvmet/}" ;;
	*) inc=nvmetest.h ;;
	esac
	printf '#include <%s>\n' "$inc" >"$tmp/one.c"
	if ! "$cc" -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -Iinclude -Iinclude/uapi \
		-fsyntax-only "$tmp/one.c" 2>"$tmp/err"; then
		echo "header-check: $h does not compile on its own:" >&2
		cat "$tmp/err" >&2
		exit 1
	fi
	n=$((n + 1))
done

kdoc=$(ls /usr/src/linux-headers-*-common/scripts/kernel-doc 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$kdoc" ]; then
	echo "header-check: no scripts/kernel-doc under /usr/src/linux-headers-*: run 'make deps'" >&2
	exit 1
fi
files=(include/nvmet/*.h include/uapi/*.h kmod/*.c kmod/*.h)
# The umbrella header documents nothing of its own.
warn=$(perl "$kdoc" -none -Wall "${files[@]}" 2>&1 | grep -v 'no structured comments found' || true)
if [ -n "$warn" ]; then
	echo "header-check: kernel-doc warnings:" >&2
	echo "$warn" >&2
	exit 1
fi
echo "header-check: $n headers compile alone; kernel-doc of ${#files[@]} files without warnings"
