// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bufs.c - the DMA buffers of a controller, tracked so that a power
 * cycle, after which the old memory is gone with the old device, can put
 * new memory behind the same struct nvmet_buf.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctrl_priv.h"

int nvmet_ctrl_buf_alloc(struct nvmet_ctrl *ctrl, size_t size, const char *name,
			 struct nvmet_buf **out)
{
	int ret = nvmet_buf_alloc_with(ctrl->tp->dma, ctrl, size, name, out);

	if (!ret) {
		ret = nvmet_ctrl_buf_track(ctrl, *out);
		if (ret) {
			nvmet_buf_free(*out);
			*out = NULL;
		}
	}
	return ret;
}

int nvmet_ctrl_buf_track(struct nvmet_ctrl *ctrl, struct nvmet_buf *buf)
{
	struct nvmet_buf **bigger;

	if (ctrl->nbufs == ctrl->bufs_cap) {
		unsigned int cap = ctrl->bufs_cap ? 2 * ctrl->bufs_cap : 16;

		bigger = realloc(ctrl->bufs, cap * sizeof(*bigger));
		if (!bigger)
			return -ENOMEM;
		ctrl->bufs = bigger;
		ctrl->bufs_cap = cap;
	}
	ctrl->bufs[ctrl->nbufs++] = buf;
	return 0;
}

void nvmet_ctrl_buf_untrack(struct nvmet_ctrl *ctrl, const void *va)
{
	unsigned int i;

	for (i = 0; i < ctrl->nbufs; i++) {
		if (ctrl->bufs[i]->va == va && va) {
			ctrl->bufs[i] = ctrl->bufs[--ctrl->nbufs];
			return;
		}
	}
}

/*
 * The device is gone with the memory behind the buffers: let go of it
 * (the module's mappings, so the old device node can be released before
 * the function is bound again; the emulated function's memory).
 */
void nvmet_ctrl_bufs_drop(struct nvmet_ctrl *ctrl)
{
	unsigned int i;

	for (i = 0; i < ctrl->nbufs; i++) {
		struct nvmet_buf *b = ctrl->bufs[i];

		if (b->va)
			ctrl->tp->dma_lost(ctrl, b->va, b->size);
		b->va = NULL;
		b->iova = 0;
		b->priv.cookie = 0;
	}
}

/* After the transport was reopened: new zero-filled memory for each buffer. */
int nvmet_ctrl_bufs_refill(struct nvmet_ctrl *ctrl)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ctrl->nbufs; i++) {
		struct nvmet_buf *b = ctrl->bufs[i];
		uint64_t iova, cookie;
		void *va;

		ret = ctrl->tp->dma->alloc(ctrl, b->size, &va, &iova, &cookie);
		if (ret)
			return ret;
		memset(va, 0, b->size);
		b->va = va;
		b->iova = iova;
		b->priv.cookie = cookie;
	}
	return 0;
}
