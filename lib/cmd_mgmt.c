// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cmd_mgmt.c - builders of the admin commands that manage a controller and
 * its media: Format NVM, Sanitize, Device Self-test, firmware, security,
 * namespaces, NVMe-MI, Doorbell Buffer Config, Virtualization Management,
 * directives, Capacity Management, Lockdown and Get LBA Status.
 */
#include "cmd_priv.h"

int nvmet_cmd_format_nvm(struct nvmet_sqe *sqe, uint32_t nsid, unsigned int lbaf,
			 const struct nvmet_format_opts *opts)
{
	static const struct nvmet_format_opts none;
	const struct nvmet_format_opts *o = opts ? opts : &none;

	if (!fits(lbaf, 6) || !fits(o->pi, 3) || !fits(o->ses, 3))
		return -EINVAL;
	sqe_init(sqe, NVMET_ADM_FORMAT_NVM, nsid);
	sqe->cdw10 = (lbaf >> 4) << 12 | o->ses << 9 | (uint32_t)o->pil << 8 | o->pi << 5 |
		     (uint32_t)o->mset << 4 | (lbaf & 0xf);
	return 0;
}

int nvmet_cmd_sanitize(struct nvmet_sqe *sqe, unsigned int sanact,
		       const struct nvmet_sanitize_opts *opts)
{
	static const struct nvmet_sanitize_opts none;
	const struct nvmet_sanitize_opts *o = opts ? opts : &none;

	if (!fits(sanact, 3) || !fits(o->owpass, 4))
		return -EINVAL;
	sqe_init(sqe, NVMET_ADM_SANITIZE, 0);
	sqe->cdw10 = (uint32_t)o->ndas << 9 | (uint32_t)o->oipbp << 8 | o->owpass << 4 |
		     (uint32_t)o->ause << 3 | sanact;
	sqe->cdw11 = o->ovrpat;
	return 0;
}

int nvmet_cmd_self_test(struct nvmet_sqe *sqe, uint32_t nsid, unsigned int stc)
{
	if (!fits(stc, 4))
		return -EINVAL;
	sqe_init(sqe, NVMET_ADM_SELF_TEST, nsid);
	sqe->cdw10 = stc;
	return 0;
}

int nvmet_cmd_fw_download(struct nvmet_sqe *sqe, uint64_t offset, uint64_t len)
{
	uint32_t numd;

	if (bytes_to_numd(len, &numd) || offset % 4 || !fits(offset / 4, 32))
		return -EINVAL;
	sqe_init(sqe, NVMET_ADM_FW_DOWNLOAD, 0);
	sqe->cdw10 = numd;
	sqe->cdw11 = (uint32_t)(offset / 4);
	return 0;
}

int nvmet_cmd_fw_commit(struct nvmet_sqe *sqe, unsigned int fs, unsigned int ca,
			unsigned int bpid)
{
	if (!fits(fs, 3) || !fits(ca, 3) || !fits(bpid, 1))
		return -EINVAL;
	sqe_init(sqe, NVMET_ADM_FW_COMMIT, 0);
	sqe->cdw10 = bpid << 31 | ca << 3 | fs;
	return 0;
}

static int security(struct nvmet_sqe *sqe, uint8_t opc, uint32_t nsid, uint8_t secp,
		    uint16_t spsp, uint8_t nssf, uint32_t len)
{
	sqe_init(sqe, opc, nsid);
	sqe->cdw10 = (uint32_t)secp << 24 | (uint32_t)spsp << 8 | nssf;
	sqe->cdw11 = len;
	return 0;
}

int nvmet_cmd_security_send(struct nvmet_sqe *sqe, uint32_t nsid, uint8_t secp, uint16_t spsp,
			    uint8_t nssf, uint32_t len)
{
	return security(sqe, NVMET_ADM_SECURITY_SEND, nsid, secp, spsp, nssf, len);
}

int nvmet_cmd_security_recv(struct nvmet_sqe *sqe, uint32_t nsid, uint8_t secp, uint16_t spsp,
			    uint8_t nssf, uint32_t len)
{
	return security(sqe, NVMET_ADM_SECURITY_RECV, nsid, secp, spsp, nssf, len);
}

int nvmet_cmd_ns_mgmt(struct nvmet_sqe *sqe, unsigned int sel, uint32_t nsid, uint8_t csi)
{
	if (!fits(sel, 4))
		return -EINVAL;
	sqe_init(sqe, NVMET_ADM_NS_MGMT, nsid);
	sqe->cdw10 = sel;
	sqe->cdw11 = (uint32_t)csi << 24;
	return 0;
}

int nvmet_cmd_ns_attach(struct nvmet_sqe *sqe, unsigned int sel, uint32_t nsid)
{
	if (!fits(sel, 4))
		return -EINVAL;
	sqe_init(sqe, NVMET_ADM_NS_ATTACH, nsid);
	sqe->cdw10 = sel;
	return 0;
}

/* Byte 0 of the NVMe-MI message header: message type 4, integrity check clear. */
#define MI_MSG_TYPE_NVME_MI	0x04u

static int mi(struct nvmet_sqe *sqe, uint8_t opc, unsigned int nmimt, uint8_t mi_opc,
	      uint32_t nmd0, uint32_t nmd1)
{
	if (!fits(nmimt, 4))
		return -EINVAL;
	sqe_init(sqe, opc, 0);
	sqe->cdw10 = nmimt << 11 | MI_MSG_TYPE_NVME_MI;
	sqe->cdw11 = mi_opc;
	sqe->cdw12 = nmd0;
	sqe->cdw13 = nmd1;
	return 0;
}

int nvmet_cmd_mi_send(struct nvmet_sqe *sqe, unsigned int nmimt, uint8_t opc, uint32_t nmd0,
		      uint32_t nmd1)
{
	return mi(sqe, NVMET_ADM_MI_SEND, nmimt, opc, nmd0, nmd1);
}

int nvmet_cmd_mi_recv(struct nvmet_sqe *sqe, unsigned int nmimt, uint8_t opc, uint32_t nmd0,
		      uint32_t nmd1)
{
	return mi(sqe, NVMET_ADM_MI_RECV, nmimt, opc, nmd0, nmd1);
}

int nvmet_cmd_dbbuf_config(struct nvmet_sqe *sqe, uint64_t shadow_iova, uint64_t eventidx_iova)
{
	sqe_init(sqe, NVMET_ADM_DBBUF_CONFIG, 0);
	sqe->prp1 = shadow_iova;
	sqe->prp2 = eventidx_iova;
	return 0;
}

int nvmet_cmd_virt_mgmt(struct nvmet_sqe *sqe, unsigned int act, unsigned int rt,
			uint16_t cntlid, uint16_t nr)
{
	if (!fits(act, 4) || !fits(rt, 3))
		return -EINVAL;
	sqe_init(sqe, NVMET_ADM_VIRT_MGMT, 0);
	sqe->cdw10 = (uint32_t)cntlid << 16 | rt << 8 | act;
	sqe->cdw11 = nr;
	return 0;
}

static int directive(struct nvmet_sqe *sqe, uint8_t opc, const struct nvmet_directive_args *a)
{
	uint32_t numd = 0;

	if (a->len && bytes_to_numd(a->len, &numd))
		return -EINVAL;
	sqe_init(sqe, opc, a->nsid);
	sqe->cdw10 = numd;
	sqe->cdw11 = (uint32_t)a->dspec << 16 | (uint32_t)a->dtype << 8 | a->doper;
	sqe->cdw12 = a->cdw12;
	sqe->cdw13 = a->cdw13;
	return 0;
}

int nvmet_cmd_directive_send(struct nvmet_sqe *sqe, const struct nvmet_directive_args *args)
{
	return directive(sqe, NVMET_ADM_DIRECTIVE_SEND, args);
}

int nvmet_cmd_directive_recv(struct nvmet_sqe *sqe, const struct nvmet_directive_args *args)
{
	return directive(sqe, NVMET_ADM_DIRECTIVE_RECV, args);
}

int nvmet_cmd_capacity_mgmt(struct nvmet_sqe *sqe, unsigned int oper, uint16_t element_id,
			    uint64_t capacity)
{
	if (!fits(oper, 4))
		return -EINVAL;
	sqe_init(sqe, NVMET_ADM_CAPACITY_MGMT, 0);
	sqe->cdw10 = (uint32_t)element_id << 16 | oper;
	sqe->cdw11 = (uint32_t)capacity;
	sqe->cdw12 = (uint32_t)(capacity >> 32);
	return 0;
}

int nvmet_cmd_lockdown(struct nvmet_sqe *sqe, uint8_t ofi, unsigned int scp, unsigned int ifc,
		       bool prhbt, unsigned int uuid_index)
{
	if (!fits(scp, 4) || !fits(ifc, 2) || uuid_index > UUID_INDEX_MAX)
		return -EINVAL;
	sqe_init(sqe, NVMET_ADM_LOCKDOWN, 0);
	sqe->cdw10 = (uint32_t)ofi << 8 | ifc << 5 | (uint32_t)prhbt << 4 | scp;
	sqe->cdw14 = uuid_index;
	return 0;
}

int nvmet_cmd_get_lba_status(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t slba, uint16_t rl,
			     uint8_t atype, uint64_t len)
{
	uint32_t mndw;

	if (bytes_to_numd(len, &mndw))
		return -EINVAL;
	sqe_init(sqe, NVMET_ADM_GET_LBA_STATUS, nsid);
	sqe->cdw10 = (uint32_t)slba;
	sqe->cdw11 = (uint32_t)(slba >> 32);
	sqe->cdw12 = mndw;
	sqe->cdw13 = (uint32_t)atype << 24 | rl;
	return 0;
}
