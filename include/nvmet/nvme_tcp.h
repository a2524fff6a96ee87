/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/nvme_tcp.h - NVMe over Fabrics and its TCP transport as C: the
 * PDU layouts (common header, ICReq/ICResp, CapsuleCmd/CapsuleResp,
 * H2CData/C2HData, R2T, H2C/C2H TermReq), their flags and the fatal error
 * statuses of a TermReq; the Fabrics command set (Property Get/Set,
 * Connect, Disconnect), Connect data, the Fabrics statuses; the transport
 * SGL descriptors; the Discovery Log Page; CRC32C, the digests' checksum.
 *
 * Every multi-byte field is little endian on the wire; the structures are
 * the wire layouts and libnvmet builds for little-endian hosts only, so
 * they are read and written in place. Plug-ins on the emulated
 * controller's transport taps (tcp:pdu:recv, tcp:pdu:send) read and change
 * PDUs through these.
 */
#ifndef NVMET_NVME_TCP_H
#define NVMET_NVME_TCP_H

#include <stddef.h>
#include <stdint.h>

#include <nvmet/nvme.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "nvmet/nvme_tcp.h: the PDU layouts are read in place on little-endian hosts only"
#endif

/* The IANA port of NVMe/TCP, and of its discovery service. */
#define NVMET_TCP_PORT			4420
#define NVMET_TCP_DISC_PORT		8009

/* The well-known NQN of a discovery subsystem. */
#define NVMET_DISC_NQN			"nqn.2014-08.org.nvmexpress.discovery"
/* NQN fields (Connect data, identify, discovery log) are this long, NUL padded. */
#define NVMET_NQN_LEN			256

/* PDU types (byte 0 of every PDU). */
#define NVMET_TCP_ICREQ			0x00
#define NVMET_TCP_ICRESP		0x01
#define NVMET_TCP_H2C_TERM		0x02
#define NVMET_TCP_C2H_TERM		0x03
#define NVMET_TCP_CMD			0x04
#define NVMET_TCP_RSP			0x05
#define NVMET_TCP_H2C_DATA		0x06
#define NVMET_TCP_C2H_DATA		0x07
#define NVMET_TCP_R2T			0x09

/* Common header flags. */
#define NVMET_TCP_F_HDGST		0x01	/* a header digest follows the header */
#define NVMET_TCP_F_DDGST		0x02	/* a data digest follows the data */
#define NVMET_TCP_F_DATA_LAST		0x04	/* H2CData/C2HData: last of the transfer */
#define NVMET_TCP_F_DATA_SUCCESS	0x08	/* C2HData: stands for a successful CapsuleResp */

/* ICReq/ICResp DGST field. */
#define NVMET_TCP_DIGEST_HDR		0x01
#define NVMET_TCP_DIGEST_DATA		0x02

/* Digests are CRC32C, 4 bytes. */
#define NVMET_TCP_DIGEST_LEN		4

/* TermReq fatal error statuses (FES). */
#define NVMET_TCP_FES_INVALID_HDR	0x01	/* invalid PDU header field */
#define NVMET_TCP_FES_SEQUENCE		0x02	/* PDU sequence error */
#define NVMET_TCP_FES_HDGST		0x03	/* header digest error */
#define NVMET_TCP_FES_DATA_RANGE	0x04	/* data transfer out of range */
#define NVMET_TCP_FES_DATA_LIMIT	0x05	/* data transfer limit exceeded */
#define NVMET_TCP_FES_UNSUPPORTED	0x06	/* unsupported parameter */

/* A TermReq carries at most this much of the offending PDU (H2C; C2H: 152). */
#define NVMET_TCP_TERM_MAX_DATA		128

/**
 * struct nvmet_tcp_hdr - the common header of every PDU
 * @type: NVMET_TCP_ICREQ...
 * @flags: NVMET_TCP_F_*
 * @hlen: length of the PDU header (digest excluded)
 * @pdo: offset of the data from the start of the PDU, 0 without data
 * @plen: length of the whole PDU: header, digests, padding and data
 */
struct nvmet_tcp_hdr {
	uint8_t type;
	uint8_t flags;
	uint8_t hlen;
	uint8_t pdo;
	uint32_t plen;
};

/**
 * struct nvmet_tcp_icreq - Initialize Connection Request (host to controller)
 * @hdr: common header (hlen and plen 128)
 * @pfv: PDU format version, 0
 * @hpda: host PDU data alignment, in dwords minus 1
 * @digest: NVMET_TCP_DIGEST_* the host asks for
 * @maxr2t: R2Ts the host accepts outstanding per command, 0-based
 * @rsvd: reserved
 */
struct nvmet_tcp_icreq {
	struct nvmet_tcp_hdr hdr;
	uint16_t pfv;
	uint8_t hpda;
	uint8_t digest;
	uint32_t maxr2t;
	uint8_t rsvd[112];
};

/**
 * struct nvmet_tcp_icresp - Initialize Connection Response
 * @hdr: common header (hlen and plen 128)
 * @pfv: PDU format version, 0
 * @cpda: controller PDU data alignment, in dwords minus 1
 * @digest: NVMET_TCP_DIGEST_* enabled
 * @maxh2cdata: largest H2CData PDU data the controller accepts
 * @rsvd: reserved
 */
struct nvmet_tcp_icresp {
	struct nvmet_tcp_hdr hdr;
	uint16_t pfv;
	uint8_t cpda;
	uint8_t digest;
	uint32_t maxh2cdata;
	uint8_t rsvd[112];
};

/**
 * struct nvmet_tcp_term - H2C or C2H Termination Request; the offending
 * PDU header follows as its data
 * @hdr: common header (hlen 24)
 * @fes: fatal error status, NVMET_TCP_FES_*
 * @fei: fatal error information: the offset of the offending field (invalid
 *	header field), or the bad digest (header digest error)
 * @rsvd: reserved
 */
struct nvmet_tcp_term {
	struct nvmet_tcp_hdr hdr;
	uint16_t fes;
	uint32_t fei;
	uint8_t rsvd[10];
} __attribute__((packed));

/**
 * struct nvmet_tcp_cmd - CapsuleCmd: a command, in-capsule data after it
 * @hdr: common header (hlen 72)
 * @sqe: the submission queue entry
 */
struct nvmet_tcp_cmd {
	struct nvmet_tcp_hdr hdr;
	struct nvmet_sqe sqe;
};

/**
 * struct nvmet_tcp_rsp - CapsuleResp: a completion
 * @hdr: common header (hlen 24)
 * @cqe: the completion queue entry
 */
struct nvmet_tcp_rsp {
	struct nvmet_tcp_hdr hdr;
	struct nvmet_cqe cqe;
};

/**
 * struct nvmet_tcp_data - H2CData or C2HData
 * @hdr: common header (hlen 24)
 * @cid: the command the data belongs to
 * @ttag: H2CData: the R2T's transfer tag; reserved in C2HData
 * @offset: offset of this data in the command's transfer
 * @length: bytes of data in this PDU
 * @rsvd: reserved
 */
struct nvmet_tcp_data {
	struct nvmet_tcp_hdr hdr;
	uint16_t cid;
	uint16_t ttag;
	uint32_t offset;
	uint32_t length;
	uint32_t rsvd;
};

/**
 * struct nvmet_tcp_r2t - Ready to Transfer: the controller asks for write data
 * @hdr: common header (hlen 24)
 * @cid: the command
 * @ttag: tag the host puts in its H2CData PDUs
 * @offset: offset in the command's transfer of the data asked for
 * @length: bytes asked for
 * @rsvd: reserved
 */
struct nvmet_tcp_r2t {
	struct nvmet_tcp_hdr hdr;
	uint16_t cid;
	uint16_t ttag;
	uint32_t offset;
	uint32_t length;
	uint32_t rsvd;
};

_Static_assert(sizeof(struct nvmet_tcp_hdr) == 8, "PDU common header is 8 bytes");
_Static_assert(sizeof(struct nvmet_tcp_icreq) == 128, "ICReq is 128 bytes");
_Static_assert(sizeof(struct nvmet_tcp_icresp) == 128, "ICResp is 128 bytes");
_Static_assert(__builtin_offsetof(struct nvmet_tcp_icresp, maxh2cdata) == 12, "MAXH2CDATA");
_Static_assert(sizeof(struct nvmet_tcp_term) == 24, "TermReq header is 24 bytes");
_Static_assert(__builtin_offsetof(struct nvmet_tcp_term, fei) == 10, "FEI at byte 10");
_Static_assert(sizeof(struct nvmet_tcp_cmd) == 72, "CapsuleCmd header is 72 bytes");
_Static_assert(sizeof(struct nvmet_tcp_rsp) == 24, "CapsuleResp is 24 bytes");
_Static_assert(sizeof(struct nvmet_tcp_data) == 24, "H2CData/C2HData header is 24 bytes");
_Static_assert(sizeof(struct nvmet_tcp_r2t) == 24, "R2T is 24 bytes");

/* ---- Fabrics commands -------------------------------------------------- */

/* The Fabrics command opcode; the command type (FCTYPE) is byte 4. */
#define NVMET_FABRICS_OPC		0x7f
#define NVMET_FCTYPE_PROP_SET		0x00
#define NVMET_FCTYPE_CONNECT		0x01
#define NVMET_FCTYPE_PROP_GET		0x04
#define NVMET_FCTYPE_AUTH_SEND		0x05
#define NVMET_FCTYPE_AUTH_RECV		0x06
#define NVMET_FCTYPE_DISCONNECT		0x08

/* Property Get/Set ATTRIB: the property's size. */
#define NVMET_PROP_SIZE_4		0x00
#define NVMET_PROP_SIZE_8		0x01

/**
 * struct nvmet_fabrics_prop - Property Get/Set: command dwords 10 to 15
 * @attrib: NVMET_PROP_SIZE_*
 * @rsvd41: reserved
 * @offset: the property (register) offset
 * @value: Property Set: the value
 * @rsvd56: reserved
 */
struct nvmet_fabrics_prop {
	uint8_t attrib;
	uint8_t rsvd41[3];
	uint32_t offset;
	uint64_t value;
	uint8_t rsvd56[8];
} __attribute__((packed));

/**
 * struct nvmet_fabrics_connect - Connect: command dwords 10 to 15
 * @recfmt: record format, 0
 * @qid: the queue to create, 0 for the admin queue
 * @sqsize: the SQ's entries, 0-based
 * @cattr: connect attributes
 * @rsvd47: reserved
 * @kato: Keep Alive Timeout in milliseconds (admin queue), 0 for none
 * @rsvd52: reserved
 */
struct nvmet_fabrics_connect {
	uint16_t recfmt;
	uint16_t qid;
	uint16_t sqsize;
	uint8_t cattr;
	uint8_t rsvd47;
	uint32_t kato;
	uint8_t rsvd52[12];
} __attribute__((packed));

/**
 * struct nvmet_fabrics_cmd - a Fabrics command as a submission queue entry
 * (the view of struct nvmet_sqe for opcode NVMET_FABRICS_OPC)
 * @opc: NVMET_FABRICS_OPC
 * @flags: PSDT in bits 7:6 (SGL for Connect)
 * @cid: command identifier
 * @fctype: NVMET_FCTYPE_*
 * @rsvd5: reserved
 * @sgl: Connect: the data (1024 bytes of struct nvmet_connect_data)
 * @prop: Property Get and Set
 * @connect: Connect
 */
struct nvmet_fabrics_cmd {
	uint8_t opc;
	uint8_t flags;
	uint16_t cid;
	uint8_t fctype;
	uint8_t rsvd5[19];
	struct nvmet_sgl_desc sgl;
	union {
		struct nvmet_fabrics_prop prop;
		struct nvmet_fabrics_connect connect;
	};
} __attribute__((packed));

_Static_assert(sizeof(struct nvmet_fabrics_cmd) == 64, "a Fabrics command is an SQE");
_Static_assert(__builtin_offsetof(struct nvmet_fabrics_cmd, connect.qid) == 42, "Connect QID");
_Static_assert(__builtin_offsetof(struct nvmet_fabrics_cmd, connect.kato) == 48, "Connect KATO");
_Static_assert(__builtin_offsetof(struct nvmet_fabrics_cmd, prop.offset) == 44, "Property OFST");
_Static_assert(__builtin_offsetof(struct nvmet_fabrics_cmd, prop.value) == 48, "Property VALUE");

/* Connect data: a controller ID of FFFFh asks for any (a dynamic) controller. */
#define NVMET_CNTLID_DYNAMIC		0xffff

/**
 * struct nvmet_connect_data - the 1024 bytes of a Connect command
 * @hostid: the host identifier
 * @cntlid: the controller (NVMET_CNTLID_DYNAMIC for the admin queue)
 * @rsvd18: reserved
 * @subnqn: the subsystem NQN, NUL terminated
 * @hostnqn: the host NQN, NUL terminated
 * @rsvd768: reserved
 */
struct nvmet_connect_data {
	uint8_t hostid[16];
	uint16_t cntlid;
	uint8_t rsvd18[238];
	char subnqn[NVMET_NQN_LEN];
	char hostnqn[NVMET_NQN_LEN];
	uint8_t rsvd768[256];
};

_Static_assert(sizeof(struct nvmet_connect_data) == 1024, "Connect data is 1024 bytes");

/*
 * Connect's completion: DW0 bits 15:0 the controller ID on success; on
 * Connect Invalid Parameters, the Invalid Parameter Offset in bits 15:0 and
 * bit 16 set when it is an offset in the data (IATTR), clear in the SQE.
 */
#define NVMET_CONNECT_IPO_SQE(off)	((uint32_t)(off))
#define NVMET_CONNECT_IPO_DATA(off)	((1u << 16) | (uint32_t)(off))

/* Fabrics statuses (command specific status type). */
#define NVMET_SC_CONNECT_FORMAT		0x80	/* incompatible format */
#define NVMET_SC_CONNECT_BUSY		0x81	/* controller busy */
#define NVMET_SC_CONNECT_INVALID	0x82	/* connect invalid parameters */
#define NVMET_SC_CONNECT_RESTART	0x83	/* restart discovery */
#define NVMET_SC_CONNECT_HOST		0x84	/* invalid host */
#define NVMET_SC_INVALID_QUEUE_TYPE	0x85
#define NVMET_SC_DISCOVER_RESTART	0x90
#define NVMET_SC_AUTH_REQUIRED		0x91
/* A generic status of the transports: retry (a data digest error, for one). */
#define NVMET_SC_TRANSIENT_TRANSPORT	0x22

/* ---- SGL descriptors of the transports -------------------------------- */

/* Descriptor types (bits 7:4 of the identifier) and sub types (bits 3:0). */
#define NVMET_SGL_TYPE_TRANSPORT	0x50	/* transport SGL data block */
#define NVMET_SGL_SUB_ADDRESS		0x00
#define NVMET_SGL_SUB_OFFSET		0x01	/* address is an offset in the capsule */
#define NVMET_SGL_SUB_TRANSPORT		0x0a	/* transport specific: NVMe/TCP's data */
/* In-capsule data, and data moved by the transport (R2T/H2CData, C2HData). */
#define NVMET_SGL_INCAPSULE		(NVMET_SGL_DATA_BLOCK | NVMET_SGL_SUB_OFFSET)
#define NVMET_SGL_TCP_DATA		(NVMET_SGL_TYPE_TRANSPORT | NVMET_SGL_SUB_TRANSPORT)

/* ---- identify fields of a fabrics controller -------------------------- */

#define NVMET_ID_CTRL_IOCCSZ		1792	/* I/O queue command capsule size, 16-byte units */
#define NVMET_ID_CTRL_IORCSZ		1796	/* I/O queue response capsule size, 16-byte units */
#define NVMET_ID_CTRL_ICDOFF		1800	/* in-capsule data offset, 16-byte units */
#define NVMET_ID_CTRL_FCATT		1802	/* fabrics controller attributes */
#define NVMET_ID_CTRL_MSDBD		1803	/* maximum SGL data block descriptors */
#define NVMET_ID_CTRL_OFCS		1804	/* optional fabrics commands */

/* CNTRLTYPE values. */
#define NVMET_CNTRLTYPE_IO		1
#define NVMET_CNTRLTYPE_DISCOVERY	2
#define NVMET_CNTRLTYPE_ADMIN		3

/* ---- discovery --------------------------------------------------------- */

#define NVMET_LOG_DISCOVERY		0x70

/* Discovery Log Page entry fields. */
#define NVMET_TRTYPE_TCP		3
#define NVMET_ADRFAM_IPV4		1
#define NVMET_ADRFAM_IPV6		2
#define NVMET_SUBTYPE_DISC_REFERRAL	1
#define NVMET_SUBTYPE_NVME		2
#define NVMET_SUBTYPE_DISC_CURRENT	3
#define NVMET_TREQ_NOT_REQUIRED		0x02	/* secure channel not required */
#define NVMET_TREQ_DISABLE_SQFLOW	0x04	/* SQ flow control may be disabled */
#define NVMET_TCP_SECTYPE_NONE		0

/**
 * struct nvmet_disc_log_hdr - the Discovery Log Page's header (1024 bytes)
 * @genctr: generation counter, bumped when the records change
 * @numrec: number of records
 * @recfmt: record format, 0
 * @rsvd: reserved
 */
struct nvmet_disc_log_hdr {
	uint64_t genctr;
	uint64_t numrec;
	uint16_t recfmt;
	uint8_t rsvd[1006];
};

/**
 * struct nvmet_disc_entry - a Discovery Log Page entry (1024 bytes)
 * @trtype: NVMET_TRTYPE_TCP
 * @adrfam: NVMET_ADRFAM_*
 * @subtype: NVMET_SUBTYPE_*
 * @treq: NVMET_TREQ_*
 * @portid: port identifier
 * @cntlid: controller ID, NVMET_CNTLID_DYNAMIC
 * @asqsz: admin SQ entries the host may use
 * @eflags: entry flags
 * @rsvd10: reserved
 * @trsvcid: the port, in decimal, space padded
 * @rsvd64: reserved
 * @subnqn: the subsystem's NQN
 * @traddr: the address, space padded
 * @sectype: transport specific: security type (NVMET_TCP_SECTYPE_*)
 * @rsvd769: reserved
 */
struct nvmet_disc_entry {
	uint8_t trtype;
	uint8_t adrfam;
	uint8_t subtype;
	uint8_t treq;
	uint16_t portid;
	uint16_t cntlid;
	uint16_t asqsz;
	uint16_t eflags;
	uint8_t rsvd10[20];
	char trsvcid[32];
	uint8_t rsvd64[192];
	char subnqn[NVMET_NQN_LEN];
	char traddr[256];
	uint8_t sectype;
	uint8_t rsvd769[255];
};

_Static_assert(sizeof(struct nvmet_disc_log_hdr) == 1024, "discovery log header");
_Static_assert(sizeof(struct nvmet_disc_entry) == 1024, "discovery log entry");
_Static_assert(__builtin_offsetof(struct nvmet_disc_entry, subnqn) == 256, "SUBNQN");

/**
 * nvmet_crc32c() - CRC32C (Castagnoli), the NVMe/TCP digest
 * @crc: 0 to start, or the previous call's result to go on
 * @buf: bytes
 * @len: their number
 *
 * Uses the CPU's crc32 instruction when it has one (SSE4.2), else a
 * table-driven version; both give the same value.
 *
 * Return: the CRC of everything given so far, as a digest is sent (its
 * four bytes in little-endian order).
 */
uint32_t nvmet_crc32c(uint32_t crc, const void *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* NVMET_NVME_TCP_H */
