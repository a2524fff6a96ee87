/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dptr_priv.h - libnvmet internals shared by the PRP and SGL files.
 */
#ifndef NVMET_DPTR_PRIV_H
#define NVMET_DPTR_PRIV_H

#include <endian.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <nvmet/prp.h>

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

/* List memory may be unaligned for the host; entries go through memcpy. */
static inline void dptr_put64(void *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, sizeof(v));
}

static inline uint64_t dptr_get64(const void *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

static inline int dptr_page_size_ok(uint32_t page_size)
{
	return page_size >= NVMET_PRP_PAGE_MIN && page_size <= NVMET_PRP_PAGE_MAX &&
	       !(page_size & (page_size - 1));
}

/* Memory pages spanned by @len bytes starting @off bytes into the first. */
static inline uint64_t prp_npages(uint64_t off, uint64_t len, uint32_t page_size)
{
	uint64_t rem;

	if (!len)
		return 0;
	if (len <= page_size - off)
		return 1;
	rem = len - (page_size - off);
	return 1 + rem / page_size + !!(rem % page_size);
}

/* Entries from a PRP list slot at @at to the end of its memory page. */
static inline size_t prp_list_slots(uint64_t at, uint32_t page_size)
{
	return (page_size - (at & (page_size - 1))) / 8;
}

static inline void dptr_set_psdt(struct nvmet_sqe *sqe, uint8_t psdt)
{
	sqe->flags = (uint8_t)((sqe->flags & ~NVMET_SQE_PSDT_MASK) | psdt);
}

#endif /* NVMET_DPTR_PRIV_H */
