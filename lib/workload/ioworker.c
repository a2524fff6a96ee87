// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ioworker.c - an I/O worker's life: checking the parameters, picking a
 * CPU no other worker uses, making its queue pair and data buffer,
 * starting and joining its thread, handing over the result; and ending
 * the workers of a controller that is reset, power cycled or closed.
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include <nvmet/ns.h>
#include <nvmet/verify.h>

#include "ioworker_priv.h"
#include "queue/qpair_priv.h"
#include "verify_priv.h"

#define IOW_MIN_QUEUE		64	/* default queue depth, when the controller allows */
#define IOW_PRP_MAX_BYTES	(2u << 20)	/* one PRP list page per command */
#define IOW_LAST_MAX		(1u << 20)	/* last_cmds entries */
#define IOW_DRAIN_MARGIN_NS	1000000000ull	/* beyond the controller's timeout */
#define IOW_TIME_MAX_MS		(1ull << 40)	/* 34 years */

/* CPUs taken by this process's live workers: how many on each. */
static pthread_mutex_t cpu_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int cpu_users[CPU_SETSIZE];

void nvmet_ioworker_params_init(struct nvmet_ioworker_params *p)
{
	memset(p, 0, sizeof(*p));
	p->io_size = 8;
	p->read_percent = 100;
	p->qdepth = 64;
	p->time_ms = 10000;
	p->cpu = -1;
}

/* One of the CPUs this thread may run on that no worker uses (or the least used). */
static int cpu_get(const struct nvmet_ioworker_params *p, int *out)
{
	int c, best = -1, ret = 0;
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set))
		return -errno;
	if (p->cpu >= CPU_SETSIZE || (p->cpu >= 0 && !CPU_ISSET(p->cpu, &set)))
		return -EINVAL;
	pthread_mutex_lock(&cpu_lock);
	if (p->cpu >= 0) {
		best = p->cpu;
	} else {
		for (c = 0; c < CPU_SETSIZE; c++)
			if (CPU_ISSET(c, &set) && (best < 0 || cpu_users[c] < cpu_users[best]))
				best = c;
	}
	if (best < 0)
		ret = -EBUSY;
	else if (cpu_users[best] && !p->share_cpu)
		ret = -EBUSY;
	else
		cpu_users[best]++;
	pthread_mutex_unlock(&cpu_lock);
	if (!ret)
		*out = best;
	return ret;
}

void nvmet_iow_cpu_put(int cpu)
{
	if (cpu < 0)
		return;
	pthread_mutex_lock(&cpu_lock);
	cpu_users[cpu]--;
	pthread_mutex_unlock(&cpu_lock);
}

/* The queue depth the worker's pair gets. */
static uint32_t iow_queue_depth(const struct nvmet_ioworker *w)
{
	uint32_t mqes = NVMET_CAP_MQES(w->ctrl->info.cap) + 1;
	uint32_t depth = w->p.qdepth + 1;

	if (w->p.qopts.depth)
		return w->p.qopts.depth;
	if (depth < IOW_MIN_QUEUE)
		depth = IOW_MIN_QUEUE;
	return depth < mqes ? depth : mqes;
}

static int iow_check_pct(const struct nvmet_ioworker_params *p)
{
	unsigned int i;

	if (p->nr_percentiles > NVMET_IOW_MAX_PCT)
		return -EINVAL;
	for (i = 0; i < p->nr_percentiles; i++)
		if (!(p->percentiles[i] > 0 && p->percentiles[i] <= 100))
			return -EINVAL;
	return 0;
}

/* Everything that makes a worker impossible, before anything is made. */
static int iow_check(struct nvmet_ioworker *w)
{
	const struct nvmet_ioworker_params *p = &w->p;
	uint64_t bytes;
	uint32_t mdts;
	int ret;

	if ((!p->io_count && !p->time_ms && !p->nr_replay) || p->time_ms > IOW_TIME_MAX_MS)
		return -EINVAL;
	if (!p->qdepth || p->qdepth > iow_queue_depth(w) - 1 || p->qprio > 3 || p->qopts.share_cq)
		return -EINVAL;
	if (p->last_cmds > IOW_LAST_MAX || iow_check_pct(p))
		return -EINVAL;
	ret = nvmet_iogen_init(&w->gen, p, nvmet_ns_capacity(w->ns));
	if (ret)
		return ret;
	/* Compare needs data known in advance: the pattern, never stamped data. */
	if (w->verify && w->gen.has_compare)
		return -EINVAL;
	if (!w->gen.has_data)
		return 0;
	bytes = (uint64_t)w->gen.max_nlb * w->lba_size;
	mdts = nvmet_ctrl_mdts(w->ctrl);
	if ((mdts && bytes > mdts) || bytes > IOW_PRP_MAX_BYTES)
		return -E2BIG;
	return 0;
}

static int iow_alloc(struct nvmet_ioworker *w)
{
	uint32_t i;

	w->slots = calloc(w->p.qdepth, sizeof(*w->slots));
	if (!w->slots)
		return -ENOMEM;
	if (w->p.per_second && nvmet_iow_seconds_init(&w->secs, w->p.time_ms))
		return -ENOMEM;
	if (w->p.last_cmds) {
		w->last = calloc(w->p.last_cmds, sizeof(*w->last));
		if (!w->last)
			return -ENOMEM;
	}
	for (i = 0; i < w->p.qdepth; i++)
		w->slots[i].w = w;
	nvmet_hist_init(&w->hist);
	return 0;
}

/* The data buffer: a slot per command in flight, then the write pattern. */
static int iow_buffer(struct nvmet_ioworker *w)
{
	size_t bytes = w->gen.has_data ? (size_t)w->gen.max_nlb * w->lba_size : 0;
	size_t align = bytes >= 4096 ? 4096 : 64;
	uint32_t i;
	int ret;

	/* At least a Dataset Management range; page aligned data needs one PRP. */
	w->slot_bytes = ((bytes > 16 ? bytes : 16) + align - 1) / align * align;
	w->pattern_off = w->slot_bytes * w->p.qdepth;
	ret = nvmet_ctrl_buf_alloc(w->ctrl, w->pattern_off + (bytes ? bytes : 64), "ioworker",
				   &w->buf);
	if (ret)
		return ret;
	for (i = 0; i < w->p.qdepth; i++)
		w->slots[i].off = w->slot_bytes * i;
	if (!bytes)
		return 0;
	return nvmet_buf_fill(w->buf, w->pattern_off, bytes, w->p.ptype, w->p.pvalue,
			      w->p.seed);
}

static int iow_queue(struct nvmet_ioworker *w)
{
	struct nvmet_qpair_opts o = w->p.qopts;

	o.depth = iow_queue_depth(w);
	if (w->p.qprio)
		o.prio = w->p.qprio;
	return nvmet_qpair_create(w->ctrl, &o, &w->qp);
}

/* The controller's queue pair forgets the worker's callbacks, then goes. */
static int iow_release_queue(struct nvmet_ioworker *w)
{
	struct nvmet_qpair *qp = w->qp;
	uint32_t cid;
	int ret;

	if (!qp)
		return 0;
	for (cid = 0; cid < qp->trk.ncid; cid++) {
		qp->trk.trk[cid].cb = NULL;
		qp->trk.trk[cid].arg = NULL;
	}
	ret = nvmet_qpair_delete(qp);
	/*
	 * A pair the controller would not delete stays with it (and so does
	 * the buffer its commands may still reach), never calling back here.
	 */
	if (!ret || ret == -ENODEV)	/* (gone: no device can reach it either) */
		nvmet_buf_free(w->buf);
	w->qp = NULL;
	w->buf = NULL;
	return ret;
}

static void iow_free(struct nvmet_ioworker *w)
{
	free(w->slots);
	nvmet_iow_seconds_free(&w->secs);
	free(w->last);
	free(w);
}

static void iow_link(struct nvmet_ioworker *w)
{
	struct nvmet_ctrl *ctrl = w->ctrl;

	pthread_mutex_lock(&ctrl->iow_lock);
	w->prev = NULL;
	w->next = ctrl->iow_list;
	if (w->next)
		w->next->prev = w;
	ctrl->iow_list = w;
	pthread_mutex_unlock(&ctrl->iow_lock);
}

/* Under the controller's lock. */
static void iow_unlink_locked(struct nvmet_ioworker *w)
{
	if (w->prev)
		w->prev->next = w->next;
	else
		w->ctrl->iow_list = w->next;
	if (w->next)
		w->next->prev = w->prev;
	w->prev = w->next = NULL;
}

static int iow_setup(struct nvmet_ioworker *w)
{
	int ret;

	ret = iow_check(w);
	if (!ret)
		ret = cpu_get(&w->p, &w->cpu);
	if (ret)
		return ret;
	ret = iow_alloc(w);
	if (!ret)
		ret = iow_queue(w);
	if (!ret)
		ret = iow_buffer(w);
	if (!ret && w->p.verify)
		ret = nvmet_ns_verify_enable(w->ns, true);
	return ret;
}

int nvmet_ioworker_start(struct nvmet_ns *ns, const struct nvmet_ioworker_params *p,
			 struct nvmet_ioworker **out)
{
	struct nvmet_ioworker *w;
	int ret;

	if (!ns || !p || !out)
		return -EINVAL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->p = *p;
	w->ns = ns;
	w->ctrl = nvmet_ns_ctrl(ns);
	w->nsid = nvmet_ns_nsid(ns);
	w->lba_size = nvmet_ns_lba_size(ns);
	w->cpu = -1;
	w->verify = p->verify || nvmet_ns_verify_enabled(ns);
	w->timeout_ns = (uint64_t)w->ctrl->timeout_ms * 1000000ull + IOW_DRAIN_MARGIN_NS;
	ret = iow_setup(w);
	if (ret)
		goto err;
	w->order = w->gen.has_writes;
	w->create_ns = nvmet_now_ns();
	nvmet_iow_fault_arm();
	ret = -pthread_create(&w->thread, NULL, nvmet_iow_thread, w);
	if (ret)
		goto err;
	w->started = true;
	iow_link(w);
	*out = w;
	return 0;

err:
	iow_release_queue(w);
	nvmet_iow_cpu_put(w->cpu);
	iow_free(w);
	return ret;
}

int nvmet_ioworker_progress(struct nvmet_ioworker *w, struct nvmet_ioworker_progress *p)
{
	bool done = atomic_load_explicit(&w->done, memory_order_acquire);

	p->ios = atomic_load_explicit(&w->prog_ios, memory_order_relaxed);
	p->bytes = atomic_load_explicit(&w->prog_bytes, memory_order_relaxed);
	p->elapsed_ms = done ? w->res.mseconds : (nvmet_now_ns() - w->create_ns) / 1000000;
	p->done = done;
	return 0;
}

void nvmet_ioworker_stop(struct nvmet_ioworker *w)
{
	atomic_store_explicit(&w->stop_req, true, memory_order_relaxed);
}

/* Wait for the thread, unless someone else did (under the controller's lock). */
static void iow_join(struct nvmet_ioworker *w)
{
	bool need;

	if (w->ctrl) {
		pthread_mutex_lock(&w->ctrl->iow_lock);
		iow_unlink_locked(w);
	}
	need = w->started && !w->joined;
	w->joined = true;
	if (w->ctrl)
		pthread_mutex_unlock(&w->ctrl->iow_lock);
	if (need)
		pthread_join(w->thread, NULL);
}

int nvmet_ioworker_close(struct nvmet_ioworker *w, struct nvmet_ioworker_result *r)
{
	int ret;

	if (!w)
		return -EINVAL;
	iow_join(w);
	if (r) {
		*r = w->res;
	} else {
		free(w->res.per_second);
		free(w->res.last);
	}
	ret = iow_release_queue(w);
	iow_free(w);
	return ret;
}

void nvmet_ioworker_result_free(struct nvmet_ioworker_result *r)
{
	if (!r)
		return;
	free(r->per_second);
	free(r->last);
	r->per_second = NULL;
	r->last = NULL;
	r->nr_seconds = 0;
	r->nr_last = 0;
}

/* Ask every running worker to end with @err, and wait; under the lock. */
static void iow_end_locked(struct nvmet_ctrl *ctrl, int err)
{
	struct nvmet_ioworker *w;

	for (w = ctrl->iow_list; w; w = w->next) {
		if (w->joined)
			continue;
		atomic_store_explicit(&w->end_err, err, memory_order_relaxed);
		atomic_store_explicit(&w->end_req, true, memory_order_release);
	}
	for (w = ctrl->iow_list; w; w = w->next) {
		if (w->started && !w->joined)
			pthread_join(w->thread, NULL);
		w->joined = true;
	}
}

void nvmet_ioworkers_end(struct nvmet_ctrl *ctrl, int err)
{
	pthread_mutex_lock(&ctrl->iow_lock);
	iow_end_locked(ctrl, err);
	pthread_mutex_unlock(&ctrl->iow_lock);
}

void nvmet_ioworkers_release(struct nvmet_ctrl *ctrl)
{
	struct nvmet_ioworker *w;

	pthread_mutex_lock(&ctrl->iow_lock);
	iow_end_locked(ctrl, NVMET_IOW_ERR_ABORTED);
	while ((w = ctrl->iow_list)) {
		iow_unlink_locked(w);
		iow_release_queue(w);
		w->ctrl = NULL;
	}
	pthread_mutex_unlock(&ctrl->iow_lock);
}
