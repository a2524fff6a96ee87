/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * temu.h - the emulated controller's transport, the host side: what a
 * driver keeps (admin queue, its commands in flight, the admin cmdlog)
 * over the function it reaches through the bus (emu/bus.h) alone.
 */
#ifndef NVMET_TRANSPORT_EMU_H
#define NVMET_TRANSPORT_EMU_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "ctrl/ctrl_priv.h"
#include "emu/bus.h"

#define TEMU_AQ_DEPTH		64
/* Doorbell @qid's index in the doorbell area, with CAP.DSTRD. */
#define TEMU_DB(t, qid, cq)	((2u * (qid) + (cq)) << NVMET_CAP_DSTRD((t)->cap))
#define TEMU_LOG_ENTRIES	NVMETEST_CMDLOG_ENTRIES

/**
 * struct temu_slot - an admin command in flight (its CID is the index)
 * @busy: in use
 * @zombie: timed out; the slot is free once the controller answers
 * @sync: submitted by the transport itself (queue creation and deletion)
 * @done: a sync command has its completion in @cqe
 * @log_seq: its admin command log entry
 */
struct temu_slot {
	bool busy, zombie, sync, done;
	uint64_t tag;
	uint64_t log_seq;
	uint64_t submit_ns;
	uint64_t deadline_ns;
	void *list;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
};

struct temu {
	struct emu_pcie *bus;
	struct emu_bus_info info;
	uint64_t cap;
	pthread_mutex_t lock;
	struct nvmet_sqe *asq;
	volatile struct nvmet_cqe *acq;
	uint32_t sq_tail, cq_head;
	uint8_t phase;
	unsigned int busy;
	struct temu_slot slot[TEMU_AQ_DEPTH];
	struct nvmet_acpl done[TEMU_AQ_DEPTH];
	unsigned int ndone;
	struct nvmetest_cmdlog_entry log[TEMU_LOG_ENTRIES];
	uint64_t log_seq;
	/*
	 * The controller's enables: a queue made in an earlier one was
	 * forgotten by the reset since (as the module marks it orphaned), so
	 * deleting it only frees its memory. By queue id, 0 for none.
	 */
	uint64_t enables;
	uint64_t *sq_enable;
	uint64_t *cq_enable;
};

NVMET_HIDDEN int temu_admin_init(struct temu *t);
NVMET_HIDDEN int temu_enable(struct temu *t);
NVMET_HIDDEN int temu_reset(struct temu *t);
/*
 * End every admin command in flight: the library's come back ABORTED when
 * @report, else they are dropped (the library forgot them: power off).
 */
NVMET_HIDDEN void temu_admin_abort_all(struct temu *t, bool report);
/* An admin command of the transport's own, waited for (the controller's timeout). */
NVMET_HIDDEN int temu_admin_sync(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe,
				 struct nvmet_cqe *cqe);
NVMET_HIDDEN int temu_admin_submit(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe,
				   const struct nvmet_buf *buf, size_t off, size_t len,
				   enum nvmet_tdir dir, uint32_t timeout_ms, uint64_t tag);
NVMET_HIDDEN int temu_admin_reap(struct nvmet_ctrl *ctrl, struct nvmet_acpl *out,
				 unsigned int max, unsigned int timeout_ms);
NVMET_HIDDEN int temu_admin_cmdlog(struct nvmet_ctrl *ctrl, struct nvmetest_cmdlog_entry *out,
				   unsigned int max);

#endif /* NVMET_TRANSPORT_EMU_H */
