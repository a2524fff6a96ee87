#!/bin/bash
# gen-man.sh OUTDIR VERSION - libnvmet's man pages (section 3), one per
# public function, structure and enum, generated from the kernel-doc of
# include/nvmet/*.h with the kernel's own scripts/kernel-doc (installed
# with the kernel headers by make deps); and libnvmet(3), the overview of
# man/libnvmet.3.in with the index of those pages, by header.
set -euo pipefail
out=$1
version=$2
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)

kdoc=$(ls /usr/src/linux-headers-*-common/scripts/kernel-doc 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$kdoc" ]; then
	echo "gen-man: no scripts/kernel-doc under /usr/src/linux-headers-*: run 'make deps'" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out/man3"
for h in "$top"/include/nvmet/*.h; do
	perl "$kdoc" -man "$h" >"$tmp/all.man" 2>"$tmp/warn.all"
	# The umbrella header documents nothing of its own.
	grep -v 'no structured comments found' "$tmp/warn.all" >"$tmp/warn" || true
	if [ -s "$tmp/warn" ]; then
		echo "gen-man: kernel-doc warnings in ${h#"$top"/}:" >&2
		cat "$tmp/warn" >&2
		exit 1
	fi
	# One page per .TH; its name is the page's file name (spaces to _).
	awk -v out="$out/man3" -v ver="$version" -v hdr="${h#"$top"/include/}" '
		/^\.TH / {
			if (f) close(f)
			# .TH "name" 9 ... for functions; .TH "Kernel API" 9 "struct x" ... for types.
			split($0, q, "\"")
			name = q[2] == "Kernel API" ? q[4] : q[2]
			file = name
			gsub(/ /, "_", file)
			f = out "/" file ".3"
			printf ".TH \"%s\" 3 \"%s\" \"libnvmet %s\" \"libnvmet Manual\"\n", name, ver, ver > f
			printf ".\\\" Generated from <%s> by tools/gen-man.sh\n", hdr > f
			next
		}
		f { print > f }
	' "$tmp/all.man"
	# The index: the header, its one-line purpose, its pages.
	hdr=${h#"$top"/include/}
	# The first sentence of the header's opening comment, after "nvmet/x.h - ".
	what=$(awk -v hdr="$hdr" '
		!on && index($0, " * " hdr " - ") == 1 { on = 1; t = substr($0, length(hdr) + 7); next }
		on && ($0 ~ /^ \*\/?$/ || $0 ~ /^ \*\//) { exit }
		on { sub(/^ \* /, ""); t = t " " $0 }
		END { if (match(t, /\. /)) t = substr(t, 1, RSTART); print t }
	' "$h")
	pages=$( (grep '^\.TH ' "$tmp/all.man" || true) | awk -F'"' '{ n = $2 == "Kernel API" ? $4 : $2; gsub(/ /, "_", n); print n }')
	{
		printf '.TP\n.I <%s>\n%s\n' "$hdr" "${what:-the umbrella header: includes every other}"
		[ -z "$pages" ] || printf '.br\n%s\n' "$(printf '%s\n' $pages | sed 's/$/ (3),/; s/^/.BR /; $ s/,$//')"
	} >>"$tmp/index"
done
sed -e "s|@VERSION@|$version|" -e "/^\.\\\\\" @INDEX@\$/{r $tmp/index
d}" "$top/man/libnvmet.3.in" >"$out/man3/libnvmet.3"
echo "gen-man: $(ls "$out/man3" | wc -l) pages in $out/man3"
