/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * core.h - the emulated controller's core, as its own parts and its front
 * ends see it: the command pipeline (decode with the decode taps, execute,
 * writeback with the writeback taps), the register file (CAP, VS, CC and
 * CSTS with their handshakes, the admin queue registers, NSSR), the admin
 * and NVM command sets, namespaces and storage, taps and plug-ins. It knows
 * no PCIe: a front end (frontend.h) brings commands in, moves their data
 * and takes their completions out.
 *
 * Threads: the front end's controller thread runs every command and posts
 * every completion, so command state needs no lock. Register accesses come
 * from the host's threads; what they share with the controller thread is
 * under emu->lock or atomic. Plug-in services (nvmet_emu_aer() and
 * friends) may be called from either.
 */
#ifndef NVMET_EMU_CORE_H
#define NVMET_EMU_CORE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <nvmet/emu.h>
#include <nvmet/nvme.h>

#include "frontend.h"
#include "sg.h"
#include "store.h"
#include "support/clock.h"
#include "support/compiler.h"

#define EMU_MAX_NS		32	/* namespace ids 1..EMU_MAX_NS */
#define EMU_MAX_TAPS		16	/* callbacks per tap point */
#define EMU_AERL		3	/* 0-based: four AERs outstanding */
#define EMU_AEQ_MAX		16	/* events queued for AERs */
#define EMU_ERRLOG_MAX		64	/* error information log entries kept */
#define EMU_FW_SLOTS		3	/* slot 1 read-only, 2 and 3 writable */
#define EMU_PAGE		4096u	/* memory page size (CC.MPS 0) */

/*
 * The statuses the controller refuses commands with (phase tag excluded):
 * the specification's, with Do Not Retry set.
 */
#define ST_GENERIC(sc)		NVMET_STATUS(NVMET_SCT_GENERIC, sc, 1)
#define ST_CMD(sc)		NVMET_STATUS(NVMET_SCT_CMD_SPECIFIC, sc, 1)
#define ST_MEDIA(sc)		NVMET_STATUS(NVMET_SCT_MEDIA, sc, 1)

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
NVMET_HIDDEN int emu_opts_parse(const char *s, struct emu_opts *o, char *err, size_t errlen);
NVMET_HIDDEN void emu_opts_free(struct emu_opts *o);
/* A size with an optional K/M/G/T suffix (powers of 1024). */
NVMET_HIDDEN int emu_parse_size(const char *s, uint64_t *out);

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


/* ---- admin state ---------------------------------------------------- */

struct emu_aer_ev {
	uint8_t type;
	uint8_t info;
	uint8_t log_page;
};

/**
 * struct emu_admin - admin command set state (owned by admin*.c)
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
	struct nvmet_sqe_sanitize san_cmd;	/* the Sanitize in progress or last done */
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

/**
 * struct emu_fabrics - what a fabrics front end has the core report of
 * itself in Identify Controller (the fields a fabrics host checks)
 * @on: the controller is served over a fabric
 * @cntlid: the controller ID of the current association
 * @hostid: its host's identifier, 128 bits (Connect's HOSTID)
 * @ioccsz: I/O queue command capsule size, 16-byte units
 * @iorcsz: I/O queue response capsule size, 16-byte units
 * @maxcmd: outstanding commands per queue
 * @subnqn: the subsystem NQN
 */
struct emu_fabrics {
	bool on;
	uint16_t cntlid;
	uint8_t hostid[16];
	uint32_t ioccsz;
	uint32_t iorcsz;
	uint16_t maxcmd;
	char subnqn[256];
};

/* ---- the controller ------------------------------------------------- */

/**
 * struct nvmet_emu - the controller core
 * @opts: what the address string chose
 * @name: "emu0" and so on, for traces
 * @lock: register writes, the event queue, tap and plug-in lists
 * @fe_ops: the front end's operations
 * @fe: their context
 * @cap: CAP
 * @vs: VS
 * @intms: the interrupt mask, as INTMS and INTMC set and clear it
 * @cc: CC as written
 * @csts: CSTS
 * @aqa: AQA
 * @asq: ASQ
 * @acq: ACQ
 * @cc_applied: the CC value the controller thread acted on
 * @pending_ctl: EMU_CTL_ requests for the controller thread
 * @ctl_seq: CC and NSSR writes made ...
 * @ctl_done: ... and taken by the controller thread
 * @dropped: commands a tap dropped: completed by Abort or gone at reset
 * @nr_dropped: entries of @dropped
 * @cap_dropped: room in @dropped
 * @ns: namespaces by id, NULL where none
 * @adm: the admin command set's state
 * @taps: callbacks per tap point
 * @plugins: loaded plug-ins
 * @fab: set by a fabrics front end
 */
struct nvmet_emu {
	struct emu_opts opts;
	char name[16];
	pthread_mutex_t lock;
	const struct emu_frontend_ops *fe_ops;
	void *fe;

	uint64_t cap;
	uint32_t vs;
	uint32_t intms;
	_Atomic uint32_t cc;
	_Atomic uint32_t csts;
	uint32_t aqa;
	uint64_t asq, acq;
	uint32_t cc_applied;
	atomic_uint pending_ctl;
	atomic_uint ctl_seq;
	atomic_uint ctl_done;

	struct emu_cmd *dropped;
	unsigned int nr_dropped, cap_dropped;

	struct emu_ns *ns[EMU_MAX_NS + 1];
	struct emu_admin adm;

	struct emu_taps taps[NVMET_EMU_TAP_COUNT];
	struct emu_plugin *plugins;
	struct emu_fabrics fab;
};

/* Requests from register writes to the controller thread. */
#define EMU_CTL_CC		(1u << 0)	/* CC changed */
#define EMU_CTL_NSSR		(1u << 1)	/* subsystem reset */

/* ---- for the front end ------------------------------------------------ */
/*
 * With frontend.h, all a front end uses of the core: these calls, and the
 * options it was made with (emu->opts, emu->name), read only.
 */

/* The core of a controller (namespaces made, registers at reset values). */
NVMET_HIDDEN int emu_core_create(const struct emu_opts *o, struct nvmet_emu **out);
/* Plug-ins unloaded, namespaces closed; the front end is stopped already. */
NVMET_HIDDEN void emu_core_destroy(struct nvmet_emu *emu);
NVMET_HIDDEN void emu_core_attach(struct nvmet_emu *emu, const struct emu_frontend_ops *ops,
				  void *fe);
/* A fabrics front end's parameters (@fab->on set), before the controller runs. */
NVMET_HIDDEN void emu_core_fabrics(struct nvmet_emu *emu, const struct emu_fabrics *fab);
/* The controller ID and host identifier (16 bytes) of a fabrics front end's new association. */
NVMET_HIDDEN void emu_core_fabrics_cntlid(struct nvmet_emu *emu, uint16_t cntlid,
					  const uint8_t *hostid);
/*
 * Run a command fetched from SQ @cmd->sqid, at @cmd->fetch_ns: decode taps,
 * checks, execution, completion. @second is the command after it when
 * @cmd is the first of a fused pair and the next one says it is the
 * second; NULL otherwise.
 */
NVMET_HIDDEN void emu_core_run(struct nvmet_emu *emu, struct emu_cmd *cmd,
			       struct emu_cmd *second);
/* SQ @sqid is being deleted: the commands held for it end with SQ Deletion status. */
NVMET_HIDDEN void emu_core_sq_deleted(struct nvmet_emu *emu, uint16_t sqid);
/* Controller reset (CC.EN 1->0, NSSR, FLR): the front end's queues go, held commands dropped. */
NVMET_HIDDEN void emu_core_reset(struct nvmet_emu *emu);
/* Power lost: the volatile write cache empties, registers and state to power-on values. */
NVMET_HIDDEN void emu_core_power_loss(struct nvmet_emu *emu);
/* Background work (self-test, sanitize, events to AERs); cheap when idle. */
NVMET_HIDDEN void emu_admin_tick(struct nvmet_emu *emu, uint64_t now_ns);

/* The register file (regs.c): offsets below the doorbells; 32-bit halves. */
NVMET_HIDDEN void emu_regs_init(struct nvmet_emu *emu);
/* The value at @off (a 32-bit register, or the low or high half of a 64-bit one). */
NVMET_HIDDEN uint32_t emu_regs_read32(struct nvmet_emu *emu, uint32_t off);
/*
 * A host's write of @width (4 or 8) bytes at register @off, stored whole
 * under the core's lock; the controller thread acts on it in
 * emu_regs_apply(). Returns the number of CC and NSSR writes made so far:
 * emu_regs_taken() of it says when the thread has taken this one.
 */
NVMET_HIDDEN unsigned int emu_regs_store(struct nvmet_emu *emu, uint32_t off, unsigned int width,
					 uint64_t v);
/* The controller thread: act on CC and NSSR writes. */
NVMET_HIDDEN void emu_regs_apply(struct nvmet_emu *emu);
/*
 * The controller thread, when its host is gone (a fabrics association
 * ended): CC written 0 and acted on, the controller reset, CSTS clear but
 * for NSSRO, the host's reservations gone, as the next host must find it.
 */
NVMET_HIDDEN void emu_regs_host_gone(struct nvmet_emu *emu);

static inline bool emu_regs_pending(struct nvmet_emu *emu)
{
	return atomic_load_explicit(&emu->pending_ctl, memory_order_acquire) != 0;
}

/* Whether the controller thread has taken CC/NSSR write number @seq. */
static inline bool emu_regs_taken(struct nvmet_emu *emu, unsigned int seq)
{
	return (int)(atomic_load(&emu->ctl_done) - seq) >= 0;
}

static inline bool emu_ready(struct nvmet_emu *emu)
{
	return atomic_load_explicit(&emu->csts, memory_order_relaxed) & NVMET_CSTS_RDY;
}

/* ---- inside the core -------------------------------------------------- */

/* Wake the controller thread: a register changed, an event is queued. */
static inline void emu_kick(struct nvmet_emu *emu)
{
	emu->fe_ops->kick(emu->fe);
}

/* Run the callbacks of @tap; returns the first verdict other than CONTINUE. */
NVMET_HIDDEN int emu_tap_run(struct nvmet_emu *emu, enum nvmet_emu_tap tap,
			     struct nvmet_emu_event *ev);

static inline bool emu_tap_on(struct nvmet_emu *emu, enum nvmet_emu_tap tap)
{
	return atomic_load_explicit(&emu->taps[tap].count, memory_order_acquire) != 0;
}

/* Wait until the controller thread has gone once around its loop. */
NVMET_HIDDEN void emu_quiesce(struct nvmet_emu *emu);
NVMET_HIDDEN void emu_plugins_unload_all(struct nvmet_emu *emu);
/*
 * Open plug-in @name: a path when it has a '/', else found as
 * nvmet_emu_plugin_load() says. Returns the dlopen() handle, or NULL with
 * nvmet_last_error() saying why.
 */
NVMET_HIDDEN void *emu_plugin_open(const char *name);
/* Load "NAME[:ARGS]" (a plugin= option); nvmet_last_error() says why it failed. */
NVMET_HIDDEN int emu_plugin_load_spec(struct nvmet_emu *emu, const char *spec);

/* Append a copy of @cmd to a growing array (@n used, @cap room): 0 or -ENOMEM. */
NVMET_HIDDEN int emu_cmd_list_add(struct emu_cmd **list, unsigned int *n, unsigned int *cap,
				  const struct emu_cmd *cmd);

/* Post @cmd's completion: writeback taps, then the front end. */
NVMET_HIDDEN void emu_complete(struct nvmet_emu *emu, struct emu_cmd *cmd);
/* Complete a command a tap dropped with @status; false when there is none. */
NVMET_HIDDEN bool emu_abort_dropped(struct nvmet_emu *emu, uint16_t sqid, uint16_t cid,
				   uint16_t status);

/* A command's data (data.c): through the front end, then copied. Return 0 or a status. */
NVMET_HIDDEN uint16_t emu_data_map(struct nvmet_emu *emu, const struct nvmet_sqe *sqe,
				   size_t len, bool admin, struct emu_sg *sg);
/*
 * Map @sqe's data (an admin command's when @admin) and copy @len bytes of
 * @flat to the host (@to_host) or from it; a short copy is a Data Transfer
 * Error. The emu_xfer_* pair is the admin commands' form.
 */
NVMET_HIDDEN uint16_t emu_xfer(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, void *flat,
			       size_t len, bool admin, bool to_host);
NVMET_HIDDEN uint16_t emu_xfer_to_host(struct nvmet_emu *emu, const struct nvmet_sqe *sqe,
				       const void *src, size_t len);
NVMET_HIDDEN uint16_t emu_xfer_from_host(struct nvmet_emu *emu, const struct nvmet_sqe *sqe,
					 void *dst, size_t len);

/* admin command set (admin*.c) */
NVMET_HIDDEN int emu_admin_init(struct nvmet_emu *emu);
NVMET_HIDDEN void emu_admin_fini(struct nvmet_emu *emu);
/* Execute an admin command; EMU_EXEC_HELD keeps it (AER). */
NVMET_HIDDEN enum emu_exec emu_admin_exec(struct nvmet_emu *emu, struct emu_cmd *cmd);
/* Controller reset: features to defaults, AERs dropped, firmware activation. */
NVMET_HIDDEN void emu_admin_reset(struct nvmet_emu *emu);
/* Note an error for the Error Information log (the command's status set). */
NVMET_HIDDEN void emu_admin_log_error(struct nvmet_emu *emu, const struct emu_cmd *cmd,
				      uint64_t lba, uint32_t nsid);
/* Does the host want a volatile write cache now (feature 06h)? */
NVMET_HIDDEN bool emu_admin_vwc(const struct nvmet_emu *emu);

/* NVM command set (io.c). @second is the second half of a fused pair, or NULL. */
NVMET_HIDDEN void emu_io_exec(struct nvmet_emu *emu, struct emu_cmd *cmd, struct emu_cmd *second);

#endif /* NVMET_EMU_CORE_H */
