/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/nvme.h - NVMe base specification definitions used by libnvmet:
 * controller registers, submission and completion queue entries, opcodes
 * and status codes.
 */
#ifndef NVMET_NVME_H
#define NVMET_NVME_H

#include <stdint.h>

/* Controller registers (offsets in BAR0). */
#define NVMET_REG_CAP		0x00	/* Controller Capabilities, 64 bit */
#define NVMET_REG_VS		0x08	/* Version */
#define NVMET_REG_INTMS		0x0c	/* Interrupt Mask Set */
#define NVMET_REG_INTMC		0x10	/* Interrupt Mask Clear */
#define NVMET_REG_CC		0x14	/* Controller Configuration */
#define NVMET_REG_CSTS		0x1c	/* Controller Status */
#define NVMET_REG_NSSR		0x20	/* NVM Subsystem Reset */
#define NVMET_REG_AQA		0x24	/* Admin Queue Attributes */
#define NVMET_REG_ASQ		0x28	/* Admin SQ Base Address, 64 bit */
#define NVMET_REG_ACQ		0x30	/* Admin CQ Base Address, 64 bit */
#define NVMET_REG_DBS		0x1000	/* first doorbell */

/* CAP fields. */
#define NVMET_CAP_MQES(cap)	((unsigned int)((cap) & 0xffff))
#define NVMET_CAP_CQR(cap)	((unsigned int)(((cap) >> 16) & 0x1))
#define NVMET_CAP_TO(cap)	((unsigned int)(((cap) >> 24) & 0xff))
#define NVMET_CAP_DSTRD(cap)	((unsigned int)(((cap) >> 32) & 0xf))
#define NVMET_CAP_NSSRS(cap)	((unsigned int)(((cap) >> 36) & 0x1))
#define NVMET_CAP_CSS(cap)	((unsigned int)(((cap) >> 37) & 0xff))
#define NVMET_CAP_MPSMIN(cap)	((unsigned int)(((cap) >> 48) & 0xf))
#define NVMET_CAP_MPSMAX(cap)	((unsigned int)(((cap) >> 52) & 0xf))

/* CC fields. */
#define NVMET_CC_EN		(1u << 0)
#define NVMET_CC_CSS_NVM	(0u << 4)
#define NVMET_CC_MPS(shift)	((uint32_t)(((shift) - 12) & 0xf) << 7)
#define NVMET_CC_AMS_RR		(0u << 11)
#define NVMET_CC_SHN_NONE	(0u << 14)
#define NVMET_CC_SHN_NORMAL	(1u << 14)
#define NVMET_CC_SHN_ABRUPT	(2u << 14)
#define NVMET_CC_SHN_MASK	(3u << 14)
#define NVMET_CC_IOSQES(n)	((uint32_t)(n) << 16)
#define NVMET_CC_IOCQES(n)	((uint32_t)(n) << 20)

/* CSTS fields. */
#define NVMET_CSTS_RDY		(1u << 0)
#define NVMET_CSTS_CFS		(1u << 1)
#define NVMET_CSTS_SHST_MASK	(3u << 2)
#define NVMET_CSTS_SHST_CMPLT	(2u << 2)
#define NVMET_CSTS_NSSRO	(1u << 4)

/**
 * struct nvmet_sqe - a 64-byte submission queue entry
 * @opc: opcode
 * @flags: fused operation (bits 1:0) and PSDT (bits 7:6)
 * @cid: command identifier
 * @nsid: namespace identifier
 * @cdw2: command dword 2
 * @cdw3: command dword 3
 * @mptr: metadata pointer
 * @prp1: data pointer, PRP entry 1
 * @prp2: data pointer, PRP entry 2 or PRP list
 * @cdw10: command dword 10
 * @cdw11: command dword 11
 * @cdw12: command dword 12
 * @cdw13: command dword 13
 * @cdw14: command dword 14
 * @cdw15: command dword 15
 */
struct nvmet_sqe {
	uint8_t opc;
	uint8_t flags;
	uint16_t cid;
	uint32_t nsid;
	uint32_t cdw2;
	uint32_t cdw3;
	uint64_t mptr;
	uint64_t prp1;
	uint64_t prp2;
	uint32_t cdw10;
	uint32_t cdw11;
	uint32_t cdw12;
	uint32_t cdw13;
	uint32_t cdw14;
	uint32_t cdw15;
};

/**
 * struct nvmet_cqe - a 16-byte completion queue entry
 * @dw0: command specific result
 * @dw1: command specific, reserved for most commands
 * @sqhd: submission queue head pointer
 * @sqid: submission queue identifier
 * @cid: command identifier
 * @status: phase tag (bit 0) and status field (bits 15:1)
 */
struct nvmet_cqe {
	uint32_t dw0;
	uint32_t dw1;
	uint16_t sqhd;
	uint16_t sqid;
	uint16_t cid;
	uint16_t status;
};

_Static_assert(sizeof(struct nvmet_sqe) == 64, "SQE is 64 bytes");
_Static_assert(sizeof(struct nvmet_cqe) == 16, "CQE is 16 bytes");

/* Fused operation, bits 1:0 of struct nvmet_sqe.flags. */
#define NVMET_SQE_FUSE_MASK		0x03
#define NVMET_SQE_FUSE_FIRST		0x01
#define NVMET_SQE_FUSE_SECOND		0x02

/* Status field helpers, on the 16-bit status half-word of a CQE. */
#define NVMET_CQE_PHASE(st)	((unsigned int)((st) & 1))
#define NVMET_CQE_SC(st)	((unsigned int)(((st) >> 1) & 0xff))
#define NVMET_CQE_SCT(st)	((unsigned int)(((st) >> 9) & 0x7))
#define NVMET_CQE_CRD(st)	((unsigned int)(((st) >> 12) & 0x3))
#define NVMET_CQE_MORE(st)	((unsigned int)(((st) >> 14) & 0x1))
#define NVMET_CQE_DNR(st)	((unsigned int)(((st) >> 15) & 0x1))
/* SCT and SC together, without phase, CRD, More and DNR. */
#define NVMET_CQE_STATUS(st)	((unsigned int)(((st) >> 1) & 0x7ff))

/* Status code types. */
#define NVMET_SCT_GENERIC		0x0
#define NVMET_SCT_CMD_SPECIFIC		0x1
#define NVMET_SCT_MEDIA			0x2
#define NVMET_SCT_PATH			0x3
#define NVMET_SCT_VENDOR		0x7

/* Generic command status codes. */
#define NVMET_SC_SUCCESS		0x00
#define NVMET_SC_INVALID_OPCODE		0x01
#define NVMET_SC_INVALID_FIELD		0x02
#define NVMET_SC_CID_CONFLICT		0x03
#define NVMET_SC_DATA_XFER_ERROR	0x04
#define NVMET_SC_INTERNAL		0x06
#define NVMET_SC_ABORT_REQ		0x07
#define NVMET_SC_INVALID_NS		0x0b
#define NVMET_SC_LBA_RANGE		0x80
#define NVMET_SC_FUSED_FAIL		0x09	/* aborted: failed fused command */
#define NVMET_SC_FUSED_MISSING		0x0a	/* aborted: missing fused command */
#define NVMET_SC_SANITIZE_IN_PROGRESS	0x1d
#define NVMET_SC_CAP_EXCEEDED		0x81	/* capacity exceeded */
#define NVMET_SC_CMD_SEQ_ERROR		0x0c	/* command sequence error */

/* Media and data integrity errors (NVMET_SCT_MEDIA). */
#define NVMET_SC_WRITE_FAULT		0x80
#define NVMET_SC_UNRECOVERED_READ	0x81
#define NVMET_SC_COMPARE_FAILED		0x85

/* Command specific status codes. */
#define NVMET_SC_CQ_INVALID		0x00
#define NVMET_SC_QID_INVALID		0x01
#define NVMET_SC_QUEUE_SIZE		0x02
#define NVMET_SC_INVALID_VECTOR		0x08
#define NVMET_SC_INVALID_QUEUE_DELETION	0x0c
#define NVMET_SC_FEATURE_NOT_SAVEABLE	0x0d
#define NVMET_SC_FEATURE_NOT_CHANGEABLE	0x0e
#define NVMET_SC_ABORT_LIMIT		0x03
#define NVMET_SC_AER_LIMIT		0x05
#define NVMET_SC_INVALID_FW_SLOT	0x06
#define NVMET_SC_INVALID_FW_IMAGE	0x07
#define NVMET_SC_INVALID_LOG_PAGE	0x09
#define NVMET_SC_INVALID_FORMAT		0x0a
#define NVMET_SC_FEATURE_NOT_PER_NS	0x0f
#define NVMET_SC_FW_NEEDS_RESET		0x11	/* activation at the next controller reset */
#define NVMET_SC_FW_PROHIBITED		0x13
#define NVMET_SC_OVERLAPPING_RANGE	0x14
#define NVMET_SC_NS_INSUFFICIENT_CAP	0x15
#define NVMET_SC_NSID_UNAVAILABLE	0x16
#define NVMET_SC_NS_ALREADY_ATTACHED	0x18
#define NVMET_SC_NS_IS_PRIVATE		0x19
#define NVMET_SC_NS_NOT_ATTACHED	0x1a
#define NVMET_SC_THIN_PROV_UNSUPPORTED	0x1b
#define NVMET_SC_CTRL_LIST_INVALID	0x1c
#define NVMET_SC_SELF_TEST_IN_PROGRESS	0x1d

/* Admin opcodes. */
#define NVMET_ADM_DELETE_SQ		0x00
#define NVMET_ADM_CREATE_SQ		0x01
#define NVMET_ADM_GET_LOG_PAGE		0x02
#define NVMET_ADM_DELETE_CQ		0x04
#define NVMET_ADM_CREATE_CQ		0x05
#define NVMET_ADM_IDENTIFY		0x06
#define NVMET_ADM_ABORT			0x08
#define NVMET_ADM_SET_FEATURES		0x09
#define NVMET_ADM_GET_FEATURES		0x0a
#define NVMET_ADM_ASYNC_EVENT		0x0c
#define NVMET_ADM_NS_MGMT		0x0d
#define NVMET_ADM_FW_COMMIT		0x10
#define NVMET_ADM_FW_DOWNLOAD		0x11
#define NVMET_ADM_SELF_TEST		0x14
#define NVMET_ADM_NS_ATTACH		0x15
#define NVMET_ADM_KEEP_ALIVE		0x18
#define NVMET_ADM_DIRECTIVE_SEND	0x19
#define NVMET_ADM_DIRECTIVE_RECV	0x1a
#define NVMET_ADM_VIRT_MGMT		0x1c
#define NVMET_ADM_MI_SEND		0x1d
#define NVMET_ADM_MI_RECV		0x1e
#define NVMET_ADM_CAPACITY_MGMT		0x20
#define NVMET_ADM_LOCKDOWN		0x24
#define NVMET_ADM_DBBUF_CONFIG		0x7c
#define NVMET_ADM_FABRICS		0x7f
#define NVMET_ADM_FORMAT_NVM		0x80
#define NVMET_ADM_SECURITY_SEND		0x81
#define NVMET_ADM_SECURITY_RECV		0x82
#define NVMET_ADM_SANITIZE		0x84
#define NVMET_ADM_GET_LBA_STATUS	0x86	/* NVM command set */
#define NVMET_ADM_VENDOR_FIRST		0xc0

/* NVM command set I/O opcodes. */
#define NVMET_CMD_FLUSH			0x00
#define NVMET_CMD_WRITE			0x01
#define NVMET_CMD_READ			0x02
#define NVMET_CMD_WRITE_UNCOR		0x04
#define NVMET_CMD_COMPARE		0x05
#define NVMET_CMD_WRITE_ZEROES		0x08
#define NVMET_CMD_DSM			0x09
#define NVMET_CMD_VERIFY		0x0c
#define NVMET_CMD_RESV_REGISTER		0x0d
#define NVMET_CMD_RESV_REPORT		0x0e
#define NVMET_CMD_RESV_ACQUIRE		0x11
#define NVMET_CMD_RESV_RELEASE		0x15
#define NVMET_CMD_COPY			0x19
#define NVMET_CMD_VENDOR_FIRST		0x80

/* Read, Write, Compare, Write Zeroes, Verify: CDW12 fields. */
#define NVMET_RW_NLB_MASK		0xffffu	/* number of logical blocks, 0-based */
#define NVMET_RW_DEAC			(1u << 25)	/* Write Zeroes: deallocate */
#define NVMET_RW_FUA			(1u << 30)	/* force unit access */
#define NVMET_RW_LR			(1u << 31)	/* limited retry */

/* Identify CNS values. */
#define NVMET_CNS_NS			0x00
#define NVMET_CNS_CTRL			0x01
#define NVMET_CNS_NS_ACTIVE_LIST	0x02
#define NVMET_CNS_NS_DESC_LIST		0x03
#define NVMET_CNS_NVMSET_LIST		0x04
#define NVMET_CNS_CS_NS			0x05	/* I/O command set specific */
#define NVMET_CNS_CS_CTRL		0x06
#define NVMET_CNS_CS_NS_ACTIVE_LIST	0x07
#define NVMET_CNS_NS_INDEPENDENT	0x08
#define NVMET_CNS_NS_ALLOC_LIST		0x10
#define NVMET_CNS_NS_ALLOC		0x11
#define NVMET_CNS_CTRL_NS_LIST		0x12	/* controllers attached to NSID */
#define NVMET_CNS_CTRL_LIST		0x13	/* controllers in the subsystem */
#define NVMET_CNS_PRIMARY_CTRL_CAPS	0x14
#define NVMET_CNS_SECONDARY_CTRL_LIST	0x15
#define NVMET_CNS_NS_GRANULARITY	0x16
#define NVMET_CNS_UUID_LIST		0x17
#define NVMET_CNS_DOMAIN_LIST		0x18
#define NVMET_CNS_ENDGRP_LIST		0x19
#define NVMET_CNS_CS_NS_ALLOC_LIST	0x1a
#define NVMET_CNS_CS_NS_ALLOC		0x1b
#define NVMET_CNS_CS_LIST		0x1c

/* Command set identifiers (CSI). */
#define NVMET_CSI_NVM			0x00
#define NVMET_CSI_KV			0x01
#define NVMET_CSI_ZNS			0x02

/* Size of every identify data structure. */
#define NVMET_ID_DATA_SIZE		4096

/* Feature identifiers. */
#define NVMET_FEAT_ARBITRATION		0x01
#define NVMET_FEAT_POWER_MGMT		0x02
#define NVMET_FEAT_TEMP_THRESH		0x04
#define NVMET_FEAT_ERR_RECOVERY		0x05
#define NVMET_FEAT_VOLATILE_WC		0x06
#define NVMET_FEAT_NUM_QUEUES		0x07
#define NVMET_FEAT_IRQ_COALESCE		0x08
#define NVMET_FEAT_IRQ_CONFIG		0x09
#define NVMET_FEAT_WRITE_ATOMIC		0x0a
#define NVMET_FEAT_ASYNC_EVENT		0x0b
#define NVMET_FEAT_TIMESTAMP		0x0e
#define NVMET_FEAT_KEEP_ALIVE		0x0f
#define NVMET_FEAT_HOST_MEM_BUF		0x0d
#define NVMET_FEAT_SANITIZE_CFG		0x17

/* Log page identifiers. */
#define NVMET_LOG_ERROR			0x01
#define NVMET_LOG_SMART			0x02
#define NVMET_LOG_FW_SLOT		0x03
#define NVMET_LOG_CHANGED_NS		0x04
#define NVMET_LOG_CMD_EFFECTS		0x05
#define NVMET_LOG_SELF_TEST		0x06
#define NVMET_LOG_SANITIZE		0x81

/* Byte offsets of identify controller fields used by the tools and tests. */
#define NVMET_ID_CTRL_VID		0
#define NVMET_ID_CTRL_SSVID		2
#define NVMET_ID_CTRL_SN		4	/* 20 bytes, ASCII, space padded */
#define NVMET_ID_CTRL_MN		24	/* 40 bytes */
#define NVMET_ID_CTRL_FR		64	/* 8 bytes */
#define NVMET_ID_CTRL_MDTS		77
#define NVMET_ID_CTRL_CNTLID		78
#define NVMET_ID_CTRL_VER		80
#define NVMET_ID_CTRL_OACS		256
#define NVMET_ID_CTRL_SQES		512
#define NVMET_ID_CTRL_CQES		513
#define NVMET_ID_CTRL_NN		516
#define NVMET_ID_CTRL_ONCS		520
#define NVMET_ID_CTRL_VWC		525
#define NVMET_ID_CTRL_SGLS		536
#define NVMET_ID_CTRL_RAB		72
#define NVMET_ID_CTRL_IEEE		73	/* 3 bytes */
#define NVMET_ID_CTRL_CMIC		76
#define NVMET_ID_CTRL_RTD3R		84
#define NVMET_ID_CTRL_RTD3E		88
#define NVMET_ID_CTRL_OAES		92
#define NVMET_ID_CTRL_CTRATT		96
#define NVMET_ID_CTRL_CNTRLTYPE		111
#define NVMET_ID_CTRL_FGUID		112	/* 16 bytes */
#define NVMET_ID_CTRL_ACL		258
#define NVMET_ID_CTRL_AERL		259
#define NVMET_ID_CTRL_FRMW		260
#define NVMET_ID_CTRL_LPA		261
#define NVMET_ID_CTRL_ELPE		262
#define NVMET_ID_CTRL_NPSS		263
#define NVMET_ID_CTRL_AVSCC		264
#define NVMET_ID_CTRL_APSTA		265
#define NVMET_ID_CTRL_WCTEMP		266
#define NVMET_ID_CTRL_CCTEMP		268
#define NVMET_ID_CTRL_MTFA		270
#define NVMET_ID_CTRL_HMPRE		272
#define NVMET_ID_CTRL_HMMIN		276
#define NVMET_ID_CTRL_TNVMCAP		280	/* 16 bytes */
#define NVMET_ID_CTRL_UNVMCAP		296	/* 16 bytes */
#define NVMET_ID_CTRL_EDSTT		316
#define NVMET_ID_CTRL_DSTO		318
#define NVMET_ID_CTRL_FWUG		319
#define NVMET_ID_CTRL_KAS		320
#define NVMET_ID_CTRL_SANICAP		328
#define NVMET_ID_CTRL_MAXCMD		514
#define NVMET_ID_CTRL_FUSES		522
#define NVMET_ID_CTRL_FNA		524
#define NVMET_ID_CTRL_AWUN		526
#define NVMET_ID_CTRL_AWUPF		528
#define NVMET_ID_CTRL_ACWU		532
#define NVMET_ID_CTRL_MNAN		540
#define NVMET_ID_CTRL_SUBNQN		768	/* 256 bytes, NUL padded */
#define NVMET_ID_CTRL_PSD		2048	/* 32 x 32 bytes */

/* Byte offsets of identify namespace fields. */
#define NVMET_ID_NS_NSZE		0
#define NVMET_ID_NS_NCAP		8
#define NVMET_ID_NS_NUSE		16
#define NVMET_ID_NS_NLBAF		25
#define NVMET_ID_NS_FLBAS		26
#define NVMET_ID_NS_LBAF		128	/* 16 x 4 bytes: MS(16) LBADS(8) RP(2) */
#define NVMET_ID_NS_NSFEAT		24
#define NVMET_ID_NS_MC			27
#define NVMET_ID_NS_DPC			28
#define NVMET_ID_NS_DPS			29
#define NVMET_ID_NS_NMIC		30
#define NVMET_ID_NS_RESCAP		31
#define NVMET_ID_NS_FPI			32
#define NVMET_ID_NS_DLFEAT		33
#define NVMET_ID_NS_NAWUN		34
#define NVMET_ID_NS_NAWUPF		36
#define NVMET_ID_NS_NACWU		38
#define NVMET_ID_NS_NOIOB		46
#define NVMET_ID_NS_NVMCAP		48	/* 16 bytes */
#define NVMET_ID_NS_MSSRL		74
#define NVMET_ID_NS_MCL			76
#define NVMET_ID_NS_MSRC		80
#define NVMET_ID_NS_ANAGRPID		92
#define NVMET_ID_NS_NSATTR		99
#define NVMET_ID_NS_NVMSETID		100
#define NVMET_ID_NS_ENDGID		102
#define NVMET_ID_NS_NGUID		104	/* 16 bytes */
#define NVMET_ID_NS_EUI64		120	/* 8 bytes */
#define NVMET_ID_NS_LBAF_MAX		64	/* LBA formats 0..63 since NVMe 2.0 */

#endif /* NVMET_NVME_H */
