// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * prp_walk.c - reading back the memory pages a command's PRPs describe.
 */
#include <errno.h>
#include <limits.h>

#include "dptr.h"

static int prp_store(uint64_t *pages, size_t max, uint64_t i, uint64_t addr)
{
	if (!pages)
		return 0;
	if (i >= max)
		return -ENOSPC;
	pages[i] = addr;
	return 0;
}

/* Entries 1 to @n - 1 from the PRP list at @at. */
static int prp_walk_list(uint64_t at, uint64_t n, uint32_t page_size,
			 const struct nvmet_prplist *list, uint64_t *pages, size_t max)
{
	uint64_t i = 1, j, k, left, slots, entry;
	const uint8_t *p;
	int ret;

	while (i < n) {
		slots = nvmet_prp_list_slots(at, page_size);
		left = n - i;
		k = left <= slots ? left : slots - 1;
		p = dptr_list_at(list, at, 8 * (k + (k < left)));
		if (!p)
			return -EFAULT;
		for (j = 0; j < k; j++) {
			entry = nvmet_get_le64(p + 8 * j);
			if (entry & (page_size - 1))
				return -EINVAL;
			ret = prp_store(pages, max, i + j, entry);
			if (ret)
				return ret;
		}
		i += k;
		if (i < n) {
			at = nvmet_get_le64(p + 8 * k);
			if (at & (page_size - 1))
				return -EINVAL;
		}
	}
	return 0;
}

int nvmet_prp_walk(const struct nvmet_sqe *sqe, size_t len, uint32_t page_size,
		   const struct nvmet_prplist *list, uint64_t *pages, size_t max)
{
	uint64_t n;
	int ret;

	if (!sqe || !dptr_page_size_ok(page_size) ||
	    (sqe->flags & NVMET_SQE_PSDT_MASK) != NVMET_SQE_PSDT_PRP)
		return -EINVAL;
	n = nvmet_prp_npages(sqe->prp1 & (page_size - 1), len, page_size);
	if (n > INT_MAX)
		return -EINVAL;
	if (!n)
		return 0;
	if (sqe->prp1 % 4)
		return -EINVAL;
	ret = prp_store(pages, max, 0, sqe->prp1);
	if (ret)
		return ret;
	if (n == 2) {
		if (sqe->prp2 & (page_size - 1))
			return -EINVAL;
		ret = prp_store(pages, max, 1, sqe->prp2);
	} else if (n > 2) {
		if (sqe->prp2 % 8)
			return -EINVAL;
		ret = prp_walk_list(sqe->prp2, n, page_size, list, pages, max);
	}
	return ret ? ret : (int)n;
}
