// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * emu.c - the emulated controller as a transport: what the kernel module
 * does for a real controller, done in-process over the function's bus
 * (emu/bus.h). DMA memory is memory the function registered; the admin
 * queue is driven here (submission, reaping, timeouts, the admin cmdlog);
 * I/O queues are created with admin commands and handed to the library's
 * queue code with the function's doorbells.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nvmet/cmd.h>
#include <nvmet/prp.h>

#include "temu.h"

static struct temu *temu(const struct nvmet_ctrl *ctrl)
{
	return ctrl->tpriv;
}

static void emu_tclose(struct nvmet_ctrl *ctrl)
{
	struct temu *t = temu(ctrl);

	/* The admin queues and PRP list pages go with the function's memory. */
	emu_bus_close(t->bus);
	free(t->sq_enable);
	free(t->cq_enable);
	free(t);
	ctrl->tpriv = NULL;
}

static int emu_info(struct nvmet_ctrl *ctrl, struct nvmet_tinfo *info)
{
	struct temu *t = temu(ctrl);

	info->cap = t->cap;
	info->nr_vectors = t->info.vectors;
	info->max_qid = t->info.queues;
	info->page_size = t->info.page_size;
	info->bdf[0] = '\0';
	return 0;
}

static int emu_treg_read(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint64_t *v)
{
	return emu_bus_reg_read(temu(ctrl)->bus, off, width, v);
}

static int emu_treg_write(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint64_t v)
{
	return emu_bus_reg_write(temu(ctrl)->bus, off, width, v);
}

static int emu_tcfg_read(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint32_t *v)
{
	return emu_bus_cfg_read(temu(ctrl)->bus, off, width, v);
}

static int emu_tcfg_write(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint32_t v)
{
	return emu_bus_cfg_write(temu(ctrl)->bus, off, width, v);
}

static int emu_dma_alloc(void *ctx, size_t size, void **va, uint64_t *iova, uint64_t *cookie)
{
	void *p = emu_bus_dma_alloc(temu(ctx)->bus, size);

	if (!p)
		return -ENOMEM;
	*va = p;
	*iova = (uintptr_t)p;
	*cookie = 0;
	return 0;
}

static void emu_dma_free(void *ctx, void *va, size_t size, uint64_t cookie)
{
	(void)size;
	(void)cookie;
	nvmet_ctrl_buf_untrack(ctx, va);
	if (temu(ctx))
		emu_bus_dma_free(temu(ctx)->bus, va);
}

/* The function was powered off: its memory is the host's to free. */
static void emu_dma_lost(struct nvmet_ctrl *ctrl, void *va, size_t size)
{
	(void)size;
	emu_bus_dma_free(temu(ctrl)->bus, va);
}

static const struct nvmet_dma_ops emu_dma_ops = {
	.alloc = emu_dma_alloc,
	.free = emu_dma_free,
};

/*
 * Create the queue @sqe describes (Create I/O CQ or SQ), @size entries of
 * @esize bytes; its memory in *@mem.
 */
static int emu_queue_create(struct nvmet_ctrl *ctrl, struct nvmet_sqe *sqe, uint32_t size,
			    size_t esize, uint32_t *status, void **mem)
{
	struct temu *t = temu(ctrl);
	struct nvmet_cqe cqe;
	int ret;

	*mem = emu_bus_dma_alloc(t->bus, (size_t)size * esize);
	if (!*mem)
		return -ENOMEM;
	sqe->prp1 = (uintptr_t)*mem;
	ret = nvmet_ctrl_admin_wait(ctrl, sqe, &cqe);
	if (status)
		*status = ret ? 0 : nvmet_cqe_status(&cqe);
	if (!ret && !nvmet_cqe_ok(&cqe))
		ret = -EIO;
	if (ret) {
		emu_bus_dma_free(t->bus, *mem);
		*mem = NULL;
	}
	return ret;
}

static int emu_cq_create(struct nvmet_ctrl *ctrl, uint16_t qid, uint32_t size, uint32_t vector,
			 struct nvmet_cq_ring *cq, uint32_t *status)
{
	struct temu *t = temu(ctrl);
	bool irq = vector != NVMETEST_NO_VECTOR;
	struct nvmet_sqe sqe;
	void *mem;
	int ret;

	if (!size || size > 65536 || (irq && vector > 0xffff))
		return -EINVAL;
	nvmet_cmd_create_cq(&sqe, qid, size, NVMET_QUEUE_PC | (irq ? NVMET_CQ_IEN : 0),
			    irq ? (uint16_t)vector : 0);
	ret = emu_queue_create(ctrl, &sqe, size, sizeof(struct nvmet_cqe), status, &mem);
	if (ret)
		return ret;
	memset(cq, 0, sizeof(*cq));
	cq->qid = qid;
	cq->size = size;
	cq->phase = 1;
	cq->vector = irq ? vector : NVMETEST_NO_VECTOR;
	cq->entries = mem;
	cq->db = &emu_bus_doorbells(t->bus)[TEMU_DB(t, qid, 1)];
	t->cq_enable[qid] = t->enables;
	return 0;
}

static int emu_sq_create(struct nvmet_ctrl *ctrl, uint16_t qid, uint32_t size,
			 const struct nvmet_cq_ring *cq, unsigned int prio, struct nvmet_sq_ring *sq,
			 uint32_t *status)
{
	struct temu *t = temu(ctrl);
	struct nvmet_sqe sqe;
	void *mem;
	int ret;

	if (!size || size > 65536 || prio > 3)
		return -EINVAL;
	nvmet_cmd_create_sq(&sqe, qid, size, cq->qid, NVMET_QUEUE_PC | NVMET_SQ_QPRIO(prio), 0);
	ret = emu_queue_create(ctrl, &sqe, size, sizeof(struct nvmet_sqe), status, &mem);
	if (ret)
		return ret;
	memset(sq, 0, sizeof(*sq));
	sq->qid = qid;
	sq->cqid = cq->qid;
	sq->size = size;
	sq->entries = mem;
	sq->db = &emu_bus_doorbells(t->bus)[TEMU_DB(t, qid, 0)];
	t->sq_enable[qid] = t->enables;
	return 0;
}

/*
 * Delete a queue; its memory is freed when the controller let go of it,
 * and kept (never reused) when it may still be reading it. A queue made
 * before the last reset is gone from the controller already: nothing is
 * sent for it (the controller could only refuse).
 */
static int emu_queue_delete(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe, void **mem,
			    uint64_t *made, uint32_t *status)
{
	struct temu *t = temu(ctrl);
	struct nvmet_cqe cqe;
	int ret = 0;

	if (status)
		*status = 0;
	if (*made == t->enables) {
		ret = nvmet_ctrl_admin_wait(ctrl, sqe, &cqe);
		if (status)
			*status = ret ? 0 : nvmet_cqe_status(&cqe);
		if (!ret && !nvmet_cqe_ok(&cqe))
			ret = -EIO;
	}
	if (!ret || ret == -ENODEV) {
		emu_bus_dma_free(t->bus, *mem);
		*made = 0;
	}
	*mem = NULL;
	return ret;
}

static int emu_cq_delete(struct nvmet_ctrl *ctrl, struct nvmet_cq_ring *cq, uint32_t *status)
{
	void *mem = (void *)cq->entries;
	struct nvmet_sqe sqe;
	int ret;

	nvmet_cmd_delete_cq(&sqe, cq->qid);
	ret = emu_queue_delete(ctrl, &sqe, &mem, &temu(ctrl)->cq_enable[cq->qid], status);

	cq->entries = NULL;
	return ret;
}

static int emu_sq_delete(struct nvmet_ctrl *ctrl, struct nvmet_sq_ring *sq, uint32_t *status)
{
	void *mem = sq->entries;
	struct nvmet_sqe sqe;
	int ret;

	nvmet_cmd_delete_sq(&sqe, sq->qid);
	ret = emu_queue_delete(ctrl, &sqe, &mem, &temu(ctrl)->sq_enable[sq->qid], status);

	sq->entries = NULL;
	return ret;
}

static int emu_irq_get(struct nvmet_ctrl *ctrl, unsigned int vector, uint64_t *count, int *masked)
{
	return emu_bus_irq_get(temu(ctrl)->bus, vector, count, masked);
}

static int emu_irq_clear(struct nvmet_ctrl *ctrl, unsigned int vector)
{
	return emu_bus_irq_clear(temu(ctrl)->bus, vector);
}

static int emu_irq_mask(struct nvmet_ctrl *ctrl, unsigned int vector, int mask)
{
	return emu_bus_irq_mask(temu(ctrl)->bus, vector, mask != 0);
}

static int emu_pci_reset(struct nvmet_ctrl *ctrl, int method)
{
	struct temu *t = temu(ctrl);

	if (method != NVMETEST_PCI_RESET_FLR && method != NVMETEST_PCI_RESET_BUS)
		return -EINVAL;
	emu_bus_function_reset(t->bus);
	return temu_enable(t);
}

static int emu_reset(struct nvmet_ctrl *ctrl)
{
	return temu_enable(temu(ctrl));
}

static int emu_power(struct nvmet_ctrl *ctrl, int on)
{
	struct temu *t = temu(ctrl);

	return emu_bus_power(t->bus, on);
}

static int emu_admin_rings(struct nvmet_ctrl *ctrl, struct nvmet_sq_ring **sq,
			   struct nvmet_cq_ring **cq)
{
	*sq = &temu(ctrl)->asq;
	*cq = &temu(ctrl)->acq;
	return 0;
}

static int emu_reopen(struct nvmet_ctrl *ctrl)
{
	(void)ctrl;
	return 0;
}

static const struct nvmet_transport emu_transport = {
	.name = "emu",
	.close = emu_tclose,
	.info = emu_info,
	.reg_read = emu_treg_read,
	.reg_write = emu_treg_write,
	.cfg_read = emu_tcfg_read,
	.cfg_write = emu_tcfg_write,
	.dma = &emu_dma_ops,
	.dma_lost = emu_dma_lost,
	.cq_create = emu_cq_create,
	.cq_delete = emu_cq_delete,
	.sq_create = emu_sq_create,
	.sq_delete = emu_sq_delete,
	.irq_get = emu_irq_get,
	.irq_clear = emu_irq_clear,
	.irq_mask = emu_irq_mask,
	.admin_rings = emu_admin_rings,
	.reset = emu_reset,
	.reopen = emu_reopen,
	.pci_reset = emu_pci_reset,
	.power = emu_power,
};

struct nvmet_emu *nvmet_ctrl_emu(struct nvmet_ctrl *ctrl)
{
	return ctrl && ctrl->tp == &emu_transport ? emu_bus_emu(temu(ctrl)->bus) : NULL;
}

int nvmet_emu_open(const char *s, struct nvmet_ctrl *ctrl)
{
	struct temu *t = calloc(1, sizeof(*t));
	char err[256] = "";
	int ret;

	if (!t)
		return -ENOMEM;
	ret = emu_bus_open(s, &t->bus, err, sizeof(err));
	if (!ret) {
		emu_bus_info(t->bus, &t->info);
		ret = emu_bus_reg_read(t->bus, NVMET_REG_CAP, 8, &t->cap);
	}
	if (!ret) {
		t->sq_enable = calloc(t->info.queues + 1, sizeof(*t->sq_enable));
		t->cq_enable = calloc(t->info.queues + 1, sizeof(*t->cq_enable));
		if (!t->sq_enable || !t->cq_enable)
			ret = -ENOMEM;
	}
	if (!ret)
		ret = temu_admin_init(t);
	if (ret) {
		if (err[0])
			nvmet_set_error("%s", err);
		ctrl->tpriv = t;
		emu_tclose(ctrl);
		return ret;
	}
	ctrl->tp = &emu_transport;
	ctrl->tpriv = t;
	return 0;
}
