// SPDX-License-Identifier: GPL-2.0
/*
 * st_tcp.c - the tests' raw NVMe/TCP host (st_tcp.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "st_tcp.h"

int st_tcp_dial(struct st_tcp *t, int port, unsigned int timeout_ms)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	struct timeval tv = { .tv_sec = timeout_ms / 1000, .tv_usec = (timeout_ms % 1000) * 1000 };
	int one = 1;

	memset(t, 0, sizeof(*t));
	t->maxh2c = 4096;
	t->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (t->fd < 0)
		return -errno;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(t->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(t->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(t->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(t->fd, (struct sockaddr *)&sin, sizeof(sin))) {
		int ret = -errno;

		close(t->fd);
		t->fd = -1;
		return ret;
	}
	return 0;
}

void st_tcp_close(struct st_tcp *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}

int st_tcp_send_raw(struct st_tcp *t, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = send(t->fd, p, len, MSG_NOSIGNAL);

		if (n < 0)
			return errno == EWOULDBLOCK ? -EAGAIN : -EPIPE;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int recv_all(struct st_tcp *t, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = recv(t->fd, p, len, 0);

		if (n == 0)
			return -EPIPE;
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? -EAGAIN : -EPIPE;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

size_t st_tcp_pdu_build(const struct st_tcp *t, uint8_t *buf, size_t cap, uint8_t type,
			uint8_t flags, const void *fields, uint8_t hlen, const void *data, uint32_t dlen)
{
	struct nvmet_tcp_hdr *h = (void *)buf;
	bool ic = type == NVMET_TCP_ICREQ || type == NVMET_TCP_H2C_TERM;
	size_t hd = t->hdgst && !ic ? 4 : 0, dd = t->ddgst && dlen && !ic ? 4 : 0;
	size_t pre = hlen + hd;
	uint32_t crc;

	if (pre + dlen + dd > cap)
		return 0;
	memset(buf, 0, pre);
	h->type = type;
	h->flags = flags | (hd ? NVMET_TCP_F_HDGST : 0) | (dd ? NVMET_TCP_F_DDGST : 0);
	h->hlen = hlen;
	h->pdo = dlen && !ic ? (uint8_t)pre : 0;
	h->plen = (uint32_t)(pre + dlen + dd);
	memcpy(buf + 8, fields, hlen - 8u);
	if (hd) {
		crc = nvmet_crc32c(0, buf, hlen);
		memcpy(buf + hlen, &crc, 4);
	}
	if (dlen)
		memcpy(buf + pre, data, dlen);
	if (dd) {
		crc = nvmet_crc32c(0, data, dlen);
		memcpy(buf + pre + dlen, &crc, 4);
	}
	return pre + dlen + dd;
}

int st_tcp_send_pdu(struct st_tcp *t, uint8_t type, uint8_t flags, const void *fields,
		    uint8_t hlen, const void *data, uint32_t dlen)
{
	static uint8_t buf[256 + (1 << 20) + 8];
	size_t len = st_tcp_pdu_build(t, buf, sizeof(buf), type, flags, fields, hlen, data, dlen);

	return len ? st_tcp_send_raw(t, buf, len) : -EMSGSIZE;
}

int st_tcp_recv_pdu(struct st_tcp *t, uint8_t *hdr, size_t hcap, void *data, size_t dcap,
		    uint32_t *dlen)
{
	struct nvmet_tcp_hdr *h = (void *)hdr;
	uint8_t skip[256];
	uint32_t hd, dd, start, n, crc, got;
	int ret = recv_all(t, hdr, sizeof(*h));

	if (ret)
		return ret;
	hd = (h->flags & NVMET_TCP_F_HDGST) ? 4 : 0;
	dd = (h->flags & NVMET_TCP_F_DDGST) ? 4 : 0;
	if (h->hlen < sizeof(*h) || h->hlen + hd > hcap || h->plen < h->hlen + hd)
		return -EBADMSG;
	ret = recv_all(t, hdr + sizeof(*h), h->hlen + hd - sizeof(*h));
	if (ret)
		return ret;
	if (hd) {
		memcpy(&got, hdr + h->hlen, 4);
		if (got != nvmet_crc32c(0, hdr, h->hlen))
			return -EBADMSG;
	}
	start = h->type == NVMET_TCP_C2H_TERM ? h->hlen : (h->pdo ? h->pdo : h->plen);
	if (start < h->hlen + hd || start > h->plen || start - h->hlen - hd > sizeof(skip))
		return -EBADMSG;
	ret = recv_all(t, skip, start - h->hlen - hd);
	if (ret)
		return ret;
	n = h->plen - start - dd;
	if (h->plen < start + dd || n > dcap)
		return -EMSGSIZE;
	ret = recv_all(t, data, n);
	if (!ret && dd) {
		ret = recv_all(t, &got, 4);
		crc = nvmet_crc32c(0, data, n);
		if (!ret && got != crc)
			ret = -EBADMSG;
	}
	if (ret)
		return ret;
	if (dlen)
		*dlen = n;
	if (h->type == NVMET_TCP_C2H_TERM) {
		memcpy(&t->term, hdr, sizeof(t->term));
		t->got_term = true;
	}
	return h->type;
}

int st_tcp_closed(struct st_tcp *t)
{
	static uint8_t data[256 << 10];	/* a C2HData's data is at most 128 KiB */
	uint8_t hdr[256];
	int ret;

	for (;;) {
		ret = st_tcp_recv_pdu(t, hdr, sizeof(hdr), data, sizeof(data), NULL);
		if (ret == -EPIPE)
			return 1;
		if (ret == -EAGAIN)
			return 0;
		if (ret < 0)
			return ret;
	}
}

int st_tcp_icreq(struct st_tcp *t, bool hdgst, bool ddgst)
{
	struct nvmet_tcp_icreq ic;
	struct nvmet_tcp_icresp *r;
	uint8_t hdr[256];
	int ret;

	memset(&ic, 0, sizeof(ic));
	ic.digest = (hdgst ? NVMET_TCP_DIGEST_HDR : 0) | (ddgst ? NVMET_TCP_DIGEST_DATA : 0);
	ret = st_tcp_send_pdu(t, NVMET_TCP_ICREQ, 0, (uint8_t *)&ic + 8, sizeof(ic), NULL, 0);
	if (!ret)
		ret = st_tcp_recv_pdu(t, hdr, sizeof(hdr), NULL, 0, NULL);
	if (ret < 0)
		return ret;
	if (ret != NVMET_TCP_ICRESP)
		return -EPROTO;
	r = (void *)hdr;
	t->hdgst = r->digest & NVMET_TCP_DIGEST_HDR;
	t->ddgst = r->digest & NVMET_TCP_DIGEST_DATA;
	t->maxh2c = r->maxh2cdata;
	return 0;
}

/* Answer an R2T with H2CData PDUs of at most MAXH2CDATA. */
static int answer_r2t(struct st_tcp *t, const struct nvmet_tcp_r2t *r, const uint8_t *wdata,
		      uint32_t wlen)
{
	uint32_t off = r->offset, end = r->offset + r->length;
	int ret = 0;

	if (end > wlen || end < off)
		return -EPROTO;
	while (!ret && off < end) {
		struct nvmet_tcp_data d = { .cid = r->cid, .ttag = r->ttag, .offset = off };

		d.length = end - off < t->maxh2c ? end - off : t->maxh2c;
		ret = st_tcp_send_pdu(t, NVMET_TCP_H2C_DATA,
				      off + d.length == end ? NVMET_TCP_F_DATA_LAST : 0,
				      (uint8_t *)&d + 8, sizeof(d), wdata + off, d.length);
		off += d.length;
	}
	return ret;
}

int st_tcp_cmd(struct st_tcp *t, struct nvmet_sqe *sqe, const void *wdata, uint32_t wlen,
	       bool incapsule, void *rdata, uint32_t rlen, struct nvmet_cqe *cqe)
{
	static uint8_t data[1 << 20];
	uint8_t hdr[256];
	uint32_t dlen;
	int ret;

	sqe->cid = t->cid++;
	sqe->flags = (uint8_t)((sqe->flags & ~NVMET_SQE_PSDT_MASK) | NVMET_SQE_PSDT_SGL);
	memset(&sqe->sgl, 0, sizeof(sqe->sgl));
	sqe->sgl.len = wlen ? wlen : rlen;
	sqe->sgl.id = wlen && incapsule ? NVMET_SGL_INCAPSULE : NVMET_SGL_TCP_DATA;
	ret = st_tcp_send_pdu(t, NVMET_TCP_CMD, 0, sqe, sizeof(struct nvmet_tcp_cmd),
			      incapsule ? wdata : NULL, incapsule ? wlen : 0);
	while (!ret) {
		ret = st_tcp_recv_pdu(t, hdr, sizeof(hdr), data, sizeof(data), &dlen);
		if (ret == NVMET_TCP_R2T) {
			ret = answer_r2t(t, (void *)hdr, wdata, wlen);
		} else if (ret == NVMET_TCP_C2H_DATA) {
			const struct nvmet_tcp_data *d = (void *)hdr;

			if (d->cid != sqe->cid || d->offset + dlen > rlen)
				return -EPROTO;
			memcpy((uint8_t *)rdata + d->offset, data, dlen);
			ret = 0;
			if (d->hdr.flags & NVMET_TCP_F_DATA_SUCCESS) {
				memset(cqe, 0, sizeof(*cqe));
				cqe->cid = sqe->cid;
				return 0;
			}
		} else if (ret == NVMET_TCP_RSP) {
			memcpy(cqe, hdr + 8, sizeof(*cqe));
			return cqe->cid == sqe->cid ? 0 : -EPROTO;
		} else if (ret == NVMET_TCP_C2H_TERM) {
			return -ECONNABORTED;
		} else if (ret >= 0) {
			return -EPROTO;
		}
	}
	return ret;
}

void st_tcp_sqe_connect(struct nvmet_sqe *sqe, struct nvmet_connect_data *cd, uint16_t qid,
			uint16_t sqsize, uint32_t kato_ms, uint16_t cntlid, const char *subnqn)
{
	struct nvmet_fabrics_cmd *f = (void *)sqe;

	memset(sqe, 0, sizeof(*sqe));
	memset(cd, 0, sizeof(*cd));
	f->opc = NVMET_FABRICS_OPC;
	f->fctype = NVMET_FCTYPE_CONNECT;
	f->connect.qid = qid;
	f->connect.sqsize = (uint16_t)(sqsize - 1);
	f->connect.kato = kato_ms;
	memcpy(cd->hostid, "st-tcp-host-id-0", 16);
	cd->cntlid = cntlid;
	strncpy(cd->subnqn, subnqn, sizeof(cd->subnqn) - 1);
	strncpy(cd->hostnqn, ST_TCP_HOSTNQN, sizeof(cd->hostnqn) - 1);
}

void st_tcp_sqe_prop(struct nvmet_sqe *sqe, bool set, uint32_t off, unsigned int width,
		     uint64_t v)
{
	struct nvmet_fabrics_cmd *f = (void *)sqe;

	memset(sqe, 0, sizeof(*sqe));
	f->opc = NVMET_FABRICS_OPC;
	f->fctype = set ? NVMET_FCTYPE_PROP_SET : NVMET_FCTYPE_PROP_GET;
	f->prop.attrib = width == 8 ? NVMET_PROP_SIZE_8 : NVMET_PROP_SIZE_4;
	f->prop.offset = off;
	f->prop.value = set ? v : 0;
}

int st_tcp_connect(struct st_tcp *t, uint16_t qid, uint16_t sqsize, uint32_t kato_ms,
		   uint16_t cntlid, const char *subnqn, struct nvmet_cqe *cqe)
{
	struct nvmet_connect_data cd;
	struct nvmet_sqe sqe;

	st_tcp_sqe_connect(&sqe, &cd, qid, sqsize, kato_ms, cntlid, subnqn);
	return st_tcp_cmd(t, &sqe, &cd, sizeof(cd), true, NULL, 0, cqe);
}

int st_tcp_prop_get(struct st_tcp *t, uint32_t off, unsigned int width, uint64_t *v)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	int ret;

	st_tcp_sqe_prop(&sqe, false, off, width, 0);
	ret = st_tcp_cmd(t, &sqe, NULL, 0, false, NULL, 0, &cqe);
	if (ret)
		return ret;
	*v = cqe.dw0 | (uint64_t)cqe.dw1 << 32;
	return cqe.status ? -EIO : 0;
}

int st_tcp_prop_set(struct st_tcp *t, uint32_t off, uint32_t v)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	int ret;

	st_tcp_sqe_prop(&sqe, true, off, 4, v);
	ret = st_tcp_cmd(t, &sqe, NULL, 0, false, NULL, 0, &cqe);
	return ret ? ret : (cqe.status ? -EIO : 0);
}

int st_tcp_enable(struct st_tcp *t)
{
	uint64_t csts = 0;
	int ret, i;

	ret = st_tcp_prop_set(t, NVMET_REG_CC, NVMET_CC_EN | NVMET_CC_IOSQES(6) |
				NVMET_CC_IOCQES(4));
	for (i = 0; !ret && i < 100; i++) {
		ret = st_tcp_prop_get(t, NVMET_REG_CSTS, 4, &csts);
		if (!ret && (csts & NVMET_CSTS_RDY))
			return 0;
		usleep(1000);
	}
	return ret ? ret : -ETIMEDOUT;
}

int st_tcp_admin_up(struct st_tcp *t, int port, const char *nqn, bool digests, uint32_t kato_ms,
		    uint16_t *cntlid)
{
	struct nvmet_cqe cqe;
	int ret = st_tcp_dial(t, port, 5000);

	if (!ret)
		ret = st_tcp_icreq(t, digests, digests);
	if (!ret)
		ret = st_tcp_connect(t, 0, 32, kato_ms, NVMET_CNTLID_DYNAMIC, nqn, &cqe);
	if (!ret && cqe.status)
		ret = -ECONNREFUSED;
	if (!ret)
		*cntlid = (uint16_t)cqe.dw0;
	if (!ret)
		ret = st_tcp_enable(t);
	return ret;
}
