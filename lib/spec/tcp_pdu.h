/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * spec/tcp_pdu.h - the NVMe/TCP PDU codec, the interface lib/spec/ offers
 * the NVMe/TCP target (lib/emu/tcp/), the host transport
 * (lib/transport/tcp/) and the capture exporter (lib/trace/): the
 * validator of a received PDU header against the connection's state, the
 * incremental receive parser, the encoders of every PDU, the Fabrics
 * commands' builders, and the CRC32C implementations behind nvmet_crc32c().
 * The layouts themselves are public, in <nvmet/nvme_tcp.h>.
 */
#ifndef NVMET_SPEC_TCP_PDU_H
#define NVMET_SPEC_TCP_PDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <nvmet/nvme.h>
#include <nvmet/nvme_tcp.h>

#include "support/compiler.h"

/* The longest header a PDU has (ICReq/ICResp), with a header digest. */
#define TCP_PDU_HDR_MAX		(128 + NVMET_TCP_DIGEST_LEN)
/* Room for what an encoder writes before the data: header, digest, padding to PDO. */
#define TCP_PDU_PREFIX_MAX	256
/* The largest PDO alignment, (PDA + 1) * 4 bytes with PDA at most 31. */
#define TCP_PDA_MAX		31

/**
 * struct tcp_params - what a connection negotiated, as one side sees it
 * @controller: this side is the controller (it receives H2C PDUs)
 * @hdgst: header digests on
 * @ddgst: data digests on
 * @rx_pda: alignment (PDA, dwords - 1) of data this side receives: the PDO
 *	a peer's PDU carries must be a multiple of (rx_pda + 1) * 4
 * @tx_pda: alignment the peer asked for in what this side sends
 * @max_h2c: largest H2CData data (the controller's MAXH2CDATA)
 * @max_icdata: largest in-capsule data a CapsuleCmd may carry (controller)
 * @max_c2h: largest C2HData data one PDU may carry (host)
 */
struct tcp_params {
	bool controller;
	bool hdgst;
	bool ddgst;
	uint8_t rx_pda;
	uint8_t tx_pda;
	uint32_t max_h2c;
	uint32_t max_icdata;
	uint32_t max_c2h;
};

/**
 * struct tcp_pdu_err - why a received PDU is fatal, as a TermReq says it
 * @fes: NVMET_TCP_FES_*
 * @fei: the offset of the offending header field, or the digest received
 *	for a header digest error
 */
struct tcp_pdu_err {
	uint16_t fes;
	uint32_t fei;
};

/*
 * The common header (8 bytes) of a PDU received on a connection whose
 * initialization is done (@ic_done) or not: the type is one the receiving
 * side accepts in that state, HLEN is the type's, the digest flags are as
 * negotiated, PDO and PLEN are consistent and bounded. 0 or -EPROTO with
 * @err filled.
 */
NVMET_HIDDEN int tcp_pdu_check_common(const struct tcp_params *p, bool ic_done,
				      const struct nvmet_tcp_hdr *h, struct tcp_pdu_err *err);
/*
 * The rest of the header (HLEN bytes, the common part checked): the
 * type's own fields against PLEN (data lengths, ICReq's version and
 * alignment). 0 or -EPROTO with @err filled.
 */
NVMET_HIDDEN int tcp_pdu_check_header(const struct tcp_params *p, const void *hdr,
				      struct tcp_pdu_err *err);
/* Bytes of data a checked PDU carries (digest and padding excluded). */
NVMET_HIDDEN uint32_t tcp_pdu_data_len(const struct tcp_params *p, const struct nvmet_tcp_hdr *h);

/* ---- the receive parser -------------------------------------------------- */

enum tcp_rx_event {
	TCP_RX_MORE,		/* the PDU is not complete: feed more */
	TCP_RX_HEADER,		/* header in, checked: set rx->dst now or the data goes to rx->buf */
	TCP_RX_PDU,		/* a whole PDU in: handle it, then tcp_rx_next() */
};

/**
 * struct tcp_rx - a connection's incremental receive parser
 * @hdr: the PDU's header (and its digest)
 * @buf: where data goes unless the caller points @dst elsewhere
 * @buf_cap: its size: a PDU with more data is refused
 * @dst: where this PDU's data goes (set at TCP_RX_HEADER; @buf by default)
 * @data_len: bytes of data of this PDU
 * @ddgst_bad: the data digest did not match (not fatal by itself: the
 *	receiver decides)
 * @ic_done: ICReq/ICResp exchanged: the parser then refuses another
 * @event: what the last tcp_rx_feed() reached
 * @err: why tcp_rx_feed() failed
 * @pos: bytes of the current PDU consumed
 * @hdr_len: bytes of header (and digest) to read
 * @crc: running data digest
 * @ddgst: the data digest as received
 */
struct tcp_rx {
	uint8_t hdr[TCP_PDU_HDR_MAX];
	uint8_t *buf;
	uint32_t buf_cap;
	uint8_t *dst;
	uint32_t data_len;
	bool ddgst_bad;
	bool ic_done;
	enum tcp_rx_event event;
	struct tcp_pdu_err err;
	uint32_t pos;
	uint32_t hdr_len;
	uint32_t crc;
	uint8_t ddgst[NVMET_TCP_DIGEST_LEN];
};

/* A parser with @buf_cap bytes of data buffer: 0 or -ENOMEM. */
NVMET_HIDDEN int tcp_rx_init(struct tcp_rx *rx, uint32_t buf_cap);
NVMET_HIDDEN void tcp_rx_fini(struct tcp_rx *rx);
/*
 * Take up to @len bytes of the stream, never past the end of one PDU or
 * of its header (rx->event says which was reached). Returns the bytes
 * taken, or -EPROTO with rx->err saying what the PDU got wrong (the
 * connection is then done for).
 */
NVMET_HIDDEN long tcp_rx_feed(struct tcp_rx *rx, const struct tcp_params *p, const void *in,
			      size_t len);
/* The PDU is handled: the parser waits for the next one. */
NVMET_HIDDEN void tcp_rx_next(struct tcp_rx *rx);

/* ---- encoders -------------------------------------------------------------- */

/*
 * Each writes a PDU's header into @buf (TCP_PDU_PREFIX_MAX bytes always
 * suffice), with its header digest when negotiated and the padding up to
 * PDO when data follows, and returns that prefix's length: the caller
 * sends the data after it, then tcp_ddgst() of it when p->ddgst and there
 * is data. Flags not about digests are the caller's (@flags).
 */
NVMET_HIDDEN size_t tcp_pdu_icreq(void *buf, uint8_t hpda, uint8_t digest, uint32_t maxr2t);
NVMET_HIDDEN size_t tcp_pdu_icresp(void *buf, uint8_t cpda, uint8_t digest, uint32_t maxh2cdata);
NVMET_HIDDEN size_t tcp_pdu_cmd(void *buf, const struct tcp_params *p, const struct nvmet_sqe *sqe,
				uint32_t dlen);
NVMET_HIDDEN size_t tcp_pdu_rsp(void *buf, const struct tcp_params *p, const struct nvmet_cqe *cqe);
/* H2CData (@type NVMET_TCP_H2C_DATA) or C2HData. */
NVMET_HIDDEN size_t tcp_pdu_data(void *buf, const struct tcp_params *p, uint8_t type, uint8_t flags,
				 uint16_t cid, uint16_t ttag, uint32_t offset, uint32_t length);
NVMET_HIDDEN size_t tcp_pdu_r2t(void *buf, const struct tcp_params *p, uint16_t cid, uint16_t ttag,
				uint32_t offset, uint32_t length);
/*
 * A whole TermReq (@type NVMET_TCP_H2C_TERM or C2H_TERM) with @fes, @fei and
 * up to 128 bytes of the offending PDU @bad: its length (at most 24 + 128).
 */
NVMET_HIDDEN size_t tcp_pdu_term(void *buf, uint8_t type, uint16_t fes, uint32_t fei,
				 const void *bad, size_t badlen);
/* The header digest of a header the caller changed (a tap): recomputed in place. */
NVMET_HIDDEN void tcp_pdu_hdgst_put(void *buf);
/* The data digest of @len bytes, as sent (little endian). */
static inline uint32_t tcp_ddgst(const void *data, size_t len)
{
	return nvmet_crc32c(0, data, len);
}

/* ---- Fabrics commands ---------------------------------------------------- */

/*
 * Connect for queue @qid with @sqsize entries (1-based; sent 0-based),
 * KATO @kato_ms (admin queue), its 1024 bytes of data in the capsule.
 */
NVMET_HIDDEN void tcp_cmd_connect(struct nvmet_sqe *sqe, uint16_t cid, uint16_t qid,
				  uint32_t sqsize, uint32_t kato_ms);
NVMET_HIDDEN void tcp_connect_data(struct nvmet_connect_data *d, const uint8_t hostid[16],
				   uint16_t cntlid, const char *subnqn, const char *hostnqn);
/* Property Get (@set false) or Set of @width (4 or 8) bytes at @offset. */
NVMET_HIDDEN void tcp_cmd_property(struct nvmet_sqe *sqe, uint16_t cid, bool set, uint32_t offset,
				   unsigned int width, uint64_t value);
NVMET_HIDDEN void tcp_cmd_disconnect(struct nvmet_sqe *sqe, uint16_t cid);

/* ---- CRC32C (crc32c.c) ----------------------------------------------------- */

/* The running, inverted CRC: by the tables, and by the crc32 instruction. */
NVMET_HIDDEN uint32_t tcp_crc32c_sw(uint32_t crc, const uint8_t *p, size_t len);
NVMET_HIDDEN uint32_t tcp_crc32c_hw(uint32_t crc, const uint8_t *p, size_t len);
NVMET_HIDDEN bool tcp_crc32c_has_hw(void);

#endif /* NVMET_SPEC_TCP_PDU_H */
