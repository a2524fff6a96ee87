// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * admin_ns.c - Namespace Management (create, delete) and Namespace
 * Attachment for the one controller of the emulated subsystem, the NVM
 * capacity they share, namespace identifiers, and the namespace
 * attribute notices they raise.
 */
#include <errno.h>

#include "admin.h"


uint64_t emu_adm_capacity(const struct nvmet_emu *emu)
{
	return (uint64_t)EMU_MAX_NS * emu->opts.ns_bytes;
}

uint64_t emu_adm_allocated(const struct nvmet_emu *emu)
{
	uint64_t sum = 0;
	unsigned int i;

	for (i = 1; i <= EMU_MAX_NS; i++)
		if (emu->ns[i])
			sum += emu->ns[i]->bytes;
	return sum;
}

/* FNV-1a of the controller's name: tells the controllers of one process apart. */
static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

void emu_adm_ns_ids(const struct nvmet_emu *emu, uint32_t nsid, uint8_t *eui64, uint8_t *nguid)
{
	uint32_t h = name_hash(emu->name), gen = emu->adm.ns_gen[nsid];

	eui64[0] = 0xc0;
	eui64[1] = 0xde;
	eui64[2] = (uint8_t)h;
	eui64[3] = (uint8_t)(h >> 8);
	eui64[4] = (uint8_t)gen;
	eui64[5] = (uint8_t)(gen >> 8);
	eui64[6] = 0;
	eui64[7] = (uint8_t)nsid;
	memcpy(nguid, "\xc0\xde" "EMU", 5);
	nguid[5] = 0;
	nvmet_put_le32(nguid + 6, h);
	nvmet_put_le32(nguid + 10, gen);
	nguid[14] = (uint8_t)(nsid >> 8);
	nguid[15] = (uint8_t)nsid;
}

/* This controller's view of @nsid changed: the log page, and the notice. */
static void ns_changed(struct nvmet_emu *emu, uint32_t nsid)
{
	emu->adm.changed_ns |= 1ull << nsid;
	emu_adm_event(emu, NVMET_AER_TYPE_NOTICE, NVMET_AER_NOTICE_NS_ATTR, NVMET_LOG_CHANGED_NS, true,
		      false);
}

/* ---- Namespace Management -------------------------------------------- */

static uint16_t ns_create(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	uint8_t d[NVMET_ID_DATA_SIZE], flbas, lbaf;
	uint64_t nsze, ncap, bytes;
	unsigned int nsid, shift;
	uint16_t st;
	int ret;

	if (cmd->sqe.ns_select.csi != NVMET_CSI_NVM)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	st = emu_xfer_from_host(emu, &cmd->sqe, d, sizeof(d));
	if (st)
		return st;
	nsze = nvmet_get_le64(d + NVMET_ID_NS_NSZE);
	ncap = nvmet_get_le64(d + NVMET_ID_NS_NCAP);
	flbas = d[NVMET_ID_NS_FLBAS];
	lbaf = (uint8_t)((flbas & 0xf) | ((flbas >> 5) & 3) << 4);
	if (lbaf > 1)
		return ST_CMD(NVMET_SC_INVALID_FORMAT);
	if (d[NVMET_ID_NS_DPS] || (d[NVMET_ID_NS_NMIC] & 1) || !nsze || !ncap || ncap > nsze)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);	/* no protection, no sharing, sizes as the spec says */
	if (ncap != nsze)
		return ST_CMD(NVMET_SC_THIN_PROV_UNSUPPORTED);
	shift = lbaf ? 12 : 9;
	if (nsze > (UINT64_MAX >> shift))
		return ST_CMD(NVMET_SC_NS_INSUFFICIENT_CAP);
	bytes = nsze << shift;
	if (bytes > emu_adm_capacity(emu) - emu_adm_allocated(emu))
		return ST_CMD(NVMET_SC_NS_INSUFFICIENT_CAP);
	for (nsid = 1; nsid <= EMU_MAX_NS && emu->ns[nsid]; nsid++)
		;
	if (nsid > EMU_MAX_NS)
		return ST_CMD(NVMET_SC_NSID_UNAVAILABLE);
	ret = emu_ns_create(emu, nsid, bytes, lbaf);
	if (ret)
		return ret == -ENOSPC ? ST_CMD(NVMET_SC_NS_INSUFFICIENT_CAP) : ST_GENERIC(NVMET_SC_INTERNAL);
	emu->ns[nsid]->attached = false;	/* attachment is a command of its own */
	emu->adm.ns_gen[nsid]++;
	cmd->cqe.dw0 = nsid;
	return 0;
}

static void ns_delete_one(struct nvmet_emu *emu, uint32_t nsid)
{
	bool attached = emu->ns[nsid]->attached;

	emu_adm_dst_end_ns(emu, nsid, EMU_DST_ABORTED_NS_GONE);
	emu_ns_destroy(emu, nsid);
	if (attached)
		ns_changed(emu, nsid);
}

static uint16_t ns_delete(struct nvmet_emu *emu, uint32_t nsid)
{
	unsigned int i;

	if (nsid == EMU_NSID_ALL) {
		for (i = 1; i <= EMU_MAX_NS; i++)
			if (emu->ns[i])
				ns_delete_one(emu, i);
		return 0;
	}
	if (!emu_nsid_valid(nsid))
		return ST_GENERIC(NVMET_SC_INVALID_NS);
	if (!emu->ns[nsid])
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);	/* not allocated */
	ns_delete_one(emu, nsid);
	return 0;
}

uint16_t emu_adm_ns_mgmt(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	switch (cmd->sqe.ns_select.sel) {
	case NVMET_NS_MGMT_CREATE:
		return ns_create(emu, cmd);
	case NVMET_NS_MGMT_DELETE:
		return ns_delete(emu, cmd->sqe.nsid);
	default:
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	}
}

/* ---- Namespace Attachment -------------------------------------------- */

/* The controller list must name this controller, and only it, once. */
static bool ctrl_list_ok(const struct nvmet_emu *emu, const uint8_t *d)
{
	uint16_t n = nvmet_get_le16(d);

	return n == 1 && nvmet_get_le16(d + 2) == emu_cntlid(emu);
}

uint16_t emu_adm_ns_attach(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	uint32_t nsid = cmd->sqe.nsid, sel = cmd->sqe.ns_select.sel;
	uint8_t d[NVMET_ID_DATA_SIZE];
	struct emu_ns *ns;
	uint16_t st;

	if (sel != NVMET_NS_ATTACH_CTRLS && sel != NVMET_NS_DETACH_CTRLS)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	if (!emu_nsid_valid(nsid))
		return ST_GENERIC(NVMET_SC_INVALID_NS);
	ns = emu->ns[nsid];
	if (!ns)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);	/* not allocated */
	st = emu_xfer_from_host(emu, &cmd->sqe, d, sizeof(d));
	if (st)
		return st;
	if (!ctrl_list_ok(emu, d))
		return ST_CMD(NVMET_SC_CTRL_LIST_INVALID);
	if (sel == NVMET_NS_ATTACH_CTRLS && ns->attached)
		return ST_CMD(NVMET_SC_NS_ALREADY_ATTACHED);
	if (sel == NVMET_NS_DETACH_CTRLS && !ns->attached)
		return ST_CMD(NVMET_SC_NS_NOT_ATTACHED);
	if (sel == NVMET_NS_DETACH_CTRLS)
		emu_adm_dst_end_ns(emu, nsid, EMU_DST_ABORTED_NS_GONE);
	ns->attached = sel == NVMET_NS_ATTACH_CTRLS;
	ns_changed(emu, nsid);
	return 0;
}
