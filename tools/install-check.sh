#!/bin/bash
# install-check.sh - make install into a scratch DESTDIR, then build the
# hello-world example against the installed library through pkg-config,
# statically and dynamically; check the installed tools find the installed
# plug-ins by name; build a plug-in and a program out of the tree as a user
# would (examples/out-of-tree) and load the plug-in, built the recommended
# way and linked with libnvmet, into the installed nvmet-io and into that
# program linked dynamically and statically; check the installed bash
# completion; and check the shared library exports exactly the functions
# the public headers declare.
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
# grep reads on to the end: grep -q would leave ldd a closed pipe, failing pipefail.
LD_LIBRARY_PATH=$dest$prefix/lib ldd "$dest/hello_shared" | grep 'libnvmet.so.0 =>' >/dev/null ||
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

# The bash completion, under each tool's name, completes from the installed tools.
comp=$dest$prefix/share/bash-completion/completions
for t in nvmet nvmet-io; do
	[ -f "$comp/$t" ] || { echo "install-check: no bash completion $prefix/share/bash-completion/completions/$t" >&2; exit 1; }
done
out=$(PATH=$bin:$PATH bash -c "source '$comp/nvmet-io' && COMP_WORDS=(nvmet smart-l) COMP_CWORD=1 &&
	_nvmet && echo \"\${COMPREPLY[*]}\"" 2>&1) || true
[ "$out" = smart-log ] ||
	{ echo "install-check: the installed completion of 'nvmet smart-l' gave '$out', not smart-log" >&2; exit 1; }

# A plug-in and a program built outside the tree, from pkg-config alone.
work=$dest/work
cp -r examples/out-of-tree "$work"
make -s -C "$work" >/dev/null
# The obvious way too: a plug-in linked with libnvmet.so.
cc -Wall -Wextra -Werror -shared -fPIC -o "$work/media_error-linked.so" "$work/media_error.c" \
	$(pkg-config --cflags --libs libnvmet)
readelf -d "$work/media_error-linked.so" | grep 'NEEDED.*libnvmet.so.0' >/dev/null ||
	{ echo "install-check: media_error-linked.so is not linked with libnvmet.so.0" >&2; exit 1; }
readelf -d "$work/media_error.so" | grep 'NEEDED.*libnvmet' >/dev/null &&
	{ echo "install-check: libnvmet-plugin linked media_error.so with libnvmet" >&2; exit 1; }
# expect CODE TEXT CMD...: CMD exits CODE and says TEXT.
expect() {
	local code=$1 want=$2 rc=0
	shift 2
	"$@" >"$dest/out" 2>&1 || rc=$?
	if [ $rc -ne "$code" ] || ! grep -q -- "$want" "$dest/out"; then
		echo "install-check: $*: exit $rc, not $code with '$want':" >&2
		cat "$dest/out" >&2
		exit 1
	fi
}
# Neither the tools nor read_lba-static find libnvmet.so.0 on their own
# (it is staged, not installed): they answer for it themselves.
for so in media_error.so media_error-linked.so; do
	expect 1 'UNRECOVERED READ ERROR' \
		"$bin/nvmet-io" --plugin "$work/$so:lba=3" --rw read --size 8k --number_ios 4
	expect 0 'LBA 3: UNRECOVERED READ ERROR' \
		env LD_LIBRARY_PATH="$dest$prefix/lib" "$work/read_lba" "emu:plugin=$work/$so:lba=3" 3
	expect 0 'LBA 3: UNRECOVERED READ ERROR' \
		"$work/read_lba-static" "emu:plugin=$work/$so:lba=3" 3
	expect 0 'LBA 4: SUCCESS' "$work/read_lba-static" "emu:plugin=$work/$so:lba=3" 4
done
# A misspelt argument is refused, by name (bad usage for the tools).
expect 2 "unknown argument 'lab' (arguments: lba)" \
	"$bin/nvmet-io" --plugin "$work/media_error.so:lab=3" --rw read --size 8k --number_ios 4
# A program linked with libnvmet.a without libnvmet-static's flags says what it lacks.
cc -Wall -Wextra -Werror -o "$work/read_lba-plain" "$work/read_lba.c" \
	$(pkg-config --cflags libnvmet) "$dest$prefix/lib/libnvmet.a" $(pkg-config --libs libnl-genl-3.0) -lpthread
expect 1 'pkg-config --libs libnvmet-static' \
	"$work/read_lba-plain" "emu:plugin=$work/media_error.so:lba=3" 3
# Installed where libnvmet-plugin.pc says, it is found by name.
make -s -C "$work" install DESTDIR="$dest" >/dev/null
expect 1 'UNRECOVERED READ ERROR' \
	"$bin/nvmet-io" --plugin media_error:lba=0 --rw read --size 8k --number_ios 4

# Exported functions against the declarations of include/nvmet/*.h.
nm -D --defined-only "$dest$prefix/lib/libnvmet.so.0" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' |
	sort -u >"$dest/exported"
# Inline functions are defined in the headers, not exported.
cat include/nvmet/*.h | tr '\n' ' ' | grep -oE 'static inline [a-z_0-9 *]+[ *](nvmet_[a-z0-9_]+)\(' |
	grep -oE 'nvmet_[a-z0-9_]+\($' | tr -d '(' | sort -u >"$dest/inline"
cat include/nvmet/*.h | tr '\n' ' ' | grep -oE '[a-z_0-9 *]+[ *](nvmet_[a-z0-9_]+)\(' |
	grep -oE 'nvmet_[a-z0-9_]+\($' | tr -d '(' |
	# Entry points a plug-in defines and the library calls, not exports.
	grep -vxE 'nvmet_plugin_(setup|teardown)' | sort -u | comm -23 - "$dest/inline" >"$dest/declared"
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
# libnvmet(3) renders without a warning and indexes every page installed.
man3=$dest$prefix/share/man/man3
warn=$(groff -t -man -ww -z "$man3/libnvmet.3" 2>&1) ||
	{ echo "install-check: libnvmet.3 does not render: $warn" >&2; exit 1; }
[ -z "$warn" ] || { echo "install-check: libnvmet.3: $warn" >&2; exit 1; }
missing=$(cd "$man3" && for f in *.3; do
	p=${f%.3}
	[ "$p" = libnvmet ] || grep -q "^\.BR $p (3)" libnvmet.3 || echo "$p"
done)
[ -z "$missing" ] || { echo "install-check: libnvmet.3 does not index:" $missing >&2; exit 1; }
for p in nvmet nvmet-io; do
	grep -q "^\.BR ${p//-/\\\\-} (1)" "$man3/libnvmet.3" ||
		{ echo "install-check: libnvmet.3 does not index $p(1)" >&2; exit 1; }
done
echo "install-check: $(wc -l <"$dest/exported") functions exported, declared and documented;" \
	"examples, an out-of-tree plug-in and programs built with pkg-config, the plug-in loaded"
