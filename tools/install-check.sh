#!/bin/bash
# install-check.sh - make install into a scratch DESTDIR, then build the
# hello-world example against the installed library through pkg-config,
# statically and dynamically, and check the shared library exports exactly
# the functions the public headers declare.
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$top"
dest=$(mktemp -d /tmp/nvmet-install.XXXXXX)
trap 'rm -rf "$dest"' EXIT
prefix=/usr/local

make -s install DESTDIR="$dest" PREFIX="$prefix" >/dev/null
# The installed libnvmet.pc, and the system's for what it requires (libnl).
syspc=$(pkg-config --variable pc_path pkg-config)
export PKG_CONFIG_SYSROOT_DIR=$dest PKG_CONFIG_LIBDIR=$dest$prefix/lib/pkgconfig:$syspc
flags=$(pkg-config --cflags --libs libnvmet)
cc -Wall -Wextra -Werror -o "$dest/hello_shared" examples/hello_world.c $flags
LD_LIBRARY_PATH=$dest$prefix/lib ldd "$dest/hello_shared" | grep -q 'libnvmet.so.0 =>' ||
	{ echo "install-check: hello_world is not linked with libnvmet.so.0" >&2; exit 1; }
cc -Wall -Wextra -Werror -o "$dest/hello_static" examples/hello_world.c \
	$(pkg-config --cflags libnvmet) "$dest$prefix/lib/libnvmet.a"
[ "$(pkg-config --modversion libnvmet)" = "$(cat VERSION)" ] ||
	{ echo "install-check: pkg-config version differs from VERSION" >&2; exit 1; }

# The installed tools find the installed plug-ins by name, as the README
# shows: corrupt_read.so turns a verified workload into a miscompare at LBA 8.
bin=$dest$prefix/bin
[ -f "$dest$prefix/lib/nvmet/plugins/corrupt_read.so" ] ||
	{ echo "install-check: the example plug-ins are not installed in $prefix/lib/nvmet/plugins" >&2; exit 1; }
rc=0
"$bin/nvmet-io" --plugin corrupt_read:lba=8 --rw randrw --size 8k --verify 1 \
	--number_ios 1000 >/dev/null 2>"$dest/err" || rc=$?
if [ $rc -ne 1 ] || ! grep -q 'miscompare at LBA 8' "$dest/err"; then
	echo "install-check: installed nvmet-io --plugin corrupt_read:lba=8: exit $rc, not a miscompare at LBA 8:" >&2
	cat "$dest/err" >&2
	exit 1
fi
out=$("$bin/nvmet" admin emu: --plugin vendor_sum --opcode 0xc0 --cdw10 10 --cdw11 5 2>&1) ||
	{ echo "install-check: installed nvmet --plugin vendor_sum: $out" >&2; exit 1; }
grep -q 'dw0: *0x0000000f' <<<"$out" ||
	{ echo "install-check: installed nvmet --plugin vendor_sum did not add: $out" >&2; exit 1; }

# Exported functions against the declarations of include/nvmet/*.h.
nm -D --defined-only "$dest$prefix/lib/libnvmet.so.0" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' |
	sort -u >"$dest/exported"
cat include/nvmet/*.h | tr '\n' ' ' | grep -oE '[a-z_0-9 *]+[ *](nvmet_[a-z0-9_]+)\(' |
	grep -oE 'nvmet_[a-z0-9_]+\($' | tr -d '(' |
	# Entry points a plug-in defines and the library calls, not exports.
	grep -vxE 'nvmet_plugin_(setup|teardown)' | sort -u >"$dest/declared"
if ! diff -u "$dest/declared" "$dest/exported" >"$dest/diff"; then
	echo "install-check: exported functions differ from the public headers' (- declared only, + exported only):" >&2
	grep -E '^[-+]nvmet' "$dest/diff" >&2
	exit 1
fi
# A man page for every exported function.
missing=$(while read -r f; do [ -f "$dest$prefix/share/man/man3/$f.3" ] || echo "$f"; done <"$dest/exported")
if [ -n "$missing" ]; then
	echo "install-check: exported functions without a man page:" $missing >&2
	exit 1
fi
echo "install-check: $(wc -l <"$dest/exported") functions exported, declared and documented; example built with pkg-config"
