# tcp-target.sh - sourced by a VM payload (tools/vm/nvmet-vm --cmd): the
# Linux kernel's NVMe/TCP target on 127.0.0.1, set up through configfs.
# Needs the VM started with --module nvmet-tcp and --module loop or
# --module null_blk. Usage in the payload:
#   . /path/tcp-target.sh; tcp_target NQN loop|null [PORT]
# 'loop' backs namespace 1 with a 64 MiB file in tmpfs (data kept, for
# verification); 'null' with null_blk's nullb0 (nothing kept, for speed).
# Prints nothing on success; fails loudly.

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
