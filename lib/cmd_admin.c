// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cmd_admin.c - builders of the admin commands that set a controller up:
 * Identify, Get/Set Features, Get Log Page, the I/O queue commands, Abort,
 * Asynchronous Event Request and Keep Alive; and the raw builder.
 */
#include "cmd_priv.h"

int nvmet_cmd_raw(struct nvmet_sqe *sqe, uint8_t opc, uint32_t nsid,
		  const uint32_t cdw10_15[6])
{
	sqe_init(sqe, opc, nsid);
	if (cdw10_15) {
		sqe->cdw10 = cdw10_15[0];
		sqe->cdw11 = cdw10_15[1];
		sqe->cdw12 = cdw10_15[2];
		sqe->cdw13 = cdw10_15[3];
		sqe->cdw14 = cdw10_15[4];
		sqe->cdw15 = cdw10_15[5];
	}
	return 0;
}

int nvmet_cmd_identify(struct nvmet_sqe *sqe, uint8_t cns, uint32_t nsid,
		       const struct nvmet_identify_opts *opts)
{
	static const struct nvmet_identify_opts none;
	const struct nvmet_identify_opts *o = opts ? opts : &none;

	if (o->uuid_index > UUID_INDEX_MAX)
		return -EINVAL;
	sqe_init(sqe, NVMET_ADM_IDENTIFY, nsid);
	sqe->cdw10 = (uint32_t)o->cntid << 16 | cns;
	sqe->cdw11 = (uint32_t)o->csi << 24 | o->cnssid;
	sqe->cdw14 = o->uuid_index;
	return 0;
}

static int features(struct nvmet_sqe *sqe, uint8_t opc, uint32_t cdw10, uint32_t cdw11,
		    const struct nvmet_feat_opts *opts)
{
	static const struct nvmet_feat_opts none;
	const struct nvmet_feat_opts *o = opts ? opts : &none;

	if (o->uuid_index > UUID_INDEX_MAX)
		return -EINVAL;
	sqe_init(sqe, opc, o->nsid);
	sqe->cdw10 = cdw10;
	sqe->cdw11 = cdw11;
	sqe->cdw12 = o->cdw12;
	sqe->cdw13 = o->cdw13;
	sqe->cdw14 = o->uuid_index;
	sqe->cdw15 = o->cdw15;
	return 0;
}

int nvmet_cmd_get_features(struct nvmet_sqe *sqe, uint8_t fid, unsigned int sel, uint32_t cdw11,
			   const struct nvmet_feat_opts *opts)
{
	if (!fits(sel, 3))
		return -EINVAL;
	return features(sqe, NVMET_ADM_GET_FEATURES, sel << 8 | fid, cdw11, opts);
}

int nvmet_cmd_set_features(struct nvmet_sqe *sqe, uint8_t fid, bool save, uint32_t cdw11,
			   const struct nvmet_feat_opts *opts)
{
	return features(sqe, NVMET_ADM_SET_FEATURES, (uint32_t)save << 31 | fid, cdw11, opts);
}

int nvmet_cmd_get_log_page(struct nvmet_sqe *sqe, uint8_t lid, uint32_t nsid, uint64_t len,
			   const struct nvmet_log_opts *opts)
{
	static const struct nvmet_log_opts none;
	const struct nvmet_log_opts *o = opts ? opts : &none;
	uint32_t numd;

	if (bytes_to_numd(len, &numd) || !fits(o->lsp, 7) || o->uuid_index > UUID_INDEX_MAX)
		return -EINVAL;
	sqe_init(sqe, NVMET_ADM_GET_LOG_PAGE, nsid);
	sqe->cdw10 = (numd & 0xffff) << 16 | (uint32_t)o->rae << 15 | o->lsp << 8 | lid;
	sqe->cdw11 = (uint32_t)o->lsi << 16 | numd >> 16;
	sqe->cdw12 = (uint32_t)o->offset;
	sqe->cdw13 = (uint32_t)(o->offset >> 32);
	sqe->cdw14 = (uint32_t)o->csi << 24 | (uint32_t)o->ot << 23 | o->uuid_index;
	return 0;
}

static int queue_size_ok(uint32_t size)
{
	return size >= 1 && size <= 0x10000;
}

int nvmet_cmd_create_cq(struct nvmet_sqe *sqe, uint16_t qid, uint32_t size, unsigned int flags,
			uint16_t iv)
{
	if (!queue_size_ok(size) || flags & ~(NVMET_QUEUE_PC | NVMET_CQ_IEN))
		return -EINVAL;
	sqe_init(sqe, NVMET_ADM_CREATE_CQ, 0);
	sqe->cdw10 = (size - 1) << 16 | qid;
	sqe->cdw11 = (uint32_t)iv << 16 | flags;
	return 0;
}

int nvmet_cmd_create_sq(struct nvmet_sqe *sqe, uint16_t qid, uint32_t size, uint16_t cqid,
			unsigned int flags, uint16_t nvmsetid)
{
	if (!queue_size_ok(size) || flags & ~(NVMET_QUEUE_PC | NVMET_SQ_QPRIO(3)))
		return -EINVAL;
	sqe_init(sqe, NVMET_ADM_CREATE_SQ, 0);
	sqe->cdw10 = (size - 1) << 16 | qid;
	sqe->cdw11 = (uint32_t)cqid << 16 | flags;
	sqe->cdw12 = nvmsetid;
	return 0;
}

int nvmet_cmd_delete_sq(struct nvmet_sqe *sqe, uint16_t qid)
{
	sqe_init(sqe, NVMET_ADM_DELETE_SQ, 0);
	sqe->cdw10 = qid;
	return 0;
}

int nvmet_cmd_delete_cq(struct nvmet_sqe *sqe, uint16_t qid)
{
	sqe_init(sqe, NVMET_ADM_DELETE_CQ, 0);
	sqe->cdw10 = qid;
	return 0;
}

int nvmet_cmd_abort(struct nvmet_sqe *sqe, uint16_t sqid, uint16_t cid)
{
	sqe_init(sqe, NVMET_ADM_ABORT, 0);
	sqe->cdw10 = (uint32_t)cid << 16 | sqid;
	return 0;
}

int nvmet_cmd_async_event(struct nvmet_sqe *sqe)
{
	sqe_init(sqe, NVMET_ADM_ASYNC_EVENT, 0);
	return 0;
}

int nvmet_cmd_keep_alive(struct nvmet_sqe *sqe)
{
	sqe_init(sqe, NVMET_ADM_KEEP_ALIVE, 0);
	return 0;
}
