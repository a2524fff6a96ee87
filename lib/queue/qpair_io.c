// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * qpair_io.c - submitting and reaping on a queue pair: the data pointer
 * (a PRP list page per CID), the ring, the tracker (callbacks, timeouts,
 * the command log), interrupt checks.
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

#define REAP_BATCH		64
/* Empty polls between clock readings (for the timeouts): a power of two. */
#define IDLE_CLOCK_POLLS	256u

/* Check a command's data arguments. */
static inline bool data_ok(const struct nvmet_buf *buf, size_t offset, size_t len)
{
	return !len || (buf && offset <= buf->size && len <= buf->size - offset);
}

/* Point @sqe at its data: PRPs, or one SGL data block descriptor. */
static int qpair_dptr(struct nvmet_qpair *qp, uint16_t cid, struct nvmet_sqe *sqe,
		      const struct nvmet_buf *buf, size_t offset, size_t len)
{
	uint32_t page = qp->page_size;
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
 * PRPs for @len bytes at @iova within two memory pages (4 KiB at any
 * dword offset): no list needed. Returns 1 when it did the job, 0 when
 * qpair_dptr() must.
 */
static inline int qpair_prp_two(const struct nvmet_qpair *qp, struct nvmet_sqe *sqe,
				uint64_t iova, size_t len)
{
	uint64_t first = qp->page_size - (iova & (qp->page_size - 1));

	if ((iova & 3) || len > first + qp->page_size)
		return 0;
	sqe->flags &= (uint8_t)~NVMET_SQE_PSDT_MASK;
	sqe->prp1 = iova;
	sqe->prp2 = len > first ? iova + first : 0;
	return 1;
}

/* The data pointer without a call when it can be (PRPs, no list), as qpair_prp_two(). */
static inline int qpair_dptr_fast(const struct nvmet_qpair *qp, struct nvmet_sqe *sqe,
				  const struct nvmet_buf *buf, size_t offset, size_t len)
{
	if (!len || qp->opts.sgl)
		return 0;
	return qpair_prp_two(qp, sqe, buf->iova + offset, len);
}

/* Ring the SQ doorbell, or, from a completion callback, once after the batch. */
static inline void qpair_ring(struct nvmet_qpair *qp)
{
	if (qp->reaping)
		qp->ring_pending = true;
	else
		nvmet_sq_ring(&qp->sq);
}

/*
 * What the fast path leaves to a call: no data, a data pointer that needs
 * a PRP list or an SGL, a queue without rings, a queue that is full or
 * gone.
 */
static __attribute__((noinline)) int qpair_submit_slow(struct nvmet_qpair *qp,
						       struct nvmet_sqe *sqe,
						       struct nvmet_buf *buf, size_t offset,
						       size_t len, nvmet_cb_t cb, void *cb_arg)
{
	uint64_t now = qp->reaping ? qp->reap_ns : nvmet_now_ns();
	int cid, ret;

	if (qp->lost)
		return -EIO;
	if (!sqe || !data_ok(buf, offset, len))
		return -EINVAL;
	cid = nvmet_trk_next(&qp->trk);
	if (cid < 0)
		return cid;
	sqe->cid = (uint16_t)cid;
	if (qp->hook) {
		/* The transport carries the data itself: it needs to know where it is. */
		ret = qp->hook->submit(qp, sqe, buf, offset, len);
		if (ret)
			return ret;
		qp->trk.trk[cid].buf = buf;
		qp->trk.trk[cid].off = offset;
		qp->trk.trk[cid].len = (uint32_t)len;
		nvmet_trk_start(&qp->trk, (uint16_t)cid, sqe, len, cb, cb_arg, 0, now);
		return 0;
	}
	ret = qpair_dptr_fast(qp, sqe, buf, offset, len) ? 0 :
	      qpair_dptr(qp, (uint16_t)cid, sqe, buf, offset, len);
	if (!ret)
		ret = nvmet_sq_place(&qp->sq, sqe);
	if (ret)
		return ret;
	nvmet_trk_start(&qp->trk, (uint16_t)cid, sqe, len, cb, cb_arg, 0, now);
	qpair_ring(qp);
	return 0;
}

/*
 * The common case, from a completion callback (where the reap's clock
 * reading will do): a free CID, room in the SQ, data in at most two pages.
 * It makes no call but a tail call to qpair_submit_slow(), which does it
 * all again the long way.
 */
int nvmet_qpair_submit(struct nvmet_qpair *qp, struct nvmet_sqe *sqe, struct nvmet_buf *buf,
		       size_t offset, size_t len, nvmet_cb_t cb, void *cb_arg)
{
	struct nvmet_tracker *t = &qp->trk;
	struct nvmet_sq_ring *sq = &qp->sq;
	unsigned int nfree = t->nfree;
	uint32_t next = sq->tail + 1 == sq->size ? 0 : sq->tail + 1;
	uint16_t cid;

	if (__builtin_expect(!qp->fast || !nfree || next == sq->head || !sqe || !len || !buf ||
			     offset > buf->size || len > buf->size - offset, 0))
		return qpair_submit_slow(qp, sqe, buf, offset, len, cb, cb_arg);
	cid = t->free[nfree - 1];
	if (__builtin_expect(!qpair_prp_two(qp, sqe, buf->iova + offset, len), 0))
		return qpair_submit_slow(qp, sqe, buf, offset, len, cb, cb_arg);
	sqe->cid = cid;
	/* Read once, written to the ring slot and the command log entry. */
	nvmet_sqe_copy2(&sq->entries[sq->tail],
			nvmet_trk_begin(t, cid, sqe->opc, len, cb, cb_arg, 0, qp->reap_ns), sqe);
	sq->tail = next;
	/* One doorbell write after the batch. */
	qp->ring_pending = true;
	return 0;
}

int nvmet_qpair_submit_fused(struct nvmet_qpair *qp, struct nvmet_sqe *first,
			     struct nvmet_buf *buf1, size_t off1, size_t len1,
			     struct nvmet_sqe *second, struct nvmet_buf *buf2, size_t off2,
			     size_t len2, nvmet_cb_t cb, void *cb_arg)
{
	uint64_t now;
	int ret;

	if (qp->lost)
		return -EIO;
	if (!first || !second || !data_ok(buf1, off1, len1) || !data_ok(buf2, off2, len2))
		return -EINVAL;
	if (qp->hook) {
		nvmet_set_error("fused commands need a submission queue ring");
		return -EOPNOTSUPP;
	}
	if (qp->trk.nfree < 2 || nvmet_sq_space(&qp->sq) < 2)
		return -EBUSY;
	first->cid = qp->trk.free[qp->trk.nfree - 1];
	second->cid = qp->trk.free[qp->trk.nfree - 2];
	ret = qpair_dptr(qp, first->cid, first, buf1, off1, len1);
	if (!ret)
		ret = qpair_dptr(qp, second->cid, second, buf2, off2, len2);
	if (ret)
		return ret;
	/* Adjacent in the SQ, and one doorbell write for both. */
	nvmet_sq_place(&qp->sq, first);
	nvmet_sq_place(&qp->sq, second);
	now = qp->reaping ? qp->reap_ns : nvmet_now_ns();
	nvmet_trk_start(&qp->trk, first->cid, first, len1, cb, cb_arg, 0, now);
	nvmet_trk_start(&qp->trk, second->cid, second, len2, cb, cb_arg, 0, now);
	qpair_ring(qp);
	return 0;
}

/* A reset is under way: every command in flight ends NVMET_CPL_ABORTED. */
void nvmet_qpair_abort_all(struct nvmet_qpair *qp)
{
	nvmet_trk_abort_all(&qp->trk, nvmet_now_ns());
	qp->lost = true;
	nvmet_qpair_set_slow(qp);
	qp->cq->lost = true;
}

static void qpair_expire(struct nvmet_qpair *qp, uint64_t now)
{
	nvmet_trk_expire(&qp->trk, now, (uint64_t)qp->ctrl->timeout_ms * 1000000ull);
}

/* The pair a completion on @qp's shared CQ is for, or NULL when none of the CQ's. */
static inline struct nvmet_qpair *qpair_owner(struct nvmet_qpair *qp,
					      const struct nvmet_cqe *cqe)
{
	struct nvmet_qpair *owner;

	owner = cqe->sqid <= qp->ctrl->info.max_qid ? qp->ctrl->qpairs[cqe->sqid] : NULL;
	return owner && owner->cq == qp->cq ? owner : NULL;
}

/*
 * Reap up to @max completions (0: a batch) from the CQ; each goes to the
 * pair its SQ ID names. With @mine, returns how many were @qp's and @dw0
 * gets the DW0 of the last of them (waitdone); without, how many it took.
 * An empty CQ costs one look at a phase tag.
 */
static inline __attribute__((always_inline)) int qpair_reap_core(struct nvmet_qpair *qp,
								 unsigned int max, bool mine,
								 uint32_t *dw0)
{
	struct nvmet_cq_ring *cq = &qp->cq->ring;
	const struct nvmet_cqe *e = nvmet_cq_peek(cq);
	bool shared = qp->cq->refs > 1;
	unsigned int n = 0;
	int count = 0;
	uint64_t now;

	if (!e)
		return 0;
	if (!max || max > REAP_BATCH)
		max = REAP_BATCH;
	/* One clock reading for the batch: it is when the host saw them. */
	qp->reap_ns = now = nvmet_now_ns();
	qp->reaping = true;
	qp->fast = !qp->slow;
	do {
		/*
		 * One copy, out of the ring: the slot is the controller's again
		 * once the head doorbell is written, which a callback polling
		 * the same CQ would do while its completion is still in use.
		 */
		struct nvmet_cqe cqe = *e;
		struct nvmet_qpair *owner = qp;

		nvmet_cq_advance(cq);
		/* A CQ of its own needs no lookup, only a check. */
		if (__builtin_expect(shared, 0))
			owner = qpair_owner(qp, &cqe);
		else if (cqe.sqid != qp->opts.qid)
			owner = NULL;
		if (!owner)
			continue;
		nvmet_sq_update_head(&owner->sq, &cqe);
		if (!mine) {
			count++;
		} else if (owner == qp) {
			count++;
			if (dw0)
				*dw0 = cqe.dw0;
		}
		nvmet_trk_end(&owner->trk, cqe.cid, &cqe, NVMET_CPL_DONE, now);
	} while (++n < max && (e = nvmet_cq_peek(cq)));
	nvmet_cq_ring(cq);
	qp->reaping = false;
	qp->fast = false;
	if (qp->ring_pending) {
		qp->ring_pending = false;
		if (!qp->lost)
			nvmet_sq_ring(&qp->sq);
	}
	return count;
}

/* (Not inlined: tools/bench.sh counts its calls, the polls.) */
static __attribute__((noinline)) int qpair_reap(struct nvmet_qpair *qp, unsigned int max)
{
	return qpair_reap_core(qp, max, false, NULL);
}

static int qpair_reap_mine(struct nvmet_qpair *qp, uint32_t *dw0)
{
	return qpair_reap_core(qp, 0, true, dw0);
}

int nvmet_qpair_process(struct nvmet_qpair *qp, unsigned int max)
{
	unsigned int before = nvmet_trk_outstanding(&qp->trk);
	uint64_t now;

	if (__builtin_expect(qp->hook != NULL, 0))
		qp->hook->poll(qp, max);
	else if (qpair_reap(qp, max))
		qp->idle_polls = 0;
	if (before == nvmet_trk_outstanding(&qp->trk)) {
		/* Nothing came: the clock (for the timeouts) only now and then. */
		if (!nvmet_trk_outstanding(&qp->trk) || ++qp->idle_polls & (IDLE_CLOCK_POLLS - 1))
			return 0;
		now = nvmet_now_ns();
	} else {
		now = qp->hook ? nvmet_now_ns() : qp->reap_ns;
	}
	if (nvmet_trk_outstanding(&qp->trk) && now >= qp->trk.next_check)
		qpair_expire(qp, now);
	return (int)(before - nvmet_trk_outstanding(&qp->trk));
}

int nvmet_qpair_waitdone(struct nvmet_qpair *qp, unsigned int n, uint32_t *dw0)
{
	unsigned int target;

	if (n > nvmet_trk_outstanding(&qp->trk))
		return -EINVAL;
	target = nvmet_trk_outstanding(&qp->trk) - n;
	while (nvmet_trk_outstanding(&qp->trk) > target) {
		uint64_t now;

		if (qp->hook ? qp->hook->poll(qp, 0) > 0 : qpair_reap_mine(qp, dw0) > 0)
			continue;
		now = nvmet_now_ns();
		if (now >= qp->trk.next_check)
			qpair_expire(qp, now);
		sched_yield();
	}
	return 0;
}

unsigned int nvmet_qpair_outstanding(const struct nvmet_qpair *qp)
{
	return nvmet_trk_outstanding(&qp->trk);
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
	const struct nvmet_cmdlog *log = &qp->trk.log;
	uint64_t seq;
	unsigned int i = 0;

	for (seq = nvmet_cmdlog_first(log, max); seq < log->hdr->next_seq; seq++)
		log_rec(nvmet_cmdlog_at(log, seq), &out[i++]);
	return (int)i;
}

int nvmet_qpair_cmdlog_print(const struct nvmet_qpair *qp, unsigned int count, FILE *f)
{
	const struct nvmet_cmdlog *log = &qp->trk.log;
	uint64_t seq, first = nvmet_cmdlog_first(log, count);

	for (seq = first; seq < log->hdr->next_seq; seq++)
		if (nvmet_cmdlog_entry_print(nvmet_cmdlog_at(log, seq), qp->opts.qid, f))
			return -EIO;
	return (int)(log->hdr->next_seq - first);
}
