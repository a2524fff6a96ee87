// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cmd_io.c - builders of the NVM command set I/O commands.
 */
#include "cmd_priv.h"

/* The optional fields beyond the ones every LBA based command has. */
enum {
	IO_DEAC = 1 << 0,
	IO_DIRECTIVE = 1 << 1,	/* dtype and dspec */
	IO_DSM = 1 << 2,
};

#define NLB_MAX		0x10000u

static int io_opts_ok(const struct nvmet_io_opts *o, unsigned int allowed)
{
	if (!fits(o->prinfo, 4) || !fits(o->dtype, 4))
		return 0;
	if (!(allowed & IO_DEAC) && o->deac)
		return 0;
	if (!(allowed & IO_DIRECTIVE) && (o->dtype || o->dspec))
		return 0;
	return (allowed & IO_DSM) || !o->dsm;
}

static int lba_cmd(struct nvmet_sqe *sqe, uint8_t opc, uint32_t nsid, uint64_t slba,
		   uint32_t nlb, const struct nvmet_io_opts *opts, unsigned int allowed)
{
	static const struct nvmet_io_opts none;
	const struct nvmet_io_opts *o = opts ? opts : &none;

	if (nlb < 1 || nlb > NLB_MAX || !io_opts_ok(o, allowed))
		return -EINVAL;
	sqe_init(sqe, opc, nsid);
	sqe->cdw2 = o->cdw2;
	sqe->cdw3 = o->cdw3;
	sqe->cdw10 = (uint32_t)slba;
	sqe->cdw11 = (uint32_t)(slba >> 32);
	sqe->cdw12 = (uint32_t)o->lr << 31 | (uint32_t)o->fua << 30 | o->prinfo << 26 |
		     (uint32_t)o->deac << 25 | (uint32_t)o->stc << 24 | o->dtype << 20 | (nlb - 1);
	sqe->cdw13 = (uint32_t)o->dspec << 16 | o->dsm;
	sqe->cdw14 = o->reftag;
	sqe->cdw15 = (uint32_t)o->appmask << 16 | o->apptag;
	return 0;
}

int nvmet_cmd_read(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t slba, uint32_t nlb,
		   const struct nvmet_io_opts *opts)
{
	return lba_cmd(sqe, NVMET_CMD_READ, nsid, slba, nlb, opts, IO_DSM);
}

int nvmet_cmd_write(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t slba, uint32_t nlb,
		    const struct nvmet_io_opts *opts)
{
	return lba_cmd(sqe, NVMET_CMD_WRITE, nsid, slba, nlb, opts, IO_DIRECTIVE | IO_DSM);
}

int nvmet_cmd_compare(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t slba, uint32_t nlb,
		      const struct nvmet_io_opts *opts)
{
	return lba_cmd(sqe, NVMET_CMD_COMPARE, nsid, slba, nlb, opts, 0);
}

int nvmet_cmd_verify(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t slba, uint32_t nlb,
		     const struct nvmet_io_opts *opts)
{
	return lba_cmd(sqe, NVMET_CMD_VERIFY, nsid, slba, nlb, opts, 0);
}

int nvmet_cmd_write_zeroes(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t slba, uint32_t nlb,
			   const struct nvmet_io_opts *opts)
{
	return lba_cmd(sqe, NVMET_CMD_WRITE_ZEROES, nsid, slba, nlb, opts, IO_DEAC);
}

int nvmet_cmd_write_uncor(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t slba, uint32_t nlb)
{
	return lba_cmd(sqe, NVMET_CMD_WRITE_UNCOR, nsid, slba, nlb, NULL, 0);
}

int nvmet_cmd_flush(struct nvmet_sqe *sqe, uint32_t nsid)
{
	sqe_init(sqe, NVMET_CMD_FLUSH, nsid);
	return 0;
}

int nvmet_cmd_dsm(struct nvmet_sqe *sqe, uint32_t nsid, uint32_t nr, unsigned int attrs)
{
	if (nr < 1 || nr > 256 || attrs & ~(NVMET_DSM_IDR | NVMET_DSM_IDW | NVMET_DSM_AD))
		return -EINVAL;
	sqe_init(sqe, NVMET_CMD_DSM, nsid);
	sqe->cdw10 = nr - 1;
	sqe->cdw11 = attrs;
	return 0;
}

int nvmet_cmd_fused_compare_write(struct nvmet_sqe *cmp, struct nvmet_sqe *wr, uint32_t nsid,
				  uint64_t slba, uint32_t nlb, const struct nvmet_io_opts *opts)
{
	struct nvmet_io_opts cmp_opts = { 0 };
	struct nvmet_sqe c, w;
	int ret;

	ret = nvmet_cmd_write(&w, nsid, slba, nlb, opts);
	if (ret)
		return ret;
	if (opts) {
		cmp_opts = *opts;
		cmp_opts.dtype = 0;
		cmp_opts.dspec = 0;
		cmp_opts.dsm = 0;
	}
	ret = nvmet_cmd_compare(&c, nsid, slba, nlb, &cmp_opts);
	if (ret)
		return ret;
	c.flags |= NVMET_SQE_FUSE_FIRST;
	w.flags |= NVMET_SQE_FUSE_SECOND;
	*cmp = c;
	*wr = w;
	return 0;
}

int nvmet_cmd_resv_register(struct nvmet_sqe *sqe, uint32_t nsid, unsigned int rrega, bool iekey,
			    unsigned int cptpl)
{
	if (!fits(rrega, 3) || !fits(cptpl, 2))
		return -EINVAL;
	sqe_init(sqe, NVMET_CMD_RESV_REGISTER, nsid);
	sqe->cdw10 = cptpl << 30 | (uint32_t)iekey << 3 | rrega;
	return 0;
}

int nvmet_cmd_resv_report(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t len, bool eds)
{
	uint32_t numd;

	if (bytes_to_numd(len, &numd))
		return -EINVAL;
	sqe_init(sqe, NVMET_CMD_RESV_REPORT, nsid);
	sqe->cdw10 = numd;
	sqe->cdw11 = eds;
	return 0;
}

static int resv_action(struct nvmet_sqe *sqe, uint8_t opc, uint32_t nsid, unsigned int action,
		       bool iekey, uint8_t rtype)
{
	if (!fits(action, 3))
		return -EINVAL;
	sqe_init(sqe, opc, nsid);
	sqe->cdw10 = (uint32_t)rtype << 8 | (uint32_t)iekey << 3 | action;
	return 0;
}

int nvmet_cmd_resv_acquire(struct nvmet_sqe *sqe, uint32_t nsid, unsigned int racqa, bool iekey,
			   uint8_t rtype)
{
	return resv_action(sqe, NVMET_CMD_RESV_ACQUIRE, nsid, racqa, iekey, rtype);
}

int nvmet_cmd_resv_release(struct nvmet_sqe *sqe, uint32_t nsid, unsigned int rrela, bool iekey,
			   uint8_t rtype)
{
	return resv_action(sqe, NVMET_CMD_RESV_RELEASE, nsid, rrela, iekey, rtype);
}
