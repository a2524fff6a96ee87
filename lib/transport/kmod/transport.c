// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * transport_kmod.c - the controller behind /dev/nvmetestN (the nvmetest
 * kernel module), as a transport.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <nvmet/kdev.h>

#include "ctrl/ctrl_priv.h"

static struct nvmet_kdev *kdev(const struct nvmet_ctrl *ctrl)
{
	return ctrl->tpriv;
}

static void kmod_close(struct nvmet_ctrl *ctrl)
{
	nvmet_kdev_close(kdev(ctrl));
	ctrl->tpriv = NULL;
}

static int kmod_info(struct nvmet_ctrl *ctrl, struct nvmet_tinfo *info)
{
	struct nvmetest_info in;
	int ret = nvmet_kdev_info(kdev(ctrl), &in);

	if (ret)
		return ret;
	info->cap = in.cap;
	info->nr_vectors = in.nr_vectors;
	info->max_qid = in.max_qid;
	/* The module enables the controller with 4 KiB pages. */
	info->page_size = 4096;
	snprintf(info->bdf, sizeof(info->bdf), "%04x:%02x:%02x.%x", in.domain & 0xffff,
		 in.bus & 0xff, (in.devfn >> 3) & 0x1f, in.devfn & 7);
	return 0;
}

static int kmod_reg_read(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint64_t *v)
{
	return nvmet_kdev_reg_read(kdev(ctrl), off, width, v);
}

static int kmod_reg_write(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint64_t v)
{
	return nvmet_kdev_reg_write(kdev(ctrl), off, width, v);
}

static int kmod_cfg_read(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint32_t *v)
{
	return nvmet_kdev_cfg_read(kdev(ctrl), off, width, v);
}

static int kmod_cfg_write(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint32_t v)
{
	return nvmet_kdev_cfg_write(kdev(ctrl), off, width, v);
}

static int kmod_dma_alloc(void *ctx, size_t size, void **va, uint64_t *iova, uint64_t *cookie)
{
	struct nvmet_dmabuf b;
	int ret = nvmet_kdev_buf_alloc(kdev(ctx), size, &b);

	if (ret)
		return ret;
	*va = b.va;
	*iova = b.iova;
	*cookie = b.handle;
	return 0;
}

static void kmod_dma_free(void *ctx, void *va, size_t size, uint64_t cookie)
{
	struct nvmet_dmabuf b = { .va = va, .size = size, .handle = (uint32_t)cookie };

	nvmet_ctrl_buf_untrack(ctx, va);
	/* A failed power cycle leaves no node: the memory went with the device. */
	if (kdev(ctx) && va)
		nvmet_kdev_buf_free(kdev(ctx), &b);
}

/* The node went with the device: only the mapping is left to undo. */
static void kmod_dma_lost(struct nvmet_ctrl *ctrl, void *va, size_t size)
{
	(void)ctrl;
	munmap(va, size);
}

static const struct nvmet_dma_ops kmod_dma = {
	.alloc = kmod_dma_alloc,
	.free = kmod_dma_free,
};

static int kmod_cq_create(struct nvmet_ctrl *ctrl, uint16_t qid, uint32_t size, uint32_t vector,
			  struct nvmet_cq_ring *cq, uint32_t *status)
{
	return nvmet_kdev_cq_create(kdev(ctrl), qid, size, vector, cq, status);
}

static int kmod_sq_create(struct nvmet_ctrl *ctrl, uint16_t qid, uint32_t size,
			  const struct nvmet_cq_ring *cq, unsigned int prio, struct nvmet_sq_ring *sq,
			  uint32_t *status)
{
	return nvmet_kdev_sq_create(kdev(ctrl), qid, size, cq, prio, sq, status);
}

static int kmod_cq_delete(struct nvmet_ctrl *ctrl, struct nvmet_cq_ring *cq, uint32_t *status)
{
	return nvmet_kdev_cq_delete(kdev(ctrl), cq, status);
}

static int kmod_sq_delete(struct nvmet_ctrl *ctrl, struct nvmet_sq_ring *sq, uint32_t *status)
{
	return nvmet_kdev_sq_delete(kdev(ctrl), sq, status);
}

static int kmod_irq_get(struct nvmet_ctrl *ctrl, unsigned int vector, uint64_t *count,
			int *masked)
{
	return nvmet_kdev_irq_get(kdev(ctrl), vector, count, masked);
}

static int kmod_irq_clear(struct nvmet_ctrl *ctrl, unsigned int vector)
{
	return nvmet_kdev_irq_clear(kdev(ctrl), vector);
}

static int kmod_irq_mask(struct nvmet_ctrl *ctrl, unsigned int vector, int mask)
{
	return nvmet_kdev_irq_mask(kdev(ctrl), vector, mask);
}

static int kmod_admin_submit(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe,
			     const struct nvmet_buf *buf, size_t off, size_t len,
			     enum nvmet_tdir dir, uint32_t timeout_ms, uint64_t tag)
{
	struct nvmetest_admin_cmd cmd = { .tag = tag };

	memcpy(cmd.sqe, sqe, sizeof(cmd.sqe));
	if (timeout_ms)
		cmd.timeout_ms = timeout_ms;
	else
		cmd.flags |= NVMETEST_ADMIN_NO_TIMEOUT;
	if (dir != NVMET_TDIR_NONE && len) {
		if (!buf || off > buf->size || len > buf->size - off)
			return -EINVAL;
		/* Buffers of this transport are the module's: handle in the cookie. */
		cmd.flags |= NVMETEST_ADMIN_USE_BUF;
		cmd.flags |= dir == NVMET_TDIR_TO_DEV ? NVMETEST_ADMIN_DATA_TO_DEV :
							NVMETEST_ADMIN_DATA_FROM_DEV;
		cmd.buf_handle = (uint32_t)buf->priv.cookie;
		cmd.buf_offset = (uint32_t)off;
		cmd.data_len = (uint32_t)len;
	}
	return nvmet_kdev_admin_submit(kdev(ctrl), &cmd);
}

static int kmod_admin_reap(struct nvmet_ctrl *ctrl, struct nvmet_acpl *out, unsigned int max,
			   unsigned int timeout_ms)
{
	struct nvmetest_admin_cmd cmds[16];
	int n, i;

	if (max > 16)
		max = 16;
	n = nvmet_kdev_admin_reap(kdev(ctrl), cmds, max, timeout_ms, NULL);
	for (i = 0; i < n; i++) {
		out[i].tag = cmds[i].tag;
		memcpy(&out[i].cqe, cmds[i].cqe, sizeof(out[i].cqe));
		out[i].result = cmds[i].result;
		out[i].latency_ns = cmds[i].latency_ns;
	}
	return n;
}

static int kmod_reset(struct nvmet_ctrl *ctrl)
{
	return nvmet_kdev_reset(kdev(ctrl));
}

static int kmod_pci_reset(struct nvmet_ctrl *ctrl, int method)
{
	return nvmet_kdev_pci_reset(kdev(ctrl), (uint32_t)method);
}

static int kmod_admin_cmdlog(struct nvmet_ctrl *ctrl, struct nvmetest_cmdlog_entry *out,
			     unsigned int max)
{
	return nvmet_kdev_cmdlog(kdev(ctrl), out, max);
}

/*
 * The function came back (a power cycle): it is a new PCI device, bound to
 * no driver, so bind it again and open its new node in place of the old.
 */
static int kmod_reopen(struct nvmet_ctrl *ctrl)
{
	struct timespec pause = { .tv_nsec = 20 * 1000 * 1000 };
	char drv[64], path[PATH_MAX];
	struct nvmet_kdev *dev;
	int ret = -ENODEV, tries;

	/*
	 * The old node goes first (nothing maps it any more), so the module
	 * can release it and the function gets its old instance back.
	 */
	nvmet_kdev_close(kdev(ctrl));
	ctrl->tpriv = NULL;
	for (tries = 0; tries < 500; tries++) {
		ret = nvmet_pci_driver(ctrl->info.bdf, drv, sizeof(drv));
		if (!ret && strcmp(drv, "nvmetest"))
			ret = nvmet_pci_bind(ctrl->info.bdf);
		if (!ret)
			ret = nvmet_pci_kdev_path(ctrl->info.bdf, path, sizeof(path));
		if (!ret)
			ret = nvmet_kdev_open(path, &dev);
		if (!ret)
			break;
		nanosleep(&pause, NULL);
	}
	if (ret)
		return ret;
	ctrl->tpriv = dev;
	return 0;
}

static int kmod_queue_stats(struct nvmet_ctrl *ctrl, uint16_t qid, const struct nvmet_buf *buf,
			    size_t off)
{
	return nvmet_kdev_queue_stats(kdev(ctrl), qid, (uint32_t)buf->priv.cookie, (uint32_t)off);
}

static const struct nvmet_transport kmod_transport = {
	.name = "kmod",
	.close = kmod_close,
	.info = kmod_info,
	.reg_read = kmod_reg_read,
	.reg_write = kmod_reg_write,
	.cfg_read = kmod_cfg_read,
	.cfg_write = kmod_cfg_write,
	.dma = &kmod_dma,
	.dma_lost = kmod_dma_lost,
	.cq_create = kmod_cq_create,
	.cq_delete = kmod_cq_delete,
	.sq_create = kmod_sq_create,
	.sq_delete = kmod_sq_delete,
	.irq_get = kmod_irq_get,
	.irq_clear = kmod_irq_clear,
	.irq_mask = kmod_irq_mask,
	.admin_submit = kmod_admin_submit,
	.admin_reap = kmod_admin_reap,
	.reset = kmod_reset,
	.reopen = kmod_reopen,
	.pci_reset = kmod_pci_reset,
	.admin_cmdlog = kmod_admin_cmdlog,
	.queue_stats = kmod_queue_stats,
};

int nvmet_kmod_open(const char *name, struct nvmet_ctrl *ctrl)
{
	struct nvmet_kdev *dev;
	int ret = nvmet_kdev_open(name, &dev);

	if (ret)
		return ret;
	ctrl->tp = &kmod_transport;
	ctrl->tpriv = dev;
	return 0;
}
