# tcp-target.sh - sourced by a VM payload (tools/vm/nvmet-vm --cmd): the
# Linux kernel's NVMe/TCP target on 127.0.0.1, set up through configfs.
# Needs the VM started with --module nvmet-tcp and --module loop or
# --module null_blk. Usage in the payload:
#   . /path/tcp-target.sh; tcp_target NQN loop|null [PORT]
# 'loop' backs namespace 1 with a 64 MiB file in tmpfs (data kept, for
# verification); 'null' with null_blk's nullb0 (nothing kept, for speed).
# Prints nothing on success; fails loudly.

# nvme-cli's host identity, given: without /etc/nvme its defaults clash on
# 6.12 ("found same hostid but different hostnqn").
TCP_HOSTID=5e7e0000-0000-4000-8000-0000000012c4

tcp_modules() {
	local m
	for m in "$@"; do
		while read -r k; do insmod "$k" 2>/dev/null || true; done <"/lib/modules/$m.load"
	done
}

tcp_target() {
	local nqn=$1 backing=$2 port=${3:-4420} dev s p
	ip link set lo up || return 1
	mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config || return 1
	case $backing in
	loop)
		mkdir -p /tmp/tcp-target
		dd if=/dev/zero of=/tmp/tcp-target/disk bs=1M count=64 2>/dev/null || return 1
		dev=$(losetup -f) && losetup "$dev" /tmp/tcp-target/disk || return 1 ;;
	null)
		dev=/dev/nullb0 ;;
	*)
		echo "tcp_target: backing '$backing' is not loop or null" >&2; return 1 ;;
	esac
	[ -b "$dev" ] || { echo "tcp_target: no block device $dev" >&2; return 1; }
	s=/sys/kernel/config/nvmet/subsystems/$nqn
	mkdir "$s" && echo 1 >"$s/attr_allow_any_host" || return 1
	mkdir "$s/namespaces/1" && echo "$dev" >"$s/namespaces/1/device_path" &&
		echo 1 >"$s/namespaces/1/enable" || return 1
	p=/sys/kernel/config/nvmet/ports/1
	mkdir -p "$p" || return 1
	echo tcp >"$p/addr_trtype"; echo ipv4 >"$p/addr_adrfam"
	echo 127.0.0.1 >"$p/addr_traddr"; echo "$port" >"$p/addr_trsvcid"
	ln -s "$s" "$p/subsystems/$nqn" || return 1
}

# tcp_kernel_checks NQN TEST...: libnvmet against the target tcp_target set
# up (backed by loop), TAP lines in the form run-selftests prints: Identify
# as nvmet reads it equals what the kernel's own host reads (nvme id-ctrl -b
# after nvme connect; needs --module nvme-tcp --prog nvme), and a verified
# nvmet-io worker; then the selftest binaries TEST... (the library's device
# tests) over TCP.
tcp_kernel_checks() {
	local nqn=$1 dev="tcp:127.0.0.1/$1" rc=0 t
	shift
	echo "TAP version 13"
	echo "1..2"
	# Both dumps as one hex byte a line; CNTLID (bytes 78-79) is each association's own.
	# (--raw prints nvme-cli's hex dump: a column header, then "0000: xx ... "ascii"".)
	if nvmet id-ctrl --raw "$dev" | grep '^[0-9a-f]\{4\}:' | cut -c7-53 | tr -s ' \n' '\n\n' | sed '/^$/d' >/tmp/tcp-target/ours &&
		tcp_modules nvme-tcp &&
		nvme connect -t tcp -a 127.0.0.1 -s 4420 -n "$nqn" --hostid="$TCP_HOSTID" \
			--hostnqn="nqn.2014-08.org.nvmexpress:uuid:$TCP_HOSTID" >/dev/null &&
		sleep 1 && nvme id-ctrl -b /dev/nvme0 | od -An -v -tx1 | tr -s ' \n' '\n\n' |
		sed '/^$/d' >/tmp/tcp-target/theirs &&
		nvme disconnect -n "$nqn" >/dev/null && [ -s /tmp/tcp-target/ours ] &&
		sed -i '79,80d' /tmp/tcp-target/ours /tmp/tcp-target/theirs &&
		cmp -s /tmp/tcp-target/ours /tmp/tcp-target/theirs; then
		echo "ok 1 tcp.id_ctrl_raw_equals_nvme_id_ctrl_b"
	else
		cmp /tmp/tcp-target/ours /tmp/tcp-target/theirs | sed 's/^/# /'
		echo "not ok 1 tcp.id_ctrl_raw_equals_nvme_id_ctrl_b"
		rc=1
	fi
	if nvmet-io --dev "$dev" --rw randrw --bs 4k-128k --iodepth 16 --runtime 5 --time_based \
		--verify crc32c >/tmp/tcp-target/io 2>&1; then
		echo "ok 2 tcp.verified_worker"
	else
		sed 's/^/# /' /tmp/tcp-target/io | tail -20
		echo "not ok 2 tcp.verified_worker"
		rc=1
	fi
	echo "# nvmet-selftest tcp-kernel-target exit=$rc"
	mkdir -p /tmp/tcp-target/lib
	for t in "$@"; do ln -sf "/opt/nvmet/selftests/$t" /tmp/tcp-target/lib/; done
	NVMETEST_DEV=$dev NVMETEST_SELFTESTS=/tmp/tcp-target/lib /opt/nvmet/run-selftests || rc=1
	return $rc
}
