// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tcp_pdu.c - the NVMe/TCP PDU codec: a received header checked against
 * the connection's state before any of its lengths is trusted, the
 * incremental parser that takes a byte stream apart into PDUs with bounded
 * buffers, the encoders, and the Fabrics commands' builders.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "spec/tcp_pdu.h"

/* Offsets of the common header's fields, for a TermReq's FEI. */
#define OFF_TYPE	0
#define OFF_FLAGS	1
#define OFF_HLEN	2
#define OFF_PDO		3
#define OFF_PLEN	4

/**
 * struct pdu_kind - what the specification fixes about a PDU type
 * @hlen: its header length
 * @c2h: sent by the controller (else by the host)
 * @data: it may carry data
 * @digests: it may carry digests (all but ICReq/ICResp and TermReq)
 * @flags: the flags it may carry besides the digest flags
 */
struct pdu_kind {
	uint8_t hlen;
	bool c2h;
	bool data;
	bool digests;
	uint8_t flags;
};

static const struct pdu_kind kinds[] = {
	[NVMET_TCP_ICREQ] = { 128, false, false, false, 0 },
	[NVMET_TCP_ICRESP] = { 128, true, false, false, 0 },
	[NVMET_TCP_H2C_TERM] = { 24, false, true, false, 0 },
	[NVMET_TCP_C2H_TERM] = { 24, true, true, false, 0 },
	[NVMET_TCP_CMD] = { 72, false, true, true, 0 },
	[NVMET_TCP_RSP] = { 24, true, false, true, 0 },
	[NVMET_TCP_H2C_DATA] = { 24, false, true, true, NVMET_TCP_F_DATA_LAST },
	[NVMET_TCP_C2H_DATA] = { 24, true, true, true,
				 NVMET_TCP_F_DATA_LAST | NVMET_TCP_F_DATA_SUCCESS },
	[NVMET_TCP_R2T] = { 24, true, false, true, 0 },
};

static bool is_term(uint8_t type)
{
	return type == NVMET_TCP_H2C_TERM || type == NVMET_TCP_C2H_TERM;
}

static bool is_ic(uint8_t type)
{
	return type == NVMET_TCP_ICREQ || type == NVMET_TCP_ICRESP;
}

static int fail(struct tcp_pdu_err *err, uint16_t fes, uint32_t fei)
{
	err->fes = fes;
	err->fei = fei;
	return -EPROTO;
}

static uint32_t hdgst_len(const struct nvmet_tcp_hdr *h)
{
	return (h->flags & NVMET_TCP_F_HDGST) ? NVMET_TCP_DIGEST_LEN : 0;
}

static uint32_t ddgst_len(const struct nvmet_tcp_hdr *h)
{
	return (h->flags & NVMET_TCP_F_DDGST) ? NVMET_TCP_DIGEST_LEN : 0;
}

/* Where the data starts: after the header for a TermReq, at PDO for the rest. */
static uint32_t data_start(const struct nvmet_tcp_hdr *h)
{
	return is_term(h->type) ? h->hlen : h->pdo;
}

uint32_t tcp_pdu_data_len(const struct tcp_params *p, const struct nvmet_tcp_hdr *h)
{
	(void)p;
	if (is_term(h->type))
		return h->plen - h->hlen;
	if (!h->pdo)
		return 0;
	return h->plen - h->pdo - ddgst_len(h);
}

static uint32_t data_limit(const struct tcp_params *p, uint8_t type)
{
	switch (type) {
	case NVMET_TCP_CMD: return p->max_icdata;
	case NVMET_TCP_H2C_DATA: return p->max_h2c;
	case NVMET_TCP_C2H_DATA: return p->max_c2h;
	default: return NVMET_TCP_TERM_MAX_DATA + 24;	/* a TermReq: C2H's is the longer */
	}
}

int tcp_pdu_check_common(const struct tcp_params *p, bool ic_done, const struct nvmet_tcp_hdr *h,
			 struct tcp_pdu_err *err)
{
	const struct pdu_kind *k;
	uint32_t hd, dd, align, dlen;

	if (h->type >= sizeof(kinds) / sizeof(kinds[0]) || !kinds[h->type].hlen ||
	    kinds[h->type].c2h == p->controller)
		return fail(err, NVMET_TCP_FES_INVALID_HDR, OFF_TYPE);
	k = &kinds[h->type];
	if (!is_term(h->type) && is_ic(h->type) == ic_done)
		return fail(err, NVMET_TCP_FES_SEQUENCE, OFF_TYPE);
	if (h->hlen != k->hlen)
		return fail(err, NVMET_TCP_FES_INVALID_HDR, OFF_HLEN);
	if (h->flags & ~(k->flags | NVMET_TCP_F_HDGST | NVMET_TCP_F_DDGST))
		return fail(err, NVMET_TCP_FES_INVALID_HDR, OFF_FLAGS);
	if (!k->digests && (h->flags & (NVMET_TCP_F_HDGST | NVMET_TCP_F_DDGST)))
		return fail(err, NVMET_TCP_FES_INVALID_HDR, OFF_FLAGS);
	if (k->digests && !!(h->flags & NVMET_TCP_F_HDGST) != p->hdgst)
		return fail(err, NVMET_TCP_FES_INVALID_HDR, OFF_FLAGS);
	if ((h->flags & NVMET_TCP_F_DDGST) && (!p->ddgst || !k->data))
		return fail(err, NVMET_TCP_FES_INVALID_HDR, OFF_FLAGS);
	hd = hdgst_len(h);
	dd = ddgst_len(h);
	if (is_term(h->type)) {
		if (h->plen < h->hlen || h->plen - h->hlen > data_limit(p, h->type))
			return fail(err, NVMET_TCP_FES_INVALID_HDR, OFF_PLEN);
		return 0;
	}
	if (!k->data || !h->pdo) {
		/* No data: the PDU is its header (and digest). */
		if (h->pdo)
			return fail(err, NVMET_TCP_FES_INVALID_HDR, OFF_PDO);
		if (h->plen != h->hlen + hd || dd)
			return fail(err, NVMET_TCP_FES_INVALID_HDR, OFF_PLEN);
		return 0;
	}
	align = (p->rx_pda + 1u) * 4u;
	if (h->pdo < h->hlen + hd || h->pdo % align)
		return fail(err, NVMET_TCP_FES_INVALID_HDR, OFF_PDO);
	if (p->ddgst != !!dd)
		return fail(err, NVMET_TCP_FES_INVALID_HDR, OFF_FLAGS);
	if (h->plen <= (uint64_t)h->pdo + dd)
		return fail(err, NVMET_TCP_FES_INVALID_HDR, OFF_PLEN);
	dlen = h->plen - h->pdo - dd;
	if (dlen > data_limit(p, h->type))
		return fail(err, NVMET_TCP_FES_DATA_LIMIT, OFF_PLEN);
	return 0;
}

int tcp_pdu_check_header(const struct tcp_params *p, const void *hdr, struct tcp_pdu_err *err)
{
	const struct nvmet_tcp_hdr *h = hdr;

	switch (h->type) {
	case NVMET_TCP_ICREQ: {
		const struct nvmet_tcp_icreq *ic = hdr;

		if (ic->pfv != 0)
			return fail(err, NVMET_TCP_FES_UNSUPPORTED,
				    offsetof(struct nvmet_tcp_icreq, pfv));
		if (ic->hpda > TCP_PDA_MAX)
			return fail(err, NVMET_TCP_FES_INVALID_HDR,
				    offsetof(struct nvmet_tcp_icreq, hpda));
		if (ic->digest & ~(NVMET_TCP_DIGEST_HDR | NVMET_TCP_DIGEST_DATA))
			return fail(err, NVMET_TCP_FES_INVALID_HDR,
				    offsetof(struct nvmet_tcp_icreq, digest));
		return 0;
	}
	case NVMET_TCP_ICRESP: {
		const struct nvmet_tcp_icresp *ic = hdr;

		if (ic->pfv != 0)
			return fail(err, NVMET_TCP_FES_UNSUPPORTED,
				    offsetof(struct nvmet_tcp_icresp, pfv));
		if (ic->cpda > TCP_PDA_MAX)
			return fail(err, NVMET_TCP_FES_INVALID_HDR,
				    offsetof(struct nvmet_tcp_icresp, cpda));
		if (ic->digest & ~(NVMET_TCP_DIGEST_HDR | NVMET_TCP_DIGEST_DATA))
			return fail(err, NVMET_TCP_FES_INVALID_HDR,
				    offsetof(struct nvmet_tcp_icresp, digest));
		if (ic->maxh2cdata < 4096 || ic->maxh2cdata % 4)
			return fail(err, NVMET_TCP_FES_INVALID_HDR,
				    offsetof(struct nvmet_tcp_icresp, maxh2cdata));
		return 0;
	}
	case NVMET_TCP_H2C_DATA:
	case NVMET_TCP_C2H_DATA: {
		const struct nvmet_tcp_data *d = hdr;

		if (!h->pdo || d->length != tcp_pdu_data_len(p, h))
			return fail(err, NVMET_TCP_FES_INVALID_HDR,
				    offsetof(struct nvmet_tcp_data, length));
		if ((h->flags & NVMET_TCP_F_DATA_SUCCESS) && !(h->flags & NVMET_TCP_F_DATA_LAST))
			return fail(err, NVMET_TCP_FES_INVALID_HDR, OFF_FLAGS);
		return 0;
	}
	case NVMET_TCP_R2T: {
		const struct nvmet_tcp_r2t *r = hdr;

		if (!r->length)
			return fail(err, NVMET_TCP_FES_INVALID_HDR,
				    offsetof(struct nvmet_tcp_r2t, length));
		return 0;
	}
	default:
		return 0;
	}
}

/* ---- the receive parser ---------------------------------------------------- */

int tcp_rx_init(struct tcp_rx *rx, uint32_t buf_cap)
{
	memset(rx, 0, sizeof(*rx));
	rx->buf = malloc(buf_cap ? buf_cap : 1);
	if (!rx->buf)
		return -ENOMEM;
	rx->buf_cap = buf_cap;
	tcp_rx_next(rx);
	return 0;
}

void tcp_rx_fini(struct tcp_rx *rx)
{
	free(rx->buf);
	rx->buf = NULL;
}

void tcp_rx_next(struct tcp_rx *rx)
{
	rx->pos = 0;
	rx->hdr_len = 0;
	rx->data_len = 0;
	rx->dst = rx->buf;
	rx->crc = ~0u;
	rx->ddgst_bad = false;
	rx->event = TCP_RX_MORE;
}

/* The whole header is in: its digest, its own fields, then what comes next. */
static int rx_header_done(struct tcp_rx *rx, const struct tcp_params *p)
{
	const struct nvmet_tcp_hdr *h = (const void *)rx->hdr;
	int ret;

	if (h->flags & NVMET_TCP_F_HDGST) {
		uint32_t want = nvmet_crc32c(0, rx->hdr, h->hlen), got;

		memcpy(&got, rx->hdr + h->hlen, sizeof(got));
		if (want != got)
			return fail(&rx->err, NVMET_TCP_FES_HDGST, got);
	}
	ret = tcp_pdu_check_header(p, rx->hdr, &rx->err);
	if (ret)
		return ret;
	if (is_ic(h->type))
		rx->ic_done = true;
	rx->data_len = tcp_pdu_data_len(p, h);
	rx->event = rx->data_len ? TCP_RX_HEADER : TCP_RX_PDU;
	return 0;
}

static size_t take(size_t want, size_t avail)
{
	return want < avail ? want : avail;
}

long tcp_rx_feed(struct tcp_rx *rx, const struct tcp_params *p, const void *in, size_t len)
{
	const struct nvmet_tcp_hdr *h = (const void *)rx->hdr;
	const uint8_t *s = in;
	size_t used = 0, n;
	int ret;

	if (rx->event == TCP_RX_PDU)
		return 0;	/* the caller has not taken the last one */
	if (rx->event == TCP_RX_HEADER) {
		rx->event = TCP_RX_MORE;
		if (rx->dst == rx->buf && rx->data_len > rx->buf_cap)
			return fail(&rx->err, NVMET_TCP_FES_DATA_LIMIT, OFF_PLEN);
	}
	while (used < len) {
		if (rx->pos < sizeof(*h) || rx->pos < rx->hdr_len) {
			size_t end = rx->pos < sizeof(*h) ? sizeof(*h) : rx->hdr_len;

			n = take(end - rx->pos, len - used);
			memcpy(rx->hdr + rx->pos, s + used, n);
			rx->pos += n;
			used += n;
			if (rx->pos == sizeof(*h) && !rx->hdr_len) {
				ret = tcp_pdu_check_common(p, rx->ic_done, h, &rx->err);
				if (ret)
					return ret;
				rx->hdr_len = h->hlen + hdgst_len(h);
			}
			if (rx->hdr_len && rx->pos == rx->hdr_len) {
				ret = rx_header_done(rx, p);
				if (ret)
					return ret;
				return (long)used;
			}
			continue;
		}
		if (rx->pos < data_start(h)) {
			n = take(data_start(h) - rx->pos, len - used);	/* padding */
		} else if (rx->pos < data_start(h) + rx->data_len) {
			size_t off = rx->pos - data_start(h);

			n = take(rx->data_len - off, len - used);
			memcpy(rx->dst + off, s + used, n);
			if (h->flags & NVMET_TCP_F_DDGST)
				rx->crc = tcp_crc32c_has_hw() ? tcp_crc32c_hw(rx->crc, s + used, n) :
								 tcp_crc32c_sw(rx->crc, s + used, n);
		} else {
			size_t off = rx->pos - data_start(h) - rx->data_len;

			n = take(NVMET_TCP_DIGEST_LEN - off, len - used);
			memcpy(rx->ddgst + off, s + used, n);
		}
		rx->pos += n;
		used += n;
		if (rx->pos == h->plen) {
			if (h->flags & NVMET_TCP_F_DDGST) {
				uint32_t got;

				memcpy(&got, rx->ddgst, sizeof(got));
				rx->ddgst_bad = got != ~rx->crc;
			}
			rx->event = TCP_RX_PDU;
			break;
		}
	}
	return (long)used;
}

/* ---- encoders -------------------------------------------------------------- */

/* The common header of a PDU with @dlen bytes of data; returns PDO (or HLEN + digest). */
static size_t hdr_init(void *buf, const struct tcp_params *p, uint8_t type, uint8_t hlen,
		       uint8_t flags, uint32_t dlen)
{
	struct nvmet_tcp_hdr *h = buf;
	size_t hd = p->hdgst ? NVMET_TCP_DIGEST_LEN : 0;
	size_t dd = p->ddgst && dlen ? NVMET_TCP_DIGEST_LEN : 0;
	size_t pre = hlen + hd;

	if (dlen) {
		size_t align = (p->tx_pda + 1u) * 4u;

		pre = (pre + align - 1) / align * align;
	}
	memset(buf, 0, pre);
	h->type = type;
	h->flags = flags | (hd ? NVMET_TCP_F_HDGST : 0) | (dd ? NVMET_TCP_F_DDGST : 0);
	h->hlen = hlen;
	h->pdo = dlen ? (uint8_t)pre : 0;
	h->plen = (uint32_t)(pre + dlen + dd);
	return pre;
}

void tcp_pdu_hdgst_put(void *buf)
{
	struct nvmet_tcp_hdr *h = buf;
	uint32_t crc;

	if (!(h->flags & NVMET_TCP_F_HDGST))
		return;
	crc = nvmet_crc32c(0, buf, h->hlen);
	memcpy((uint8_t *)buf + h->hlen, &crc, sizeof(crc));
}

static size_t hdr_seal(void *buf, size_t pre)
{
	tcp_pdu_hdgst_put(buf);
	return pre;
}

size_t tcp_pdu_icreq(void *buf, uint8_t hpda, uint8_t digest, uint32_t maxr2t)
{
	struct nvmet_tcp_icreq *ic = buf;

	memset(ic, 0, sizeof(*ic));
	ic->hdr.type = NVMET_TCP_ICREQ;
	ic->hdr.hlen = sizeof(*ic);
	ic->hdr.plen = sizeof(*ic);
	ic->hpda = hpda;
	ic->digest = digest;
	ic->maxr2t = maxr2t;
	return sizeof(*ic);
}

size_t tcp_pdu_icresp(void *buf, uint8_t cpda, uint8_t digest, uint32_t maxh2cdata)
{
	struct nvmet_tcp_icresp *ic = buf;

	memset(ic, 0, sizeof(*ic));
	ic->hdr.type = NVMET_TCP_ICRESP;
	ic->hdr.hlen = sizeof(*ic);
	ic->hdr.plen = sizeof(*ic);
	ic->cpda = cpda;
	ic->digest = digest;
	ic->maxh2cdata = maxh2cdata;
	return sizeof(*ic);
}

size_t tcp_pdu_cmd(void *buf, const struct tcp_params *p, const struct nvmet_sqe *sqe,
		   uint32_t dlen)
{
	struct nvmet_tcp_cmd *c = buf;
	size_t pre = hdr_init(buf, p, NVMET_TCP_CMD, sizeof(*c), 0, dlen);

	memcpy(&c->sqe, sqe, sizeof(c->sqe));
	return hdr_seal(buf, pre);
}

size_t tcp_pdu_rsp(void *buf, const struct tcp_params *p, const struct nvmet_cqe *cqe)
{
	struct nvmet_tcp_rsp *r = buf;
	size_t pre = hdr_init(buf, p, NVMET_TCP_RSP, sizeof(*r), 0, 0);

	memcpy(&r->cqe, cqe, sizeof(r->cqe));
	return hdr_seal(buf, pre);
}

size_t tcp_pdu_data(void *buf, const struct tcp_params *p, uint8_t type, uint8_t flags,
		    uint16_t cid, uint16_t ttag, uint32_t offset, uint32_t length)
{
	struct nvmet_tcp_data *d = buf;
	size_t pre = hdr_init(buf, p, type, sizeof(*d), flags, length);

	d->cid = cid;
	d->ttag = ttag;
	d->offset = offset;
	d->length = length;
	return hdr_seal(buf, pre);
}

size_t tcp_pdu_r2t(void *buf, const struct tcp_params *p, uint16_t cid, uint16_t ttag,
		   uint32_t offset, uint32_t length)
{
	struct nvmet_tcp_r2t *r = buf;
	size_t pre = hdr_init(buf, p, NVMET_TCP_R2T, sizeof(*r), 0, 0);

	r->cid = cid;
	r->ttag = ttag;
	r->offset = offset;
	r->length = length;
	return hdr_seal(buf, pre);
}

size_t tcp_pdu_term(void *buf, uint8_t type, uint16_t fes, uint32_t fei, const void *bad,
		    size_t badlen)
{
	struct nvmet_tcp_term *t = buf;

	if (badlen > NVMET_TCP_TERM_MAX_DATA)
		badlen = NVMET_TCP_TERM_MAX_DATA;
	memset(t, 0, sizeof(*t));
	t->hdr.type = type;
	t->hdr.hlen = sizeof(*t);
	t->hdr.plen = (uint32_t)(sizeof(*t) + badlen);
	t->fes = fes;
	t->fei = fei;
	if (badlen)
		memcpy(t + 1, bad, badlen);
	return sizeof(*t) + badlen;
}

/* ---- Fabrics commands ---------------------------------------------------- */

static struct nvmet_fabrics_cmd *fabrics(struct nvmet_sqe *sqe, uint16_t cid, uint8_t fctype)
{
	struct nvmet_fabrics_cmd *f = (struct nvmet_fabrics_cmd *)sqe;

	memset(sqe, 0, sizeof(*sqe));
	f->opc = NVMET_FABRICS_OPC;
	f->cid = cid;
	f->fctype = fctype;
	return f;
}

void tcp_cmd_connect(struct nvmet_sqe *sqe, uint16_t cid, uint16_t qid, uint32_t sqsize,
		     uint32_t kato_ms)
{
	struct nvmet_fabrics_cmd *f = fabrics(sqe, cid, NVMET_FCTYPE_CONNECT);

	f->flags = NVMET_SQE_PSDT_SGL;
	f->sgl.len = sizeof(struct nvmet_connect_data);
	f->sgl.id = NVMET_SGL_INCAPSULE;
	f->connect.qid = qid;
	f->connect.sqsize = (uint16_t)(sqsize ? sqsize - 1 : 0);
	f->connect.kato = kato_ms;
}

void tcp_connect_data(struct nvmet_connect_data *d, const uint8_t hostid[16], uint16_t cntlid,
		      const char *subnqn, const char *hostnqn)
{
	memset(d, 0, sizeof(*d));
	memcpy(d->hostid, hostid, sizeof(d->hostid));
	d->cntlid = cntlid;
	strncpy(d->subnqn, subnqn, sizeof(d->subnqn) - 1);
	strncpy(d->hostnqn, hostnqn, sizeof(d->hostnqn) - 1);
}

void tcp_cmd_property(struct nvmet_sqe *sqe, uint16_t cid, bool set, uint32_t offset,
		      unsigned int width, uint64_t value)
{
	struct nvmet_fabrics_cmd *f = fabrics(sqe, cid, set ? NVMET_FCTYPE_PROP_SET :
							     NVMET_FCTYPE_PROP_GET);

	f->prop.attrib = width == 8 ? NVMET_PROP_SIZE_8 : NVMET_PROP_SIZE_4;
	f->prop.offset = offset;
	if (set)
		f->prop.value = value;
}

void tcp_cmd_disconnect(struct nvmet_sqe *sqe, uint16_t cid)
{
	fabrics(sqe, cid, NVMET_FCTYPE_DISCONNECT);
}
