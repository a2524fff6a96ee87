/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * buffer_priv.h - libnvmet internals shared by the buffer files, and the
 * interface of lib/mem/ to the transports: a transport whose controller
 * reaches no memory itself (NVMe/TCP) hands out plain host memory.
 */
#ifndef NVMET_BUFFER_PRIV_H
#define NVMET_BUFFER_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include <nvmet/buffer.h>

#include "support/compiler.h"

/* Page-aligned heap memory whose bus address is its virtual address; no context. */
NVMET_HIDDEN extern const struct nvmet_dma_ops nvmet_host_dma;

/* Whether [offset, offset + len) lies inside the buffer. */
static inline int buf_range_ok(const struct nvmet_buf *buf, size_t offset, size_t len)
{
	return buf && offset <= buf->size && len <= buf->size - offset;
}

static inline uint8_t *buf_at(const struct nvmet_buf *buf, size_t offset)
{
	return (uint8_t *)buf->va + offset;
}

#endif /* NVMET_BUFFER_PRIV_H */
