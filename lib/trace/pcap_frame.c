// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pcap_frame.c - the synthesized network: Ethernet/IPv4/TCP frames between
 * a host (10.0.0.1) and a controller (10.0.0.2, port 4420), one TCP
 * connection per queue plus one for register accesses, each opened with a
 * handshake, ICReq/ICResp and a Fabrics Connect naming its queue, with
 * sequence numbers that let Wireshark reassemble its PDUs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pcap_priv.h"

#define ETH_HLEN	14
#define IP_HLEN		20
#define TCP_HLEN	20
#define HDRS_LEN	(ETH_HLEN + IP_HLEN + TCP_HLEN)

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

static void put_ip(struct nvmet_pcap *pc, uint8_t *ip, bool to_ctrl, size_t tcp_len)
{
	memset(ip, 0, IP_HLEN);
	ip[0] = 0x45;
	be16(ip + 2, (uint16_t)(IP_HLEN + tcp_len));
	be16(ip + 4, pc->ip_id++);
	be16(ip + 6, 0x4000);	/* don't fragment */
	ip[8] = 64;
	ip[9] = 6;		/* TCP */
	memcpy(ip + 12, to_ctrl ? host_ip : ctrl_ip, 4);
	memcpy(ip + 16, to_ctrl ? ctrl_ip : host_ip, 4);
	be16(ip + 10, csum_fold(csum_add(0, ip, IP_HLEN)));
}

static void put_tcp(uint8_t *tcp, const struct pcap_conn *c, bool to_ctrl, uint8_t flags,
		    size_t len)
{
	uint8_t pseudo[12];
	uint32_t sum;

	memset(tcp, 0, TCP_HLEN);
	be16(tcp, to_ctrl ? c->host_port : PCAP_NVME_TCP_PORT);
	be16(tcp + 2, to_ctrl ? PCAP_NVME_TCP_PORT : c->host_port);
	be32(tcp + 4, to_ctrl ? c->host_seq : c->ctrl_seq);
	be32(tcp + 8, flags & TCP_ACK ? (to_ctrl ? c->ctrl_seq : c->host_seq) : 0);
	tcp[12] = (TCP_HLEN / 4) << 4;
	tcp[13] = flags;
	be16(tcp + 14, 65535);
	memcpy(pseudo, to_ctrl ? host_ip : ctrl_ip, 4);
	memcpy(pseudo + 4, to_ctrl ? ctrl_ip : host_ip, 4);
	pseudo[8] = 0;
	pseudo[9] = 6;
	be16(pseudo + 10, (uint16_t)(TCP_HLEN + len));
	sum = csum_add(0, pseudo, sizeof(pseudo));
	sum = csum_add(sum, tcp, TCP_HLEN + len);
	be16(tcp + 16, csum_fold(sum));
}

static int send_segment(struct nvmet_pcap *pc, struct pcap_conn *c, uint64_t ts_ns,
			bool to_ctrl, uint8_t flags, const void *pdu, size_t len,
			const char *comment)
{
	uint8_t frame[PCAP_FRAME_MAX];
	uint32_t *seq = to_ctrl ? &c->host_seq : &c->ctrl_seq;
	int ret;

	if (HDRS_LEN + len > sizeof(frame))
		return -EMSGSIZE;
	memcpy(frame, to_ctrl ? ctrl_mac : host_mac, 6);
	memcpy(frame + 6, to_ctrl ? host_mac : ctrl_mac, 6);
	be16(frame + 12, 0x0800);
	if (len)
		memcpy(frame + HDRS_LEN, pdu, len);
	put_ip(pc, frame + ETH_HLEN, to_ctrl, TCP_HLEN + len);
	put_tcp(frame + ETH_HLEN + IP_HLEN, c, to_ctrl, flags, len);
	ret = pcap_write_packet(pc, PCAP_IF_ETH, ts_ns, frame, HDRS_LEN + len, comment);
	*seq += (uint32_t)len + (flags & TCP_SYN ? 1 : 0);
	return ret;
}

int pcap_tcp_send(struct nvmet_pcap *pc, struct pcap_conn *c, uint64_t ts_ns, bool to_ctrl,
		  const void *pdu, size_t len, const char *comment)
{
	return send_segment(pc, c, ts_ns, to_ctrl, TCP_PSH | TCP_ACK, pdu, len, comment);
}

static int handshake(struct nvmet_pcap *pc, struct pcap_conn *c, uint64_t ts_ns)
{
	c->host_seq = HOST_ISN;
	c->ctrl_seq = CTRL_ISN;
	if (send_segment(pc, c, ts_ns, true, TCP_SYN, NULL, 0, NULL) ||
	    send_segment(pc, c, ts_ns, false, TCP_SYN | TCP_ACK, NULL, 0, NULL))
		return pc->err;
	return send_segment(pc, c, ts_ns, true, TCP_ACK, NULL, 0, NULL);
}

static int connect_queue(struct nvmet_pcap *pc, struct pcap_conn *c, uint64_t ts_ns,
			 const char *what)
{
	uint8_t pdu[PCAP_PDU_CMD_LEN + PCAP_CONNECT_DATA_LEN];
	uint8_t data[PCAP_CONNECT_DATA_LEN];
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe = { .dw0 = 1, .cid = 0 };	/* controller ID 1 */
	char note[PCAP_COMMENT_MAX];
	size_t len;

	snprintf(note, sizeof(note), "Synthesized: the connection of %s", what);
	if (pcap_tcp_send(pc, c, ts_ns, true, pdu, pcap_pdu_icreq(pdu), note) ||
	    pcap_tcp_send(pc, c, ts_ns, false, pdu, pcap_pdu_icresp(pdu), note))
		return pc->err;
	pcap_sqe_connect(&sqe, 0, c->qid);
	pcap_connect_data(data, c->qid);
	len = pcap_pdu_cmd(pdu, &sqe, data, sizeof(data));
	if (pcap_tcp_send(pc, c, ts_ns, true, pdu, len, note))
		return pc->err;
	return pcap_tcp_send(pc, c, ts_ns, false, pdu, pcap_pdu_resp(pdu, &cqe), note);
}

static int conn_open(struct nvmet_pcap *pc, struct pcap_conn *c, uint64_t ts_ns,
		     const char *what)
{
	if (handshake(pc, c, ts_ns) || connect_queue(pc, c, ts_ns, what))
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
	c->host_port = (uint16_t)(PCAP_QUEUE_PORT0 + qid % 15000u);
	snprintf(what, sizeof(what), qid ? "I/O queue %u" : "the admin queue", qid);
	return conn_open(pc, c, ts_ns, what) ? NULL : c;
}

struct pcap_conn *pcap_regs_conn(struct nvmet_pcap *pc, uint64_t ts_ns)
{
	struct pcap_conn *c = &pc->regs;

	if (c->open)
		return c;
	c->qid = 0;
	c->host_port = PCAP_REGS_PORT;
	return conn_open(pc, c, ts_ns, "register accesses (Property Get/Set)") ? NULL : c;
}
