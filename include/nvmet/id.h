/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/id.h - fields of identify data: any field by its inclusive byte
 * range, as an integer or as ASCII, and named getters for the common fields
 * of the Identify Controller and Identify Namespace (NVM command set) data.
 *
 * @id is always the whole NVMET_ID_DATA_SIZE (4096) bytes the controller
 * returned; multi-byte fields are little endian. The getters return a
 * field's raw value unless their name says otherwise (..._bytes, ..._index).
 */
#ifndef NVMET_ID_H
#define NVMET_ID_H

#include <stddef.h>
#include <stdint.h>

#include <nvmet/nvme.h>

/* Lengths of the ASCII fields of identify controller, without a terminating NUL. */
#define NVMET_ID_SN_LEN		20
#define NVMET_ID_MN_LEN		40
#define NVMET_ID_FR_LEN		8
#define NVMET_ID_SUBNQN_LEN	256

/**
 * nvmet_id_uint() - an integer field of identify data
 * @id: identify data
 * @begin: offset of the field's first byte
 * @end: offset of its last byte (inclusive), less than NVMET_ID_DATA_SIZE
 * @val: the field, little endian
 *
 * Return: 0, or -EINVAL when @end is before @begin, the field is longer than
 * 8 bytes or runs past the data.
 */
int nvmet_id_uint(const void *id, size_t begin, size_t end, uint64_t *val);

/**
 * nvmet_id_str() - an ASCII field of identify data
 * @id: identify data
 * @begin: offset of the field's first byte
 * @end: offset of its last byte (inclusive), less than NVMET_ID_DATA_SIZE
 * @out: the field without its trailing spaces and NULs, NUL terminated
 * @outlen: size of @out
 *
 * Return: 0, -EINVAL for a bad range, or -ENOSPC when the trimmed field and
 * its NUL do not fit in @outlen bytes.
 */
int nvmet_id_str(const void *id, size_t begin, size_t end, char *out, size_t outlen);

/**
 * nvmet_id_ctrl_sn() - serial number (SN), trimmed
 * @id: identify controller data
 * @out: the string; NVMET_ID_SN_LEN + 1 bytes always suffice
 * @outlen: size of @out
 *
 * Return: 0, or -ENOSPC when @out is too small.
 */
int nvmet_id_ctrl_sn(const void *id, char *out, size_t outlen);

/**
 * nvmet_id_ctrl_mn() - model number (MN), trimmed
 * @id: identify controller data
 * @out: the string; NVMET_ID_MN_LEN + 1 bytes always suffice
 * @outlen: size of @out
 *
 * Return: 0, or -ENOSPC when @out is too small.
 */
int nvmet_id_ctrl_mn(const void *id, char *out, size_t outlen);

/**
 * nvmet_id_ctrl_fr() - firmware revision (FR), trimmed
 * @id: identify controller data
 * @out: the string; NVMET_ID_FR_LEN + 1 bytes always suffice
 * @outlen: size of @out
 *
 * Return: 0, or -ENOSPC when @out is too small.
 */
int nvmet_id_ctrl_fr(const void *id, char *out, size_t outlen);

/**
 * nvmet_id_ctrl_subnqn() - NVM subsystem NVMe qualified name (SUBNQN)
 * @id: identify controller data
 * @out: the string; NVMET_ID_SUBNQN_LEN + 1 bytes always suffice
 * @outlen: size of @out
 *
 * Return: 0, or -ENOSPC when @out is too small.
 */
int nvmet_id_ctrl_subnqn(const void *id, char *out, size_t outlen);

/**
 * nvmet_id_ctrl_mdts_bytes() - the maximum data transfer size in bytes
 * @id: identify controller data
 * @mpsmin_bytes: the controller's minimum memory page size, 4096 <<
 *	CAP.MPSMIN
 *
 * Return: @mpsmin_bytes << MDTS; 0 when MDTS is 0 (no limit); UINT32_MAX
 * when the limit is 4 GiB or more.
 */
uint32_t nvmet_id_ctrl_mdts_bytes(const void *id, uint32_t mpsmin_bytes);

/**
 * nvmet_id_ns_flbas_index() - the index of the namespace's LBA format
 * @idns: identify namespace data
 *
 * Return: FLBAS bits 3:0, with bits 6:5 as bits 5:4 of the index: 0..63.
 */
unsigned int nvmet_id_ns_flbas_index(const void *idns);

/**
 * nvmet_id_ns_meta_extended() - whether metadata is at the end of each LBA
 * @idns: identify namespace data
 *
 * Return: 1 when metadata is transferred with the data (FLBAS bit 4), 0
 * when in a separate buffer.
 */
int nvmet_id_ns_meta_extended(const void *idns);

/**
 * nvmet_id_ns_lbaf() - an LBA format descriptor
 * @idns: identify namespace data
 * @index: format index, 0..63
 * @ms: metadata bytes per LBA (MS), may be NULL
 * @lbads: LBA data size as a power of two (LBADS), may be NULL
 * @rp: relative performance, 0 best .. 3 degraded (RP), may be NULL
 *
 * The descriptor is read whatever NLBAF says.
 *
 * Return: 0, or -EINVAL for @index above 63.
 */
int nvmet_id_ns_lbaf(const void *idns, unsigned int index, uint16_t *ms, uint8_t *lbads,
		     uint8_t *rp);

/**
 * nvmet_id_ns_lba_size() - the LBA data and metadata size of the namespace's
 * current format
 * @idns: identify namespace data
 * @bytes: data bytes per LBA, 1 << LBADS
 * @ms: metadata bytes per LBA, may be NULL
 *
 * Return: 0, or -EINVAL when the format index exceeds NLBAF or its LBADS
 * is not 9..31 (the specification's minimum is 512 bytes).
 */
int nvmet_id_ns_lba_size(const void *idns, uint32_t *bytes, uint16_t *ms);

/**
 * nvmet_id_ctrl_vid() - PCI vendor ID (VID)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ctrl_vid(const void *id);

/**
 * nvmet_id_ctrl_ssvid() - PCI subsystem vendor ID (SSVID)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ctrl_ssvid(const void *id);

/**
 * nvmet_id_ctrl_rab() - recommended arbitration burst (RAB)
 * @id: identify controller data
 *
 * Return: the field, a power of two.
 */
uint8_t nvmet_id_ctrl_rab(const void *id);

/**
 * nvmet_id_ctrl_ieee() - IEEE OUI identifier (IEEE)
 * @id: identify controller data
 *
 * Return: the field, 24 bits.
 */
uint32_t nvmet_id_ctrl_ieee(const void *id);

/**
 * nvmet_id_ctrl_cmic() - multi-path I/O and namespace sharing capabilities (CMIC)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint8_t nvmet_id_ctrl_cmic(const void *id);

/**
 * nvmet_id_ctrl_mdts() - maximum data transfer size (MDTS)
 * @id: identify controller data
 *
 * Return: log2 of the limit in units of CAP.MPSMIN, 0 for no limit; see
 * nvmet_id_ctrl_mdts_bytes().
 */
uint8_t nvmet_id_ctrl_mdts(const void *id);

/**
 * nvmet_id_ctrl_cntlid() - controller ID (CNTLID)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ctrl_cntlid(const void *id);

/**
 * nvmet_id_ctrl_ver() - version (VER)
 * @id: identify controller data
 *
 * Return: the field, major in bits 31:16, minor 15:8, tertiary 7:0.
 */
uint32_t nvmet_id_ctrl_ver(const void *id);

/**
 * nvmet_id_ctrl_rtd3r() - RTD3 resume latency in microseconds (RTD3R)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint32_t nvmet_id_ctrl_rtd3r(const void *id);

/**
 * nvmet_id_ctrl_rtd3e() - RTD3 entry latency in microseconds (RTD3E)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint32_t nvmet_id_ctrl_rtd3e(const void *id);

/**
 * nvmet_id_ctrl_oaes() - optional asynchronous events supported (OAES)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint32_t nvmet_id_ctrl_oaes(const void *id);

/**
 * nvmet_id_ctrl_ctratt() - controller attributes (CTRATT)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint32_t nvmet_id_ctrl_ctratt(const void *id);

/**
 * nvmet_id_ctrl_cntrltype() - controller type (CNTRLTYPE)
 * @id: identify controller data
 *
 * Return: the field, 1 I/O, 2 discovery, 3 administrative.
 */
uint8_t nvmet_id_ctrl_cntrltype(const void *id);

/**
 * nvmet_id_ctrl_oacs() - optional admin command support (OACS)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ctrl_oacs(const void *id);

/**
 * nvmet_id_ctrl_acl() - abort command limit (ACL)
 * @id: identify controller data
 *
 * Return: the field, zero-based.
 */
uint8_t nvmet_id_ctrl_acl(const void *id);

/**
 * nvmet_id_ctrl_aerl() - asynchronous event request limit (AERL)
 * @id: identify controller data
 *
 * Return: the field, zero-based.
 */
uint8_t nvmet_id_ctrl_aerl(const void *id);

/**
 * nvmet_id_ctrl_frmw() - firmware updates (FRMW)
 * @id: identify controller data
 *
 * Return: the field, slot 1 read only (bit 0), number of slots (bits 3:1),
 * activation without reset (bit 4).
 */
uint8_t nvmet_id_ctrl_frmw(const void *id);

/**
 * nvmet_id_ctrl_lpa() - log page attributes (LPA)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint8_t nvmet_id_ctrl_lpa(const void *id);

/**
 * nvmet_id_ctrl_elpe() - error log page entries (ELPE)
 * @id: identify controller data
 *
 * Return: the field, zero-based.
 */
uint8_t nvmet_id_ctrl_elpe(const void *id);

/**
 * nvmet_id_ctrl_npss() - number of power states supported (NPSS)
 * @id: identify controller data
 *
 * Return: the field, zero-based.
 */
uint8_t nvmet_id_ctrl_npss(const void *id);

/**
 * nvmet_id_ctrl_avscc() - admin vendor specific command configuration (AVSCC)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint8_t nvmet_id_ctrl_avscc(const void *id);

/**
 * nvmet_id_ctrl_apsta() - autonomous power state transition attributes (APSTA)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint8_t nvmet_id_ctrl_apsta(const void *id);

/**
 * nvmet_id_ctrl_wctemp() - warning composite temperature threshold in kelvin (WCTEMP)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ctrl_wctemp(const void *id);

/**
 * nvmet_id_ctrl_cctemp() - critical composite temperature threshold in kelvin (CCTEMP)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ctrl_cctemp(const void *id);

/**
 * nvmet_id_ctrl_mtfa() - maximum time for firmware activation in 100 ms units (MTFA)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ctrl_mtfa(const void *id);

/**
 * nvmet_id_ctrl_hmpre() - host memory buffer preferred size in 4 KiB units (HMPRE)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint32_t nvmet_id_ctrl_hmpre(const void *id);

/**
 * nvmet_id_ctrl_hmmin() - host memory buffer minimum size in 4 KiB units (HMMIN)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint32_t nvmet_id_ctrl_hmmin(const void *id);

/**
 * nvmet_id_ctrl_edstt() - extended device self-test time in minutes (EDSTT)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ctrl_edstt(const void *id);

/**
 * nvmet_id_ctrl_dsto() - device self-test options (DSTO)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint8_t nvmet_id_ctrl_dsto(const void *id);

/**
 * nvmet_id_ctrl_fwug() - firmware update granularity in 4 KiB units (FWUG)
 * @id: identify controller data
 *
 * Return: the field, 0 not reported, 0xff no restriction.
 */
uint8_t nvmet_id_ctrl_fwug(const void *id);

/**
 * nvmet_id_ctrl_kas() - keep alive support: granularity in 100 ms units (KAS)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ctrl_kas(const void *id);

/**
 * nvmet_id_ctrl_sanicap() - sanitize capabilities (SANICAP)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint32_t nvmet_id_ctrl_sanicap(const void *id);

/**
 * nvmet_id_ctrl_sqes() - submission queue entry size (SQES)
 * @id: identify controller data
 *
 * Return: the field, log2 of the required size in bits 3:0, of the maximum in
 * bits 7:4.
 */
uint8_t nvmet_id_ctrl_sqes(const void *id);

/**
 * nvmet_id_ctrl_cqes() - completion queue entry size (CQES)
 * @id: identify controller data
 *
 * Return: the field, log2 of the required size in bits 3:0, of the maximum in
 * bits 7:4.
 */
uint8_t nvmet_id_ctrl_cqes(const void *id);

/**
 * nvmet_id_ctrl_maxcmd() - maximum outstanding commands (MAXCMD)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ctrl_maxcmd(const void *id);

/**
 * nvmet_id_ctrl_nn() - number of namespaces (NN)
 * @id: identify controller data
 *
 * Return: the field, the largest namespace ID.
 */
uint32_t nvmet_id_ctrl_nn(const void *id);

/**
 * nvmet_id_ctrl_oncs() - optional NVM command support (ONCS)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ctrl_oncs(const void *id);

/**
 * nvmet_id_ctrl_fuses() - fused operation support (FUSES)
 * @id: identify controller data
 *
 * Return: the field, bit 0 compare and write.
 */
uint16_t nvmet_id_ctrl_fuses(const void *id);

/**
 * nvmet_id_ctrl_fna() - format NVM attributes (FNA)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint8_t nvmet_id_ctrl_fna(const void *id);

/**
 * nvmet_id_ctrl_vwc() - volatile write cache (VWC)
 * @id: identify controller data
 *
 * Return: the field, bit 0 present.
 */
uint8_t nvmet_id_ctrl_vwc(const void *id);

/**
 * nvmet_id_ctrl_awun() - atomic write unit normal in LBAs, zero-based (AWUN)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ctrl_awun(const void *id);

/**
 * nvmet_id_ctrl_awupf() - atomic write unit power fail in LBAs, zero-based (AWUPF)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ctrl_awupf(const void *id);

/**
 * nvmet_id_ctrl_acwu() - atomic compare and write unit in LBAs, zero-based (ACWU)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ctrl_acwu(const void *id);

/**
 * nvmet_id_ctrl_sgls() - SGL support (SGLS)
 * @id: identify controller data
 *
 * Return: the field, bits 1:0 nonzero when SGLs are supported.
 */
uint32_t nvmet_id_ctrl_sgls(const void *id);

/**
 * nvmet_id_ctrl_mnan() - maximum number of allowed namespaces (MNAN)
 * @id: identify controller data
 *
 * Return: the field.
 */
uint32_t nvmet_id_ctrl_mnan(const void *id);

/**
 * nvmet_id_ns_nsze() - namespace size in LBAs (NSZE)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint64_t nvmet_id_ns_nsze(const void *idns);

/**
 * nvmet_id_ns_ncap() - namespace capacity in LBAs (NCAP)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint64_t nvmet_id_ns_ncap(const void *idns);

/**
 * nvmet_id_ns_nuse() - namespace utilization in LBAs (NUSE)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint64_t nvmet_id_ns_nuse(const void *idns);

/**
 * nvmet_id_ns_nsfeat() - namespace features (NSFEAT)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint8_t nvmet_id_ns_nsfeat(const void *idns);

/**
 * nvmet_id_ns_nlbaf() - number of LBA formats (NLBAF)
 * @idns: identify namespace data
 *
 * Return: the field, zero-based.
 */
uint8_t nvmet_id_ns_nlbaf(const void *idns);

/**
 * nvmet_id_ns_flbas() - formatted LBA size (FLBAS)
 * @idns: identify namespace data
 *
 * Return: the field, raw: see nvmet_id_ns_flbas_index().
 */
uint8_t nvmet_id_ns_flbas(const void *idns);

/**
 * nvmet_id_ns_mc() - metadata capabilities (MC)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint8_t nvmet_id_ns_mc(const void *idns);

/**
 * nvmet_id_ns_dpc() - end-to-end data protection capabilities (DPC)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint8_t nvmet_id_ns_dpc(const void *idns);

/**
 * nvmet_id_ns_dps() - end-to-end data protection type settings (DPS)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint8_t nvmet_id_ns_dps(const void *idns);

/**
 * nvmet_id_ns_nmic() - namespace multi-path I/O and sharing capabilities (NMIC)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint8_t nvmet_id_ns_nmic(const void *idns);

/**
 * nvmet_id_ns_rescap() - reservation capabilities (RESCAP)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint8_t nvmet_id_ns_rescap(const void *idns);

/**
 * nvmet_id_ns_fpi() - format progress indicator (FPI)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint8_t nvmet_id_ns_fpi(const void *idns);

/**
 * nvmet_id_ns_dlfeat() - deallocate logical block features (DLFEAT)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint8_t nvmet_id_ns_dlfeat(const void *idns);

/**
 * nvmet_id_ns_nawun() - namespace atomic write unit normal, zero-based (NAWUN)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ns_nawun(const void *idns);

/**
 * nvmet_id_ns_nawupf() - namespace atomic write unit power fail, zero-based (NAWUPF)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ns_nawupf(const void *idns);

/**
 * nvmet_id_ns_nacwu() - namespace atomic compare and write unit, zero-based (NACWU)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ns_nacwu(const void *idns);

/**
 * nvmet_id_ns_noiob() - namespace optimal I/O boundary in LBAs (NOIOB)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ns_noiob(const void *idns);

/**
 * nvmet_id_ns_mssrl() - maximum single source range length of Copy (MSSRL)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ns_mssrl(const void *idns);

/**
 * nvmet_id_ns_mcl() - maximum copy length (MCL)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint32_t nvmet_id_ns_mcl(const void *idns);

/**
 * nvmet_id_ns_msrc() - maximum source range count of Copy, zero-based (MSRC)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint8_t nvmet_id_ns_msrc(const void *idns);

/**
 * nvmet_id_ns_anagrpid() - ANA group identifier (ANAGRPID)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint32_t nvmet_id_ns_anagrpid(const void *idns);

/**
 * nvmet_id_ns_nsattr() - namespace attributes (NSATTR)
 * @idns: identify namespace data
 *
 * Return: the field, bit 0 write protected.
 */
uint8_t nvmet_id_ns_nsattr(const void *idns);

/**
 * nvmet_id_ns_nvmsetid() - NVM set identifier (NVMSETID)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ns_nvmsetid(const void *idns);

/**
 * nvmet_id_ns_endgid() - endurance group identifier (ENDGID)
 * @idns: identify namespace data
 *
 * Return: the field.
 */
uint16_t nvmet_id_ns_endgid(const void *idns);

#endif /* NVMET_ID_H */
