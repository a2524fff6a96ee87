// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * queue.c - one NVMe/TCP connection of the host: the TCP connection and
 * ICReq/ICResp, commands sent as capsules (with their data in the capsule
 * when it fits), R2Ts answered with H2CData from the command's buffer,
 * C2HData placed in it, completions from CapsuleResp or a C2HData with
 * SUCCESS. PDUs are taken apart by the shared codec (spec/tcp_pdu.h),
 * which checks each header before any of its lengths is used.
 *
 * Poll mode: the socket is nonblocking and one recv() takes what is there
 * (many completions at a time under load); PDUs submitted from completion
 * callbacks wait in a buffer and go out in one send after the poll. A peer
 * that breaks the protocol gets a TermReq and the connection is closed;
 * whatever was in flight on it ends aborted, with the reason in
 * nvmet_last_error(), and the queue refuses more with the same error.
 * With a capture, every byte sent or received goes into it as it goes.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "support/clock.h"
#include "support/error.h"
#include "tcp.h"

/* Bytes one recv() may take; PDUs batched for one send. */
#define IN_BYTES	(128u * 1024u)
#define OUT_BYTES	(64u * 1024u)
/* Data larger than this is sent from the caller's buffer, not copied. */
#define COPY_MAX	(16u * 1024u)
/* The parser's own buffer: a TermReq's data (C2HData always has a place). */
#define RX_BYTES	256u
/*
 * Empty polls with commands in flight before a poll sleeps on the socket
 * (up to 1 ms, woken by the data): spinning on recv() takes the CPU from
 * a target that may share it (the kernel's, in the same machine).
 */
#define SPIN_POLLS	64u

static const char *fes_name(unsigned int fes)
{
	static const char *const names[] = {
		[NVMET_TCP_FES_INVALID_HDR] = "invalid PDU header field",
		[NVMET_TCP_FES_SEQUENCE] = "PDU sequence error",
		[NVMET_TCP_FES_HDGST] = "header digest error",
		[NVMET_TCP_FES_DATA_RANGE] = "data transfer out of range",
		[NVMET_TCP_FES_DATA_LIMIT] = "data transfer limit exceeded",
		[NVMET_TCP_FES_UNSUPPORTED] = "unsupported parameter",
	};

	return fes < sizeof(names) / sizeof(names[0]) && names[fes] ? names[fes] : "unknown";
}

/* Bytes the connection carried (@sent by the host, else received), into the capture. */
static void capture(struct tcp_queue *q, bool sent, const void *buf, size_t len)
{
	if (q->pc && len)
		nvmet_pcap_tcp_bytes(q->pc, nvmet_now_ns(), (const struct sockaddr *)&q->self,
				     (const struct sockaddr *)&q->peer, sent, buf, len);
}

static void close_fd(struct tcp_queue *q)
{
	if (q->fd < 0)
		return;
	close(q->fd);
	q->fd = -1;
	if (q->pc)
		nvmet_pcap_tcp_end(q->pc, nvmet_now_ns(), (const struct sockaddr *)&q->self,
				   (const struct sockaddr *)&q->peer);
}

void tcp_queue_failed(struct tcp_queue *q, int err, const char *fmt, ...)
{
	va_list ap;
	unsigned int i;

	if (q->err)
		return;
	q->err = err;
	va_start(ap, fmt);
	vsnprintf(q->why, sizeof(q->why), fmt, ap);
	va_end(ap);
	nvmet_set_error("tcp: queue %u: %s", q->qid, q->why);
	close_fd(q);
	q->out_len = 0;
	for (i = 0; i < (unsigned int)q->ncid + TCP_OWN_CIDS; i++)
		q->xfer[i].busy = false;
	if (q->fail)
		q->fail(q);
}

/* The queue's error again, its reason where the caller will look. */
static int queue_err(const struct tcp_queue *q)
{
	nvmet_set_error("tcp: queue %u: %s", q->qid, q->why);
	return q->err;
}

/* Wait until the socket has room (@events POLLOUT) or data (POLLIN), up to @ms. */
static int wait_fd(struct tcp_queue *q, short events, int ms)
{
	struct pollfd pfd = { .fd = q->fd, .events = events };
	int n;

	do
		n = poll(&pfd, 1, ms);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n ? 0 : -ETIMEDOUT;
}

/* Send @iov whole, waiting for room up to the queue's timeout. */
static int send_all(struct tcp_queue *q, struct iovec *iov, int n)
{
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = (size_t)n };
	ssize_t sent;
	int ret;

	while (msg.msg_iovlen) {
		sent = sendmsg(q->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
		q->sends++;
		if (sent < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN) {
				ret = -errno;
				tcp_queue_failed(q, ret, "send: %s", strerror(-ret));
				return ret;
			}
			ret = wait_fd(q, POLLOUT, (int)q->timeout_ms);
			if (ret) {
				tcp_queue_failed(q, ret, "the target took nothing for %u ms",
						 q->timeout_ms);
				return ret;
			}
			continue;
		}
		while (msg.msg_iovlen && (size_t)sent >= msg.msg_iov->iov_len) {
			capture(q, true, msg.msg_iov->iov_base, msg.msg_iov->iov_len);
			sent -= (ssize_t)msg.msg_iov->iov_len;
			msg.msg_iov++;
			msg.msg_iovlen--;
		}
		if (msg.msg_iovlen) {
			capture(q, true, msg.msg_iov->iov_base, (size_t)sent);
			msg.msg_iov->iov_base = (uint8_t *)msg.msg_iov->iov_base + sent;
			msg.msg_iov->iov_len -= (size_t)sent;
		}
	}
	return 0;
}

int tcp_queue_flush(struct tcp_queue *q)
{
	struct iovec iov = { .iov_base = q->out, .iov_len = q->out_len };
	int ret;

	if (q->err)
		return queue_err(q);
	if (!q->out_len)
		return 0;
	ret = send_all(q, &iov, 1);
	q->out_len = 0;
	return ret;
}

/*
 * One PDU: @pre bytes of header (and digest, padding), @dlen bytes of data
 * and their digest when negotiated. Small ones wait in the send buffer
 * (sent after the poll when corked, else now); large data goes straight
 * from @data.
 */
static int send_pdu(struct tcp_queue *q, const void *pre, size_t prelen, const void *data,
		    uint32_t dlen)
{
	uint32_t dd = q->p.ddgst && dlen ? NVMET_TCP_DIGEST_LEN : 0;
	uint32_t crc = dd ? tcp_ddgst(data, dlen) : 0;
	size_t total = prelen + dlen + dd;
	struct iovec iov[3];
	int ret;

	if (q->err)
		return queue_err(q);
	if (dlen <= COPY_MAX && total <= OUT_BYTES) {
		if (q->out_len + total > OUT_BYTES) {
			ret = tcp_queue_flush(q);
			if (ret)
				return ret;
		}
		memcpy(q->out + q->out_len, pre, prelen);
		if (dlen)
			memcpy(q->out + q->out_len + prelen, data, dlen);
		memcpy(q->out + q->out_len + prelen + dlen, &crc, dd);
		q->out_len += (uint32_t)total;
		return q->corked ? 0 : tcp_queue_flush(q);
	}
	ret = tcp_queue_flush(q);
	if (ret)
		return ret;
	iov[0] = (struct iovec){ .iov_base = (void *)pre, .iov_len = prelen };
	iov[1] = (struct iovec){ .iov_base = (void *)data, .iov_len = dlen };
	iov[2] = (struct iovec){ .iov_base = &crc, .iov_len = dd };
	return send_all(q, iov, dd ? 3 : 2);
}

/* A fatal error of the peer's: tell it with a TermReq (best effort), then close. */
static void protocol_error(struct tcp_queue *q, const struct tcp_pdu_err *e)
{
	const struct nvmet_tcp_hdr *h = (const void *)q->rx.hdr;
	uint8_t term[sizeof(struct nvmet_tcp_term) + NVMET_TCP_TERM_MAX_DATA];
	size_t bad = h->hlen && h->hlen <= sizeof(q->rx.hdr) ? h->hlen : sizeof(*h);
	size_t len = tcp_pdu_term(term, NVMET_TCP_H2C_TERM, e->fes, e->fei, q->rx.hdr, bad);

	/* Straight out: the buffered PDUs before it do not matter any more. */
	if (q->fd >= 0) {
		ssize_t n = send(q->fd, term, len, MSG_NOSIGNAL | MSG_DONTWAIT);

		q->sends++;
		if (n > 0)
			capture(q, true, term, (size_t)n);
	}
	tcp_queue_failed(q, -EPROTO, "the target broke the protocol: %s (FEI %u), PDU type %u",
			 fes_name(e->fes), e->fei, h->type);
}

static void range_error(struct tcp_queue *q, uint16_t fes, uint32_t fei)
{
	struct tcp_pdu_err e = { .fes = fes, .fei = fei };

	protocol_error(q, &e);
}

/* The command @cid's transfer, if it is one in flight; else a protocol error. */
static struct tcp_xfer *xfer_of(struct tcp_queue *q, uint16_t cid, uint32_t fei)
{
	if (cid < q->ncid + TCP_OWN_CIDS && q->xfer[cid].busy)
		return &q->xfer[cid];
	range_error(q, NVMET_TCP_FES_INVALID_HDR, fei);
	return NULL;
}

/* Whether the library still waits for command @cid (a command it timed out has no buffer). */
static uint8_t *xfer_va(const struct tcp_queue *q, uint16_t cid)
{
	if (cid < q->ncid && q->trk && (q->trk->trk[cid].flags & NVMET_TRK_TIMED_OUT))
		return NULL;
	return q->xfer[cid].va;
}

int tcp_queue_send_cmd(struct tcp_queue *q, struct nvmet_sqe *sqe, void *va, uint32_t len,
		       bool to_dev)
{
	uint8_t pre[TCP_PDU_PREFIX_MAX];
	struct tcp_xfer *x;
	uint32_t icd;
	size_t prelen;

	if (q->err)
		return queue_err(q);
	if (sqe->cid >= q->ncid + TCP_OWN_CIDS)
		return -EINVAL;
	/* Connect's data goes in the capsule whatever the queue's size for others. */
	icd = to_dev && (len <= q->icd || sqe->cid >= q->ncid) ? len : 0;
	x = &q->xfer[sqe->cid];
	if (x->busy)
		return -EBUSY;
	/* One SGL data descriptor: the capsule's data, or data the transport moves. */
	sqe->flags = (uint8_t)((sqe->flags & ~NVMET_SQE_PSDT_MASK) | NVMET_SQE_PSDT_SGL);
	memset(&sqe->sgl, 0, sizeof(sqe->sgl));
	sqe->sgl.len = len;
	sqe->sgl.id = icd ? NVMET_SGL_INCAPSULE : NVMET_SGL_TCP_DATA;
	prelen = tcp_pdu_cmd(pre, &q->p, sqe, icd);
	*x = (struct tcp_xfer){ .va = va, .len = len, .to_dev = to_dev, .busy = true };
	return send_pdu(q, pre, prelen, va, icd);
}

/* R2T: the controller wants @r->length bytes at @r->offset, in H2CData PDUs. */
static void on_r2t(struct tcp_queue *q, const struct nvmet_tcp_r2t *r)
{
	struct tcp_xfer *x = xfer_of(q, r->cid, offsetof(struct nvmet_tcp_r2t, cid));
	uint8_t pre[TCP_PDU_PREFIX_MAX];
	uint32_t off, end, n;
	uint8_t *va;

	if (!x)
		return;
	if (!x->to_dev || r->offset > x->len || r->length > x->len - r->offset) {
		range_error(q, NVMET_TCP_FES_DATA_RANGE, offsetof(struct nvmet_tcp_r2t, offset));
		return;
	}
	va = xfer_va(q, r->cid);
	if (!va) {
		/* Its buffer is the caller's again: nothing true to send. */
		tcp_queue_failed(q, -ETIMEDOUT, "R2T for command %u, which had timed out", r->cid);
		return;
	}
	end = r->offset + r->length;
	for (off = r->offset; off < end && !q->err; off += n) {
		size_t prelen;

		n = end - off < q->p.max_h2c ? end - off : q->p.max_h2c;
		prelen = tcp_pdu_data(pre, &q->p, NVMET_TCP_H2C_DATA,
				      off + n == end ? NVMET_TCP_F_DATA_LAST : 0, r->cid, r->ttag,
				      off, n);
		send_pdu(q, pre, prelen, va + off, n);
	}
}

/* C2HData's header: where its data goes. */
static void on_c2h_header(struct tcp_queue *q, const struct nvmet_tcp_data *d)
{
	struct tcp_xfer *x = xfer_of(q, d->cid, offsetof(struct nvmet_tcp_data, cid));
	uint8_t *va;

	if (!x)
		return;
	if (x->to_dev || d->offset > x->len || d->length > x->len - d->offset) {
		range_error(q, NVMET_TCP_FES_DATA_RANGE, offsetof(struct nvmet_tcp_data, offset));
		return;
	}
	va = xfer_va(q, d->cid);
	if (va) {
		q->rx.dst = va + d->offset;
		return;
	}
	/* Nobody waits for it: read it to nowhere. */
	if (q->scratch_len < d->length) {
		uint8_t *s = realloc(q->scratch, d->length);

		if (!s) {
			tcp_queue_failed(q, -ENOMEM, "no memory for %u bytes of late data",
					 d->length);
			return;
		}
		q->scratch = s;
		q->scratch_len = d->length;
	}
	q->rx.dst = q->scratch;
}

/* Command @cid is done with @cqe: to its waiter, or to the library's tracker. */
static int complete(struct tcp_queue *q, const struct nvmet_cqe *cqe)
{
	struct tcp_xfer *x;

	/* A completion for nothing in flight is ignored, as on rings. */
	if (cqe->cid >= q->ncid + TCP_OWN_CIDS || !q->xfer[cqe->cid].busy)
		return 0;
	x = &q->xfer[cqe->cid];
	x->busy = false;
	if (cqe->cid >= q->ncid) {
		x->cqe = *cqe;
		x->done = true;
		return 1;
	}
	if (!q->trk)
		return 0;
	return nvmet_trk_end(q->trk, cqe->cid, cqe, NVMET_CPL_DONE, nvmet_now_ns());
}

static int on_pdu(struct tcp_queue *q)
{
	uint8_t hdr[sizeof(struct nvmet_tcp_rsp)];
	const struct nvmet_tcp_hdr *h = (const void *)hdr;
	const struct nvmet_tcp_data *d = (const void *)hdr;
	const struct nvmet_tcp_term *t = (const void *)hdr;
	struct nvmet_cqe cqe;

	/* The parser is free again before anything here can poll. */
	memcpy(hdr, q->rx.hdr, sizeof(hdr));
	if (h->type == NVMET_TCP_C2H_DATA && q->rx.ddgst_bad) {
		tcp_rx_next(&q->rx);
		tcp_queue_failed(q, -EIO, "data digest error in C2HData of command %u", d->cid);
		return 0;
	}
	tcp_rx_next(&q->rx);
	switch (h->type) {
	case NVMET_TCP_RSP:
		memcpy(&cqe, &((const struct nvmet_tcp_rsp *)(const void *)hdr)->cqe, sizeof(cqe));
		return complete(q, &cqe);
	case NVMET_TCP_R2T:
		on_r2t(q, (const void *)hdr);
		return 0;
	case NVMET_TCP_C2H_DATA:
		if (!(h->flags & NVMET_TCP_F_DATA_SUCCESS))
			return 0;
		/* SUCCESS stands for a CapsuleResp with status 0. */
		memset(&cqe, 0, sizeof(cqe));
		cqe.cid = d->cid;
		cqe.sqid = q->qid;
		return complete(q, &cqe);
	case NVMET_TCP_C2H_TERM:
		tcp_queue_failed(q, -ECONNRESET, "the target ended the connection: %s (FEI %u)",
				 fes_name(t->fes), t->fei);
		return 0;
	default:
		range_error(q, NVMET_TCP_FES_INVALID_HDR, 0);
		return 0;
	}
}

/* Parse what @q->in holds; returns the completions. */
static int parse(struct tcp_queue *q)
{
	int done = 0;

	while (!q->err && q->in_pos < q->in_len) {
		long n = tcp_rx_feed(&q->rx, &q->p, q->in + q->in_pos, q->in_len - q->in_pos);

		if (n < 0) {
			protocol_error(q, &q->rx.err);
			break;
		}
		q->in_pos += (uint32_t)n;
		if (q->rx.event == TCP_RX_HEADER && q->rx.hdr[0] == NVMET_TCP_C2H_DATA)
			on_c2h_header(q, (const void *)q->rx.hdr);
		else if (q->rx.event == TCP_RX_PDU)
			done += on_pdu(q);
	}
	return done;
}

/* One recv() into what the parser has not taken; 1 when it brought data. */
static int receive(struct tcp_queue *q)
{
	ssize_t n;

	if (q->in_pos == q->in_len)
		q->in_pos = q->in_len = 0;
	if (q->in_len == IN_BYTES)
		return 0;
	do
		n = recv(q->fd, q->in + q->in_len, IN_BYTES - q->in_len, MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n > 0) {
		q->recvs++;
		capture(q, false, q->in + q->in_len, (size_t)n);
		q->in_len += (uint32_t)n;
		return 1;
	}
	if (!n)
		tcp_queue_failed(q, -ECONNRESET, "the target closed the connection");
	else if (errno != EAGAIN)
		tcp_queue_failed(q, -errno, "recv: %s", strerror(errno));
	return q->err;
}

int tcp_queue_poll(struct tcp_queue *q)
{
	int done, ret;

	if (q->err)
		return queue_err(q);
	ret = receive(q);
	if (!ret && q->trk && nvmet_trk_outstanding(q->trk) && ++q->idle >= SPIN_POLLS &&
	    !wait_fd(q, POLLIN, 1))
		ret = receive(q);
	if (ret <= 0)
		return ret;
	q->idle = 0;
	q->corked = true;
	done = parse(q);
	q->corked = false;
	ret = tcp_queue_flush(q);
	return ret ? ret : done;
}

int tcp_queue_own_cmd(struct tcp_queue *q, unsigned int own, struct nvmet_sqe *sqe, void *data,
		      uint32_t len, bool to_dev, struct nvmet_cqe *cqe)
{
	uint16_t cid = (uint16_t)(q->ncid + own);
	uint64_t end = nvmet_now_ns() + (uint64_t)q->timeout_ms * 1000000ull;
	struct tcp_xfer *x = &q->xfer[cid];
	int ret;

	sqe->cid = cid;
	x->done = false;
	ret = tcp_queue_send_cmd(q, sqe, data, len, to_dev);
	while (!ret && !x->done) {
		uint64_t now = nvmet_now_ns();

		if (now >= end) {
			/* Its data goes nowhere if it comes; the CID stays taken until then. */
			x->va = NULL;
			nvmet_set_error("tcp: queue %u: no answer in %u ms", q->qid, q->timeout_ms);
			return -ETIMEDOUT;
		}
		ret = wait_fd(q, POLLIN, (int)((end - now + 999999) / 1000000));
		if (ret == -ETIMEDOUT)
			ret = 0;
		if (!ret)
			ret = tcp_queue_poll(q);
		if (ret > 0)
			ret = 0;
	}
	if (ret)
		return ret;
	*cqe = x->cqe;
	return 0;
}

/* TCP, nonblocking, connected within the timeout. */
static int dial(struct tcp_queue *q, const struct tcp_addr *a)
{
	int one = 1, ret, err = 0;
	socklen_t len = sizeof(err);

	q->fd = socket(a->ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_TCP);
	if (q->fd < 0)
		return -errno;
	/* Capsules are small and each waits for its answer: no Nagle delay. */
	setsockopt(q->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (!connect(q->fd, (const struct sockaddr *)&a->ss, a->sslen))
		return 0;
	if (errno != EINPROGRESS)
		return -errno;
	ret = wait_fd(q, POLLOUT, (int)q->timeout_ms);
	if (!ret && getsockopt(q->fd, SOL_SOCKET, SO_ERROR, &err, &len))
		ret = -errno;
	return ret ? ret : -err;
}

/* ICReq, then the ICResp: what the connection will use. */
static int initialize(struct tcp_queue *q, const struct tcp_addr *a)
{
	uint8_t req[sizeof(struct nvmet_tcp_icreq)];
	const struct nvmet_tcp_icresp *ic = (const void *)q->rx.hdr;
	uint8_t want = (uint8_t)((a->hdgst ? NVMET_TCP_DIGEST_HDR : 0) |
				 (a->ddgst ? NVMET_TCP_DIGEST_DATA : 0));
	uint64_t end = nvmet_now_ns() + (uint64_t)q->timeout_ms * 1000000ull;
	int ret;

	/* HPDA 0: data anywhere; MAXR2T 0: one R2T outstanding per command. */
	ret = send_pdu(q, req, tcp_pdu_icreq(req, 0, want, 0), NULL, 0);
	while (!ret && q->rx.event != TCP_RX_PDU) {
		uint64_t now = nvmet_now_ns();

		if (now >= end) {
			nvmet_set_error("tcp: %s: no ICResp in %u ms", a->name, q->timeout_ms);
			return -ETIMEDOUT;
		}
		ret = wait_fd(q, POLLIN, (int)((end - now + 999999) / 1000000));
		if (ret == -ETIMEDOUT)
			ret = 0;
		if (!ret && receive(q) > 0 && q->in_pos < q->in_len) {
			long n = tcp_rx_feed(&q->rx, &q->p, q->in + q->in_pos,
					     q->in_len - q->in_pos);

			if (n < 0)
				protocol_error(q, &q->rx.err);
			else
				q->in_pos += (uint32_t)n;
		}
		if (q->err)
			return queue_err(q);
	}
	if (ret)
		return ret;
	if (ic->hdr.type != NVMET_TCP_ICRESP) {
		tcp_queue_failed(q, -EPROTO, "the target answered ICReq with PDU type %u",
				 ic->hdr.type);
		return q->err;
	}
	if (ic->digest != want) {
		tcp_queue_failed(q, ic->digest & ~want ? -EPROTO : -EOPNOTSUPP,
				 "digests asked %#x (1 header, 2 data), the target enables %#x",
				 want, ic->digest);
		return q->err;
	}
	q->p.hdgst = ic->digest & NVMET_TCP_DIGEST_HDR;
	q->p.ddgst = ic->digest & NVMET_TCP_DIGEST_DATA;
	q->p.tx_pda = ic->cpda;
	q->p.max_h2c = ic->maxh2cdata;
	tcp_rx_next(&q->rx);
	return 0;
}

int tcp_queue_open(struct tcp_queue *q, const struct tcp_addr *a, uint16_t qid, uint16_t ncid,
		   uint32_t timeout_ms, struct nvmet_pcap *pc)
{
	socklen_t len = sizeof(q->self);
	int ret;

	memset(q, 0, sizeof(*q));
	q->fd = -1;
	q->qid = qid;
	q->ncid = ncid;
	q->timeout_ms = timeout_ms;
	/* Host side: H2C PDUs out; C2HData bounded by its command's length, checked per PDU. */
	q->p.max_c2h = UINT32_MAX;
	q->xfer = calloc((size_t)ncid + TCP_OWN_CIDS, sizeof(*q->xfer));
	q->in = malloc(IN_BYTES);
	q->out = malloc(OUT_BYTES);
	if (!q->xfer || !q->in || !q->out || tcp_rx_init(&q->rx, RX_BYTES))
		return -ENOMEM;
	ret = dial(q, a);
	if (ret) {
		nvmet_set_error("tcp: %s: %s", a->name, strerror(-ret));
		return ret;
	}
	/* The capture shows the connection from its handshake, at the real ports. */
	if (pc && !getsockname(q->fd, (struct sockaddr *)&q->self, &len)) {
		q->pc = pc;
		memcpy(&q->peer, &a->ss, a->sslen);
		nvmet_pcap_tcp_bytes(pc, nvmet_now_ns(), (const struct sockaddr *)&q->self,
				     (const struct sockaddr *)&q->peer, true, NULL, 0);
	}
	return initialize(q, a);
}

void tcp_queue_close(struct tcp_queue *q)
{
	close_fd(q);
	tcp_rx_fini(&q->rx);
	free(q->xfer);
	free(q->in);
	free(q->out);
	free(q->scratch);
	q->xfer = NULL;
	q->in = q->out = q->scratch = NULL;
}
