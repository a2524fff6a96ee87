// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ns.c - namespaces: geometry from Identify Namespace, the NVM I/O
 * commands on a queue pair, and Format NVM.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <nvmet/cmd.h>
#include <nvmet/id.h>
#include <nvmet/ns.h>

#include "ctrl_priv.h"
#include "queue/qpair_priv.h"
#include "workload/verify_priv.h"

struct nvmet_ns {
	struct nvmet_ctrl *ctrl;
	uint32_t nsid;
	uint64_t nsze;
	uint32_t lba_size;
	uint8_t id[NVMET_ID_SIZE];
	struct nvmet_verify *verify;	/* inline verification, NULL when off */
};

int nvmet_ns_refresh(struct nvmet_ns *ns)
{
	struct nvmet_buf *buf;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	uint16_t ms;
	int ret;

	ret = nvmet_ctrl_buf_alloc(ns->ctrl, NVMET_ID_SIZE, "identify ns", &buf);
	if (ret)
		return ret;
	nvmet_cmd_identify(&sqe, NVMET_CNS_NS, ns->nsid, NULL);
	ret = nvmet_ctrl_admin_sync(ns->ctrl, &sqe, buf, 0, NVMET_ID_SIZE, NVMET_DIR_FROM_DEV,
				    &cqe);
	if (!ret && !nvmet_cqe_ok(&cqe))
		ret = NVMET_CQE_SC(cqe.status) == NVMET_SC_INVALID_NS ? -ENOENT : -EIO;
	if (!ret)
		memcpy(ns->id, buf->va, NVMET_ID_SIZE);
	nvmet_buf_free(buf);
	if (ret)
		return ret;
	ns->nsze = nvmet_id_ns_nsze(ns->id);
	/* An inactive namespace reads back as zeroes. */
	if (!ns->nsze)
		return -ENOENT;
	ret = nvmet_id_ns_lba_size(ns->id, &ns->lba_size, &ms);
	if (!ret)
		nvmet_verify_ns_refreshed(ns);
	return ret;
}

int nvmet_ns_open(struct nvmet_ctrl *ctrl, uint32_t nsid, struct nvmet_ns **out)
{
	struct nvmet_ns *ns;
	int ret;

	if (!nsid || nsid == 0xffffffffu)
		return -EINVAL;
	ns = calloc(1, sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	ns->ctrl = ctrl;
	ns->nsid = nsid;
	ret = nvmet_ns_refresh(ns);
	if (ret) {
		free(ns);
		return ret;
	}
	*out = ns;
	return 0;
}

void nvmet_ns_close(struct nvmet_ns *ns)
{
	if (ns)
		nvmet_verify_ns_close(ns);
	free(ns);
}

struct nvmet_verify *nvmet_ns_verify_state(const struct nvmet_ns *ns)
{
	return ns->verify;
}

void nvmet_ns_verify_attach(struct nvmet_ns *ns, struct nvmet_verify *v)
{
	ns->verify = v;
}

struct nvmet_ctrl *nvmet_ns_ctrl(const struct nvmet_ns *ns)
{
	return ns->ctrl;
}

const uint8_t *nvmet_ns_id_data(const struct nvmet_ns *ns)
{
	return ns->id;
}

uint32_t nvmet_ns_nsid(const struct nvmet_ns *ns)
{
	return ns->nsid;
}

uint64_t nvmet_ns_capacity(const struct nvmet_ns *ns)
{
	return ns->nsze;
}

uint32_t nvmet_ns_lba_size(const struct nvmet_ns *ns)
{
	return ns->lba_size;
}

int nvmet_ns_cmd(struct nvmet_ns *ns, struct nvmet_qpair *qp, struct nvmet_sqe *sqe,
		 struct nvmet_buf *buf, size_t offset, size_t len, nvmet_cb_t cb, void *cb_arg)
{
	sqe->nsid = ns->nsid;
	return nvmet_qpair_submit(qp, sqe, buf, offset, len, cb, cb_arg);
}

/* NLB is a 16-bit 0-based count: 1 to 65536 blocks. */
static bool nlb_ok(uint32_t nlb)
{
	return nlb >= 1 && nlb <= 0x10000;
}

/*
 * With verification on, a command of the namespace API keeps the table
 * right when it completes (and a read is checked) before its callback
 * runs: 1 when @sqe needs that (@vc describes it), 0 when not, or a
 * negative errno.
 */
static int ns_vcmd(struct nvmet_ns *ns, struct nvmet_qpair *qp, const struct nvmet_sqe *sqe,
		   struct nvmet_buf *buf, size_t offset, struct nvmet_vcmd *vc)
{
	int ret;

	if (!ns->verify || !nvmet_vcmd_init(vc, ns, sqe, buf, offset))
		return 0;
	ret = nvmet_trk_vcmd_ready(&qp->trk);
	return ret ? ret : 1;
}

static int ns_submit(struct nvmet_ns *ns, struct nvmet_qpair *qp, struct nvmet_sqe *sqe,
		     struct nvmet_buf *buf, size_t offset, size_t len, nvmet_cb_t cb,
		     void *cb_arg)
{
	struct nvmet_vcmd vc;
	int hook, ret;

	sqe->nsid = ns->nsid;
	hook = ns_vcmd(ns, qp, sqe, buf, offset, &vc);
	if (hook < 0)
		return hook;
	ret = nvmet_qpair_submit(qp, sqe, buf, offset, len, cb, cb_arg);
	if (!ret && hook)
		nvmet_trk_vcmd_attach(&qp->trk, sqe->cid, &vc);
	return ret;
}

/*
 * An LBA based command; @data: it moves the blocks' data through @buf.
 * @opts are checked as the builder does not.
 */
static int ns_lba_cmd(struct nvmet_ns *ns, struct nvmet_qpair *qp, uint8_t opc, bool data,
		      struct nvmet_buf *buf, size_t offset, uint64_t slba, uint32_t nlb,
		      const struct nvmet_io_opts *opts, nvmet_cb_t cb, void *cb_arg)
{
	size_t len = data ? (size_t)nlb * ns->lba_size : 0;
	struct nvmet_sqe sqe;

	if (!nlb_ok(nlb))
		return -EINVAL;
	nvmet_cmd_lba(&sqe, opc, ns->nsid, slba, nlb, opts);
	if (opts && nvmet_cmd_check(&sqe, false))
		return -EINVAL;
	return ns_submit(ns, qp, &sqe, buf, offset, len, cb, cb_arg);
}

int nvmet_ns_read(struct nvmet_ns *ns, struct nvmet_qpair *qp, struct nvmet_buf *buf,
		  size_t offset, uint64_t slba, uint32_t nlb, nvmet_cb_t cb, void *cb_arg)
{
	return ns_lba_cmd(ns, qp, NVMET_CMD_READ, true, buf, offset, slba, nlb, NULL, cb, cb_arg);
}

int nvmet_ns_write(struct nvmet_ns *ns, struct nvmet_qpair *qp, struct nvmet_buf *buf,
		   size_t offset, uint64_t slba, uint32_t nlb, nvmet_cb_t cb, void *cb_arg)
{
	return ns_lba_cmd(ns, qp, NVMET_CMD_WRITE, true, buf, offset, slba, nlb, NULL, cb, cb_arg);
}

int nvmet_ns_write_opts(struct nvmet_ns *ns, struct nvmet_qpair *qp, struct nvmet_buf *buf,
			size_t offset, uint64_t slba, uint32_t nlb,
			const struct nvmet_io_opts *opts, nvmet_cb_t cb, void *cb_arg)
{
	return ns_lba_cmd(ns, qp, NVMET_CMD_WRITE, true, buf, offset, slba, nlb, opts, cb, cb_arg);
}

int nvmet_ns_compare(struct nvmet_ns *ns, struct nvmet_qpair *qp, struct nvmet_buf *buf,
		     size_t offset, uint64_t slba, uint32_t nlb, nvmet_cb_t cb, void *cb_arg)
{
	return ns_lba_cmd(ns, qp, NVMET_CMD_COMPARE, true, buf, offset, slba, nlb, NULL, cb,
			  cb_arg);
}

int nvmet_ns_verify(struct nvmet_ns *ns, struct nvmet_qpair *qp, uint64_t slba, uint32_t nlb,
		    nvmet_cb_t cb, void *cb_arg)
{
	return ns_lba_cmd(ns, qp, NVMET_CMD_VERIFY, false, NULL, 0, slba, nlb, NULL, cb, cb_arg);
}

int nvmet_ns_write_zeroes(struct nvmet_ns *ns, struct nvmet_qpair *qp, uint64_t slba,
			  uint32_t nlb, nvmet_cb_t cb, void *cb_arg)
{
	return ns_lba_cmd(ns, qp, NVMET_CMD_WRITE_ZEROES, false, NULL, 0, slba, nlb, NULL, cb,
			  cb_arg);
}

int nvmet_ns_write_uncor(struct nvmet_ns *ns, struct nvmet_qpair *qp, uint64_t slba,
			 uint32_t nlb, nvmet_cb_t cb, void *cb_arg)
{
	return ns_lba_cmd(ns, qp, NVMET_CMD_WRITE_UNCOR, false, NULL, 0, slba, nlb, NULL, cb,
			  cb_arg);
}

int nvmet_ns_flush(struct nvmet_ns *ns, struct nvmet_qpair *qp, nvmet_cb_t cb, void *cb_arg)
{
	struct nvmet_sqe sqe;

	nvmet_cmd_flush(&sqe, ns->nsid);
	return ns_submit(ns, qp, &sqe, NULL, 0, 0, cb, cb_arg);
}

int nvmet_ns_dsm(struct nvmet_ns *ns, struct nvmet_qpair *qp, struct nvmet_buf *ranges,
		 uint32_t nr, unsigned int attrs, nvmet_cb_t cb, void *cb_arg)
{
	struct nvmet_sqe sqe;

	if (nr < 1 || nr > 256 || attrs & ~(NVMET_DSM_IDR | NVMET_DSM_IDW | NVMET_DSM_AD))
		return -EINVAL;
	nvmet_cmd_dsm(&sqe, ns->nsid, nr, attrs);
	return ns_submit(ns, qp, &sqe, ranges, 0, (size_t)nr * 16, cb, cb_arg);
}

int nvmet_ns_compare_write(struct nvmet_ns *ns, struct nvmet_qpair *qp, struct nvmet_buf *cbuf,
			   size_t coff, struct nvmet_buf *wbuf, size_t woff, uint64_t slba,
			   uint32_t nlb, nvmet_cb_t cb, void *cb_arg)
{
	size_t len = (size_t)nlb * ns->lba_size;
	struct nvmet_sqe cmp, wr;
	struct nvmet_vcmd vc;
	int hook, ret;

	if (!nlb_ok(nlb))
		return -EINVAL;
	nvmet_cmd_fused_compare_write(&cmp, &wr, ns->nsid, slba, nlb, NULL);
	/* The write half is what changes the LBAs (if the compare let it). */
	hook = ns_vcmd(ns, qp, &wr, wbuf, woff, &vc);
	if (hook < 0)
		return hook;
	ret = nvmet_qpair_submit_fused(qp, &cmp, cbuf, coff, len, &wr, wbuf, woff, len, cb,
				       cb_arg);
	if (!ret && hook)
		nvmet_trk_vcmd_attach(&qp->trk, wr.cid, &vc);
	return ret;
}

int nvmet_ns_format(struct nvmet_ns *ns, unsigned int lbaf, unsigned int ses,
		    struct nvmet_cqe *cqe)
{
	struct nvmet_format_opts opts = { .ses = ses };
	struct nvmet_sqe sqe;
	int ret;

	/* LBAF is a 6-bit index, SES a 3-bit code. */
	if (lbaf > 63 || ses > 7)
		return -EINVAL;
	nvmet_cmd_format_nvm(&sqe, ns->nsid, lbaf, &opts);
	ret = nvmet_ctrl_admin_sync(ns->ctrl, &sqe, NULL, 0, 0, NVMET_DIR_NONE, cqe);
	if (!ret && nvmet_cqe_ok(cqe))
		ret = nvmet_ns_refresh(ns);
	/* The admin hook made it UNKNOWN when the format was sent; now it is known. */
	if (!ret && nvmet_cqe_ok(cqe))
		nvmet_verify_ns_formatted(ns);
	return ret;
}
