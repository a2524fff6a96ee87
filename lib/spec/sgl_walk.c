// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sgl_walk.c - reading back the pieces a command's SGL describes.
 */
#include <errno.h>
#include <limits.h>

#include "dptr.h"

#define SGL_DESC_BYTES	16u

struct sgl_walk {
	const struct nvmet_prplist *list;
	struct nvmet_sgl_seg *segs;
	size_t max;
	size_t count;
	size_t budget;	/* descriptors left to visit before calling it a loop */
};

static int sgl_store(struct sgl_walk *w, uint64_t addr, uint32_t len)
{
	if (w->count >= INT_MAX)
		return -EINVAL;
	if (w->segs) {
		if (w->count >= w->max)
			return -ENOSPC;
		w->segs[w->count].iova = addr;
		w->segs[w->count].len = len;
	}
	w->count++;
	return 0;
}

static int sgl_is_pointer(uint8_t id)
{
	return id == NVMET_SGL_SEGMENT || id == NVMET_SGL_LAST_SEGMENT;
}

/*
 * The segment described by (@addr, @len, @id): store its data blocks and
 * return, in *@next, the descriptor of the next segment (id 0 when none).
 */
static int sgl_walk_seg(struct sgl_walk *w, uint64_t addr, uint32_t len, uint8_t id,
			struct nvmet_sgl_desc *next)
{
	size_t j, n = len / SGL_DESC_BYTES;
	struct nvmet_sgl_desc d;
	const uint8_t *p;
	int ret;

	if (!len || len % SGL_DESC_BYTES)
		return -EINVAL;
	p = dptr_list_at(w->list, addr, len);
	if (!p)
		return -EFAULT;
	if (n > w->budget)
		return -ELOOP;
	w->budget -= n;
	next->id = 0;
	for (j = 0; j < n; j++) {
		memcpy(&d, p + SGL_DESC_BYTES * j, sizeof(d));
		d.addr = le64toh(d.addr);
		d.len = le32toh(d.len);
		if (sgl_is_pointer(d.id)) {
			if (j != n - 1 || id == NVMET_SGL_LAST_SEGMENT)
				return -EINVAL;
			*next = d;
		} else if (d.id == NVMET_SGL_DATA_BLOCK) {
			ret = sgl_store(w, d.addr, d.len);
			if (ret)
				return ret;
		} else {
			return -EOPNOTSUPP;
		}
	}
	if (id == NVMET_SGL_SEGMENT && !next->id)
		return -EINVAL;
	return 0;
}

int nvmet_sgl_walk(const struct nvmet_sqe *sqe, const struct nvmet_prplist *list,
		   struct nvmet_sgl_seg *segs, size_t max)
{
	struct sgl_walk w = { .list = list, .segs = segs, .max = max };
	struct nvmet_sgl_desc d;
	int ret;

	if (!sqe)
		return -EINVAL;
	switch (sqe->flags & NVMET_SQE_PSDT_MASK) {
	case NVMET_SQE_PSDT_SGL:
	case NVMET_SQE_PSDT_SGL_MSGL:
		break;
	default:
		return -EINVAL;
	}
	d.addr = sqe->prp1;
	d.len = (uint32_t)sqe->prp2;
	d.id = (uint8_t)(sqe->prp2 >> 56);
	if (d.id == NVMET_SGL_DATA_BLOCK) {
		ret = sgl_store(&w, d.addr, d.len);
		return ret ? ret : 1;
	}
	if (!sgl_is_pointer(d.id))
		return -EOPNOTSUPP;
	if (list)
		w.budget = list->size / SGL_DESC_BYTES;
	while (d.id) {
		ret = sgl_walk_seg(&w, d.addr, d.len, d.id, &d);
		if (ret)
			return ret;
	}
	return (int)w.count;
}
