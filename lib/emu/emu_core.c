// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * emu_core.c - the emulated controller's engine: one thread that polls
 * the doorbells (like a shadow-doorbell controller), fetches commands
 * round robin from the submission queues, runs the decode taps, executes
 * them, and posts completions with the phase tag, SQ head and interrupt.
 */
#include <errno.h>
#include <sched.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu_priv.h"

#define EMU_BURST		32	/* commands per queue per round */
#define EMU_SPIN_ROUNDS		2000		/* idle rounds before yielding */
#define EMU_YIELD_NS		50000000ull	/* idle time before sleeping: 50 ms */
#define EMU_SLEEP_NS		100000		/* sleep between polls when idle */

static atomic_uint emu_count;

uint64_t emu_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void emu_kick(struct nvmet_emu *emu)
{
	if (!atomic_load_explicit(&emu->sleeping, memory_order_acquire))
		return;
	pthread_mutex_lock(&emu->lock);
	pthread_cond_signal(&emu->kick);
	pthread_mutex_unlock(&emu->lock);
}

static inline unsigned int db_index(const struct nvmet_emu *emu, uint16_t qid, bool cq)
{
	return (2u * qid + (cq ? 1u : 0u)) << emu->opts.dstrd;
}

/* ---- interrupts ----------------------------------------------------- */

void emu_msix_raise(struct nvmet_emu *emu, uint16_t vector)
{
	struct emu_vector *v;

	if (vector >= emu->opts.vectors)
		return;
	if (emu_tap_on(emu, NVMET_EMU_TAP_MSIX)) {
		struct nvmet_emu_event ev = { .vector = vector };

		if (emu_tap_run(emu, NVMET_EMU_TAP_MSIX, &ev) != NVMET_EMU_CONTINUE)
			return;
	}
	v = &emu->vec[vector];
	if (atomic_load_explicit(&v->masked, memory_order_acquire) ||
	    emu_msix_function_masked(emu))
		atomic_store(&v->pending, true);
	else
		atomic_fetch_add_explicit(&v->count, 1, memory_order_release);
}

/* ---- completions ---------------------------------------------------- */

static bool cq_full(const struct emu_cq *cq)
{
	return (cq->tail + 1) % cq->size == cq->head;
}

static void cq_write(struct nvmet_emu *emu, struct emu_cq *cq, const struct nvmet_cqe *cqe)
{
	volatile struct nvmet_cqe *e = &cq->base[cq->tail];

	e->dw0 = cqe->dw0;
	e->dw1 = cqe->dw1;
	e->sqhd = cqe->sqhd;
	e->sqid = cqe->sqid;
	e->cid = cqe->cid;
	atomic_thread_fence(memory_order_release);
	e->status = (uint16_t)((cqe->status & ~1u) | cq->phase);
	if (++cq->tail == cq->size) {
		cq->tail = 0;
		cq->phase ^= 1;
	}
	if (cq->ien)
		emu_msix_raise(emu, cq->vector);
}

static int backlog_add(struct nvmet_emu *emu, const struct emu_cmd *cmd)
{
	if (emu->nr_backlog == emu->cap_backlog) {
		unsigned int cap = emu->cap_backlog ? emu->cap_backlog * 2 : 64;
		struct emu_cmd *n = realloc(emu->backlog, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		emu->backlog = n;
		emu->cap_backlog = cap;
	}
	emu->backlog[emu->nr_backlog++] = *cmd;
	return 0;
}

/* Post a finished completion to its SQ's CQ, or keep it until there is room. */
static void cq_post(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	struct emu_sq *sq = cmd->sqid <= emu->max_qid ? &emu->sqs[cmd->sqid] : NULL;
	struct emu_cq *cq;

	if (!sq || !sq->valid)
		return;		/* the queue went away: nobody to tell */
	cq = &emu->cqs[sq->cqid];
	if (!cq->valid)
		return;
	if (cq_full(cq) || emu->nr_backlog) {
		backlog_add(emu, cmd);
		return;
	}
	cq_write(emu, cq, &cmd->cqe);
}

void emu_complete(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	enum nvmet_emu_tap tap = cmd->sqid ? NVMET_EMU_TAP_IO_WRITEBACK :
					     NVMET_EMU_TAP_ADMIN_WRITEBACK;
	struct emu_sq *sq = cmd->sqid <= emu->max_qid ? &emu->sqs[cmd->sqid] : NULL;

	cmd->cqe.cid = cmd->sqe.cid;
	cmd->cqe.sqid = cmd->sqid;
	cmd->cqe.sqhd = sq ? (uint16_t)sq->head : 0;
	if (emu_tap_on(emu, tap)) {
		struct nvmet_emu_event ev = {
			.sqid = cmd->sqid, .sqe = &cmd->sqe, .cqe = &cmd->cqe,
		};

		ev.ts_ns = emu_now_ns();
		ev.latency_ns = ev.ts_ns - cmd->fetch_ns;
		if (emu_tap_run(emu, tap, &ev) == NVMET_EMU_DROP)
			return;
	}
	if (cmd->cqe.status & 0xfffe)
		emu_admin_log_error(emu, cmd, 0, cmd->sqe.nsid);
	cq_post(emu, cmd);
}

static void backlog_flush(struct nvmet_emu *emu)
{
	unsigned int i = 0, j;

	while (i < emu->nr_backlog) {
		struct emu_cmd *c = &emu->backlog[i];
		struct emu_sq *sq = &emu->sqs[c->sqid];
		struct emu_cq *cq;

		if (!sq->valid || !emu->cqs[sq->cqid].valid) {
			i++;
			continue;
		}
		cq = &emu->cqs[sq->cqid];
		if (cq_full(cq))
			break;
		cq_write(emu, cq, &c->cqe);
		i++;
	}
	for (j = 0; i + j < emu->nr_backlog; j++)
		emu->backlog[j] = emu->backlog[i + j];
	emu->nr_backlog = j;
}

static int dropped_add(struct nvmet_emu *emu, const struct emu_cmd *cmd)
{
	if (emu->nr_dropped == emu->cap_dropped) {
		unsigned int cap = emu->cap_dropped ? emu->cap_dropped * 2 : 16;
		struct emu_cmd *n = realloc(emu->dropped, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		emu->dropped = n;
		emu->cap_dropped = cap;
	}
	emu->dropped[emu->nr_dropped++] = *cmd;
	return 0;
}

bool emu_abort_dropped(struct nvmet_emu *emu, uint16_t sqid, uint16_t cid, uint16_t status)
{
	unsigned int i;

	for (i = 0; i < emu->nr_dropped; i++) {
		struct emu_cmd c = emu->dropped[i];

		if (c.sqid != sqid || c.sqe.cid != cid)
			continue;
		emu->dropped[i] = emu->dropped[--emu->nr_dropped];
		c.cqe.status = status;
		c.cqe.dw0 = 0;
		c.cqe.dw1 = 0;
		emu_complete(emu, &c);
		return true;
	}
	return false;
}

/* ---- queues --------------------------------------------------------- */

static void active_rebuild(struct nvmet_emu *emu)
{
	unsigned int q, n = 0;

	for (q = 0; q <= emu->max_qid; q++)
		if (emu->sqs[q].valid)
			emu->active_sqs[n++] = (uint16_t)q;
	emu->nr_active_sqs = n;
}

/*
 * CAP.MQES bounds the I/O queues only: the admin queues' sizes come from
 * AQA, whose 12-bit fields allow 4096 entries whatever MQES says.
 */
static uint32_t queue_max(const struct nvmet_emu *emu, uint16_t qid)
{
	return qid ? emu->opts.mqes : 4096;
}

uint16_t emu_cq_setup(struct nvmet_emu *emu, uint16_t qid, uint64_t iova, uint32_t size,
		      bool ien, uint16_t vector)
{
	struct emu_cq *cq;
	void *va;

	if (qid > emu->max_qid || emu->cqs[qid].valid)
		return EMU_ERR(NVMET_SCT_CMD_SPECIFIC, NVMET_SC_QID_INVALID);
	if (size < 2 || size > queue_max(emu, qid))
		return EMU_ERR(NVMET_SCT_CMD_SPECIFIC, NVMET_SC_QUEUE_SIZE);
	if (ien && vector >= emu->opts.vectors)
		return EMU_ERR(NVMET_SCT_CMD_SPECIFIC, NVMET_SC_INVALID_VECTOR);
	va = (iova & (EMU_PAGE - 1)) ? NULL : emu_dma_va(&emu->dma, iova, (size_t)size * 16);
	if (!va)
		return EMU_ERR(NVMET_SCT_GENERIC, NVMET_SC_INVALID_FIELD);
	cq = &emu->cqs[qid];
	memset(cq, 0, sizeof(*cq));
	cq->qid = qid;
	cq->size = size;
	cq->phase = 1;
	cq->ien = ien;
	cq->vector = vector;
	cq->base = va;
	cq->iova = iova;
	emu->db[db_index(emu, qid, true)] = 0;
	cq->valid = true;
	return EMU_OK;
}

uint16_t emu_sq_setup(struct nvmet_emu *emu, uint16_t qid, uint64_t iova, uint32_t size,
		      uint16_t cqid, uint8_t prio)
{
	struct emu_sq *sq;
	void *va;

	if (qid > emu->max_qid || emu->sqs[qid].valid)
		return EMU_ERR(NVMET_SCT_CMD_SPECIFIC, NVMET_SC_QID_INVALID);
	if (cqid > emu->max_qid || !emu->cqs[cqid].valid || (!cqid) != (!qid))
		return EMU_ERR(NVMET_SCT_CMD_SPECIFIC, NVMET_SC_CQ_INVALID);
	if (size < 2 || size > queue_max(emu, qid))
		return EMU_ERR(NVMET_SCT_CMD_SPECIFIC, NVMET_SC_QUEUE_SIZE);
	va = (iova & (EMU_PAGE - 1)) ? NULL : emu_dma_va(&emu->dma, iova, (size_t)size * 64);
	if (!va)
		return EMU_ERR(NVMET_SCT_GENERIC, NVMET_SC_INVALID_FIELD);
	sq = &emu->sqs[qid];
	memset(sq, 0, sizeof(*sq));
	sq->qid = qid;
	sq->cqid = cqid;
	sq->prio = prio;
	sq->size = size;
	sq->base = va;
	sq->iova = iova;
	emu->db[db_index(emu, qid, false)] = 0;
	sq->valid = true;
	emu->cqs[cqid].nr_sqs++;
	active_rebuild(emu);
	return EMU_OK;
}

uint16_t emu_cq_teardown(struct nvmet_emu *emu, uint16_t qid)
{
	if (qid > emu->max_qid || !emu->cqs[qid].valid)
		return EMU_ERR(NVMET_SCT_CMD_SPECIFIC, NVMET_SC_QID_INVALID);
	if (emu->cqs[qid].nr_sqs)
		return EMU_ERR(NVMET_SCT_CMD_SPECIFIC, NVMET_SC_INVALID_QUEUE_DELETION);
	emu->cqs[qid].valid = false;
	return EMU_OK;
}

uint16_t emu_sq_teardown(struct nvmet_emu *emu, uint16_t qid)
{
	unsigned int i;

	if (qid > emu->max_qid || !emu->sqs[qid].valid)
		return EMU_ERR(NVMET_SCT_CMD_SPECIFIC, NVMET_SC_QID_INVALID);
	/* Commands the controller holds for it end now. */
	for (i = 0; i < emu->nr_dropped;) {
		if (emu->dropped[i].sqid == qid &&
		    emu_abort_dropped(emu, qid, emu->dropped[i].sqe.cid,
				      EMU_ERR(NVMET_SCT_GENERIC, 0x08)))
			continue;
		i++;
	}
	emu->sqs[qid].valid = false;
	emu->cqs[emu->sqs[qid].cqid].nr_sqs--;
	active_rebuild(emu);
	return EMU_OK;
}

void emu_ctrl_reset(struct nvmet_emu *emu)
{
	unsigned int q;

	for (q = 0; q <= emu->max_qid; q++) {
		emu->sqs[q].valid = false;
		emu->cqs[q].valid = false;
	}
	emu->nr_active_sqs = 0;
	emu->nr_backlog = 0;
	emu->nr_dropped = 0;
	memset((void *)emu->db, 0, emu->db_bytes);
	emu_admin_reset(emu);
}

/* ---- fetch and execute ---------------------------------------------- */

static void fire_doorbell(struct nvmet_emu *emu, uint16_t qid, bool cq, uint32_t *val, bool *drop)
{
	struct nvmet_emu_event ev = {
		.offset = NVMET_REG_DBS + db_index(emu, qid, cq) * 4, .width = 4, .value = *val,
		.ts_ns = emu->round_ns,
	};

	*drop = emu_tap_run(emu, NVMET_EMU_TAP_REGWRITE, &ev) != NVMET_EMU_CONTINUE;
	*val = (uint32_t)ev.value;
}

/* A doorbell value beyond the queue: ignored, reported by an error event. */
static void bad_doorbell(struct nvmet_emu *emu)
{
	nvmet_emu_aer(emu, EMU_AET_ERROR, 0x01, NVMET_LOG_ERROR);
}

static void sq_doorbell(struct nvmet_emu *emu, struct emu_sq *sq)
{
	uint32_t v = emu->db[db_index(emu, sq->qid, false)];
	bool drop = false;

	if (v == sq->db_seen)
		return;
	sq->db_seen = v;
	if (emu_tap_on(emu, NVMET_EMU_TAP_REGWRITE))
		fire_doorbell(emu, sq->qid, false, &v, &drop);
	if (drop)
		return;
	if (v >= sq->size)
		bad_doorbell(emu);
	else
		sq->tail = v;
}

static void cq_doorbell(struct nvmet_emu *emu, struct emu_cq *cq)
{
	uint32_t v = emu->db[db_index(emu, cq->qid, true)];
	bool drop = false;

	if (v == cq->db_seen)
		return;
	cq->db_seen = v;
	if (emu_tap_on(emu, NVMET_EMU_TAP_REGWRITE))
		fire_doorbell(emu, cq->qid, true, &v, &drop);
	if (drop)
		return;
	if (v >= cq->size)
		bad_doorbell(emu);
	else
		cq->head = v;
}

static void sqe_copy(struct nvmet_sqe *dst, const volatile struct nvmet_sqe *src)
{
	memcpy(dst, (const void *)src, sizeof(*dst));
}

/* Decode taps; true when the command is already dealt with. */
static bool cmd_decode(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	enum nvmet_emu_tap tap = cmd->sqid ? NVMET_EMU_TAP_IO_DECODE : NVMET_EMU_TAP_ADMIN_DECODE;
	struct nvmet_emu_event ev;
	int v;

	if (!emu_tap_on(emu, tap))
		return false;
	memset(&ev, 0, sizeof(ev));
	ev.sqid = cmd->sqid;
	ev.sqe = &cmd->sqe;
	ev.cqe = &cmd->cqe;
	ev.ts_ns = cmd->fetch_ns;
	v = emu_tap_run(emu, tap, &ev);
	if (v == NVMET_EMU_HANDLED) {
		emu_complete(emu, cmd);
		return true;
	}
	if (v == NVMET_EMU_DROP) {
		dropped_add(emu, cmd);
		return true;
	}
	return false;
}

static void cmd_fetch(struct emu_sq *sq, struct emu_cmd *cmd)
{
	sqe_copy(&cmd->sqe, &sq->base[sq->head]);
	if (++sq->head == sq->size)
		sq->head = 0;
	memset(&cmd->cqe, 0, sizeof(cmd->cqe));
	cmd->sqid = sq->qid;
}

static void fused_missing(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	cmd->cqe.status = EMU_ERR(NVMET_SCT_GENERIC, 0x0a);
	emu_complete(emu, cmd);
}

static void io_run(struct nvmet_emu *emu, struct emu_sq *sq, struct emu_cmd *cmd)
{
	struct emu_cmd second;
	uint8_t fuse = cmd->sqe.flags & 3;

	if (fuse == 2 || fuse == 3) {
		/* A second half without its first, or a reserved value. */
		if (fuse == 2)
			fused_missing(emu, cmd);
		else {
			cmd->cqe.status = EMU_ERR(NVMET_SCT_GENERIC, NVMET_SC_INVALID_FIELD);
			emu_complete(emu, cmd);
		}
		return;
	}
	if (fuse == 1) {
		if (sq->head == sq->tail ||
		    (sq->base[sq->head].flags & 3) != 2) {
			fused_missing(emu, cmd);
			return;
		}
		cmd_fetch(sq, &second);
		second.fetch_ns = cmd->fetch_ns;
		if (cmd_decode(emu, cmd)) {
			fused_missing(emu, &second);
			return;
		}
		if (cmd_decode(emu, &second)) {
			fused_missing(emu, cmd);
			return;
		}
		emu_io_exec(emu, cmd, &second);
		emu_complete(emu, cmd);
		emu_complete(emu, &second);
		return;
	}
	if (cmd_decode(emu, cmd))
		return;
	emu_io_exec(emu, cmd, NULL);
	emu_complete(emu, cmd);
}

static void admin_run(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	if (cmd->sqe.flags & 3) {
		cmd->cqe.status = EMU_ERR(NVMET_SCT_GENERIC, NVMET_SC_INVALID_FIELD);
		emu_complete(emu, cmd);
		return;
	}
	if (cmd_decode(emu, cmd))
		return;
	if (emu_admin_exec(emu, cmd) == EMU_EXEC_DONE)
		emu_complete(emu, cmd);
}

/* Up to @budget commands from @sq; returns how many. */
static unsigned int sq_service(struct nvmet_emu *emu, struct emu_sq *sq, unsigned int budget,
			       uint64_t now)
{
	struct emu_cq *cq = &emu->cqs[sq->cqid];
	unsigned int done = 0;
	struct emu_cmd cmd;

	sq_doorbell(emu, sq);
	while (sq->head != sq->tail && done < budget && sq->valid) {
		cq_doorbell(emu, cq);
		if (cq_full(cq) || emu->nr_backlog)
			break;
		cmd_fetch(sq, &cmd);
		cmd.fetch_ns = now;
		if (sq->qid)
			io_run(emu, sq, &cmd);
		else
			admin_run(emu, &cmd);
		done++;
	}
	return done;
}

static unsigned int emu_round(struct nvmet_emu *emu, uint64_t now)
{
	unsigned int i, work = 0;

	/* Doorbells seen in this round are stamped no later than what they start. */
	emu->round_ns = now;
	for (i = 0; i < emu->nr_active_sqs; i++) {
		struct emu_sq *sq = &emu->sqs[emu->active_sqs[i]];

		if (sq->valid)
			work += sq_service(emu, sq, EMU_BURST, now);
	}
	if (emu->nr_backlog) {
		for (i = 0; i <= emu->max_qid; i++)
			if (emu->cqs[i].valid)
				cq_doorbell(emu, &emu->cqs[i]);
		backlog_flush(emu);
	}
	return work;
}

/*
 * Nothing to do: spin a little, then yield the CPU (a host that submits
 * a command every millisecond or so still gets an answer at once), and
 * only after 50 ms of nothing sleep between polls, so an idle controller
 * costs no CPU. A register write wakes it at once.
 */
static void emu_idle(struct nvmet_emu *emu, unsigned int rounds, uint64_t idle_ns)
{
	if (rounds < EMU_SPIN_ROUNDS) {
		__builtin_ia32_pause();
	} else if (idle_ns < EMU_YIELD_NS) {
		sched_yield();
	} else {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += EMU_SLEEP_NS;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&emu->lock);
		atomic_store(&emu->sleeping, true);
		if (!atomic_load(&emu->stop) && !atomic_load(&emu->pending_ctl))
			pthread_cond_timedwait(&emu->kick, &emu->lock, &ts);
		atomic_store(&emu->sleeping, false);
		pthread_mutex_unlock(&emu->lock);
	}
}

static void *emu_thread(void *arg)
{
	struct nvmet_emu *emu = arg;
	unsigned int idle = 0;
	uint64_t idle_since = 0;

	/* Sleeps are short: do not let the kernel stretch them. */
	prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
	while (!atomic_load_explicit(&emu->stop, memory_order_acquire)) {
		uint64_t now = emu_now_ns();
		unsigned int work = 0;

		atomic_fetch_add_explicit(&emu->epoch, 1, memory_order_release);
		if (atomic_load_explicit(&emu->pending_ctl, memory_order_acquire)) {
			emu_regs_apply(emu);
			work++;
		}
		if (atomic_load_explicit(&emu->csts, memory_order_relaxed) & NVMET_CSTS_RDY)
			work += emu_round(emu, now);
		emu_admin_tick(emu, now);
		if (work) {
			idle = 0;
			continue;
		}
		if (!idle)
			idle_since = now;
		emu_idle(emu, idle++, now - idle_since);
	}
	return NULL;
}

int emu_start(struct nvmet_emu *emu)
{
	int ret;

	if (emu->thread_started)
		return 0;
	atomic_store(&emu->stop, false);
	ret = -pthread_create(&emu->thread, NULL, emu_thread, emu);
	if (!ret)
		emu->thread_started = true;
	return ret;
}

void emu_stop(struct nvmet_emu *emu)
{
	if (!emu->thread_started)
		return;
	pthread_mutex_lock(&emu->lock);
	atomic_store(&emu->stop, true);
	pthread_cond_signal(&emu->kick);
	pthread_mutex_unlock(&emu->lock);
	pthread_join(emu->thread, NULL);
	emu->thread_started = false;
}

void emu_power_cycle(struct nvmet_emu *emu)
{
	bool clean = (atomic_load(&emu->csts) & NVMET_CSTS_SHST_MASK) == NVMET_CSTS_SHST_CMPLT;
	unsigned int i;

	for (i = 1; i <= EMU_MAX_NS; i++)
		if (emu->ns[i])
			emu_store_power_loss(emu->ns[i]->store);
	emu_ctrl_reset(emu);
	emu_regs_init(emu);
	emu_cfg_init(emu);
	emu->adm.power_cycles++;
	if (!clean)
		emu->adm.unsafe_shutdowns++;
}

void emu_function_reset(struct nvmet_emu *emu)
{
	bool running = emu->thread_started;

	emu_stop(emu);
	emu_ctrl_reset(emu);
	emu_regs_init(emu);
	emu_cfg_init(emu);
	if (running)
		emu_start(emu);
}

/* ---- life cycle ----------------------------------------------------- */

int emu_create(const struct emu_opts *o, struct nvmet_emu **out)
{
	struct nvmet_emu *emu = calloc(1, sizeof(*emu));
	unsigned int i;
	int ret;

	if (!emu)
		return -ENOMEM;
	emu->opts = *o;
	snprintf(emu->name, sizeof(emu->name), "emu%u", atomic_fetch_add(&emu_count, 1));
	pthread_mutex_init(&emu->lock, NULL);
	pthread_cond_init(&emu->kick, NULL);
	emu->max_qid = o->queues;
	emu->sqs = calloc(emu->max_qid + 1, sizeof(*emu->sqs));
	emu->cqs = calloc(emu->max_qid + 1, sizeof(*emu->cqs));
	emu->active_sqs = calloc(emu->max_qid + 1, sizeof(*emu->active_sqs));
	emu->vec = calloc(o->vectors, sizeof(*emu->vec));
	emu->db_bytes = (size_t)2 * (emu->max_qid + 1) * (4u << o->dstrd);
	emu->db_bytes = (emu->db_bytes + EMU_PAGE - 1) & ~(size_t)(EMU_PAGE - 1);
	emu->db = aligned_alloc(EMU_PAGE, emu->db_bytes);
	if (!emu->sqs || !emu->cqs || !emu->active_sqs || !emu->vec || !emu->db) {
		ret = -ENOMEM;
		goto fail;
	}
	memset((void *)emu->db, 0, emu->db_bytes);
	ret = emu_dma_init(&emu->dma);
	if (ret)
		goto fail;
	emu_regs_init(emu);
	emu_cfg_init(emu);
	ret = emu_admin_init(emu);
	for (i = 1; !ret && i <= o->nr_ns; i++)
		ret = emu_ns_create(emu, i, o->ns_bytes, o->lba_size == 4096 ? 1 : 0);
	if (!ret)
		ret = emu_start(emu);
	if (ret)
		goto fail;
	*out = emu;
	return 0;
fail:
	emu_destroy(emu);
	return ret;
}

void emu_destroy(struct nvmet_emu *emu)
{
	unsigned int i;

	if (!emu)
		return;
	emu_plugins_unload_all(emu);
	emu_stop(emu);
	for (i = 1; i <= EMU_MAX_NS; i++)
		if (emu->ns[i])
			emu_ns_destroy(emu, i);
	if (emu->dma.table)
		emu_admin_fini(emu);
	if (emu->dma.table)
		emu_dma_fini(&emu->dma);
	free((void *)emu->db);
	free(emu->vec);
	free(emu->active_sqs);
	free(emu->cqs);
	free(emu->sqs);
	free(emu->backlog);
	free(emu->dropped);
	pthread_cond_destroy(&emu->kick);
	pthread_mutex_destroy(&emu->lock);
	free(emu);
}
