// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * admin.c - the host side of the emulated controller's
 * admin queue: enable and reset handshakes, submission with PRPs built for
 * the caller's buffer, reaping, per-command timeouts (all-ones CQE, the
 * slot held until the controller answers), and the admin cmdlog.
 */
#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nvmet/prp.h>

#include "support/clock.h"
#include "temu.h"

static void pause_a_little(unsigned int spins)
{
	struct timespec ts = { .tv_nsec = 50000 };

	if (spins < 200)
		sched_yield();
	else
		nanosleep(&ts, NULL);
}

static uint32_t csts(struct temu *t)
{
	uint64_t v = 0;

	emu_bus_reg_read(t->bus, NVMET_REG_CSTS, 4, &v);
	return (uint32_t)v;
}

/* Wait for CSTS.RDY to read @rdy, as long as CAP.TO allows. */
static int wait_ready(struct temu *t, uint32_t rdy)
{
	uint64_t end = nvmet_now_ns() + (uint64_t)NVMET_CAP_TO(t->cap) * 500000000ull;
	unsigned int spins = 0;

	for (;;) {
		uint32_t s = csts(t);

		if (s == UINT32_MAX)
			return -ENODEV;
		if (rdy && (s & NVMET_CSTS_CFS))
			return -EIO;
		if ((s & NVMET_CSTS_RDY) == rdy)
			return 0;
		if (nvmet_now_ns() > end)
			return -ETIMEDOUT;
		pause_a_little(spins++);
	}
}

int temu_enable(struct temu *t)
{
	struct emu_pcie *bus = t->bus;
	int ret;

	emu_bus_reg_write(bus, NVMET_REG_CC, 4, 0);
	ret = wait_ready(t, 0);
	if (ret)
		return ret;
	pthread_mutex_lock(&t->lock);
	memset((void *)t->acq, 0, TEMU_AQ_DEPTH * sizeof(struct nvmet_cqe));
	t->sq_tail = 0;
	t->cq_head = 0;
	t->phase = 1;
	pthread_mutex_unlock(&t->lock);
	emu_bus_reg_write(bus, NVMET_REG_AQA, 4,
		      ((TEMU_AQ_DEPTH - 1u) << 16) | (TEMU_AQ_DEPTH - 1u));
	emu_bus_reg_write(bus, NVMET_REG_ASQ, 8, (uintptr_t)t->asq);
	emu_bus_reg_write(bus, NVMET_REG_ACQ, 8, (uintptr_t)t->acq);
	emu_bus_reg_write(bus, NVMET_REG_CC, 4,
		      NVMET_CC_EN | NVMET_CC_IOSQES(6) | NVMET_CC_IOCQES(4));
	/* Disabled: the controller has no I/O queue left. */
	t->enables++;
	return wait_ready(t, NVMET_CSTS_RDY);
}

int temu_admin_init(struct temu *t)
{
	t->asq = emu_bus_dma_alloc(t->bus, TEMU_AQ_DEPTH * sizeof(struct nvmet_sqe));
	t->acq = emu_bus_dma_alloc(t->bus, TEMU_AQ_DEPTH * sizeof(struct nvmet_cqe));
	if (!t->asq || !t->acq)
		return -ENOMEM;
	return temu_enable(t);
}

/*
 * The admin command log, as the module keeps it: an entry when a command
 * is submitted, completed with its CQE, or marked timed out or aborted.
 */
static void log_submit(struct temu *t, struct temu_slot *s)
{
	struct nvmetest_cmdlog_entry *e = &t->log[t->log_seq % TEMU_LOG_ENTRIES];

	memset(e, 0, sizeof(*e));
	memcpy(e->sqe, &s->sqe, sizeof(e->sqe));
	e->submit_ns = s->submit_ns;
	e->seq = t->log_seq;
	s->log_seq = t->log_seq++;
}

/* @cqe NULL: all-ones (timed out, aborted). */
static void log_end(struct temu *t, const struct temu_slot *s, const struct nvmet_cqe *cqe,
		    uint32_t flag, uint64_t now)
{
	struct nvmetest_cmdlog_entry *e = &t->log[s->log_seq % TEMU_LOG_ENTRIES];

	/* Overwritten already when a ring's worth came after it. */
	if (e->seq != s->log_seq)
		return;
	if (cqe)
		memcpy(e->cqe, cqe, sizeof(e->cqe));
	else
		memset(e->cqe, 0xff, sizeof(e->cqe));
	e->complete_ns = now;
	e->flags |= flag;
}

static void slot_free(struct temu *t, struct temu_slot *s)
{
	s->busy = false;
	s->zombie = false;
	t->busy--;
}

static void done_push(struct temu *t, uint64_t tag, const struct nvmet_cqe *cqe, uint32_t result,
		      uint64_t latency)
{
	struct nvmet_acpl *a;

	if (t->ndone == TEMU_AQ_DEPTH)
		return;		/* cannot happen: one per slot */
	a = &t->done[t->ndone++];
	a->tag = tag;
	a->cqe = *cqe;
	a->result = result;
	a->latency_ns = latency;
}

/* Consume new admin completions; called with the lock held. */
static void reap_cq(struct temu *t, uint64_t now)
{
	unsigned int n = 0;

	for (;;) {
		volatile struct nvmet_cqe *e = &t->acq[t->cq_head];
		struct nvmet_cqe cqe;
		struct temu_slot *s;

		if ((e->status & 1) != t->phase)
			break;
		atomic_thread_fence(memory_order_acquire);
		memcpy(&cqe, (const void *)e, sizeof(cqe));
		if (++t->cq_head == TEMU_AQ_DEPTH) {
			t->cq_head = 0;
			t->phase ^= 1;
		}
		n++;
		s = &t->slot[cqe.cid % TEMU_AQ_DEPTH];
		if (cqe.cid >= TEMU_AQ_DEPTH || !s->busy)
			continue;	/* not ours: a tap made it up */
		log_end(t, s, &cqe, NVMETEST_CMDLOG_DONE, now);
		if (s->zombie) {
			slot_free(t, s);
		} else if (s->sync) {
			s->cqe = cqe;
			s->done = true;
		} else {
			done_push(t, s->tag, &cqe, 0, now - s->submit_ns);
			slot_free(t, s);
		}
	}
	if (n)
		emu_bus_reg_write(t->bus, NVMET_REG_DBS + 4 * TEMU_DB(t, 0, 1), 4, t->cq_head);
}

static void expire(struct temu *t, uint64_t now)
{
	struct nvmet_cqe ones;
	unsigned int i;

	memset(&ones, 0xff, sizeof(ones));
	for (i = 0; i < TEMU_AQ_DEPTH; i++) {
		struct temu_slot *s = &t->slot[i];

		if (!s->busy || s->zombie || s->sync || !s->deadline_ns || now < s->deadline_ns)
			continue;
		s->zombie = true;
		log_end(t, s, NULL, NVMETEST_CMDLOG_TIMED_OUT, now);
		done_push(t, s->tag, &ones, NVMETEST_RESULT_TIMED_OUT, now - s->submit_ns);
	}
}

void temu_admin_abort_all(struct temu *t, bool report)
{
	struct nvmet_cqe ones;
	unsigned int i;

	memset(&ones, 0xff, sizeof(ones));
	pthread_mutex_lock(&t->lock);
	for (i = 0; i < TEMU_AQ_DEPTH; i++) {
		struct temu_slot *s = &t->slot[i];

		if (s->busy && !s->zombie)
			log_end(t, s, NULL, NVMETEST_CMDLOG_ABORTED, nvmet_now_ns());
		if (report && s->busy && !s->zombie && !s->sync)
			done_push(t, s->tag, &ones, NVMETEST_RESULT_ABORTED,
				  nvmet_now_ns() - s->submit_ns);
		s->busy = false;
		s->zombie = false;
		s->done = false;
	}
	t->busy = 0;
	if (!report)
		t->ndone = 0;
	pthread_mutex_unlock(&t->lock);
}

int temu_reset(struct temu *t)
{
	temu_admin_abort_all(t, true);
	return temu_enable(t);
}

/* Place a command; called with the lock held. Returns the slot index. */
static int place(struct temu *t, const struct nvmet_sqe *sqe, uint64_t iova, size_t len,
		 uint32_t timeout_ms, uint64_t tag, bool sync)
{
	uint32_t status = csts(t);
	struct temu_slot *s = NULL;
	unsigned int i;
	int ret;

	/* All-ones: the function has no power. */
	if (status == UINT32_MAX || !(status & NVMET_CSTS_RDY))
		return -ENODEV;
	if (t->busy >= TEMU_AQ_DEPTH - 1)
		return -EBUSY;
	for (i = 0; i < TEMU_AQ_DEPTH && t->slot[i].busy; i++)
		;
	if (i == TEMU_AQ_DEPTH)
		return -EBUSY;
	s = &t->slot[i];
	s->sqe = *sqe;
	s->sqe.cid = (uint16_t)i;
	if (len) {
		struct nvmet_prplist list;

		if (!s->list)
			s->list = emu_bus_dma_alloc(t->bus, t->info.page_size);
		if (!s->list)
			return -ENOMEM;
		list.va = s->list;
		list.iova = (uintptr_t)s->list;
		list.size = t->info.page_size;
		ret = nvmet_prp_build(&s->sqe, iova, len, t->info.page_size, &list);
		if (ret)
			return ret;
	}
	s->busy = true;
	s->zombie = false;
	s->sync = sync;
	s->done = false;
	s->tag = tag;
	s->submit_ns = nvmet_now_ns();
	s->deadline_ns = timeout_ms ? s->submit_ns + (uint64_t)timeout_ms * 1000000ull : 0;
	log_submit(t, s);
	t->busy++;
	t->asq[t->sq_tail] = s->sqe;
	atomic_thread_fence(memory_order_release);
	if (++t->sq_tail == TEMU_AQ_DEPTH)
		t->sq_tail = 0;
	emu_bus_reg_write(t->bus, NVMET_REG_DBS, 4, t->sq_tail);
	return (int)i;
}

int temu_admin_submit(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe,
		      const struct nvmet_buf *buf, size_t off, size_t len, enum nvmet_tdir dir,
		      uint32_t timeout_ms, uint64_t tag)
{
	struct temu *t = ctrl->tpriv;
	uint64_t iova = 0;
	int ret;

	if (dir == NVMET_TDIR_NONE)
		len = 0;
	if (len) {
		if (!buf || off > buf->size || len > buf->size - off)
			return -EINVAL;
		iova = buf->iova + off;
	}
	pthread_mutex_lock(&t->lock);
	ret = place(t, sqe, iova, len, timeout_ms, tag, false);
	pthread_mutex_unlock(&t->lock);
	return ret < 0 ? ret : 0;
}

int temu_admin_reap(struct nvmet_ctrl *ctrl, struct nvmet_acpl *out, unsigned int max,
		    unsigned int timeout_ms)
{
	struct temu *t = ctrl->tpriv;
	uint64_t end = nvmet_now_ns() + (uint64_t)timeout_ms * 1000000ull;
	unsigned int spins = 0, n;

	for (;;) {
		uint64_t now = nvmet_now_ns();

		pthread_mutex_lock(&t->lock);
		reap_cq(t, now);
		expire(t, now);
		n = t->ndone < max ? t->ndone : max;
		if (n) {
			memcpy(out, t->done, n * sizeof(*out));
			memmove(t->done, t->done + n, (t->ndone - n) * sizeof(*out));
			t->ndone -= n;
		}
		pthread_mutex_unlock(&t->lock);
		if (n || now >= end)
			return (int)n;
		pause_a_little(spins++);
	}
}

int temu_admin_sync(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe, struct nvmet_cqe *cqe)
{
	struct temu *t = ctrl->tpriv;
	uint64_t end = nvmet_now_ns() + (uint64_t)ctrl->timeout_ms * 1000000ull;
	unsigned int spins = 0;
	int i;

	pthread_mutex_lock(&t->lock);
	i = place(t, sqe, sqe->prp1, 0, 0, 0, true);
	/* Queue commands carry their own PRP1: place() left it as given. */
	pthread_mutex_unlock(&t->lock);
	if (i < 0)
		return i;
	for (;;) {
		struct temu_slot *s = &t->slot[i];
		uint64_t now = nvmet_now_ns();

		pthread_mutex_lock(&t->lock);
		reap_cq(t, now);
		if (s->done) {
			*cqe = s->cqe;
			slot_free(t, s);
			s->done = false;
			pthread_mutex_unlock(&t->lock);
			return 0;
		}
		if (!s->busy) {		/* a reset ended it */
			pthread_mutex_unlock(&t->lock);
			return -EIO;
		}
		if (now >= end) {
			log_end(t, s, NULL, NVMETEST_CMDLOG_TIMED_OUT, now);
			s->zombie = true;
			s->sync = false;
			pthread_mutex_unlock(&t->lock);
			return -ETIMEDOUT;
		}
		pthread_mutex_unlock(&t->lock);
		pause_a_little(spins++);
	}
}

int temu_admin_cmdlog(struct nvmet_ctrl *ctrl, struct nvmetest_cmdlog_entry *out,
		      unsigned int max)
{
	struct temu *t = ctrl->tpriv;
	uint64_t first, seq;
	unsigned int n = 0;

	pthread_mutex_lock(&t->lock);
	if (max > TEMU_LOG_ENTRIES)
		max = TEMU_LOG_ENTRIES;
	first = t->log_seq > max ? t->log_seq - max : 0;
	for (seq = first; seq < t->log_seq; seq++)
		out[n++] = t->log[seq % TEMU_LOG_ENTRIES];
	pthread_mutex_unlock(&t->lock);
	return (int)n;
}
