/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pcap_priv.h - the capture writer's internals, shared by its parts:
 * pcapng blocks (pcap_block.c), Ethernet/IP/TCP frames and connections
 * (pcap_frame.c), and the records of the public API (pcap.c,
 * pcap_cmdlog.c, pcap_names.c, and pcap_stream.c for real connections). NVMe/TCP PDUs come from the codec
 * (spec/tcp_pdu.h).
 *
 * Everything here runs under nvmet_pcap.lock.
 */
#ifndef NVMET_PCAP_PRIV_H
#define NVMET_PCAP_PRIV_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <nvmet/pcap.h>

#include "spec/tcp_pdu.h"
#include "support/bytes.h"
#include "support/compiler.h"

/* The connection a capture shows: no digests, no alignment. */
static const struct tcp_params pcap_tcp;
#define PCAP_MAXH2CDATA		0x20000u
#define PCAP_SUBNQN		"nqn.2014-08.org.nvmexpress:libnvmet:capture"
#define PCAP_HOSTNQN		"nqn.2014-08.org.nvmexpress:libnvmet:host"

/*
 * pcapng interfaces: NVMe/TCP frames, and text records as exported PDUs
 * naming Wireshark's line-based text dissector.
 */
#define PCAP_IF_ETH		0
#define PCAP_IF_TEXT		1
#define PCAP_LINKTYPE_ETHERNET	1
#define PCAP_LINKTYPE_UPPER_PDU	252

#define PCAP_NVME_TCP_PORT	4420
#define PCAP_REGS_PORT		49999	/* host port of the register connection */
#define PCAP_QUEUE_PORT0	50000	/* host port of queue 0; queue q uses 50000 + q */
#define PCAP_COMMENT_MAX	256
/*
 * TCP payload per frame: a larger PDU spans frames, as it would on a link
 * with segmentation offload, and Wireshark reassembles it. Under the
 * 64 KiB an IPv4 packet may hold.
 */
#define PCAP_SEG_MAX		65000u
#define PCAP_FRAME_MAX		(14 + 40 + 20 + PCAP_SEG_MAX)

/**
 * struct pcap_conn - one TCP connection in the capture, synthesized or real
 * @open: its handshake (and, synthesized, ICReq/ICResp and Connect) are in
 *	the file
 * @qid: the queue it carries (synthesized; the register connection says 0)
 * @v6: IPv6 addresses, else IPv4 (in the first 4 bytes)
 * @host_ip: the host's address
 * @ctrl_ip: the controller's address
 * @host_port: TCP port of the host side
 * @ctrl_port: TCP port of the controller side
 * @host_seq: next sequence number from the host
 * @ctrl_seq: next sequence number from the controller
 * @next: the next real connection (struct nvmet_pcap.streams)
 */
struct pcap_conn {
	bool open;
	uint16_t qid;
	bool v6;
	uint8_t host_ip[16];
	uint8_t ctrl_ip[16];
	uint16_t host_port;
	uint16_t ctrl_port;
	uint32_t host_seq;
	uint32_t ctrl_seq;
	struct pcap_conn *next;
};

struct nvmet_pcap {
	pthread_mutex_t lock;
	FILE *f;
	int err;			/* first write error, sticky */
	uint64_t ts_off;		/* CLOCK_REALTIME - CLOCK_MONOTONIC at open */
	uint16_t ip_id;
	uint32_t handshakes;		/* connections opened in the file */
	uint16_t reg_cid;		/* next CID on the register connection */
	struct pcap_conn regs;
	struct pcap_conn *queues;	/* index = qid, @nr_queues of them */
	unsigned int nr_queues;
	struct pcap_conn *streams;	/* real connections open in the capture */
};

/* pcapng blocks (pcap_block.c); each returns 0 or sets and returns pc->err. */
NVMET_HIDDEN int pcap_write_header(struct nvmet_pcap *pc);
/* A packet of @hlen bytes at @hdr followed by @dlen bytes at @data. */
NVMET_HIDDEN int pcap_write_packet(struct nvmet_pcap *pc, uint32_t ifid, uint64_t ts_ns,
				  const void *hdr, size_t hlen, const void *data, size_t dlen,
				  const char *comment);
/* A line of text on the text interface, @line its comment too. */
NVMET_HIDDEN int pcap_write_text(struct nvmet_pcap *pc, uint64_t ts_ns, const char *line);

/*
 * Frames (pcap_frame.c). @to_ctrl: host to controller, else back. @len
 * bytes of the stream, in as many frames as PCAP_SEG_MAX makes, @comment
 * on the first.
 */
NVMET_HIDDEN int pcap_tcp_send(struct nvmet_pcap *pc, struct pcap_conn *c, uint64_t ts_ns,
			      bool to_ctrl, const void *pdu, size_t len, const char *comment);
/* SYN, SYN-ACK, ACK of @c, whose addresses and ports are set. */
NVMET_HIDDEN int pcap_tcp_handshake(struct nvmet_pcap *pc, struct pcap_conn *c, uint64_t ts_ns);
/* FIN from the host, FIN-ACK from the controller, the last ACK. */
NVMET_HIDDEN int pcap_tcp_fin(struct nvmet_pcap *pc, struct pcap_conn *c, uint64_t ts_ns);
/* The connection of queue @qid, opened in the file on first use; NULL on error. */
NVMET_HIDDEN struct pcap_conn *pcap_queue_conn(struct nvmet_pcap *pc, uint64_t ts_ns,
					      uint16_t qid);
/* The register connection, opened in the file on first use; NULL on error. */
NVMET_HIDDEN struct pcap_conn *pcap_regs_conn(struct nvmet_pcap *pc, uint64_t ts_ns);

/* Forget the real connections still open (pcap_stream.c). */
NVMET_HIDDEN void pcap_streams_free(struct nvmet_pcap *pc);

/* Lock, check the sticky error, and unlock (pcap.c). */
NVMET_HIDDEN int pcap_lock(struct nvmet_pcap *pc);
NVMET_HIDDEN int pcap_unlock(struct nvmet_pcap *pc, int ret);
/* The records behind nvmet_pcap_command() and nvmet_pcap_completion(), locked. */
NVMET_HIDDEN int pcap_command_locked(struct nvmet_pcap *pc, uint64_t ts_ns, uint16_t sqid,
				    const struct nvmet_sqe *sqe, const char *note);
NVMET_HIDDEN int pcap_completion_locked(struct nvmet_pcap *pc, uint64_t ts_ns, uint16_t sqid,
				       const struct nvmet_cqe *cqe, uint64_t latency_ns);

#endif /* NVMET_PCAP_PRIV_H */
