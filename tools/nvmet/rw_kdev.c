// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rw_kdev.c - rw on a controller bound to the module: its DMA buffers, an
 * I/O queue pair of raw queues, PRP lists built here, several commands
 * outstanding per doorbell write, completions polled.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rw.h"

#define REAP_BATCH	64

static int kdev_buffers(struct rw *rw)
{
	struct nvmet_kdev *dev = rw->dev.kdev;
	size_t len = (size_t)rw->a.count * rw->lba_size;
	int ret;

	ret = nvmet_kdev_buf_alloc(dev, len, &rw->wbuf);
	if (!ret)
		ret = nvmet_kdev_buf_alloc(dev, len, &rw->rbuf);
	if (!ret)
		ret = nvmet_kdev_buf_alloc(dev, rw->nchunks * rw->prp_slot, &rw->prps);
	if (ret)
		return errno_fail(rw->cmd, "DMA buffer", ret);
	rw->done = calloc(rw->nchunks, 1);
	if (!rw->done)
		return fail(rw->cmd, "out of memory");
	rw->wdata = rw->wbuf.va;
	rw->rdata = rw->rbuf.va;
	return 0;
}

static int queue_error(struct rw *rw, const char *what, int ret, uint32_t status)
{
	char st[NVMET_STATUS_STR_MAX];

	if (ret != -EIO || !status)
		return errno_fail(rw->cmd, what, ret);
	nvmet_status_snprint(st, sizeof(st), (uint16_t)(status << 1));
	return fail(rw->cmd, "%s qid %u: %s", what, rw->a.qid, st);
}

static int kdev_queues(struct rw *rw)
{
	struct nvmet_kdev *dev = rw->dev.kdev;
	uint32_t status;
	int ret;

	if (rw->a.qid > rw->info.max_qid)
		return fail(rw->cmd, "qid %u above the controller's maximum %u", rw->a.qid,
			    rw->info.max_qid);
	if (rw->info.mqes && rw->a.depth > rw->info.mqes)
		return fail(rw->cmd, "depth %u above the controller's maximum %u",
			    rw->a.depth, rw->info.mqes);
	rw->vector = NVMETEST_NO_VECTOR;
	if (rw->a.irq) {
		if (!rw->info.nr_vectors)
			return fail(rw->cmd, "the device has no interrupt vectors");
		rw->vector = rw->info.nr_vectors > 1 ? 1 : 0;
	}
	ret = nvmet_kdev_cq_create(dev, rw->a.qid, rw->a.depth, rw->vector, &rw->cq, &status);
	if (ret)
		return queue_error(rw, "create I/O CQ", ret, status);
	rw->have_cq = 1;
	ret = nvmet_kdev_sq_create(dev, rw->a.qid, rw->a.depth, &rw->cq, 0, &rw->sq, &status);
	if (ret)
		return queue_error(rw, "create I/O SQ", ret, status);
	rw->have_sq = 1;
	return 0;
}

static void set_prps(struct rw *rw, struct nvmet_sqe *sqe, uint64_t iova, size_t len,
		     uint32_t chunk)
{
	uint64_t *list = (uint64_t *)((uint8_t *)rw->prps.va + chunk * rw->prp_slot);
	size_t first = rw->page - (iova & (rw->page - 1)), n = 0;
	uint64_t next = iova + first;

	sqe->prp1 = iova;
	sqe->prp2 = 0;
	if (len <= first)
		return;
	len -= first;
	if (len <= rw->page) {
		sqe->prp2 = next;
		return;
	}
	while (len) {
		list[n++] = next;
		next += rw->page;
		len -= len < rw->page ? len : rw->page;
	}
	sqe->prp2 = rw->prps.iova + chunk * rw->prp_slot;
}

static void build_io(struct rw *rw, uint8_t opc, const struct nvmet_dmabuf *buf,
		     uint32_t chunk, struct nvmet_sqe *sqe)
{
	uint64_t slba;
	uint32_t nlb = rw_chunk_nlb(rw, chunk, &slba);
	size_t off = (size_t)(slba - rw->a.lba) * rw->lba_size;

	nvmet_cmd_lba(sqe, opc, rw->a.nsid, slba, nlb, NULL);
	sqe->cid = (uint16_t)chunk;
	set_prps(rw, sqe, buf->iova + off, (size_t)nlb * rw->lba_size, chunk);
}

static int check_cqe(struct rw *rw, uint8_t opc, const struct nvmet_cqe *cqe)
{
	char st[NVMET_STATUS_STR_MAX];
	uint64_t slba;

	if (cqe->cid >= rw->nchunks || rw->done[cqe->cid] || cqe->sqid != rw->a.qid)
		return fail(rw->cmd, "unexpected completion: cid %u sqid %u", cqe->cid, cqe->sqid);
	rw->done[cqe->cid] = 1;
	nvmet_sq_update_head(&rw->sq, cqe);
	if (!NVMET_CQE_STATUS(cqe->status))
		return 0;
	slba = rw->a.lba + (uint64_t)cqe->cid * rw->chunk_blocks;
	nvmet_status_snprint(st, sizeof(st), cqe->status);
	return fail(rw->cmd, "%s at LBA %" PRIu64 " failed: %s", rw_opc_name(opc), slba, st);
}

/* Submits placed entries with one doorbell write; returns how many. */
static uint32_t submit_some(struct rw *rw, uint8_t opc, const struct nvmet_dmabuf *buf,
			    uint32_t *next, uint32_t room)
{
	struct nvmet_sqe sqe;
	uint32_t n = 0;

	while (n < room && *next < rw->nchunks) {
		build_io(rw, opc, buf, *next, &sqe);
		if (nvmet_sq_place(&rw->sq, &sqe))
			break;
		(*next)++;
		n++;
	}
	if (n)
		nvmet_sq_ring(&rw->sq);
	return n;
}

static int kdev_pass(struct rw *rw, uint8_t opc)
{
	const struct nvmet_dmabuf *buf = opc == NVMET_CMD_WRITE ? &rw->wbuf : &rw->rbuf;
	uint32_t next = 0, done = 0, inflight = 0, max = rw->sq.size - 1;
	struct nvmet_cqe cqes[REAP_BATCH];
	int i, n, ret;

	memset(rw->done, 0, rw->nchunks);
	while (done < rw->nchunks) {
		inflight += submit_some(rw, opc, buf, &next, max - inflight);
		n = nvmet_cq_wait(&rw->cq, cqes, 1, RW_WAIT_MS);
		if (!n)
			return fail(rw->cmd, "%s: no completion in %u ms (%u outstanding)",
				    rw_opc_name(opc), RW_WAIT_MS, inflight);
		n += nvmet_cq_reap(&rw->cq, cqes + 1, REAP_BATCH - 1);
		for (i = 0; i < n; i++) {
			ret = check_cqe(rw, opc, &cqes[i]);
			if (ret)
				return ret;
		}
		done += n;
		inflight -= n;
		rw->cmds += n;
	}
	return 0;
}

static int kdev_irq_count(struct rw *rw, uint64_t *count)
{
	int ret;

	*count = 0;
	if (rw->vector == NVMETEST_NO_VECTOR)
		return 0;
	ret = nvmet_kdev_irq_get(rw->dev.kdev, rw->vector, count, NULL);
	return ret ? errno_fail(rw->cmd, "irq count", ret) : 0;
}

/* Deletes what was created and frees what was allocated; keeps the first error. */
static int kdev_teardown(struct rw *rw, int ret)
{
	struct nvmet_kdev *dev = rw->dev.kdev;
	uint32_t status;
	int err;

	if (rw->have_sq) {
		err = nvmet_kdev_sq_delete(dev, &rw->sq, &status);
		if (err && !ret)
			ret = queue_error(rw, "delete I/O SQ", err, status);
	}
	if (rw->have_cq) {
		err = nvmet_kdev_cq_delete(dev, &rw->cq, &status);
		if (err && !ret)
			ret = queue_error(rw, "delete I/O CQ", err, status);
	}
	nvmet_kdev_buf_free(dev, &rw->prps);
	nvmet_kdev_buf_free(dev, &rw->rbuf);
	nvmet_kdev_buf_free(dev, &rw->wbuf);
	free(rw->done);
	tdev_close(&rw->dev);
	return ret;
}

const struct rw_ops rw_kdev_ops = {
	.buffers = kdev_buffers,
	.queues = kdev_queues,
	.pass = kdev_pass,
	.irq_count = kdev_irq_count,
	.teardown = kdev_teardown,
};
