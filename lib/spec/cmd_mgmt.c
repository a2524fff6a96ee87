// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cmd_mgmt.c - builders of the admin commands that manage a controller and
 * its media: Format NVM, Sanitize, Device Self-test, firmware, security,
 * namespaces, NVMe-MI, Doorbell Buffer Config, Virtualization Management,
 * directives, Capacity Management, Lockdown and Get LBA Status.
 */
#include "cmd_priv.h"

/* Byte 0 of the NVMe-MI message header: message type 4 (NVMe-MI). */
#define MI_MSG_TYPE_NVME_MI	0x04u

void nvmet_cmd_format_nvm(struct nvmet_sqe *sqe, uint32_t nsid, unsigned int lbaf,
			  const struct nvmet_format_opts *opts)
{
	sqe_init(sqe, NVMET_ADM_FORMAT_NVM, nsid);
	sqe->format.lbafl = lbaf & 0xf;
	sqe->format.lbafu = (lbaf >> 4) & 3;
	if (!opts)
		return;
	sqe->format.mset = opts->mset;
	sqe->format.pi = opts->pi & 7;
	sqe->format.pil = opts->pil;
	sqe->format.ses = opts->ses & 7;
}

void nvmet_cmd_sanitize(struct nvmet_sqe *sqe, unsigned int sanact,
			const struct nvmet_sanitize_opts *opts)
{
	sqe_init(sqe, NVMET_ADM_SANITIZE, 0);
	sqe->sanitize.sanact = sanact & 7;
	if (!opts)
		return;
	sqe->sanitize.ause = opts->ause;
	sqe->sanitize.owpass = opts->owpass & 0xf;
	sqe->sanitize.oipbp = opts->oipbp;
	sqe->sanitize.ndas = opts->ndas;
	sqe->sanitize.ovrpat = opts->ovrpat;
}

void nvmet_cmd_self_test(struct nvmet_sqe *sqe, uint32_t nsid, unsigned int stc)
{
	sqe_init(sqe, NVMET_ADM_SELF_TEST, nsid);
	sqe->self_test.stc = stc & 0xf;
}

void nvmet_cmd_fw_download(struct nvmet_sqe *sqe, uint64_t offset, uint64_t len)
{
	sqe_init(sqe, NVMET_ADM_FW_DOWNLOAD, 0);
	sqe->fw_download.numd = bytes_to_numd(len);
	sqe->fw_download.ofst = (uint32_t)(offset / 4);
}

void nvmet_cmd_fw_commit(struct nvmet_sqe *sqe, unsigned int fs, unsigned int ca,
			 unsigned int bpid)
{
	sqe_init(sqe, NVMET_ADM_FW_COMMIT, 0);
	sqe->fw_commit.fs = fs & 7;
	sqe->fw_commit.ca = ca & 7;
	sqe->fw_commit.bpid = bpid & 1;
}

static void security(struct nvmet_sqe *sqe, uint8_t opc, uint32_t nsid, uint8_t secp,
		     uint16_t spsp, uint8_t nssf, uint32_t len)
{
	sqe_init(sqe, opc, nsid);
	sqe->security.secp = secp;
	sqe->security.spsp0 = (uint8_t)spsp;
	sqe->security.spsp1 = (uint8_t)(spsp >> 8);
	sqe->security.nssf = nssf;
	sqe->security.tl = len;
}

void nvmet_cmd_security_send(struct nvmet_sqe *sqe, uint32_t nsid, uint8_t secp, uint16_t spsp,
			     uint8_t nssf, uint32_t len)
{
	security(sqe, NVMET_ADM_SECURITY_SEND, nsid, secp, spsp, nssf, len);
}

void nvmet_cmd_security_recv(struct nvmet_sqe *sqe, uint32_t nsid, uint8_t secp, uint16_t spsp,
			     uint8_t nssf, uint32_t len)
{
	security(sqe, NVMET_ADM_SECURITY_RECV, nsid, secp, spsp, nssf, len);
}

void nvmet_cmd_ns_mgmt(struct nvmet_sqe *sqe, unsigned int sel, uint32_t nsid, uint8_t csi)
{
	sqe_init(sqe, NVMET_ADM_NS_MGMT, nsid);
	sqe->ns_select.sel = sel & 0xf;
	sqe->ns_select.csi = csi;
}

void nvmet_cmd_ns_attach(struct nvmet_sqe *sqe, unsigned int sel, uint32_t nsid)
{
	sqe_init(sqe, NVMET_ADM_NS_ATTACH, nsid);
	sqe->ns_select.sel = sel & 0xf;
}

static void mi(struct nvmet_sqe *sqe, uint8_t opc, unsigned int nmimt, uint8_t mi_opc,
	       uint32_t nmd0, uint32_t nmd1)
{
	sqe_init(sqe, opc, 0);
	sqe->mi.mt = MI_MSG_TYPE_NVME_MI;
	sqe->mi.nmimt = nmimt & 0xf;
	sqe->mi.opc = mi_opc;
	sqe->mi.nmd0 = nmd0;
	sqe->mi.nmd1 = nmd1;
}

void nvmet_cmd_mi_send(struct nvmet_sqe *sqe, unsigned int nmimt, uint8_t opc, uint32_t nmd0,
		       uint32_t nmd1)
{
	mi(sqe, NVMET_ADM_MI_SEND, nmimt, opc, nmd0, nmd1);
}

void nvmet_cmd_mi_recv(struct nvmet_sqe *sqe, unsigned int nmimt, uint8_t opc, uint32_t nmd0,
		       uint32_t nmd1)
{
	mi(sqe, NVMET_ADM_MI_RECV, nmimt, opc, nmd0, nmd1);
}

void nvmet_cmd_dbbuf_config(struct nvmet_sqe *sqe, uint64_t shadow_iova, uint64_t eventidx_iova)
{
	sqe_init(sqe, NVMET_ADM_DBBUF_CONFIG, 0);
	sqe->prp1 = shadow_iova;
	sqe->prp2 = eventidx_iova;
}

void nvmet_cmd_virt_mgmt(struct nvmet_sqe *sqe, unsigned int act, unsigned int rt,
			 uint16_t cntlid, uint16_t nr)
{
	sqe_init(sqe, NVMET_ADM_VIRT_MGMT, 0);
	sqe->cdw10 = (uint32_t)cntlid << 16 | (rt & 7) << 8 | (act & 0xf);
	sqe->cdw11 = nr;
}

static void directive(struct nvmet_sqe *sqe, uint8_t opc, const struct nvmet_directive_args *a)
{
	sqe_init(sqe, opc, a->nsid);
	sqe->directive.numd = a->len ? bytes_to_numd(a->len) : 0;
	sqe->directive.doper = a->doper;
	sqe->directive.dtype = a->dtype;
	sqe->directive.dspec = a->dspec;
	sqe->directive.cdw12 = a->cdw12;
	sqe->directive.cdw13 = a->cdw13;
}

void nvmet_cmd_directive_send(struct nvmet_sqe *sqe, const struct nvmet_directive_args *args)
{
	directive(sqe, NVMET_ADM_DIRECTIVE_SEND, args);
}

void nvmet_cmd_directive_recv(struct nvmet_sqe *sqe, const struct nvmet_directive_args *args)
{
	directive(sqe, NVMET_ADM_DIRECTIVE_RECV, args);
}

void nvmet_cmd_capacity_mgmt(struct nvmet_sqe *sqe, unsigned int oper, uint16_t element_id,
			     uint64_t capacity)
{
	sqe_init(sqe, NVMET_ADM_CAPACITY_MGMT, 0);
	sqe->cdw10 = (uint32_t)element_id << 16 | (oper & 0xf);
	sqe->cdw11 = (uint32_t)capacity;
	sqe->cdw12 = (uint32_t)(capacity >> 32);
}

void nvmet_cmd_lockdown(struct nvmet_sqe *sqe, uint8_t ofi, unsigned int scp, unsigned int ifc,
			bool prhbt, unsigned int uuid_index)
{
	sqe_init(sqe, NVMET_ADM_LOCKDOWN, 0);
	sqe->cdw10 = (uint32_t)ofi << 8 | (ifc & 3) << 5 | (uint32_t)prhbt << 4 | (scp & 0xf);
	sqe->cdw14 = uuid_index & 0x7f;
}

void nvmet_cmd_get_lba_status(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t slba, uint16_t rl,
			      uint8_t atype, uint64_t len)
{
	sqe_init(sqe, NVMET_ADM_GET_LBA_STATUS, nsid);
	sqe->get_lba_status.slba = slba;
	sqe->get_lba_status.mndw = bytes_to_numd(len);
	sqe->get_lba_status.rl = rl;
	sqe->get_lba_status.atype = atype;
}
