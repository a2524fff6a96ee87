// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cmd_admin.c - builders of the admin commands that set a controller up:
 * Identify, Get/Set Features, Get Log Page, the I/O queue commands, Abort,
 * Asynchronous Event Request and Keep Alive; and the raw builder.
 */
#include "cmd_priv.h"

void nvmet_cmd_raw(struct nvmet_sqe *sqe, uint8_t opc, uint32_t nsid,
		   const uint32_t cdw10_15[6])
{
	sqe_init(sqe, opc, nsid);
	if (cdw10_15)
		memcpy(&sqe->cdw10, cdw10_15, 6 * sizeof(uint32_t));
}

void nvmet_cmd_identify(struct nvmet_sqe *sqe, uint8_t cns, uint32_t nsid,
			const struct nvmet_identify_opts *opts)
{
	sqe_init(sqe, NVMET_ADM_IDENTIFY, nsid);
	sqe->identify.cns = cns;
	if (!opts)
		return;
	sqe->identify.cntid = opts->cntid;
	sqe->identify.cnssid = opts->cnssid;
	sqe->identify.csi = opts->csi;
	sqe->identify.uuid_index = (uint8_t)(opts->uuid_index & 0x7f);
}

static void features(struct nvmet_sqe *sqe, uint8_t opc, uint8_t fid, uint32_t cdw11,
		     const struct nvmet_feat_opts *opts)
{
	sqe_init(sqe, opc, opts ? opts->nsid : 0);
	sqe->features.fid = fid;
	sqe->features.cdw11 = cdw11;
	if (!opts)
		return;
	sqe->features.cdw12 = opts->cdw12;
	sqe->features.cdw13 = opts->cdw13;
	sqe->features.uuid_index = (uint8_t)(opts->uuid_index & 0x7f);
	sqe->features.cdw15 = opts->cdw15;
}

void nvmet_cmd_get_features(struct nvmet_sqe *sqe, uint8_t fid, unsigned int sel, uint32_t cdw11,
			    const struct nvmet_feat_opts *opts)
{
	features(sqe, NVMET_ADM_GET_FEATURES, fid, cdw11, opts);
	sqe->features.sel = sel & 7;
}

void nvmet_cmd_set_features(struct nvmet_sqe *sqe, uint8_t fid, bool save, uint32_t cdw11,
			    const struct nvmet_feat_opts *opts)
{
	features(sqe, NVMET_ADM_SET_FEATURES, fid, cdw11, opts);
	sqe->features.sv = save;
}

void nvmet_cmd_get_log_page(struct nvmet_sqe *sqe, uint8_t lid, uint32_t nsid, uint64_t len,
			    const struct nvmet_log_opts *opts)
{
	uint32_t numd = bytes_to_numd(len);

	sqe_init(sqe, NVMET_ADM_GET_LOG_PAGE, nsid);
	sqe->get_log.lid = lid;
	sqe->get_log.numdl = (uint16_t)numd;
	sqe->get_log.numdu = (uint16_t)(numd >> 16);
	if (!opts)
		return;
	sqe->get_log.lsp = opts->lsp & 0x7f;
	sqe->get_log.rae = opts->rae;
	sqe->get_log.lsi = opts->lsi;
	sqe->get_log.lpo = opts->offset;
	sqe->get_log.ot = opts->ot;
	sqe->get_log.csi = opts->csi;
	sqe->get_log.uuid_index = (uint8_t)(opts->uuid_index & 0x7f);
}

void nvmet_cmd_create_cq(struct nvmet_sqe *sqe, uint16_t qid, uint32_t size, unsigned int flags,
			 uint16_t iv)
{
	sqe_init(sqe, NVMET_ADM_CREATE_CQ, 0);
	sqe->create_cq.qid = qid;
	sqe->create_cq.qsize = (uint16_t)(size - 1);
	/* The flags half-word as given (PC, IEN and the reserved bits), then IV. */
	sqe->cdw11 = flags & 0xffff;
	sqe->create_cq.iv = iv;
}

void nvmet_cmd_create_sq(struct nvmet_sqe *sqe, uint16_t qid, uint32_t size, uint16_t cqid,
			 unsigned int flags, uint16_t nvmsetid)
{
	sqe_init(sqe, NVMET_ADM_CREATE_SQ, 0);
	sqe->create_sq.qid = qid;
	sqe->create_sq.qsize = (uint16_t)(size - 1);
	sqe->cdw11 = flags & 0xffff;
	sqe->create_sq.cqid = cqid;
	sqe->create_sq.nvmsetid = nvmsetid;
}

void nvmet_cmd_delete_sq(struct nvmet_sqe *sqe, uint16_t qid)
{
	sqe_init(sqe, NVMET_ADM_DELETE_SQ, 0);
	sqe->delete_queue.qid = qid;
}

void nvmet_cmd_delete_cq(struct nvmet_sqe *sqe, uint16_t qid)
{
	sqe_init(sqe, NVMET_ADM_DELETE_CQ, 0);
	sqe->delete_queue.qid = qid;
}

void nvmet_cmd_abort(struct nvmet_sqe *sqe, uint16_t sqid, uint16_t cid)
{
	sqe_init(sqe, NVMET_ADM_ABORT, 0);
	sqe->abort.sqid = sqid;
	sqe->abort.cid = cid;
}

void nvmet_cmd_async_event(struct nvmet_sqe *sqe)
{
	sqe_init(sqe, NVMET_ADM_ASYNC_EVENT, 0);
}

void nvmet_cmd_keep_alive(struct nvmet_sqe *sqe)
{
	sqe_init(sqe, NVMET_ADM_KEEP_ALIVE, 0);
}
