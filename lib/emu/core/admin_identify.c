// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * admin_identify.c - Identify: the controller and namespace data
 * structures, the active and allocated namespace lists, namespace
 * identification descriptors, controller lists, the NVM command set
 * specific structures and the I/O command set combination list.
 */
#include <stdio.h>
#include <string.h>

#include <nvmet/nvme_tcp.h>

#include "admin.h"

#define EMU_MN			"nvmet emulated controller"
#define EMU_RAB			6
#define EMU_OAES		((1u << 8) | (1u << 9))	/* ns attribute, fw activation */
#define EMU_OACS		0x5fu	/* security, format, fw, ns mgmt, self-test, NVMe-MI */
#define EMU_ACL			3
#define EMU_FRMW		(0x01u | EMU_FW_SLOTS << 1 | 0x10u)	/* slot 1 RO, no reset */
#define EMU_LPA			0x06u	/* effects log, extended data and offsets */
#define EMU_SANICAP		(0x07u | (1u << 29))	/* crypto, block, overwrite; NDI */
#define EMU_ONCS		0xffu	/* cmp, uncor, dsm, zeroes, save/sel, resv, time, verify */
#define EMU_FNA			0x04u	/* cryptographic erase supported */
#define EMU_CNTRLTYPE_IO	1
#define EMU_NVMSR_STORAGE	0x01u	/* NVMe-MI: an NVMe storage device */
#define EMU_FABRICS_SGLS	((1u << 0) | (1u << 20))	/* SGLs; offsets in the capsule */
#define EMU_CTRATT_HOSTID128	0x01u	/* CTRATT bit 0: 128-bit host identifier */

static void put_psd(uint8_t *p, uint16_t mp_cw, uint32_t lat_us, uint8_t rel)
{
	nvmet_put_le16(p, mp_cw);		/* maximum power, centiwatts */
	nvmet_put_le32(p + 4, lat_us);	/* entry latency */
	nvmet_put_le32(p + 8, lat_us);	/* exit latency */
	p[12] = rel;			/* relative read/write throughput and latency */
	p[13] = rel;
	p[14] = rel;
	p[15] = rel;
}

/* nqn.2014-08.org.nvmexpress: VID, SSVID, serial number and model number. */
static void put_subnqn(uint8_t *p, const uint8_t *id)
{
	int n = snprintf((char *)p, 256, "nqn.2014-08.org.nvmexpress:%04x%04x", EMU_VID, EMU_VID);

	memcpy(p + n, id + NVMET_ID_CTRL_SN, 20);
	memcpy(p + n + 20, id + NVMET_ID_CTRL_MN, 40);
}

static void put128(uint8_t *p, uint64_t lo)
{
	nvmet_put_le64(p, lo);
	nvmet_put_le64(p + 8, 0);
}

/*
 * Served over a fabric: the association's controller ID, the subsystem's
 * NQN, and what a fabrics host checks: capsule sizes, no in-capsule data
 * offset, SGLs (data blocks, and offsets for in-capsule data), one SGL
 * descriptor per command, MAXCMD; a dynamic controller model (FCATT 0).
 */
static void id_ctrl_fabrics(struct nvmet_emu *emu, uint8_t *d)
{
	const struct emu_fabrics *f = &emu->fab;

	nvmet_put_le16(d + NVMET_ID_CTRL_CNTLID, f->cntlid);
	memset(d + NVMET_ID_CTRL_SUBNQN, 0, 256);
	memcpy(d + NVMET_ID_CTRL_SUBNQN, f->subnqn, strnlen(f->subnqn, 255));
	nvmet_put_le32(d + NVMET_ID_CTRL_SGLS, EMU_FABRICS_SGLS);
	nvmet_put_le16(d + NVMET_ID_CTRL_MAXCMD, f->maxcmd);
	nvmet_put_le32(d + NVMET_ID_CTRL_IOCCSZ, f->ioccsz);
	nvmet_put_le32(d + NVMET_ID_CTRL_IORCSZ, f->iorcsz);
	nvmet_put_le16(d + NVMET_ID_CTRL_ICDOFF, 0);
	d[NVMET_ID_CTRL_FCATT] = 0;
	d[NVMET_ID_CTRL_MSDBD] = 1;
	/* The host identifier is Connect's 128 bits: reservation reports need EDS (resv.c). */
	nvmet_put_le32(d + NVMET_ID_CTRL_CTRATT,
		       nvmet_get_le32(d + NVMET_ID_CTRL_CTRATT) | EMU_CTRATT_HOSTID128);
}

static void id_ctrl(struct nvmet_emu *emu, uint8_t *d)
{
	struct emu_admin *a = &emu->adm;
	uint64_t cap = emu_adm_capacity(emu);
	char sn[24], fr[9];

	nvmet_put_le16(d + NVMET_ID_CTRL_VID, EMU_VID);
	nvmet_put_le16(d + NVMET_ID_CTRL_SSVID, EMU_VID);
	snprintf(sn, sizeof(sn), "EMU%s", emu->name);
	nvmet_put_ascii(d + NVMET_ID_CTRL_SN, 20, sn);
	nvmet_put_ascii(d + NVMET_ID_CTRL_MN, 40, EMU_MN);
	memcpy(fr, a->fw_running, 8);
	fr[8] = '\0';
	nvmet_put_ascii(d + NVMET_ID_CTRL_FR, 8, fr);
	d[NVMET_ID_CTRL_RAB] = EMU_RAB;
	d[NVMET_ID_CTRL_MDTS] = (uint8_t)emu->opts.mdts;
	nvmet_put_le16(d + NVMET_ID_CTRL_CNTLID, EMU_CNTLID);
	nvmet_put_le32(d + NVMET_ID_CTRL_VER, emu->vs);	/* as the VS register */
	nvmet_put_le32(d + NVMET_ID_CTRL_OAES, EMU_OAES);
	d[NVMET_ID_CTRL_CNTRLTYPE] = EMU_CNTRLTYPE_IO;
	d[253] = EMU_NVMSR_STORAGE;	/* NVMSR */
	nvmet_put_le16(d + NVMET_ID_CTRL_OACS, EMU_OACS);
	d[NVMET_ID_CTRL_ACL] = EMU_ACL;
	d[NVMET_ID_CTRL_AERL] = EMU_AERL;
	d[NVMET_ID_CTRL_FRMW] = EMU_FRMW;
	d[NVMET_ID_CTRL_LPA] = EMU_LPA;
	d[NVMET_ID_CTRL_ELPE] = EMU_ERRLOG_MAX - 1;
	d[NVMET_ID_CTRL_NPSS] = 1;
	nvmet_put_le16(d + NVMET_ID_CTRL_WCTEMP, EMU_WCTEMP);
	nvmet_put_le16(d + NVMET_ID_CTRL_CCTEMP, EMU_CCTEMP);
	put128(d + NVMET_ID_CTRL_TNVMCAP, cap);
	put128(d + NVMET_ID_CTRL_UNVMCAP, cap - emu_adm_allocated(emu));
	nvmet_put_le16(d + NVMET_ID_CTRL_EDSTT, 1);	/* minutes, rounded up */
	d[NVMET_ID_CTRL_DSTO] = 1;		/* one self-test at a time */
	d[NVMET_ID_CTRL_FWUG] = 0xff;		/* no granularity restriction */
	nvmet_put_le16(d + NVMET_ID_CTRL_KAS, EMU_KAS);
	nvmet_put_le32(d + NVMET_ID_CTRL_SANICAP, EMU_SANICAP);
	d[NVMET_ID_CTRL_SQES] = 0x66;
	d[NVMET_ID_CTRL_CQES] = 0x44;
	nvmet_put_le32(d + NVMET_ID_CTRL_NN, EMU_MAX_NS);
	nvmet_put_le16(d + NVMET_ID_CTRL_ONCS, EMU_ONCS);
	nvmet_put_le16(d + NVMET_ID_CTRL_FUSES, 1);	/* compare and write */
	d[NVMET_ID_CTRL_FNA] = EMU_FNA;
	/* Present, and Flush with NSID FFFFFFFFh flushes every namespace. */
	d[NVMET_ID_CTRL_VWC] = emu->opts.vwc ? 0x07 : 0x00;
	nvmet_put_le32(d + NVMET_ID_CTRL_SGLS, emu->opts.sgl ? 1 : 0);
	nvmet_put_le32(d + NVMET_ID_CTRL_MNAN, EMU_MAX_NS);
	put_subnqn(d + NVMET_ID_CTRL_SUBNQN, d);
	put_psd(d + NVMET_ID_CTRL_PSD, 2500, 0, 0);
	put_psd(d + NVMET_ID_CTRL_PSD + 32, 1200, 1000, 1);
	if (emu->fab.on)
		id_ctrl_fabrics(emu, d);
}

/*
 * What every namespace has: the LBA formats it may take (512 and 4096
 * bytes, no metadata), deallocated blocks reading as zeroes, reservations.
 */
static void put_lbafs(uint8_t *d)
{
	d[NVMET_ID_NS_NLBAF] = 1;
	d[NVMET_ID_NS_LBAF + 2] = 9;
	d[NVMET_ID_NS_LBAF + 4 + 2] = 12;
	d[NVMET_ID_NS_DLFEAT] = 0x01;	/* deallocated blocks read as zeros */
	d[NVMET_ID_NS_RESCAP] = EMU_RESCAP;
}

static void id_ns(struct nvmet_emu *emu, const struct emu_ns *ns, uint8_t *d)
{
	put_lbafs(d);
	if (!ns)
		return;		/* NSID FFFFFFFFh: what all namespaces have in common */
	nvmet_put_le64(d + NVMET_ID_NS_NSZE, ns->nsze);
	nvmet_put_le64(d + NVMET_ID_NS_NCAP, ns->nsze);
	nvmet_put_le64(d + NVMET_ID_NS_NUSE, ns->nsze);
	d[NVMET_ID_NS_FLBAS] = ns->flbas & 0xf;
	put128(d + NVMET_ID_NS_NVMCAP, ns->bytes);
	emu_adm_ns_ids(emu, ns->nsid, d + NVMET_ID_NS_EUI64, d + NVMET_ID_NS_NGUID);
}

/*
 * Identify Namespace for @nsid: all of them (FFFFFFFFh), an active one, or
 * (@allocated) an allocated one; another valid NSID gets zeros.
 */
static uint16_t cns_ns(struct nvmet_emu *emu, uint32_t nsid, bool allocated, uint8_t *d)
{
	struct emu_ns *ns;

	if (nsid == EMU_NSID_ALL) {
		id_ns(emu, NULL, d);
		return 0;
	}
	if (!emu_nsid_valid(nsid))
		return ST_GENERIC(NVMET_SC_INVALID_NS);
	ns = emu->ns[nsid];
	if (ns && (ns->attached || allocated))
		id_ns(emu, ns, d);
	return 0;
}

/* NSIDs above @nsid, ascending: active ones, or every allocated one. */
static uint16_t cns_ns_list(struct nvmet_emu *emu, uint32_t nsid, bool allocated, uint8_t *d)
{
	unsigned int i, n = 0;

	if (nsid >= 0xfffffffeu)
		return ST_GENERIC(NVMET_SC_INVALID_NS);
	for (i = nsid + 1; i <= EMU_MAX_NS; i++)
		if (emu->ns[i] && (allocated || emu->ns[i]->attached))
			nvmet_put_le32(d + 4 * n++, i);
	return 0;
}

static uint8_t *put_desc(uint8_t *p, uint8_t nidt, uint8_t nidl, const uint8_t *id)
{
	p[0] = nidt;
	p[1] = nidl;
	memcpy(p + 4, id, nidl);
	return p + 4 + nidl;
}

#define NIDT_EUI64	1
#define NIDT_NGUID	2
#define NIDT_CSI	4

static uint16_t cns_desc_list(struct nvmet_emu *emu, uint32_t nsid, uint8_t *d)
{
	uint8_t eui[8], nguid[16], csi = NVMET_CSI_NVM;

	if (!emu_nsid_valid(nsid))
		return ST_GENERIC(NVMET_SC_INVALID_NS);
	if (!emu_adm_ns_active(emu, nsid))
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	emu_adm_ns_ids(emu, nsid, eui, nguid);
	d = put_desc(d, NIDT_EUI64, sizeof(eui), eui);
	d = put_desc(d, NIDT_NGUID, sizeof(nguid), nguid);
	put_desc(d, NIDT_CSI, 1, &csi);
	return 0;
}

/* A controller list of this one controller, when its ID is at least @from. */
static void ctrl_list(const struct nvmet_emu *emu, uint16_t from, bool present, uint8_t *d)
{
	if (!present || from > emu_cntlid(emu))
		return;
	nvmet_put_le16(d, 1);
	nvmet_put_le16(d + 2, emu_cntlid(emu));
}

static uint16_t cns_ctrl_ns_list(struct nvmet_emu *emu, uint32_t nsid, uint16_t from,
				 uint8_t *d)
{
	if (!emu_nsid_valid(nsid))
		return ST_GENERIC(NVMET_SC_INVALID_NS);
	ctrl_list(emu, from, emu_adm_ns_active(emu, nsid) != NULL, d);
	return 0;
}

/* CNS 05h: the NVM command set's own namespace fields (none set here). */
static uint16_t cns_cs_ns(uint32_t nsid, uint8_t csi)
{
	if (csi != NVMET_CSI_NVM)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	if (nsid == EMU_NSID_ALL)
		return 0;
	if (!emu_nsid_valid(nsid))
		return ST_GENERIC(NVMET_SC_INVALID_NS);
	return 0;
}

static uint16_t identify_build(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, uint8_t *d)
{
	uint8_t cns = sqe->identify.cns, csi = sqe->identify.csi;
	uint16_t cntid = sqe->identify.cntid;

	switch (cns) {
	case NVMET_CNS_NS:
		return cns_ns(emu, sqe->nsid, false, d);
	case NVMET_CNS_CTRL:
		id_ctrl(emu, d);
		return 0;
	case NVMET_CNS_NS_ACTIVE_LIST:
		return cns_ns_list(emu, sqe->nsid, false, d);
	case NVMET_CNS_NS_DESC_LIST:
		return cns_desc_list(emu, sqe->nsid, d);
	case NVMET_CNS_CS_NS:
		return cns_cs_ns(sqe->nsid, csi);
	case NVMET_CNS_CS_CTRL:
		return csi == NVMET_CSI_NVM ? 0 : ST_GENERIC(NVMET_SC_INVALID_FIELD);
	case NVMET_CNS_CS_NS_ACTIVE_LIST:
		if (csi != NVMET_CSI_NVM)
			return ST_GENERIC(NVMET_SC_INVALID_FIELD);
		return cns_ns_list(emu, sqe->nsid, false, d);
	case NVMET_CNS_NS_ALLOC_LIST:
		return cns_ns_list(emu, sqe->nsid, true, d);
	case NVMET_CNS_NS_ALLOC:
		return cns_ns(emu, sqe->nsid, true, d);
	case NVMET_CNS_CTRL_NS_LIST:
		return cns_ctrl_ns_list(emu, sqe->nsid, cntid, d);
	case NVMET_CNS_CTRL_LIST:
		ctrl_list(emu, cntid, true, d);
		return 0;
	case NVMET_CNS_CS_LIST:
		d[0] = 1;	/* combination 0: the NVM command set alone */
		return 0;
	default:
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	}
}

uint16_t emu_adm_identify(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	uint8_t d[NVMET_ID_DATA_SIZE];
	uint16_t st;

	memset(d, 0, sizeof(d));
	st = identify_build(emu, &cmd->sqe, d);
	return st ? st : emu_xfer_to_host(emu, &cmd->sqe, d, sizeof(d));
}
