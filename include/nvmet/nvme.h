/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/nvme.h - NVMe base specification definitions used by libnvmet:
 * controller registers, submission and completion queue entries, opcodes
 * and status codes.
 */
#ifndef NVMET_NVME_H
#define NVMET_NVME_H

#include <stdbool.h>
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

/* The NVM Subsystem Reset register's magic value, "NVMe". */
#define NVMET_NSSR_MAGIC	0x4e564d65u

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

/* PSDT (CDW0 bits 15:14) as bits 7:6 of struct nvmet_sqe's flags byte. */
#define NVMET_SQE_PSDT_MASK		0xc0
#define NVMET_SQE_PSDT_PRP		0x00	/* PRPs */
#define NVMET_SQE_PSDT_SGL		0x40	/* SGL; MPTR is a contiguous buffer */
#define NVMET_SQE_PSDT_SGL_MSGL		0x80	/* SGL; MPTR is an SGL segment */

/* Fused operation, bits 1:0 of struct nvmet_sqe.flags. */
#define NVMET_SQE_FUSE_MASK		0x03
#define NVMET_SQE_FUSE_FIRST		0x01
#define NVMET_SQE_FUSE_SECOND		0x02

/* SGL descriptor identifiers: type in bits 7:4, sub type 0 (address). */
#define NVMET_SGL_DATA_BLOCK		0x00
#define NVMET_SGL_BIT_BUCKET		0x10
#define NVMET_SGL_SEGMENT		0x20
#define NVMET_SGL_LAST_SEGMENT		0x30

/**
 * struct nvmet_sgl_desc - a 16-byte SGL descriptor, in an SQE's data
 * pointer or in a segment in memory
 * @addr: address, little endian
 * @len: length in bytes, little endian
 * @rsvd: reserved
 * @id: descriptor identifier, NVMET_SGL_*
 */
struct nvmet_sgl_desc {
	uint64_t addr;
	uint32_t len;
	uint8_t rsvd[3];
	uint8_t id;
};

/*
 * Typed views of command dwords 10 to 15, one per command (or family of
 * commands) that gives them fields; struct nvmet_sqe puts them in a union
 * with the plain dwords. Fields on byte boundaries are plain integers;
 * narrower ones are bit-fields, which GCC and Clang lay out from bit 0 up
 * on every little-endian ABI libnvmet builds for (the selftests check each
 * view against the dwords the specification gives). typeof() refuses a
 * bit-field: in a macro that uses it (kselftest's EXPECT_EQ), write
 * +sqe->rw.fua (an int).
 */

/**
 * struct nvmet_sqe_rw - Read, Write, Compare, Verify, Write Zeroes and
 * Write Uncorrectable
 * @slba: starting LBA (CDW10, CDW11)
 * @nlb: number of logical blocks, 0-based (CDW12 bits 15:0)
 * @control: CDW12 bits 31:16, of which:
 * @rsvd12: reserved
 * @dtype: directive type (Write)
 * @stc: storage tag check
 * @deac: deallocate (Write Zeroes)
 * @prinfo: protection information action and checks
 * @fua: force unit access
 * @lr: limited retry
 * @dsm: dataset management hints (CDW13 bits 7:0)
 * @rsvd13: reserved
 * @dspec: directive specific (CDW13 bits 31:16)
 * @reftag: initial logical block reference tag (CDW14)
 * @apptag: logical block application tag
 * @appmask: application tag mask
 */
struct nvmet_sqe_rw {
	uint64_t slba;
	uint16_t nlb;
	union {
		uint16_t control;
		struct {
			uint16_t rsvd12 : 4;
			uint16_t dtype : 4;
			uint16_t stc : 1;
			uint16_t deac : 1;
			uint16_t prinfo : 4;
			uint16_t fua : 1;
			uint16_t lr : 1;
		};
	};
	uint8_t dsm;
	uint8_t rsvd13;
	uint16_t dspec;
	uint32_t reftag;
	uint16_t apptag;
	uint16_t appmask;
};

/**
 * struct nvmet_sqe_dsm - Dataset Management
 * @nr: number of ranges, 0-based (CDW10 bits 7:0)
 * @rsvd10: reserved
 * @attrs: NVMET_DSM_IDR, NVMET_DSM_IDW and NVMET_DSM_AD (CDW11)
 * @rsvd12: reserved
 */
struct nvmet_sqe_dsm {
	uint8_t nr;
	uint8_t rsvd10[3];
	uint32_t attrs;
	uint32_t rsvd12[4];
};

/**
 * struct nvmet_sqe_identify - Identify
 * @cns: controller or namespace structure
 * @rsvd10: reserved
 * @cntid: controller identifier
 * @cnssid: CNS specific identifier (CDW11 bits 15:0)
 * @rsvd11: reserved
 * @csi: command set identifier (CDW11 bits 31:24)
 * @rsvd12: reserved (CDW12, CDW13)
 * @uuid_index: UUID index (CDW14 bits 6:0; bit 7 is reserved)
 * @rsvd14: reserved
 * @rsvd15: reserved
 */
struct nvmet_sqe_identify {
	uint8_t cns;
	uint8_t rsvd10;
	uint16_t cntid;
	uint16_t cnssid;
	uint8_t rsvd11;
	uint8_t csi;
	uint32_t rsvd12[2];
	uint8_t uuid_index;
	uint8_t rsvd14[3];
	uint32_t rsvd15;
};

/**
 * struct nvmet_sqe_features - Get Features and Set Features
 * @fid: feature identifier
 * @sel: select (Get Features)
 * @rsvd10: reserved
 * @rsvd10b: reserved
 * @sv: save (Set Features)
 * @cdw11: feature specific, of which for some features:
 * @num_queues: Number of Queues: @num_queues.nsqr and @num_queues.ncqr,
 *	the SQs and CQs requested, 0-based
 * @irq_config: Interrupt Vector Configuration: @irq_config.iv the vector,
 *	@irq_config.cd coalescing disabled
 * @temp_thresh: Temperature Threshold: @temp_thresh.tmpth in kelvin,
 *	@temp_thresh.tmpsel the sensor (0 composite, 0xf all), @temp_thresh.thsel
 *	0 over, 1 under
 * @cdw12: feature specific
 * @cdw13: feature specific
 * @uuid_index: UUID index (CDW14 bits 6:0; bit 7 is reserved)
 * @rsvd14: reserved
 * @cdw15: feature specific
 */
struct nvmet_sqe_features {
	uint8_t fid;
	uint8_t sel : 3;
	uint8_t rsvd10 : 5;
	uint16_t rsvd10b : 15;
	uint16_t sv : 1;
	union {
		uint32_t cdw11;
		struct {
			uint16_t nsqr;
			uint16_t ncqr;
		} num_queues;
		struct {
			uint16_t iv;
			uint16_t cd : 1;
			uint16_t rsvd : 15;
		} irq_config;
		struct {
			uint16_t tmpth;
			uint16_t tmpsel : 4;
			uint16_t thsel : 2;
			uint16_t rsvd : 10;
		} temp_thresh;
	};
	uint32_t cdw12;
	uint32_t cdw13;
	uint8_t uuid_index;
	uint8_t rsvd14[3];
	uint32_t cdw15;
};

/**
 * struct nvmet_sqe_get_log - Get Log Page
 * @lid: log page identifier
 * @lsp: log specific parameter
 * @rae: retain asynchronous event
 * @numdl: number of dwords, 0-based, lower 16 bits
 * @numdu: ... upper 16 bits (CDW11 bits 15:0)
 * @lsi: log specific identifier
 * @lpo: log page offset (CDW12, CDW13)
 * @uuid_index: UUID index (CDW14 bits 6:0; bit 7 is reserved)
 * @rsvd14: reserved
 * @rsvd14b: reserved
 * @ot: offset type: @lpo is an index
 * @csi: command set identifier (CDW14 bits 31:24)
 * @rsvd15: reserved
 */
struct nvmet_sqe_get_log {
	uint8_t lid;
	uint8_t lsp : 7;
	uint8_t rae : 1;
	uint16_t numdl;
	uint16_t numdu;
	uint16_t lsi;
	uint64_t lpo;
	uint8_t uuid_index;
	uint8_t rsvd14;
	uint8_t rsvd14b : 7;
	uint8_t ot : 1;
	uint8_t csi;
	uint32_t rsvd15;
};

/**
 * struct nvmet_sqe_create_cq - Create I/O Completion Queue
 * @qid: queue identifier
 * @qsize: entries, 0-based
 * @pc: physically contiguous
 * @ien: interrupts enabled
 * @rsvd11: reserved
 * @iv: interrupt vector
 * @rsvd12: reserved
 */
struct nvmet_sqe_create_cq {
	uint16_t qid;
	uint16_t qsize;
	uint16_t pc : 1;
	uint16_t ien : 1;
	uint16_t rsvd11 : 14;
	uint16_t iv;
	uint32_t rsvd12[4];
};

/**
 * struct nvmet_sqe_create_sq - Create I/O Submission Queue
 * @qid: queue identifier
 * @qsize: entries, 0-based
 * @pc: physically contiguous
 * @qprio: queue priority, an NVMET_QPRIO_ value
 * @rsvd11: reserved
 * @cqid: the completion queue it posts to
 * @nvmsetid: NVM set identifier
 * @rsvd12: reserved
 * @rsvd13: reserved
 */
struct nvmet_sqe_create_sq {
	uint16_t qid;
	uint16_t qsize;
	uint16_t pc : 1;
	uint16_t qprio : 2;
	uint16_t rsvd11 : 13;
	uint16_t cqid;
	uint16_t nvmsetid;
	uint16_t rsvd12;
	uint32_t rsvd13[3];
};

/**
 * struct nvmet_sqe_delete_queue - Delete I/O Submission or Completion Queue
 * @qid: queue identifier
 * @rsvd10: reserved
 * @rsvd11: reserved
 */
struct nvmet_sqe_delete_queue {
	uint16_t qid;
	uint16_t rsvd10;
	uint32_t rsvd11[5];
};

/**
 * struct nvmet_sqe_abort - Abort
 * @sqid: submission queue of the command to abort
 * @cid: its command identifier
 * @rsvd11: reserved
 */
struct nvmet_sqe_abort {
	uint16_t sqid;
	uint16_t cid;
	uint32_t rsvd11[5];
};

/**
 * struct nvmet_sqe_format - Format NVM
 * @lbafl: LBA format index, bits 3:0
 * @mset: metadata settings: extended LBA
 * @pi: protection information type
 * @pil: protection information location
 * @ses: secure erase settings
 * @lbafu: LBA format index, bits 5:4
 * @rsvd10: reserved
 * @rsvd11: reserved
 */
struct nvmet_sqe_format {
	uint32_t lbafl : 4;
	uint32_t mset : 1;
	uint32_t pi : 3;
	uint32_t pil : 1;
	uint32_t ses : 3;
	uint32_t lbafu : 2;
	uint32_t rsvd10 : 18;
	uint32_t rsvd11[5];
};

/**
 * struct nvmet_sqe_sanitize - Sanitize
 * @sanact: sanitize action
 * @ause: allow unrestricted sanitize exit
 * @owpass: overwrite pass count
 * @oipbp: overwrite invert pattern between passes
 * @ndas: no deallocate after sanitize
 * @rsvd10: reserved
 * @ovrpat: overwrite pattern (CDW11)
 * @rsvd12: reserved
 */
struct nvmet_sqe_sanitize {
	uint32_t sanact : 3;
	uint32_t ause : 1;
	uint32_t owpass : 4;
	uint32_t oipbp : 1;
	uint32_t ndas : 1;
	uint32_t rsvd10 : 22;
	uint32_t ovrpat;
	uint32_t rsvd12[4];
};

/**
 * struct nvmet_sqe_self_test - Device Self-test
 * @stc: self-test code
 * @rsvd10: reserved
 * @rsvd11: reserved
 */
struct nvmet_sqe_self_test {
	uint32_t stc : 4;
	uint32_t rsvd10 : 28;
	uint32_t rsvd11[5];
};

/**
 * struct nvmet_sqe_fw_download - Firmware Image Download
 * @numd: number of dwords, 0-based
 * @ofst: offset in dwords
 * @rsvd12: reserved
 */
struct nvmet_sqe_fw_download {
	uint32_t numd;
	uint32_t ofst;
	uint32_t rsvd12[4];
};

/**
 * struct nvmet_sqe_fw_commit - Firmware Commit
 * @fs: firmware slot
 * @ca: commit action
 * @rsvd10: reserved
 * @bpid: boot partition identifier
 * @rsvd11: reserved
 */
struct nvmet_sqe_fw_commit {
	uint32_t fs : 3;
	uint32_t ca : 3;
	uint32_t rsvd10 : 25;
	uint32_t bpid : 1;
	uint32_t rsvd11[5];
};

/**
 * struct nvmet_sqe_security - Security Send and Security Receive
 * @nssf: NVMe security specific field
 * @spsp0: SP specific, bits 7:0
 * @spsp1: SP specific, bits 15:8
 * @secp: security protocol
 * @tl: transfer length (Send) or allocation length (Receive), in bytes
 * @rsvd12: reserved
 */
struct nvmet_sqe_security {
	uint8_t nssf;
	uint8_t spsp0;
	uint8_t spsp1;
	uint8_t secp;
	uint32_t tl;
	uint32_t rsvd12[4];
};

/**
 * struct nvmet_sqe_ns_select - Namespace Management and Namespace Attachment
 * @sel: select: create or delete, attach or detach
 * @rsvd10: reserved
 * @rsvd11: reserved (CDW11 bits 23:0)
 * @csi: command set of the namespace to create (Namespace Management)
 * @rsvd12: reserved
 */
struct nvmet_sqe_ns_select {
	uint32_t sel : 4;
	uint32_t rsvd10 : 28;
	uint8_t rsvd11[3];
	uint8_t csi;
	uint32_t rsvd12[4];
};

/**
 * struct nvmet_sqe_mi - NVMe-MI Send and NVMe-MI Receive
 * @mt: NVMe-MI message header: message type (CDW10 bits 6:0)
 * @ic: integrity check
 * @csi: command slot identifier
 * @rsvd10: reserved
 * @nmimt: NVMe-MI message type
 * @ror: request or response
 * @rsvd10b: reserved
 * @opc: the NVMe-MI command's opcode (CDW11 bits 7:0)
 * @rsvd11: reserved
 * @nmd0: NVMe-MI message dword 0 (CDW12)
 * @nmd1: NVMe-MI message dword 1 (CDW13)
 * @rsvd14: reserved
 */
struct nvmet_sqe_mi {
	uint32_t mt : 7;
	uint32_t ic : 1;
	uint32_t csi : 1;
	uint32_t rsvd10 : 2;
	uint32_t nmimt : 4;
	uint32_t ror : 1;
	uint32_t rsvd10b : 16;
	uint8_t opc;
	uint8_t rsvd11[3];
	uint32_t nmd0;
	uint32_t nmd1;
	uint32_t rsvd14[2];
};

/**
 * struct nvmet_sqe_directive - Directive Send and Directive Receive
 * @numd: number of dwords, 0-based
 * @doper: directive operation
 * @dtype: directive type
 * @dspec: directive specific
 * @cdw12: directive and operation specific
 * @cdw13: directive and operation specific
 * @rsvd14: reserved
 */
struct nvmet_sqe_directive {
	uint32_t numd;
	uint8_t doper;
	uint8_t dtype;
	uint16_t dspec;
	uint32_t cdw12;
	uint32_t cdw13;
	uint32_t rsvd14[2];
};

/**
 * struct nvmet_sqe_resv - Reservation Register, Acquire and Release
 * @action: RREGA, RACQA or RRELA
 * @iekey: ignore existing key
 * @rsvd10: reserved
 * @rtype: reservation type (Acquire, Release)
 * @rsvd10b: reserved
 * @cptpl: change persist through power loss state (Register)
 * @rsvd11: reserved
 */
struct nvmet_sqe_resv {
	uint8_t action : 3;
	uint8_t iekey : 1;
	uint8_t rsvd10 : 4;
	uint8_t rtype;
	uint16_t rsvd10b : 14;
	uint16_t cptpl : 2;
	uint32_t rsvd11[5];
};

/**
 * struct nvmet_sqe_get_lba_status - Get LBA Status
 * @slba: starting LBA (CDW10, CDW11)
 * @mndw: maximum number of dwords, 0-based
 * @rl: range length
 * @rsvd13: reserved
 * @atype: action type
 * @rsvd14: reserved
 */
struct nvmet_sqe_get_lba_status {
	uint64_t slba;
	uint32_t mndw;
	uint16_t rl;
	uint8_t rsvd13;
	uint8_t atype;
	uint32_t rsvd14[2];
};

/**
 * struct nvmet_sqe - a 64-byte submission queue entry
 * @opc: opcode
 * @flags: fused operation (bits 1:0, NVMET_SQE_FUSE_) and PSDT (bits 7:6,
 *	NVMET_SQE_PSDT_)
 * @cid: command identifier
 * @nsid: namespace identifier
 * @cdw2: command dword 2
 * @cdw3: command dword 3
 * @mptr: metadata pointer
 * @prp1: data pointer, PRP entry 1
 * @prp2: data pointer, PRP entry 2 or PRP list
 * @sgl: the data pointer as SGL descriptor (PSDT not 0)
 * @cdw10: command dword 10
 * @cdw11: command dword 11
 * @cdw12: command dword 12
 * @cdw13: command dword 13
 * @cdw14: command dword 14
 * @cdw15: command dword 15
 * @rw: dwords 10 to 15 of the LBA based I/O commands
 * @dsm: ... of Dataset Management
 * @identify: ... of Identify
 * @features: ... of Get and Set Features
 * @get_log: ... of Get Log Page
 * @create_cq: ... of Create I/O Completion Queue
 * @create_sq: ... of Create I/O Submission Queue
 * @delete_queue: ... of Delete I/O Submission or Completion Queue
 * @abort: ... of Abort
 * @format: ... of Format NVM
 * @sanitize: ... of Sanitize
 * @self_test: ... of Device Self-test
 * @fw_download: ... of Firmware Image Download
 * @fw_commit: ... of Firmware Commit
 * @security: ... of Security Send and Receive
 * @ns_select: ... of Namespace Management and Attachment
 * @mi: ... of NVMe-MI Send and Receive
 * @directive: ... of Directive Send and Receive
 * @resv: ... of Reservation Register, Acquire and Release
 * @get_lba_status: ... of Get LBA Status
 *
 * The views are different names for the same bytes: build with one,
 * read with another.
 */
struct nvmet_sqe {
	uint8_t opc;
	uint8_t flags;
	uint16_t cid;
	uint32_t nsid;
	uint32_t cdw2;
	uint32_t cdw3;
	uint64_t mptr;
	union {
		struct {
			uint64_t prp1;
			uint64_t prp2;
		};
		struct nvmet_sgl_desc sgl;
	};
	union {
		struct {
			uint32_t cdw10;
			uint32_t cdw11;
			uint32_t cdw12;
			uint32_t cdw13;
			uint32_t cdw14;
			uint32_t cdw15;
		};
		struct nvmet_sqe_rw rw;
		struct nvmet_sqe_dsm dsm;
		struct nvmet_sqe_identify identify;
		struct nvmet_sqe_features features;
		struct nvmet_sqe_get_log get_log;
		struct nvmet_sqe_create_cq create_cq;
		struct nvmet_sqe_create_sq create_sq;
		struct nvmet_sqe_delete_queue delete_queue;
		struct nvmet_sqe_abort abort;
		struct nvmet_sqe_format format;
		struct nvmet_sqe_sanitize sanitize;
		struct nvmet_sqe_self_test self_test;
		struct nvmet_sqe_fw_download fw_download;
		struct nvmet_sqe_fw_commit fw_commit;
		struct nvmet_sqe_security security;
		struct nvmet_sqe_ns_select ns_select;
		struct nvmet_sqe_mi mi;
		struct nvmet_sqe_directive directive;
		struct nvmet_sqe_resv resv;
		struct nvmet_sqe_get_lba_status get_lba_status;
	};
};

/**
 * struct nvmet_cqe - a 16-byte completion queue entry
 * @dw0: command specific result
 * @dw1: command specific, reserved for most commands
 * @sqhd: submission queue head pointer
 * @sqid: submission queue identifier
 * @cid: command identifier
 * @status: phase tag (bit 0) and status field (bits 15:1); read it with
 *	nvmet_cqe_sc() and its siblings
 */
struct nvmet_cqe {
	uint32_t dw0;
	uint32_t dw1;
	uint16_t sqhd;
	uint16_t sqid;
	uint16_t cid;
	uint16_t status;
};

_Static_assert(sizeof(struct nvmet_sgl_desc) == 16, "SGL descriptor is 16 bytes");
_Static_assert(sizeof(struct nvmet_sqe) == 64, "SQE is 64 bytes");
_Static_assert(sizeof(struct nvmet_cqe) == 16, "CQE is 16 bytes");
_Static_assert(__builtin_offsetof(struct nvmet_sqe, prp1) == 24, "PRP1 at byte 24");
_Static_assert(__builtin_offsetof(struct nvmet_sqe, sgl) == 24, "SGL1 at byte 24");
_Static_assert(__builtin_offsetof(struct nvmet_sqe, cdw10) == 40, "CDW10 at byte 40");
_Static_assert(__builtin_offsetof(struct nvmet_sqe, rw.slba) == 40, "SLBA at byte 40");
_Static_assert(__builtin_offsetof(struct nvmet_sqe, get_log.lpo) == 48, "LPO at byte 48");
_Static_assert(__builtin_offsetof(struct nvmet_sqe, get_lba_status.rl) == 52, "RL at byte 52");
_Static_assert(__builtin_offsetof(struct nvmet_sqe, cdw15) == 60, "CDW15 at byte 60");
_Static_assert(sizeof(struct nvmet_sqe_rw) == 24 && sizeof(struct nvmet_sqe_identify) == 24 &&
	       sizeof(struct nvmet_sqe_features) == 24 && sizeof(struct nvmet_sqe_get_log) == 24 &&
	       sizeof(struct nvmet_sqe_create_cq) == 24 &&
	       sizeof(struct nvmet_sqe_create_sq) == 24 && sizeof(struct nvmet_sqe_mi) == 24 &&
	       sizeof(struct nvmet_sqe_resv) == 24 && sizeof(struct nvmet_sqe_format) == 24,
	       "each view covers CDW10 to CDW15");

/* Status field helpers, on the 16-bit status half-word of a CQE. */
#define NVMET_CQE_PHASE(st)	((unsigned int)((st) & 1))
#define NVMET_CQE_SC(st)	((unsigned int)(((st) >> 1) & 0xff))
#define NVMET_CQE_SCT(st)	((unsigned int)(((st) >> 9) & 0x7))
#define NVMET_CQE_CRD(st)	((unsigned int)(((st) >> 12) & 0x3))
#define NVMET_CQE_MORE(st)	((unsigned int)(((st) >> 14) & 0x1))
#define NVMET_CQE_DNR(st)	((unsigned int)(((st) >> 15) & 0x1))
/* SCT and SC together, without phase, CRD, More and DNR. */
#define NVMET_CQE_STATUS(st)	((unsigned int)(((st) >> 1) & 0x7ff))

/**
 * NVMET_STATUS() - a completion's status field (phase tag excluded)
 * @sct: status code type, an NVMET_SCT_ value
 * @sc: status code, an NVMET_SC_ value
 * @dnr: do not retry, 0 or 1
 */
#define NVMET_STATUS(sct, sc, dnr) \
	((uint16_t)((((sct) & 0x7) << 9) | (((sc) & 0xff) << 1) | ((dnr) ? 0x8000 : 0)))

/**
 * nvmet_cqe_phase() - a completion's phase tag
 * @cqe: the completion
 *
 * Return: 0 or 1.
 */
static inline unsigned int nvmet_cqe_phase(const struct nvmet_cqe *cqe)
{
	return NVMET_CQE_PHASE(cqe->status);
}

/**
 * nvmet_cqe_sc() - a completion's status code
 * @cqe: the completion
 *
 * Return: SC, an NVMET_SC_ value of the status code type nvmet_cqe_sct().
 */
static inline unsigned int nvmet_cqe_sc(const struct nvmet_cqe *cqe)
{
	return NVMET_CQE_SC(cqe->status);
}

/**
 * nvmet_cqe_sct() - a completion's status code type
 * @cqe: the completion
 *
 * Return: SCT, an NVMET_SCT_ value.
 */
static inline unsigned int nvmet_cqe_sct(const struct nvmet_cqe *cqe)
{
	return NVMET_CQE_SCT(cqe->status);
}

/**
 * nvmet_cqe_crd() - a completion's command retry delay
 * @cqe: the completion
 *
 * Return: CRD, 0 to 3.
 */
static inline unsigned int nvmet_cqe_crd(const struct nvmet_cqe *cqe)
{
	return NVMET_CQE_CRD(cqe->status);
}

/**
 * nvmet_cqe_more() - whether more status is in the Error Information log
 * @cqe: the completion
 *
 * Return: the More bit, 0 or 1.
 */
static inline unsigned int nvmet_cqe_more(const struct nvmet_cqe *cqe)
{
	return NVMET_CQE_MORE(cqe->status);
}

/**
 * nvmet_cqe_dnr() - whether the command would fail again if retried
 * @cqe: the completion
 *
 * Return: the Do Not Retry bit, 0 or 1.
 */
static inline unsigned int nvmet_cqe_dnr(const struct nvmet_cqe *cqe)
{
	return NVMET_CQE_DNR(cqe->status);
}

/**
 * nvmet_cqe_status() - a completion's status code type and status code
 * @cqe: the completion
 *
 * Return: SCT and SC as one value, (SCT << 8) | SC; 0 for success.
 */
static inline unsigned int nvmet_cqe_status(const struct nvmet_cqe *cqe)
{
	return NVMET_CQE_STATUS(cqe->status);
}

/**
 * nvmet_cqe_ok() - whether a completion reports success
 * @cqe: the completion
 *
 * Return: true when SCT and SC are both 0.
 */
static inline bool nvmet_cqe_ok(const struct nvmet_cqe *cqe)
{
	return NVMET_CQE_STATUS(cqe->status) == 0;
}

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
#define NVMET_SC_HOSTID_INCONSISTENT	0x18	/* host identifier inconsistent format */
#define NVMET_SC_RESV_CONFLICT		0x83	/* reservation conflict */
#define NVMET_SC_CAP_EXCEEDED		0x81	/* capacity exceeded */
#define NVMET_SC_CMD_SEQ_ERROR		0x0c	/* command sequence error */
#define NVMET_SC_SQ_DELETED		0x08	/* aborted: its SQ was deleted */
#define NVMET_SC_SGL_COUNT		0x0e	/* invalid number of SGL descriptors */
#define NVMET_SC_SGL_LENGTH		0x0f	/* data SGL length invalid */
#define NVMET_SC_SGL_TYPE		0x11	/* SGL descriptor type invalid */
#define NVMET_SC_PRP_OFFSET		0x13	/* invalid PRP offset */

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
#define NVMET_SC_READ_ONLY_RANGE	0x82	/* NVM: attempted write to a read only range */

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

/* Create I/O Completion/Submission Queue flags (CDW11 bits 15:0). */
#define NVMET_QUEUE_PC		(1u << 0)	/* physically contiguous */
#define NVMET_CQ_IEN		(1u << 1)	/* interrupts enabled */
#define NVMET_SQ_QPRIO(p)	((unsigned int)(p) << 1)	/* an NVMET_QPRIO_ value */

/* Submission queue priorities, for weighted round robin arbitration. */
#define NVMET_QPRIO_URGENT	0
#define NVMET_QPRIO_HIGH	1
#define NVMET_QPRIO_MEDIUM	2
#define NVMET_QPRIO_LOW		3

/* Get Features select (SEL). */
#define NVMET_SEL_CURRENT	0
#define NVMET_SEL_DEFAULT	1
#define NVMET_SEL_SAVED		2
#define NVMET_SEL_SUPPORTED	3

/* Sanitize actions (SANACT). */
#define NVMET_SANACT_EXIT_FAILURE	1
#define NVMET_SANACT_BLOCK_ERASE	2
#define NVMET_SANACT_OVERWRITE		3
#define NVMET_SANACT_CRYPTO_ERASE	4

/* Device self-test codes (STC). */
#define NVMET_STC_SHORT		0x1
#define NVMET_STC_EXTENDED	0x2
#define NVMET_STC_VENDOR	0xe
#define NVMET_STC_ABORT		0xf

/* Firmware commit actions (CA). */
#define NVMET_FW_CA_REPLACE		0	/* download to the slot */
#define NVMET_FW_CA_REPLACE_ACTIVATE	1	/* ... and activate at the next reset */
#define NVMET_FW_CA_ACTIVATE		2	/* activate the slot at the next reset */
#define NVMET_FW_CA_ACTIVATE_NOW	3	/* activate the slot now, without reset */
#define NVMET_FW_CA_REPLACE_BOOT	6	/* download to boot partition BPID */
#define NVMET_FW_CA_ACTIVATE_BOOT	7	/* mark boot partition BPID active */

/* Namespace Management and Namespace Attachment select (SEL). */
#define NVMET_NS_MGMT_CREATE	0
#define NVMET_NS_MGMT_DELETE	1
#define NVMET_NS_ATTACH_CTRLS	0
#define NVMET_NS_DETACH_CTRLS	1

/* NVMe-MI message types (NMIMT) that may be tunnelled in band. */
#define NVMET_NMIMT_MI		1	/* NVMe-MI command */
#define NVMET_NMIMT_PCIE	4	/* PCIe command */

/* Virtualization Management actions (ACT) and resource types (RT). */
#define NVMET_VIRT_ACT_PRIMARY_FLEX	0x1
#define NVMET_VIRT_ACT_SECONDARY_OFFLINE 0x7
#define NVMET_VIRT_ACT_SECONDARY_ASSIGN	0x8
#define NVMET_VIRT_ACT_SECONDARY_ONLINE	0x9
#define NVMET_VIRT_RT_VQ		0	/* queue resources */
#define NVMET_VIRT_RT_VI		1	/* interrupt resources */

/* Directive types (DTYPE). */
#define NVMET_DTYPE_IDENTIFY	0x0
#define NVMET_DTYPE_STREAMS	0x1

/* Dataset Management attributes (CDW11). */
#define NVMET_DSM_IDR		(1u << 0)	/* integral dataset for read */
#define NVMET_DSM_IDW		(1u << 1)	/* integral dataset for write */
#define NVMET_DSM_AD		(1u << 2)	/* deallocate */

/* Protection information action and checks (PRINFO). */
#define NVMET_PRINFO_PRACT	(1u << 3)
#define NVMET_PRINFO_PRCHK_GUARD (1u << 2)
#define NVMET_PRINFO_PRCHK_APP	(1u << 1)
#define NVMET_PRINFO_PRCHK_REF	(1u << 0)

/* Reservation types (RTYPE), actions and persist-through-power-loss (CPTPL). */
#define NVMET_RTYPE_WRITE_EXCL		1
#define NVMET_RTYPE_EXCL_ACCESS		2
#define NVMET_RTYPE_WRITE_EXCL_REG	3
#define NVMET_RTYPE_EXCL_ACCESS_REG	4
#define NVMET_RTYPE_WRITE_EXCL_ALL	5
#define NVMET_RTYPE_EXCL_ACCESS_ALL	6
#define NVMET_RREGA_REGISTER		0
#define NVMET_RREGA_UNREGISTER		1
#define NVMET_RREGA_REPLACE		2
#define NVMET_RACQA_ACQUIRE		0
#define NVMET_RACQA_PREEMPT		1
#define NVMET_RACQA_PREEMPT_ABORT	2
#define NVMET_RRELA_RELEASE		0
#define NVMET_RRELA_CLEAR		1
#define NVMET_CPTPL_NO_CHANGE		0
#define NVMET_CPTPL_CLEAR		2
#define NVMET_CPTPL_SET			3

/* Asynchronous event types (completion DW0 bits 2:0). */
#define NVMET_AER_TYPE_ERROR		0
#define NVMET_AER_TYPE_SMART		1
#define NVMET_AER_TYPE_NOTICE		2
#define NVMET_AER_TYPE_IO		6
#define NVMET_AER_TYPE_VENDOR		7

/* Asynchronous event information (completion DW0 bits 15:8), by type. */
#define NVMET_AER_ERROR_INVALID_DB	0x01	/* invalid doorbell write value */
#define NVMET_AER_SMART_RELIABILITY	0x00	/* NVM subsystem reliability */
#define NVMET_AER_SMART_TEMP		0x01	/* temperature threshold */
#define NVMET_AER_SMART_SPARE		0x02	/* spare below threshold */
#define NVMET_AER_NOTICE_NS_ATTR	0x00	/* namespace attribute changed */
#define NVMET_AER_NOTICE_FW_ACT		0x01	/* firmware activation starting */
#define NVMET_AER_IO_SANITIZE_DONE	0x01	/* sanitize operation completed */

/**
 * NVMET_AER_DW0() - an Asynchronous Event Request's completion DW0
 * @type: an NVMET_AER_TYPE_ value
 * @info: its NVMET_AER_ information
 * @lid: the log page to read to clear it
 */
#define NVMET_AER_DW0(type, info, lid) \
	((uint32_t)(type) | (uint32_t)(info) << 8 | (uint32_t)(lid) << 16)

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

/* Bits of a Commands Supported and Effects log entry. */
#define NVMET_CSE_CSUPP		(1u << 0)	/* command supported */
#define NVMET_CSE_LBCC		(1u << 1)	/* logical block content change */
#define NVMET_CSE_NCC		(1u << 2)	/* namespace capability change */
#define NVMET_CSE_NIC		(1u << 3)	/* namespace inventory change */
#define NVMET_CSE_CCC		(1u << 4)	/* controller capability change */
#define NVMET_CSE_CSE(e)	((unsigned int)(((e) >> 16) & 0x7))	/* submission and execution */
#define NVMET_CSE_CSE_ALL	(2u << 16)	/* no other command to any namespace meanwhile */
#define NVMET_CSE_USS		(1u << 19)	/* UUID selection supported */

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
