// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dptr.c - a command's data pointer as the PCIe front end reads it: PRP
 * entries and lists, or SGL descriptors and segments, resolved to
 * registered host memory, with the statuses the spec gives malformed ones.
 */
#include <stdlib.h>
#include <string.h>

#include <nvmet/prp.h>

#include "pcie.h"
#include "support/bytes.h"

#define EMU_SGL_MAX_DESC		4096	/* descriptors walked per command */

/* @len bytes at bus address @iova, added when all registered memory. */
static uint16_t sg_add(struct emu_pcie *p, struct emu_sg *sg, uint64_t iova, size_t len)
{
	void *va = emu_dma_va(&p->dma, iova, len);

	if (!va)
		return ST_GENERIC(NVMET_SC_DATA_XFER_ERROR);
	return emu_sg_add(sg, va, len) ? ST_GENERIC(NVMET_SC_INTERNAL) : 0;
}

static uint16_t prp_map(struct emu_pcie *p, const struct nvmet_sqe *sqe, size_t len,
			struct emu_sg *sg)
{
	uint64_t off = sqe->prp1 & (EMU_PAGE - 1), at, entry;
	uint64_t n = nvmet_prp_npages(off, len, EMU_PAGE), i, slots, k, j;
	size_t chunk;
	const uint8_t *ent;
	uint16_t st;

	if (sqe->prp1 & 3)
		return ST_GENERIC(NVMET_SC_PRP_OFFSET);
	chunk = len < EMU_PAGE - off ? len : EMU_PAGE - off;
	st = sg_add(p, sg, sqe->prp1, chunk);
	if (st || n == 1)
		return st;
	len -= chunk;
	if (n == 2) {
		if (sqe->prp2 & (EMU_PAGE - 1))
			return ST_GENERIC(NVMET_SC_PRP_OFFSET);
		return sg_add(p, sg, sqe->prp2, len);
	}
	at = sqe->prp2;
	if (at & 7)
		return ST_GENERIC(NVMET_SC_PRP_OFFSET);
	for (i = 1; i < n;) {
		slots = nvmet_prp_list_slots(at, EMU_PAGE);
		k = n - i <= slots ? n - i : slots - 1;
		ent = emu_dma_va(&p->dma, at, 8 * (k + (k < n - i)));
		if (!ent)
			return ST_GENERIC(NVMET_SC_DATA_XFER_ERROR);
		for (j = 0; j < k; j++) {
			entry = nvmet_get_le64(ent + 8 * j);
			if (entry & (EMU_PAGE - 1))
				return ST_GENERIC(NVMET_SC_PRP_OFFSET);
			chunk = len < EMU_PAGE ? len : EMU_PAGE;
			st = sg_add(p, sg, entry, chunk);
			if (st)
				return st;
			len -= chunk;
		}
		i += k;
		if (i < n) {
			at = nvmet_get_le64(ent + 8 * k);
			if (at & 7)
				return ST_GENERIC(NVMET_SC_PRP_OFFSET);
		}
	}
	return 0;
}

/* One SGL descriptor as it lies in memory (not always aligned for the host). */
static void sgl_desc(const void *d, uint64_t *addr, uint32_t *len, uint8_t *type)
{
	struct nvmet_sgl_desc desc;

	memcpy(&desc, d, sizeof(desc));
	*addr = le64toh(desc.addr);
	*len = le32toh(desc.len);
	*type = desc.id & 0xf0;
}

static uint16_t sgl_data(struct emu_pcie *p, struct emu_sg *sg, uint64_t addr, uint32_t dlen,
			 size_t *left)
{
	size_t take = dlen < *left ? dlen : *left;

	if (!take)
		return 0;
	*left -= take;
	return sg_add(p, sg, addr, take);
}

static uint16_t sgl_map(struct emu_pcie *p, const struct nvmet_sqe *sqe, size_t len,
			struct emu_sg *sg)
{
	const uint8_t *seg;
	uint8_t type;
	unsigned int walked = 0, i, nd;
	uint64_t addr;
	uint32_t dlen;
	size_t left = len;
	uint16_t st;

	sgl_desc(&sqe->sgl, &addr, &dlen, &type);
	for (;;) {
		if (type == NVMET_SGL_DATA_BLOCK) {
			st = sgl_data(p, sg, addr, dlen, &left);
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
		seg = emu_dma_va(&p->dma, addr, dlen);
		if (!seg)
			return ST_GENERIC(NVMET_SC_DATA_XFER_ERROR);
		{
			bool last = type == NVMET_SGL_LAST_SEGMENT;

			for (i = 0; i < nd; i++) {
				sgl_desc(seg + 16 * i, &addr, &dlen, &type);
				if (type == NVMET_SGL_DATA_BLOCK) {
					st = sgl_data(p, sg, addr, dlen, &left);
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

uint16_t emu_pcie_data_map(void *fe, const struct nvmet_sqe *sqe, size_t len, bool admin,
			   struct emu_sg *sg)
{
	uint8_t psdt = sqe->flags & NVMET_SQE_PSDT_MASK;
	struct emu_pcie *p = fe;

	if (psdt == NVMET_SQE_PSDT_PRP)
		return prp_map(p, sqe, len, sg);
	if (admin || !p->emu->opts.sgl || psdt != NVMET_SQE_PSDT_SGL)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	return sgl_map(p, sqe, len, sg);
}
