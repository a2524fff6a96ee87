// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tcp.c - an NVMe/TCP controller as a transport: the admin queue and each
 * I/O queue pair a connection of their own (queue.c), registers as
 * properties (Property Get/Set), queues made by Connect instead of Create
 * I/O SQ/CQ, data in host memory that the transport carries. What a
 * fabrics controller does not have (configuration space, interrupts,
 * doorbells, PCI resets, power) is refused with -EOPNOTSUPP and a reason.
 *
 * With capture=FILE, every connection's bytes as sent and received go into
 * one capture (<nvmet/pcap.h>), written as they go and finished when the
 * controller is closed.
 *
 * Keep Alive (the kato= option) is sent from the admin poll path: every
 * admin command, wait and register access of the library. A program that
 * leaves the admin queue alone for longer than KATO loses the controller,
 * which is why KATO is 0 (none) unless asked for.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <nvmet/cmd.h>

#include "ctrl/ctrl_priv.h"
#include "mem/buffer_priv.h"
#include "queue/qpair_priv.h"
#include "support/clock.h"
#include "tcp.h"

/* The longest wait for CSTS.RDY when CAP.TO says nothing. */
#define READY_MIN_MS	1000u

static struct tcp_ctrl *tcp_ctrl(const struct nvmet_ctrl *ctrl)
{
	return ctrl->tpriv;
}

static int no(struct nvmet_ctrl *ctrl, const char *what)
{
	(void)ctrl;
	nvmet_set_error("tcp: an NVMe/TCP controller has no %s", what);
	return -EOPNOTSUPP;
}

/* The admin queue failed: what the library had in flight on it ends now. */
static void admin_failed(struct tcp_queue *q)
{
	struct nvmet_ctrl *ctrl = q->owner;

	if (ctrl->admin.trk.trk)
		nvmet_trk_abort_all(&ctrl->admin.trk, nvmet_now_ns());
}

/* An I/O queue failed: its pair's commands end, and it takes no more until a reset. */
static void io_failed(struct tcp_queue *q)
{
	if (q->owner)
		nvmet_qpair_abort_all(q->owner);
}

static void io_close(struct tcp_ctrl *tc, uint16_t qid)
{
	if (!tc->io[qid])
		return;
	tcp_queue_close(tc->io[qid]);
	free(tc->io[qid]);
	tc->io[qid] = NULL;
}

static int admin_connect(struct nvmet_ctrl *ctrl)
{
	struct tcp_ctrl *tc = tcp_ctrl(ctrl);
	struct tcp_queue *q = &tc->admin;
	int ret;

	tcp_queue_close(q);
	ret = tcp_queue_open(q, &tc->addr, 0, TCP_ADMIN_TAGS, ctrl->timeout_ms, tc->pc);
	q->icd = TCP_ADMIN_ICD;
	q->fail = admin_failed;
	q->owner = ctrl;
	q->trk = ctrl->admin.trk.trk ? &ctrl->admin.trk : NULL;
	if (!ret)
		ret = tcp_fabrics_connect(tc, q, TCP_ADMIN_DEPTH);
	tc->kato_next = tc->addr.kato_ms ? nvmet_now_ns() : 0;
	return ret;
}

/* Wait for CSTS.RDY to be @rdy, as long as CAP.TO allows. */
static int wait_ready(struct tcp_ctrl *tc, uint32_t rdy)
{
	uint64_t to_ms = ((tc->cap >> 24) & 0xff) * 500ull;
	uint64_t end = nvmet_now_ns() + (to_ms > READY_MIN_MS ? to_ms : READY_MIN_MS) * 1000000ull;
	unsigned int spins = 0;
	uint64_t csts;
	int ret;

	for (;;) {
		ret = tcp_prop_get(tc, NVMET_REG_CSTS, 4, &csts);
		if (ret)
			return ret;
		if (csts & NVMET_CSTS_CFS) {
			nvmet_set_error("tcp: the controller is in fatal status (CSTS %#x)",
					(unsigned int)csts);
			return -EIO;
		}
		if ((csts & NVMET_CSTS_RDY) == rdy)
			return 0;
		if (nvmet_now_ns() >= end) {
			nvmet_set_error("tcp: CSTS.RDY not %u within CAP.TO", rdy);
			return -ETIMEDOUT;
		}
		nvmet_backoff(spins++);
	}
}

static int disable(struct tcp_ctrl *tc)
{
	uint64_t cc;
	int ret = tcp_prop_get(tc, NVMET_REG_CC, 4, &cc);

	if (!ret && (cc & NVMET_CC_EN))
		ret = tcp_prop_set(tc, NVMET_REG_CC, 4, cc & ~(uint64_t)NVMET_CC_EN);
	return ret ? ret : wait_ready(tc, 0);
}

static int enable(struct tcp_ctrl *tc, uint32_t page_size)
{
	uint32_t cc = NVMET_CC_EN | NVMET_CC_IOSQES(6) | NVMET_CC_IOCQES(4) |
		      NVMET_CC_MPS(__builtin_ctz(page_size));
	int ret = tcp_prop_set(tc, NVMET_REG_CC, 4, cc);

	return ret ? ret : wait_ready(tc, NVMET_CSTS_RDY);
}

/*
 * A controller reset, as Linux's host makes one: disabled through CC
 * (while the admin connection works), every connection closed, a new
 * association (admin connection, Connect, a new controller ID) enabled;
 * the queue pairs connect again after it. Nothing the old connections had
 * in flight can come back on the new ones, whose CIDs start over.
 */
static int tcp_reset(struct nvmet_ctrl *ctrl)
{
	struct tcp_ctrl *tc = tcp_ctrl(ctrl);
	uint32_t q;
	int ret;

	for (q = 1; q <= tc->max_qid; q++)
		io_close(tc, (uint16_t)q);
	if (!tc->admin.err)
		disable(tc);
	ret = admin_connect(ctrl);
	return ret ? ret : enable(tc, ctrl->info.page_size);
}

static void tcp_close(struct nvmet_ctrl *ctrl)
{
	struct tcp_ctrl *tc = tcp_ctrl(ctrl);
	uint32_t q;

	for (q = 1; q <= tc->max_qid; q++)
		io_close(tc, (uint16_t)q);
	tcp_queue_close(&tc->admin);
	nvmet_pcap_close(tc->pc);
	free(tc->io);
	free(tc);
	ctrl->tpriv = NULL;
}

static int tcp_info(struct nvmet_ctrl *ctrl, struct nvmet_tinfo *info)
{
	struct tcp_ctrl *tc = tcp_ctrl(ctrl);

	memset(info, 0, sizeof(*info));
	info->cap = tc->cap;
	info->max_qid = tc->max_qid;
	info->page_size = 4096u << ((tc->cap >> 48) & 0xf);
	info->admin_tags = TCP_ADMIN_TAGS;
	return 0;
}

static int tcp_reg_read(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint64_t *v)
{
	return tcp_prop_get(tcp_ctrl(ctrl), off, width, v);
}

static int tcp_reg_write(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint64_t v)
{
	return tcp_prop_set(tcp_ctrl(ctrl), off, width, v);
}

static int tcp_cfg_read(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint32_t *v)
{
	(void)off;
	(void)width;
	(void)v;
	return no(ctrl, "PCI configuration space");
}

static int tcp_cfg_write(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint32_t v)
{
	(void)off;
	(void)width;
	(void)v;
	return no(ctrl, "PCI configuration space");
}

static int tcp_irq_get(struct nvmet_ctrl *ctrl, unsigned int vector, uint64_t *count,
		       int *masked)
{
	(void)vector;
	(void)count;
	(void)masked;
	return no(ctrl, "interrupts");
}

static int tcp_irq_clear(struct nvmet_ctrl *ctrl, unsigned int vector)
{
	(void)vector;
	return no(ctrl, "interrupts");
}

static int tcp_irq_mask(struct nvmet_ctrl *ctrl, unsigned int vector, int mask)
{
	(void)vector;
	(void)mask;
	return no(ctrl, "interrupts");
}

static int tcp_pci_reset(struct nvmet_ctrl *ctrl, int method)
{
	(void)method;
	return no(ctrl, "PCI resets (FLR, hot reset)");
}

/* Completion queues are the I/O connections' own: nothing to make. */
static int tcp_cq_create(struct nvmet_ctrl *ctrl, uint16_t qid, uint32_t size, uint32_t vector,
			 struct nvmet_cq_ring *cq, uint32_t *status)
{
	(void)ctrl;
	(void)vector;
	(void)status;
	memset(cq, 0, sizeof(*cq));
	cq->qid = qid;
	cq->size = size;
	return 0;
}

static int tcp_cq_delete(struct nvmet_ctrl *ctrl, struct nvmet_cq_ring *cq, uint32_t *status)
{
	(void)ctrl;
	(void)cq;
	(void)status;
	return 0;
}

/* An I/O queue: a connection, then Connect with the controller's ID. */
static int tcp_sq_create(struct nvmet_ctrl *ctrl, uint16_t qid, uint32_t size,
			 const struct nvmet_cq_ring *cq, unsigned int prio,
			 struct nvmet_sq_ring *sq, uint32_t *status)
{
	struct tcp_ctrl *tc = tcp_ctrl(ctrl);
	struct tcp_queue *q;
	int ret;

	(void)cq;
	(void)prio;
	(void)status;
	io_close(tc, qid);
	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	tc->io[qid] = q;
	/* The tracker has the SQ's entries less one; the transport's Connect takes one more. */
	ret = tcp_queue_open(q, &tc->addr, qid, (uint16_t)(size - 1), ctrl->timeout_ms, tc->pc);
	q->icd = tc->io_icd;
	q->fail = io_failed;
	if (!ret)
		ret = tcp_fabrics_connect(tc, q, size);
	if (ret) {
		io_close(tc, qid);
		return ret;
	}
	memset(sq, 0, sizeof(*sq));
	sq->qid = qid;
	sq->cqid = qid;
	sq->size = size;
	return 0;
}

static int tcp_sq_delete(struct nvmet_ctrl *ctrl, struct nvmet_sq_ring *sq, uint32_t *status)
{
	(void)status;
	io_close(tcp_ctrl(ctrl), sq->qid);
	return 0;
}

static int tcp_admin_send(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe,
			  const struct nvmet_buf *buf, size_t off, size_t len, enum nvmet_tdir dir)
{
	struct tcp_ctrl *tc = tcp_ctrl(ctrl);
	struct nvmet_sqe cmd = *sqe;

	tc->admin.trk = &ctrl->admin.trk;
	if (len > UINT32_MAX)
		return -EINVAL;
	return tcp_queue_send_cmd(&tc->admin, &cmd, len ? buf_at(buf, off) : NULL,
				  (uint32_t)len, dir == NVMET_TDIR_TO_DEV);
}

static int tcp_admin_recv(struct nvmet_ctrl *ctrl)
{
	struct tcp_ctrl *tc = tcp_ctrl(ctrl);
	int ret;

	/* A dead connection has ended its commands: the caller sees them, not an error. */
	if (tc->admin.err)
		return 0;
	tc->admin.trk = &ctrl->admin.trk;
	ret = tcp_keep_alive(tc, nvmet_now_ns());
	if (!ret)
		ret = tcp_queue_poll(&tc->admin);
	return ret < 0 ? 0 : ret;
}

/* The pair's connection; NULL when a reset could not make it again. */
static struct tcp_queue *qp_queue(struct nvmet_qpair *qp)
{
	struct tcp_queue *q = tcp_ctrl(qp->ctrl)->io[qp->opts.qid];

	if (q) {
		q->trk = &qp->trk;
		q->owner = qp;
	}
	return q;
}

static int tcp_qp_submit(struct nvmet_qpair *qp, const struct nvmet_sqe *sqe,
			 const struct nvmet_buf *buf, size_t off, size_t len)
{
	/* Bits 1:0 of an I/O opcode: 01b host to controller, 10b controller to host. */
	unsigned int xfer = sqe->opc & 3;
	struct nvmet_sqe *cmd = (struct nvmet_sqe *)sqe;
	struct tcp_queue *q = qp_queue(qp);

	if (!q)
		return -EIO;
	if (len && (xfer == 0 || xfer == 3)) {
		nvmet_set_error("tcp: opcode %#x moves data both ways or none: no direction for it",
				sqe->opc);
		return -EOPNOTSUPP;
	}
	if (len > UINT32_MAX)
		return -EINVAL;
	/* The SQE as sent (SGL descriptor) is what the command log keeps. */
	return tcp_queue_send_cmd(q, cmd, len ? buf_at(buf, off) : NULL, (uint32_t)len, xfer == 1);
}

static int tcp_qp_poll(struct nvmet_qpair *qp, unsigned int max)
{
	struct tcp_queue *q = qp_queue(qp);
	int ret;

	(void)max;	/* one recv() takes what is there */
	ret = q ? tcp_queue_poll(q) : 0;
	return ret < 0 ? 0 : ret;
}

static const struct nvmet_qhook tcp_qhook = {
	.submit = tcp_qp_submit,
	.poll = tcp_qp_poll,
};

static const struct nvmet_transport tcp_transport = {
	.name = "tcp",
	.close = tcp_close,
	.info = tcp_info,
	.reg_read = tcp_reg_read,
	.reg_write = tcp_reg_write,
	.cfg_read = tcp_cfg_read,
	.cfg_write = tcp_cfg_write,
	/* The transport copies data to and from the socket: any host memory will do. */
	.dma = &nvmet_host_dma,
	.cq_create = tcp_cq_create,
	.cq_delete = tcp_cq_delete,
	.sq_create = tcp_sq_create,
	.sq_delete = tcp_sq_delete,
	.irq_get = tcp_irq_get,
	.irq_clear = tcp_irq_clear,
	.irq_mask = tcp_irq_mask,
	.admin_send = tcp_admin_send,
	.admin_recv = tcp_admin_recv,
	.qhook = &tcp_qhook,
	.reset = tcp_reset,
	.pci_reset = tcp_pci_reset,
};

/* Get Features, Number of Queues: the I/O queues the controller grants (both counts 0-based). */
static int queue_count(struct nvmet_ctrl *ctrl)
{
	struct tcp_ctrl *tc = tcp_ctrl(ctrl);
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	uint32_t nsq, ncq;
	int ret;

	nvmet_cmd_get_features(&sqe, NVMET_FEAT_NUM_QUEUES, 0, 0, 0);
	ret = tcp_queue_own_cmd(&tc->admin, TCP_CID_SYNC, &sqe, NULL, 0, false, &cqe);
	if (ret)
		return ret;
	if (!nvmet_cqe_ok(&cqe)) {
		nvmet_set_error("tcp: Get Features Number of Queues failed (status %#x)",
				cqe.status >> 1);
		return -EIO;
	}
	nsq = (cqe.dw0 & 0xffff) + 1;
	ncq = (cqe.dw0 >> 16) + 1;
	tc->max_qid = nsq < ncq ? nsq : ncq;
	tc->io = calloc(tc->max_qid + 1, sizeof(*tc->io));
	return tc->io ? 0 : -ENOMEM;
}

/*
 * IOCCSZ, the I/O queues' capsule size in 16 bytes, the SQE included.
 * Learnt here, not from the library's identify data, which a caller who
 * opened without init has not read: a target may rely on it (Linux's
 * waits for the capsule's data of a write that would have fit, and never
 * sends the R2T).
 */
static int capsule_size(struct nvmet_ctrl *ctrl)
{
	struct tcp_ctrl *tc = tcp_ctrl(ctrl);
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	uint32_t ioccsz;
	uint8_t *id = malloc(4096);
	int ret;

	if (!id)
		return -ENOMEM;
	nvmet_cmd_identify(&sqe, NVMET_CNS_CTRL, 0, NULL);
	ret = tcp_queue_own_cmd(&tc->admin, TCP_CID_SYNC, &sqe, id, 4096, false, &cqe);
	if (!ret && !nvmet_cqe_ok(&cqe)) {
		nvmet_set_error("tcp: Identify Controller failed (status %#x)", cqe.status >> 1);
		ret = -EIO;
	}
	if (!ret) {
		memcpy(&ioccsz, id + NVMET_ID_CTRL_IOCCSZ, sizeof(ioccsz));
		tc->io_icd = ioccsz > 4 ? (ioccsz - 4) * 16 : 0;
	}
	free(id);
	return ret;
}

/* capture=FILE: the file, before the first connection. */
static int capture_open(struct tcp_ctrl *tc)
{
	int ret;

	if (!tc->addr.capture[0])
		return 0;
	ret = nvmet_pcap_open(tc->addr.capture, &tc->pc);
	if (ret)
		nvmet_set_error("tcp: capture=%s: %s", tc->addr.capture, strerror(-ret));
	return ret;
}

/*
 * The association: the admin connection, CAP, the controller enabled (as
 * the other transports leave it at open; the queue count needs it), its
 * number of I/O queues and their capsule size.
 */
int nvmet_tcp_open(const char *addr, struct nvmet_ctrl *ctrl)
{
	struct tcp_ctrl *tc = calloc(1, sizeof(*tc));
	int ret;

	if (!tc)
		return -ENOMEM;
	tc->admin.fd = -1;
	ctrl->tp = &tcp_transport;
	ctrl->tpriv = tc;
	ret = tcp_addr_parse(addr, &tc->addr);
	if (!ret)
		ret = capture_open(tc);
	if (!ret)
		ret = admin_connect(ctrl);
	if (!ret)
		ret = tcp_prop_get(tc, NVMET_REG_CAP, 8, &tc->cap);
	if (!ret)
		ret = disable(tc);
	if (!ret)
		ret = enable(tc, 4096u << ((tc->cap >> 48) & 0xf));
	if (!ret)
		ret = queue_count(ctrl);
	if (!ret)
		ret = capsule_size(ctrl);
	if (ret) {
		tcp_close(ctrl);
		return ret;
	}
	return 0;
}
