// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rw_ctrl.c - rw through libnvmet, for the emulated controller: buffers
 * from nvmet_ctrl_buf_alloc(), an nvmet_qpair, and the namespace's Write
 * and Read with a callback per command; completions polled.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rw.h"

static int ctrl_buffers(struct rw *rw)
{
	struct nvmet_ctrl *ctrl = rw->dev.ctrl;
	size_t len = (size_t)rw->a.count * rw->lba_size;
	int ret;

	ret = nvmet_ctrl_buf_alloc(ctrl, len, "rw write", &rw->wb);
	if (!ret)
		ret = nvmet_ctrl_buf_alloc(ctrl, len, "rw read", &rw->rb);
	if (ret)
		return errno_fail(rw->cmd, "DMA buffer", ret);
	rw->io = calloc(rw->nchunks, sizeof(*rw->io));
	if (!rw->io)
		return fail(rw->cmd, "out of memory");
	rw->wdata = rw->wb->va;
	rw->rdata = rw->rb->va;
	return 0;
}

static int ctrl_queues(struct rw *rw)
{
	struct nvmet_qpair_opts o = { .depth = rw->a.depth, .qid = (uint16_t)rw->a.qid };
	struct nvmet_ctrl *ctrl = rw->dev.ctrl;
	uint32_t max_qid = nvmet_ctrl_queue_count(ctrl), mqes = NVMET_CAP_MQES(rw->cap) + 1;
	unsigned int vectors;
	int ret;

	if (rw->a.qid > max_qid)
		return fail(rw->cmd, "qid %u above the controller's maximum %u", rw->a.qid,
			    max_qid);
	if (rw->a.depth > mqes)
		return fail(rw->cmd, "depth %u above the controller's maximum %u",
			    rw->a.depth, mqes);
	if (rw->a.irq) {
		ret = tdev_nr_vectors(&rw->dev, &vectors);
		if (ret)
			return errno_fail(rw->cmd, "MSI-X", ret);
		if (!vectors)
			return fail(rw->cmd, "the device has no interrupt vectors");
		o.irq = true;
		o.vector = vectors > 1 ? 1 : 0;
		rw->vector = o.vector;
	}
	ret = nvmet_qpair_create(ctrl, &o, &rw->qp);
	if (ret == -EIO)
		return fail(rw->cmd, "create I/O queue pair qid %u: the controller refused it",
			    rw->a.qid);
	if (ret)
		return errno_fail(rw->cmd, "create I/O queue pair", ret);
	ret = nvmet_ns_open(ctrl, rw->a.nsid, &rw->ns);
	if (ret)
		return errno_fail(rw->cmd, "namespace", ret);
	return 0;
}

/* Counts the completion; the first failure is kept for the report. */
static void io_done(void *arg, const struct nvmet_cpl *cpl)
{
	const struct nvmet_cqe *cqe = cpl->cqe;
	struct rw_io *io = arg;
	struct rw *rw = io->rw;

	rw->completed++;
	rw->cmds++;
	if (nvmet_cqe_ok(cqe) || rw->failed)
		return;
	rw->failed = 1;
	rw->bad_chunk = io->chunk;
	rw->bad_cqe = *cqe;
}

static int submit(struct rw *rw, uint8_t opc, uint32_t chunk)
{
	uint64_t slba;
	uint32_t nlb = rw_chunk_nlb(rw, chunk, &slba);
	size_t off = (size_t)(slba - rw->a.lba) * rw->lba_size;
	struct rw_io *io = &rw->io[chunk];

	io->rw = rw;
	io->chunk = chunk;
	if (opc == NVMET_CMD_WRITE)
		return nvmet_ns_write(rw->ns, rw->qp, rw->wb, off, slba, nlb, io_done, io);
	return nvmet_ns_read(rw->ns, rw->qp, rw->rb, off, slba, nlb, io_done, io);
}

static int pass_error(struct rw *rw, uint8_t opc)
{
	char st[NVMET_STATUS_STR_MAX];
	uint64_t slba;

	rw_chunk_nlb(rw, rw->bad_chunk, &slba);
	if (nvmet_cqe_is_timeout(&rw->bad_cqe))
		return fail(rw->cmd, "%s at LBA %" PRIu64 ": no completion in %u ms",
			    rw_opc_name(opc), slba, RW_WAIT_MS);
	nvmet_status_snprint(st, sizeof(st), rw->bad_cqe.status);
	return fail(rw->cmd, "%s at LBA %" PRIu64 " failed: %s", rw_opc_name(opc), slba, st);
}

/*
 * Keeps the queue as full as it goes; after a failure, submits no more and
 * waits for what is in flight. libnvmet completes a command that times out.
 */
static int ctrl_pass(struct rw *rw, uint8_t opc)
{
	uint32_t next = 0;
	int ret;

	rw->completed = 0;
	while (rw->completed < next || next < rw->nchunks) {
		while (!rw->failed && next < rw->nchunks) {
			ret = submit(rw, opc, next);
			if (ret == -EBUSY)
				break;
			if (ret)
				return errno_fail(rw->cmd, rw_opc_name(opc), ret);
			next++;
		}
		if (rw->failed && rw->completed == next)
			break;
		ret = nvmet_qpair_waitdone(rw->qp, 1, NULL);
		if (ret)
			return errno_fail(rw->cmd, rw_opc_name(opc), ret);
	}
	return rw->failed ? pass_error(rw, opc) : 0;
}

static int ctrl_irq_count(struct rw *rw, uint64_t *count)
{
	int ret;

	*count = 0;
	if (rw->vector == NVMETEST_NO_VECTOR)
		return 0;
	ret = nvmet_ctrl_irq(rw->dev.ctrl, rw->vector, count, NULL);
	return ret ? errno_fail(rw->cmd, "irq count", ret) : 0;
}

static int ctrl_teardown(struct rw *rw, int ret)
{
	int err;

	nvmet_ns_close(rw->ns);
	err = nvmet_qpair_delete(rw->qp);
	if (err && !ret)
		ret = errno_fail(rw->cmd, "delete I/O queue pair", err);
	nvmet_buf_free(rw->rb);
	nvmet_buf_free(rw->wb);
	free(rw->io);
	tdev_close(&rw->dev);
	return ret;
}

const struct rw_ops rw_ctrl_ops = {
	.buffers = ctrl_buffers,
	.queues = ctrl_queues,
	.pass = ctrl_pass,
	.irq_count = ctrl_irq_count,
	.teardown = ctrl_teardown,
};
