// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * id.c - fields of Identify Controller and Identify Namespace data.
 */
#include <errno.h>
#include <string.h>

#include <nvmet/id.h>

#include "support/bytes.h"

static uint64_t le(const void *id, size_t off, size_t n)
{
	return nvmet_field_le((const uint8_t *)id + off, n);
}

int nvmet_id_uint(const void *id, size_t begin, size_t end, uint64_t *val)
{
	if (end < begin || end >= NVMET_ID_DATA_SIZE || end - begin >= 8)
		return -EINVAL;
	*val = le(id, begin, end - begin + 1);
	return 0;
}

int nvmet_id_str(const void *id, size_t begin, size_t end, char *out, size_t outlen)
{
	if (end < begin || end >= NVMET_ID_DATA_SIZE)
		return -EINVAL;
	return nvmet_field_ascii((const uint8_t *)id + begin, end - begin + 1, out, outlen);
}

static int ascii(const void *id, size_t off, size_t len, char *out, size_t outlen)
{
	return nvmet_id_str(id, off, off + len - 1, out, outlen);
}

int nvmet_id_ctrl_sn(const void *id, char *out, size_t outlen)
{
	return ascii(id, NVMET_ID_CTRL_SN, NVMET_ID_SN_LEN, out, outlen);
}

int nvmet_id_ctrl_mn(const void *id, char *out, size_t outlen)
{
	return ascii(id, NVMET_ID_CTRL_MN, NVMET_ID_MN_LEN, out, outlen);
}

int nvmet_id_ctrl_fr(const void *id, char *out, size_t outlen)
{
	return ascii(id, NVMET_ID_CTRL_FR, NVMET_ID_FR_LEN, out, outlen);
}

int nvmet_id_ctrl_subnqn(const void *id, char *out, size_t outlen)
{
	return ascii(id, NVMET_ID_CTRL_SUBNQN, NVMET_ID_SUBNQN_LEN, out, outlen);
}

uint32_t nvmet_id_ctrl_mdts_bytes(const void *id, uint32_t mpsmin_bytes)
{
	unsigned int mdts = nvmet_id_ctrl_mdts(id);
	uint64_t bytes;

	if (!mdts)
		return 0;
	if (mdts >= 32)
		return UINT32_MAX;
	bytes = (uint64_t)mpsmin_bytes << mdts;
	return bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)bytes;
}

/* FLBAS: format index bits 3:0, metadata at the end of the LBA bit 4, index bits 5:4 in 6:5. */
unsigned int nvmet_id_ns_flbas_index(const void *idns)
{
	unsigned int flbas = nvmet_id_ns_flbas(idns);

	return (flbas & 0xf) | ((flbas >> 5) & 0x3) << 4;
}

int nvmet_id_ns_meta_extended(const void *idns)
{
	return (nvmet_id_ns_flbas(idns) >> 4) & 1;
}

/* LBA format descriptor: MS bits 15:0, LBADS 23:16, RP 25:24. */
int nvmet_id_ns_lbaf(const void *idns, unsigned int index, uint16_t *ms, uint8_t *lbads,
		     uint8_t *rp)
{
	uint32_t lbaf;

	if (index >= NVMET_ID_NS_LBAF_MAX)
		return -EINVAL;
	lbaf = (uint32_t)le(idns, NVMET_ID_NS_LBAF + 4 * index, 4);
	if (ms)
		*ms = (uint16_t)lbaf;
	if (lbads)
		*lbads = (uint8_t)(lbaf >> 16);
	if (rp)
		*rp = (lbaf >> 24) & 0x3;
	return 0;
}

int nvmet_id_ns_lba_size(const void *idns, uint32_t *bytes, uint16_t *ms)
{
	unsigned int index = nvmet_id_ns_flbas_index(idns);
	uint8_t lbads;

	if (index > nvmet_id_ns_nlbaf(idns))
		return -EINVAL;
	nvmet_id_ns_lbaf(idns, index, ms, &lbads, NULL);
	if (lbads < 9 || lbads > 31)
		return -EINVAL;
	*bytes = 1u << lbads;
	return 0;
}

#define ID_GETTER(kind, name, type, off) \
	type nvmet_id_##kind##_##name(const void *id) \
	{ \
		return (type)le(id, off, sizeof(type)); \
	}
#define ID_U8(kind, name, off)	ID_GETTER(kind, name, uint8_t, off)
#define ID_U16(kind, name, off)	ID_GETTER(kind, name, uint16_t, off)
#define ID_U32(kind, name, off)	ID_GETTER(kind, name, uint32_t, off)
#define ID_U64(kind, name, off)	ID_GETTER(kind, name, uint64_t, off)

uint32_t nvmet_id_ctrl_ieee(const void *id)
{
	return (uint32_t)le(id, NVMET_ID_CTRL_IEEE, 3);
}

ID_U16(ctrl, vid, NVMET_ID_CTRL_VID)
ID_U16(ctrl, ssvid, NVMET_ID_CTRL_SSVID)
ID_U8(ctrl, rab, NVMET_ID_CTRL_RAB)
ID_U8(ctrl, cmic, NVMET_ID_CTRL_CMIC)
ID_U8(ctrl, mdts, NVMET_ID_CTRL_MDTS)
ID_U16(ctrl, cntlid, NVMET_ID_CTRL_CNTLID)
ID_U32(ctrl, ver, NVMET_ID_CTRL_VER)
ID_U32(ctrl, rtd3r, NVMET_ID_CTRL_RTD3R)
ID_U32(ctrl, rtd3e, NVMET_ID_CTRL_RTD3E)
ID_U32(ctrl, oaes, NVMET_ID_CTRL_OAES)
ID_U32(ctrl, ctratt, NVMET_ID_CTRL_CTRATT)
ID_U8(ctrl, cntrltype, NVMET_ID_CTRL_CNTRLTYPE)
ID_U16(ctrl, oacs, NVMET_ID_CTRL_OACS)
ID_U8(ctrl, acl, NVMET_ID_CTRL_ACL)
ID_U8(ctrl, aerl, NVMET_ID_CTRL_AERL)
ID_U8(ctrl, frmw, NVMET_ID_CTRL_FRMW)
ID_U8(ctrl, lpa, NVMET_ID_CTRL_LPA)
ID_U8(ctrl, elpe, NVMET_ID_CTRL_ELPE)
ID_U8(ctrl, npss, NVMET_ID_CTRL_NPSS)
ID_U8(ctrl, avscc, NVMET_ID_CTRL_AVSCC)
ID_U8(ctrl, apsta, NVMET_ID_CTRL_APSTA)
ID_U16(ctrl, wctemp, NVMET_ID_CTRL_WCTEMP)
ID_U16(ctrl, cctemp, NVMET_ID_CTRL_CCTEMP)
ID_U16(ctrl, mtfa, NVMET_ID_CTRL_MTFA)
ID_U32(ctrl, hmpre, NVMET_ID_CTRL_HMPRE)
ID_U32(ctrl, hmmin, NVMET_ID_CTRL_HMMIN)
ID_U16(ctrl, edstt, NVMET_ID_CTRL_EDSTT)
ID_U8(ctrl, dsto, NVMET_ID_CTRL_DSTO)
ID_U8(ctrl, fwug, NVMET_ID_CTRL_FWUG)
ID_U16(ctrl, kas, NVMET_ID_CTRL_KAS)
ID_U32(ctrl, sanicap, NVMET_ID_CTRL_SANICAP)
ID_U8(ctrl, sqes, NVMET_ID_CTRL_SQES)
ID_U8(ctrl, cqes, NVMET_ID_CTRL_CQES)
ID_U16(ctrl, maxcmd, NVMET_ID_CTRL_MAXCMD)
ID_U32(ctrl, nn, NVMET_ID_CTRL_NN)
ID_U16(ctrl, oncs, NVMET_ID_CTRL_ONCS)
ID_U16(ctrl, fuses, NVMET_ID_CTRL_FUSES)
ID_U8(ctrl, fna, NVMET_ID_CTRL_FNA)
ID_U8(ctrl, vwc, NVMET_ID_CTRL_VWC)
ID_U16(ctrl, awun, NVMET_ID_CTRL_AWUN)
ID_U16(ctrl, awupf, NVMET_ID_CTRL_AWUPF)
ID_U16(ctrl, acwu, NVMET_ID_CTRL_ACWU)
ID_U32(ctrl, sgls, NVMET_ID_CTRL_SGLS)
ID_U32(ctrl, mnan, NVMET_ID_CTRL_MNAN)

ID_U64(ns, nsze, NVMET_ID_NS_NSZE)
ID_U64(ns, ncap, NVMET_ID_NS_NCAP)
ID_U64(ns, nuse, NVMET_ID_NS_NUSE)
ID_U8(ns, nsfeat, NVMET_ID_NS_NSFEAT)
ID_U8(ns, nlbaf, NVMET_ID_NS_NLBAF)
ID_U8(ns, flbas, NVMET_ID_NS_FLBAS)
ID_U8(ns, mc, NVMET_ID_NS_MC)
ID_U8(ns, dpc, NVMET_ID_NS_DPC)
ID_U8(ns, dps, NVMET_ID_NS_DPS)
ID_U8(ns, nmic, NVMET_ID_NS_NMIC)
ID_U8(ns, rescap, NVMET_ID_NS_RESCAP)
ID_U8(ns, fpi, NVMET_ID_NS_FPI)
ID_U8(ns, dlfeat, NVMET_ID_NS_DLFEAT)
ID_U16(ns, nawun, NVMET_ID_NS_NAWUN)
ID_U16(ns, nawupf, NVMET_ID_NS_NAWUPF)
ID_U16(ns, nacwu, NVMET_ID_NS_NACWU)
ID_U16(ns, noiob, NVMET_ID_NS_NOIOB)
ID_U16(ns, mssrl, NVMET_ID_NS_MSSRL)
ID_U32(ns, mcl, NVMET_ID_NS_MCL)
ID_U8(ns, msrc, NVMET_ID_NS_MSRC)
ID_U32(ns, anagrpid, NVMET_ID_NS_ANAGRPID)
ID_U8(ns, nsattr, NVMET_ID_NS_NSATTR)
ID_U16(ns, nvmsetid, NVMET_ID_NS_NVMSETID)
ID_U16(ns, endgid, NVMET_ID_NS_ENDGID)
