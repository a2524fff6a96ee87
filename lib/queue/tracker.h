/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tracker.h - the command tracker, one per queue (an I/O queue pair, the
 * controller's admin queue): its CIDs on a free stack, a record per CID
 * (callback and argument, submit time, command log position, the data
 * buffer), the command log, timeouts and aborts. A command's end reaches
 * its callback as one struct nvmet_cpl.
 *
 * The interface of lib/queue/ to the controller's admin path (lib/ctrl/)
 * and the I/O workers (lib/workload/). The submit and end steps are
 * inline: they are the per-command work of every queue.
 */
#ifndef NVMET_QUEUE_TRACKER_H
#define NVMET_QUEUE_TRACKER_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <nvmet/ctrl.h>

#include "cmdlog.h"
#include "support/compiler.h"

struct nvmet_vcmd;

#define NVMET_TRK_BUSY		0x1u	/* in flight */
/* Its callback ran (timed out); the CID stays taken until the controller answers or a reset. */
#define NVMET_TRK_TIMED_OUT	0x2u
#define NVMET_TRK_NO_TIMEOUT	0x4u	/* never times out (an Asynchronous Event Request) */
#define NVMET_TRK_VCMD		0x8u	/* has a verification record (nvmet_trk_vcmd_attach()) */

/* How often commands in flight are checked against the timeout. */
#define NVMET_TRK_CHECK_NS	10000000ull

/**
 * struct nvmet_trk - one command in flight, indexed by its CID
 * @cb: callback, or NULL
 * @arg: its argument
 * @submit_ns: when it was submitted
 * @log_seq: its command log sequence number
 * @log: its command log entry, NULL when the queue keeps none
 * @buf: its data buffer (set on a queue without rings: a transport that
 *	moves data itself, as NVMe/TCP does, needs @buf, @off and @len to
 *	send and place it; a queue on rings has described it in the SQE)
 * @off: the data's offset in @buf
 * @len: bytes of data
 * @flags: NVMET_TRK_*
 */
struct nvmet_trk {
	nvmet_cb_t cb;
	void *arg;
	uint64_t submit_ns;
	uint64_t log_seq;
	struct nvmetest_cmdlog_entry *log;
	const struct nvmet_buf *buf;
	size_t off;
	uint32_t len;
	uint32_t flags;
};

/**
 * struct nvmet_tracker - the commands of one queue
 * @trk: records, by CID
 * @free: free CIDs, a stack of @nfree; the next command takes the top
 * @nfree: see @free
 * @ncid: CIDs 0 .. @ncid - 1
 * @sqid: the queue's id, for struct nvmet_cpl
 * @next_check: when to look for timed out commands next
 * @log: the command log and the queue's counters
 * @vcmd: per CID, what a namespace-API command means for verification
 *	(NULL until the first such command; an entry's ns NULL when none)
 */
struct nvmet_tracker {
	struct nvmet_trk *trk;
	uint16_t *free;
	unsigned int nfree;
	unsigned int ncid;
	uint16_t sqid;
	uint64_t next_check;
	struct nvmet_cmdlog log;
	struct nvmet_vcmd *vcmd;
};

/* The CQE a command that did not complete ends with. */
NVMET_HIDDEN extern const struct nvmet_cqe nvmet_cqe_ones;

/*
 * @ncid CIDs for queue @sqid; the command log and counters in @log_region
 * (nvmet_cmdlog_bytes(@log_entries) bytes, zeroed). 0 or -ENOMEM.
 */
NVMET_HIDDEN int nvmet_trk_init(struct nvmet_tracker *t, uint16_t sqid, unsigned int ncid,
				void *log_region, uint32_t log_entries);
NVMET_HIDDEN void nvmet_trk_fini(struct nvmet_tracker *t);
/* Every command in flight ends NVMET_CPL_ABORTED (callbacks run); every CID is free again. */
NVMET_HIDDEN void nvmet_trk_abort_all(struct nvmet_tracker *t, uint64_t now);
/* Commands in flight longer than @limit_ns end NVMET_CPL_TIMED_OUT. */
NVMET_HIDDEN void nvmet_trk_expire(struct nvmet_tracker *t, uint64_t now, uint64_t limit_ns);
/* Verification records for the namespace API's commands: 0 or -ENOMEM. */
NVMET_HIDDEN int nvmet_trk_vcmd_ready(struct nvmet_tracker *t);
NVMET_HIDDEN void nvmet_trk_vcmd_attach(struct nvmet_tracker *t, uint16_t cid,
					const struct nvmet_vcmd *vc);

/* Commands in flight whose callback has not run (kept with the counters, which the module reads). */
static inline unsigned int nvmet_trk_outstanding(const struct nvmet_tracker *t)
{
	return t->log.hdr->outstanding;
}

/* The CID the next command gets, or -EBUSY when every one is in flight. */
static inline int nvmet_trk_next(const struct nvmet_tracker *t)
{
	return t->nfree ? t->free[t->nfree - 1] : -EBUSY;
}

/*
 * Command @opc, CID @cid (nvmet_trk_next()'s), moving @len bytes, was
 * submitted at @now: track it. Returns its command log entry, its SQE left
 * to the caller to copy, or NULL when the queue keeps no log.
 */
static inline struct nvmetest_cmdlog_entry *nvmet_trk_begin(struct nvmet_tracker *t, uint16_t cid,
							    uint8_t opc, size_t len,
							    nvmet_cb_t cb, void *arg,
							    uint32_t flags, uint64_t now)
{
	struct nvmet_trk *k = &t->trk[cid];

	t->nfree--;
	k->cb = cb;
	k->arg = arg;
	k->submit_ns = now;
	k->flags = NVMET_TRK_BUSY | flags;
	k->log = nvmet_cmdlog_take(&t->log, opc, len, now, &k->log_seq);
	t->log.hdr->outstanding++;
	return k->log;
}

/* As nvmet_trk_begin(), the SQE logged too. */
static inline void nvmet_trk_start(struct nvmet_tracker *t, uint16_t cid,
				   const struct nvmet_sqe *sqe, size_t len, nvmet_cb_t cb,
				   void *arg, uint32_t flags, uint64_t now)
{
	struct nvmetest_cmdlog_entry *e = nvmet_trk_begin(t, cid, sqe->opc, len, cb, arg, flags,
							  now);

	if (e)
		memcpy(e->sqe, sqe, sizeof(e->sqe));
}

static inline void nvmet_trk_release(struct nvmet_tracker *t, uint16_t cid)
{
	t->trk[cid].flags = 0;
	t->free[t->nfree++] = cid;
}

/* nvmet_trk_end() for anything but a plain command in flight. */
NVMET_HIDDEN bool nvmet_trk_end_other(struct nvmet_tracker *t, uint16_t cid,
				      const struct nvmet_cqe *cqe, int result, uint64_t now);

/*
 * Command @cid ended at @now with @result: with @cqe, or without one (NULL:
 * the all-ones CQE). A command the tracker timed out itself (@cqe NULL,
 * NVMET_CPL_TIMED_OUT) keeps its CID until the controller answers; any
 * other end frees it, before the callback runs (which may submit again).
 * A CID not in flight is ignored: a tap or a faulty controller made the
 * completion up. Returns whether a callback was due.
 *
 * Inline for the plain case (a command in flight, nothing else to do but
 * log it and call back): it runs for every completion of every queue.
 */
static inline __attribute__((always_inline)) bool nvmet_trk_end(struct nvmet_tracker *t,
								 uint16_t cid,
								 const struct nvmet_cqe *cqe,
								 int result, uint64_t now)
{
	struct nvmet_trk *k;
	struct nvmet_cpl cpl;
	nvmet_cb_t cb;
	void *arg;

	if (cid >= t->ncid)
		return false;
	k = &t->trk[cid];
	if (__builtin_expect(k->flags != NVMET_TRK_BUSY || result != NVMET_CPL_DONE, 0))
		return nvmet_trk_end_other(t, cid, cqe, result, now);
	cb = k->cb;
	arg = k->arg;
	cpl.cqe = cqe;
	cpl.submit_ns = k->submit_ns;
	cpl.complete_ns = now;
	cpl.sqid = t->sqid;
	cpl.cid = cid;
	cpl.result = NVMET_CPL_DONE;
	nvmet_cmdlog_end(k->log, k->log_seq, cqe, NVMETEST_CMDLOG_DONE, now);
	nvmet_trk_release(t, cid);
	t->log.hdr->outstanding--;
	t->log.hdr->completed++;
	t->log.hdr->latency_ns += now - cpl.submit_ns;
	if (cb)
		cb(arg, &cpl);
	return true;
}

#endif /* NVMET_QUEUE_TRACKER_H */
