#!/bin/bash
# check.sh - every test of the project (make check, after make deps).
# Run with --help for what it does; the last line it prints is always
#   N passed, N failed, N skipped
set -euo pipefail

prog=check
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
top=$(cd "$here/.." && pwd)

# Seconds of the stress programs per kernel (the fuzzer, then the racer).
fuzz_secs=50 race_secs=25
debug_fuzz_secs=60 debug_race_secs=30

usage() {
	cat <<EOF
usage: tools/check.sh [--kver KVER]... | --debug
For each kernel (default: every one of tools/kver.sh all, or the --kver
ones): make module KVER=K and tools/module-lint.sh K; then make userspace
and tools/header-check.sh (each public header compiles alone, kernel-doc);
tools/dkms-check.sh for all kernels; every build/selftests/*/* on the host
with NVMETEST_DEV=emu: (the emulated controller), and those of
build/selftests/lib/, the conformance suite and the tools tests that take a
device over NVMe/TCP (each against
a fresh 'nvmet serve' on a loopback port), then the same with the ASan+UBSan build (make userspace
BUILD=build/asan SAN=1); then per kernel
tools/vm/nvmet-vm --selftests (with the ASan build on the first kernel,
the plain one on the others), privilege_test in a VM it locks down,
irq_fallback_test with a second NVMe function on the INTx line,
tools/vm/serve-tcp (nvmet serve against the kernel's nvme-tcp host),
tools/vm/nvme-cli-xcheck (nvmet's JSON against nvme-cli's through nvme.ko),
a VM run of libnvmet against the kernel's NVMe/TCP target
(tools/vm/tcp-target.sh: Identify compared with nvme-cli's through the
kernel's host, a verified nvmet-io worker, build/selftests/lib over TCP),
for the last kernel the module's and the library's selftests with the
function behind QEMU's Intel IOMMU (--iommu), and a VM run of the
module's stress programs: nvmetest-fuzz for $fuzz_secs s, then
nvmetest-close-race for $race_secs s. Each kernel's VM runs go at the
same time as the other kernels' (each kernel's output printed whole, in
order); builds use every core.
--debug (make check-debug) instead: the debug kernel (KASAN, lockdep:
tools/debug-kernel.sh, built once into its cache), the module built against
it, make userspace, the module's and the library's VM selftests on it and
the stress programs on it ($debug_fuzz_secs s and $debug_race_secs s).
Counting: every build, lint, dkms and VM run is one test;
every kselftest 'ok N' line a pass ('ok N ... # SKIP' a skip), every
'not ok N' a fail; a selftest binary that exits other than 0 or 4 without
a 'not ok' line is one more fail. Everything goes to build/check.log too
(build/check-debug.log with --debug).
Exit status 0 only when nothing failed.
EOF
}

kvers=() debug=0
while [ $# -gt 0 ]; do
	case $1 in
	-h|--help) usage; exit 0 ;;
	--debug) debug=1 ;;
	--kver) [ $# -ge 2 ] || { echo "$prog: --kver needs a value" >&2; exit 2; }; kvers+=("$2"); shift ;;
	--kver=*) kvers+=("${1#*=}") ;;
	*) echo "$prog: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
	esac
	shift
done

[ $debug = 0 ] || [ ${#kvers[@]} -eq 0 ] ||
	{ echo "$prog: --debug checks the debug kernel only: no --kver with it" >&2; exit 2; }

cd "$top"
mkdir -p build
# Everything, this script's own output included, goes to build/check.log
# (build/check-debug.log for --debug).
if [ -z "${NVMET_CHECK_LOGGING:-}" ]; then
	logfile=build/check.log args=(${kvers[@]+"${kvers[@]/#/--kver=}"})
	if [ $debug = 1 ]; then logfile=build/check-debug.log args=(--debug); fi
	set +e
	NVMET_CHECK_LOGGING=1 "$here/check.sh" ${args[@]+"${args[@]}"} 2>&1 | tee "$logfile"
	rc=${PIPESTATUS[0]}
	exit "$rc"
fi

if [ ${#kvers[@]} -eq 0 ] && [ $debug = 0 ]; then
	read -r -a kvers <<<"$(tools/kver.sh all)"
fi

# Builds use every core (the machine CI runs on has two), their output grouped
# per target so that a failing compile reads as it would serially.
pmake=(make -j"$(nproc)" --output-sync=target)

n_pass=0 n_fail=0 n_skip=0
failures=()
phases=()
chain_pids=()
t_start=$EPOCHREALTIME
work=$(mktemp -d /tmp/nvmet-check.XXXXXX)
# kill_tree PID: PID and everything under it (a VM chain's QEMU is not in
# its process group: timeout(1) makes a group of its own), parents first so
# that a chain cannot start its next run. Never fails: under set -e a
# process already gone would end the EXIT trap half-way.
kill_tree() {
	local c kids
	kids=$(pgrep -P "$1") || true
	kill -TERM "$1" 2>/dev/null || true
	for c in $kids; do kill_tree "$c"; done
}
# serve_stop is defined further down; --debug exits before it is.
# Interrupted or timed out, check.sh stops what runs under it, VM chains in
# the background included, and shows what an unfinished chain printed so
# far: its log goes with $work.
on_exit() {
	local p f
	declare -F serve_stop >/dev/null && serve_stop
	# The VM chains in the background and whatever runs in the foreground.
	for p in $(pgrep -P $$); do kill_tree "$p"; done
	for f in "$work"/chain-*.log; do
		[ ${#chain_pids[@]} -gt 0 ] && [ -f "$f" ] || continue
		echo "=== output so far of an unfinished VM chain ($f)"
		cat "$f"
	done
	rm -rf "$work"
}
trap on_exit EXIT

secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
stamp() { printf '%6s s' "$(secs "$t_start" "$EPOCHREALTIME")"; }

phase_name='' phase_t0=''
phase() {
	phase_end
	phase_name=$1
	phase_t0=$EPOCHREALTIME
	echo
	echo "=== [$(stamp)] $phase_name"
}
phase_end() {
	[ -n "$phase_name" ] || return 0
	local d
	d=$(secs "$phase_t0" "$EPOCHREALTIME")
	phases+=("$(printf '%8s s  %s' "$d" "$phase_name")")
	echo "=== [$(stamp)] $phase_name done in $d s"
	phase_name=
}

pass() { n_pass=$((n_pass + 1)); }
skip() { n_skip=$((n_skip + 1)); }
fail() { n_fail=$((n_fail + 1)); failures+=("$1"); }

# step NAME CMD...: one test, passed when CMD exits 0.
step() {
	local name=$1 t0=$EPOCHREALTIME rc=0
	shift
	echo "--- $name: $*"
	"$@" || rc=$?
	if [ $rc -eq 0 ]; then
		pass
		echo "--- $name: PASS ($(secs "$t0" "$EPOCHREALTIME") s)"
	else
		fail "$name (exit $rc)"
		echo "--- $name: FAIL, exit $rc ($(secs "$t0" "$EPOCHREALTIME") s)"
	fi
	return $rc
}

# TAP accounting. Lines of one selftest binary are counted as they come;
# tap_close NAME EXIT ends a binary (its name is known only then for VM runs,
# where run-selftests prints '# nvmet-selftest NAME exit=N').
tap_label='' tap_lines=0 tap_notok=()
tap_line() {
	local line=${1%$'\r'}
	if [[ $line =~ ^not\ ok\ [0-9]+ ]]; then
		tap_lines=$((tap_lines + 1))
		tap_notok+=("$line")
	elif [[ $line =~ ^ok\ [0-9]+ ]]; then
		tap_lines=$((tap_lines + 1))
		if [[ $line =~ \#\ *[Ss][Kk][Ii][Pp] ]]; then skip; else pass; fi
	fi
}
tap_close() {
	local name=$1 rc=$2 l
	for l in "${tap_notok[@]}"; do fail "$tap_label $name: $l"; done
	case $rc in
	0) ;;
	4) [ "$tap_lines" -gt 0 ] || skip ;;
	*) [ ${#tap_notok[@]} -gt 0 ] || fail "$tap_label $name: exit $rc without a failing TAP line" ;;
	esac
	tap_lines=0
	tap_notok=()
}
# tap_vm_output LABEL FILE: count nvmet-vm --selftests output.
tap_vm_output() {
	local line
	tap_label=$1 tap_lines=0 tap_notok=()
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%$'\r'}
		if [[ $line =~ ^#\ nvmet-selftest\ ([^ ]+)\ exit=([0-9]+)$ ]]; then
			tap_close "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
		else
			tap_line "$line"
		fi
	done <"$2"
	# TAP lines of a binary that never finished (the VM died).
	if [ "$tap_lines" -gt 0 ]; then
		tap_close "(unfinished binary)" 0
	fi
}

# vm_run LABEL ARGS...: one nvmet-vm --selftests run: a test itself, plus
# its TAP lines.
vm_run() {
	local label=$1 out=$work/$1.out t0=$EPOCHREALTIME rc=0 why
	shift
	echo "--- $label: tools/vm/nvmet-vm $*"
	tools/vm/nvmet-vm "$@" 2>&1 | tee "$out" || rc=${PIPESTATUS[0]}
	tap_vm_output "$label" "$out"
	if [ $rc -eq 0 ]; then
		pass
		echo "--- $label: PASS ($(secs "$t0" "$EPOCHREALTIME") s)"
	else
		why=$(grep -E '^nvmet-vm: (FAIL|error)' "$out" | tail -n 1 || true)
		why=${why#nvmet-vm: }
		fail "$label VM run: ${why:-nvmet-vm exit $rc}"
		echo "--- $label: FAIL, exit $rc ($(secs "$t0" "$EPOCHREALTIME") s)"
	fi
}

# vm_tcp: the guest command that sets up Linux's NVMe/TCP target
# (tools/vm/tcp-target.sh) and runs libnvmet's checks and device tests on it.
# Not run there, for what Linux's target lacks or does otherwise (the tests are
# right): lib_admin_cmds_test and lib_features_test (Get Features of
# Arbitration, Power Management, Temperature Threshold, Error Recovery, Write
# Atomicity: Invalid Field; the SMART log read with an offset although LPA says
# it can), lib_admin_onecall_test (the same), lib_ctrl_extra_test (CC reads 0
# after a shutdown), lib_identify_test (Identify of an inactive namespace).
vm_tcp() {
	local nqn=nqn.2014-08.org.nvmexpress:nvmet:vm-tcp t tests=()
	for t in build/selftests/lib/*; do
		case ${t##*/} in
		lib_admin_cmds_test|lib_features_test|lib_admin_onecall_test|lib_ctrl_extra_test|\
		lib_identify_test) ;;
		*) tests+=("${t##*/}") ;;
		esac
	done
	printf '%s\ntcp_modules nvmet-tcp loop && tcp_target %s loop && tcp_kernel_checks %s %s' \
		"$(cat tools/vm/tcp-target.sh)" "$nqn" "$nqn" "${tests[*]}"
}

# vm_one TEST [VAR=VALUE...]: the guest command running one selftest binary
# through run-selftests (so its exit is counted as in a --selftests run).
vm_one() {
	local t=$1
	shift
	printf 'mkdir -p /tmp/one && ln -s /opt/nvmet/selftests/%s /tmp/one/ && %s NVMETEST_SELFTESTS=/tmp/one /opt/nvmet/run-selftests' \
		"$t" "$*"
}

summary() {
	phase_end
	echo
	echo "=== time per phase"
	printf '%s\n' "${phases[@]}"
	echo "   total $(secs "$t_start" "$EPOCHREALTIME") s"
	echo
	if [ ${#failures[@]} -gt 0 ]; then
		echo "=== ${#failures[@]} failure(s)"
		printf '  FAIL  %s\n' "${failures[@]}"
	else
		echo "=== no failures"
	fi
	echo "$n_pass passed, $n_fail failed, $n_skip skipped"
	[ "$n_fail" -eq 0 ]
}

# The guest's payload for the stress programs: each one's TAP, closed as
# run-selftests closes a binary's; a failure of either fails the run.
stress_payload() {
	cat <<EOF
rc=0
nvmetest-fuzz --time $1; s=\$?; echo "# nvmet-selftest nvmetest-fuzz exit=\$s"
case \$s in 0|4) ;; *) rc=1 ;; esac
nvmetest-close-race --time $2; s=\$?; echo "# nvmet-selftest nvmetest-close-race exit=\$s"
case \$s in 0|4) ;; *) rc=1 ;; esac
exit \$rc
EOF
}

# stress_run LABEL FUZZ_SECS RACE_SECS NVMET-VM-ARGS...: the stress programs
# in one VM run, with room for the boot, hang detection and the leak checks.
stress_run() {
	local label=$1 fuzz=$2 race=$3
	shift 3
	vm_run "$label" "$@" --timeout $((fuzz + race + 360)) --cmd "$(stress_payload "$fuzz" "$race")"
}

# --debug: the module's tests and the stress programs on the debug kernel.
check_debug() {
	local out=$work/debug-kernel.out kdir kver built=1

	echo "nvmet check: the debug kernel"
	phase "debug kernel: tools/debug-kernel.sh (built once, then from its cache)"
	debug_tree() { tools/debug-kernel.sh >"$out"; }
	step "debug kernel" debug_tree || built=0
	kdir=$(tail -n 1 "$out")
	echo "debug kernel tree: $kdir"
	if [ $built = 0 ] || [ ! -r "$kdir/include/config/kernel.release" ]; then
		fail "debug kernel VM runs: not run, no kernel tree"
		return
	fi
	kver=$(cat "$kdir/include/config/kernel.release")
	phase "module $kver: build against $kdir"
	step "build module $kver" "${pmake[@]}" module KVER="$kver" KDIR="$kdir" || built=0
	phase "userspace build"
	step "build userspace" "${pmake[@]}" userspace || built=0
	if [ $built = 0 ]; then
		fail "vm-$kver VM runs: not run, a build failed"
		return
	fi
	# The module's tests and the library's reach every ioctl and mapping path
	# the tools and the conformance suite do; on a kernel this slow those
	# two would only add user-space time.
	phase "VM selftests on $kver (module, lib)"
	vm_run "vm-$kver" --kernel-dir "$kdir" --selftests=module,lib
	phase "VM stress on $kver: nvmetest-fuzz $debug_fuzz_secs s, nvmetest-close-race $debug_race_secs s"
	stress_run "stress-$kver" "$debug_fuzz_secs" "$debug_race_secs" --kernel-dir "$kdir"
}

if [ $debug = 1 ]; then
	check_debug
	summary
	exit
fi

echo "nvmet check: kernels: ${kvers[*]:-none}"
if [ ${#kvers[@]} -eq 0 ]; then
	fail "no installed kernel with headers (tools/kver.sh all is empty; make deps)"
fi

# --- module builds and lint, per kernel --------------------------------------
declare -A mod_ok=()
for k in "${kvers[@]}"; do
	phase "module $k: build and lint (W=1, sparse)"
	if step "build module $k" "${pmake[@]}" module KVER="$k"; then mod_ok[$k]=1; fi
	step "lint $k" tools/module-lint.sh "$k" || true
done

phase "userspace build"
user_ok=0
step "build userspace" "${pmake[@]}" userspace && user_ok=1
step "public headers alone, kernel-doc of headers and module" tools/header-check.sh || true
if [ $user_ok = 1 ]; then
	step "make install, pkg-config build, exported symbols" tools/install-check.sh || true
fi

phase "dkms build, all kernels"
if [ ${#kvers[@]} -gt 0 ]; then
	dk_out=$work/dkms.out
	t0=$EPOCHREALTIME
	echo "--- dkms: tools/dkms-check.sh ${kvers[*]}"
	rc=0
	tools/dkms-check.sh "${kvers[@]}" 2>&1 | tee "$dk_out" || rc=${PIPESTATUS[0]}
	for k in "${kvers[@]}"; do
		if grep -qxF "dkms $k: built" "$dk_out"; then pass; else fail "dkms $k (dkms-check exit $rc)"; fi
	done
	echo "--- dkms: exit $rc ($(secs "$t0" "$EPOCHREALTIME") s)"
fi

# serve_start BUILD: BUILD/bin/nvmet serve on a free loopback port, in the
# background: sets serve_pid and serve_dev (the tcp: address of its subsystem).
serve_start() {
	local out=$work/serve.out i
	: >"$out"
	"$1/bin/nvmet" serve emu: --listen 127.0.0.1:0 >"$out" 2>>"$work/serve.log" &
	serve_pid=$!
	serve_dev=
	for i in $(seq 100); do
		serve_dev=$(awk '/^nvme connect/ { print "tcp:" $6 ":" $8 "/" $10 }' "$out")
		[ -z "$serve_dev" ] || return 0
		sleep 0.1
	done
	return 1
}
serve_stop() {
	[ -n "${serve_pid:-}" ] || return 0
	kill "$serve_pid" 2>/dev/null || true
	wait "$serve_pid" 2>/dev/null || true
	serve_pid=
}

# --- host tests: every selftest binary, with the emulated controller as the
# device (NVMETEST_DEV=emu:): the library's device tests run against it; the
# module's ioctl tests skip (no /dev/nvmetest0 here).
# With tcp, the library's device tests (DIR/lib), the conformance suite
# (DIR/conformance) and the tools tests that take a device run over NVMe/TCP
# instead, each binary against a fresh
# 'nvmet serve' (of the same build) on a free loopback port, as a host would
# meet a target.
# host_run LABEL DIR [tcp]: one TAP-counted run of every binary in DIR's folders.
host_run() {
	local label=$1 dir=$2 tcp=${3:-} n_bins=0 t name rc dev=emu: pattern="$2/*/*"
	tap_label=$label
	# The tools tests that take a device; the others need the module or none.
	[ -z "$tcp" ] || pattern="$dir/lib/* $dir/conformance/* $dir/tools/nvmet_nvme_cli_test
		$dir/tools/nvmet_cli_test $dir/tools/examples_test $dir/tools/nvmet_io_dev_test"
	for t in $pattern; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		n_bins=$((n_bins + 1))
		name=${t##*/}
		echo "--- $label $name"
		rc=0
		if [ -n "$tcp" ] && ! serve_start "${dir%/selftests}"; then
			fail "$label $name: nvmet serve did not start (see $work/serve.log)"
			serve_stop
			continue
		fi
		[ -z "$tcp" ] || dev=$serve_dev
		NVMETEST_DEV=$dev timeout 300 "$t" 2>&1 | tee "$work/$label-$name.out" || rc=${PIPESTATUS[0]}
		[ -z "$tcp" ] || serve_stop
		while IFS= read -r line || [ -n "$line" ]; do tap_line "$line"; done <"$work/$label-$name.out"
		tap_close "$name" "$rc"
		echo "--- $label $name: exit $rc"
	done
	if [ $n_bins -eq 0 ]; then
		fail "$label: no selftest binary in $dir"
	fi
}

if [ $user_ok = 1 ]; then
	phase "host selftests on the emulated controller (build)"
	host_run host build/selftests
	phase "host library device tests, conformance and tools over NVMe/TCP, against nvmet serve (build)"
	host_run host-tcp build/selftests tcp
fi

phase "host selftests on the emulated controller, ASan+UBSan (build/asan)"
asan_ok=0
step "build userspace asan" "${pmake[@]}" userspace BUILD=build/asan SAN=1 && asan_ok=1
if [ $asan_ok = 1 ]; then
	host_run host-asan build/asan/selftests
	phase "host library device tests, conformance and tools over NVMe/TCP, ASan+UBSan (build/asan)"
	host_run host-tcp-asan build/asan/selftests tcp
fi

# --- VM selftests -------------------------------------------------------------------
# The first kernel runs the selftests of the ASan+UBSan build (the user-space
# half under the sanitizers against the real module), the others the plain
# build; each kernel then has the runs that need a boot of their own.
# vm_chain K FIRST LAST: every VM run of kernel K (FIRST: the ASan build's
# selftests; LAST: the IOMMU run too).
vm_chain() {
	local k=$1 first=$2 last=$3 label=vm-$1 build_args=()
	if [ "$first" = 1 ] && [ $asan_ok = 1 ]; then
		label=vm-asan-$k build_args=(--build build/asan)
		phase "VM selftests on $k, ASan+UBSan build"
	else
		phase "VM selftests on $k"
	fi
	if [ -z "${mod_ok[$k]:-}" ]; then
		fail "$label VM run: not run, module build failed"
	elif [ $user_ok != 1 ]; then
		fail "$label VM run: not run, userspace build failed"
	else
		if [ ${#build_args[@]} -gt 0 ]; then
			mkdir -p "build/asan/mod/$k"
			cp "build/mod/$k/nvmetest.ko" "build/asan/mod/$k/nvmetest.ko"
		fi
		vm_run "$label" --kver "$k" ${build_args[@]+"${build_args[@]}"} --selftests
		# Locking the kernel down cannot be undone: a boot of its own.
		vm_run "vm-lockdown-$k" --kver "$k" --cmd "$(vm_one privilege_test NVMETEST_LOCKDOWN=1)"
		# Two functions sharing an INTx line.
		vm_run "vm-intx-$k" --kver "$k" --second-nvme --cmd "$(vm_one irq_fallback_test)"
		# nvmet serve against the kernel's own NVMe/TCP host.
		vm_run "vm-serve-$k" --kver "$k" --prog nvme --prog fio --prog mkfs.ext4 \
			--module nvme-tcp --module ext4 --cmd /opt/nvmet/serve-tcp
		# nvmet's -o json against nvme-cli's, the same controller read through nvme.ko.
		vm_run "vm-nvme-cli-$k" --kver "$k" --prog nvme --prog jq --module nvme \
			--cmd "$(cat tools/vm/nvme-cli-xcheck)"
		# libnvmet over NVMe/TCP against the kernel's own target.
		vm_run "vm-tcp-$k" --kver "$k" --module nvmet-tcp --module loop --module nvme-tcp \
			--prog nvme --cmd "$(vm_tcp)"
	fi
	if [ "$last" = 1 ] && [ -n "${mod_ok[$k]:-}" ] && [ $user_ok = 1 ]; then
		# What translation changes is the module's DMA: its tests and the
		# library's, not the tools' or the conformance suite's.
		phase "VM selftests on $k behind QEMU's Intel IOMMU (module, lib)"
		vm_run "vm-iommu-$k" --kver "$k" --iommu --selftests=module,lib
	fi
	phase "VM stress on $k: nvmetest-fuzz $fuzz_secs s, nvmetest-close-race $race_secs s"
	if [ -z "${mod_ok[$k]:-}" ] || [ $user_ok != 1 ]; then
		fail "stress-$k VM run: not run, the module or userspace build failed"
	else
		stress_run "stress-$k" "$fuzz_secs" "$race_secs" --kver "$k"
	fi
	phase_end
}

# Each kernel's chain of VM runs at the same time as the others': a TCG guest
# keeps about one of CI's two cores busy, so two kernels take little longer
# than one. The first kernel's chain runs in the foreground; each other one
# in a subshell, its output kept in a file and printed whole after the
# first's, its counts and failures passed back in files (a subshell cannot
# set this shell's variables). The phase times of different kernels overlap.
if [ ${#kvers[@]} -gt 0 ]; then
	phase_end
	t_vm=$EPOCHREALTIME
	for i in "${!kvers[@]}"; do
		[ "$i" -gt 0 ] || continue
		(
			n_pass=0 n_fail=0 n_skip=0 failures=() phases=()
			vm_chain "${kvers[$i]}" 0 $((i == ${#kvers[@]} - 1))
			echo "$n_pass $n_fail $n_skip" >"$work/chain-$i.counts"
			: >"$work/chain-$i.failures"
			[ ${#failures[@]} -eq 0 ] || printf '%s\n' "${failures[@]}" >"$work/chain-$i.failures"
			printf '%s\n' "${phases[@]}" >"$work/chain-$i.phases"
		) >"$work/chain-$i.log" 2>&1 &
		chain_pids+=($!)
	done
	vm_chain "${kvers[0]}" 1 $((${#kvers[@]} == 1))
	for i in "${!kvers[@]}"; do
		[ "$i" -gt 0 ] || continue
		wait "${chain_pids[$((i - 1))]}" || true
		cat "$work/chain-$i.log"
		if read -r p f s <"$work/chain-$i.counts"; then
			n_pass=$((n_pass + p)) n_fail=$((n_fail + f)) n_skip=$((n_skip + s))
			mapfile -t -O ${#failures[@]} failures <"$work/chain-$i.failures"
			mapfile -t -O ${#phases[@]} phases <"$work/chain-$i.phases"
		else
			fail "VM runs of ${kvers[$i]}: their shell died before it counted them"
		fi
	done
	chain_pids=()
	phases+=("$(printf '%8s s  %s' "$(secs "$t_vm" "$EPOCHREALTIME")" "(the VM phases above, every kernel at once)")")
fi
summary
