/* SPDX-License-Identifier: GPL-2.0 */
/*
 * core.h - nvmetest's private structures, shared by its source files.
 */
#ifndef NVMETEST_CORE_H
#define NVMETEST_CORE_H

#include <linux/cdev.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/eventfd.h>
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/nvme.h>
#include <linux/pci.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include <nvmetest.h>

#include "compat.h"

/*
 * The doorbells start 4 KiB into BAR0 and are mapped to user space from
 * there, apart from the registers: that needs 4 KiB pages.
 */
#if PAGE_SHIFT != 12
#error "nvmetest needs 4 KiB pages: BAR0's doorbells at 0x1000 must start a page"
#endif

#define NVMETEST_AQ_DEPTH	64
#define NVMETEST_AQ_SLOTS	(NVMETEST_AQ_DEPTH - 1)
#define NVMETEST_MAX_CTRLS	64
#define NVMETEST_MAX_QSIZE	65536u
/* Each mmap-able object owns a window of 4 MiB of mmap offsets. */
#define NVMETEST_OBJ_PGSHIFT	10
#define NVMETEST_OBJ_MAX_HANDLE	((1u << 20) - 1)

/*
 * The registers, fields, opcodes and command layouts are <linux/nvme.h>'s;
 * this one is newer than the kernels the module builds for (NVMe 2.1).
 */
#define NVMETEST_ADM_CTRL_DATA_QUEUE	0x45	/* Controller Data Queue */

struct nvmetest_file;

/**
 * struct nvmetest_dmamem - a coherent DMA allocation, contiguous on the bus
 * @cpu: kernel address, NULL when not allocated
 * @dma: bus address
 * @size: bytes, a multiple of PAGE_SIZE
 * @charged: counted in the controller's DMA memory (user space caused it)
 * @nf: the file it is also counted for, or NULL (the module's own, or
 *	memory that outlived its file's interest: a timed-out command's)
 */
struct nvmetest_dmamem {
	void *cpu;
	dma_addr_t dma;
	size_t size;
	bool charged;
	struct nvmetest_file *nf;
};

/* The DMA memory of a command the module sends for user space. */
enum nvmetest_acmd_mem {
	NVMETEST_ACMD_DATA,	/* the bounce pages */
	NVMETEST_ACMD_LIST,	/* the PRP list page */
	NVMETEST_ACMD_TAIL,	/* the PRP tail (prp.c) */
	NVMETEST_ACMD_MEMS,
};

enum nvmetest_obj_kind {
	NVMETEST_OBJ_BUF,
	NVMETEST_OBJ_SQ,
	NVMETEST_OBJ_CQ,
};

/**
 * struct nvmetest_obj - DMA memory a file can map: a buffer or queue memory
 * @kind: what it is
 * @handle: index in nvmetest_ctrl.objs, also its mmap window
 * @owner: the file that created it
 * @mem: the memory
 * @inflight: admin commands copying from or to it (under nvmetest_ctrl.lock)
 * @tainted: queue memory whose Create or Delete timed out: the device may
 *	still write to it until the controller is next disabled
 */
struct nvmetest_obj {
	enum nvmetest_obj_kind kind;
	u32 handle;
	struct nvmetest_file *owner;
	struct nvmetest_dmamem mem;
	unsigned int inflight;
	bool tainted;
};

/**
 * struct nvmetest_ioq - an I/O submission or completion queue
 * @obj: its memory (an object, so it can be mapped)
 * @qid: queue id
 * @size: entries
 * @cqid: SQ: the CQ it posts to
 * @vector: CQ: interrupt vector or NVMETEST_NO_VECTOR
 * @nr_sqs: CQ: SQs created on it
 * @orphan: the controller lost it in a reset; only its memory remains
 * @stats_obj: SQ: the buffer holding its struct nvmetest_qstats region, or
 *	NULL (NVMETEST_IOC_QUEUE_STATS; dropped before the buffer goes)
 * @stats_offset: SQ: offset of the region in @stats_obj
 * @stats_entries: SQ: command log entries of the region
 */
struct nvmetest_ioq {
	struct nvmetest_obj *obj;
	u16 qid;
	u32 size;
	u16 cqid;
	u32 vector;
	u32 nr_sqs;
	bool orphan;
	struct nvmetest_obj *stats_obj;
	u32 stats_offset;
	u32 stats_entries;
};

enum nvmetest_slot_state {
	NVMETEST_SLOT_FREE,
	NVMETEST_SLOT_INFLIGHT,	/* a waiter owns it and its DMA memory */
	NVMETEST_SLOT_DONE,	/* completed; the waiter will free it */
	NVMETEST_SLOT_ABORTED,	/* reset or removal; the waiter will free it */
	NVMETEST_SLOT_ORPHAN,	/* waiter gave up; memory kept until the device is done */
	NVMETEST_SLOT_RECLAIM,	/* orphan that completed late; memory can go */
};

/**
 * struct nvmetest_slot - one admin command in flight, indexed by CID
 * @state: enum nvmetest_slot_state
 * @opcode: the command's opcode
 * @done: signalled on completion or abort
 * @cqe: the completion, CPU order
 * @submit_ns: when the doorbell was written
 * @complete_ns: when the completion was seen
 * @log_seq: cmdlog sequence number of the command
 * @keep: DMA memory the device may still access after the waiter gave up
 * @async: the asynchronous command in the slot, or NULL for a waiter
 * @deadline: asynchronous: jiffies64 when it times out, 0 for never
 */
struct nvmetest_slot {
	enum nvmetest_slot_state state;
	u8 opcode;
	struct completion done;
	u32 cqe[4];
	u64 submit_ns;
	u64 complete_ns;
	u64 log_seq;
	struct nvmetest_dmamem keep[NVMETEST_ACMD_MEMS];
	struct nvmetest_async *async;
	u64 deadline;
};

/**
 * struct nvmetest_aq - the admin queue pair
 * @lock: protects everything below
 * @live: accepting commands (false during reset and after removal)
 * @sq: submission queue memory
 * @cq: completion queue memory
 * @sq_tail: next SQ slot
 * @cq_head: next CQ entry
 * @phase: expected phase tag
 * @slots: commands by CID
 * @nr_busy: slots not free
 * @nr_reclaim: slots in NVMETEST_SLOT_RECLAIM, free once their memory goes
 * @slot_wq: waiters for a free slot (or one to reclaim)
 * @sink: a zeroed page where every PRP the module builds ends up when a
 *	command moves more than it was given (prp.c); freed with the queue
 */
struct nvmetest_aq {
	spinlock_t lock;
	bool live;
	struct nvmetest_dmamem sq;
	struct nvmetest_dmamem cq;
	u16 sq_tail;
	u16 cq_head;
	u8 phase;
	struct nvmetest_slot slots[NVMETEST_AQ_SLOTS];
	unsigned int nr_busy;
	unsigned int nr_reclaim;
	wait_queue_head_t slot_wq;
	struct nvmetest_dmamem sink;
};

/**
 * struct nvmetest_cmdlog_ring - the admin command log
 * @entries: NVMETEST_CMDLOG_ENTRIES entries, indexed by seq modulo the size
 * @seq: sequence number of the last command logged
 */
struct nvmetest_cmdlog_ring {
	struct nvmetest_cmdlog_entry *entries;
	u64 seq;
};

/**
 * struct nvmetest_vector - one interrupt vector
 * @ctrl: owner
 * @index: vector number
 * @irq: Linux IRQ number
 * @requested: request_irq() succeeded
 * @masked: held off by user space (disable_irq(), or INTx Disable for INTx)
 * @count: interrupts seen
 * @trigger: eventfd to signal, RCU protected
 * @trigger_owner: file that attached @trigger
 */
struct nvmetest_vector {
	struct nvmetest_ctrl *ctrl;
	unsigned int index;
	int irq;
	bool requested;
	bool masked;
	atomic64_t count;
	struct eventfd_ctx __rcu *trigger;
	struct nvmetest_file *trigger_owner;
};

/**
 * struct nvmetest_ctrl - one bound controller
 * @dev: the class device of /dev/nvmetestN; its release frees this
 * @cdev: the character device
 * @pdev: the PCI function (a reference is held)
 * @instance: N of /dev/nvmetestN
 * @state_rwsem: held for read by every file operation but mmap (which
 *	takes @map_lock only: it runs under mmap_lock), for write by
 *	removal, so removal waits for operations in progress
 * @dead: the device was removed; everything but this struct is gone
 * @lock: serializes configuration: queues, reset, vectors
 * @map_lock: orders page faults against objects going away
 * @bar_off: BAR0 is not to be touched from user space (the function is out
 *	of D0): register ioctls fail, doorbell faults get SIGBUS; written
 *	under @map_lock
 * @live_before_d3: the admin queue was live when the function left D0
 *	(under @lock)
 * @msix_bar0: the MSI-X table and PBA where they lie in BAR0 (start and
 *	length in bytes; length 0 elsewhere): never written from user space
 * @iommu: an IOMMU translates the device's DMA (a DMA API domain)
 * @warned_no_iommu: bit 0: the first open without one was logged
 * @bar: BAR0 mapping
 * @bar_phys: BAR0 bus address, for the doorbell mapping
 * @bar_len: BAR0 size
 * @cap: CAP at probe
 * @db_stride: doorbell stride in bytes
 * @db_size: bytes of doorbells user space may map
 * @timeout_ms: CAP.TO in milliseconds
 * @max_qid: I/O queue ids 1..max_qid may be created: the last grant
 * @ioq_slots: I/O queue ids 1..ioq_slots may exist: @sqs and @cqs hold
 *	ioq_slots + 1 entries, the grant at probe; a later reset may grant
 *	fewer, and the queues above stay until deleted or closed
 * @nr_vectors: interrupt vectors allocated
 * @irq_kind: enum nvmetest_irq_kind
 * @vectors: @nr_vectors entries
 * @aq: the admin queue
 * @cmdlog: admin command log, protected by aq.lock
 * @timeouts: admin commands the module timed out
 * @resets: resets done
 * @reset_err: how the controller came back from the last PCI reset
 * @objs: mappable objects by handle
 * @next_handle: for cyclic handle allocation
 * @sqs: I/O SQs by qid (@ioq_slots + 1 entries), protected by @lock
 * @cqs: I/O CQs by qid
 * @zombies: objects the device may still write to, freed after disable
 * @files: open files, protected by @files_lock
 * @files_lock: protects @files
 * @dma_lock: protects @dma_bytes and every file's dma_bytes
 * @dma_bytes: DMA memory held for user space (dma_limit_mb bounds it)
 * @dead_wq: woken on removal, for poll()
 * @timeout_work: times out asynchronous admin commands
 * @intx_lock: orders unmasking INTx against user space masking it
 * @intx_work: unmasks INTx once the function stops asserting it
 */
struct nvmetest_ctrl {
	struct device dev;
	struct cdev cdev;
	struct pci_dev *pdev;
	int instance;

	struct rw_semaphore state_rwsem;
	bool dead;
	struct mutex lock;
	struct rw_semaphore map_lock;

	bool bar_off;
	bool live_before_d3;
	struct {
		u32 start;
		u32 len;
	} msix_bar0[2];
	bool iommu;
	unsigned long warned_no_iommu;
	void __iomem *bar;
	resource_size_t bar_phys;
	resource_size_t bar_len;
	u64 cap;
	u32 db_stride;
	u32 db_size;
	u32 timeout_ms;
	u32 max_qid;
	u32 ioq_slots;

	unsigned int nr_vectors;
	u32 irq_kind;
	struct nvmetest_vector *vectors;

	struct nvmetest_aq aq;
	struct nvmetest_cmdlog_ring cmdlog;
	u32 timeouts;
	u32 resets;
	int reset_err;

	struct xarray objs;
	u32 next_handle;
	struct nvmetest_ioq **sqs;
	struct nvmetest_ioq **cqs;
	struct list_head zombies;

	struct list_head files;
	struct mutex files_lock;
	spinlock_t dma_lock;
	u64 dma_bytes;
	wait_queue_head_t dead_wq;
	struct delayed_work timeout_work;
	spinlock_t intx_lock;
	struct delayed_work intx_work;
};

/**
 * struct nvmetest_file - an open /dev/nvmetestN
 * @ctrl: the controller (a reference is held)
 * @filp: the file
 * @node: in nvmetest_ctrl.files
 * @async_done: finished asynchronous commands, protected by aq.lock
 * @async_pending: asynchronous commands in flight, protected by aq.lock
 * @async_unreaped: commands on @async_done, protected by aq.lock
 * @async_wq: woken when one finishes, for reap and poll()
 * @dma_bytes: DMA memory held for this file (file_dma_limit_mb bounds it),
 *	under nvmetest_ctrl.dma_lock
 */
struct nvmetest_file {
	struct nvmetest_ctrl *ctrl;
	struct file *filp;
	struct list_head node;
	struct list_head async_done;
	unsigned int async_pending;
	unsigned int async_unreaped;
	wait_queue_head_t async_wq;
	u64 dma_bytes;
};

/**
 * struct nvmetest_acmd - an admin command the module sends
 * @cmd: the entry as the controller reads it (little-endian); CID and
 *	(unless raw) DPTR are filled in
 * @timeout_ms: how long to wait
 * @mem: DMA memory the command uses (enum nvmetest_acmd_mem); handed to
 *	the slot when the command times out, so the caller must not free
 *	entries that exec cleared
 * @cqe: the completion (out), all-ones unless the device completed it
 * @result: NVMETEST_RESULT_* (out)
 * @cid: the CID used (out)
 * @latency_ns: submission to completion (out)
 */
struct nvmetest_acmd {
	struct nvme_command cmd;
	u32 timeout_ms;
	struct nvmetest_dmamem mem[NVMETEST_ACMD_MEMS];
	u32 cqe[4];
	u32 result;
	u32 cid;
	u64 latency_ns;
};

/**
 * struct nvmetest_pt - a passthrough command from user space
 * @req: the user's request, returned with the completion
 * @ac: the command as the module sends it
 * @obj: the DMA buffer its data is copied from or to, pinned, or NULL
 * @data_off: where the data starts in ac.mem[NVMETEST_ACMD_DATA]
 */
struct nvmetest_pt {
	struct nvmetest_admin_cmd req;
	struct nvmetest_acmd ac;
	struct nvmetest_obj *obj;
	u32 data_off;
};

/**
 * struct nvmetest_async - an asynchronous passthrough command
 * @pt: the command
 * @nf: the file that submitted it
 * @mm: the submitting process's address space (mmgrab()ed), the only one
 *	its data may be copied to
 * @node: in nf->async_done once finished
 */
struct nvmetest_async {
	struct nvmetest_pt pt;
	struct nvmetest_file *nf;
	struct mm_struct *mm;
	struct list_head node;
};

/* main.c */
extern unsigned int nvmetest_admin_timeout_ms;

/* dmamem.c */
int nvmetest_dmamem_alloc(struct nvmetest_ctrl *ctrl, struct nvmetest_dmamem *m, size_t size);
int nvmetest_dmamem_alloc_for(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf,
			      struct nvmetest_dmamem *m, size_t size);
void nvmetest_dmamem_disown(struct nvmetest_ctrl *ctrl, struct nvmetest_dmamem *m);
void nvmetest_dmamem_free(struct nvmetest_ctrl *ctrl, struct nvmetest_dmamem *m);
u64 nvmetest_dma_limit(bool file);
struct nvmetest_obj *nvmetest_obj_create(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf,
					 enum nvmetest_obj_kind kind, size_t size);
void nvmetest_obj_publish(struct nvmetest_ctrl *ctrl, struct nvmetest_obj *obj);
struct nvmetest_obj *nvmetest_obj_get(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf,
				      u32 handle, enum nvmetest_obj_kind kind);
void nvmetest_obj_destroy(struct nvmetest_ctrl *ctrl, struct nvmetest_obj *obj);
void nvmetest_obj_bury(struct nvmetest_ctrl *ctrl, struct nvmetest_obj *obj);
void nvmetest_obj_release(struct nvmetest_ctrl *ctrl, struct nvmetest_obj *obj);
void nvmetest_obj_free_zombies(struct nvmetest_ctrl *ctrl);
void nvmetest_obj_free_file(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf);
void nvmetest_obj_disown_file(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf);
void nvmetest_obj_free_all(struct nvmetest_ctrl *ctrl);
u64 nvmetest_obj_mmap_offset(const struct nvmetest_obj *obj);
long nvmetest_ioctl_buf_alloc(struct nvmetest_file *nf, void __user *argp);
long nvmetest_ioctl_buf_free(struct nvmetest_file *nf, void __user *argp);

/* regs.c */
int nvmetest_ctrl_disable(struct nvmetest_ctrl *ctrl);
int nvmetest_ctrl_enable(struct nvmetest_ctrl *ctrl);
int nvmetest_ctrl_start(struct nvmetest_ctrl *ctrl);
int nvmetest_ctrl_reset(struct nvmetest_ctrl *ctrl);
int nvmetest_ctrl_quiesce(struct nvmetest_ctrl *ctrl);
int nvmetest_ctrl_stop_dma(struct nvmetest_ctrl *ctrl);
void nvmetest_ctrl_forget(struct nvmetest_ctrl *ctrl);
void nvmetest_dma_stopped_note(struct nvmetest_ctrl *ctrl, const char *why);
long nvmetest_ioctl_reg(struct nvmetest_file *nf, unsigned int cmd, void __user *argp);
void nvmetest_regs_find_msix(struct nvmetest_ctrl *ctrl);

/* cfg.c */
long nvmetest_ioctl_cfg(struct nvmetest_file *nf, unsigned int cmd, void __user *argp);

/* admin.c */
int nvmetest_aq_alloc(struct nvmetest_ctrl *ctrl);
void nvmetest_aq_free(struct nvmetest_ctrl *ctrl);
void nvmetest_aq_reinit(struct nvmetest_ctrl *ctrl);
void nvmetest_aq_set_live(struct nvmetest_ctrl *ctrl, bool live);
void nvmetest_aq_abort_all(struct nvmetest_ctrl *ctrl);
void nvmetest_aq_wake_waiters(struct nvmetest_ctrl *ctrl);
void nvmetest_aq_release_orphans(struct nvmetest_ctrl *ctrl);
void nvmetest_aq_process(struct nvmetest_ctrl *ctrl);
int nvmetest_aq_exec(struct nvmetest_ctrl *ctrl, struct nvmetest_acmd *ac);
int nvmetest_aq_start_async(struct nvmetest_ctrl *ctrl, struct nvmetest_async *a);
bool nvmetest_aq_expire(struct nvmetest_ctrl *ctrl);
void nvmetest_aq_orphan_file(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf,
			     struct list_head *orphans);
int nvmetest_aq_simple(struct nvmetest_ctrl *ctrl, const struct nvme_command *cmd,
		       u32 timeout_ms, u32 *status, u32 *dw0);

/* The uapi's SQE (16 dwords, CPU order) as the command the controller reads, and back. */
static inline void nvmetest_cmd_from_dwords(struct nvme_command *cmd, const u32 *sqe)
{
	__le32 *d = (__le32 *)cmd;
	int i;

	for (i = 0; i < 16; i++)
		d[i] = cpu_to_le32(sqe[i]);
}

static inline void nvmetest_cmd_to_dwords(u32 *sqe, const struct nvme_command *cmd)
{
	const __le32 *d = (const __le32 *)cmd;
	int i;

	for (i = 0; i < 16; i++)
		sqe[i] = le32_to_cpu(d[i]);
}

/* passthru.c */
long nvmetest_pt_prepare(struct nvmetest_file *nf, void __user *argp, struct nvmetest_pt *pt);
bool nvmetest_pt_copies_out(const struct nvmetest_pt *pt);
long nvmetest_pt_finish(struct nvmetest_ctrl *ctrl, struct nvmetest_pt *pt, void __user *dst);
void nvmetest_pt_put(struct nvmetest_ctrl *ctrl, struct nvmetest_pt *pt);
long nvmetest_ioctl_admin(struct nvmetest_file *nf, void __user *argp);

/* async.c */
void nvmetest_async_init_file(struct nvmetest_file *nf);
void nvmetest_async_settle(struct nvmetest_async *a, u32 result);
void nvmetest_async_release_file(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf,
				 bool dead);
void nvmetest_async_timeout_work(struct work_struct *work);
__poll_t nvmetest_async_poll(struct nvmetest_file *nf, struct file *filp,
			     struct poll_table_struct *wait);
long nvmetest_ioctl_admin_submit(struct nvmetest_file *nf, void __user *argp);
long nvmetest_ioctl_admin_reap(struct nvmetest_file *nf, void __user *argp);

/* prp.c */
int nvmetest_prp_offset(u32 len);
int nvmetest_prp_tail(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf,
		      struct nvmetest_dmamem *tail);
int nvmetest_prp_build(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf, dma_addr_t addr,
		       u32 len, struct nvme_command *cmd, struct nvmetest_dmamem *list,
		       const struct nvmetest_dmamem *tail);

/* cmdlog.c */
int nvmetest_cmdlog_alloc(struct nvmetest_ctrl *ctrl);
void nvmetest_cmdlog_free(struct nvmetest_ctrl *ctrl);
u64 nvmetest_cmdlog_submit(struct nvmetest_ctrl *ctrl, const __le32 *sqe, u64 now);
void nvmetest_cmdlog_complete(struct nvmetest_ctrl *ctrl, u64 seq, const u32 *cqe, u64 now,
			      u32 flags);
long nvmetest_ioctl_cmdlog(struct nvmetest_file *nf, void __user *argp);

/* qstats.c */
long nvmetest_ioctl_queue_stats(struct nvmetest_file *nf, void __user *argp);
void nvmetest_qstats_forget_obj(struct nvmetest_ctrl *ctrl, const struct nvmetest_obj *obj);
int nvmetest_qstats_get(const struct nvmetest_ioq *sq, struct nvmetest_qstats *out);
bool nvmetest_qstats_entry(const struct nvmetest_ioq *sq, u64 seq,
			   struct nvmetest_cmdlog_entry *out);

/* netlink.c */
int nvmetest_nl_init(void);
void nvmetest_nl_exit(void);
void nvmetest_nl_ctrl_add(struct nvmetest_ctrl *ctrl);
void nvmetest_nl_ctrl_del(struct nvmetest_ctrl *ctrl);
void nvmetest_nl_aer_completed(struct nvmetest_ctrl *ctrl, const u32 *cqe);
void nvmetest_nl_timed_out(struct nvmetest_ctrl *ctrl, const u32 *sqe, gfp_t gfp);
void nvmetest_nl_ctrl_fatal(struct nvmetest_ctrl *ctrl, u32 csts, gfp_t gfp);
void nvmetest_nl_removed(struct nvmetest_ctrl *ctrl);

/* pcireset.c */
extern const struct pci_error_handlers nvmetest_err_handlers;
long nvmetest_ioctl_pci_reset(struct nvmetest_file *nf, void __user *argp);

/* irq.c */
int nvmetest_irq_setup(struct nvmetest_ctrl *ctrl);
void nvmetest_irq_teardown(struct nvmetest_ctrl *ctrl);
void nvmetest_irq_release_file(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf);
long nvmetest_ioctl_irq(struct nvmetest_file *nf, unsigned int cmd, void __user *argp);

/* ioq.c */
int nvmetest_ioq_alloc_tables(struct nvmetest_ctrl *ctrl);
void nvmetest_ioq_free_tables(struct nvmetest_ctrl *ctrl);
void nvmetest_ioq_orphan_all(struct nvmetest_ctrl *ctrl);
void nvmetest_ioq_release_file(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf);
void nvmetest_ioq_forget_all(struct nvmetest_ctrl *ctrl);
long nvmetest_ioctl_queue(struct nvmetest_file *nf, unsigned int cmd, void __user *argp);

/* mmap.c */
int nvmetest_mmap(struct file *filp, struct vm_area_struct *vma);
void nvmetest_zap_obj(struct nvmetest_ctrl *ctrl, const struct nvmetest_obj *obj);
void nvmetest_zap_all(struct nvmetest_ctrl *ctrl);
void nvmetest_bar_off(struct nvmetest_ctrl *ctrl, bool off);

/* file.c */
int nvmetest_chrdev_init(void);
void nvmetest_chrdev_exit(void);
int nvmetest_chrdev_add(struct nvmetest_ctrl *ctrl);
int nvmetest_chrdev_publish(struct nvmetest_ctrl *ctrl);
void nvmetest_chrdev_del(struct nvmetest_ctrl *ctrl);

static inline bool nvmetest_rsvd_zero(const void *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}

#endif /* NVMETEST_CORE_H */
