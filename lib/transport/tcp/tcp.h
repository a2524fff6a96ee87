/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tcp.h - the NVMe/TCP host transport's parts: the address, a queue (one
 * connection: its PDU parser, its send buffer, its commands' data), the
 * Fabrics commands the transport sends itself, and the controller's state.
 * Private to lib/transport/tcp/.
 */
#ifndef NVMET_TRANSPORT_TCP_H
#define NVMET_TRANSPORT_TCP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include <nvmet/nvme_tcp.h>
#include <nvmet/pcap.h>

#include "queue/tracker.h"
#include "spec/tcp_pdu.h"
#include "transport/transport.h"

/* Admin queue entries (Linux's host and target use 32) and the library's share of them. */
#define TCP_ADMIN_DEPTH		32
/* CIDs past the tracker's: the transport's own commands (Connect, properties, Keep Alive). */
#define TCP_CID_SYNC		0
#define TCP_CID_KA		1
#define TCP_OWN_CIDS		2
#define TCP_ADMIN_TAGS		(TCP_ADMIN_DEPTH - 1 - TCP_OWN_CIDS)
/* In-capsule data on the admin queue: the 8 KiB the transport specification has it take. */
#define TCP_ADMIN_ICD		8192

/**
 * struct tcp_addr - what "tcp:ADDR[:PORT]/SUBNQN[,options]" says
 * @ss: the socket address
 * @sslen: its length
 * @name: ADDR:PORT as given, for messages
 * @subnqn: the subsystem
 * @hostnqn: the host NQN (default: one from the host ID)
 * @hostid: the host ID (default: random, per controller handle)
 * @hdgst: ask for header digests
 * @ddgst: ask for data digests
 * @kato_ms: Keep Alive Timeout, 0 for none
 * @capture: the file to write every connection's PDUs to, "" for none
 */
struct tcp_addr {
	struct sockaddr_storage ss;
	socklen_t sslen;
	char name[128];
	char subnqn[NVMET_NQN_LEN];
	char hostnqn[NVMET_NQN_LEN];
	uint8_t hostid[16];
	bool hdgst;
	bool ddgst;
	uint32_t kato_ms;
	char capture[1024];
};

/* Parse @s (after "tcp:"); 0, or -EINVAL with the reason in nvmet_last_error(). */
NVMET_HIDDEN int tcp_addr_parse(const char *s, struct tcp_addr *a);

/**
 * struct tcp_xfer - what a command in flight moves
 * @va: its data, NULL when it has none or nobody waits for it any more
 * @len: bytes
 * @to_dev: host to controller (R2Ts for it are answered from @va)
 * @busy: in flight
 * @done: its completion came (the transport's own commands)
 * @cqe: that completion
 */
struct tcp_xfer {
	uint8_t *va;
	uint32_t len;
	bool to_dev;
	bool busy;
	bool done;
	struct nvmet_cqe cqe;
};

struct tcp_queue;

/* The queue failed (@q->err set): end what was in flight on it. */
typedef void (*tcp_fail_fn)(struct tcp_queue *q);

/**
 * struct tcp_queue - one connection: a queue pair, or the admin queue
 * @fd: the socket, -1 when closed
 * @qid: 0 for the admin queue
 * @ncid: CIDs of the library's tracker; the transport's own come after
 * @trk: the tracker whose commands complete here (NULL: none yet)
 * @xfer: per CID (@ncid + TCP_OWN_CIDS), the command's data
 * @p: what the connection negotiated
 * @icd: in-capsule data this queue takes
 * @rx: the PDU parser
 * @in: bytes read from the socket and not yet parsed
 * @in_len: bytes in @in
 * @in_pos: bytes of @in parsed
 * @scratch: where the data of a command nobody waits for goes
 * @scratch_len: its size
 * @out: PDUs waiting to be sent
 * @out_len: bytes in @out
 * @corked: in a poll: send @out after it (callbacks submit more)
 * @timeout_ms: how long a send may wait for room, a wait for an answer
 * @err: 0, or the negative errno the queue failed with
 * @why: what failed, for nvmet_last_error()
 * @fail: called once when the queue fails, with @owner
 * @owner: the queue pair (I/O queue) or controller
 * @idle: empty polls in a row with commands in flight
 * @recvs: recv() calls that returned data
 * @sends: send calls
 * @pc: the capture its bytes go to, NULL for none
 * @self: its local address, for the capture
 * @peer: the target's address, for the capture
 */
struct tcp_queue {
	int fd;
	uint16_t qid;
	uint16_t ncid;
	struct nvmet_tracker *trk;
	struct tcp_xfer *xfer;
	struct tcp_params p;
	uint32_t icd;
	struct tcp_rx rx;
	uint8_t *in;
	uint32_t in_len;
	uint32_t in_pos;
	uint8_t *scratch;
	uint32_t scratch_len;
	uint8_t *out;
	uint32_t out_len;
	bool corked;
	uint32_t timeout_ms;
	int err;
	char why[160];
	tcp_fail_fn fail;
	void *owner;
	unsigned int idle;
	uint64_t recvs;
	uint64_t sends;
	struct nvmet_pcap *pc;
	struct sockaddr_storage self;
	struct sockaddr_storage peer;
};

/*
 * Connect queue @qid to @a (TCP, then ICReq/ICResp with the digests asked
 * for), @ncid CIDs for the library, every byte into the capture @pc when
 * not NULL. 0 or a negative errno (reason set).
 */
NVMET_HIDDEN int tcp_queue_open(struct tcp_queue *q, const struct tcp_addr *a, uint16_t qid,
				uint16_t ncid, uint32_t timeout_ms, struct nvmet_pcap *pc);
/* Close the connection and free the queue's memory (a closed queue is fine). */
NVMET_HIDDEN void tcp_queue_close(struct tcp_queue *q);
/*
 * Send the command @sqe (its CID set) with @len bytes at @va (@to_dev:
 * in the capsule up to the queue's in-capsule size, else on the
 * controller's R2Ts; else placed from C2HData). 0, -EBUSY when the CID
 * is in flight, or the queue's error.
 */
NVMET_HIDDEN int tcp_queue_send_cmd(struct tcp_queue *q, struct nvmet_sqe *sqe, void *va,
				    uint32_t len, bool to_dev);
/*
 * Read what the socket has and handle the PDUs in it: completions end on
 * the tracker (callbacks run) or in @xfer for the transport's own. Returns
 * the completions taken, or the queue's error.
 */
NVMET_HIDDEN int tcp_queue_poll(struct tcp_queue *q);
/* Send what the queue holds; 0 or the queue's error. */
NVMET_HIDDEN int tcp_queue_flush(struct tcp_queue *q);
/* Fail the queue with @err and a reason (once: the first failure is kept). */
NVMET_HIDDEN void tcp_queue_failed(struct tcp_queue *q, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The transport's own command @sqe on CID @own (TCP_CID_*) with @len bytes
 * of @data, waited for up to the queue's timeout: 0 with @cqe, -EBUSY
 * when that CID is in flight, -ETIMEDOUT, or the queue's error.
 */
NVMET_HIDDEN int tcp_queue_own_cmd(struct tcp_queue *q, unsigned int own, struct nvmet_sqe *sqe,
				   void *data, uint32_t len, bool to_dev, struct nvmet_cqe *cqe);

/**
 * struct tcp_ctrl - the controller's side of the transport
 * @addr: where and who
 * @admin: the admin queue
 * @io: the I/O queues, by QID (@max_qid + 1; NULL when not connected)
 * @max_qid: I/O queues the controller has
 * @cntlid: the controller ID the admin Connect gave
 * @cap: CAP, read at the connection
 * @io_icd: in-capsule data an I/O queue takes (IOCCSZ)
 * @kato_next: when the next Keep Alive is due (ns; 0: none)
 * @pc: the capture (capture=FILE), NULL for none
 */
struct tcp_ctrl {
	struct tcp_addr addr;
	struct tcp_queue admin;
	struct tcp_queue **io;
	uint32_t max_qid;
	uint16_t cntlid;
	uint64_t cap;
	uint32_t io_icd;
	uint64_t kato_next;
	struct nvmet_pcap *pc;
};

/* Connect (the Fabrics command) queue @q with @depth entries; 0 or a negative errno. */
NVMET_HIDDEN int tcp_fabrics_connect(struct tcp_ctrl *tc, struct tcp_queue *q, uint32_t depth);
/* Property Get and Set: 0 or a negative errno (reason set). */
NVMET_HIDDEN int tcp_prop_get(struct tcp_ctrl *tc, uint32_t off, unsigned int width,
			      uint64_t *val);
NVMET_HIDDEN int tcp_prop_set(struct tcp_ctrl *tc, uint32_t off, unsigned int width,
			      uint64_t val);
/* A Keep Alive when one is due (and none is in flight); 0 or the admin queue's error. */
NVMET_HIDDEN int tcp_keep_alive(struct tcp_ctrl *tc, uint64_t now);

#endif /* NVMET_TRANSPORT_TCP_H */
