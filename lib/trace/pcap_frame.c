// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pcap_frame.c - Ethernet/IPv4 or IPv6/TCP frames, with sequence numbers
 * that let Wireshark reassemble the PDUs they carry: for real connections
 * (pcap_stream.c) between their own addresses, and for the synthesized
 * network between a host (10.0.0.1) and a controller (10.0.0.2, port
 * 4420), one TCP connection per queue plus one for register accesses,
 * each opened with a handshake, ICReq/ICResp and a Fabrics Connect naming
 * its queue.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pcap_priv.h"

#define ETH_HLEN	14
#define IP_HLEN		20
#define IP6_HLEN	40
#define TCP_HLEN	20
#define HDRS_MAX	(ETH_HLEN + IP6_HLEN + TCP_HLEN)

#define TCP_FIN		0x01
#define TCP_SYN		0x02
#define TCP_PSH		0x08
#define TCP_ACK		0x10

#define HOST_ISN	1000u
#define CTRL_ISN	500000u

static const uint8_t host_mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t ctrl_mac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
static const uint8_t host_ip[4] = { 10, 0, 0, 1 };
static const uint8_t ctrl_ip[4] = { 10, 0, 0, 2 };

static void be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void be32(uint8_t *p, uint32_t v)
{
	be16(p, (uint16_t)(v >> 16));
	be16(p + 2, (uint16_t)v);
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* The IP header of a segment of @tcp_len bytes; its length. */
static size_t put_ip(struct nvmet_pcap *pc, uint8_t *ip, const struct pcap_conn *c, bool to_ctrl,
		     size_t tcp_len)
{
	const uint8_t *src = to_ctrl ? c->host_ip : c->ctrl_ip;
	const uint8_t *dst = to_ctrl ? c->ctrl_ip : c->host_ip;

	if (c->v6) {
		memset(ip, 0, IP6_HLEN);
		ip[0] = 0x60;
		be16(ip + 4, (uint16_t)tcp_len);
		ip[6] = 6;	/* TCP */
		ip[7] = 64;
		memcpy(ip + 8, src, 16);
		memcpy(ip + 24, dst, 16);
		return IP6_HLEN;
	}
	memset(ip, 0, IP_HLEN);
	ip[0] = 0x45;
	be16(ip + 2, (uint16_t)(IP_HLEN + tcp_len));
	be16(ip + 4, pc->ip_id++);
	be16(ip + 6, 0x4000);	/* don't fragment */
	ip[8] = 64;
	ip[9] = 6;		/* TCP */
	memcpy(ip + 12, src, 4);
	memcpy(ip + 16, dst, 4);
	be16(ip + 10, csum_fold(csum_add(0, ip, IP_HLEN)));
	return IP_HLEN;
}

/* The sum of the pseudo header TCP's checksum covers. */
static uint32_t pseudo_sum(const struct pcap_conn *c, bool to_ctrl, size_t tcp_len)
{
	size_t alen = c->v6 ? 16 : 4;
	uint8_t tail[8] = { 0 };
	uint32_t sum;

	sum = csum_add(0, to_ctrl ? c->host_ip : c->ctrl_ip, alen);
	sum = csum_add(sum, to_ctrl ? c->ctrl_ip : c->host_ip, alen);
	be32(tail, (uint32_t)tcp_len);
	tail[7] = 6;
	return csum_add(sum, tail, sizeof(tail));
}

static void put_tcp(uint8_t *tcp, const struct pcap_conn *c, bool to_ctrl, uint8_t flags,
		    const void *payload, size_t len)
{
	uint32_t sum;

	memset(tcp, 0, TCP_HLEN);
	be16(tcp, to_ctrl ? c->host_port : c->ctrl_port);
	be16(tcp + 2, to_ctrl ? c->ctrl_port : c->host_port);
	be32(tcp + 4, to_ctrl ? c->host_seq : c->ctrl_seq);
	be32(tcp + 8, flags & TCP_ACK ? (to_ctrl ? c->ctrl_seq : c->host_seq) : 0);
	tcp[12] = (TCP_HLEN / 4) << 4;
	tcp[13] = flags;
	be16(tcp + 14, 65535);
	sum = pseudo_sum(c, to_ctrl, TCP_HLEN + len);
	sum = csum_add(sum, tcp, TCP_HLEN);
	sum = csum_add(sum, payload, len);
	be16(tcp + 16, csum_fold(sum));
}

static int send_segment(struct nvmet_pcap *pc, struct pcap_conn *c, uint64_t ts_ns,
			bool to_ctrl, uint8_t flags, const void *payload, size_t len,
			const char *comment)
{
	uint8_t hdrs[HDRS_MAX];
	uint32_t *seq = to_ctrl ? &c->host_seq : &c->ctrl_seq;
	size_t hlen;
	int ret;

	if (len > PCAP_SEG_MAX)
		return -EMSGSIZE;
	memcpy(hdrs, to_ctrl ? ctrl_mac : host_mac, 6);
	memcpy(hdrs + 6, to_ctrl ? host_mac : ctrl_mac, 6);
	be16(hdrs + 12, c->v6 ? 0x86dd : 0x0800);
	hlen = ETH_HLEN + put_ip(pc, hdrs + ETH_HLEN, c, to_ctrl, TCP_HLEN + len);
	put_tcp(hdrs + hlen, c, to_ctrl, flags, payload, len);
	hlen += TCP_HLEN;
	ret = pcap_write_packet(pc, PCAP_IF_ETH, ts_ns, hdrs, hlen, payload, len, comment);
	*seq += (uint32_t)len + (flags & (TCP_SYN | TCP_FIN) ? 1 : 0);
	return ret;
}

int pcap_tcp_send(struct nvmet_pcap *pc, struct pcap_conn *c, uint64_t ts_ns, bool to_ctrl,
		  const void *pdu, size_t len, const char *comment)
{
	const uint8_t *p = pdu;
	size_t n;
	int ret;

	do {
		n = len < PCAP_SEG_MAX ? len : PCAP_SEG_MAX;
		ret = send_segment(pc, c, ts_ns, to_ctrl, TCP_PSH | TCP_ACK, p, n, comment);
		p += n;
		len -= n;
		comment = NULL;
	} while (!ret && len);
	return ret;
}

int pcap_tcp_handshake(struct nvmet_pcap *pc, struct pcap_conn *c, uint64_t ts_ns)
{
	/* Each its own ISNs: a connection again between the same ports is no retransmission. */
	uint32_t isn = pc->handshakes++ * 0x9e3779b9u;

	c->host_seq = HOST_ISN + isn;
	c->ctrl_seq = CTRL_ISN + isn;
	if (send_segment(pc, c, ts_ns, true, TCP_SYN, NULL, 0, NULL) ||
	    send_segment(pc, c, ts_ns, false, TCP_SYN | TCP_ACK, NULL, 0, NULL))
		return pc->err;
	return send_segment(pc, c, ts_ns, true, TCP_ACK, NULL, 0, NULL);
}

int pcap_tcp_fin(struct nvmet_pcap *pc, struct pcap_conn *c, uint64_t ts_ns)
{
	if (send_segment(pc, c, ts_ns, true, TCP_FIN | TCP_ACK, NULL, 0, NULL) ||
	    send_segment(pc, c, ts_ns, false, TCP_FIN | TCP_ACK, NULL, 0, NULL))
		return pc->err;
	return send_segment(pc, c, ts_ns, true, TCP_ACK, NULL, 0, NULL);
}

/* The synthesized network's addresses. */
static void synth_endpoints(struct pcap_conn *c, uint16_t host_port)
{
	c->v6 = false;
	memcpy(c->host_ip, host_ip, sizeof(host_ip));
	memcpy(c->ctrl_ip, ctrl_ip, sizeof(ctrl_ip));
	c->host_port = host_port;
	c->ctrl_port = PCAP_NVME_TCP_PORT;
}

static int connect_queue(struct nvmet_pcap *pc, struct pcap_conn *c, uint64_t ts_ns,
			 const char *what)
{
	static const char hostid[] = "nvmet-host-00001";
	uint8_t pdu[sizeof(struct nvmet_tcp_cmd) + sizeof(struct nvmet_connect_data)];
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe = { .dw0 = 1, .cid = 0 };	/* controller ID 1 */
	char note[PCAP_COMMENT_MAX];
	size_t len;

	snprintf(note, sizeof(note), "Synthesized: the connection of %s", what);
	if (pcap_tcp_send(pc, c, ts_ns, true, pdu, tcp_pdu_icreq(pdu, 0, 0, 0), note) ||
	    pcap_tcp_send(pc, c, ts_ns, false, pdu,
			  tcp_pdu_icresp(pdu, 0, 0, PCAP_MAXH2CDATA), note))
		return pc->err;
	tcp_cmd_connect(&sqe, 0, c->qid, 0, 0);
	len = tcp_pdu_cmd(pdu, &pcap_tcp, &sqe, sizeof(struct nvmet_connect_data));
	/* CNTLID: FFFFh (any controller) for the admin queue, else the one connected */
	tcp_connect_data((struct nvmet_connect_data *)(pdu + len), (const uint8_t *)hostid,
			 c->qid ? 1 : NVMET_CNTLID_DYNAMIC, PCAP_SUBNQN, PCAP_HOSTNQN);
	len += sizeof(struct nvmet_connect_data);
	if (pcap_tcp_send(pc, c, ts_ns, true, pdu, len, note))
		return pc->err;
	return pcap_tcp_send(pc, c, ts_ns, false, pdu, tcp_pdu_rsp(pdu, &pcap_tcp, &cqe), note);
}

static int conn_open(struct nvmet_pcap *pc, struct pcap_conn *c, uint64_t ts_ns,
		     const char *what)
{
	if (pcap_tcp_handshake(pc, c, ts_ns) || connect_queue(pc, c, ts_ns, what))
		return pc->err;
	c->open = true;
	return 0;
}

struct pcap_conn *pcap_queue_conn(struct nvmet_pcap *pc, uint64_t ts_ns, uint16_t qid)
{
	struct pcap_conn *c;
	char what[32];

	if (qid >= pc->nr_queues) {
		c = realloc(pc->queues, (qid + 1u) * sizeof(*c));
		if (!c)
			return NULL;
		memset(c + pc->nr_queues, 0, (qid + 1u - pc->nr_queues) * sizeof(*c));
		pc->queues = c;
		pc->nr_queues = qid + 1u;
	}
	c = &pc->queues[qid];
	if (c->open)
		return c;
	c->qid = qid;
	/* Ports above 65535 wrap; a capture with more than 15000 queues shares ports. */
	synth_endpoints(c, (uint16_t)(PCAP_QUEUE_PORT0 + qid % 15000u));
	snprintf(what, sizeof(what), qid ? "I/O queue %u" : "the admin queue", qid);
	return conn_open(pc, c, ts_ns, what) ? NULL : c;
}

struct pcap_conn *pcap_regs_conn(struct nvmet_pcap *pc, uint64_t ts_ns)
{
	struct pcap_conn *c = &pc->regs;

	if (c->open)
		return c;
	c->qid = 0;
	synth_endpoints(c, PCAP_REGS_PORT);
	return conn_open(pc, c, ts_ns, "register accesses (Property Get/Set)") ? NULL : c;
}
