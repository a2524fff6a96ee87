// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * queues.c - the PCIe front end's queues in host memory: creation and
 * deletion (for the admin commands and at enable), the doorbells as the
 * controller notices them (with their nvme:regwrite taps), fetching round
 * robin into the core, and posting completions with the phase tag, SQ head
 * and interrupt, or keeping them until a full CQ has room.
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "pcie.h"

#define EMU_BURST		32	/* commands per queue per round */

/* ---- completions ---------------------------------------------------- */

static bool cq_full(const struct emu_cq *cq)
{
	uint32_t next = cq->tail + 1;

	return (next == cq->size ? 0 : next) == cq->head;
}

static void cq_write(struct emu_pcie *p, struct emu_cq *cq, const struct nvmet_cqe *cqe)
{
	volatile struct nvmet_cqe *e = &cq->base[cq->tail];

	e->dw0 = cqe->dw0;
	e->dw1 = cqe->dw1;
	e->sqhd = cqe->sqhd;
	e->sqid = cqe->sqid;
	e->cid = cqe->cid;
	/* The host reads the entry once it sees the new phase tag. */
	atomic_thread_fence(memory_order_release);
	e->status = (uint16_t)((cqe->status & ~1u) | cq->phase);
	if (++cq->tail == cq->size) {
		cq->tail = 0;
		cq->phase ^= 1;
	}
	if (cq->ien)
		emu_msix_raise(p, cq->vector);
}

/* Post a finished completion to its SQ's CQ, or keep it until there is room. */
static void pcie_post(void *fe, struct emu_cmd *cmd)
{
	struct emu_pcie *p = fe;
	struct emu_sq *sq = cmd->sqid <= p->max_qid ? &p->sqs[cmd->sqid] : NULL;
	struct emu_cq *cq;

	if (!sq || !sq->valid)
		return;		/* the queue went away: nobody to tell */
	cq = &p->cqs[sq->cqid];
	if (!cq->valid)
		return;
	if (cq_full(cq) || p->nr_backlog) {
		emu_cmd_list_add(&p->backlog, &p->nr_backlog, &p->cap_backlog, cmd);
		return;
	}
	cq_write(p, cq, &cmd->cqe);
}

static uint16_t pcie_sq_head(void *fe, uint16_t sqid)
{
	struct emu_pcie *p = fe;

	return sqid <= p->max_qid ? (uint16_t)p->sqs[sqid].head : 0;
}

static void backlog_flush(struct emu_pcie *p)
{
	unsigned int i = 0, j;

	while (i < p->nr_backlog) {
		struct emu_cmd *c = &p->backlog[i];
		struct emu_sq *sq = &p->sqs[c->sqid];
		struct emu_cq *cq;

		if (!sq->valid || !p->cqs[sq->cqid].valid) {
			i++;
			continue;
		}
		cq = &p->cqs[sq->cqid];
		if (cq_full(cq))
			break;
		cq_write(p, cq, &c->cqe);
		i++;
	}
	for (j = 0; i + j < p->nr_backlog; j++)
		p->backlog[j] = p->backlog[i + j];
	p->nr_backlog = j;
}

/* ---- queues --------------------------------------------------------- */

static void active_rebuild(struct emu_pcie *p)
{
	unsigned int q, n = 0;

	for (q = 0; q <= p->max_qid; q++)
		if (p->sqs[q].valid)
			p->active_sqs[n++] = (uint16_t)q;
	p->nr_active_sqs = n;
}

/*
 * CAP.MQES bounds the I/O queues only: the admin queues' sizes come from
 * AQA, whose 12-bit fields allow 4096 entries whatever MQES says.
 */
static uint32_t queue_max(const struct emu_pcie *p, uint16_t qid)
{
	return qid ? p->emu->opts.mqes : 4096;
}

static uint16_t cq_setup(struct emu_pcie *p, uint16_t qid, uint64_t iova, uint32_t size, bool ien,
			 uint16_t vector)
{
	struct emu_cq *cq;
	void *va;

	if (qid > p->max_qid || p->cqs[qid].valid)
		return ST_CMD(NVMET_SC_QID_INVALID);
	if (size < 2 || size > queue_max(p, qid))
		return ST_CMD(NVMET_SC_QUEUE_SIZE);
	if (ien && vector >= p->emu->opts.vectors)
		return ST_CMD(NVMET_SC_INVALID_VECTOR);
	va = (iova & (EMU_PAGE - 1)) ? NULL : emu_dma_va(&p->dma, iova, (size_t)size * 16);
	if (!va)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	cq = &p->cqs[qid];
	memset(cq, 0, sizeof(*cq));
	cq->qid = qid;
	cq->size = size;
	cq->phase = 1;
	cq->ien = ien;
	cq->vector = vector;
	cq->base = va;
	cq->iova = iova;
	p->db[emu_db_index(p, qid, true)] = 0;
	cq->valid = true;
	return 0;
}

static uint16_t sq_setup(struct emu_pcie *p, uint16_t qid, uint64_t iova, uint32_t size,
			 uint16_t cqid, uint8_t prio)
{
	struct emu_sq *sq;
	void *va;

	if (qid > p->max_qid || p->sqs[qid].valid)
		return ST_CMD(NVMET_SC_QID_INVALID);
	if (cqid > p->max_qid || !p->cqs[cqid].valid || (!cqid) != (!qid))
		return ST_CMD(NVMET_SC_CQ_INVALID);
	if (size < 2 || size > queue_max(p, qid))
		return ST_CMD(NVMET_SC_QUEUE_SIZE);
	va = (iova & (EMU_PAGE - 1)) ? NULL : emu_dma_va(&p->dma, iova, (size_t)size * 64);
	if (!va)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	sq = &p->sqs[qid];
	memset(sq, 0, sizeof(*sq));
	sq->qid = qid;
	sq->cqid = cqid;
	sq->prio = prio;
	sq->size = size;
	sq->base = va;
	sq->iova = iova;
	p->db[emu_db_index(p, qid, false)] = 0;
	sq->valid = true;
	p->cqs[cqid].nr_sqs++;
	active_rebuild(p);
	return 0;
}

static uint16_t pcie_enable(void *fe, uint32_t asqs, uint32_t acqs, uint64_t asq, uint64_t acq)
{
	struct emu_pcie *p = fe;
	uint16_t st = cq_setup(p, 0, acq, acqs, true, 0);

	return st ? st : sq_setup(p, 0, asq, asqs, 0, 0);
}

/* QSIZE is 0-based; a queue has at least two entries and at most CAP.MQES + 1. */
static bool queue_size_ok(const struct emu_pcie *p, uint16_t qsize)
{
	return qsize >= 1 && qsize + 1u <= p->emu->opts.mqes;
}

static uint16_t pcie_create_cq(void *fe, const struct nvmet_sqe *sqe, unsigned int max_qid)
{
	const struct nvmet_sqe_create_cq *c = &sqe->create_cq;
	struct emu_pcie *p = fe;

	if (!c->qid || c->qid > max_qid || c->qid > p->max_qid || p->cqs[c->qid].valid)
		return ST_CMD(NVMET_SC_QID_INVALID);
	if (!c->pc)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);	/* CAP.CQR */
	if (!queue_size_ok(p, c->qsize))
		return ST_CMD(NVMET_SC_QUEUE_SIZE);
	if (c->ien && c->iv >= p->emu->opts.vectors)
		return ST_CMD(NVMET_SC_INVALID_VECTOR);
	return cq_setup(p, c->qid, sqe->prp1, c->qsize + 1u, c->ien, c->iv);
}

static uint16_t pcie_create_sq(void *fe, const struct nvmet_sqe *sqe, unsigned int max_qid)
{
	const struct nvmet_sqe_create_sq *c = &sqe->create_sq;
	struct emu_pcie *p = fe;

	if (!c->qid || c->qid > max_qid || c->qid > p->max_qid || p->sqs[c->qid].valid)
		return ST_CMD(NVMET_SC_QID_INVALID);
	if (!c->cqid || c->cqid > p->max_qid || !p->cqs[c->cqid].valid)
		return ST_CMD(NVMET_SC_CQ_INVALID);
	if (!c->pc)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);	/* CAP.CQR */
	if (!queue_size_ok(p, c->qsize))
		return ST_CMD(NVMET_SC_QUEUE_SIZE);
	return sq_setup(p, c->qid, sqe->prp1, c->qsize + 1u, c->cqid, c->qprio);
}

static uint16_t pcie_delete_cq(void *fe, uint16_t qid)
{
	struct emu_pcie *p = fe;

	if (!qid || qid > p->max_qid || !p->cqs[qid].valid)
		return ST_CMD(NVMET_SC_QID_INVALID);
	if (p->cqs[qid].nr_sqs)
		return ST_CMD(NVMET_SC_INVALID_QUEUE_DELETION);
	p->cqs[qid].valid = false;
	return 0;
}

static uint16_t pcie_delete_sq(void *fe, uint16_t qid)
{
	struct emu_pcie *p = fe;

	if (!qid || qid > p->max_qid || !p->sqs[qid].valid)
		return ST_CMD(NVMET_SC_QID_INVALID);
	/* Commands the controller holds for it end now, while their CQ is there. */
	emu_core_sq_deleted(p->emu, qid);
	p->sqs[qid].valid = false;
	p->cqs[p->sqs[qid].cqid].nr_sqs--;
	active_rebuild(p);
	return 0;
}

static bool pcie_io_queues(void *fe)
{
	struct emu_pcie *p = fe;
	unsigned int q;

	for (q = 1; q <= p->max_qid; q++)
		if (p->sqs[q].valid || p->cqs[q].valid)
			return true;
	return false;
}

static void pcie_reset(void *fe)
{
	struct emu_pcie *p = fe;
	unsigned int q;

	for (q = 0; q <= p->max_qid; q++) {
		p->sqs[q].valid = false;
		p->cqs[q].valid = false;
	}
	p->nr_active_sqs = 0;
	p->nr_backlog = 0;
	memset((void *)p->db, 0, p->db_bytes);
}

/* ---- doorbells, fetch ------------------------------------------------ */

static void fire_doorbell(struct emu_pcie *p, uint16_t qid, bool cq, uint32_t *val, bool *drop)
{
	struct nvmet_emu_event ev = {
		.offset = NVMET_REG_DBS + emu_db_index(p, qid, cq) * 4, .width = 4, .value = *val,
		.ts_ns = p->round_ns,
	};

	*drop = emu_tap_run(p->emu, NVMET_EMU_TAP_REGWRITE, &ev) != NVMET_EMU_CONTINUE;
	*val = (uint32_t)ev.value;
}

/* A doorbell value beyond the queue: ignored, reported by an error event. */
static void bad_doorbell(struct emu_pcie *p)
{
	nvmet_emu_aer(p->emu, NVMET_AER_TYPE_ERROR, NVMET_AER_ERROR_INVALID_DB, NVMET_LOG_ERROR);
}

/*
 * The doorbell's value when it changed since the last look (and its tap
 * let it through), for the caller to check against the queue size.
 */
static bool doorbell(struct emu_pcie *p, uint16_t qid, bool cq, uint32_t *seen, uint32_t *v)
{
	bool drop = false;

	*v = p->db[emu_db_index(p, qid, cq)];
	if (*v == *seen)
		return false;
	*seen = *v;
	/* Pairs with the writer's release fence: the ring entries it covers are seen. */
	atomic_thread_fence(memory_order_acquire);
	if (emu_tap_on(p->emu, NVMET_EMU_TAP_REGWRITE))
		fire_doorbell(p, qid, cq, v, &drop);
	return !drop;
}

static void sq_doorbell(struct emu_pcie *p, struct emu_sq *sq)
{
	uint32_t v;

	if (!doorbell(p, sq->qid, false, &sq->db_seen, &v))
		return;
	if (v >= sq->size)
		bad_doorbell(p);
	else
		sq->tail = v;
}

static void cq_doorbell(struct emu_pcie *p, struct emu_cq *cq)
{
	uint32_t v;

	if (!doorbell(p, cq->qid, true, &cq->db_seen, &v))
		return;
	if (v >= cq->size)
		bad_doorbell(p);
	else
		cq->head = v;
}

static void cmd_fetch(struct emu_sq *sq, struct emu_cmd *cmd, uint64_t now)
{
	memcpy(&cmd->sqe, (const void *)&sq->base[sq->head], sizeof(cmd->sqe));
	if (++sq->head == sq->size)
		sq->head = 0;
	cmd->sqid = sq->qid;
	cmd->fetch_ns = now;
}

/*
 * The second half of a fused pair comes from the next slot, when it is
 * there already and says it is the second; otherwise the core fails the
 * first as missing its second.
 */
static bool fused_second(struct emu_sq *sq, struct emu_cmd *second, uint64_t now)
{
	if (sq->head == sq->tail ||
	    (sq->base[sq->head].flags & NVMET_SQE_FUSE_MASK) != NVMET_SQE_FUSE_SECOND)
		return false;
	cmd_fetch(sq, second, now);
	return true;
}

/* Up to @budget commands from @sq; returns how many. */
static unsigned int sq_service(struct emu_pcie *p, struct emu_sq *sq, unsigned int budget,
			       uint64_t now)
{
	struct emu_cq *cq = &p->cqs[sq->cqid];
	struct emu_cmd cmd, second;
	unsigned int done = 0;
	bool pair;

	sq_doorbell(p, sq);
	while (sq->head != sq->tail && done < budget && sq->valid) {
		cq_doorbell(p, cq);
		if (cq_full(cq) || p->nr_backlog)
			break;
		cmd_fetch(sq, &cmd, now);
		pair = sq->qid && (cmd.sqe.flags & NVMET_SQE_FUSE_MASK) == NVMET_SQE_FUSE_FIRST &&
		       fused_second(sq, &second, now);
		emu_core_run(p->emu, &cmd, pair ? &second : NULL);
		done++;
	}
	return done;
}

unsigned int emu_queues_round(struct emu_pcie *p, uint64_t now)
{
	unsigned int i, work = 0;

	/* Doorbells seen in this round are stamped no later than what they start. */
	p->round_ns = now;
	for (i = 0; i < p->nr_active_sqs; i++) {
		struct emu_sq *sq = &p->sqs[p->active_sqs[i]];

		if (sq->valid)
			work += sq_service(p, sq, EMU_BURST, now);
	}
	if (p->nr_backlog) {
		for (i = 0; i <= p->max_qid; i++)
			if (p->cqs[i].valid)
				cq_doorbell(p, &p->cqs[i]);
		backlog_flush(p);
	}
	return work;
}

static void pcie_pci_ids(void *fe, uint8_t ids[8])
{
	struct emu_pcie *p = fe;

	pthread_mutex_lock(&p->lock);
	memcpy(ids, p->cfg, 4);			/* vendor and device IDs */
	memcpy(ids + 4, p->cfg + 0x2c, 4);	/* subsystem vendor and device IDs */
	pthread_mutex_unlock(&p->lock);
}

static void pcie_kick(void *fe)
{
	emu_thread_kick(fe);
}

/* Wait until the thread has gone round twice: nothing it ran before is still running. */
static void pcie_quiesce(void *fe)
{
	struct emu_pcie *p = fe;
	unsigned int e = atomic_load(&p->epoch);
	int spins = 0;

	if (!p->thread_started || emu_thread_self(p))
		return;
	emu_thread_kick(p);
	while (atomic_load(&p->epoch) - e < 2 && !atomic_load(&p->stop) && spins++ < 1000000)
		sched_yield();
}

const struct emu_frontend_ops emu_pcie_ops = {
	.enable = pcie_enable,
	.reset = pcie_reset,
	.sq_head = pcie_sq_head,
	.post = pcie_post,
	.data_map = emu_pcie_data_map,
	.create_cq = pcie_create_cq,
	.create_sq = pcie_create_sq,
	.delete_cq = pcie_delete_cq,
	.delete_sq = pcie_delete_sq,
	.io_queues = pcie_io_queues,
	.pci_ids = pcie_pci_ids,
	.kick = pcie_kick,
	.quiesce = pcie_quiesce,
};
