// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * buffer.c - allocating and freeing named DMA buffers through a provider.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer_priv.h"

int nvmet_buf_alloc_with(const struct nvmet_dma_ops *ops, void *ctx, size_t size,
			 const char *name, struct nvmet_buf **out)
{
	struct nvmet_buf *buf;
	int ret;

	if (!ops || !ops->alloc || !ops->free || !out || !size)
		return -EINVAL;
	if (size > SIZE_MAX - (NVMET_BUF_ALIGN - 1))
		return -ENOMEM;
	buf = calloc(1, sizeof(*buf));
	if (!buf)
		return -ENOMEM;
	buf->size = (size + NVMET_BUF_ALIGN - 1) & ~(size_t)(NVMET_BUF_ALIGN - 1);
	ret = ops->alloc(ctx, buf->size, &buf->va, &buf->iova, &buf->priv.cookie);
	if (ret) {
		free(buf);
		return ret < 0 ? ret : -EIO;
	}
	memset(buf->va, 0, buf->size);
	if (name)
		snprintf(buf->name, sizeof(buf->name), "%s", name);
	buf->priv.ops = ops;
	buf->priv.ctx = ctx;
	*out = buf;
	return 0;
}

void nvmet_buf_free(struct nvmet_buf *buf)
{
	if (!buf)
		return;
	buf->priv.ops->free(buf->priv.ctx, buf->va, buf->size, buf->priv.cookie);
	free(buf);
}
