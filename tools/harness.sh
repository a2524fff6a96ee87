#!/bin/bash
# harness.sh DIR - extract kselftest_harness.h and kselftest.h from Debian's
# linux-source-6.1 tarball into DIR (they are not copied into the repo).
set -euo pipefail
dir=$1
tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1 || true)
if [ -z "$tarball" ]; then
	echo "error: /usr/src/linux-source-6.1.tar.* not found: run 'make deps'" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xf "$tarball" -C "$tmp" --wildcards --strip-components=4 \
	'*/tools/testing/selftests/kselftest_harness.h' '*/tools/testing/selftests/kselftest.h'
mkdir -p "$dir"
mv "$tmp/kselftest_harness.h" "$tmp/kselftest.h" "$dir/"
