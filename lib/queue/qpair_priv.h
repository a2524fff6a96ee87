/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * qpair_priv.h - queue pair internals: the CQ (possibly shared), the
 * trackers indexed by CID, the PRP list pages, and the statistics and
 * command log, kept in a DMA buffer in the layout of the module's ABI
 * (struct nvmetest_qstats, then the entries) so the module can report them.
 * The interface of lib/queue/ to the controller and the I/O workers.
 */
#ifndef NVMET_QPAIR_PRIV_H
#define NVMET_QPAIR_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include <nvmet/qpair.h>

#include "ctrl/ctrl_priv.h"
#include "support/clock.h"
#include "tracker.h"

/**
 * struct nvmet_qcq - a completion queue, shared by the pairs posting to it
 * @ring: the queue
 * @qid: its id
 * @depth: entries
 * @vector: interrupt vector, or NVMETEST_NO_VECTOR
 * @refs: pairs using it (more than one: completions go to the pair their
 *	SQ ID names)
 * @lost: not (or no longer) in the controller
 */
struct nvmet_qcq {
	struct nvmet_cq_ring ring;
	uint16_t qid;
	uint32_t depth;
	uint32_t vector;
	unsigned int refs;
	bool lost;
};

struct nvmet_qpair;

/**
 * struct nvmet_qhook - a queue without rings: a transport that carries
 * commands and completions itself (NVMe/TCP) submits and polls for the
 * pair; none of today's transports has one
 * @submit: send @sqe (its CID assigned, nvmet_trk_start() done by the
 *	caller after it returns 0); 0, -EBUSY or a negative errno
 * @poll: take up to @max completions (0: all), ending each with
 *	nvmet_trk_end(); returns how many
 */
struct nvmet_qhook {
	int (*submit)(struct nvmet_qpair *qp, const struct nvmet_sqe *sqe,
		      const struct nvmet_buf *buf, size_t off, size_t len);
	int (*poll)(struct nvmet_qpair *qp, unsigned int max);
};

/**
 * struct nvmet_qpair - a queue pair
 * @ctrl: its controller
 * @opts: as created
 * @sq: the submission queue
 * @cq: the completion queue, maybe shared
 * @trk: its commands: CIDs, callbacks, command log, counters
 * @hook: NULL for a pair on rings (the inline path)
 * @lost: the SQ is not (or no longer) in the controller
 * @slow: @lost, @hook or SGLs: submissions take qpair_submit_slow()
 * @fast: @reaping and not @slow: nvmet_qpair_submit()'s fast path
 * @reaping: in qpair_reap(): submissions from callbacks ring the doorbell
 *	once, after the batch, and take the reap's clock reading
 * @ring_pending: such a submission is waiting for its doorbell write
 * @reap_ns: the clock reading of the current reap
 * @idle_polls: empty polls in a row (the clock is read every so many)
 * @page_size: the controller's memory page size
 * @prp: a PRP list page per CID
 * @log_buf: the command log region (struct nvmetest_qstats and entries),
 *	DMA memory of the controller so the module can report it
 * @log_saved: @log_buf's contents kept over a power cycle (malloc'd),
 *	where the log points until the new buffer takes them
 */
struct nvmet_qpair {
	struct nvmet_ctrl *ctrl;
	struct nvmet_qpair_opts opts;
	struct nvmet_sq_ring sq;
	struct nvmet_qcq *cq;
	struct nvmet_tracker trk;
	const struct nvmet_qhook *hook;
	bool lost;
	bool slow;
	bool fast;
	bool reaping;
	bool ring_pending;
	uint64_t reap_ns;
	unsigned int idle_polls;
	uint32_t page_size;
	struct nvmet_buf *prp;
	struct nvmet_buf *log_buf;
	void *log_saved;
};

/* @qp->lost changed (or what else sends its commands the long way). */
static inline void nvmet_qpair_set_slow(struct nvmet_qpair *qp)
{
	qp->slow = qp->lost || qp->hook || qp->opts.sgl;
	qp->fast = qp->fast && !qp->slow;
}

#endif /* NVMET_QPAIR_PRIV_H */
