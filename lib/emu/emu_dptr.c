// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * emu_dptr.c - a command's data pointer as the emulated controller reads
 * it: PRP entries and lists, or SGL descriptors and segments, resolved to
 * registered host memory, with the statuses the spec gives malformed ones.
 */
#include <stdlib.h>
#include <string.h>

#include <nvmet/prp.h>

#include "emu_priv.h"
#include "support/bytes.h"

#define EMU_SGL_MAX_DESC		4096	/* descriptors walked per command */

static uint16_t sg_add(struct nvmet_emu *emu, struct emu_sg *sg, uint64_t iova, size_t len)
{
	void *va = emu_dma_va(&emu->dma, iova, len);

	if (!va)
		return ST_GENERIC(NVMET_SC_DATA_XFER_ERROR);
	if (sg->n && (uint8_t *)sg->iov[sg->n - 1].iov_base + sg->iov[sg->n - 1].iov_len == va) {
		sg->iov[sg->n - 1].iov_len += len;
	} else {
		if (sg->n == sg->cap) {
			unsigned int cap = sg->cap * 2;
			struct iovec *n = malloc(cap * sizeof(*n));

			if (!n)
				return ST_GENERIC(NVMET_SC_INTERNAL);
			memcpy(n, sg->iov, sg->n * sizeof(*n));
			if (sg->iov != sg->inl)
				free(sg->iov);
			sg->iov = n;
			sg->cap = cap;
		}
		sg->iov[sg->n].iov_base = va;
		sg->iov[sg->n].iov_len = len;
		sg->n++;
	}
	sg->len += len;
	return 0;
}

static uint16_t prp_map(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, size_t len,
			struct emu_sg *sg)
{
	uint64_t off = sqe->prp1 & (EMU_PAGE - 1), at, entry;
	uint64_t n = nvmet_prp_npages(off, len, EMU_PAGE), i, slots, k, j;
	size_t chunk;
	const uint8_t *p;
	uint16_t st;

	if (sqe->prp1 & 3)
		return ST_GENERIC(NVMET_SC_PRP_OFFSET);
	chunk = len < EMU_PAGE - off ? len : EMU_PAGE - off;
	st = sg_add(emu, sg, sqe->prp1, chunk);
	if (st || n == 1)
		return st;
	len -= chunk;
	if (n == 2) {
		if (sqe->prp2 & (EMU_PAGE - 1))
			return ST_GENERIC(NVMET_SC_PRP_OFFSET);
		return sg_add(emu, sg, sqe->prp2, len);
	}
	at = sqe->prp2;
	if (at & 7)
		return ST_GENERIC(NVMET_SC_PRP_OFFSET);
	for (i = 1; i < n;) {
		slots = nvmet_prp_list_slots(at, EMU_PAGE);
		k = n - i <= slots ? n - i : slots - 1;
		p = emu_dma_va(&emu->dma, at, 8 * (k + (k < n - i)));
		if (!p)
			return ST_GENERIC(NVMET_SC_DATA_XFER_ERROR);
		for (j = 0; j < k; j++) {
			entry = nvmet_get_le64(p + 8 * j);
			if (entry & (EMU_PAGE - 1))
				return ST_GENERIC(NVMET_SC_PRP_OFFSET);
			chunk = len < EMU_PAGE ? len : EMU_PAGE;
			st = sg_add(emu, sg, entry, chunk);
			if (st)
				return st;
			len -= chunk;
		}
		i += k;
		if (i < n) {
			at = nvmet_get_le64(p + 8 * k);
			if (at & 7)
				return ST_GENERIC(NVMET_SC_PRP_OFFSET);
		}
	}
	return 0;
}

/* One SGL descriptor: address, length, type in the high nibble of byte 15. */
static void sgl_desc(const uint8_t *d, uint64_t *addr, uint32_t *len, uint8_t *type)
{
	uint32_t l;

	*addr = nvmet_get_le64(d);
	memcpy(&l, d + 8, 4);
	*len = le32toh(l);
	*type = d[15] & 0xf0;
}

static uint16_t sgl_data(struct nvmet_emu *emu, struct emu_sg *sg, uint64_t addr, uint32_t dlen,
			 size_t *left)
{
	size_t take = dlen < *left ? dlen : *left;

	if (!take)
		return 0;
	*left -= take;
	return sg_add(emu, sg, addr, take);
}

static uint16_t sgl_map(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, size_t len,
			struct emu_sg *sg)
{
	uint8_t first[16], type;
	const uint8_t *seg;
	unsigned int walked = 0, i, nd;
	uint64_t addr;
	uint32_t dlen;
	size_t left = len;
	uint16_t st;

	memcpy(first, &sqe->prp1, 8);
	memcpy(first + 8, &sqe->prp2, 8);
	sgl_desc(first, &addr, &dlen, &type);
	for (;;) {
		if (type == NVMET_SGL_DATA_BLOCK) {
			st = sgl_data(emu, sg, addr, dlen, &left);
			if (st)
				return st;
			break;
		}
		if (type != NVMET_SGL_SEGMENT && type != NVMET_SGL_LAST_SEGMENT)
			return ST_GENERIC(NVMET_SC_SGL_TYPE);
		if (!dlen || dlen % 16)
			return ST_GENERIC(NVMET_SC_SGL_COUNT);
		nd = dlen / 16;
		walked += nd;
		if (walked > EMU_SGL_MAX_DESC)
			return ST_GENERIC(NVMET_SC_SGL_COUNT);
		seg = emu_dma_va(&emu->dma, addr, dlen);
		if (!seg)
			return ST_GENERIC(NVMET_SC_DATA_XFER_ERROR);
		{
			bool last = type == NVMET_SGL_LAST_SEGMENT;

			for (i = 0; i < nd; i++) {
				sgl_desc(seg + 16 * i, &addr, &dlen, &type);
				if (type == NVMET_SGL_DATA_BLOCK) {
					st = sgl_data(emu, sg, addr, dlen, &left);
					if (st)
						return st;
					continue;
				}
				if ((type == NVMET_SGL_SEGMENT || type == NVMET_SGL_LAST_SEGMENT) &&
				    i == nd - 1 && !last)
					break;
				return ST_GENERIC(NVMET_SC_SGL_TYPE);
			}
			if (i == nd)
				break;
		}
	}
	if (left)
		return ST_GENERIC(NVMET_SC_SGL_LENGTH);
	return 0;
}

uint16_t emu_dptr_map(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, size_t len, bool admin,
		      struct emu_sg *sg)
{
	uint8_t psdt = sqe->flags & NVMET_SQE_PSDT_MASK;

	sg->iov = sg->inl;
	sg->n = 0;
	sg->cap = EMU_SG_INLINE;
	sg->len = 0;
	if (!len)
		return 0;
	if (psdt == NVMET_SQE_PSDT_PRP)
		return prp_map(emu, sqe, len, sg);
	if (admin || !emu->opts.sgl || psdt != NVMET_SQE_PSDT_SGL)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	return sgl_map(emu, sqe, len, sg);
}

void emu_sg_release(struct emu_sg *sg)
{
	if (sg->iov && sg->iov != sg->inl)
		free(sg->iov);
	sg->iov = sg->inl;
	sg->n = 0;
}

/* Copy @n bytes between byte @off of @sg and @flat, in the direction @to_host says. */
static size_t sg_copy(const struct emu_sg *sg, size_t off, void *flat, size_t n, bool to_host)
{
	uint8_t *f = flat;
	size_t done = 0;
	unsigned int i;

	for (i = 0; i < sg->n && done < n; i++) {
		size_t l = sg->iov[i].iov_len, take;
		uint8_t *p = sg->iov[i].iov_base;

		if (off >= l) {
			off -= l;
			continue;
		}
		take = l - off < n - done ? l - off : n - done;
		if (to_host)
			memcpy(p + off, f + done, take);
		else
			memcpy(f + done, p + off, take);
		done += take;
		off = 0;
	}
	return done;
}

size_t emu_sg_to_host(struct emu_sg *sg, size_t off, const void *src, size_t n)
{
	return sg_copy(sg, off, (void *)(uintptr_t)src, n, true);
}

size_t emu_sg_from_host(const struct emu_sg *sg, size_t off, void *dst, size_t n)
{
	return sg_copy(sg, off, dst, n, false);
}

/* Map @sqe's data pointer and copy, as the admin commands do. */
static uint16_t xfer(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, void *flat, size_t len,
		     bool to_host)
{
	struct emu_sg sg;
	uint16_t st = emu_dptr_map(emu, sqe, len, true, &sg);

	if (!st)
		sg_copy(&sg, 0, flat, len, to_host);
	emu_sg_release(&sg);
	return st;
}

uint16_t emu_xfer_to_host(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, const void *src,
			  size_t len)
{
	return xfer(emu, sqe, (void *)(uintptr_t)src, len, true);
}

uint16_t emu_xfer_from_host(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, void *dst,
			    size_t len)
{
	return xfer(emu, sqe, dst, len, false);
}
