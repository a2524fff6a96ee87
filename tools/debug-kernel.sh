#!/bin/bash
# debug-kernel.sh - build (once) the debug kernel the module's tests run on:
# Debian's linux-source-6.1 with KASAN, lockdep, KFENCE and friends, in a
# cache outside the checkout. Run with --help for usage.
set -euo pipefail

prog=debug-kernel
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
fragment=$here/debug-kernel.config
# Bump when the build steps below change in a way that changes the result.
recipe=1

usage() {
	cat <<EOF
usage: tools/debug-kernel.sh [--cached] [--jobs N] [--cache DIR] [--source TARBALL]

Builds a kernel from Debian's linux-source-6.1 with 'make allnoconfig' plus
tools/debug-kernel.config (KASAN, PROVE_LOCKING, DEBUG_ATOMIC_SLEEP, KFENCE,
kmemleak, DMA-API debugging, debug objects, UBSAN bounds; q35 PCIe with
hotplug, MSI-X, serial console, initramfs; nvme, nvme-tcp, nvmet-tcp and
null_blk as modules) into CACHE/debug-kernel-HASH, HASH covering the
source tarball, the config fragment, the compiler and this script's recipe.
A later run with the same inputs finds it there and builds nothing; an
interrupted build resumes. The build runs under 'nice -n 19'. A tree takes
about 2 GB; trees of older inputs stay until removed (rm -rf CACHE/debug-kernel-*).

The last line on stdout is the kernel tree: build the module against it with
  make module KDIR=TREE KVER=\$(cat TREE/include/config/kernel.release)
and boot it with
  tools/vm/nvmet-vm --kernel-dir TREE ...
(the image is TREE/arch/x86/boot/bzImage, its modules are installed under
TREE/modules-install). The wall-clock and CPU times of a build go to stderr
and to TREE/build-time.

Options:
  --cached        build nothing: print the tree and exit 0 when it is built,
                  exit 1 (printing nothing) when it is not
  --jobs N        parallel jobs (default: nproc)
  --cache DIR     cache directory (default: \$NVMET_CACHE, else /var/cache/nvmet
                  when writable, else \${XDG_CACHE_HOME:-~/.cache}/nvmet)
  --source FILE   kernel source tarball (default /usr/src/linux-source-6.1.tar.xz)
EOF
}

die() { echo "$prog: error: $*" >&2; exit 1; }
usage_error() { echo "$prog: $*" >&2; echo "Try 'tools/debug-kernel.sh --help'." >&2; exit 2; }

cached_only=0 jobs='' cache=${NVMET_CACHE:-} source=/usr/src/linux-source-6.1.tar.xz
while [ $# -gt 0 ]; do
	case $1 in
	-h|--help) usage; exit 0 ;;
	--cached) cached_only=1 ;;
	--jobs) [ $# -ge 2 ] || usage_error "--jobs needs a value"; jobs=$2; shift ;;
	--jobs=*) jobs=${1#*=} ;;
	--cache) [ $# -ge 2 ] || usage_error "--cache needs a directory"; cache=$2; shift ;;
	--cache=*) cache=${1#*=} ;;
	--source) [ $# -ge 2 ] || usage_error "--source needs a file"; source=$2; shift ;;
	--source=*) source=${1#*=} ;;
	*) usage_error "unknown argument '$1'" ;;
	esac
	shift
done
[ -n "$jobs" ] || jobs=$(nproc)
[[ $jobs =~ ^[1-9][0-9]*$ ]] || usage_error "--jobs wants a positive number, not '$jobs'"

if [ -z "$cache" ]; then
	if mkdir -p /var/cache/nvmet 2>/dev/null && [ -w /var/cache/nvmet ]; then
		cache=/var/cache/nvmet
	else
		cache=${XDG_CACHE_HOME:-$HOME/.cache}/nvmet
	fi
fi

[ -r "$source" ] || die "$source not found (run 'make deps': linux-source-6.1)"
[ -r "$fragment" ] || die "$fragment not found"
command -v gcc >/dev/null || die "gcc not found (run 'make deps')"

# The cache key: what the tree is built from and with.
key=$({
	echo "recipe $recipe"
	sha256sum <"$source"
	cat "$fragment"
	gcc --version | head -n 1
} | sha256sum | cut -c1-16)
tree=$cache/debug-kernel-$key
stamp=$tree/.nvmet-built

if [ $cached_only = 1 ]; then
	[ -f "$stamp" ] || exit 1
	echo "$tree"
	exit 0
fi

for c in flex bison bc make tar xz; do
	command -v "$c" >/dev/null || die "'$c' not found (run 'make deps')"
done
[ -e /usr/include/libelf.h ] || die "libelf.h not found: objtool needs libelf-dev (run 'make deps')"

mkdir -p "$cache"
exec 9>"$tree.lock"
if ! flock -n 9; then
	echo "$prog: waiting for another build of $tree" >&2
	flock 9
fi
if [ -f "$stamp" ]; then
	echo "$prog: cached: $tree" >&2
	echo "$tree"
	exit 0
fi

echo "$prog: building $tree with $jobs jobs (nice -n 19); the log is $tree/build.log" >&2
t0=$EPOCHREALTIME
load0=$(cut -d' ' -f1-3 /proc/loadavg)
if [ ! -f "$tree/.nvmet-extracted" ]; then
	rm -rf "$tree"
	mkdir -p "$tree"
	nice -n 19 tar -xJf "$source" -C "$tree" --strip-components=1 ||
		die "extracting $source failed"
	touch "$tree/.nvmet-extracted"
fi
cd "$tree"
# Configuration: the same inputs give the same .config, so a resumed build
# keeps its objects.
make -s ARCH=x86_64 allnoconfig >build.log 2>&1 || die "make allnoconfig failed (see $tree/build.log)"
scripts/kconfig/merge_config.sh -m .config "$fragment" >>build.log 2>&1 ||
	die "merge_config.sh failed (see $tree/build.log)"
make -s ARCH=x86_64 olddefconfig >>build.log 2>&1 || die "make olddefconfig failed (see $tree/build.log)"
missing=()
while IFS= read -r line; do
	if [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
		! grep -qE "^${BASH_REMATCH[1]}=" .config || missing+=("$line")
	elif [[ $line =~ ^CONFIG_ ]]; then
		grep -qxF "$line" .config || missing+=("$line")
	fi
done <"$fragment"
[ ${#missing[@]} -eq 0 ] ||
	die "the kernel's Kconfig did not take: ${missing[*]} (dependencies missing from $fragment?)"

nice -n 19 make -j"$jobs" ARCH=x86_64 bzImage modules >>build.log 2>&1 ||
	{ tail -n 30 build.log >&2; die "the kernel build failed (see $tree/build.log)"; }
rm -rf modules-install
nice -n 19 make -s ARCH=x86_64 INSTALL_MOD_PATH="$tree/modules-install" modules_install >>build.log 2>&1 ||
	die "make modules_install failed (see $tree/build.log)"
# CPU time of everything this script waited for (make, the compilers).
times >"$tree/.times"
read -r cuser csys < <(tail -n 1 "$tree/.times")
rm -f "$tree/.times"
times="wall $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s, CPU user $cuser + sys $csys, $jobs jobs, load average $load0 before, $(cut -d' ' -f1-3 /proc/loadavg) after"
echo "$times" >"$tree/build-time"
echo "$prog: built $(cat "$tree/include/config/kernel.release") in $times" >&2
touch "$stamp"
echo "$tree"
