// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * qpair_io.c - submitting and reaping on a queue pair: trackers whose
 * index is the CID, a PRP list page per tracker, callbacks, timeouts,
 * interrupt checks and the command log.
 */
#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <string.h>
#include <time.h>

#include <nvmet/names.h>
#include <nvmet/prp.h>

#include "qpair_priv.h"

/* Commands past their timeout are looked for this often. */
#define TIMEOUT_CHECK_NS	10000000ull
#define REAP_BATCH		64

uint64_t nvmet_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static struct nvmet_cmdlog_rec *log_rec(struct nvmet_qpair *qp, uint64_t seq)
{
	/* Overwritten already when more than a ring's worth came after it. */
	if (qp->log_seq - seq >= qp->log_size)
		return NULL;
	return &qp->log[seq % qp->log_size];
}

int nvmet_qpair_submit(struct nvmet_qpair *qp, struct nvmet_sqe *sqe, struct nvmet_buf *buf,
		       size_t offset, size_t len, nvmet_cb_t cb, void *cb_arg)
{
	uint32_t page = qp->ctrl->info.page_size;
	struct nvmet_cmdlog_rec *rec;
	struct nvmet_trk *trk;
	uint16_t cid;
	int ret;

	if (qp->lost)
		return -EIO;
	if (!sqe || (len && (!buf || offset > buf->size || len > buf->size - offset)))
		return -EINVAL;
	if (!qp->nfree)
		return -EBUSY;
	cid = qp->free[qp->nfree - 1];
	sqe->cid = cid;
	if (len) {
		struct nvmet_prplist list = {
			.va = (uint8_t *)qp->prp->va + (size_t)cid * page,
			.iova = qp->prp->iova + (uint64_t)cid * page,
			.size = page,
		};

		ret = nvmet_prp_build(sqe, buf->iova + offset, len, page, &list);
		if (ret)
			return ret;
	}
	ret = nvmet_ksq_submit(&qp->sq, sqe);
	if (ret)
		return ret;
	qp->nfree--;
	trk = &qp->trk[cid];
	trk->cb = cb;
	trk->arg = cb_arg;
	trk->busy = true;
	trk->timed_out = false;
	trk->submit_ns = nvmet_now_ns();
	trk->log_seq = qp->log_seq++;
	rec = &qp->log[trk->log_seq % qp->log_size];
	rec->sqe = *sqe;
	rec->submit_ns = trk->submit_ns;
	rec->complete_ns = 0;
	qp->outstanding++;
	return 0;
}

static void trk_release(struct nvmet_qpair *qp, uint16_t cid)
{
	qp->trk[cid].busy = false;
	qp->free[qp->nfree++] = cid;
}

void nvmet_qpair_end(struct nvmet_qpair *qp, uint16_t cid, const struct nvmet_cqe *cqe)
{
	struct nvmet_trk *trk;
	struct nvmet_cmdlog_rec *rec;
	struct nvmet_cqe ones;
	uint64_t now = nvmet_now_ns();

	if (cid + 1u >= qp->opts.depth || !qp->trk[cid].busy)
		return;
	trk = &qp->trk[cid];
	rec = log_rec(qp, trk->log_seq);
	if (rec) {
		if (cqe)
			rec->cqe = *cqe;
		else
			memset(&rec->cqe, 0xff, sizeof(rec->cqe));
		rec->complete_ns = now;
	}
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
	qp->latest_cid = cid;
	qp->latest_latency_ns = now - trk->submit_ns;
	if (!cqe) {
		memset(&ones, 0xff, sizeof(ones));
		cqe = &ones;
	}
	if (trk->cb)
		trk->cb(trk->arg, cqe);
}

/* A reset is under way: every command in flight ends with an all-ones CQE. */
void nvmet_qpair_abort_all(struct nvmet_qpair *qp)
{
	uint32_t cid;

	for (cid = 0; cid + 1 < qp->opts.depth; cid++)
		if (qp->trk[cid].busy && !qp->trk[cid].timed_out)
			nvmet_qpair_end(qp, (uint16_t)cid, NULL);
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
			nvmet_qpair_end(qp, (uint16_t)cid, NULL);
	}
}

/* Reap the CQ; completions go to the pair that owns their SQ. */
static int qpair_reap(struct nvmet_qpair *qp, unsigned int max, uint32_t *dw0)
{
	struct nvmet_cqe cqes[REAP_BATCH];
	int n, i, mine = 0;

	n = nvmet_kcq_reap(&qp->cq->kcq, cqes, (int)(max && max < REAP_BATCH ? max : REAP_BATCH));
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
		nvmet_qpair_end(owner, cqes[i].cid, &cqes[i]);
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

int nvmet_qpair_cmdlog(const struct nvmet_qpair *qp, struct nvmet_cmdlog_rec *out,
		       unsigned int max)
{
	uint64_t have = qp->log_seq < qp->log_size ? qp->log_seq : qp->log_size;
	uint64_t n = have < max ? have : max;
	uint64_t seq;
	unsigned int i = 0;

	for (seq = qp->log_seq - n; seq < qp->log_seq; seq++)
		out[i++] = qp->log[seq % qp->log_size];
	return (int)i;
}

int nvmet_qpair_cmdlog_print(const struct nvmet_qpair *qp, unsigned int count, FILE *f)
{
	struct nvmet_cmdlog_rec rec;
	char cmd[160], st[96];
	uint64_t have = qp->log_seq < qp->log_size ? qp->log_seq : qp->log_size;
	uint64_t n = have < count ? have : count;
	uint64_t seq;

	for (seq = qp->log_seq - n; seq < qp->log_seq; seq++) {
		rec = qp->log[seq % qp->log_size];
		nvmet_cmd_snprint(cmd, sizeof(cmd), &rec.sqe, qp->opts.qid);
		if (!rec.complete_ns)
			snprintf(st, sizeof(st), "PENDING");
		else if (nvmet_cqe_is_timeout(&rec.cqe))
			snprintf(st, sizeof(st), "TIMED OUT OR ABORTED");
		else
			nvmet_status_snprint(st, sizeof(st), rec.cqe.status);
		if (fprintf(f, "[%6" PRIu64 ".%06" PRIu64 "] %s -> %s lat:%.1fus\n",
			    (uint64_t)(rec.submit_ns / 1000000000u),
			    (uint64_t)(rec.submit_ns / 1000u % 1000000u), cmd, st,
			    rec.complete_ns ? (double)(rec.complete_ns - rec.submit_ns) / 1e3 : 0.0) < 0)
			return -EIO;
	}
	return (int)n;
}
