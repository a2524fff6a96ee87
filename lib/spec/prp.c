// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * prp.c - PRP entries and PRP lists for a command's data pointer.
 */
#include <errno.h>

#include "dptr.h"

/* Memory pages of a transfer: listed, or consecutive from @base. */
struct prp_src {
	const uint64_t *pages;
	uint64_t base;
	uint32_t page_size;
};

static uint64_t prp_page(const struct prp_src *src, uint64_t i)
{
	return src->pages ? src->pages[i] : src->base + i * src->page_size;
}

/*
 * The bytes from bus address @start to the end of a PRP list of @n - 1
 * entries: every memory page of the list but the last gives its last slot
 * to the pointer to the next page.
 */
static uint64_t prp_list_span(uint64_t start, uint64_t n, uint32_t page_size)
{
	uint64_t first = nvmet_prp_list_slots(start, page_size), per = page_size / 8;
	uint64_t left, full;

	if (n - 1 <= first)
		return 8 * (n - 1);
	left = n - 1 - (first - 1);
	if (left <= per)
		return 8 * first + 8 * left;
	full = (left - 2) / (per - 1);
	return 8 * first + full * page_size + 8 * (left - full * (per - 1));
}

/* Pages 1 to @n - 1 of @src as a PRP list at the start of @list, which holds them. */
static void prp_list_write(const struct nvmet_prplist *list, const struct prp_src *src,
			   uint64_t n)
{
	uint64_t at = list->iova, i = 1, k, j, left, slots;

	while (i < n) {
		slots = nvmet_prp_list_slots(at, src->page_size);
		left = n - i;
		k = left <= slots ? left : slots - 1;
		for (j = 0; j < k; j++)
			nvmet_put_le64(dptr_list_at(list, at + 8 * j, 8), prp_page(src, i + j));
		i += k;
		at += 8 * k;
		if (i < n) {
			nvmet_put_le64(dptr_list_at(list, at, 8), at + 8);
			at += 8;
		}
	}
}

static int prp_fill(struct nvmet_sqe *sqe, uint64_t prp1, const struct prp_src *src,
		    uint64_t n, const struct nvmet_prplist *list)
{
	uint64_t prp2 = 0;

	if (n == 2) {
		prp2 = prp_page(src, 1);
	} else if (n > 2) {
		if (!list || !list->va)
			return -ENOSPC;
		if (list->iova % 8)
			return -EINVAL;
		if (prp_list_span(list->iova, n, src->page_size) > list->size)
			return -ENOSPC;
		prp_list_write(list, src, n);
		prp2 = list->iova;
	}
	dptr_set_psdt(sqe, NVMET_SQE_PSDT_PRP);
	sqe->prp1 = prp1;
	sqe->prp2 = prp2;
	return 0;
}

int nvmet_prp_build(struct nvmet_sqe *sqe, uint64_t iova, size_t len, uint32_t page_size,
		    const struct nvmet_prplist *list)
{
	struct prp_src src = { .page_size = page_size };
	uint64_t off;

	if (!sqe || !dptr_page_size_ok(page_size) || iova % 4 || len > UINT64_MAX - iova)
		return -EINVAL;
	off = iova & (page_size - 1);
	src.base = iova - off;
	return prp_fill(sqe, iova, &src, nvmet_prp_npages(off, len, page_size), list);
}

int nvmet_prp_build_pages(struct nvmet_sqe *sqe, const uint64_t *pages, size_t npages,
			  size_t first_offset, size_t len, uint32_t page_size,
			  const struct nvmet_prplist *list)
{
	struct prp_src src = { .pages = pages, .page_size = page_size };
	uint64_t i, n;

	if (!sqe || !dptr_page_size_ok(page_size) || first_offset >= page_size ||
	    first_offset % 4)
		return -EINVAL;
	n = nvmet_prp_npages(first_offset, len, page_size);
	if (!n)
		return prp_fill(sqe, npages && pages ? pages[0] + first_offset : 0, &src, 0, list);
	if (!pages || n > npages)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (pages[i] & (page_size - 1))
			return -EINVAL;
	}
	return prp_fill(sqe, pages[0] + first_offset, &src, n, list);
}

size_t nvmet_prp_list_bytes(uint64_t iova, size_t len, uint32_t page_size)
{
	uint64_t n;

	if (!dptr_page_size_ok(page_size))
		return 0;
	n = nvmet_prp_npages(iova & (page_size - 1), len, page_size);
	return n > 2 ? (size_t)prp_list_span(0, n, page_size) : 0;
}
