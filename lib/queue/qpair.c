// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * qpair.c - I/O queue pairs: creation (with a CQ of their own or shared),
 * deletion, and re-creation after a controller reset.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "qpair_priv.h"

#define QPAIR_DEFAULT_DEPTH	64
/* Command log entries per pair: a power of two. */
#define QPAIR_CMDLOG_SIZE	1024u

static int qcq_create(struct nvmet_ctrl *ctrl, struct nvmet_qcq *cq)
{
	uint32_t status = 0;
	int ret;

	ret = ctrl->tp->cq_create(ctrl, cq->qid, cq->depth, cq->vector, &cq->ring, &status);
	if (!ret)
		cq->lost = false;
	return ret;
}

static uint16_t free_qid(const struct nvmet_ctrl *ctrl)
{
	uint32_t q;

	for (q = 1; q <= ctrl->info.max_qid; q++)
		if (!ctrl->qpairs[q])
			return (uint16_t)q;
	return 0;
}

static int qpair_check(const struct nvmet_ctrl *ctrl, const struct nvmet_qpair_opts *o)
{
	uint32_t mqes = (uint32_t)(ctrl->info.cap & 0xffff) + 1;

	if (ctrl->tp->qhook && (o->share_cq || o->irq)) {
		nvmet_set_error("a %s controller has no shared completion queues or interrupts",
				ctrl->tp->name);
		return -EOPNOTSUPP;
	}
	if (o->depth < 2 || o->depth > mqes || o->prio > 3)
		return -EINVAL;
	if (o->qid > ctrl->info.max_qid)
		return -EINVAL;
	if (o->irq && o->vector >= ctrl->info.nr_vectors)
		return -EINVAL;
	if (o->share_cq && o->share_cq->ctrl != ctrl)
		return -EINVAL;
	/* SGLS bits 1:0: SGLs supported (with or without alignment rules). */
	if (o->sgl && (!ctrl->id_valid || !(ctrl->id[NVMET_ID_CTRL_SGLS] & 0x3)))
		return -EOPNOTSUPP;
	return 0;
}

static uint32_t qpair_log_entries(const struct nvmet_qpair *qp)
{
	return qp->opts.no_cmdlog ? 0 : QPAIR_CMDLOG_SIZE;
}

static int qpair_alloc(struct nvmet_ctrl *ctrl, struct nvmet_qpair *qp)
{
	uint32_t page = ctrl->info.page_size;
	size_t log_bytes = nvmet_cmdlog_bytes(qpair_log_entries(qp));
	int ret;

	qp->page_size = page;
	/* One PRP list page per CID, on rings (a transport that carries data needs none). */
	ret = ctrl->tp->qhook ? 0 :
	      nvmet_ctrl_buf_alloc(ctrl, (size_t)qp->opts.depth * page, "prp lists", &qp->prp);
	if (ret)
		return ret;
	ret = nvmet_ctrl_buf_alloc(ctrl, log_bytes, "cmdlog", &qp->log_buf);
	if (ret)
		return ret;
	/* The SQ holds depth - 1 commands: CIDs 0 .. depth - 2. */
	return nvmet_trk_init(&qp->trk, qp->opts.qid, qp->opts.depth - 1, qp->log_buf->va,
			      qpair_log_entries(qp));
}

static void qpair_free(struct nvmet_qpair *qp)
{
	nvmet_trk_fini(&qp->trk);
	free(qp->log_saved);
	nvmet_buf_free(qp->log_buf);
	nvmet_buf_free(qp->prp);
	free(qp);
}

static int qpair_make_queues(struct nvmet_ctrl *ctrl, struct nvmet_qpair *qp)
{
	uint32_t status = 0;
	int ret;

	if (qp->cq->lost) {
		ret = qcq_create(ctrl, qp->cq);
		if (ret)
			return ret;
	}
	ret = ctrl->tp->sq_create(ctrl, qp->opts.qid, qp->opts.depth, &qp->cq->ring, qp->opts.prio,
				  &qp->sq, &status);
	qp->hook = ctrl->tp->qhook;
	qp->lost = ret != 0;
	nvmet_qpair_set_slow(qp);
	/*
	 * Best effort: outside tools see the counters and the cmdlog where
	 * the transport can show them (an older module cannot).
	 */
	if (!ret && ctrl->tp->queue_stats && qpair_log_entries(qp))
		ctrl->tp->queue_stats(ctrl, qp->opts.qid, qp->log_buf, 0);
	return ret;
}

int nvmet_qpair_create(struct nvmet_ctrl *ctrl, const struct nvmet_qpair_opts *opts,
		       struct nvmet_qpair **out)
{
	struct nvmet_qpair *qp;
	int ret;

	qp = calloc(1, sizeof(*qp));
	if (!qp)
		return -ENOMEM;
	qp->ctrl = ctrl;
	if (opts)
		qp->opts = *opts;
	if (!qp->opts.depth)
		qp->opts.depth = QPAIR_DEFAULT_DEPTH;
	if (!qp->opts.qid)
		qp->opts.qid = free_qid(ctrl);
	ret = qp->opts.qid ? qpair_check(ctrl, &qp->opts) : -ENOSPC;
	if (!ret && ctrl->qpairs[qp->opts.qid])
		ret = -EEXIST;
	if (!ret)
		ret = qpair_alloc(ctrl, qp);
	if (ret)
		goto err_free;

	if (qp->opts.share_cq) {
		qp->cq = qp->opts.share_cq->cq;
	} else {
		qp->cq = calloc(1, sizeof(*qp->cq));
		if (!qp->cq) {
			ret = -ENOMEM;
			goto err_free;
		}
		qp->cq->qid = qp->opts.qid;
		qp->cq->depth = qp->opts.depth;
		qp->cq->vector = qp->opts.irq ? qp->opts.vector : NVMETEST_NO_VECTOR;
		qp->cq->lost = true;
	}
	qp->cq->refs++;
	ret = qpair_make_queues(ctrl, qp);
	if (ret)
		goto err_cq;
	ctrl->qpairs[qp->opts.qid] = qp;
	*out = qp;
	return 0;

err_cq:
	if (--qp->cq->refs == 0) {
		if (!qp->cq->lost)
			ctrl->tp->cq_delete(ctrl, &qp->cq->ring, NULL);
		free(qp->cq);
	}
err_free:
	qpair_free(qp);
	return ret;
}

static void qpair_drop_queues(struct nvmet_qpair *qp);

/*
 * The device went away: nothing can reach the queues' memory any more, so
 * let go of all of it (a mapping kept would hold the old device node).
 */
static int qpair_gone(struct nvmet_qpair *qp)
{
	struct nvmet_ctrl *ctrl = qp->ctrl;

	/*
	 * Commands in flight are abandoned, as for any delete: their log and
	 * statistics live in the device's memory too, which is gone.
	 */
	qpair_drop_queues(qp);
	if (--qp->cq->refs == 0)
		free(qp->cq);
	ctrl->qpairs[qp->opts.qid] = NULL;
	qpair_free(qp);
	return -ENODEV;
}

int nvmet_qpair_delete(struct nvmet_qpair *qp)
{
	struct nvmet_ctrl *ctrl;
	uint32_t status = 0;
	int ret = 0;

	if (!qp)
		return 0;
	ctrl = qp->ctrl;
	if (!qp->lost)
		ret = ctrl->tp->sq_delete(ctrl, &qp->sq, &status);
	if (ret == -ENODEV)
		return qpair_gone(qp);
	if (!ret && --qp->cq->refs == 0) {
		if (!qp->cq->lost)
			ret = ctrl->tp->cq_delete(ctrl, &qp->cq->ring, &status);
		free(qp->cq);
	}
	if (ret)
		return ret;
	ctrl->qpairs[qp->opts.qid] = NULL;
	qpair_free(qp);
	return 0;
}

uint16_t nvmet_qpair_qid(const struct nvmet_qpair *qp)
{
	return qp->opts.qid;
}

/*
 * After a reset the controller has no I/O queue: let go of the old ones,
 * every SQ before the CQs, sending nothing the controller would refuse
 * (the transports only free what they know the controller forgot).
 */
void nvmet_qpairs_drop_lost(struct nvmet_ctrl *ctrl)
{
	struct nvmet_qpair *qp;
	uint32_t q;

	for (q = 1; q <= ctrl->info.max_qid; q++) {
		qp = ctrl->qpairs[q];
		if (qp && qp->sq.entries)
			ctrl->tp->sq_delete(ctrl, &qp->sq, NULL);
	}
	for (q = 1; q <= ctrl->info.max_qid; q++) {
		qp = ctrl->qpairs[q];
		if (qp && qp->cq->ring.entries && qp->cq->lost)
			ctrl->tp->cq_delete(ctrl, &qp->cq->ring, NULL);
	}
}

/* After the reset: make the queues again. */
int nvmet_qpair_recreate(struct nvmet_qpair *qp)
{
	/* After a power cycle the log buffer is new memory: the log moves there. */
	if (qp->log_saved) {
		memcpy(qp->log_buf->va, qp->log_saved, qp->log_buf->size);
		free(qp->log_saved);
		qp->log_saved = NULL;
		nvmet_cmdlog_attach(&qp->trk.log, qp->log_buf->va);
	} else if ((void *)qp->trk.log.hdr != qp->log_buf->va) {
		/* It could not be kept over the power cycle: a new one. */
		nvmet_cmdlog_init(&qp->trk.log, qp->log_buf->va, qpair_log_entries(qp));
	}
	return qpair_make_queues(qp->ctrl, qp);
}

/*
 * The controller is going away (power): end the commands in flight and
 * let go of the queue memory, deleting the queues while it still can.
 */
void nvmet_qpair_forget(struct nvmet_qpair *qp)
{
	nvmet_qpair_abort_all(qp);
	qpair_drop_queues(qp);
	/*
	 * The log buffer's memory goes with the power: the log (the commands
	 * the power cycle cut off marked so) waits in host memory for the
	 * new buffer, as a reset keeps it.
	 */
	free(qp->log_saved);
	qp->log_saved = malloc(qp->log_buf->size);
	if (!qp->log_saved)
		return;
	memcpy(qp->log_saved, qp->trk.log.hdr, qp->log_buf->size);
	nvmet_cmdlog_attach(&qp->trk.log, qp->log_saved);
}

/* Delete the queues if the controller still can; their memory goes either way. */
static void qpair_drop_queues(struct nvmet_qpair *qp)
{
	struct nvmet_ctrl *ctrl = qp->ctrl;

	if (qp->sq.entries && ctrl->tp->sq_delete(ctrl, &qp->sq, NULL) && qp->sq.entries) {
		munmap(qp->sq.entries, (size_t)qp->sq.size * sizeof(struct nvmet_sqe));
		qp->sq.entries = NULL;
	}
	if (qp->cq->ring.entries && ctrl->tp->cq_delete(ctrl, &qp->cq->ring, NULL) &&
	    qp->cq->ring.entries) {
		munmap((void *)qp->cq->ring.entries,
		       (size_t)qp->cq->ring.size * sizeof(struct nvmet_cqe));
		qp->cq->ring.entries = NULL;
	}
}

struct nvmet_sq_ring *nvmet_qpair_raw_sq(struct nvmet_qpair *qp)
{
	return qp->hook ? NULL : &qp->sq;
}

struct nvmet_cq_ring *nvmet_qpair_raw_cq(struct nvmet_qpair *qp)
{
	return qp->hook ? NULL : &qp->cq->ring;
}
