// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * qpair_io.c - submitting and reaping on a queue pair: trackers whose
 * index is the CID, a PRP list page per tracker, callbacks, timeouts,
 * interrupt checks, the statistics and the command log.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <sched.h>
#include <string.h>
#include <time.h>

#include <nvmet/names.h>
#include <nvmet/prp.h>

#include "qpair_priv.h"
#include "verify_priv.h"

/* Commands past their timeout are looked for this often. */
#define TIMEOUT_CHECK_NS	10000000ull
#define REAP_BATCH		64

uint64_t nvmet_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static struct nvmetest_cmdlog_entry *log_entry(const struct nvmet_qpair *qp, uint64_t seq)
{
	struct nvmetest_cmdlog_entry *e = &qp->log[seq % qp->log_size];

	/* Overwritten already when more than a ring's worth came after it. */
	return e->seq == seq ? e : NULL;
}

/* Log a command and count it; returns its sequence number. */
static uint64_t log_submit(struct nvmet_qpair *qp, const struct nvmet_sqe *sqe, size_t len,
			   uint64_t now)
{
	struct nvmetest_qstats *st = qp->stats;
	uint64_t seq = st->next_seq++;
	struct nvmetest_cmdlog_entry *e = &qp->log[seq % qp->log_size];

	memcpy(e->sqe, sqe, sizeof(e->sqe));
	memset(e->cqe, 0, sizeof(e->cqe));
	e->submit_ns = now;
	e->complete_ns = 0;
	e->seq = seq;
	e->flags = 0;
	e->rsvd = 0;
	st->submitted++;
	st->outstanding = qp->outstanding;
	if (sqe->opc == NVMET_CMD_READ) {
		st->read_cmds++;
		st->read_bytes += len;
	} else if (sqe->opc == NVMET_CMD_WRITE) {
		st->write_cmds++;
		st->write_bytes += len;
	}
	return seq;
}

static void log_end(struct nvmet_qpair *qp, uint64_t seq, const struct nvmet_cqe *cqe,
		    uint32_t flag, uint64_t now)
{
	struct nvmetest_cmdlog_entry *e = log_entry(qp, seq);

	if (!e)
		return;
	if (cqe)
		memcpy(e->cqe, cqe, sizeof(e->cqe));
	else
		memset(e->cqe, 0xff, sizeof(e->cqe));
	e->complete_ns = now;
	e->flags |= flag;
}

/* Check a command's data arguments. */
static int data_ok(const struct nvmet_sqe *sqe, const struct nvmet_buf *buf, size_t offset,
		   size_t len)
{
	return sqe && (!len || (buf && offset <= buf->size && len <= buf->size - offset));
}

/* Point @sqe at its data: PRPs, or one SGL data block descriptor. */
static int qpair_dptr(struct nvmet_qpair *qp, uint16_t cid, struct nvmet_sqe *sqe,
		      const struct nvmet_buf *buf, size_t offset, size_t len)
{
	uint32_t page = qp->ctrl->info.page_size;
	struct nvmet_prplist list = {
		.va = (uint8_t *)qp->prp->va + (size_t)cid * page,
		.iova = qp->prp->iova + (uint64_t)cid * page,
		.size = page,
	};
	struct nvmet_sgl_seg seg = { .iova = buf ? buf->iova + offset : 0, .len = (uint32_t)len };

	if (!len)
		return 0;
	if (qp->opts.sgl)
		return len > UINT32_MAX ? -EINVAL : nvmet_sgl_build(sqe, &seg, 1, &list);
	return nvmet_prp_build(sqe, buf->iova + offset, len, page, &list);
}

/*
 * The common case without a call: PRPs for data within two memory pages
 * (4 KiB at any dword offset) need no list. Returns 1 when it did the
 * job, 0 when qpair_dptr() must.
 */
static inline int qpair_dptr_fast(const struct nvmet_qpair *qp, struct nvmet_sqe *sqe,
				  const struct nvmet_buf *buf, size_t offset, size_t len)
{
	uint32_t page = qp->ctrl->info.page_size;
	uint64_t iova, first;

	if (!len || qp->opts.sgl || !buf)
		return 0;
	iova = buf->iova + offset;
	first = page - (iova & (page - 1));
	if ((iova & 3) || len > first + page)
		return 0;
	sqe->flags &= (uint8_t)~NVMET_SQE_PSDT_MASK;
	sqe->prp1 = iova;
	sqe->prp2 = len > first ? iova + first : 0;
	return 1;
}

/* The command @cid was placed in the SQ: track and log it. */
static void qpair_track(struct nvmet_qpair *qp, uint16_t cid, const struct nvmet_sqe *sqe,
			size_t len, nvmet_cb_t cb, void *cb_arg)
{
	struct nvmet_trk *trk = &qp->trk[cid];

	trk->cb = cb;
	trk->arg = cb_arg;
	trk->busy = true;
	trk->timed_out = false;
	/* From a completion callback: the reap's clock reading will do. */
	trk->submit_ns = qp->reaping ? qp->reap_ns : nvmet_now_ns();
	qp->outstanding++;
	trk->log_seq = log_submit(qp, sqe, len, trk->submit_ns);
}

int nvmet_qpair_submit(struct nvmet_qpair *qp, struct nvmet_sqe *sqe, struct nvmet_buf *buf,
		       size_t offset, size_t len, nvmet_cb_t cb, void *cb_arg)
{
	uint16_t cid;
	int ret;

	if (qp->lost)
		return -EIO;
	if (!data_ok(sqe, buf, offset, len))
		return -EINVAL;
	if (!qp->nfree)
		return -EBUSY;
	cid = qp->free[qp->nfree - 1];
	sqe->cid = cid;
	ret = qpair_dptr_fast(qp, sqe, buf, offset, len) ? 0 :
	      qpair_dptr(qp, cid, sqe, buf, offset, len);
	if (!ret)
		ret = nvmet_ksq_place(&qp->sq, sqe);
	if (ret)
		return ret;
	qp->nfree--;
	qpair_track(qp, cid, sqe, len, cb, cb_arg);
	/* From a completion callback, one doorbell write after the batch. */
	if (qp->reaping)
		qp->ring_pending = true;
	else
		nvmet_ksq_ring(&qp->sq);
	return 0;
}

/* Free SQ slots, from the head the controller last reported. */
static uint32_t sq_space(const struct nvmet_ksq *sq)
{
	return (sq->head + sq->size - sq->tail - 1) % sq->size;
}

int nvmet_qpair_submit_fused(struct nvmet_qpair *qp, struct nvmet_sqe *first,
			     struct nvmet_buf *buf1, size_t off1, size_t len1,
			     struct nvmet_sqe *second, struct nvmet_buf *buf2, size_t off2,
			     size_t len2, nvmet_cb_t cb, void *cb_arg)
{
	uint16_t cid1, cid2;
	int ret;

	if (qp->lost)
		return -EIO;
	if (!data_ok(first, buf1, off1, len1) || !data_ok(second, buf2, off2, len2))
		return -EINVAL;
	if (qp->nfree < 2 || sq_space(&qp->sq) < 2)
		return -EBUSY;
	cid1 = qp->free[qp->nfree - 1];
	cid2 = qp->free[qp->nfree - 2];
	first->cid = cid1;
	second->cid = cid2;
	ret = qpair_dptr(qp, cid1, first, buf1, off1, len1);
	if (!ret)
		ret = qpair_dptr(qp, cid2, second, buf2, off2, len2);
	if (ret)
		return ret;
	/* Adjacent in the SQ, and one doorbell write for both. */
	nvmet_ksq_place(&qp->sq, first);
	nvmet_ksq_place(&qp->sq, second);
	qp->nfree -= 2;
	qpair_track(qp, cid1, first, len1, cb, cb_arg);
	qpair_track(qp, cid2, second, len2, cb, cb_arg);
	nvmet_ksq_ring(&qp->sq);
	return 0;
}

static void trk_release(struct nvmet_qpair *qp, uint16_t cid)
{
	qp->trk[cid].busy = false;
	qp->free[qp->nfree++] = cid;
}

/*
 * End the command @cid with @cqe, or all-ones when NULL; @why is its cmdlog
 * flag (NVMETEST_CMDLOG_DONE with a CQE, else _TIMED_OUT or _ABORTED).
 * Calls its callback.
 */
static void qpair_end(struct nvmet_qpair *qp, uint16_t cid, const struct nvmet_cqe *cqe,
		      uint32_t why, uint64_t now)
{
	struct nvmet_trk *trk;
	struct nvmet_cqe ones;

	if (cid + 1u >= qp->opts.depth || !qp->trk[cid].busy)
		return;
	trk = &qp->trk[cid];
	log_end(qp, trk->log_seq, cqe, why, now);
	if (trk->timed_out) {
		/* The late completion of a command already reported. */
		if (cqe)
			trk_release(qp, cid);
		return;
	}
	if (cqe)
		trk_release(qp, cid);
	else
		trk->timed_out = true;
	qp->outstanding--;
	qp->stats->outstanding = qp->outstanding;
	qp->stats->completed++;
	qp->latest_cid = cid;
	qp->latest_latency_ns = now - trk->submit_ns;
	qp->stats->latency_ns += qp->latest_latency_ns;
	if (!cqe) {
		memset(&ones, 0xff, sizeof(ones));
		cqe = &ones;
	}
	if (qp->vcmd && qp->vcmd[cid].ns) {
		/* The table first: the callback may read or write those LBAs again. */
		struct nvmet_cqe seen = *cqe;

		nvmet_vcmd_complete(&qp->vcmd[cid], &seen);
		qp->vcmd[cid].ns = NULL;
		if (trk->cb)
			trk->cb(trk->arg, &seen);
		return;
	}
	if (trk->cb)
		trk->cb(trk->arg, cqe);
}

int nvmet_qpair_vcmd_ready(struct nvmet_qpair *qp)
{
	if (!qp->vcmd)
		qp->vcmd = calloc(qp->opts.depth, sizeof(*qp->vcmd));
	return qp->vcmd ? 0 : -ENOMEM;
}

void nvmet_qpair_vcmd_attach(struct nvmet_qpair *qp, uint16_t cid, const struct nvmet_vcmd *vc)
{
	qp->vcmd[cid] = *vc;
}

/* A reset is under way: every command in flight ends with an all-ones CQE. */
void nvmet_qpair_abort_all(struct nvmet_qpair *qp)
{
	uint32_t cid;

	for (cid = 0; cid + 1 < qp->opts.depth; cid++)
		if (qp->trk[cid].busy && !qp->trk[cid].timed_out)
			qpair_end(qp, (uint16_t)cid, NULL, NVMETEST_CMDLOG_ABORTED, nvmet_now_ns());
	/* The queues start over: every CID is free again. */
	qp->nfree = 0;
	for (cid = qp->opts.depth - 1; cid-- > 0;) {
		qp->trk[cid].busy = false;
		qp->free[qp->nfree++] = (uint16_t)cid;
	}
	qp->lost = true;
	qp->cq->lost = true;
}

static void qpair_expire(struct nvmet_qpair *qp, uint64_t now)
{
	uint64_t limit = (uint64_t)qp->ctrl->timeout_ms * 1000000ull;
	uint32_t cid;

	qp->next_timeout_check = now + TIMEOUT_CHECK_NS;
	for (cid = 0; cid + 1 < qp->opts.depth; cid++) {
		struct nvmet_trk *trk = &qp->trk[cid];

		if (trk->busy && !trk->timed_out && now - trk->submit_ns > limit)
			qpair_end(qp, (uint16_t)cid, NULL, NVMETEST_CMDLOG_TIMED_OUT, now);
	}
}

/* Reap the CQ; completions go to the pair that owns their SQ. */
static int qpair_reap(struct nvmet_qpair *qp, unsigned int max, uint32_t *dw0)
{
	struct nvmet_cqe cqes[REAP_BATCH];
	int n, i, mine = 0;

	n = nvmet_kcq_reap(&qp->cq->kcq, cqes, (int)(max && max < REAP_BATCH ? max : REAP_BATCH));
	if (!n)
		return 0;
	/* One clock reading for the batch: it is when the host saw them. */
	qp->reap_ns = nvmet_now_ns();
	qp->reaping = true;
	for (i = 0; i < n; i++) {
		struct nvmet_qpair *owner = cqes[i].sqid <= qp->ctrl->info.max_qid ?
					    qp->ctrl->qpairs[cqes[i].sqid] : NULL;

		if (!owner || owner->cq != qp->cq)
			continue;
		nvmet_ksq_update_head(&owner->sq, &cqes[i]);
		if (owner == qp) {
			mine++;
			if (dw0)
				*dw0 = cqes[i].dw0;
		}
		qpair_end(owner, cqes[i].cid, &cqes[i], NVMETEST_CMDLOG_DONE, qp->reap_ns);
	}
	qp->reaping = false;
	if (qp->ring_pending) {
		qp->ring_pending = false;
		if (!qp->lost)
			nvmet_ksq_ring(&qp->sq);
	}
	return mine;
}

int nvmet_qpair_process(struct nvmet_qpair *qp, unsigned int max)
{
	unsigned int before = qp->outstanding;
	uint64_t now;

	qpair_reap(qp, max, NULL);
	now = nvmet_now_ns();
	if (qp->outstanding && now >= qp->next_timeout_check)
		qpair_expire(qp, now);
	return (int)(before - qp->outstanding);
}

int nvmet_qpair_waitdone(struct nvmet_qpair *qp, unsigned int n, uint32_t *dw0)
{
	unsigned int target;

	if (n > qp->outstanding)
		return -EINVAL;
	target = qp->outstanding - n;
	while (qp->outstanding > target) {
		uint64_t now;

		if (qpair_reap(qp, 0, dw0))
			continue;
		now = nvmet_now_ns();
		if (now >= qp->next_timeout_check)
			qpair_expire(qp, now);
		sched_yield();
	}
	return 0;
}

unsigned int nvmet_qpair_outstanding(const struct nvmet_qpair *qp)
{
	return qp->outstanding;
}

uint16_t nvmet_qpair_latest_cid(const struct nvmet_qpair *qp)
{
	return qp->latest_cid;
}

uint64_t nvmet_qpair_latest_latency_ns(const struct nvmet_qpair *qp)
{
	return qp->latest_latency_ns;
}

static int qpair_vector(const struct nvmet_qpair *qp, unsigned int *vector)
{
	if (qp->cq->vector == NVMETEST_NO_VECTOR)
		return -EINVAL;
	*vector = qp->cq->vector;
	return 0;
}

int nvmet_qpair_msix_clear(struct nvmet_qpair *qp)
{
	unsigned int v;
	int ret = qpair_vector(qp, &v);

	return ret ? ret : qp->ctrl->tp->irq_clear(qp->ctrl, v);
}

int nvmet_qpair_msix_isset(struct nvmet_qpair *qp)
{
	uint64_t count;
	unsigned int v;
	int ret = qpair_vector(qp, &v);

	if (!ret)
		ret = qp->ctrl->tp->irq_get(qp->ctrl, v, &count, NULL);
	return ret ? ret : count != 0;
}

int nvmet_qpair_msix_mask(struct nvmet_qpair *qp, bool mask)
{
	unsigned int v;
	int ret = qpair_vector(qp, &v);

	return ret ? ret : qp->ctrl->tp->irq_mask(qp->ctrl, v, mask);
}

/* The sequence number of the oldest of the last @max commands logged. */
static uint64_t log_first(const struct nvmet_qpair *qp, unsigned int max)
{
	uint64_t logged = qp->stats->next_seq - 1;
	uint64_t n = logged < qp->log_size ? logged : qp->log_size;

	return logged - (n < max ? n : max) + 1;
}

static void log_rec(const struct nvmetest_cmdlog_entry *e, struct nvmet_cmdlog_rec *rec)
{
	memcpy(&rec->sqe, e->sqe, sizeof(rec->sqe));
	memcpy(&rec->cqe, e->cqe, sizeof(rec->cqe));
	rec->submit_ns = e->submit_ns;
	rec->complete_ns = e->complete_ns;
}

int nvmet_qpair_cmdlog(const struct nvmet_qpair *qp, struct nvmet_cmdlog_rec *out,
		       unsigned int max)
{
	uint64_t seq;
	unsigned int i = 0;

	for (seq = log_first(qp, max); seq < qp->stats->next_seq; seq++)
		log_rec(&qp->log[seq % qp->log_size], &out[i++]);
	return (int)i;
}

int nvmet_qpair_cmdlog_print(const struct nvmet_qpair *qp, unsigned int count, FILE *f)
{
	uint64_t seq, first = log_first(qp, count);

	for (seq = first; seq < qp->stats->next_seq; seq++)
		if (nvmet_cmdlog_entry_print(&qp->log[seq % qp->log_size], qp->opts.qid, f))
			return -EIO;
	return (int)(qp->stats->next_seq - first);
}
