#!/bin/bash
# bench.sh - make bench: one table of figures measured side by side in one
# run. Run with --help for what it measures.
set -euo pipefail

prog=bench
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
top=$(cd "$here/.." && pwd)

usage() {
	cat <<EOF
usage: tools/bench.sh [--kver KVER] [--build DIR] [--seconds N] [--no-vm] [--no-host]
                      [--tcp-only]
Prints one table:
 1. in the VM (tools/vm/nvmet-vm, QEMU TCG), on its one QEMU nvme device,
    4K random read, one job, QD1 and QD32, N seconds each: nvmet-io through
    nvmetest (poll mode), then, the device handed to the kernel's nvme
    driver, fio with io_uring and with libaio (and nvmet-io --engine aio):
    IOPS, mean latency and the ratios nvmet-io / fio io_uring;
 2. on the host, nvmet-io on the emulated controller, 4K random read QD64,
    one worker, N seconds over a region written first, without and with
    --verify, and the same emulator served by nvmet serve and reached
    through libnvmet's NVMe/TCP host on loopback;
 3. libnvmet's instructions per I/O in its submit and reap path
    (nvmet_qpair_submit, nvmet_qpair_process without the caller's
    callbacks and without polls of an empty queue), counted with
    valgrind --tool=callgrind on nvmet-io runs of a fixed I/O count;
 4. in a second VM boot, fio (io_uring and libaio, 4K random read, QD1
    and QD32, fio on CPU 0) through the kernel's nvme-tcp host on 127.0.0.1,
    against nvmet serve --follow-cpu (the emulated controller, memory) and
    against the kernel's own target
    (nvmet-tcp, configfs, null_blk), and the ratios of the two; then
    nvmet-io through libnvmet's own NVMe/TCP host (tcp:) to that kernel
    target, against fio through the kernel's host.
Targets are printed beside the figures, with what bounds a missed one.
  --kver KVER   guest kernel (default: tools/kver.sh default)
  --build DIR   build directory (default: build), with the module, tools
  --seconds N   seconds per measured run (default 5)
  --no-vm       skip parts 1 and 4;  --no-host  skip parts 2 and 3
  --tcp-only    part 4 alone (one VM boot, about 10 N + 60 s)
Raw outputs stay in BUILD/bench/. Exit status 0 when every measurement
ran (missed targets included), 1 when one failed, 2 on bad usage.
EOF
}

die() { echo "$prog: error: $*" >&2; exit 1; }
kver='' build=build secs=5 do_vm=1 do_host=1 do_pci=1
while [ $# -gt 0 ]; do
	case $1 in
	-h|--help) usage; exit 0 ;;
	--kver) [ $# -ge 2 ] || { echo "$prog: --kver needs a value" >&2; exit 2; }; kver=$2; shift ;;
	--kver=*) kver=${1#*=} ;;
	--build) [ $# -ge 2 ] || { echo "$prog: --build needs a value" >&2; exit 2; }; build=$2; shift ;;
	--build=*) build=${1#*=} ;;
	--seconds) [ $# -ge 2 ] || { echo "$prog: --seconds needs a value" >&2; exit 2; }; secs=$2; shift ;;
	--seconds=*) secs=${1#*=} ;;
	--no-vm) do_vm=0 ;;
	--no-host) do_host=0 ;;
	--tcp-only) do_host=0 do_pci=0 ;;
	*) echo "$prog: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
	esac
	shift
done
[[ $secs =~ ^[1-9][0-9]*$ ]] || { echo "$prog: --seconds wants a positive number" >&2; exit 2; }
[ -n "$kver" ] || kver=$("$top/tools/kver.sh" default)
case $build in /*) ;; *) build=$top/$build ;; esac
nvio=$build/bin/nvmet-io
[ -x "$nvio" ] || die "$nvio is missing: run 'make userspace'"
for c in jq awk; do command -v $c >/dev/null || die "'$c' not found (run 'make deps')"; done
out=$build/bench
rm -rf "$out"
mkdir -p "$out"
failed=0

# --- 1. the VM --------------------------------------------------------------------
# The guest prints one line per run: "BENCH name iops mean_lat_ns error", with
# res NAME JSON ERRFILE.
guest_res() {
	cat <<'EOF'
res() {
	if [ -s "$2" ]; then
		jq -r --arg n "$1" '"BENCH \($n) \(.jobs[0].read.iops)" +
			" \(.jobs[0].read.lat_ns.mean) \(.jobs[0].error)"' "$2" ||
			echo "BENCH $1 fail"
	else
		echo "BENCH $1 fail"; cat "$3" 2>/dev/null
	fi
}
EOF
}

guest_payload() {
	cat <<EOF
S=$secs
$(guest_res)
for qd in 1 32; do
	nvmet-io --dev "\$NVMETEST_DEV" --name nvmet-qd\$qd --rw randread --bs 4k --iodepth \$qd \
		--runtime \$S --time_based --output-format=json --output /tmp/n\$qd.json 2>/tmp/n\$qd.err
	res nvmet-qd\$qd /tmp/n\$qd.json /tmp/n\$qd.err
done
nvmet unbind "\$NVMETEST_BDF" || { echo "BENCH unbind fail"; exit 1; }
while read -r m; do insmod "\$m" 2>/dev/null || echo "bench: insmod \$m failed"; done </lib/modules/nvme.load
i=0
while [ ! -b /dev/nvme0n1 ] && [ \$i -lt 100 ]; do usleep 100000; i=\$((i + 1)); done
[ -b /dev/nvme0n1 ] || { echo "BENCH nvme0n1 fail"; dmesg | tail -5; exit 1; }
for eng in io_uring libaio; do
	for qd in 1 32; do
		fio --name=fio-\$eng-qd\$qd --filename=/dev/nvme0n1 --rw=randread --bs=4k --iodepth=\$qd \
			--ioengine=\$eng --direct=1 --runtime=\$S --time_based --output-format=json \
			--output=/tmp/f.json >/tmp/f.err 2>&1
		res fio-\$eng-qd\$qd /tmp/f.json /tmp/f.err
		rm -f /tmp/f.json
	done
done
for qd in 1 32; do
	nvmet-io --engine aio --dev /dev/nvme0n1 --name aio-qd\$qd --rw randread --bs 4k \
		--iodepth \$qd --runtime \$S --time_based --output-format=json \
		--output /tmp/a\$qd.json 2>/tmp/a\$qd.err
	res nvmet-aio-qd\$qd /tmp/a\$qd.json /tmp/a\$qd.err
done
EOF
}

# Part 4's guest: fio through nvme-tcp to nvmet serve, then to nvmet-tcp + null_blk.
# fio runs on CPU 0 for both: the kernel's target does a queue's work on the
# CPU its bytes arrive on (fio's, on loopback), and serve --follow-cpu does
# the same; where fio lands unpinned decides how many cross-vCPU wake-ups an
# I/O takes, each waiting for a QEMU thread to get a host CPU, and that, not
# the targets, swung the QD1 ratio between runs.
tcp_payload() {
	cat <<EOF
S=$secs
$(guest_res)
I=5e7e0000-0000-4000-8000-00000000be4c
H=nqn.2014-08.org.nvmexpress:uuid:\$I
ip link set lo up
for m in nvme-tcp nvmet-tcp null_blk; do
	while read -r k; do insmod "\$k" 2>/dev/null; done </lib/modules/\$m.load
done
mount -t configfs none /sys/kernel/config 2>/dev/null
run() {
	i=0
	while [ ! -b /dev/nvme0n1 ] && [ \$i -lt 100 ]; do usleep 100000; i=\$((i + 1)); done
	[ -b /dev/nvme0n1 ] || { echo "BENCH \$1 fail"; dmesg | tail -5; return; }
	for qd in 1 32; do
		for e in io_uring libaio; do
			n=\$1-qd\$qd
			[ \$e = io_uring ] || n=\$1-\$e-qd\$qd
			taskset -c 0 fio --name=\$n --filename=/dev/nvme0n1 --rw=randread --bs=4k \\
				--iodepth=\$qd --ioengine=\$e --direct=1 --runtime=\$S --time_based --output-format=json \\
				--output=/tmp/f.json >/tmp/f.err 2>&1
			res \$n /tmp/f.json /tmp/f.err
			rm -f /tmp/f.json
		done
	done
	nvme disconnect -n "\$2" >/dev/null
	while [ -e /dev/nvme0 ]; do usleep 100000; done
}
nvmet serve emu:ns=1,size=1G --listen 127.0.0.1:4420 --follow-cpu >/tmp/serve.out 2>/tmp/serve.log &
SRV=\$!
sleep 2
Q=nqn.2014-08.org.nvmexpress:nvmet:emu
nvme connect -t tcp -a 127.0.0.1 -s 4420 -n \$Q --hostnqn=\$H --hostid=\$I >/dev/null && run tcp-serve \$Q
kill \$SRV; wait \$SRV
Q=nqn.2014-08.org.nvmexpress:kernel-null
T=/sys/kernel/config/nvmet/subsystems/\$Q
mkdir \$T && echo 1 >\$T/attr_allow_any_host && mkdir \$T/namespaces/1 &&
	echo /dev/nullb0 >\$T/namespaces/1/device_path && echo 1 >\$T/namespaces/1/enable
P=/sys/kernel/config/nvmet/ports/1
mkdir \$P && echo tcp >\$P/addr_trtype && echo ipv4 >\$P/addr_adrfam &&
	echo 127.0.0.1 >\$P/addr_traddr && echo 4421 >\$P/addr_trsvcid && ln -s \$T \$P/subsystems/\$Q
nvme connect -t tcp -a 127.0.0.1 -s 4421 -n \$Q --hostnqn=\$H --hostid=\$I >/dev/null && run tcp-kernel \$Q
# libnvmet's own NVMe/TCP host against the same target, the kernel's host gone.
for qd in 1 32; do
	taskset -c 0 nvmet-io --dev tcp:127.0.0.1:4421/\$Q --name tcp-nvmet-qd\$qd --rw randread --bs 4k \\
		--iodepth \$qd --runtime \$S --time_based --output-format=json \\
		--output /tmp/t\$qd.json 2>/tmp/t\$qd.err
	res tcp-nvmet-qd\$qd /tmp/t\$qd.json /tmp/t\$qd.err
done
EOF
}

declare -A iops=() lat=()
# BENCH lines of a VM run's output into iops[] and lat[].
bench_lines() {
	while read -r tag name i l e; do
		[ "$tag" = BENCH ] || continue
		if [ "$i" = fail ] || [ -z "$l" ] || [ "$e" != 0 ]; then
			echo "$prog: VM run $name failed (see $1)" >&2
			failed=1
			continue
		fi
		iops[$name]=$i
		lat[$name]=$l
	done < <(tr -d '\r' <"$1")
}
if [ $do_vm = 1 ] && [ $do_pci = 1 ]; then
	echo "$prog: VM runs ($kver, ${secs} s each), about $((8 * secs + 60)) s" >&2
	rc=0
	"$top/tools/vm/nvmet-vm" --kver "$kver" --build "$build" --timeout 900 \
		--prog fio --prog jq --module nvme --cmd "$(guest_payload)" >"$out/vm.out" 2>"$out/vm.err" ||
		rc=$?
	bench_lines "$out/vm.out"
	if [ $rc != 0 ]; then
		echo "$prog: the VM run failed: $(tail -n 1 "$out/vm.err")" >&2
		failed=1
	fi
fi
if [ $do_vm = 1 ]; then
	echo "$prog: VM runs over NVMe/TCP ($kver, ${secs} s each), about $((10 * secs + 60)) s" >&2
	rc=0
	"$top/tools/vm/nvmet-vm" --kver "$kver" --build "$build" --timeout 900 \
		--prog fio --prog jq --prog nvme --module nvme-tcp --module nvmet-tcp --module null_blk \
		--cmd "$(tcp_payload)" >"$out/vm-tcp.out" 2>"$out/vm-tcp.err" || rc=$?
	bench_lines "$out/vm-tcp.out"
	if [ $rc != 0 ]; then
		echo "$prog: the NVMe/TCP VM run failed: $(tail -n 1 "$out/vm-tcp.err")" >&2
		failed=1
	fi
fi

# --- 2. the host: the emulated controller -------------------------------------------
# A job file: fill the region, then (stonewall) read it at random, so that
# with --verify every read is checked against what was written.
host_run() {
	local name=$1 verify=$2 dev=${3:-}
	cat >"$out/$name.fio" <<EOF
[global]
bs=4k
iodepth=64
size=256m
verify=$verify

[fill]
rw=write

[randread]
stonewall
rw=randread
runtime=$secs
time_based
EOF
	if "$nvio" ${dev:+--dev "$dev"} "$out/$name.fio" --output-format=json \
		--output "$out/$name.json" 2>"$out/$name.err"; then
		iops[$name]=$(jq '.jobs[1].read.iops' "$out/$name.json")
		lat[$name]=$(jq '.jobs[1].read.lat_ns.mean' "$out/$name.json")
		cpu[$name]=$(jq '.jobs[1].usr_cpu' "$out/$name.json")
	else
		echo "$prog: host run $name failed: $(head -n 1 "$out/$name.err")" >&2
		failed=1
	fi
}

# --- 3. instructions per I/O ------------------------------------------------------------
# From callgrind_annotate --tree=calling: the inclusive cost of
# nvmet_qpair_submit and nvmet_qpair_process, how many times process
# reaped (qpair_reap), and what the reap spent in the caller's callbacks
# (outside the library's queue code). Process = a per call (a poll) + b
# per I/O: two runs with different polls per I/O (QD64, QD8) give a and b.
# Code inlined from headers shows as more than one entry of a function
# (one per source file): its largest is the whole function, and a call
# listed twice is counted once.
cg_parse() {
	callgrind_annotate --threshold=100 --inclusive=yes --tree=calling "$1" 2>/dev/null | awk '
	function num(s) { gsub(/,/, "", s); return s + 0 }
	/^ *[0-9,]+ +\([ 0-9.]+%\) +\* / {
		fn = $0; sub(/ \[.*$/, "", fn); sub(/^.*:/, "", fn)
		v = num($1)
		if (fn == "nvmet_qpair_submit" && v > S) S = v
		if (fn == "nvmet_qpair_process" && v > P) P = v
		if (fn ~ /^(qpair_end|qpair_reap)$/ && v > E) E = v
		next
	}
	/^ *[0-9,]+ +\([ 0-9.]+%\) +> / {
		c = $0; sub(/ \[.*$/, "", c)
		calls = c; sub(/^.*\(/, "", calls); sub(/x\)$/, "", calls)
		name = c; sub(/ \([0-9,]+x\)$/, "", name); sub(/^.*> +/, "", name)
		f = name; sub(/:[^:]*$/, "", f); sub(/^.*:/, "", name)
		sub(/@.*$/, "", name)
		if (seen[fn, name, calls, $1]++)
			next
		if (fn ~ /^(qpair_end|qpair_reap|nvmet_trk_end)/ &&
		    f !~ /lib\/(queue|spec|mem|ctrl|transport|support)\/|include\/nvmet\// &&
		    f !~ /sysdeps|libc|glibc/)
			C += num($1)
		if (fn == "nvmet_qpair_process" && name == "qpair_reap") K = num(calls)
		if (fn ~ /^(nvmet_qpair_submit|qpair_dptr|qpair_track|qpair_end)$/)
			callee[fn " " name] += num($1)
	}
	END {
		printf "%.0f %.0f %.0f %.0f %.0f\n", S, P, C, K, E
		for (k in callee) printf "%s %.0f\n", k, callee[k]
	}'
}

# "submit: qpair_dptr 99 (nvmet_prp_build 62), ..." from cg_parse's callee lines.
cg_breakdown() {
	awk -v n="$2" -v s="$3" 'NR > 1 { cost[$1 " " $2] = $3 / n; kids[$1] = kids[$1] " " $2 }
	function kid_list(p,   k, a, i, out) {
		split(kids[p], a, " ")
		for (i in a) if (cost[p " " a[i]] >= 3)
			out = out (out ? ", " : "") a[i] " " sprintf("%.0f", cost[p " " a[i]])
		return out
	}
	END {
		split(kids["nvmet_qpair_submit"], a, " ")
		self = s / n
		for (i in a) {
			k = a[i]; v = cost["nvmet_qpair_submit " k]; self -= v
			if (v < 3) continue
			sub_ = kid_list(k)
			out = out (out ? ", " : "") k " " sprintf("%.0f", v) (sub_ ? " (" sub_ ")" : "")
		}
		printf "%s, in itself %.0f", out, self
	}' "$1"
}

declare -A cpu=()
ipio_n=20000
if [ $do_host = 1 ]; then
	echo "$prog: host runs on the emulated controller, ${secs} s each" >&2
	host_run emu no
	host_run emu-verify crc32c
	# The same emulator behind nvmet serve, through libnvmet's NVMe/TCP host on loopback.
	"$build/bin/nvmet" serve emu:size=1G --listen 127.0.0.1:0 >"$out/serve.out" 2>"$out/serve.err" &
	srv=$!
	for i in $(seq 50); do grep -q '^nvme connect' "$out/serve.out" && break; sleep 0.1; done
	host_run emu-tcp no "$(awk '/^nvme connect/ { print "tcp:" $6 ":" $8 "/" $10 }' "$out/serve.out")"
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null || true
	if command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null; then
		echo "$prog: callgrind runs, $ipio_n I/Os each" >&2
		for qd in 64 8; do
			if valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.qd$qd" \
				"$nvio" --rw randread --bs 4k --iodepth $qd --number_ios $ipio_n \
				--size 64m >"$out/callgrind.qd$qd.log" 2>&1; then
				cg_parse "$out/callgrind.qd$qd" >"$out/callgrind.qd$qd.txt"
			else
				echo "$prog: callgrind run QD$qd failed (see $out/callgrind.qd$qd.log)" >&2
				failed=1
			fi
		done
	else
		echo "$prog: valgrind not found (make deps): no instruction count" >&2
		failed=1
	fi
fi

# --- the table ----------------------------------------------------------------------------
f2() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
kiops() { awk -v a="$1" 'BEGIN { if (a >= 1e6) printf "%.2fM", a / 1e6
	else if (a >= 1e4) printf "%.0fk", a / 1e3; else printf "%.0f", a }'; }
usec() { awk -v a="$1" 'BEGIN { printf "%.1f", a / 1000 }'; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
	if (v == "" || v == "-") { print "n/a"; exit }
	ok = op == ">=" ? v + 0 >= t + 0 : op == "<=" ? v + 0 <= t + 0 : v + 0 < t + 0
	print ok ? "met" : "MISSED" }'; }
row() { printf '  %-34s %10s %12s  %-22s %s\n' "$@"; }

vm_bound="under TCG every guest instruction and every MMIO doorbell write is emulated,"
vm_bound+=" and QEMU's nvme model completes a command in its own main loop (a timer and a"
vm_bound+=" bottom half), the same for both paths: that bounds both. nvmet-io saves the"
vm_bound+=" kernel's block layer and interrupt; with 2 host CPUs, a polling vCPU and QEMU's"
vm_bound+=" main loop compete for them."
tcp_bound="under TCG the guest's CPU bounds both: the host driver, fio and the target all run"
tcp_bound+=" on the 2 vCPUs; nvmet serve is a user process (a wake-up, epoll_wait, read, sendmsg per"
tcp_bound+=" I/O at QD1, and a copy between the socket and its staging buffer) where the kernel target"
tcp_bound+=" works in softirq and a kworker; a wake-up that crosses vCPUs waits for a QEMU thread to get"
tcp_bound+=" a host CPU, so on a loaded host QD1 latency swings with where the scheduler puts the loop."
ipio_why="Per command, the library builds the PRPs again and keeps a command log (for"
ipio_why+=" netlink and cmdlog); under valgrind clock_gettime is a system call and counts"
ipio_why+=" about 10 instructions, not its vDSO cost."
notes=()
echo
echo "nvmet bench: $(date -u '+%Y-%m-%d %H:%M UTC'), host $(nproc) CPUs, $(uname -r)"
if [ $do_vm = 1 ] && [ $do_pci = 1 ]; then
	echo
	echo "1. VM ($kver, QEMU TCG, 2 vCPUs), QEMU nvme, 4K random read, 1 job, ${secs} s"
	row "" "IOPS" "mean lat us" "vs fio io_uring" "target"
	for qd in 1 32; do
		for n in nvmet fio-io_uring fio-libaio nvmet-aio; do
			k=$n-qd$qd
			case $n in
			nvmet) label="nvmet-io (nvmetest, poll) QD$qd" ;;
			fio-io_uring) label="fio io_uring (nvme.ko) QD$qd" ;;
			fio-libaio) label="fio libaio (nvme.ko) QD$qd" ;;
			nvmet-aio) label="nvmet-io --engine aio QD$qd" ;;
			esac
			if [ -z "${iops[$k]:-}" ]; then
				row "$label" "-" "-" "" ""
				continue
			fi
			ref=fio-io_uring-qd$qd
			ratio="" target=""
			if [ $n != fio-io_uring ] && [ -n "${iops[$ref]:-}" ]; then
				ratio="IOPS $(f2 "${iops[$k]}" "${iops[$ref]}")x lat $(f2 "${lat[$k]}" "${lat[$ref]}")x"
			fi
			if [ $n = nvmet ] && [ -n "${iops[$ref]:-}" ]; then
				if [ $qd = 32 ]; then
					r=$(f2 "${iops[$k]}" "${iops[$ref]}")
					target="IOPS >= 1.5x: $(verdict "$r" ">=" 1.5)"
				else
					r=$(f2 "${lat[$k]}" "${lat[$ref]}")
					target="lat <= 0.7x: $(verdict "$r" "<=" 0.7)"
				fi
				[[ $target != *MISSED* ]] || notes+=("VM QD$qd: $vm_bound")
			fi
			row "$label" "$(kiops "${iops[$k]}")" "$(usec "${lat[$k]}")" "$ratio" "$target"
		done
	done
	echo "  (nvmet-io --engine aio takes fio libaio's path through the kernel: what it gains on"
	echo "  fio is fio's own CPU time per I/O, which a TCG guest makes large)"
fi
if [ $do_vm = 1 ]; then
	echo
	echo "4. VM ($kver, TCG), fio (io_uring, libaio) through the kernel's nvme-tcp host on 127.0.0.1, 4K random read, ${secs} s;"
	echo "   nvmet-io through libnvmet's NVMe/TCP host (tcp:) to the same kernel target"
	row "" "IOPS" "mean lat us" "vs kernel target" "target"
	for qd in 1 32; do
		for n in tcp-kernel tcp-kernel-libaio tcp-serve tcp-serve-libaio tcp-nvmet tcp-nvmet-libaio; do
			k=$n-qd$qd
			case $n in
			tcp-kernel) label="nvmet-tcp + null_blk (kernel) QD$qd" ;;
			tcp-kernel-libaio) label="  the same, fio libaio QD$qd" ;;
			tcp-serve) label="nvmet serve (emulator) QD$qd" ;;
			tcp-serve-libaio) label="  the same, fio libaio QD$qd" ;;
			tcp-nvmet) label="nvmet-io tcp: -> nvmet-tcp QD$qd" ;;
			tcp-nvmet-libaio) label="  the same, against fio libaio QD$qd" ;;
			esac
			# The libaio rows compare with the kernel target through fio libaio.
			ref=tcp-kernel-qd$qd
			case $n in
			*-libaio) ref=tcp-kernel-libaio-qd$qd ;;
			esac
			[ $n != tcp-nvmet-libaio ] || k=tcp-nvmet-qd$qd
			if [ -z "${iops[$k]:-}" ]; then
				row "$label" "-" "-" "" ""
				continue
			fi
			ratio="" target=""
			if [ "${n%-libaio}" = tcp-nvmet ] && [ -n "${iops[$ref]:-}" ]; then
				# libnvmet's host against fio through the kernel's, same target.
				ratio="IOPS $(f2 "${iops[$k]}" "${iops[$ref]}")x lat $(f2 "${lat[$k]}" "${lat[$ref]}")x"
				if [ $qd = 32 ]; then
					target="IOPS >= 1.5x: $(verdict "$(f2 "${iops[$k]}" "${iops[$ref]}")" ">=" 1.5)"
				else
					target="lat <= 0.7x: $(verdict "$(f2 "${lat[$k]}" "${lat[$ref]}")" "<=" 0.7)"
				fi
				[[ $target != *MISSED* ]] || notes+=("nvmet-io over TCP QD$qd: $tcp_bound")
			elif [ "${n%-libaio}" = tcp-serve ] && [ -n "${iops[$ref]:-}" ]; then
				ratio="IOPS $(f2 "${iops[$k]}" "${iops[$ref]}")x lat $(f2 "${lat[$k]}" "${lat[$ref]}")x"
				if [ $qd = 32 ]; then
					target="IOPS >= 1.0x: $(verdict "$(f2 "${iops[$k]}" "${iops[$ref]}")" ">=" 1.0)"
				else
					target="lat <= 1.2x: $(verdict "$(f2 "${lat[$k]}" "${lat[$ref]}")" "<=" 1.2)"
				fi
				[[ $target != *MISSED* ]] || notes+=("NVMe/TCP QD$qd: $tcp_bound")
			fi
			if [ $n = tcp-nvmet-libaio ]; then
				row "$label" "" "" "$ratio" "$target"
			else
				row "$label" "$(kiops "${iops[$k]}")" "$(usec "${lat[$k]}")" "$ratio" "$target"
			fi
		done
	done
fi
if [ $do_host = 1 ]; then
	echo
	echo "2. host, emulated controller, 4K random read QD64, 1 worker, ${secs} s (region written first)"
	row "" "IOPS" "mean lat us" "worker CPU" "target"
	for n in emu emu-verify emu-tcp; do
		case $n in
		emu) label="nvmet-io"; t=1000000 ;;
		emu-verify) label="nvmet-io --verify crc32c"; t=600000 ;;
		emu-tcp) label="nvmet-io tcp: -> nvmet serve" ;;
		esac
		if [ -z "${iops[$n]:-}" ]; then
			row "$label" "-" "-" "" ""
			continue
		fi
		if [ $n = emu-tcp ]; then
			# Beside the in-process emulator: what loopback TCP and the serving thread cost.
			row "$label" "$(kiops "${iops[$n]}")" "$(usec "${lat[$n]}")" \
				"$(awk -v c="${cpu[$n]}" 'BEGIN { printf "%.0f%%", c }')" \
				"${iops[emu]:+$(f2 "${iops[$n]}" "${iops[emu]}")x in-process}"
			continue
		fi
		v=$(verdict "${iops[$n]}" ">=" $t)
		row "$label" "$(kiops "${iops[$n]}")" "$(usec "${lat[$n]}")" \
			"$(awk -v c="${cpu[$n]}" 'BEGIN { printf "%.0f%%", c }')" ">= $(kiops $t): $v"
		if [ "$v" = MISSED ]; then
			why=$(awk -v c="${cpu[$n]}" 'BEGIN { if (c < 90)
				printf "the worker was busy %.0f%% of its CPU: it waited for the" \
				       " emulated controller, whose thread (one per controller) bounds it", c
				else printf "the worker used %.0f%% of its CPU: the worker thread bounds" \
					    " it (see the instruction counts below)", c }')
			[ "$(nproc)" -gt 2 ] || why+="; with $(nproc) CPUs the worker and the"
			[ "$(nproc)" -gt 2 ] || why+=" controller's thread share them with everything else"
			notes+=("host $label: $why")
		fi
	done
	echo
	echo "3. libnvmet instructions per I/O (callgrind, $ipio_n I/Os of 4K random read)"
	if [ -s "$out/callgrind.qd64.txt" ] && [ -s "$out/callgrind.qd8.txt" ]; then
		read -r S1 P1 C1 K1 E1 <"$out/callgrind.qd64.txt"
		read -r S2 P2 C2 K2 E2 <"$out/callgrind.qd8.txt"
		read -r sub reap poll ppio total end < <(awk -v s1="$S1" -v p1="$P1" -v c1="$C1" \
			-v k1="$K1" -v p2="$P2" -v c2="$C2" -v k2="$K2" -v e1="$E1" -v n="$ipio_n" 'BEGIN {
			x1 = p1 - c1; x2 = p2 - c2
			b = (x1 * k2 - x2 * k1) / (n * k2 - n * k1)
			a = (x1 - b * n) / k1
			printf "%.0f %.0f %.0f %.1f %.0f %.0f\n", s1 / n, b, a, k1 / n, s1 / n + b,
				(e1 - c1) / n }')
		row "submit (nvmet_qpair_submit)" "$sub" "" "" ""
		row "reap (nvmet_qpair_process)" "$reap" "" "per completion" ""
		row "total" "$total" "" "" "< 200: $(verdict "$total" "<" 200)"
		row "an empty poll (not counted above)" "$poll" "" "$ppio polls/I/O at QD64" ""
		if [ "$(verdict "$total" "<" 200)" = MISSED ]; then
			parts=$(cg_breakdown "$out/callgrind.qd64.txt" "$ipio_n" "$S1")
			why="instructions per I/O: submit $sub = $parts; reap $reap, of which the"
			why+=" reap loop (qpair_end, or qpair_reap with the tracker inline) $end"
			why+=" without the caller's callback (the command's log entry, timestamp and"
			why+=" statistics), the rest reading the CQE, the CQ and SQ heads and the"
			why+=" doorbell. $ipio_why"
			notes+=("$why")
		fi
	else
		row "(not measured)" "-" "" "" ""
	fi
fi
if [ ${#notes[@]} -gt 0 ]; then
	echo
	echo "Notes on missed targets:"
	# The io_uring and libaio rows of one depth miss for the same reason: once each.
	printf '%s\n' "${notes[@]}" | awk '!seen[$0]++' | while IFS= read -r n; do
		echo "  - $n" | fold -s -w 100 | sed '2,$s/^/    /'
	done
fi
echo
echo "raw outputs: $out"
exit $failed
