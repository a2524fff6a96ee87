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

struct nvmet_vcmd;

/**
 * struct nvmet_qcq - a completion queue, shared by the pairs posting to it
 * @kcq: the queue
 * @qid: its id
 * @depth: entries
 * @vector: interrupt vector, or NVMETEST_NO_VECTOR
 * @refs: pairs using it
 * @lost: not (or no longer) in the controller
 */
struct nvmet_qcq {
	struct nvmet_cq_ring kcq;
	uint16_t qid;
	uint32_t depth;
	uint32_t vector;
	unsigned int refs;
	bool lost;
};

/**
 * struct nvmet_trk - one command in flight, indexed by its CID
 * @cb: callback, or NULL
 * @arg: its argument
 * @submit_ns: when it was submitted
 * @log_seq: its command log entry
 * @busy: in flight
 * @timed_out: its callback ran with an all-ones CQE; the CID stays taken
 *	until the controller completes it or a reset
 */
struct nvmet_trk {
	nvmet_cb_t cb;
	void *arg;
	uint64_t submit_ns;
	uint64_t log_seq;
	bool busy;
	bool timed_out;
};

/**
 * struct nvmet_qpair - a queue pair
 * @ctrl: its controller
 * @opts: as created
 * @sq: the submission queue
 * @cq: the completion queue, maybe shared
 * @lost: the SQ is not (or no longer) in the controller
 * @trk: trackers, by CID
 * @free: free CIDs, a stack
 * @nfree: entries of @free
 * @outstanding: commands in flight (timed out ones not counted)
 * @prp: a PRP list page per CID
 * @log_buf: the statistics region: @stats, then @log
 * @stats: counters, as struct nvmetest_qstats
 * @log: command log ring of @log_size entries; command s is at s % @log_size
 * @log_size: entries of @log
 * @log_saved: @log_buf's contents kept over a power cycle (malloc'd), where
 *	@stats and @log point until the new buffer takes them
 * @vcmd: per CID, what a namespace-API command means for verification
 *	(NULL until the first such command; an entry's ns NULL when none)
 * @latest_cid: CID of the last command reaped
 * @latest_latency_ns: its latency
 * @next_timeout_check: when to look for timed out commands next
 */
struct nvmet_qpair {
	struct nvmet_ctrl *ctrl;
	struct nvmet_qpair_opts opts;
	struct nvmet_sq_ring sq;
	struct nvmet_qcq *cq;
	bool lost;
	bool reaping;		/* in qpair_reap(): submissions ring once, after */
	bool ring_pending;
	uint64_t reap_ns;	/* clock reading of the current reap */
	struct nvmet_trk *trk;
	uint16_t *free;
	unsigned int nfree;
	unsigned int outstanding;
	struct nvmet_buf *prp;
	struct nvmet_buf *log_buf;
	struct nvmetest_qstats *stats;
	struct nvmetest_cmdlog_entry *log;
	unsigned int log_size;
	void *log_saved;
	struct nvmet_vcmd *vcmd;
	uint16_t latest_cid;
	uint64_t latest_latency_ns;
	uint64_t next_timeout_check;
};

/*
 * Verification of namespace-API commands: _ready() before submitting one
 * (0 or -ENOMEM), _attach() once it is submitted as @cid; its completion
 * then goes through nvmet_vcmd_complete() before the callback.
 */
NVMET_HIDDEN int nvmet_qpair_vcmd_ready(struct nvmet_qpair *qp);
NVMET_HIDDEN void nvmet_qpair_vcmd_attach(struct nvmet_qpair *qp, uint16_t cid,
					  const struct nvmet_vcmd *vc);

#endif /* NVMET_QPAIR_PRIV_H */
