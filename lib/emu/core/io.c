// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * io.c - the NVM command set of the emulated controller: Flush, Write,
 * Read, Write Uncorrectable, Compare, Write Zeroes, Dataset Management,
 * Verify and the fused Compare and Write (and the reservation commands,
 * run by resv.c), with the checks and statuses
 * the spec gives them and the SMART counters they move. A command is
 * decoded first (namespace, opcode, blocks and their range), then run.
 */
#include <errno.h>
#include <string.h>

#include <nvmet/cmd.h>

#include "core.h"
#include "support/bytes.h"

#define NSID_ALL		0xffffffffu
#define DSM_RANGE_BYTES		16
#define DSM_MAX_RANGES		256

/**
 * struct io_cmd - an I/O command, decoded
 * @ns: its namespace (NULL: a Flush of all of them)
 * @slba: first LBA (LBA based commands)
 * @nlb: blocks
 * @off: byte offset of @slba
 * @len: bytes of @nlb blocks
 */
struct io_cmd {
	struct emu_ns *ns;
	uint64_t slba;
	uint64_t nlb;
	uint64_t off;
	size_t len;
};

static inline uint16_t lba_check(const struct emu_ns *ns, uint64_t slba, uint64_t nlb)
{
	if (slba >= ns->nsze || nlb > ns->nsze - slba)
		return ST_GENERIC(NVMET_SC_LBA_RANGE);
	return 0;
}

/* SLBA and NLB of an LBA based command; the range check, and MDTS when it moves data. */
static uint16_t decode_lbas(const struct nvmet_emu *emu, const struct nvmet_sqe *sqe, bool data,
			    struct io_cmd *io)
{
	uint16_t st;

	io->slba = sqe->rw.slba;
	io->nlb = sqe->rw.nlb + 1u;
	st = lba_check(io->ns, io->slba, io->nlb);
	if (st)
		return st;
	io->off = io->slba << io->ns->lba_shift;
	io->len = (size_t)io->nlb << io->ns->lba_shift;
	if (data && emu->opts.mdts && io->len > (size_t)EMU_PAGE << emu->opts.mdts)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	return 0;
}

static uint16_t io_decode(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, struct io_cmd *io)
{
	memset(io, 0, sizeof(*io));
	/* A sanitize operation leaves Flush alone: it touches no user data. */
	if (emu->adm.san_active && sqe->opc != NVMET_CMD_FLUSH)
		return ST_GENERIC(NVMET_SC_SANITIZE_IN_PROGRESS);
	if (sqe->opc == NVMET_CMD_FLUSH && sqe->nsid == NSID_ALL)
		return 0;
	if (!sqe->nsid || sqe->nsid > EMU_MAX_NS)
		return ST_GENERIC(NVMET_SC_INVALID_NS);
	io->ns = emu->ns[sqe->nsid];
	if (!io->ns || !io->ns->attached)
		return ST_GENERIC(NVMET_SC_INVALID_NS);
	switch (sqe->opc) {
	case NVMET_CMD_READ:
	case NVMET_CMD_WRITE:
	case NVMET_CMD_COMPARE:
		return decode_lbas(emu, sqe, true, io);
	case NVMET_CMD_WRITE_UNCOR:
	case NVMET_CMD_WRITE_ZEROES:
	case NVMET_CMD_VERIFY:
		return decode_lbas(emu, sqe, false, io);
	case NVMET_CMD_FLUSH:
	case NVMET_CMD_DSM:
	case NVMET_CMD_RESV_REGISTER:
	case NVMET_CMD_RESV_REPORT:
	case NVMET_CMD_RESV_ACQUIRE:
	case NVMET_CMD_RESV_RELEASE:
		return 0;
	default:
		return ST_GENERIC(NVMET_SC_INVALID_OPCODE);
	}
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

/* Data now written to the command's blocks: the marks go, FUA makes it durable. */
static void written(const struct nvmet_sqe *sqe, const struct io_cmd *io)
{
	emu_ns_uncor_clear(io->ns, io->slba, io->nlb);
	if (sqe->rw.fua)
		emu_store_flush_range(io->ns->store, io->off, io->len);
}

static uint16_t io_read(struct nvmet_emu *emu, const struct nvmet_sqe *sqe,
			const struct io_cmd *io)
{
	struct emu_sg sg;
	uint16_t st;
	int ret;

	st = emu_data_map(emu, sqe, io->len, false, &sg);
	if (!st) {
		if (emu_ns_uncor_hit(io->ns, io->slba, io->nlb, NULL)) {
			st = media_error(emu);
		} else {
			ret = emu_store_readv(io->ns->store, io->off, &sg, io->len);
			if (ret)
				st = store_error(ret, false);
			else
				count_read(emu, io->len);
		}
	}
	emu_sg_release(&sg);
	return st;
}

static uint16_t io_write(struct nvmet_emu *emu, const struct nvmet_sqe *sqe,
			 const struct io_cmd *io)
{
	struct emu_sg sg;
	uint16_t st;
	int ret;

	st = emu_data_map(emu, sqe, io->len, false, &sg);
	if (!st) {
		ret = emu_store_writev(io->ns->store, io->off, &sg, io->len);
		if (ret) {
			st = store_error(ret, true);
		} else {
			written(sqe, io);
			emu->adm.host_writes++;
			emu->adm.data_units_written += io->len >> 9;
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

static uint16_t io_compare(struct nvmet_emu *emu, const struct nvmet_sqe *sqe,
			   const struct io_cmd *io)
{
	struct emu_sg sg;
	uint16_t st;

	st = emu_data_map(emu, sqe, io->len, false, &sg);
	if (!st) {
		if (emu_ns_uncor_hit(io->ns, io->slba, io->nlb, NULL))
			st = media_error(emu);
		else
			st = compare_data(io->ns, io->off, &sg, io->len);
		if (st == 0 || st == ST_MEDIA(NVMET_SC_COMPARE_FAILED))
			count_read(emu, io->len);
	}
	emu_sg_release(&sg);
	return st;
}

/* Write Zeroes: DEAC or not, the blocks are deallocated (they read as zero). */
static uint16_t io_write_zeroes(const struct nvmet_sqe *sqe, const struct io_cmd *io)
{
	int ret = emu_store_zero(io->ns->store, io->off, io->len);

	if (ret)
		return store_error(ret, true);
	written(sqe, io);
	return 0;
}

static uint16_t io_verify(struct nvmet_emu *emu, const struct io_cmd *io)
{
	if (emu_ns_uncor_hit(io->ns, io->slba, io->nlb, NULL))
		return media_error(emu);
	count_read(emu, io->len);
	return 0;
}

/* Dataset Management: every range checked first, then deallocated when AD is set. */
static uint16_t io_dsm(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, struct emu_ns *ns)
{
	uint8_t ranges[DSM_MAX_RANGES * DSM_RANGE_BYTES];
	unsigned int nr = sqe->dsm.nr + 1u, i;
	size_t len = (size_t)nr * DSM_RANGE_BYTES;
	uint64_t slba;
	uint32_t nlb;
	uint16_t st;
	int ret;

	st = emu_xfer(emu, sqe, ranges, len, false, false);
	if (st)
		return st;
	for (i = 0; i < nr; i++) {
		nlb = nvmet_get_le32(ranges + i * DSM_RANGE_BYTES + 4);
		slba = nvmet_get_le64(ranges + i * DSM_RANGE_BYTES + 8);
		if (nlb && lba_check(ns, slba, nlb))
			return ST_GENERIC(NVMET_SC_LBA_RANGE);
	}
	if (!(sqe->dsm.attrs & NVMET_DSM_AD))
		return 0;
	for (i = 0; i < nr; i++) {
		nlb = nvmet_get_le32(ranges + i * DSM_RANGE_BYTES + 4);
		slba = nvmet_get_le64(ranges + i * DSM_RANGE_BYTES + 8);
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

/* Run a decoded command: its status. */
static uint16_t io_run(struct nvmet_emu *emu, const struct nvmet_sqe *sqe,
		       const struct io_cmd *io)
{
	switch (sqe->opc) {
	case NVMET_CMD_READ:
		return io_read(emu, sqe, io);
	case NVMET_CMD_WRITE:
		return io_write(emu, sqe, io);
	case NVMET_CMD_FLUSH:
		return io_flush(emu, sqe->nsid);
	case NVMET_CMD_WRITE_UNCOR:
		return emu_ns_uncor_add(io->ns, io->slba, io->nlb) ?
		       ST_GENERIC(NVMET_SC_INTERNAL) : 0;
	case NVMET_CMD_COMPARE:
		return io_compare(emu, sqe, io);
	case NVMET_CMD_WRITE_ZEROES:
		return io_write_zeroes(sqe, io);
	case NVMET_CMD_DSM:
		return io_dsm(emu, sqe, io->ns);
	case NVMET_CMD_RESV_REGISTER:
	case NVMET_CMD_RESV_REPORT:
	case NVMET_CMD_RESV_ACQUIRE:
	case NVMET_CMD_RESV_RELEASE:
		return emu_resv_exec(emu, sqe, io->ns);
	default:	/* the decode let nothing else through */
		return io_verify(emu, io);
	}
}

static uint16_t io_cmd(struct nvmet_emu *emu, const struct nvmet_sqe *sqe)
{
	struct io_cmd io;
	uint16_t st = io_decode(emu, sqe, &io);

	return st ? st : io_run(emu, sqe, &io);
}

/* Compare and Write: both on the same namespace and LBAs, the Write only when they match. */
static void io_fused(struct nvmet_emu *emu, struct emu_cmd *cmp, struct emu_cmd *wr)
{
	const struct nvmet_sqe *a = &cmp->sqe, *b = &wr->sqe;

	if (a->opc != NVMET_CMD_COMPARE || b->opc != NVMET_CMD_WRITE ||
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
