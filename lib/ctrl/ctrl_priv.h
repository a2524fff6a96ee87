/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ctrl_priv.h - the controller as the layers around it see it: struct
 * nvmet_ctrl and what the queues, the transports, the workloads and the
 * traces may call of it. The interface of lib/ctrl/ to the rest of
 * libnvmet; private to the library.
 */
#ifndef NVMET_CTRL_PRIV_H
#define NVMET_CTRL_PRIV_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <nvmet/ctrl.h>
#include <nvmet/qpair.h>

#include "support/compiler.h"
#include "queue/tracker.h"
#include "support/error.h"
#include "transport/transport.h"

#define NVMET_ID_SIZE		4096
#define NVMET_AER_MAX		4

/**
 * struct nvmet_areq - an admin command the library has in flight, by CID
 * @cb: the caller's callback, or NULL
 * @arg: its argument
 * @aer: an Asynchronous Event Request the library keeps outstanding
 */
struct nvmet_areq {
	nvmet_cb_t cb;
	void *arg;
	bool aer;
};

/**
 * struct nvmet_admin - the library's side of the admin queue: the same
 * tracker as an I/O queue pair's, over the transport's admin rings
 * (the emulated controller's admin queue is in host memory like any
 * queue) or, without them, over the transport's admin submit and reap
 * (the module owns its admin queue; the tracker's CID is then the tag)
 * @trk: the commands in flight, the command log
 * @req: per CID, the caller's side
 * @log: the command log's region (malloc'd)
 * @sq: the admin SQ ring, NULL without rings
 * @cq: the admin CQ ring
 * @prp: a PRP list page per CID (with rings)
 * @own: the library times the commands out and keeps their log (with
 *	rings, or with a transport that carries the commands itself)
 * @ended: the caller's commands (not AERs) ended in the current poll
 * @dw0: DW0 of the last of them
 */
struct nvmet_admin {
	struct nvmet_tracker trk;
	struct nvmet_areq *req;
	void *log;
	struct nvmet_sq_ring *sq;
	struct nvmet_cq_ring *cq;
	struct nvmet_buf *prp;
	bool own;
	unsigned int ended;
	uint32_t dw0;
};

struct nvmet_ioworker;

struct nvmet_ctrl {
	const struct nvmet_transport *tp;
	void *tpriv;
	struct nvmet_tinfo info;
	uint32_t timeout_ms;
	uint8_t id[NVMET_ID_SIZE];
	bool id_valid;
	struct nvmet_admin admin;
	unsigned int admin_outstanding;
	unsigned int aer_outstanding;
	unsigned int aer_want;
	nvmet_cb_t aer_cb;
	void *aer_arg;
	struct nvmet_qpair **qpairs;
	struct nvmet_buf **bufs;
	unsigned int nbufs;
	unsigned int bufs_cap;
	/* The I/O workers started on the controller's namespaces (ioworker.c). */
	pthread_mutex_t iow_lock;
	struct nvmet_ioworker *iow_list;
};

/* The admin queue's tracker, after the transport is open: 0 or a negative errno. */
NVMET_HIDDEN int nvmet_ctrl_admin_setup(struct nvmet_ctrl *ctrl);
NVMET_HIDDEN void nvmet_ctrl_admin_teardown(struct nvmet_ctrl *ctrl);
/* A reset is under way: the library's admin commands end NVMET_CPL_ABORTED (with rings). */
NVMET_HIDDEN void nvmet_ctrl_admin_abort(struct nvmet_ctrl *ctrl);
/*
 * A command of the transport's own (queue creation and deletion on the
 * emulated controller), waited for: 0 with its CQE, -ETIMEDOUT, -EIO when
 * a reset ended it, or a negative errno when it was not sent.
 */
NVMET_HIDDEN int nvmet_ctrl_admin_wait(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe,
				       struct nvmet_cqe *cqe);
/* Arm AERs up to the number wanted. */
NVMET_HIDDEN int nvmet_ctrl_aer_arm(struct nvmet_ctrl *ctrl);
/* Reap finished admin commands, call their callbacks; returns how many were the caller's. */
NVMET_HIDDEN int nvmet_ctrl_admin_poll(struct nvmet_ctrl *ctrl, unsigned int timeout_ms,
				       uint32_t *dw0);
/*
 * Queue pairs around a reset: end their commands, let go of the queues the
 * controller forgot, then make them again.
 */
NVMET_HIDDEN void nvmet_qpair_abort_all(struct nvmet_qpair *qp);
NVMET_HIDDEN void nvmet_qpairs_drop_lost(struct nvmet_ctrl *ctrl);
NVMET_HIDDEN int nvmet_qpair_recreate(struct nvmet_qpair *qp);
/* The controller is going away: end commands, drop the queues' memory. */
NVMET_HIDDEN void nvmet_qpair_forget(struct nvmet_qpair *qp);
/* End every admin command in flight (all-ones CQE); AERs are dropped. */
NVMET_HIDDEN void nvmet_ctrl_admin_forget(struct nvmet_ctrl *ctrl);
/* The controller's DMA buffers, tracked so a power cycle can replace them. */
NVMET_HIDDEN int nvmet_ctrl_buf_track(struct nvmet_ctrl *ctrl, struct nvmet_buf *buf);
NVMET_HIDDEN void nvmet_ctrl_buf_untrack(struct nvmet_ctrl *ctrl, const void *va);
NVMET_HIDDEN void nvmet_ctrl_bufs_drop(struct nvmet_ctrl *ctrl);
/* One command log line; 0 or -EIO. */
NVMET_HIDDEN int nvmet_cmdlog_entry_print(const struct nvmetest_cmdlog_entry *e, uint16_t sqid,
					  FILE *f);
/* A reset of some kind (@how), with the queue pairs and AERs carried over. */
NVMET_HIDDEN int nvmet_ctrl_reset_with(struct nvmet_ctrl *ctrl,
				       int (*how)(struct nvmet_ctrl *ctrl, int arg), int arg);
NVMET_HIDDEN int nvmet_ctrl_bufs_refill(struct nvmet_ctrl *ctrl);
/*
 * End the I/O workers still running on @ctrl with error @err (without
 * waiting for their commands) and join their threads; before a reset or
 * power cycle ends the commands of every queue pair.
 */
NVMET_HIDDEN void nvmet_ioworkers_end(struct nvmet_ctrl *ctrl, int err);
/*
 * The controller is closing: end its workers, delete their queue pairs and
 * free their buffers; nvmet_ioworker_close() then only hands the result over.
 */
NVMET_HIDDEN void nvmet_ioworkers_release(struct nvmet_ctrl *ctrl);

#endif /* NVMET_CTRL_PRIV_H */
