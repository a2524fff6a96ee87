// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sgl.c - scatter gather lists for a command's data pointer.
 */
#include <errno.h>

#include "dptr.h"

#define SGL_DESC_BYTES	16u
#define SGL_SEG_DESCS	(NVMET_SGL_SEG_BYTES / SGL_DESC_BYTES)

static void sgl_put_desc(void *p, uint64_t addr, uint32_t len, uint8_t id)
{
	struct nvmet_sgl_desc d = { .addr = htole64(addr), .len = htole32(len), .id = id };

	memcpy(p, &d, sizeof(d));
}

/* Descriptors in the segment that holds the @left remaining pieces. */
static size_t sgl_seg_descs(size_t left)
{
	return left <= SGL_SEG_DESCS ? left : SGL_SEG_DESCS;
}

static uint8_t sgl_seg_id(size_t left)
{
	return left <= SGL_SEG_DESCS ? NVMET_SGL_LAST_SEGMENT : NVMET_SGL_SEGMENT;
}

static void sgl_write_list(const struct nvmet_sgl_seg *segs, size_t nsegs,
			   const struct nvmet_prplist *list)
{
	uint64_t at = list->iova;
	size_t i = 0, j, k, left;
	uint8_t *p;

	for (;;) {
		left = nsegs - i;
		k = left <= SGL_SEG_DESCS ? left : SGL_SEG_DESCS - 1;
		p = dptr_list_at(list, at, SGL_DESC_BYTES * sgl_seg_descs(left));
		for (j = 0; j < k; j++)
			sgl_put_desc(p + SGL_DESC_BYTES * j, segs[i + j].iova, segs[i + j].len,
				     NVMET_SGL_DATA_BLOCK);
		i += k;
		if (i == nsegs)
			return;
		at += NVMET_SGL_SEG_BYTES;
		left = nsegs - i;
		sgl_put_desc(p + SGL_DESC_BYTES * k, at,
			     (uint32_t)(SGL_DESC_BYTES * sgl_seg_descs(left)), sgl_seg_id(left));
	}
}

size_t nvmet_sgl_list_bytes(size_t nsegs)
{
	size_t full;

	if (nsegs <= 1)
		return 0;
	/* Every full segment but the last holds one pointer to the next. */
	full = (nsegs - 2) / (SGL_SEG_DESCS - 1);
	return full * NVMET_SGL_SEG_BYTES +
	       SGL_DESC_BYTES * (nsegs - full * (SGL_SEG_DESCS - 1));
}

int nvmet_sgl_build(struct nvmet_sqe *sqe, const struct nvmet_sgl_seg *segs, size_t nsegs,
		    const struct nvmet_prplist *list)
{
	uint64_t addr, desc_len;
	uint8_t id;

	if (!sqe || !segs || !nsegs)
		return -EINVAL;
	if (nsegs == 1) {
		addr = segs[0].iova;
		desc_len = segs[0].len;
		id = NVMET_SGL_DATA_BLOCK;
	} else {
		if (!list || !list->va)
			return -ENOSPC;
		if (list->iova % 8)
			return -EINVAL;
		if (nvmet_sgl_list_bytes(nsegs) > list->size)
			return -ENOSPC;
		sgl_write_list(segs, nsegs, list);
		addr = list->iova;
		desc_len = SGL_DESC_BYTES * sgl_seg_descs(nsegs);
		id = sgl_seg_id(nsegs);
	}
	dptr_set_psdt(sqe, NVMET_SQE_PSDT_SGL);
	sqe->prp1 = addr;
	sqe->prp2 = desc_len | (uint64_t)id << 56;
	return 0;
}
