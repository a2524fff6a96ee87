/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dptr.h - what the PRP and SGL builders and walkers share.
 */
#ifndef NVMET_SPEC_DPTR_H
#define NVMET_SPEC_DPTR_H

#include <endian.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <nvmet/prp.h>

#include "support/bytes.h"

/* @len bytes of @list at bus address @iova, or NULL when they are not all in it. */
static inline void *dptr_list_at(const struct nvmet_prplist *list, uint64_t iova, size_t len)
{
	uint64_t off;

	if (!list || !list->va || iova < list->iova)
		return NULL;
	off = iova - list->iova;
	if (off > list->size || len > list->size - off)
		return NULL;
	return (uint8_t *)list->va + off;
}

static inline int dptr_page_size_ok(uint32_t page_size)
{
	return page_size >= NVMET_PRP_PAGE_MIN && page_size <= NVMET_PRP_PAGE_MAX &&
	       !(page_size & (page_size - 1));
}

static inline void dptr_set_psdt(struct nvmet_sqe *sqe, uint8_t psdt)
{
	sqe->flags = (uint8_t)((sqe->flags & ~NVMET_SQE_PSDT_MASK) | psdt);
}

#endif /* NVMET_SPEC_DPTR_H */
