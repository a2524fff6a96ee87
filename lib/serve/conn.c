// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * conn.c - a connection's bytes: read as much as the socket has (unless
 * the peer is behind on what is sent to it), parsed into PDUs with the
 * codec (a malformed one ends the connection with a TermReq), each through
 * the tcp:pdu:recv tap; PDUs to send queued whole (header, data, digests)
 * through the tcp:pdu:send tap and sent with one sendmsg per loop round; a
 * peer that takes nothing for too long, or vanishes, is cleaned up. The
 * bytes themselves, as read and as the socket took them, go through the
 * tcp:stream:recv and tcp:stream:send taps (a capture of the wire).
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "serve_priv.h"

#define SRV_READS_PER_ROUND	4
#define SRV_IOV			64

int srv_conn_accept(struct nvmet_serve *s, int fd, const struct sockaddr *sa, socklen_t sl,
		    const char *peer)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct srv_conn *c = calloc(1, sizeof(*c));
	socklen_t len = sizeof(c->ctrl_sa);
	int one = 1;

	if (!c)
		return -ENOMEM;
	c->s = s;
	c->fd = fd;
	snprintf(c->peer, sizeof(c->peer), "%s", peer);
	memcpy(&c->host_sa, sa, sl < sizeof(c->host_sa) ? sl : sizeof(c->host_sa));
	if (getsockname(fd, (struct sockaddr *)&c->ctrl_sa, &len))
		c->ctrl_sa.ss_family = AF_UNSPEC;
	c->prm.controller = true;
	c->prm.max_h2c = SRV_MAXH2CDATA;
	c->prm.max_icdata = SRV_ICDATA_MAX;
	c->in = malloc(SRV_IN_BUF);
	if (!c->in || tcp_rx_init(&c->rx, SRV_ICDATA_MAX)) {
		free(c->in);
		free(c);
		return -ENOMEM;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	ev.data.ptr = c;
	if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev)) {
		tcp_rx_fini(&c->rx);
		free(c->in);
		free(c);
		return -errno;
	}
	c->next = s->conns;
	s->conns = c;
	srv_log(s, "%s: connected", c->peer);
	return 0;
}

static void set_out(struct srv_conn *c, bool on)
{
	struct epoll_event ev = { .events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c };

	if (c->want_out == on)
		return;
	c->want_out = on;
	epoll_ctl(c->s->epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

/* @len bytes at @buf the connection carried, or its end (NULL), to the stream taps. */
static void stream_tap(struct srv_conn *c, enum nvmet_emu_tap tap, const void *buf, size_t len)
{
	struct nvmet_emu_event ev = {
		.data = (uint8_t *)buf, .data_len = (uint32_t)len, .qid = c->qid, .sqid = c->qid,
		.host = (const struct sockaddr *)&c->host_sa,
		.ctrl = (const struct sockaddr *)&c->ctrl_sa,
	};

	if (emu_tap_on(c->s->emu, tap))
		emu_tap_run(c->s->emu, tap, &ev);
}

/* ---- sending ---------------------------------------------------------------- */

static void flip(uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	v = ~v;
	memcpy(p, &v, sizeof(v));
}

void srv_send(struct srv_conn *c, const void *pre, size_t prelen, const void *data, uint32_t dlen)
{
	struct nvmet_serve *s = c->s;
	size_t dd = c->prm.ddgst && dlen ? NVMET_TCP_DIGEST_LEN : 0;
	struct srv_txb *b = malloc(sizeof(*b) + prelen + dlen + dd);
	struct nvmet_tcp_hdr *h;
	uint32_t corrupt = 0;

	if (!b) {
		c->dead = true;	/* nothing sensible to send any more */
		return;
	}
	b->next = NULL;
	b->len = prelen + dlen + dd;
	b->off = 0;
	b->due_ns = 0;
	memcpy(b->buf, pre, prelen);
	if (dlen)
		memcpy(b->buf + prelen, data, dlen);
	h = (struct nvmet_tcp_hdr *)b->buf;
	if (emu_tap_on(s->emu, NVMET_EMU_TAP_PDU_SEND)) {
		struct nvmet_emu_event ev = {
			.pdu = b->buf, .pdu_len = (uint32_t)prelen,
			.data = dlen ? b->buf + prelen : NULL, .data_len = dlen,
			.qid = c->qid, .sqid = c->qid,
		};
		int v = emu_tap_run(s->emu, NVMET_EMU_TAP_PDU_SEND, &ev);

		if (v == NVMET_EMU_DROP || v == NVMET_EMU_HANDLED) {
			free(b);
			return;
		}
		if (v == NVMET_EMU_DELAY)
			b->due_ns = nvmet_now_ns() + ev.delay_ns;
		corrupt = ev.corrupt;
		/* What the callbacks changed goes out with digests that match it ... */
		if ((size_t)h->hlen + NVMET_TCP_DIGEST_LEN <= prelen)
			tcp_pdu_hdgst_put(b->buf);
	}
	if (dd) {
		uint32_t crc = tcp_ddgst(b->buf + prelen, dlen);

		memcpy(b->buf + prelen + dlen, &crc, sizeof(crc));
	}
	/* ... unless they asked for bad ones. */
	if ((corrupt & NVMET_EMU_BAD_HDGST) && (h->flags & NVMET_TCP_F_HDGST) &&
	    (size_t)h->hlen + NVMET_TCP_DIGEST_LEN <= prelen)
		flip(b->buf + h->hlen);
	if ((corrupt & NVMET_EMU_BAD_DDGST) && dd)
		flip(b->buf + prelen + dlen);
	if (!c->tx_head) {
		c->tx_head = b;
		c->tx_progress_ns = nvmet_now_ns();
	} else {
		c->tx_tail->next = b;
	}
	c->tx_tail = b;
	c->tx_bytes += b->len;
}

void srv_conn_flush(struct srv_conn *c)
{
	struct iovec iov[SRV_IOV];
	struct msghdr msg = { .msg_iov = iov };
	uint64_t now = nvmet_now_ns();
	struct srv_txb *b;
	size_t sent = 0;
	ssize_t r;
	int n = 0;

	for (b = c->tx_head; b && n < SRV_IOV && b->due_ns <= now; b = b->next) {
		iov[n].iov_base = b->buf + b->off;
		iov[n].iov_len = b->len - b->off;
		n++;
	}
	if (!n) {
		set_out(c, false);
		return;
	}
	msg.msg_iovlen = (size_t)n;
	r = sendmsg(c->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (r < 0) {
		if (errno == EAGAIN || errno == EINTR) {
			set_out(c, true);
			return;
		}
		srv_log(c->s, "%s: queue %u: send: %s: closing", c->peer, c->qid, strerror(errno));
		c->dead = true;
		return;
	}
	if (r > 0)
		c->tx_progress_ns = now;
	/* What the socket took, as it went: whole PDUs, and the start of one cut short. */
	for (n = 0; emu_tap_on(c->s->emu, NVMET_EMU_TAP_STREAM_SEND) && r > 0 &&
		    sent < (size_t)r; n++) {
		size_t take = iov[n].iov_len < (size_t)r - sent ? iov[n].iov_len : (size_t)r - sent;

		if (take)
			stream_tap(c, NVMET_EMU_TAP_STREAM_SEND, iov[n].iov_base, take);
		sent += take;
	}
	while (r > 0) {
		size_t take;

		b = c->tx_head;
		take = b->len - b->off < (size_t)r ? b->len - b->off : (size_t)r;
		b->off += take;
		r -= (ssize_t)take;
		c->tx_bytes -= take;
		if (b->off == b->len) {
			c->tx_head = b->next;
			if (!c->tx_head)
				c->tx_tail = NULL;
			free(b);
		}
	}
	set_out(c, c->tx_head && c->tx_head->due_ns <= now);
}

/* ---- receiving -------------------------------------------------------------- */

void srv_conn_fatal(struct srv_conn *c, uint16_t fes, uint32_t fei, const char *why)
{
	uint8_t term[sizeof(struct nvmet_tcp_term) + NVMET_TCP_TERM_MAX_DATA];
	const struct nvmet_tcp_hdr *h = (const void *)c->rx.hdr;
	size_t have = c->rx.pos < sizeof(*h) ? c->rx.pos : (h->hlen < c->rx.pos ? h->hlen : c->rx.pos);

	srv_log(c->s, "%s: queue %u: protocol error: %s (FES %u, FEI %u): TermReq sent, closing",
		c->peer, c->qid, why, fes, fei);
	srv_send(c, term, tcp_pdu_term(term, NVMET_TCP_C2H_TERM, fes, fei, c->rx.hdr, have),
		 NULL, 0);
	c->drain = true;
}

static const char *fes_name(uint16_t fes)
{
	switch (fes) {
	case NVMET_TCP_FES_INVALID_HDR: return "invalid PDU header field";
	case NVMET_TCP_FES_SEQUENCE: return "PDU sequence error";
	case NVMET_TCP_FES_HDGST: return "header digest error";
	case NVMET_TCP_FES_DATA_RANGE: return "data transfer out of range";
	case NVMET_TCP_FES_DATA_LIMIT: return "data transfer limit exceeded";
	default: return "unsupported parameter";
	}
}

/* A whole PDU is in: the receive tap, then what it asks for. */
static void pdu_in(struct srv_conn *c)
{
	struct nvmet_serve *s = c->s;
	uint8_t *data = c->rx.data_len ? c->rx.dst : NULL;

	if (emu_tap_on(s->emu, NVMET_EMU_TAP_PDU_RECV)) {
		struct nvmet_emu_event ev = {
			.pdu = c->rx.hdr, .pdu_len = c->rx.hdr_len,
			.data = data, .data_len = c->rx.data_len,
			.qid = c->qid, .sqid = c->qid,
		};
		int v = emu_tap_run(s->emu, NVMET_EMU_TAP_PDU_RECV, &ev);

		if (v == NVMET_EMU_DROP || v == NVMET_EMU_HANDLED)
			return;
		if (v == NVMET_EMU_DELAY) {
			struct srv_held *h = calloc(1, sizeof(*h));

			if (!h || (c->rx.data_len && !(h->data = malloc(c->rx.data_len)))) {
				free(h);
				c->dead = true;
				return;
			}
			h->due_ns = nvmet_now_ns() + ev.delay_ns;
			memcpy(h->hdr, c->rx.hdr, sizeof(h->hdr));
			if (c->rx.data_len)
				memcpy(h->data, data, c->rx.data_len);
			h->data_len = c->rx.data_len;
			c->held = h;
			return;
		}
	}
	srv_pdu(c, c->rx.hdr, data, c->rx.data_len, c->rx.ddgst_bad);
}

/* Act on the bytes read and not parsed yet, until they run out or something stops it. */
static void parse_input(struct srv_conn *c)
{
	while (c->in_off < c->in_len && !c->held && !c->dead && !c->drain) {
		long r = tcp_rx_feed(&c->rx, &c->prm, c->in + c->in_off, c->in_len - c->in_off);

		if (r < 0) {
			srv_conn_fatal(c, c->rx.err.fes, c->rx.err.fei, fes_name(c->rx.err.fes));
			return;
		}
		c->in_off += (size_t)r;
		if (c->rx.event == TCP_RX_HEADER &&
		    c->rx.hdr[0] == NVMET_TCP_H2C_DATA &&
		    !srv_h2c_dest(c, (const void *)c->rx.hdr, &c->rx.dst))
			return;
		if (c->rx.event == TCP_RX_PDU) {
			pdu_in(c);
			tcp_rx_next(&c->rx);
		}
	}
}

void srv_conn_input(struct srv_conn *c)
{
	unsigned int reads = 0;

	while (!c->dead && !c->drain && !c->held && reads < SRV_READS_PER_ROUND &&
	       c->tx_bytes < SRV_TX_PAUSE) {
		if (c->in_off == c->in_len) {
			ssize_t n = read(c->fd, c->in, SRV_IN_BUF);

			if (n == 0) {
				srv_log(c->s, "%s: queue %u: disconnected%s", c->peer, c->qid,
					c->rx.pos ? " in the middle of a PDU" : "");
				c->dead = true;
				return;
			}
			if (n < 0) {
				if (errno != EAGAIN && errno != EINTR) {
					srv_log(c->s, "%s: queue %u: read: %s: closing", c->peer,
						c->qid, strerror(errno));
					c->dead = true;
				}
				return;
			}
			c->in_off = 0;
			c->in_len = (size_t)n;
			reads++;
			stream_tap(c, NVMET_EMU_TAP_STREAM_RECV, c->in, (size_t)n);
			if (c->s->follow_cpu && c->qid)
				srv_follow_cpu(c);
		}
		parse_input(c);
	}
}

uint64_t srv_conn_timers(struct srv_conn *c, uint64_t now)
{
	uint64_t next = 0;

	if (c->dead)
		return 0;
	if (c->held && c->held->due_ns <= now) {
		struct srv_held *h = c->held;

		c->held = NULL;
		srv_pdu(c, h->hdr, h->data, h->data_len, false);
		free(h->data);
		free(h);
		parse_input(c);
	}
	if (c->held)
		next = c->held->due_ns;
	if (c->tx_head && c->tx_head->due_ns > now && (!next || c->tx_head->due_ns < next))
		next = c->tx_head->due_ns;
	if (c->tx_head && c->tx_head->due_ns <= now && now > c->tx_progress_ns &&
	    now - c->tx_progress_ns > c->s->stall_ns) {
		srv_log(c->s, "%s: queue %u: the host took nothing of %zu bytes for %llu ms: closing",
			c->peer, c->qid, c->tx_bytes,
			(unsigned long long)((now - c->tx_progress_ns) / 1000000));
		c->dead = true;
	}
	return next;
}

void srv_conn_close(struct srv_conn *c)
{
	struct nvmet_serve *s = c->s;
	unsigned int i;

	epoll_ctl(s->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	stream_tap(c, NVMET_EMU_TAP_STREAM_RECV, NULL, 0);
	if (c->assoc && c->qid == 0) {
		srv_assoc_end(s, c->assoc, "its admin queue closed");
	} else if (c->assoc) {
		c->assoc->q[c->qid] = NULL;
		if (c->assoc == s->io)
			emu_core_sq_deleted(s->emu, c->qid);
	}
	for (i = 0; c->cmds && i < c->sqsize; i++)
		srv_cmd_free(&c->cmds[i]);
	free(c->cmds);
	while (c->tx_head) {
		struct srv_txb *b = c->tx_head;

		c->tx_head = b->next;
		free(b);
	}
	if (c->held)
		free(c->held->data);
	free(c->held);
	tcp_rx_fini(&c->rx);
	free(c->in);
	free(c);
}
