// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * buffer_host.c - the host memory provider: page-aligned heap memory whose
 * bus address is its virtual address.
 */
#include <errno.h>
#include <stdlib.h>

#include "buffer_priv.h"

static int host_alloc(void *ctx, size_t size, void **va, uint64_t *iova, uint64_t *cookie)
{
	void *p;

	(void)ctx;
	p = aligned_alloc(NVMET_BUF_ALIGN, size);
	if (!p)
		return -ENOMEM;
	*va = p;
	*iova = (uintptr_t)p;
	*cookie = 0;
	return 0;
}

static void host_free(void *ctx, void *va, size_t size, uint64_t cookie)
{
	(void)ctx;
	(void)size;
	(void)cookie;
	free(va);
}

const struct nvmet_dma_ops nvmet_host_dma = {
	.alloc = host_alloc,
	.free = host_free,
};

int nvmet_buf_alloc_host(size_t size, const char *name, struct nvmet_buf **out)
{
	return nvmet_buf_alloc_with(&nvmet_host_dma, NULL, size, name, out);
}
