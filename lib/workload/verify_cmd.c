// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * verify_cmd.c - what an NVM command of a verified namespace means for its
 * check table when it completes, well or not: the namespace API's
 * commands and the I/O workers' go through here, so both keep the table
 * the same way. A command that failed, timed out, or was cut off by a
 * reset or power loss may have changed its LBAs or not: old-or-new.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>

#include <nvmet/cmd.h>
#include <nvmet/ns.h>

#include "verify_priv.h"

#define DSM_RANGE_BYTES	16

bool nvmet_vcmd_init(struct nvmet_vcmd *vc, struct nvmet_ns *ns, const struct nvmet_sqe *sqe,
		     const struct nvmet_buf *buf, size_t off)
{
	vc->ns = ns;
	vc->buf = buf;
	vc->off = off;
	vc->opc = sqe->opc;
	vc->slba = sqe->rw.slba;
	vc->nlb = sqe->rw.nlb + 1u;
	vc->fua = sqe->rw.fua;
	vc->epoch = 0;
	switch (sqe->opc) {
	case NVMET_CMD_READ:
	case NVMET_CMD_WRITE:
		return buf != NULL;
	case NVMET_CMD_DSM:
		vc->nlb = sqe->dsm.nr + 1u;
		return buf && (sqe->dsm.attrs & NVMET_DSM_AD);
	case NVMET_CMD_FLUSH:
		vc->epoch = nvmet_verify_epoch_begin();
		return true;
	case NVMET_CMD_COMPARE:
	case NVMET_CMD_VERIFY:
		return false;
	default:
		/* Write Zeroes, Write Uncorrectable, and any other opcode may change data. */
		return true;
	}
}

/* The data of @vc, or NULL when its buffer does not hold @len bytes there. */
static const uint8_t *vcmd_data(const struct nvmet_vcmd *vc, size_t len)
{
	const struct nvmet_buf *b = vc->buf;

	if (!b || !b->va || vc->off > b->size || len > b->size - vc->off)
		return NULL;
	return (const uint8_t *)b->va + vc->off;
}

/* Deallocate: each range reads as what deallocated blocks read as, or old-or-that. */
static int vcmd_dsm(const struct nvmet_vcmd *vc, bool ok)
{
	const uint8_t *r = vcmd_data(vc, (size_t)vc->nlb * DSM_RANGE_BYTES);
	uint16_t value = nvmet_verify_dealloc_value(vc->ns);
	enum nvmet_vop op = value == NVMET_VERIFY_UNKNOWN ? NVMET_VOP_UNKNOWN :
			    ok ? NVMET_VOP_WRITE : NVMET_VOP_CUT;
	uint32_t i, len;
	uint64_t slba;
	int ret = 0;

	if (!r)
		return -EINVAL;
	for (i = 0; i < vc->nlb; i++, r += DSM_RANGE_BYTES) {
		memcpy(&len, r + 4, sizeof(len));
		memcpy(&slba, r + 8, sizeof(slba));
		/* A range past the end failed the command: nothing of it is recorded. */
		if (le32toh(len) && nvmet_verify_range(vc->ns, op, le64toh(slba), le32toh(len),
						       NULL, value))
			ret = -ERANGE;
	}
	return ret;
}

int nvmet_vcmd_done(const struct nvmet_vcmd *vc, const struct nvmet_cqe *cqe, uint64_t *bad)
{
	uint32_t lbs = nvmet_ns_lba_size(vc->ns);
	bool ok = nvmet_cqe_ok(cqe);
	enum nvmet_vop wr = !ok ? NVMET_VOP_CUT : vc->fua ? NVMET_VOP_DURABLE : NVMET_VOP_WRITE;
	const uint8_t *data;

	/* The write of a fused pair whose compare failed never ran. */
	if (NVMET_CQE_STATUS(cqe->status) == (NVMET_SCT_GENERIC << 8 | NVMET_SC_FUSED_FAIL))
		return 0;
	switch (vc->opc) {
	case NVMET_CMD_READ:
		return ok ? nvmet_verify_check(vc->ns, vc->buf, vc->off, vc->slba, vc->nlb, bad) : 0;
	case NVMET_CMD_FLUSH:
		if (ok)
			nvmet_verify_flushed(vc->ns, vc->epoch);
		return 0;
	case NVMET_CMD_WRITE:
		data = vcmd_data(vc, (size_t)vc->nlb * lbs);
		return data ? nvmet_verify_range(vc->ns, wr, vc->slba, vc->nlb, data, 0) : -EINVAL;
	case NVMET_CMD_WRITE_ZEROES:
		/* Zeros afterwards, whether or not it deallocated them. */
		return nvmet_verify_range(vc->ns, wr, vc->slba, vc->nlb, NULL, NVMET_VERIFY_ZERO);
	case NVMET_CMD_DSM:
		return vcmd_dsm(vc, ok);
	default:
		return nvmet_verify_range(vc->ns, NVMET_VOP_UNKNOWN, vc->slba, vc->nlb, NULL, 0);
	}
}

void nvmet_vcmd_complete(const struct nvmet_vcmd *vc, struct nvmet_cqe *cqe)
{
	uint64_t bad = 0;

	if (nvmet_vcmd_done(vc, cqe, &bad) != -EILSEQ)
		return;
	nvmet_verify_note_miscompare(vc->ns, bad);
	cqe->status = (uint16_t)((cqe->status & 1) | NVMET_SC_UNRECOVERED_READ << 1 |
				 NVMET_SCT_MEDIA << 9);
}
