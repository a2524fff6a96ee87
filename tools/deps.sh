#!/bin/bash
# deps.sh - install every Debian package the project needs (make deps).
# The list lives in tools/packages.txt, one package per line.
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
list=$here/packages.txt

usage() {
	cat <<USAGE
usage: tools/deps.sh [--list] [--help]
Installs, on Debian 12 (as root, or through sudo), every package named in
tools/packages.txt. When all of them are already installed it says so and
returns without touching apt; otherwise it runs 'apt-get update' and
'apt-get install -y --no-install-recommends' for the missing ones.
  --list   print the package list and exit
USAGE
}

case ${1:-} in
-h|--help) usage; exit 0 ;;
--list) ;;
'') ;;
*) echo "deps.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
esac

[ -r "$list" ] || { echo "deps.sh: error: package list $list not found" >&2; exit 1; }
mapfile -t pkgs < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$list" | grep -v '^$')
[ ${#pkgs[@]} -gt 0 ] || { echo "deps.sh: error: $list names no package" >&2; exit 1; }

if [ "${1:-}" = --list ]; then
	printf '%s\n' "${pkgs[@]}"
	exit 0
fi

command -v dpkg-query >/dev/null ||
	{ echo "deps.sh: error: dpkg-query not found: this script is for Debian 12" >&2; exit 1; }

missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#pkgs[@]} packages of tools/packages.txt are installed"
	exit 0
fi

echo "deps: installing ${#missing[@]} missing package(s): ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null ||
		{ echo "deps.sh: error: not root and sudo not found; run as root" >&2; exit 1; }
	sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update ||
	{ echo "deps.sh: error: apt-get update failed" >&2; exit 1; }
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y --no-install-recommends "${missing[@]}" ||
	{ echo "deps.sh: error: apt-get install failed for: ${missing[*]}" >&2; exit 1; }

# Check the result: a package name that apt resolved to something else
# (or a half-configured package) must not pass silently.
still=()
for p in "${missing[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || still+=("$p")
done
if [ ${#still[@]} -gt 0 ]; then
	echo "deps.sh: error: still not installed after apt-get: ${still[*]}" >&2
	exit 1
fi
echo "deps: done"
