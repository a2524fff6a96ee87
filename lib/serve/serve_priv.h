/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * serve_priv.h - the NVMe/TCP target, private to lib/serve/: a second
 * front end of the emulated controller's core (emu/core/core.h is the
 * interface it uses; spec/tcp_pdu.h the PDU codec). One event loop thread
 * (serve.c) owns the listening socket and every connection (conn.c: bytes
 * in through the parser, PDUs out through one writev per round, the PDU
 * taps); a connection is a queue, its capsules become commands
 * (capsule.c: staging buffers filled from the capsule or by R2T/H2CData,
 * the core runs them, C2HData and CapsuleResp carry the results back);
 * Fabrics commands and associations are fabrics.c's, the discovery
 * controller discovery.c's. Everything runs in the loop thread, except
 * what frontend.h says may come from any thread (kick, quiesce).
 */
#ifndef NVMET_SERVE_PRIV_H
#define NVMET_SERVE_PRIV_H

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <nvmet/nvme_tcp.h>
#include <nvmet/serve.h>

#include "emu/core/core.h"
#include "spec/tcp_pdu.h"
#include "support/compiler.h"

#define SRV_ICDATA_MAX		8192		/* in-capsule data a queue takes */
#define SRV_MAXH2CDATA		(1u << 20)	/* H2CData data per PDU */
#define SRV_C2H_CHUNK		(128u << 10)	/* C2HData data per PDU */
#define SRV_XFER_MAX		(2u << 20)	/* a command's data, at most */
#define SRV_IN_BUF		(64u << 10)	/* bytes read per read() */
#define SRV_TX_PAUSE		(8u << 20)	/* backlog that stops reading commands */
#define SRV_ADMIN_SQSIZE	32		/* admin queue entries at most */
#define SRV_TICK_MS		100		/* background work when idle */

struct nvmet_serve;
struct srv_conn;

/**
 * struct srv_txb - a PDU waiting to be sent, header, data and digest in one
 * @next: the next in the connection's queue
 * @len: its length
 * @off: bytes already sent
 * @due_ns: not before this time (a tap delayed it), 0 for now
 * @buf: the PDU
 */
struct srv_txb {
	struct srv_txb *next;
	size_t len;
	size_t off;
	uint64_t due_ns;
	uint8_t buf[];
};

/**
 * struct srv_cmd - a command on a queue, from its capsule to its response
 * @ec: the core's view: the SQE, the CQE being built, the queue
 * @busy: the slot holds a command
 * @write: its data goes host to controller
 * @buf: its data (staging), @len bytes; NULL without data
 * @len: bytes of data, as its SGL says
 * @got: bytes of write data in so far
 * @bad: a data digest of its write data was wrong
 */
struct srv_cmd {
	struct emu_cmd ec;
	bool busy;
	bool write;
	bool bad;
	uint8_t *buf;
	uint32_t len;
	uint32_t got;
};

/**
 * struct srv_assoc - an association: a controller and its queues
 * @discovery: the discovery controller (else the emulated controller)
 * @cntlid: its controller ID
 * @hostnqn: the host's NQN, from the admin Connect
 * @hostid: the host's identifier
 * @kato_ms: Keep Alive Timeout, 0 for none
 * @ka_deadline_ns: when the keep-alive timer expires
 * @q: connections by queue id, [0] the admin queue
 * @max_qid: the highest I/O queue id
 * @cc: the discovery controller's CC
 * @csts: ... and CSTS
 */
struct srv_assoc {
	bool discovery;
	uint16_t cntlid;
	char hostnqn[NVMET_NQN_LEN];
	uint8_t hostid[16];
	uint32_t kato_ms;
	uint64_t ka_deadline_ns;
	struct srv_conn **q;
	unsigned int max_qid;
	uint32_t cc;
	uint32_t csts;
};

/**
 * struct srv_held - a received PDU a tap delayed
 * @due_ns: when to act on it
 * @hdr: its header
 * @data: a copy of its data
 * @data_len: its length
 */
struct srv_held {
	uint64_t due_ns;
	uint8_t hdr[TCP_PDU_HDR_MAX];
	uint8_t *data;
	uint32_t data_len;
};

/**
 * struct srv_conn - a TCP connection: one queue
 * @s: the target
 * @fd: the socket
 * @peer: "ADDR:PORT" of the host, for the log
 * @host_sa: the host's address, for the stream taps
 * @ctrl_sa: this end's address
 * @prm: what was negotiated (digests, alignment, limits)
 * @rx: the receive parser
 * @in: bytes read, not yet parsed: from @in_off to @in_len
 * @in_off: see @in
 * @in_len: see @in
 * @held: a received PDU a tap delayed (the connection reads nothing more
 *	until it is acted on), or NULL
 * @tx_head: PDUs to send, oldest first
 * @tx_tail: the newest
 * @tx_bytes: their bytes not yet sent
 * @tx_progress_ns: when the peer last took something
 * @want_out: EPOLLOUT is on
 * @assoc: the association once connected
 * @qid: its queue id
 * @sqsize: entries of its queue
 * @sqhd: the SQ head reported in completions
 * @sqflow_off: the host disabled SQ flow control (C2HData may carry SUCCESS)
 * @cmds: its commands, @sqsize of them; a command's index is its R2T's tag
 * @dead: to be closed at the end of the loop round
 * @drain: to be closed once what is queued is sent (after a TermReq, a
 *	Disconnect)
 * @next: the next connection of the target
 */
struct srv_conn {
	struct nvmet_serve *s;
	int fd;
	char peer[64];
	struct sockaddr_storage host_sa;
	struct sockaddr_storage ctrl_sa;
	struct tcp_params prm;
	struct tcp_rx rx;
	uint8_t *in;
	size_t in_off, in_len;
	struct srv_held *held;
	struct srv_txb *tx_head, *tx_tail;
	size_t tx_bytes;
	uint64_t tx_progress_ns;
	bool want_out;
	struct srv_assoc *assoc;
	uint16_t qid;
	uint16_t sqsize;
	uint16_t sqhd;
	bool sqflow_off;
	struct srv_cmd *cmds;
	bool dead;
	bool drain;
	struct srv_conn *next;
};

/**
 * struct nvmet_serve - the target
 * @emu: the controller core
 * @nqn: the subsystem's NQN
 * @addr: the address listened on, without brackets
 * @port: the port listened on
 * @ipv6: @addr is IPv6
 * @lfd: the listening socket
 * @epfd: the event loop's epoll
 * @evfd: wakes the loop (kick, stop)
 * @log: log lines
 * @log_arg: for @log
 * @stall_ns: how long a peer may take nothing of what is sent
 * @poll_ns: how long the loop polls after a round with work (0: not at all)
 * @follow_cpu: the loop thread follows the CPU its I/O queues' bytes arrive on
 * @cpu: the CPU the loop thread was moved to, -1 for none
 * @stop: the loop is to end
 * @running: a loop runs
 * @thread: the thread nvmet_serve_start() made
 * @thread_started: @thread runs
 * @loop_tid: the loop's thread, while it runs
 * @epoch: loop rounds
 * @conns: every connection
 * @io: the emulated controller's association, NULL when none
 * @next_cntlid: the controller ID the next association gets
 * @cur: the command the core is running, for its data
 * @now_ns: the time at the start of the loop round
 */
struct nvmet_serve {
	struct nvmet_emu *emu;
	char nqn[NVMET_NQN_LEN];
	char addr[64];
	int port;
	bool ipv6;
	int lfd;
	int epfd;
	int evfd;
	nvmet_serve_log_fn log;
	void *log_arg;
	uint64_t stall_ns;
	uint64_t poll_ns;
	bool follow_cpu;
	int cpu;
	atomic_bool stop;
	atomic_bool running;
	pthread_t thread;
	bool thread_started;
	pthread_t loop_tid;
	atomic_uint epoch;
	struct srv_conn *conns;
	struct srv_assoc *io;
	uint16_t next_cntlid;
	struct srv_cmd *cur;
	uint64_t now_ns;
};

/* serve.c */
NVMET_HIDDEN void srv_log(struct nvmet_serve *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* With follow_cpu: the loop thread to the CPU @c's last bytes arrived on. */
NVMET_HIDDEN void srv_follow_cpu(struct srv_conn *c);
/* The front end's kick and quiesce (any thread). */
NVMET_HIDDEN void srv_kick(void *fe);
NVMET_HIDDEN void srv_quiesce(void *fe);

/* conn.c: connections, their bytes and PDUs */
/* A connection accepted from @sa (@sl bytes), "ADDR:PORT" @peer for the log. */
NVMET_HIDDEN int srv_conn_accept(struct nvmet_serve *s, int fd, const struct sockaddr *sa,
				 socklen_t sl, const char *peer);
/* Read what the socket has and act on the PDUs in it. */
NVMET_HIDDEN void srv_conn_input(struct srv_conn *c);
/* Send what is queued (one writev); a peer that takes nothing for too long is closed. */
NVMET_HIDDEN void srv_conn_flush(struct srv_conn *c);
NVMET_HIDDEN void srv_conn_close(struct srv_conn *c);
/* Delayed PDUs due: act on a held one; the earliest time anything is due (0: none). */
NVMET_HIDDEN uint64_t srv_conn_timers(struct srv_conn *c, uint64_t now);
/* Queue a PDU: @pre bytes of header (the codec's), @dlen bytes of data; through the send tap. */
NVMET_HIDDEN void srv_send(struct srv_conn *c, const void *pre, size_t prelen, const void *data,
			   uint32_t dlen);
/* A fatal transport error: a C2HTermReq, then the connection closes. */
NVMET_HIDDEN void srv_conn_fatal(struct srv_conn *c, uint16_t fes, uint32_t fei, const char *why);

/* capsule.c: commands, and the front end the core calls */
NVMET_HIDDEN extern const struct emu_frontend_ops srv_fe_ops;
/*
 * A received PDU the parser checked: the header, the data for those with
 * data, and whether its data digest was wrong.
 */
NVMET_HIDDEN void srv_pdu(struct srv_conn *c, const uint8_t *hdr, uint8_t *data, uint32_t len,
			  bool bad_ddgst);
/* The parser has an H2CData header: where its data goes (false: a fatal error was raised). */
NVMET_HIDDEN bool srv_h2c_dest(struct srv_conn *c, const struct nvmet_tcp_data *d, uint8_t **dst);
/* Complete @cmd with its CQE: C2HData for its data when it has some for the host, CapsuleResp. */
NVMET_HIDDEN void srv_complete(struct srv_conn *c, struct srv_cmd *cmd);
/* A command finished here, not by the core: status @st, DW0 and DW1 from @result. */
NVMET_HIDDEN void srv_reply(struct srv_conn *c, struct srv_cmd *cmd, uint16_t st, uint64_t result);
NVMET_HIDDEN void srv_cmd_free(struct srv_cmd *cmd);

/* fabrics.c: Fabrics commands, associations, keep-alive */
NVMET_HIDDEN void srv_fabrics(struct srv_conn *c, struct srv_cmd *cmd, const uint8_t *data,
			      uint32_t dlen);
/* An association ends: its connections close, the controller resets. */
NVMET_HIDDEN void srv_assoc_end(struct nvmet_serve *s, struct srv_assoc *a, const char *why);
/* Keep Alive received on @a's admin queue. */
NVMET_HIDDEN void srv_keep_alive(struct nvmet_serve *s, struct srv_assoc *a);
/* Keep-alive timers: expired ones end their association; the next expiry (0: none). */
NVMET_HIDDEN uint64_t srv_kato_check(struct nvmet_serve *s, uint64_t now);

/* discovery.c: the discovery controller's admin commands */
NVMET_HIDDEN void srv_discovery_exec(struct srv_conn *c, struct srv_cmd *cmd);

#endif /* NVMET_SERVE_PRIV_H */
