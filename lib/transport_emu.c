// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * transport_emu.c - the emulated controller as a transport: what the
 * kernel module does for a real controller, done in-process. DMA memory is
 * page-aligned host memory registered with the controller; the admin
 * queue is driven here (submission, reaping, timeouts, the admin cmdlog);
 * I/O queues are created with admin commands and handed to the library's
 * queue code with the controller's doorbells.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nvmet/cmd.h>
#include <nvmet/prp.h>

#include "ctrl_priv.h"
#include "emu/emu_priv.h"
#include "transport_emu.h"

static struct temu *temu(const struct nvmet_ctrl *ctrl)
{
	return ctrl->tpriv;
}

void *temu_alloc(struct temu *t, size_t size)
{
	void *va;

	size = (size + EMU_PAGE - 1) & ~(size_t)(EMU_PAGE - 1);
	va = aligned_alloc(EMU_PAGE, size);
	if (!va)
		return NULL;
	memset(va, 0, size);
	if (emu_dma_register(&t->emu->dma, va, size)) {
		free(va);
		return NULL;
	}
	return va;
}

static void temu_free(struct temu *t, void *va)
{
	if (!va)
		return;
	emu_dma_unregister(&t->emu->dma, va);
	free(va);
}

static void emu_tclose(struct nvmet_ctrl *ctrl)
{
	struct temu *t = temu(ctrl);
	unsigned int i;

	emu_destroy(t->emu);
	for (i = 0; i < TEMU_AQ_DEPTH; i++)
		free(t->slot[i].list);
	free(t->asq);
	free((void *)t->acq);
	emu_opts_free(&t->opts);
	pthread_mutex_destroy(&t->lock);
	free(t->sq_enable);
	free(t->cq_enable);
	free(t);
	ctrl->tpriv = NULL;
}

static int emu_info(struct nvmet_ctrl *ctrl, struct nvmet_tinfo *info)
{
	struct temu *t = temu(ctrl);

	info->cap = t->emu->cap;
	info->nr_vectors = t->emu->opts.vectors;
	info->max_qid = t->emu->max_qid;
	info->page_size = EMU_PAGE;
	info->bdf[0] = '\0';
	return 0;
}

static int emu_treg_read(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint64_t *v)
{
	return emu_reg_read(temu(ctrl)->emu, off, width, v);
}

static int emu_treg_write(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint64_t v)
{
	return emu_reg_write(temu(ctrl)->emu, off, width, v);
}

static int emu_tcfg_read(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint32_t *v)
{
	return emu_cfg_read(temu(ctrl)->emu, off, width, v);
}

static int emu_tcfg_write(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint32_t v)
{
	return emu_cfg_write(temu(ctrl)->emu, off, width, v);
}

static int emu_dma_alloc(void *ctx, size_t size, void **va, uint64_t *iova, uint64_t *cookie)
{
	void *p = temu_alloc(temu(ctx), size);

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
		temu_free(temu(ctx), va);
}

static const struct nvmet_dma_ops emu_dma_ops = {
	.alloc = emu_dma_alloc,
	.free = emu_dma_free,
};

/*
 * Create queue @qid of @size entries of @esize bytes with admin command
 * @opc and @cdw11 (PC set here); its memory in *@mem.
 */
static int emu_queue_create(struct nvmet_ctrl *ctrl, uint8_t opc, uint16_t qid, uint32_t size,
			    size_t esize, uint32_t cdw11, uint32_t *status, void **mem)
{
	struct temu *t = temu(ctrl);
	struct nvmet_sqe sqe = { .opc = opc };
	struct nvmet_cqe cqe;
	int ret;

	*mem = temu_alloc(t, (size_t)size * esize);
	if (!*mem)
		return -ENOMEM;
	sqe.prp1 = (uintptr_t)*mem;
	sqe.cdw10 = ((size - 1) << 16) | qid;
	sqe.cdw11 = cdw11 | 1u;
	ret = temu_admin_sync(ctrl, &sqe, &cqe);
	if (status)
		*status = ret ? 0 : NVMET_CQE_STATUS(cqe.status);
	if (!ret && NVMET_CQE_STATUS(cqe.status))
		ret = -EIO;
	if (ret) {
		temu_free(t, *mem);
		*mem = NULL;
	}
	return ret;
}

static int emu_cq_create(struct nvmet_ctrl *ctrl, uint16_t qid, uint32_t size, uint32_t vector,
			 struct nvmet_kcq *cq, uint32_t *status)
{
	struct temu *t = temu(ctrl);
	bool irq = vector != NVMETEST_NO_VECTOR;
	void *mem;
	int ret;

	if (!size || size > 65536 || (irq && vector > 0xffff))
		return -EINVAL;
	ret = emu_queue_create(ctrl, NVMET_ADM_CREATE_CQ, qid, size, sizeof(struct nvmet_cqe),
			       irq ? (vector << 16) | 2u : 0, status, &mem);
	if (ret)
		return ret;
	memset(cq, 0, sizeof(*cq));
	cq->qid = qid;
	cq->size = size;
	cq->phase = 1;
	cq->vector = irq ? vector : NVMETEST_NO_VECTOR;
	cq->entries = mem;
	cq->db = &t->emu->db[(2u * qid + 1) << t->emu->opts.dstrd];
	t->cq_enable[qid] = t->enables;
	return 0;
}

static int emu_sq_create(struct nvmet_ctrl *ctrl, uint16_t qid, uint32_t size,
			 const struct nvmet_kcq *cq, unsigned int prio, struct nvmet_ksq *sq,
			 uint32_t *status)
{
	struct temu *t = temu(ctrl);
	void *mem;
	int ret;

	if (!size || size > 65536 || prio > 3)
		return -EINVAL;
	ret = emu_queue_create(ctrl, NVMET_ADM_CREATE_SQ, qid, size, sizeof(struct nvmet_sqe),
			       ((uint32_t)cq->qid << 16) | (prio << 1), status, &mem);
	if (ret)
		return ret;
	memset(sq, 0, sizeof(*sq));
	sq->qid = qid;
	sq->cqid = cq->qid;
	sq->size = size;
	sq->entries = mem;
	sq->db = &t->emu->db[(2u * qid) << t->emu->opts.dstrd];
	t->sq_enable[qid] = t->enables;
	return 0;
}

/*
 * Delete a queue; its memory is freed when the controller let go of it,
 * and kept (never reused) when it may still be reading it. A queue made
 * before the last reset is gone from the controller already: nothing is
 * sent for it (the controller could only refuse).
 */
static int emu_queue_delete(struct nvmet_ctrl *ctrl, uint8_t opc, uint16_t qid, void **mem,
			    uint64_t *made, uint32_t *status)
{
	struct nvmet_sqe sqe = { .opc = opc, .cdw10 = qid };
	struct temu *t = temu(ctrl);
	struct nvmet_cqe cqe;
	int ret = 0;

	if (status)
		*status = 0;
	if (*made == t->enables) {
		ret = temu_admin_sync(ctrl, &sqe, &cqe);
		if (status)
			*status = ret ? 0 : NVMET_CQE_STATUS(cqe.status);
		/* (Deleted by hand already: the controller does not have it either.) */
		if (!ret && NVMET_CQE_STATUS(cqe.status) &&
		    NVMET_CQE_STATUS(cqe.status) != NVMET_EMU_STATUS(NVMET_SCT_CMD_SPECIFIC,
								      NVMET_SC_QID_INVALID, 1) >> 1)
			ret = -EIO;
	}
	if (!ret || ret == -ENODEV) {
		temu_free(t, *mem);
		*made = 0;
	}
	*mem = NULL;
	return ret;
}

static int emu_cq_delete(struct nvmet_ctrl *ctrl, struct nvmet_kcq *cq, uint32_t *status)
{
	void *mem = (void *)cq->entries;
	int ret = emu_queue_delete(ctrl, NVMET_ADM_DELETE_CQ, cq->qid, &mem,
				   &temu(ctrl)->cq_enable[cq->qid], status);

	cq->entries = NULL;
	return ret;
}

static int emu_sq_delete(struct nvmet_ctrl *ctrl, struct nvmet_ksq *sq, uint32_t *status)
{
	void *mem = sq->entries;
	int ret = emu_queue_delete(ctrl, NVMET_ADM_DELETE_SQ, sq->qid, &mem,
				   &temu(ctrl)->sq_enable[sq->qid], status);

	sq->entries = NULL;
	return ret;
}

static int emu_irq_get(struct nvmet_ctrl *ctrl, unsigned int vector, uint64_t *count, int *masked)
{
	struct nvmet_emu *emu = temu(ctrl)->emu;

	if (vector >= emu->opts.vectors)
		return -EINVAL;
	if (count)
		*count = atomic_load(&emu->vec[vector].count);
	if (masked)
		*masked = atomic_load(&emu->vec[vector].masked);
	return 0;
}

static int emu_irq_clear(struct nvmet_ctrl *ctrl, unsigned int vector)
{
	struct nvmet_emu *emu = temu(ctrl)->emu;

	if (vector >= emu->opts.vectors)
		return -EINVAL;
	atomic_store(&emu->vec[vector].count, 0);
	return 0;
}

static int emu_irq_mask(struct nvmet_ctrl *ctrl, unsigned int vector, int mask)
{
	struct nvmet_emu *emu = temu(ctrl)->emu;
	struct emu_vector *v;

	if (vector >= emu->opts.vectors)
		return -EINVAL;
	v = &emu->vec[vector];
	atomic_store(&v->masked, mask != 0);
	/* Unmasked with a message pending: it is sent now. */
	if (!mask && atomic_exchange(&v->pending, false))
		atomic_fetch_add(&v->count, 1);
	return 0;
}

static int emu_pci_reset(struct nvmet_ctrl *ctrl, int method)
{
	struct temu *t = temu(ctrl);

	if (method != NVMETEST_PCI_RESET_FLR && method != NVMETEST_PCI_RESET_BUS)
		return -EINVAL;
	temu_admin_abort_all(t, true);
	emu_function_reset(t->emu);
	return temu_enable(t);
}

static int emu_reset(struct nvmet_ctrl *ctrl)
{
	return temu_reset(temu(ctrl));
}

static int emu_power(struct nvmet_ctrl *ctrl, int on)
{
	struct temu *t = temu(ctrl);

	if (!on) {
		emu_stop(t->emu);
		t->emu->powered = false;
		/* The library has forgotten its admin commands already. */
		temu_admin_abort_all(t, false);
		return 0;
	}
	emu_power_cycle(t->emu);
	return emu_start(t->emu);
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
	.cq_create = emu_cq_create,
	.cq_delete = emu_cq_delete,
	.sq_create = emu_sq_create,
	.sq_delete = emu_sq_delete,
	.irq_get = emu_irq_get,
	.irq_clear = emu_irq_clear,
	.irq_mask = emu_irq_mask,
	.admin_submit = temu_admin_submit,
	.admin_reap = temu_admin_reap,
	.reset = emu_reset,
	.reopen = emu_reopen,
	.pci_reset = emu_pci_reset,
	.admin_cmdlog = temu_admin_cmdlog,
	.power = emu_power,
};

struct nvmet_emu *nvmet_ctrl_emu(struct nvmet_ctrl *ctrl)
{
	return ctrl && ctrl->tp == &emu_transport ? temu(ctrl)->emu : NULL;
}

/* "NAME[:ARGS]" from the address; nvmet_last_error() says why it failed. */
static int load_plugin(struct nvmet_emu *emu, const char *spec)
{
	char *path = strdup(spec), *colon;
	int ret;

	if (!path)
		return -ENOMEM;
	colon = strchr(path, ':');
	if (colon)
		*colon = '\0';
	ret = nvmet_emu_plugin_load(emu, path, colon ? colon + 1 : "");
	if (ret)
		nvmet_set_error("emu: plugin %s: %s", path, nvmet_last_error());
	free(path);
	return ret;
}

int nvmet_emu_open(const char *s, struct nvmet_ctrl *ctrl)
{
	struct temu *t = calloc(1, sizeof(*t));
	char err[256] = "";
	unsigned int i;
	int ret;

	if (!t)
		return -ENOMEM;
	pthread_mutex_init(&t->lock, NULL);
	ret = emu_opts_parse(s, &t->opts, err, sizeof(err));
	if (!ret)
		ret = emu_create(&t->opts, &t->emu);
	if (!ret) {
		t->sq_enable = calloc(t->emu->max_qid + 1, sizeof(*t->sq_enable));
		t->cq_enable = calloc(t->emu->max_qid + 1, sizeof(*t->cq_enable));
		if (!t->sq_enable || !t->cq_enable)
			ret = -ENOMEM;
	}
	for (i = 0; !ret && i < t->opts.nr_plugins; i++)
		ret = load_plugin(t->emu, t->opts.plugins[i]);
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
