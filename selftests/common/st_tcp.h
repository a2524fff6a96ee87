/* SPDX-License-Identifier: GPL-2.0 */
/*
 * st_tcp.h - a raw NVMe/TCP host for the tests of `nvmet serve`: the test
 * speaks PDUs itself (built from <nvmet/nvme_tcp.h>, digests with
 * nvmet_crc32c()), so what the target receives is exactly what the test
 * wrote, malformed when the test wants. Functions return 0 or a negative
 * errno: -EPIPE when the target closed the connection, -EAGAIN when it
 * said nothing for the receive timeout, -EBADMSG for a bad digest.
 */
#ifndef ST_TCP_H
#define ST_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <nvmet/nvme_tcp.h>

#define ST_TCP_HOSTNQN	"nqn.2014-08.org.nvmexpress:st-tcp-host"

/**
 * struct st_tcp - a connection to the target
 * @fd: the socket
 * @hdgst: header digests on
 * @ddgst: data digests on
 * @cid: the next command identifier
 * @maxh2c: MAXH2CDATA from the ICResp
 * @term: the last C2HTermReq received (its header)
 * @got_term: one was received
 */
struct st_tcp {
	int fd;
	bool hdgst;
	bool ddgst;
	uint16_t cid;
	uint32_t maxh2c;
	struct nvmet_tcp_term term;
	bool got_term;
};

/* A connection to 127.0.0.1:@port; replies waited for at most @timeout_ms. */
int st_tcp_dial(struct st_tcp *t, int port, unsigned int timeout_ms);
void st_tcp_close(struct st_tcp *t);
int st_tcp_send_raw(struct st_tcp *t, const void *buf, size_t len);
/*
 * A PDU of @type with the type's fields @fields (the header's bytes after
 * the common header, @hlen - 8 of them) and @dlen bytes of @data; the
 * common header, digests and PDO as negotiated.
 */
int st_tcp_send_pdu(struct st_tcp *t, uint8_t type, uint8_t flags, const void *fields,
		    uint8_t hlen, const void *data, uint32_t dlen);
/* The same PDU written into @buf (@cap bytes): its length, 0 when it does not fit. */
size_t st_tcp_pdu_build(const struct st_tcp *t, uint8_t *buf, size_t cap, uint8_t type,
			uint8_t flags, const void *fields, uint8_t hlen, const void *data,
			uint32_t dlen);
/*
 * The next PDU: its header (and header digest) into @hdr (@hcap bytes, at
 * least 160), its data into @data (@dcap bytes) and its length into
 * @dlen. Returns its type.
 */
int st_tcp_recv_pdu(struct st_tcp *t, uint8_t *hdr, size_t hcap, void *data, size_t dcap,
		    uint32_t *dlen);
/* Whether the target closed the connection (within the receive timeout): 1, 0, or -errno. */
int st_tcp_closed(struct st_tcp *t);
/* ICReq and ICResp, asking for the digests given. */
int st_tcp_icreq(struct st_tcp *t, bool hdgst, bool ddgst);
/*
 * Run @sqe (its CID and data pointer filled here) to its completion: @wlen
 * bytes of @wdata written, in the capsule when @incapsule, else after the
 * target's R2T; @rlen bytes read into @rdata from C2HData.
 */
int st_tcp_cmd(struct st_tcp *t, struct nvmet_sqe *sqe, const void *wdata, uint32_t wlen,
	       bool incapsule, void *rdata, uint32_t rlen, struct nvmet_cqe *cqe);
/* A Connect's entry and data. */
void st_tcp_sqe_connect(struct nvmet_sqe *sqe, struct nvmet_connect_data *cd, uint16_t qid,
			uint16_t sqsize, uint32_t kato_ms, uint16_t cntlid, const char *subnqn);
/* A Property Get (@set false) or Set. */
void st_tcp_sqe_prop(struct nvmet_sqe *sqe, bool set, uint32_t off, unsigned int width,
		     uint64_t v);
int st_tcp_connect(struct st_tcp *t, uint16_t qid, uint16_t sqsize, uint32_t kato_ms,
		   uint16_t cntlid, const char *subnqn, struct nvmet_cqe *cqe);
int st_tcp_prop_get(struct st_tcp *t, uint32_t off, unsigned int width, uint64_t *v);
int st_tcp_prop_set(struct st_tcp *t, uint32_t off, uint32_t v);
/* CC.EN set (4 KiB pages, 64/16-byte entries) and CSTS.RDY seen. */
int st_tcp_enable(struct st_tcp *t);
/* Dial, ICReq, admin Connect to @nqn with @kato_ms, enable: the controller ID in @cntlid. */
int st_tcp_admin_up(struct st_tcp *t, int port, const char *nqn, bool digests, uint32_t kato_ms,
		    uint16_t *cntlid);

#endif /* ST_TCP_H */
