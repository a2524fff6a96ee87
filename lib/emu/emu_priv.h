/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emu_priv.h - the emulated NVMe controller's internals, shared by its
 * parts: core (thread, queues, completions, interrupts), registers, DMA,
 * admin commands, I/O commands, storage, taps and plug-ins.
 *
 * Threads: the controller thread fetches and executes every command
 * (admin and I/O) and posts every completion, so command state needs no
 * lock. Register and configuration space accesses come from the caller's
 * threads; state they share with the controller thread is under
 * emu->lock or atomic. Plug-in services (nvmet_emu_aer() and friends) may
 * be called from either.
 */
#ifndef NVMET_EMU_PRIV_H
#define NVMET_EMU_PRIV_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include <nvmet/emu.h>
#include <nvmet/nvme.h>

#define EMU_HIDDEN __attribute__((visibility("hidden")))

#define EMU_MAX_NS		32	/* namespace ids 1..EMU_MAX_NS */
#define EMU_MAX_TAPS		16	/* callbacks per tap point */
#define EMU_AERL		3	/* 0-based: four AERs outstanding */
#define EMU_AEQ_MAX		16	/* events queued for AERs */
#define EMU_ERRLOG_MAX		64	/* error information log entries kept */
#define EMU_FW_SLOTS		3	/* slot 1 read-only, 2 and 3 writable */
#define EMU_PAGE		4096u	/* memory page size (CC.MPS 0) */
#define EMU_SG_INLINE		8	/* iovecs without allocation */

/* Status field values (phase tag excluded), with DNR set. */
#define EMU_ERR(sct, sc)	NVMET_EMU_STATUS(sct, sc, 1)
#define EMU_OK			0

/* Log-page-clearing masks for AER types (bit per type). */
#define EMU_AET_ERROR		0
#define EMU_AET_SMART		1
#define EMU_AET_NOTICE		2
#define EMU_AET_IO		6
#define EMU_AET_VENDOR		7

/**
 * struct emu_opts - what the address string chose
 * @nr_ns: namespaces created at start (ids 1..@nr_ns)
 * @lba_size: 512 or 4096
 * @ns_bytes: capacity of each namespace
 * @mdts: maximum data transfer size, a power of two of pages (0: no limit)
 * @queues: I/O queue pairs (SQs and CQs each)
 * @mqes: entries per queue (CAP.MQES + 1)
 * @vectors: MSI-X vectors
 * @dstrd: doorbell stride (CAP.DSTRD)
 * @vwc: a volatile write cache is present
 * @sgl: SGLs are supported for I/O commands
 * @file: backing file, "" for memory
 * @plugins: "NAME[:ARGS]" strings, @nr_plugins of them
 */
struct emu_opts {
	unsigned int nr_ns;
	uint32_t lba_size;
	uint64_t ns_bytes;
	unsigned int mdts;
	unsigned int queues;
	unsigned int mqes;
	unsigned int vectors;
	unsigned int dstrd;
	bool vwc;
	bool sgl;
	char file[4096];
	char *plugins[8];
	unsigned int nr_plugins;
};

/* Parse the text after "emu:"; on error writes a message to @err. */
EMU_HIDDEN int emu_opts_parse(const char *s, struct emu_opts *o, char *err, size_t errlen);
EMU_HIDDEN void emu_opts_free(struct emu_opts *o);
/* A size with an optional K/M/G/T suffix (powers of 1024). */
EMU_HIDDEN int emu_parse_size(const char *s, uint64_t *out);

/* ---- DMA: which host memory the controller may touch ---------------- */

/**
 * struct emu_dma_region - a registered range of caller memory; bus
 * address == virtual address
 */
struct emu_dma_region {
	uint64_t start;
	uint64_t end;	/* exclusive */
};

struct emu_dma_map {
	pthread_mutex_t lock;			/* writers */
	struct emu_dma_table *_Atomic table;	/* readers: the controller thread */
	struct emu_dma_table *retired;		/* freed at close */
	const void *hit_table;			/* controller thread's last hit */
	uint64_t hit_start, hit_end;
};

EMU_HIDDEN int emu_dma_init(struct emu_dma_map *m);
EMU_HIDDEN void emu_dma_fini(struct emu_dma_map *m);
EMU_HIDDEN int emu_dma_register(struct emu_dma_map *m, void *va, size_t len);
EMU_HIDDEN void emu_dma_unregister(struct emu_dma_map *m, void *va);
/* The memory at bus address @iova for @len bytes, or NULL when not all registered. */
EMU_HIDDEN void *emu_dma_va(struct emu_dma_map *m, uint64_t iova, size_t len);

/**
 * struct emu_sg - a command's data buffer, resolved to host memory
 * @iov: the pieces (points at @inl or at a heap array)
 * @n: pieces used
 * @len: total bytes
 */
struct emu_sg {
	struct iovec *iov;
	unsigned int n;
	unsigned int cap;
	size_t len;
	struct iovec inl[EMU_SG_INLINE];
};

/*
 * Resolve the data pointer of @sqe (PRP, or SGL when PSDT says so and the
 * controller allows it for this queue) for @len bytes into @sg. Returns
 * EMU_OK or the status to complete the command with (Invalid PRP Offset,
 * Data Transfer Error for unregistered memory, SGL statuses). Call
 * emu_sg_release() whatever it returned.
 */
struct nvmet_emu;
EMU_HIDDEN uint16_t emu_dptr_map(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, size_t len,
				 bool admin, struct emu_sg *sg);
EMU_HIDDEN void emu_sg_release(struct emu_sg *sg);
/* Copy between a resolved buffer at byte @off and flat memory. Return bytes copied. */
EMU_HIDDEN size_t emu_sg_to_host(struct emu_sg *sg, size_t off, const void *src, size_t n);
EMU_HIDDEN size_t emu_sg_from_host(const struct emu_sg *sg, size_t off, void *dst, size_t n);
/* Map and copy in one go, for admin data. Return EMU_OK or a status. */
EMU_HIDDEN uint16_t emu_xfer_to_host(struct nvmet_emu *emu, const struct nvmet_sqe *sqe,
				     const void *src, size_t len);
EMU_HIDDEN uint16_t emu_xfer_from_host(struct nvmet_emu *emu, const struct nvmet_sqe *sqe,
				       void *dst, size_t len);

/* ---- storage -------------------------------------------------------- */

struct emu_store;

/*
 * A byte-addressed store of @bytes: sparse memory when @file is NULL or
 * "", else the file at @file (created, extended to @bytes) at byte
 * @file_off. Never-written bytes read as zero. @vwc adds a volatile
 * write cache: writes since the last flush are lost by
 * emu_store_power_loss().
 */
EMU_HIDDEN int emu_store_open(const char *file, uint64_t file_off, uint64_t bytes, bool vwc,
			      struct emu_store **out);
EMU_HIDDEN void emu_store_close(struct emu_store *st);
EMU_HIDDEN int emu_store_read(struct emu_store *st, uint64_t off, void *buf, size_t len);
EMU_HIDDEN int emu_store_write(struct emu_store *st, uint64_t off, const void *buf, size_t len);
/* Data from / into a resolved host buffer, without an intermediate copy when possible. */
EMU_HIDDEN int emu_store_readv(struct emu_store *st, uint64_t off, struct emu_sg *sg, size_t len);
EMU_HIDDEN int emu_store_writev(struct emu_store *st, uint64_t off, const struct emu_sg *sg,
				size_t len);
/* Bytes read back as zero afterwards; memory is released where whole pages go. */
EMU_HIDDEN int emu_store_zero(struct emu_store *st, uint64_t off, uint64_t len);
EMU_HIDDEN int emu_store_flush(struct emu_store *st);
/* Make [@off, @off + @len) durable (a FUA write): its pages leave the cache. */
EMU_HIDDEN void emu_store_flush_range(struct emu_store *st, uint64_t off, uint64_t len);
EMU_HIDDEN void emu_store_power_loss(struct emu_store *st);
EMU_HIDDEN void emu_store_set_vwc(struct emu_store *st, bool on);
/* Bytes of memory holding data (for tests of sparseness). */
EMU_HIDDEN uint64_t emu_store_resident(const struct emu_store *st);

/**
 * struct emu_ns - a namespace
 * @nsid: its id
 * @attached: attached to this controller (active)
 * @flbas: formatted LBA format index: 0 is 512-byte, 1 is 4096-byte LBAs
 * @lba_shift: log2 of the LBA size
 * @nsze: size in LBAs
 * @bytes: capacity in bytes
 * @store: the data
 * @uncor: write-uncorrectable ranges, @nr_uncor of them, sorted, merged
 */
struct emu_ns {
	uint32_t nsid;
	bool attached;
	uint8_t flbas;
	unsigned int lba_shift;
	uint64_t nsze;
	uint64_t bytes;
	struct emu_store *store;
	struct emu_lba_range {
		uint64_t slba;
		uint64_t nlb;
	} *uncor;
	unsigned int nr_uncor;
	unsigned int cap_uncor;
};

/* Create namespace @nsid of @bytes with LBA format @flbas (storage opened). */
EMU_HIDDEN int emu_ns_create(struct nvmet_emu *emu, uint32_t nsid, uint64_t bytes, uint8_t flbas);
EMU_HIDDEN void emu_ns_destroy(struct nvmet_emu *emu, uint32_t nsid);
/* Reformat: all data gone, new LBA size. */
EMU_HIDDEN int emu_ns_format(struct nvmet_emu *emu, struct emu_ns *ns, uint8_t flbas);
/* Uncorrectable marks: add, clear (write/zero/trim/format clear them), test. */
EMU_HIDDEN int emu_ns_uncor_add(struct emu_ns *ns, uint64_t slba, uint64_t nlb);
EMU_HIDDEN void emu_ns_uncor_clear(struct emu_ns *ns, uint64_t slba, uint64_t nlb);
EMU_HIDDEN bool emu_ns_uncor_hit(const struct emu_ns *ns, uint64_t slba, uint64_t nlb,
				 uint64_t *first);

/* ---- queues --------------------------------------------------------- */

struct emu_cq {
	bool valid;
	bool ien;		/* interrupts enabled */
	uint16_t qid;
	uint16_t vector;
	uint32_t size;
	uint32_t tail;		/* next slot the controller writes */
	uint32_t head;		/* last head doorbell value accepted */
	uint32_t db_seen;	/* last raw doorbell value looked at */
	uint8_t phase;
	unsigned int nr_sqs;	/* SQs posting here */
	volatile struct nvmet_cqe *base;
	uint64_t iova;
};

struct emu_sq {
	bool valid;
	uint16_t qid;
	uint16_t cqid;
	uint8_t prio;
	uint32_t size;
	uint32_t head;		/* next slot the controller fetches */
	uint32_t tail;		/* last tail doorbell value accepted */
	uint32_t db_seen;	/* last raw doorbell value looked at */
	const volatile struct nvmet_sqe *base;
	uint64_t iova;
};

/**
 * struct emu_cmd - a command being executed
 * @sqe: a copy of the entry
 * @cqe: the completion being built (status without phase)
 * @sqid: queue it came from
 * @fetch_ns: when it was fetched
 */
struct emu_cmd {
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	uint16_t sqid;
	uint64_t fetch_ns;
};

/* What an exec function returns. */
enum emu_exec { EMU_EXEC_DONE, EMU_EXEC_HELD };

/* ---- taps ----------------------------------------------------------- */

struct emu_tap_slot {
	nvmet_emu_tap_fn _Atomic fn;
	void *_Atomic arg;
};

struct emu_taps {
	atomic_uint count;		/* slots in use (some may be cleared) */
	struct emu_tap_slot slot[EMU_MAX_TAPS];
};

struct emu_plugin {
	char *path;
	void *handle;
	void *priv;
	void (*teardown)(struct nvmet_emu *emu, void *priv);
	struct emu_plugin *next;
};

/* Run the callbacks of @tap; returns the first verdict other than CONTINUE. */
EMU_HIDDEN int emu_tap_run(struct nvmet_emu *emu, enum nvmet_emu_tap tap,
			   struct nvmet_emu_event *ev);
static inline bool emu_tap_on(struct nvmet_emu *emu, enum nvmet_emu_tap tap);
/* Wait until the controller thread has gone once around its loop. */
EMU_HIDDEN void emu_quiesce(struct nvmet_emu *emu);
EMU_HIDDEN void emu_plugins_unload_all(struct nvmet_emu *emu);
/*
 * Open plug-in @name: a path when it has a '/', else found as
 * nvmet_emu_plugin_load() says. Returns the dlopen() handle, or NULL with
 * nvmet_last_error() saying why.
 */
EMU_HIDDEN void *emu_plugin_open(const char *name);

/* ---- admin state ---------------------------------------------------- */

struct emu_aer_ev {
	uint8_t type;
	uint8_t info;
	uint8_t log_page;
};

/**
 * struct emu_admin - admin command set state (owned by emu_admin*.c)
 *
 * Everything here is touched by the controller thread only, except the
 * event queue, which is under emu->lock (plug-ins raise events from
 * other threads).
 */
struct emu_admin {
	/* features */
	uint32_t arbitration, power_mgmt, err_recovery, irq_coalesce, async_cfg;
	uint16_t temp_thresh_over, temp_thresh_under;
	bool vwc_enabled;
	uint16_t nsq_alloc, ncq_alloc;	/* 0-based, as granted */
	bool queues_set;
	uint32_t *irq_config;		/* per vector */
	uint64_t timestamp_base_ms, timestamp_set_ns;
	/* AERs */
	struct emu_cmd aer_cmd[EMU_AERL + 1];
	unsigned int nr_aer;
	struct emu_aer_ev aeq[EMU_AEQ_MAX];	/* under emu->lock */
	unsigned int nr_aeq;
	uint8_t aer_masked_types;		/* waiting for their log page */
	/* SMART / health */
	uint8_t critical_warning;		/* atomic access through lock */
	uint16_t temperature;			/* kelvin */
	uint64_t data_units_read, data_units_written, host_reads, host_writes;
	uint64_t power_cycles, unsafe_shutdowns, media_errors, nr_err_log;
	uint64_t power_on_ns;
	/* error log */
	uint8_t errlog[EMU_ERRLOG_MAX][64];
	unsigned int errlog_head, errlog_count;
	uint64_t error_count;
	/* firmware */
	char fw_rev[EMU_FW_SLOTS + 1][8];	/* slot 1..3, "" when empty */
	unsigned int fw_active, fw_next;	/* slot, 0 none pending */
	uint8_t *fw_image;			/* download in progress */
	size_t fw_image_len, fw_image_cap;
	/* device self-test */
	uint8_t dst_op;		/* 0 none, 1 short, 2 extended in progress */
	uint64_t dst_start_ns, dst_len_ns;
	uint8_t dst_log[20][28];
	unsigned int dst_count;
	/* sanitize */
	uint16_t sprog;		/* 0..65535 */
	uint16_t sstat;
	uint32_t scdw10;
	uint64_t san_start_ns, san_len_ns;
	bool san_active;
	/* formatting in progress (format is instant here) */
	/* more of the same, added with the admin command set */
	uint32_t write_atomic, kato;		/* features 0Ah and 0Fh */
	bool ts_host_set;			/* Timestamp origin: set by the host */
	bool san_nodrm;				/* Sanitize Config: No-Deallocate Response Mode */
	uint8_t aer_mask_log[8];		/* per masked type, the log page unmasking it */
	uint8_t aeq_types;			/* types in aeq (written under lock, read atomic) */
	uint64_t changed_ns;			/* Changed Namespace List, a bit per nsid */
	uint32_t ns_gen[EMU_MAX_NS + 1];	/* creations per nsid: unique EUI64 and NGUID */
	char fw_running[8];			/* revision of the firmware executing */
	unsigned int fw_last;			/* slot last replaced */
	uint32_t dst_nsid;			/* namespace of the self-test in progress */
	uint64_t temp_warn_ns, temp_crit_ns;	/* time at or over WCTEMP, CCTEMP (lock) */
	uint64_t temp_since_ns;			/* when those were last brought up to date */
};

/* ---- the controller ------------------------------------------------- */

struct nvmet_emu {
	struct emu_opts opts;
	char name[16];
	pthread_mutex_t lock;
	pthread_cond_t kick;		/* wakes the controller thread */
	pthread_t thread;
	bool thread_started;
	atomic_bool stop;
	atomic_uint epoch;		/* bumped every loop of the thread */
	atomic_bool sleeping;
	uint64_t round_ns;		/* start of the thread's current round */
	atomic_uint pending_ctl;	/* EMU_CTL_* requests for the thread */
	atomic_uint ctl_seq;		/* CC/NSSR writes made */
	atomic_uint ctl_done;		/* ... and taken by the thread */
	bool powered;

	/* registers */
	uint64_t cap;
	uint32_t vs;
	uint32_t intms;
	_Atomic uint32_t cc;
	_Atomic uint32_t csts;
	uint32_t aqa;
	uint64_t asq, acq;
	uint32_t cc_applied;		/* the CC value the thread acted on */
	volatile uint32_t *db;		/* doorbells, stride-spaced, from BAR0 0x1000 */
	size_t db_bytes;

	/* configuration space and MSI-X */
	uint8_t cfg[4096];
	unsigned int pm_state;		/* 0 D0, 3 D3hot */
	struct emu_vector {
		atomic_uint_fast64_t count;
		atomic_bool masked;
		atomic_bool pending;
	} *vec;

	/* queues, index = qid (0 = admin) */
	struct emu_sq *sqs;
	struct emu_cq *cqs;
	uint16_t *active_sqs;		/* qids of valid SQs, admin first */
	unsigned int nr_active_sqs;
	unsigned int max_qid;

	/* completions waiting for room in a full CQ */
	struct emu_cmd *backlog;
	unsigned int nr_backlog, cap_backlog;
	/* commands a tap dropped: completed by Abort or gone at reset */
	struct emu_cmd *dropped;
	unsigned int nr_dropped, cap_dropped;

	struct emu_dma_map dma;
	struct emu_ns *ns[EMU_MAX_NS + 1];
	struct emu_admin adm;

	struct emu_taps taps[NVMET_EMU_TAP_COUNT];
	struct emu_plugin *plugins;
};

static inline bool emu_tap_on(struct nvmet_emu *emu, enum nvmet_emu_tap tap)
{
	return atomic_load_explicit(&emu->taps[tap].count, memory_order_acquire) != 0;
}

/* Requests from register writes to the controller thread. */
#define EMU_CTL_CC		(1u << 0)	/* CC changed */
#define EMU_CTL_NSSR		(1u << 1)	/* subsystem reset */

/* core */
EMU_HIDDEN int emu_create(const struct emu_opts *o, struct nvmet_emu **out);
EMU_HIDDEN void emu_destroy(struct nvmet_emu *emu);
EMU_HIDDEN uint64_t emu_now_ns(void);
EMU_HIDDEN void emu_kick(struct nvmet_emu *emu);
/* Start and stop the controller thread (stopped, its state may be changed directly). */
EMU_HIDDEN int emu_start(struct nvmet_emu *emu);
EMU_HIDDEN void emu_stop(struct nvmet_emu *emu);
/* Post @cmd's completion (writeback taps, CQ entry, interrupt). */
EMU_HIDDEN void emu_complete(struct nvmet_emu *emu, struct emu_cmd *cmd);
/* Complete a command a tap dropped with @status; false when there is none. */
EMU_HIDDEN bool emu_abort_dropped(struct nvmet_emu *emu, uint16_t sqid, uint16_t cid,
				  uint16_t status);
/* Raise MSI-X @vector (taps, mask, pending). */
EMU_HIDDEN void emu_msix_raise(struct nvmet_emu *emu, uint16_t vector);
/* Queue setup and teardown, for the admin commands. Return EMU_OK or a status. */
EMU_HIDDEN uint16_t emu_cq_setup(struct nvmet_emu *emu, uint16_t qid, uint64_t iova,
				 uint32_t size, bool ien, uint16_t vector);
EMU_HIDDEN uint16_t emu_sq_setup(struct nvmet_emu *emu, uint16_t qid, uint64_t iova,
				 uint32_t size, uint16_t cqid, uint8_t prio);
EMU_HIDDEN uint16_t emu_cq_teardown(struct nvmet_emu *emu, uint16_t qid);
/* Delete an SQ: commands the controller holds for it end with SQ Deletion status. */
EMU_HIDDEN uint16_t emu_sq_teardown(struct nvmet_emu *emu, uint16_t qid);
/* Controller reset (CC.EN 1->0, NSSR, FLR): queues gone, held commands dropped. */
EMU_HIDDEN void emu_ctrl_reset(struct nvmet_emu *emu);
/* Power off and back on: reset, plus the volatile write cache lost. */
EMU_HIDDEN void emu_power_cycle(struct nvmet_emu *emu);

/* registers and configuration space (called from the caller's thread) */
EMU_HIDDEN void emu_regs_init(struct nvmet_emu *emu);
EMU_HIDDEN int emu_reg_read(struct nvmet_emu *emu, uint32_t off, unsigned int width,
			    uint64_t *val);
EMU_HIDDEN int emu_reg_write(struct nvmet_emu *emu, uint32_t off, unsigned int width,
			     uint64_t val);
EMU_HIDDEN void emu_cfg_init(struct nvmet_emu *emu);
EMU_HIDDEN int emu_cfg_read(struct nvmet_emu *emu, uint32_t off, unsigned int width,
			    uint32_t *val);
EMU_HIDDEN int emu_cfg_write(struct nvmet_emu *emu, uint32_t off, unsigned int width,
			     uint32_t val);
EMU_HIDDEN bool emu_msix_function_masked(const struct nvmet_emu *emu);
/* A function level reset (FLR, hot reset): controller and PCI state to power-on values. */
EMU_HIDDEN void emu_function_reset(struct nvmet_emu *emu);
/* Controller thread: act on CC / NSSR changes. */
EMU_HIDDEN void emu_regs_apply(struct nvmet_emu *emu);

/* admin command set (emu_admin*.c) */
EMU_HIDDEN int emu_admin_init(struct nvmet_emu *emu);
EMU_HIDDEN void emu_admin_fini(struct nvmet_emu *emu);
/* Execute an admin command; EMU_EXEC_HELD keeps it (AER). */
EMU_HIDDEN enum emu_exec emu_admin_exec(struct nvmet_emu *emu, struct emu_cmd *cmd);
/* Background work (self-test, sanitize, events to AERs); cheap when idle. */
EMU_HIDDEN void emu_admin_tick(struct nvmet_emu *emu, uint64_t now_ns);
/* Controller reset: features to defaults, AERs dropped, firmware activation. */
EMU_HIDDEN void emu_admin_reset(struct nvmet_emu *emu);
/* Note an error for the Error Information log (the command's status set). */
EMU_HIDDEN void emu_admin_log_error(struct nvmet_emu *emu, const struct emu_cmd *cmd,
				    uint64_t lba, uint32_t nsid);
/* Does the host want a volatile write cache now (feature 06h)? */
EMU_HIDDEN bool emu_admin_vwc(const struct nvmet_emu *emu);

/* I/O command set (emu_io.c). @second is the second half of a fused pair, or NULL. */
EMU_HIDDEN void emu_io_exec(struct nvmet_emu *emu, struct emu_cmd *cmd, struct emu_cmd *second);

#endif /* NVMET_EMU_PRIV_H */
