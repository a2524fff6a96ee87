/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * nvmetest.h - ioctl ABI of the nvmetest kernel module.
 *
 * This is the only header the kernel module and user space share. Every
 * structure has fixed-size fields, explicit reserved padding and a size
 * pinned at compile time on both sides; reserved fields must be zero on
 * input and are zero on output. A request that sets an unknown flag or a
 * non-zero reserved field fails with -EINVAL, so the ABI can grow.
 *
 * Return convention: an ioctl returns 0 when the module did what was asked,
 * including when the controller answered a command with an error status
 * (that status is in the returned completion, never in errno). A negative
 * errno means the module refused or could not do it: -EINVAL for a bad
 * argument, -EFAULT for a bad pointer, -ENOENT for an unknown handle or
 * queue, -EEXIST for a queue id in use, -EBUSY while a reset is under way
 * (or when every admin command slot stayed taken for the whole of the
 * command's timeout: the command was not sent), -ENODEV once the device
 * has been removed.
 *
 * Removal (unbind, hot unplug) with files open: a command in flight ends
 * with -ENODEV, every later call fails with -ENODEV, poll() reports
 * POLLHUP, and every mapping is revoked: touching it raises SIGBUS. The
 * same revocation applies to the mapping of a freed buffer or a deleted
 * queue. mmap() of an offset with no object of the caller's behind it, a
 * length beyond the object, or a private mapping fails with -EINVAL.
 *
 * The module enables the controller with 4 KiB memory pages (CC.MPS = 0),
 * 64-byte SQ and 16-byte CQ entries, so PRPs built by user space use 4 KiB.
 *
 * Threat model. A file drives the controller's DMA: its I/O queues are
 * mapped and user space writes their PRPs, and NVMETEST_ADMIN_RAW_DPTR sends
 * the caller's pointers, so the controller reads and writes whatever bus
 * addresses the program names; without an IOMMU translating for the device
 * that is any physical memory. The file is as strong as /dev/mem and is
 * guarded the same way: open() needs CAP_SYS_RAWIO (-EPERM) and is refused
 * under kernel lockdown (-EPERM); without a translating IOMMU each open
 * taints the kernel (TAINT_USER) and is logged, as vfio's no-IOMMU mode;
 * nvmetest_info.flags has NVMETEST_INFO_IOMMU when one translates (then the
 * controller reaches only what the module mapped for it). Without RAW_DPTR
 * no bus address of the caller's reaches the controller (struct
 * nvmetest_admin_cmd). Whatever a program does through the file, the
 * kernel's memory and its control of the function stay intact.
 */
#ifndef _UAPI_NVMETEST_H
#define _UAPI_NVMETEST_H

#include <linux/ioctl.h>
#include <linux/types.h>

/*
 * Bumped on any incompatible change; additions use reserved space. The
 * structure sizes never change (NVMETEST_SIZEOF_* below).
 * 2: open() needs CAP_SYS_RAWIO and no lockdown; NVMETEST_INFO_IOMMU;
 *    ADMIN_REAP copies data only into the submitting process's memory
 *    (NVMETEST_RESULT_NOT_COPIED); configuration and register writes
 *    that would break the kernel's control of the function get -EPERM,
 *    PMCSR power changes go through the PCI core; unreaped asynchronous
 *    commands count against NVMETEST_ASYNC_MAX; nvmetest_info reports the
 *    DMA memory held and its limits; without NVMETEST_ADMIN_RAW_DPTR the
 *    controller sees only the module's memory (USE_BUF data is copied
 *    through it, 4097..4100-byte transfers and commands whose addresses
 *    the controller keeps are refused).
 * 3: struct nvmetest_qstats version 2 (latency_ns), which the module
 *    takes besides version 1; NVMETEST_NL_CMD_LIST_QPAIRS names each SQ's
 *    creator (pid, comm) and carries all of its counters; an admin
 *    command's cid holds its slot in the low 6 bits and a generation above
 *    them; a register write setting CC.EN while the controller is disabled
 *    gets -EPERM.
 */
#define NVMETEST_ABI_VERSION		3

#define NVMETEST_DRIVER_NAME		"nvmetest"
#define NVMETEST_DEV_PREFIX		"nvmetest"

/* Largest data transfer of one admin passthrough command. */
#define NVMETEST_ADMIN_MAX_DATA		(2u << 20)
/* Largest single DMA buffer. */
#define NVMETEST_BUF_MAX_SIZE		(4u << 20)
/* Entries in the admin command log ring. */
#define NVMETEST_CMDLOG_ENTRIES		256
/* "no interrupt vector" for an I/O completion queue. */
#define NVMETEST_NO_VECTOR		0xffffffffu

/**
 * enum nvmetest_irq_kind - how the device's interrupts are delivered
 * @NVMETEST_IRQ_NONE: no interrupt could be allocated
 * @NVMETEST_IRQ_INTX: legacy pin interrupt, one vector
 * @NVMETEST_IRQ_MSI: MSI, one or more vectors
 * @NVMETEST_IRQ_MSIX: MSI-X, one or more vectors
 */
enum nvmetest_irq_kind {
	NVMETEST_IRQ_NONE = 0,
	NVMETEST_IRQ_INTX = 1,
	NVMETEST_IRQ_MSI = 2,
	NVMETEST_IRQ_MSIX = 3,
};

/* nvmetest_info.flags */
#define NVMETEST_INFO_READY		(1u << 1)	/* CSTS.RDY and admin queue up */
#define NVMETEST_INFO_IOMMU		(1u << 2)	/* an IOMMU translates the DMA */

/**
 * struct nvmetest_info - identity and state of a bound controller
 * @abi_version: NVMETEST_ABI_VERSION of the running module
 * @flags: NVMETEST_INFO_* bits
 * @domain: PCI domain (segment)
 * @bus: PCI bus number
 * @devfn: PCI device and function, as (device << 3) | function
 * @instance: N in /dev/nvmetestN
 * @vendor_id: PCI vendor ID
 * @device_id: PCI device ID
 * @subsystem_vendor_id: PCI subsystem vendor ID
 * @subsystem_device_id: PCI subsystem ID
 * @class_code: PCI class code (24 bits: base, sub, programming interface)
 * @revision: PCI revision ID
 * @irq_kind: enum nvmetest_irq_kind
 * @nr_vectors: number of interrupt vectors allocated (vector 0 serves the
 *	admin completion queue)
 * @db_stride: doorbell stride in bytes (4 << CAP.DSTRD)
 * @cfg_size: size of the PCI configuration space (256 or 4096)
 * @max_qid: highest I/O queue id that may be created: what the controller
 *	granted at the last enable (Number of Queues), at most the module
 *	parameter io_queues when set and at most the grant at probe. Queues
 *	above a grant that shrank in a reset can still be deleted
 * @mqes: CAP.MQES + 1, the largest queue size the controller supports
 * @timeouts: admin commands completed by the module after a timeout
 * @resets: controller resets done by the module since probe
 * @cap: the CAP register as read at probe
 * @bar_size: size in bytes of each BAR (0 when unused)
 * @db_offset: offset in BAR0 of the first doorbell (0x1000)
 * @dma_bytes: DMA memory user space makes the module hold for the
 *	controller now: buffers, queue memory, commands' bounce and PRP pages,
 *	and what timed-out commands and closed files left for the controller
 *	to release; at most @dma_limit
 * @file_dma_bytes: the part of it this file holds; at most @file_dma_limit
 *	(an allocation beyond either limit fails with -ENOMEM)
 * @dma_limit: module parameter dma_limit_mb, in bytes
 * @file_dma_limit: module parameter file_dma_limit_mb, in bytes
 * @db_size: bytes of BAR0 from @db_offset mappable as the doorbell page(s):
 *	the doorbells of every queue id up to the grant at probe, and never the MSI-X
 *	table or PBA when they share BAR0
 * @rsvd: reserved, zero
 */
struct nvmetest_info {
	__u32 abi_version;
	__u32 flags;
	__u32 domain;
	__u32 bus;
	__u32 devfn;
	__u32 instance;
	__u32 vendor_id;
	__u32 device_id;
	__u32 subsystem_vendor_id;
	__u32 subsystem_device_id;
	__u32 class_code;
	__u32 revision;
	__u32 irq_kind;
	__u32 nr_vectors;
	__u32 db_stride;
	__u32 cfg_size;
	__u32 max_qid;
	__u32 mqes;
	__u32 timeouts;
	__u32 resets;
	__u64 cap;
	__u64 bar_size[6];
	__u64 db_offset;
	__u64 db_size;
	__u64 dma_bytes;
	__u64 file_dma_bytes;
	__u64 dma_limit;
	__u64 file_dma_limit;
	__u64 rsvd[4];
};

/**
 * struct nvmetest_reg - one BAR0 register access
 * @offset: byte offset in BAR0, a multiple of @width
 * @width: 4 or 8
 * @rsvd: reserved, zero
 * @value: value read (out) or to write (in)
 *
 * A write into the MSI-X table or PBA (when they lie in BAR0) is refused
 * with -EPERM: they route the kernel's interrupts, and an MSI message is a
 * DMA write to the address in the table. So is a write that sets CC.EN
 * while the controller is disabled: the admin queue is the module's, and a
 * controller enabled behind its back would run the queue's old entries
 * again; NVMETEST_IOC_RESET enables it (disabling it by hand, shutdown
 * notification and NSSR are writes like any other). While the function is
 * out of D0 (NVMETEST_IOC_CFG_WRITE to PMCSR) every access fails with -EIO.
 */
struct nvmetest_reg {
	__u32 offset;
	__u32 width;
	__u64 rsvd;
	__u64 value;
};

/**
 * struct nvmetest_cfg - one PCI configuration space access
 * @offset: byte offset, a multiple of @width, below nvmetest_info.cfg_size
 * @width: 1, 2 or 4
 * @value: value read (out) or to write (in)
 * @rsvd: reserved, zero
 *
 * Writes that would take the function from under the kernel while the
 * module has its BAR mapped and its interrupts and DMA set up are refused
 * with -EPERM, nothing written: any byte of a BAR or the expansion ROM
 * BAR; a Command register change of Memory Space, Bus Master or INTx
 * Disable; any byte of the MSI or MSI-X capability; Device Control with
 * Initiate FLR (use NVMETEST_IOC_PCI_RESET); any byte of the SR-IOV,
 * Resizable BAR, ATS, PRI or PASID extended capability. A change of
 * PMCSR's PowerState goes through the PCI core (its delays, and the
 * configuration restored when D3hot reset the function); out of D0 the
 * doorbell mappings are revoked (SIGBUS), register ioctls fail with -EIO
 * and admin commands with -EBUSY; back in D0 they work again, after
 * NVMETEST_IOC_RESET when the function lost its state (PMCSR
 * No_Soft_Reset clear).
 */
struct nvmetest_cfg {
	__u32 offset;
	__u32 width;
	__u32 value;
	__u32 rsvd;
};

/* nvmetest_admin_cmd.flags (in) */
#define NVMETEST_ADMIN_DATA_TO_DEV	(1u << 0)	/* host-to-controller data */
#define NVMETEST_ADMIN_DATA_FROM_DEV	(1u << 1)	/* controller-to-host data */
#define NVMETEST_ADMIN_USE_BUF		(1u << 2)	/* data from/to a DMA buffer */
#define NVMETEST_ADMIN_RAW_DPTR		(1u << 3)	/* send the SQE's pointers as given */
#define NVMETEST_ADMIN_NO_TIMEOUT	(1u << 4)	/* wait as long as it takes */
#define NVMETEST_ADMIN_FLAGS_IN		0x1fu

/* nvmetest_admin_cmd.result (out) */
#define NVMETEST_RESULT_TIMED_OUT	(1u << 0)	/* CQE is all-ones, made by the module */
#define NVMETEST_RESULT_ABORTED		(1u << 1)	/* reset or removal ended it; CQE all-ones */
#define NVMETEST_RESULT_NOT_COPIED	(1u << 2)	/* reaped by another process: data not copied */

/**
 * struct nvmetest_admin_cmd - raw admin command passthrough
 * @sqe: the 64-byte submission queue entry, sent as given except the
 *	command identifier (CDW0 bits 31:16), which the module assigns, and,
 *	unless NVMETEST_ADMIN_RAW_DPTR is set, the pointers: PRP1/PRP2 (PSDT
 *	cleared) lead into the module's own memory only and the metadata
 *	pointer (CDW4-5) is zero (see below)
 * @flags: NVMETEST_ADMIN_* (in)
 * @timeout_ms: time to wait for the completion, by CLOCK_MONOTONIC (the
 *	module never gives up before it; a loaded machine may give up later);
 *	0 means the module's default (module parameter admin_timeout_ms,
 *	10000); ignored with NVMETEST_ADMIN_NO_TIMEOUT (for an Asynchronous
 *	Event Request, say)
 * @data: user pointer to @data_len bytes (no NVMETEST_ADMIN_USE_BUF);
 *	copied in before submission (DATA_TO_DEV) or out after (DATA_FROM_DEV)
 * @data_len: transfer length, at most NVMETEST_ADMIN_MAX_DATA, not
 *	4097..4100 (see below); non-zero needs exactly one of DATA_TO_DEV and
 *	DATA_FROM_DEV; RAW_DPTR needs 0
 * @buf_handle: DMA buffer handle (NVMETEST_ADMIN_USE_BUF)
 * @buf_offset: byte offset of the data in that buffer, a multiple of 4
 * @result: NVMETEST_RESULT_* (out): TIMED_OUT when the module gave up
 *	waiting (the command stays outstanding in the controller until it
 *	completes or a reset; the admin queue remains usable), ABORTED when a
 *	reset ended it, NOT_COPIED when a process other than the submitter's
 *	reaped it (the CQE is valid; its DATA_FROM_DEV data went nowhere)
 * @cid: command identifier the module used (out): the admin slot in its
 *	low 6 bits, a generation above them
 * @rsvd0: reserved, zero
 * @cqe: the 16-byte completion queue entry as the controller wrote it (out)
 * @latency_ns: submission to completion (out)
 * @tag: the caller's, returned as given (for NVMETEST_IOC_ADMIN_SUBMIT)
 * @rsvd: reserved, zero
 *
 * Without RAW_DPTR no bus address of the caller's reaches the controller,
 * whatever the command says it transfers: the data is copied through the
 * module's bounce memory (from and to @data, or the DMA buffer with
 * USE_BUF: the controller never reads or writes a page the caller can
 * write), and the PRPs are built so that a controller moving more than
 * @data_len moves the excess into (or out of) a sink page of the module's,
 * never a PRP list the caller wrote. A command without data gets such
 * pointers too. For that, a transfer longer than one page and at most two
 * starts at an offset into its first bounce page (so PRP1 has an offset and
 * PRP2 is a list); 4097..4100 bytes cannot be placed so (-EINVAL). Commands
 * whose pointers the controller keeps using after they complete (Create
 * I/O SQ and CQ, Doorbell Buffer Config, Controller Data Queue, Set Features
 * Host Memory Buffer enabling it) need RAW_DPTR (-EPERM). With RAW_DPTR the
 * SQE goes as given: its pointers are bus addresses of the caller's
 * choosing, and the controller reaches whatever they name (without an
 * IOMMU, any memory of the machine). Vendor-specific commands may carry
 * addresses in their own dwords; the module cannot know.
 *
 * NVMETEST_IOC_ADMIN_CMD sends the command and waits for it.
 * NVMETEST_IOC_ADMIN_SUBMIT sends it and returns at once with @cid set;
 * NVMETEST_IOC_ADMIN_REAP later returns it completed (with its data copied
 * to @data by then), timed out or aborted. The memory at @data must stay
 * valid until then. A file holds at most NVMETEST_ASYNC_MAX asynchronous
 * commands, in flight or finished and not reaped yet (-EAGAIN beyond).
 * @data is an address in the submitting process: a file shared with
 * another process (fork, SCM_RIGHTS) that reaps the command there gets it
 * with NVMETEST_RESULT_NOT_COPIED, and the data is dropped. Closing the
 * file abandons its commands: the module keeps their memory until the
 * controller is done.
 */
struct nvmetest_admin_cmd {
	__u32 sqe[16];
	__u32 flags;
	__u32 timeout_ms;
	__u64 data;
	__u32 data_len;
	__u32 buf_handle;
	__u32 buf_offset;
	__u32 result;
	__u32 cid;
	__u32 rsvd0;
	__u32 cqe[4];
	__u64 latency_ns;
	__u64 tag;
	__u64 rsvd[3];
};

/* Asynchronous admin commands one file may hold (in flight or unreaped). */
#define NVMETEST_ASYNC_MAX		32

/**
 * struct nvmetest_admin_reap - collect completed asynchronous admin commands
 * @cmds: user pointer to an array of struct nvmetest_admin_cmd, filled
 *	with the finished commands in completion order
 * @count: capacity of @cmds (in); commands returned (out)
 * @timeout_ms: how long to wait for the first one; 0 returns at once
 * @pending: the file's asynchronous commands still in flight (out)
 * @rsvd: reserved, zero
 *
 * A command returned is consumed. poll() on the file reports EPOLLIN while
 * finished commands wait to be reaped.
 */
struct nvmetest_admin_reap {
	__u64 cmds;
	__u32 count;
	__u32 timeout_ms;
	__u32 pending;
	__u32 rsvd[3];
};

/**
 * struct nvmetest_buf - a DMA buffer
 * @size: bytes, at most NVMETEST_BUF_MAX_SIZE (in on alloc; out: rounded
 *	up to whole pages)
 * @handle: handle (out on alloc, in on free)
 * @flags: reserved for future use, zero (alloc and free)
 * @dma_addr: the bus address the device uses to reach the buffer (out);
 *	the buffer is physically contiguous
 * @mmap_offset: pass to mmap() to map the buffer (out); never
 *	NVMETEST_MMAP_DOORBELLS
 * @rsvd: reserved, zero
 *
 * A buffer is zero-filled, belongs to the file that allocated it and is
 * freed with it. BUF_FREE reads only @handle, @flags and @rsvd.
 */
struct nvmetest_buf {
	__u64 size;
	__u32 handle;
	__u32 flags;
	__u64 dma_addr;
	__u64 mmap_offset;
	__u64 rsvd[4];
};

/* nvmetest_queue.flags (in) */
#define NVMETEST_QUEUE_IRQ		(1u << 0)	/* CQ: interrupts enabled (IEN) */
#define NVMETEST_QUEUE_FLAGS_IN		0x1u

/**
 * struct nvmetest_queue - create or delete an I/O submission or completion queue
 * @qid: queue id, 1..nvmetest_info.max_qid (to create; to delete, any
 *	queue id the file created)
 * @size: entries, 2..65536 (the controller may refuse above CAP.MQES + 1)
 * @cqid: for an SQ, the completion queue it posts to
 * @vector: for a CQ, interrupt vector (with NVMETEST_QUEUE_IRQ), below
 *	nvmetest_info.nr_vectors (vector 0, shared with the admin queue, is
 *	allowed); without NVMETEST_QUEUE_IRQ it must be 0 or NVMETEST_NO_VECTOR
 * @prio: for an SQ, queue priority QPRIO (0 urgent .. 3 low), passed through
 * @flags: NVMETEST_QUEUE_* (in)
 * @status: status field of the Create/Delete command's completion without
 *	the phase tag, i.e. CQE DW3 bits 31:17 shifted down: SC in bits 7:0,
 *	SCT in 10:8, CRD in 12:11, More in 13, DNR in 14; non-zero means the
 *	controller refused and nothing was created or deleted (out)
 * @entry_size: bytes per entry, 64 for an SQ and 16 for a CQ (out)
 * @mmap_offset: pass to mmap() to map the queue memory (out, create);
 *	never NVMETEST_MMAP_DOORBELLS
 * @mmap_size: bytes to map (out, create)
 * @dma_addr: bus address of the queue memory (out, create)
 * @db_offset: offset of this queue's doorbell from the start of the
 *	doorbell mapping (out, create)
 * @rsvd: reserved, zero
 *
 * Deletion reads only @qid and @rsvd; a queue can be deleted only through
 * the file that created it (else -ENOENT). After a reset, queues the
 * controller forgot stay mapped until deleted; deleting them sends no
 * command. A queue whose file closes is deleted; when the controller
 * refuses or no command can be sent, its memory stays until the next reset.
 * -EINVAL for a qid outside 1..max_qid (0 included), a size outside
 * 2..65536, a @prio above 3, unknown flags; -ENOENT for an SQ whose CQ
 * does not exist; -EEXIST for a qid in use.
 */
struct nvmetest_queue {
	__u32 qid;
	__u32 size;
	__u32 cqid;
	__u32 vector;
	__u32 prio;
	__u32 flags;
	__u32 status;
	__u32 entry_size;
	__u64 mmap_offset;
	__u64 mmap_size;
	__u64 dma_addr;
	__u64 db_offset;
	__u64 rsvd[4];
};

/**
 * struct nvmetest_irq - per-vector interrupt state and control
 * @vector: vector index, below nvmetest_info.nr_vectors
 * @masked: 1 when masked (out of NVMETEST_IOC_IRQ_GET)
 * @count: interrupts received on the vector since probe or the last clear
 *	(out of NVMETEST_IOC_IRQ_GET)
 * @eventfd: for NVMETEST_IOC_IRQ_EVENTFD, an eventfd signalled on each
 *	interrupt of the vector, or -1 to detach (-EBADF for a closed
 *	descriptor, -EINVAL for one that is not an eventfd); ignored by IRQ_GET and must
 *	be 0 for IRQ_CLEAR, IRQ_MASK and IRQ_UNMASK
 * @rsvd: reserved, zero
 *
 * Masking a vector holds off its interrupts; one that arrives while masked
 * is delivered (and counted) when the vector is unmasked.
 *
 * INTx (one vector, on a line other devices may share) is level
 * triggered: the module counts an interrupt only when this function drives
 * the line, holds it off at the function (never at the line) until the
 * function stops asserting it, and while a completion queue stays
 * unconsumed it is raised (and counted) once, not again and again; the
 * eventfd is signalled again every jiffy meanwhile, so a program waiting on
 * it does not miss a completion that came before it consumed the queue.
 * Masking and unmasking set and clear INTx Disable at the function.
 */
struct nvmetest_irq {
	__u32 vector;
	__u32 masked;
	__u64 count;
	__s32 eventfd;
	__u32 rsvd[3];
};

/* nvmetest_cmdlog_entry.flags */
#define NVMETEST_CMDLOG_DONE		(1u << 0)	/* completion recorded (also late, after TIMED_OUT) */
#define NVMETEST_CMDLOG_TIMED_OUT	(1u << 1)
#define NVMETEST_CMDLOG_ABORTED		(1u << 2)

/**
 * struct nvmetest_cmdlog_entry - one command and its completion
 * @sqe: the SQE as submitted (with the module's CID and data pointer)
 * @cqe: the CQE (valid with NVMETEST_CMDLOG_DONE)
 * @submit_ns: CLOCK_MONOTONIC time of the doorbell write
 * @complete_ns: CLOCK_MONOTONIC time the completion was seen, or the module
 *	timed the command out or aborted it; 0 while in flight
 * @seq: sequence number of the command since probe, from 1
 * @flags: NVMETEST_CMDLOG_*
 * @rsvd: reserved, zero
 *
 * The admin command log is the module's; an I/O queue's (struct
 * nvmetest_qstats) is kept the same way by the queue's user, who times
 * commands out and numbers them from 1 since the region was set up.
 */
struct nvmetest_cmdlog_entry {
	__u32 sqe[16];
	__u32 cqe[4];
	__u64 submit_ns;
	__u64 complete_ns;
	__u64 seq;
	__u32 flags;
	__u32 rsvd;
};

/**
 * struct nvmetest_cmdlog - read the admin command log
 * @entries: user pointer to an array of struct nvmetest_cmdlog_entry
 * @count: capacity of @entries (in, values above NVMETEST_CMDLOG_ENTRIES
 *	are clamped); entries written (out, never more than asked), oldest
 *	first, the most recent commands
 * @rsvd: reserved, zero
 */
struct nvmetest_cmdlog {
	__u64 entries;
	__u32 count;
	__u32 rsvd[3];
};

/* nvmetest_pci_reset.method */
#define NVMETEST_PCI_RESET_FLR		1	/* the PCI core's function reset: FLR */
#define NVMETEST_PCI_RESET_BUS		2	/* hot reset: the parent bridge's secondary bus */

/**
 * struct nvmetest_pci_reset - reset the PCI function and bring it back
 * @method: NVMETEST_PCI_RESET_*
 * @rsvd: reserved, zero
 *
 * The reset goes through the PCI core (pci_try_reset_function(), which
 * does an FLR on a function that has one unless the platform has a
 * device-specific method, or pci_reset_bus()); the core saves and
 * restores the configuration space. Around it the module stops the
 * controller (commands in flight end as aborted, I/O queues become orphans
 * as in a controller reset), revokes the doorbell mappings (a touch during
 * the reset gets SIGBUS; after it they map again) and enables the
 * controller again. The same happens for any reset of the function the
 * module hears of from the core, such as a write to its sysfs reset
 * attribute. -ENOTTY when the function cannot do the method (no FLR
 * capability; for a bus reset, a function not alone on a bus below a
 * bridge), -EAGAIN when the device is locked (another reset, removal),
 * -EIO when the controller did not come back.
 */
struct nvmetest_pci_reset {
	__u32 method;
	__u32 rsvd[3];
};

/* struct nvmetest_qstats.magic and .version (the module takes 1 and 2) */
#define NVMETEST_QSTATS_MAGIC		0x5154534eu	/* "NSTQ" in memory on little endian */
#define NVMETEST_QSTATS_VERSION		2
/* Most command log entries of a queue's region. */
#define NVMETEST_QSTATS_MAX_ENTRIES	65536u

/**
 * struct nvmetest_qstats - statistics and command log of an I/O SQ, kept by
 * user space in one of its DMA buffers and readable by the module
 * @magic: NVMETEST_QSTATS_MAGIC
 * @version: NVMETEST_QSTATS_VERSION
 * @entries: struct nvmetest_cmdlog_entry slots following this header,
 *	1..NVMETEST_QSTATS_MAX_ENTRIES; read by the module at registration
 * @outstanding: commands submitted and not yet ended
 * @next_seq: sequence number the next command will get; commands are
 *	numbered from 1 (so this is 1 before the first) and the entry of
 *	command s is slot s % @entries; its nvmetest_cmdlog_entry.seq is s
 * @submitted: commands submitted
 * @completed: commands ended (completion reaped, timed out or aborted by a
 *	reset), each counted once: @outstanding is @submitted - @completed
 * @read_cmds: Read commands (opcode 0x02) submitted
 * @write_cmds: Write commands (opcode 0x01) submitted
 * @read_bytes: bytes those Reads transfer
 * @write_bytes: bytes those Writes transfer
 * @latency_ns: version 2: nanoseconds from submission to end, summed over
 *	the commands counted in @completed, so that the mean latency over an
 *	interval is its change divided by @completed's (version 1 regions
 *	have none: reserved, zero)
 * @rsvd: reserved, zero
 *
 * The owner updates the region with plain stores as it submits and reaps;
 * the module only reads it, so what it reports is a snapshot that may be
 * one command behind. An entry whose seq is not the one its slot should
 * hold (being overwritten) is left out of a command log the module returns.
 */
struct nvmetest_qstats {
	__u32 magic;
	__u32 version;
	__u32 entries;
	__u32 outstanding;
	__u64 next_seq;
	__u64 submitted;
	__u64 completed;
	__u64 read_cmds;
	__u64 write_cmds;
	__u64 read_bytes;
	__u64 write_bytes;
	__u64 latency_ns;
	__u64 rsvd[6];
};

/**
 * struct nvmetest_queue_stats - where an I/O SQ's statistics region lives
 * @qid: the SQ, created through this file
 * @buf_handle: a DMA buffer of this file holding the region at @buf_offset,
 *	a struct nvmetest_qstats (magic, version and entries filled in)
 *	followed by its entries; 0 drops the SQ's registration (then
 *	@buf_offset must be 0)
 * @buf_offset: byte offset of the region in the buffer, a multiple of 8
 * @flags: reserved for future use, zero
 * @rsvd: reserved, zero
 *
 * NVMETEST_IOC_QUEUE_STATS registers the region, replacing an earlier
 * registration of the SQ, so that the generic netlink family (below) can
 * report the queue's counters and command log to any process. The
 * registration ends with the SQ (deleted, its file closed) or the buffer
 * (freed). The module reads the header's magic, version and entries once,
 * here; later it only reads the region. -EINVAL for a @qid outside
 * 1..(the grant at probe), a region that does not fit in the buffer, a bad
 * header, a misaligned offset, flags or rsvd; -ENOENT for a @qid that is
 * not an SQ of this file or a handle that is not a buffer of this file.
 */
struct nvmetest_queue_stats {
	__u32 qid;
	__u32 buf_handle;
	__u32 buf_offset;
	__u32 flags;
	__u64 rsvd[2];
};

/*
 * Generic netlink: the family NVMETEST_GENL_NAME reports the queues,
 * I/O statistics and command logs of bound controllers, and multicasts
 * events to the group NVMETEST_GENL_MCGRP_EVENTS. Every request carries
 * NVMETEST_NL_A_INSTANCE (N of /dev/nvmetestN) and needs CAP_NET_ADMIN in
 * the initial user namespace, as does joining the group; a kernel whose
 * generic netlink cannot check that for a group (before
 * GENL_MCAST_CAP_NET_ADMIN) gets no events group. Errors come back as
 * netlink errors: -ENODEV for an unknown instance, -EINVAL for a qid above
 * the grant at probe, -ENOENT for a queue that does not exist or has no
 * statistics region. Only the initial network namespace sees the family.
 */
#define NVMETEST_GENL_NAME		"nvmetest"
#define NVMETEST_GENL_VERSION		1
#define NVMETEST_GENL_MCGRP_EVENTS	"events"

/**
 * enum nvmetest_nl_cmd - generic netlink commands
 * @NVMETEST_NL_CMD_UNSPEC: unused
 * @NVMETEST_NL_CMD_LIST_QPAIRS: dump (NLM_F_DUMP) the controller's I/O SQs,
 *	one message per SQ: NVMETEST_NL_A_QID, _CQID, _QSIZE, _QFLAGS, _PID,
 *	_COMM and, with NVMETEST_NL_QPAIR_STATS, _OUTSTANDING, _SUBMITTED,
 *	_COMPLETED, _READ_CMDS, _WRITE_CMDS, _READ_BYTES, _WRITE_BYTES, and
 *	with NVMETEST_NL_QPAIR_LATENCY, _LATENCY_NS
 * @NVMETEST_NL_CMD_IOSTAT: the counters of SQ NVMETEST_NL_A_QID, or without
 *	it the sums over every SQ with a statistics region; the reply holds
 *	NVMETEST_NL_A_QID (when asked), _QUEUES (SQs summed), _OUTSTANDING,
 *	_SUBMITTED, _COMPLETED, _READ_CMDS, _WRITE_CMDS, _READ_BYTES and
 *	_WRITE_BYTES
 * @NVMETEST_NL_CMD_CMDLOG: dump the last NVMETEST_NL_A_COUNT (default and
 *	most: the whole ring) command log entries of queue NVMETEST_NL_A_QID
 *	(0: the admin queue, the module's own ring), oldest first, as
 *	NVMETEST_NL_A_CMDLOG_ENTRY attributes after an NVMETEST_NL_A_QID in
 *	each message
 * @NVMETEST_NL_CMD_EVENT: an event, multicast (not a request):
 *	NVMETEST_NL_A_EVENT_TYPE, _INSTANCE, _BDF, _TIMESTAMP_NS and what the
 *	type carries (see enum nvmetest_nl_event)
 * @__NVMETEST_NL_CMD_MAX: one past the last command
 */
enum nvmetest_nl_cmd {
	NVMETEST_NL_CMD_UNSPEC,
	NVMETEST_NL_CMD_LIST_QPAIRS,
	NVMETEST_NL_CMD_IOSTAT,
	NVMETEST_NL_CMD_CMDLOG,
	NVMETEST_NL_CMD_EVENT,
	__NVMETEST_NL_CMD_MAX,
};

#define NVMETEST_NL_CMD_MAX		(__NVMETEST_NL_CMD_MAX - 1)

/**
 * enum nvmetest_nl_attr - generic netlink attributes
 * @NVMETEST_NL_A_UNSPEC: unused
 * @NVMETEST_NL_A_PAD: padding that aligns the 64-bit attributes
 * @NVMETEST_NL_A_INSTANCE: u32, N of /dev/nvmetestN
 * @NVMETEST_NL_A_QID: u32, queue id
 * @NVMETEST_NL_A_COUNT: u32, command log entries wanted (request)
 * @NVMETEST_NL_A_CQID: u32, the CQ an SQ posts to
 * @NVMETEST_NL_A_QSIZE: u32, queue entries
 * @NVMETEST_NL_A_QFLAGS: u32, NVMETEST_NL_QPAIR_* bits
 * @NVMETEST_NL_A_QUEUES: u32, SQs whose counters a reply sums
 * @NVMETEST_NL_A_OUTSTANDING: u32, commands in flight
 * @NVMETEST_NL_A_SUBMITTED: u64, commands submitted
 * @NVMETEST_NL_A_COMPLETED: u64, commands ended
 * @NVMETEST_NL_A_READ_CMDS: u64, Read commands submitted
 * @NVMETEST_NL_A_WRITE_CMDS: u64, Write commands submitted
 * @NVMETEST_NL_A_READ_BYTES: u64, bytes of those Reads
 * @NVMETEST_NL_A_WRITE_BYTES: u64, bytes of those Writes
 * @NVMETEST_NL_A_CMDLOG_ENTRY: binary, one struct nvmetest_cmdlog_entry
 * @NVMETEST_NL_A_EVENT_TYPE: u32, enum nvmetest_nl_event
 * @NVMETEST_NL_A_EVENT_CQE: binary, the 16-byte completion (u32 words)
 * @NVMETEST_NL_A_EVENT_SQE: binary, the 64-byte command (u32 words)
 * @NVMETEST_NL_A_BDF: string, the PCI address, "0000:01:00.0"
 * @NVMETEST_NL_A_CSTS: u32, the CSTS register
 * @NVMETEST_NL_A_TIMESTAMP_NS: u64, CLOCK_MONOTONIC time of the event
 * @NVMETEST_NL_A_PID: u32, the process that created an SQ, as the
 *	requester's PID namespace numbers it (0 when it is not seen there)
 * @NVMETEST_NL_A_COMM: string, that process's command name at the time
 * @NVMETEST_NL_A_LATENCY_NS: u64, struct nvmetest_qstats.latency_ns
 * @__NVMETEST_NL_A_MAX: one past the last attribute
 */
enum nvmetest_nl_attr {
	NVMETEST_NL_A_UNSPEC,
	NVMETEST_NL_A_PAD,
	NVMETEST_NL_A_INSTANCE,
	NVMETEST_NL_A_QID,
	NVMETEST_NL_A_COUNT,
	NVMETEST_NL_A_CQID,
	NVMETEST_NL_A_QSIZE,
	NVMETEST_NL_A_QFLAGS,
	NVMETEST_NL_A_QUEUES,
	NVMETEST_NL_A_OUTSTANDING,
	NVMETEST_NL_A_SUBMITTED,
	NVMETEST_NL_A_COMPLETED,
	NVMETEST_NL_A_READ_CMDS,
	NVMETEST_NL_A_WRITE_CMDS,
	NVMETEST_NL_A_READ_BYTES,
	NVMETEST_NL_A_WRITE_BYTES,
	NVMETEST_NL_A_CMDLOG_ENTRY,
	NVMETEST_NL_A_EVENT_TYPE,
	NVMETEST_NL_A_EVENT_CQE,
	NVMETEST_NL_A_EVENT_SQE,
	NVMETEST_NL_A_BDF,
	NVMETEST_NL_A_CSTS,
	NVMETEST_NL_A_TIMESTAMP_NS,
	NVMETEST_NL_A_PID,
	NVMETEST_NL_A_COMM,
	NVMETEST_NL_A_LATENCY_NS,
	__NVMETEST_NL_A_MAX,
};

#define NVMETEST_NL_A_MAX		(__NVMETEST_NL_A_MAX - 1)

/* NVMETEST_NL_A_QFLAGS */
#define NVMETEST_NL_QPAIR_STATS		(1u << 0)	/* a statistics region is registered */
#define NVMETEST_NL_QPAIR_ORPHAN	(1u << 1)	/* the controller lost it in a reset */
#define NVMETEST_NL_QPAIR_LATENCY	(1u << 2)	/* the region sums latencies (version 2) */

/* Bytes of NVMETEST_NL_A_COMM at most, NUL included (the kernel's TASK_COMM_LEN). */
#define NVMETEST_NL_COMM_LEN		16

/**
 * enum nvmetest_nl_event - NVMETEST_NL_A_EVENT_TYPE
 * @NVMETEST_NL_EVENT_AER_COMPLETED: the controller completed an
 *	Asynchronous Event Request (also one the module had timed out):
 *	NVMETEST_NL_A_EVENT_CQE
 * @NVMETEST_NL_EVENT_TIMED_OUT: the module timed out an admin command:
 *	NVMETEST_NL_A_QID (0) and NVMETEST_NL_A_EVENT_SQE
 * @NVMETEST_NL_EVENT_CTRL_FATAL: CSTS.CFS was set when a command timed
 *	out: NVMETEST_NL_A_CSTS
 * @NVMETEST_NL_EVENT_DEVICE_REMOVED: the controller is going away (unbind,
 *	hot unplug, module unload); its instance may be reused after
 */
enum nvmetest_nl_event {
	NVMETEST_NL_EVENT_AER_COMPLETED = 1,
	NVMETEST_NL_EVENT_TIMED_OUT = 2,
	NVMETEST_NL_EVENT_CTRL_FATAL = 3,
	NVMETEST_NL_EVENT_DEVICE_REMOVED = 4,
};

#define NVMETEST_IOC_MAGIC		0xE7

#define NVMETEST_IOC_INFO		_IOR(NVMETEST_IOC_MAGIC, 0x00, struct nvmetest_info)
#define NVMETEST_IOC_REG_READ		_IOWR(NVMETEST_IOC_MAGIC, 0x01, struct nvmetest_reg)
#define NVMETEST_IOC_REG_WRITE		_IOW(NVMETEST_IOC_MAGIC, 0x02, struct nvmetest_reg)
#define NVMETEST_IOC_CFG_READ		_IOWR(NVMETEST_IOC_MAGIC, 0x03, struct nvmetest_cfg)
#define NVMETEST_IOC_CFG_WRITE		_IOW(NVMETEST_IOC_MAGIC, 0x04, struct nvmetest_cfg)
#define NVMETEST_IOC_ADMIN_CMD		_IOWR(NVMETEST_IOC_MAGIC, 0x05, struct nvmetest_admin_cmd)
#define NVMETEST_IOC_BUF_ALLOC		_IOWR(NVMETEST_IOC_MAGIC, 0x06, struct nvmetest_buf)
#define NVMETEST_IOC_BUF_FREE		_IOW(NVMETEST_IOC_MAGIC, 0x07, struct nvmetest_buf)
#define NVMETEST_IOC_CREATE_CQ		_IOWR(NVMETEST_IOC_MAGIC, 0x08, struct nvmetest_queue)
#define NVMETEST_IOC_CREATE_SQ		_IOWR(NVMETEST_IOC_MAGIC, 0x09, struct nvmetest_queue)
#define NVMETEST_IOC_DELETE_SQ		_IOWR(NVMETEST_IOC_MAGIC, 0x0a, struct nvmetest_queue)
#define NVMETEST_IOC_DELETE_CQ		_IOWR(NVMETEST_IOC_MAGIC, 0x0b, struct nvmetest_queue)
#define NVMETEST_IOC_IRQ_GET		_IOWR(NVMETEST_IOC_MAGIC, 0x0c, struct nvmetest_irq)
#define NVMETEST_IOC_IRQ_CLEAR		_IOW(NVMETEST_IOC_MAGIC, 0x0d, struct nvmetest_irq)
#define NVMETEST_IOC_IRQ_MASK		_IOW(NVMETEST_IOC_MAGIC, 0x0e, struct nvmetest_irq)
#define NVMETEST_IOC_IRQ_UNMASK		_IOW(NVMETEST_IOC_MAGIC, 0x0f, struct nvmetest_irq)
#define NVMETEST_IOC_IRQ_EVENTFD	_IOW(NVMETEST_IOC_MAGIC, 0x10, struct nvmetest_irq)
#define NVMETEST_IOC_RESET		_IO(NVMETEST_IOC_MAGIC, 0x11)
#define NVMETEST_IOC_CMDLOG		_IOWR(NVMETEST_IOC_MAGIC, 0x12, struct nvmetest_cmdlog)
#define NVMETEST_IOC_ADMIN_SUBMIT	_IOWR(NVMETEST_IOC_MAGIC, 0x13, struct nvmetest_admin_cmd)
#define NVMETEST_IOC_ADMIN_REAP		_IOWR(NVMETEST_IOC_MAGIC, 0x14, struct nvmetest_admin_reap)
#define NVMETEST_IOC_PCI_RESET		_IOW(NVMETEST_IOC_MAGIC, 0x15, struct nvmetest_pci_reset)
#define NVMETEST_IOC_QUEUE_STATS	_IOW(NVMETEST_IOC_MAGIC, 0x16, struct nvmetest_queue_stats)

/*
 * mmap offsets: NVMETEST_MMAP_DOORBELLS maps nvmetest_info.db_size bytes of
 * doorbells, uncached (the admin queue's among them: a write to those makes
 * the controller run entries the module has neutralised, nothing more);
 * buffers and queues use the mmap_offset the module returned for them. Each
 * object is mapped from its start, whole or in part.
 */
#define NVMETEST_MMAP_DOORBELLS		0ull

/*
 * Sizes pinned on both sides: the kernel checks them with BUILD_BUG_ON,
 * user space with static_assert below.
 */
#define NVMETEST_SIZEOF_INFO		216
#define NVMETEST_SIZEOF_REG		24
#define NVMETEST_SIZEOF_CFG		16
#define NVMETEST_SIZEOF_ADMIN_CMD	160
#define NVMETEST_SIZEOF_BUF		64
#define NVMETEST_SIZEOF_QUEUE		96
#define NVMETEST_SIZEOF_IRQ		32
#define NVMETEST_SIZEOF_CMDLOG_ENTRY	112
#define NVMETEST_SIZEOF_CMDLOG		24
#define NVMETEST_SIZEOF_ADMIN_REAP	32
#define NVMETEST_SIZEOF_PCI_RESET	16
#define NVMETEST_SIZEOF_QSTATS		128
#define NVMETEST_SIZEOF_QUEUE_STATS	32

#if !defined(__KERNEL__) && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(struct nvmetest_info) == NVMETEST_SIZEOF_INFO, "nvmetest_info size");
_Static_assert(sizeof(struct nvmetest_reg) == NVMETEST_SIZEOF_REG, "nvmetest_reg size");
_Static_assert(sizeof(struct nvmetest_cfg) == NVMETEST_SIZEOF_CFG, "nvmetest_cfg size");
_Static_assert(sizeof(struct nvmetest_admin_cmd) == NVMETEST_SIZEOF_ADMIN_CMD, "admin_cmd size");
_Static_assert(sizeof(struct nvmetest_buf) == NVMETEST_SIZEOF_BUF, "nvmetest_buf size");
_Static_assert(sizeof(struct nvmetest_queue) == NVMETEST_SIZEOF_QUEUE, "nvmetest_queue size");
_Static_assert(sizeof(struct nvmetest_irq) == NVMETEST_SIZEOF_IRQ, "nvmetest_irq size");
_Static_assert(sizeof(struct nvmetest_cmdlog_entry) == NVMETEST_SIZEOF_CMDLOG_ENTRY,
	       "cmdlog_entry size");
_Static_assert(sizeof(struct nvmetest_cmdlog) == NVMETEST_SIZEOF_CMDLOG, "cmdlog size");
_Static_assert(sizeof(struct nvmetest_admin_reap) == NVMETEST_SIZEOF_ADMIN_REAP, "reap size");
_Static_assert(sizeof(struct nvmetest_pci_reset) == NVMETEST_SIZEOF_PCI_RESET, "pci_reset size");
_Static_assert(sizeof(struct nvmetest_qstats) == NVMETEST_SIZEOF_QSTATS, "qstats size");
_Static_assert(sizeof(struct nvmetest_queue_stats) == NVMETEST_SIZEOF_QUEUE_STATS,
	       "queue_stats size");
#endif

#endif /* _UAPI_NVMETEST_H */
