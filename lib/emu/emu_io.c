// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * emu_io.c - the NVM command set of the emulated controller: Flush, Write,
 * Read, Write Uncorrectable, Compare, Write Zeroes, Dataset Management,
 * Verify and the fused Compare and Write, with the checks and statuses
 * the spec gives them and the SMART counters they move.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>

#include <nvmet/cmd.h>

#include "emu_priv.h"

#define NSID_ALL		0xffffffffu
#define DSM_RANGE_BYTES		16
#define DSM_MAX_RANGES		256

struct io_lbas {
	uint64_t slba;
	uint64_t nlb;
	uint64_t off;	/* bytes */
	size_t len;	/* bytes */
};

static inline uint16_t lba_check(const struct emu_ns *ns, uint64_t slba, uint64_t nlb)
{
	if (slba >= ns->nsze || nlb > ns->nsze - slba)
		return ST_GENERIC(NVMET_SC_LBA_RANGE);
	return 0;
}

/* SLBA and NLB of a command; the range check, and MDTS when it moves data. */
static inline uint16_t io_lbas(const struct nvmet_emu *emu, const struct emu_ns *ns,
			       const struct nvmet_sqe *sqe, bool data, struct io_lbas *l)
{
	uint16_t st;

	l->slba = sqe->rw.slba;
	l->nlb = sqe->rw.nlb + 1u;
	st = lba_check(ns, l->slba, l->nlb);
	if (st)
		return st;
	l->off = l->slba << ns->lba_shift;
	l->len = (size_t)l->nlb << ns->lba_shift;
	if (data && emu->opts.mdts && l->len > (size_t)EMU_PAGE << emu->opts.mdts)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	return 0;
}

static uint16_t store_error(int err, bool write)
{
	if (err == -ENOMEM || err == -ENOSPC)
		return ST_GENERIC(NVMET_SC_CAP_EXCEEDED);
	return write ? ST_MEDIA(NVMET_SC_WRITE_FAULT) : ST_MEDIA(NVMET_SC_UNRECOVERED_READ);
}

static uint16_t media_error(struct nvmet_emu *emu)
{
	emu->adm.media_errors++;
	return ST_MEDIA(NVMET_SC_UNRECOVERED_READ);
}

static void count_read(struct nvmet_emu *emu, size_t len)
{
	emu->adm.host_reads++;
	emu->adm.data_units_read += len >> 9;
}

/* Data now written to [l->slba, +l->nlb): the marks go, FUA makes it durable. */
static void written(struct emu_ns *ns, const struct nvmet_sqe *sqe, const struct io_lbas *l)
{
	emu_ns_uncor_clear(ns, l->slba, l->nlb);
	if (sqe->rw.fua)
		emu_store_flush_range(ns->store, l->off, l->len);
}

static uint16_t io_read(struct nvmet_emu *emu, struct emu_ns *ns, const struct nvmet_sqe *sqe)
{
	struct emu_sg sg;
	struct io_lbas l;
	uint16_t st;
	int ret;

	st = io_lbas(emu, ns, sqe, true, &l);
	if (st)
		return st;
	st = emu_dptr_map(emu, sqe, l.len, false, &sg);
	if (st == 0) {
		if (emu_ns_uncor_hit(ns, l.slba, l.nlb, NULL)) {
			st = media_error(emu);
		} else {
			ret = emu_store_readv(ns->store, l.off, &sg, l.len);
			if (ret)
				st = store_error(ret, false);
			else
				count_read(emu, l.len);
		}
	}
	emu_sg_release(&sg);
	return st;
}

static uint16_t io_write(struct nvmet_emu *emu, struct emu_ns *ns, const struct nvmet_sqe *sqe)
{
	struct emu_sg sg;
	struct io_lbas l;
	uint16_t st;
	int ret;

	st = io_lbas(emu, ns, sqe, true, &l);
	if (st)
		return st;
	st = emu_dptr_map(emu, sqe, l.len, false, &sg);
	if (st == 0) {
		ret = emu_store_writev(ns->store, l.off, &sg, l.len);
		if (ret) {
			st = store_error(ret, true);
		} else {
			written(ns, sqe, &l);
			emu->adm.host_writes++;
			emu->adm.data_units_written += l.len >> 9;
		}
	}
	emu_sg_release(&sg);
	return st;
}

/* Compare the data at @off with the host buffer, a page at a time. */
static uint16_t compare_data(struct emu_ns *ns, uint64_t off, const struct emu_sg *sg,
			     size_t len)
{
	uint8_t media[EMU_PAGE], host[EMU_PAGE];
	size_t done, n;
	int ret;

	for (done = 0; done < len; done += n) {
		n = len - done < EMU_PAGE ? len - done : EMU_PAGE;
		ret = emu_store_read(ns->store, off + done, media, n);
		if (ret)
			return store_error(ret, false);
		if (emu_sg_from_host(sg, done, host, n) != n)
			return ST_GENERIC(NVMET_SC_DATA_XFER_ERROR);
		if (memcmp(media, host, n))
			return ST_MEDIA(NVMET_SC_COMPARE_FAILED);
	}
	return 0;
}

static uint16_t io_compare(struct nvmet_emu *emu, struct emu_ns *ns, const struct nvmet_sqe *sqe)
{
	struct emu_sg sg;
	struct io_lbas l;
	uint16_t st;

	st = io_lbas(emu, ns, sqe, true, &l);
	if (st)
		return st;
	st = emu_dptr_map(emu, sqe, l.len, false, &sg);
	if (st == 0) {
		if (emu_ns_uncor_hit(ns, l.slba, l.nlb, NULL))
			st = media_error(emu);
		else
			st = compare_data(ns, l.off, &sg, l.len);
		if (st == 0 || st == ST_MEDIA(NVMET_SC_COMPARE_FAILED))
			count_read(emu, l.len);
	}
	emu_sg_release(&sg);
	return st;
}

static uint16_t io_write_uncor(struct nvmet_emu *emu, struct emu_ns *ns,
			       const struct nvmet_sqe *sqe)
{
	struct io_lbas l;
	uint16_t st;

	st = io_lbas(emu, ns, sqe, false, &l);
	if (st)
		return st;
	if (emu_ns_uncor_add(ns, l.slba, l.nlb))
		return ST_GENERIC(NVMET_SC_INTERNAL);
	return 0;
}

/* Write Zeroes: DEAC or not, the blocks are deallocated (they read as zero). */
static uint16_t io_write_zeroes(struct nvmet_emu *emu, struct emu_ns *ns,
				const struct nvmet_sqe *sqe)
{
	struct io_lbas l;
	uint16_t st;
	int ret;

	st = io_lbas(emu, ns, sqe, false, &l);
	if (st)
		return st;
	ret = emu_store_zero(ns->store, l.off, l.len);
	if (ret)
		return store_error(ret, true);
	written(ns, sqe, &l);
	return 0;
}

static uint16_t io_verify(struct nvmet_emu *emu, struct emu_ns *ns, const struct nvmet_sqe *sqe)
{
	struct io_lbas l;
	uint16_t st;

	st = io_lbas(emu, ns, sqe, false, &l);
	if (st)
		return st;
	if (emu_ns_uncor_hit(ns, l.slba, l.nlb, NULL))
		return media_error(emu);
	count_read(emu, l.len);
	return 0;
}

static void dsm_range(const uint8_t *r, uint64_t *slba, uint32_t *nlb)
{
	uint64_t s;
	uint32_t n;

	memcpy(&n, r + 4, sizeof(n));
	memcpy(&s, r + 8, sizeof(s));
	*nlb = le32toh(n);
	*slba = le64toh(s);
}

/* Dataset Management: every range checked first, then deallocated when AD is set. */
static uint16_t io_dsm(struct nvmet_emu *emu, struct emu_ns *ns, const struct nvmet_sqe *sqe)
{
	uint8_t ranges[DSM_MAX_RANGES * DSM_RANGE_BYTES];
	unsigned int nr = sqe->dsm.nr + 1u, i;
	size_t len = (size_t)nr * DSM_RANGE_BYTES;
	struct emu_sg sg;
	uint64_t slba;
	uint32_t nlb;
	uint16_t st;
	int ret;

	st = emu_dptr_map(emu, sqe, len, false, &sg);
	if (st == 0 && emu_sg_from_host(&sg, 0, ranges, len) != len)
		st = ST_GENERIC(NVMET_SC_DATA_XFER_ERROR);
	emu_sg_release(&sg);
	if (st)
		return st;
	for (i = 0; i < nr; i++) {
		dsm_range(ranges + i * DSM_RANGE_BYTES, &slba, &nlb);
		if (nlb && lba_check(ns, slba, nlb))
			return ST_GENERIC(NVMET_SC_LBA_RANGE);
	}
	if (!(sqe->dsm.attrs & NVMET_DSM_AD))
		return 0;
	for (i = 0; i < nr; i++) {
		dsm_range(ranges + i * DSM_RANGE_BYTES, &slba, &nlb);
		if (!nlb)
			continue;
		ret = emu_store_zero(ns->store, slba << ns->lba_shift,
				     (uint64_t)nlb << ns->lba_shift);
		if (ret)
			return store_error(ret, true);
		emu_ns_uncor_clear(ns, slba, nlb);
	}
	return 0;
}

static uint16_t io_flush(struct nvmet_emu *emu, uint32_t nsid)
{
	unsigned int i;

	for (i = 1; i <= EMU_MAX_NS; i++) {
		if (emu->ns[i] && emu->ns[i]->attached && (nsid == NSID_ALL || nsid == i)) {
			if (emu_store_flush(emu->ns[i]->store))
				return ST_MEDIA(NVMET_SC_WRITE_FAULT);
		}
	}
	return 0;
}

static uint16_t io_cmd(struct nvmet_emu *emu, const struct nvmet_sqe *sqe)
{
	struct emu_ns *ns;

	/* A sanitize operation leaves Flush alone: it touches no user data. */
	if (emu->adm.san_active && sqe->opc != NVMET_CMD_FLUSH)
		return ST_GENERIC(NVMET_SC_SANITIZE_IN_PROGRESS);
	if (sqe->opc == NVMET_CMD_FLUSH && sqe->nsid == NSID_ALL)
		return io_flush(emu, NSID_ALL);
	if (!sqe->nsid || sqe->nsid > EMU_MAX_NS)
		return ST_GENERIC(NVMET_SC_INVALID_NS);
	ns = emu->ns[sqe->nsid];
	if (!ns || !ns->attached)
		return ST_GENERIC(NVMET_SC_INVALID_NS);
	switch (sqe->opc) {
	case NVMET_CMD_READ:
		return io_read(emu, ns, sqe);
	case NVMET_CMD_WRITE:
		return io_write(emu, ns, sqe);
	case NVMET_CMD_FLUSH:
		return io_flush(emu, sqe->nsid);
	case NVMET_CMD_WRITE_UNCOR:
		return io_write_uncor(emu, ns, sqe);
	case NVMET_CMD_COMPARE:
		return io_compare(emu, ns, sqe);
	case NVMET_CMD_WRITE_ZEROES:
		return io_write_zeroes(emu, ns, sqe);
	case NVMET_CMD_DSM:
		return io_dsm(emu, ns, sqe);
	case NVMET_CMD_VERIFY:
		return io_verify(emu, ns, sqe);
	default:
		return ST_GENERIC(NVMET_SC_INVALID_OPCODE);
	}
}

/* Compare and Write: both on the same namespace and LBAs, the Write only when they match. */
static void io_fused(struct nvmet_emu *emu, struct emu_cmd *cmp, struct emu_cmd *wr)
{
	const struct nvmet_sqe *a = &cmp->sqe, *b = &wr->sqe;

	if (a->opc != NVMET_CMD_COMPARE || b->opc != NVMET_CMD_WRITE ||
	    (a->flags & NVMET_SQE_FUSE_MASK) != NVMET_SQE_FUSE_FIRST ||
	    (b->flags & NVMET_SQE_FUSE_MASK) != NVMET_SQE_FUSE_SECOND ||
	    a->nsid != b->nsid || a->rw.slba != b->rw.slba || a->rw.nlb != b->rw.nlb) {
		cmp->cqe.status = ST_GENERIC(NVMET_SC_INVALID_FIELD);
		wr->cqe.status = ST_GENERIC(NVMET_SC_INVALID_FIELD);
		return;
	}
	cmp->cqe.status = io_cmd(emu, a);
	if (cmp->cqe.status != 0)
		wr->cqe.status = ST_GENERIC(NVMET_SC_FUSED_FAIL);
	else
		wr->cqe.status = io_cmd(emu, b);
}

void emu_io_exec(struct nvmet_emu *emu, struct emu_cmd *cmd, struct emu_cmd *second)
{
	if (second)
		io_fused(emu, cmd, second);
	else
		cmd->cqe.status = io_cmd(emu, &cmd->sqe);
}
