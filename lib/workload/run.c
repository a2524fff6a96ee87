// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * run.c - a worker's thread: pinned to its CPU, it keeps qdepth
 * commands in flight on its queue pair, polling for completions, until
 * its I/O count, its time or a stop; then waits for what is in flight and
 * writes the result. No allocation, lock or system call per I/O.
 */
#include <endian.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nvmet/cmd.h>
#include <nvmet/verify.h>

#include "ioworker_priv.h"
#include "queue/qpair_priv.h"
#include "verify_priv.h"

#define NS_PER_SEC		1000000000ull
#define IOW_CHECK_NS		100000000ull	/* controller status checked this often */
#define IOW_IDLE_SPINS		1024		/* empty polls before yielding the CPU */
#define IOW_CLOCK_ROUNDS	32		/* rounds between clock reads, unthrottled */
/* Nothing in flight and the next I/O this far off: sleep until a little before it. */
#define IOW_NAP_MIN_NS		300000ull
#define IOW_NAP_EARLY_NS	150000ull
#define IOW_NAP_MAX_NS		10000000ull

static void iow_stop(struct nvmet_ioworker *w)
{
	if (w->stopping)
		return;
	w->stopping = true;
	w->drain_deadline = w->now_ns + w->timeout_ns;
}

/* The first error is the one reported; any error stops the worker. */
static void iow_error(struct nvmet_ioworker *w, int code, const struct nvmet_sqe *sqe,
		      const struct nvmet_cqe *cqe)
{
	if (!w->res.error) {
		w->res.error = code;
		if (sqe)
			w->res.first_error_sqe = *sqe;
		if (cqe)
			w->res.first_error_cqe = *cqe;
	}
	iow_stop(w);
}

static void iow_count(struct nvmet_ioworker *w, uint8_t opc, uint64_t bytes)
{
	struct nvmet_ioworker_result *r = &w->res;

	switch (opc) {
	case NVMET_CMD_READ:
		r->reads++;
		r->bytes_read += bytes;
		break;
	case NVMET_CMD_WRITE:
		r->writes++;
		r->bytes_written += bytes;
		break;
	case NVMET_CMD_DSM:
		r->trims++;
		return;
	case NVMET_CMD_WRITE_ZEROES:
		r->write_zeroes++;
		return;
	case NVMET_CMD_COMPARE:
		r->compares++;
		return;
	case NVMET_CMD_FLUSH:
		r->flushes++;
		return;
	default:
		r->others++;
		return;
	}
	w->bytes_done += bytes;
	atomic_store_explicit(&w->prog_bytes, w->bytes_done, memory_order_relaxed);
}

static void iow_keep_last(struct nvmet_ioworker *w, const struct iow_slot *s,
			  const struct nvmet_cpl *cpl)
{
	struct nvmet_cmdlog_rec *rec = &w->last[w->nr_done % w->p.last_cmds];

	rec->sqe = s->sqe;
	rec->cqe = *cpl->cqe;
	rec->submit_ns = cpl->submit_ns;
	rec->complete_ns = cpl->complete_ns;
}

/* Keep what the namespace holds now, check what was read. */
static void iow_verify(struct nvmet_ioworker *w, const struct iow_slot *s,
		       const struct nvmet_cqe *cqe)
{
	uint64_t bad = 0;
	int ret = nvmet_vcmd_done(&s->vc, cqe, &bad);

	if (ret == -EILSEQ) {
		if (!w->res.error)
			w->res.verify_lba = bad;
		iow_error(w, NVMET_IOW_ERR_VERIFY, &s->sqe, cqe);
	} else if (ret) {
		iow_error(w, NVMET_IOW_ERR_GENERIC, &s->sqe, cqe);
	}
}

static void iow_advance(struct nvmet_ioworker *w, uint64_t now);

static void iow_done(void *arg, const struct nvmet_cpl *cpl)
{
	struct iow_slot *s = arg;
	struct nvmet_ioworker *w = s->w;
	const struct nvmet_cqe *cqe = cpl->cqe;
	uint64_t lat, end_ns;
	bool failed;

	/* Commands abandoned when the worker was ended, called back by a reset. */
	if (w->finished)
		return;
	end_ns = cpl->complete_ns;
	lat = end_ns - cpl->submit_ns;
	w->last_done_ns = end_ns;
	if (w->last)
		iow_keep_last(w, s, cpl);
	w->nr_done++;
	failed = NVMET_CQE_STATUS(cqe->status) != 0 || cpl->result != NVMET_CPL_DONE;
	if (__builtin_expect(!failed, 1)) {
		/* Only what completed well counts as I/O done, as fio counts it. */
		nvmet_hist_add(&w->hist, lat);
		iow_count(w, s->sqe.opc, (uint64_t)s->nlb * w->lba_size);
		if (w->secs.count)
			nvmet_iow_seconds_add(&w->secs, end_ns - w->start_ns);
		atomic_store_explicit(&w->prog_ios, ++w->nr_ok, memory_order_relaxed);
	} else {
		w->res.errors++;
	}
	/* A failed write may have changed its LBAs or not: the table says so first. */
	if (w->verify)
		iow_verify(w, s, cqe);
	if (__builtin_expect(failed, 0))
		iow_error(w, cpl->result == NVMET_CPL_TIMED_OUT ? NVMET_IOW_ERR_IO_TIMEOUT :
			  NVMET_IOW_ERR_GENERIC, &s->sqe, cqe);
	/*
	 * Refill from here: the queue pair reuses its reap's clock reading
	 * for these submissions and rings the doorbell once for the batch.
	 */
	if (end_ns > w->now_ns)
		w->now_ns = end_ns;
	iow_advance(w, w->now_ns);
}

/* Is the command of CID @cid in flight (its callback not run yet)? */
static bool iow_inflight(const struct nvmet_ioworker *w, uint32_t cid)
{
	return (w->qp->trk.trk[cid].flags & (NVMET_TRK_BUSY | NVMET_TRK_TIMED_OUT)) ==
	       NVMET_TRK_BUSY;
}

/* Does @io touch LBAs a command in flight touches, one of the two writing? */
static bool iow_overlaps(const struct nvmet_ioworker *w, const struct nvmet_io *io)
{
	bool writer = nvmet_iow_opc_writes(io->opc);
	uint32_t i;

	if (!io->nlb)
		return false;
	for (i = 0; i < w->p.qdepth; i++) {
		const struct iow_slot *s = &w->slots[i];

		if (s->nlb && (writer || s->writer) && io->slba < s->slba + s->nlb &&
		    s->slba < io->slba + io->nlb && iow_inflight(w, i))
			return true;
	}
	return false;
}

/* Any other opcode: NSID, SLBA and NLB, and data as its direction bits say. */
static int iow_cmd_other(struct nvmet_ioworker *w, struct iow_slot *s, const struct nvmet_io *io,
			 size_t *off, size_t *len)
{
	int dir = nvmet_iow_opc_dir(io->opc);

	nvmet_cmd_lba(&s->sqe, io->opc, w->nsid, io->slba, io->nlb ? io->nlb : 1, NULL);
	if (dir == 1)
		*off = w->pattern_off;
	*len = dir ? (size_t)io->nlb * w->lba_size : 0;
	return 0;
}

/* One Dataset Management range, deallocating the I/O's LBAs. */
static int iow_cmd_trim(struct nvmet_ioworker *w, struct iow_slot *s, const struct nvmet_io *io,
			size_t *len)
{
	uint8_t *range = (uint8_t *)w->buf->va + s->off;
	uint32_t cattr = 0, nlb = htole32(io->nlb);
	uint64_t slba = htole64(io->slba);

	memcpy(range, &cattr, 4);
	memcpy(range + 4, &nlb, 4);
	memcpy(range + 8, &slba, 8);
	*len = 16;
	nvmet_cmd_dsm(&s->sqe, w->nsid, 1, NVMET_DSM_AD);
	return 0;
}

/* Build @io's command in slot @s; *@off and *@len locate its data. */
static int iow_cmd(struct nvmet_ioworker *w, struct iow_slot *s, const struct nvmet_io *io,
		   size_t *off, size_t *len)
{
	struct nvmet_sqe *sqe = &s->sqe;

	*off = s->off;
	*len = 0;
	switch (io->opc) {
	case NVMET_CMD_READ:
		*len = (size_t)io->nlb * w->lba_size;
		nvmet_cmd_read(sqe, w->nsid, io->slba, io->nlb, NULL);
		return 0;
	case NVMET_CMD_WRITE:
		*len = (size_t)io->nlb * w->lba_size;
		if (!w->verify)
			*off = w->pattern_off;
		else if (nvmet_verify_fill(w->ns, w->buf, s->off, io->slba, io->nlb))
			return -EINVAL;
		nvmet_cmd_write(sqe, w->nsid, io->slba, io->nlb, NULL);
		return 0;
	case NVMET_CMD_COMPARE:
		*len = (size_t)io->nlb * w->lba_size;
		*off = w->pattern_off;
		nvmet_cmd_compare(sqe, w->nsid, io->slba, io->nlb, NULL);
		return 0;
	case NVMET_CMD_DSM:
		return iow_cmd_trim(w, s, io, len);
	case NVMET_CMD_WRITE_ZEROES:
		nvmet_cmd_write_zeroes(sqe, w->nsid, io->slba, io->nlb, NULL);
		return 0;
	case NVMET_CMD_WRITE_UNCOR:
		nvmet_cmd_write_uncor(sqe, w->nsid, io->slba, io->nlb);
		return 0;
	case NVMET_CMD_VERIFY:
		nvmet_cmd_verify(sqe, w->nsid, io->slba, io->nlb, NULL);
		return 0;
	case NVMET_CMD_FLUSH:
		nvmet_cmd_flush(sqe, w->nsid);
		return 0;
	default:
		return iow_cmd_other(w, s, io, off, len);
	}
}

/*
 * Submit @io from the slot of the CID it will get: 0, -EBUSY (try again
 * later) or an errno (*@failed is the slot then).
 */
static int iow_submit(struct nvmet_ioworker *w, const struct nvmet_io *io, struct iow_slot **failed)
{
	int cid = nvmet_trk_next(&w->qp->trk);
	struct iow_slot *s;
	size_t off, len;
	int ret;

	/* Only with qdepth (and commands timed out) in flight. */
	if (cid < 0 || (uint32_t)cid >= w->p.qdepth)
		return -EBUSY;
	s = *failed = &w->slots[cid];
	ret = iow_cmd(w, s, io, &off, &len);
	if (!ret && w->verify)
		nvmet_vcmd_init(&s->vc, w->ns, &s->sqe, w->buf, off);
	if (!ret)
		ret = nvmet_qpair_submit(w->qp, &s->sqe, len ? w->buf : NULL, off, len, iow_done,
					 s);
	if (ret)
		return ret;
	s->slba = io->slba;
	s->nlb = io->nlb;
	s->writer = nvmet_iow_opc_writes(io->opc);
	return 0;
}

/* The throttle: I/O k goes at start + k / iops seconds. */
static uint64_t iow_due(const struct nvmet_ioworker *w, uint64_t k)
{
	uint64_t n = w->p.iops;

	return w->start_ns + k / n * NS_PER_SEC + k % n * NS_PER_SEC / n;
}

static void iow_submit_failed(struct nvmet_ioworker *w, int ret, const struct iow_slot *s)
{
	if (ret == -ENODEV || ret == -EIO)
		iow_error(w, NVMET_IOW_ERR_DEVICE, NULL, NULL);
	else
		iow_error(w, NVMET_IOW_ERR_GENERIC, &s->sqe, NULL);
}

/* Submit until qdepth is in flight, or the next I/O must wait. */
static void iow_fill(struct nvmet_ioworker *w, uint64_t now)
{
	struct iow_slot *failed = NULL;
	int ret;

	w->wake_ns = 0;
	while (nvmet_qpair_outstanding(w->qp) < w->p.qdepth) {
		if (!w->have_pending) {
			if (!nvmet_iogen_next(&w->gen, &w->pending)) {
				iow_stop(w);
				return;
			}
			w->have_pending = true;
		}
		if (now < w->due_ns) {
			w->wake_ns = w->due_ns;
			return;
		}
		if (w->pending.delay_us &&
		    now - w->last_submit_ns < (uint64_t)w->pending.delay_us * 1000) {
			w->wake_ns = w->last_submit_ns + (uint64_t)w->pending.delay_us * 1000;
			return;
		}
		if (w->order && iow_overlaps(w, &w->pending))
			return;
		ret = iow_submit(w, &w->pending, &failed);
		if (ret == -EBUSY)
			return;
		if (ret) {
			iow_submit_failed(w, ret, failed);
			return;
		}
		w->have_pending = false;
		w->last_submit_ns = now;
		w->issued++;
		if (w->p.iops)
			w->due_ns = iow_due(w, w->issued);
		/* Throttled, the I/Os due before the end all go, even late. */
		if (w->p.iops && w->due_ns >= w->time_end_ns)
			w->ran_time = true;
		if (w->issued == w->p.io_count || w->ran_time) {
			iow_stop(w);
			return;
		}
	}
}

/* Stop when it is time, else submit what may go now. */
static void iow_advance(struct nvmet_ioworker *w, uint64_t now)
{
	if (w->stopping)
		return;
	if (atomic_load_explicit(&w->stop_req, memory_order_relaxed)) {
		iow_stop(w);
	} else if (now >= w->time_end_ns && !w->p.iops) {
		w->ran_time = true;
		iow_stop(w);
	} else {
		iow_fill(w, now);
	}
}

/* Has the controller failed, or gone? */
static bool iow_device_failed(struct nvmet_ioworker *w)
{
	uint64_t csts = 0;
	int ret = nvmet_ctrl_reg_read(w->ctrl, NVMET_REG_CSTS, 4, &csts);

	if (ret)
		return ret == -ENODEV;
	return csts == 0xffffffffu || (csts & NVMET_CSTS_CFS);
}

/* An empty poll: let the controller have the completion queue's cache line a while. */
static inline void iow_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

/* Sleep instead of spinning when the next I/O is far off and nothing is in flight. */
static void iow_nap(struct nvmet_ioworker *w, uint64_t now)
{
	uint64_t until = w->wake_ns - IOW_NAP_EARLY_NS;
	struct timespec ts;

	if (nvmet_qpair_outstanding(w->qp) || w->stopping || !w->wake_ns ||
	    w->wake_ns < now + IOW_NAP_MIN_NS)
		return;
	if (until > now + IOW_NAP_MAX_NS)
		until = now + IOW_NAP_MAX_NS;
	ts.tv_sec = (time_t)(until / NS_PER_SEC);
	ts.tv_nsec = (long)(until % NS_PER_SEC);
	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
	w->now_ns = nvmet_now_ns();
}

/* The loop; returns when the worker is done or told to end. */
static void iow_loop(struct nvmet_ioworker *w)
{
	/* The throttle and replay delays need the time every round; the rest now and then. */
	unsigned int clock_mask = w->p.iops || w->p.nr_replay ? 0 : IOW_CLOCK_ROUNDS - 1;
	unsigned int idle = 0, round = 0;
	uint64_t next_check = 0;

	w->start_ns = w->now_ns = w->last_submit_ns = w->last_done_ns = nvmet_now_ns();
	w->due_ns = w->start_ns;
	w->time_end_ns = w->p.time_ms ? w->start_ns + w->p.time_ms * 1000000ull : UINT64_MAX;
	for (;;) {
		uint64_t now = w->now_ns;

		if (atomic_load_explicit(&w->end_req, memory_order_acquire)) {
			iow_error(w, atomic_load_explicit(&w->end_err, memory_order_relaxed),
				  NULL, NULL);
			return;
		}
		iow_advance(w, now);
		if (nvmet_qpair_process(w->qp, 0) > 0)
			idle = 0;
		else if (++idle > IOW_IDLE_SPINS)
			sched_yield();
		else
			iow_relax();
		if (w->stopping && !nvmet_qpair_outstanding(w->qp))
			return;
		if (++round & clock_mask)
			continue;
		w->now_ns = now = nvmet_now_ns();
		iow_nap(w, now);
		if (now < next_check)
			continue;
		next_check = now + IOW_CHECK_NS;
		if (iow_device_failed(w)) {
			iow_error(w, NVMET_IOW_ERR_DEVICE, NULL, NULL);
			return;
		}
		if (w->stopping && now >= w->drain_deadline) {
			iow_error(w, NVMET_IOW_ERR_TIMEOUT, NULL, NULL);
			return;
		}
	}
}

/*
 * The worker ends with commands in flight (a reset, power cycle or close
 * ends it, or they never completed): each may still happen or not, so
 * the LBAs they write are old-or-new from here on. (A reset or power
 * cycle that follows calls their completions back too late for us.)
 */
static void iow_cut_inflight(struct nvmet_ioworker *w)
{
	struct nvmet_cqe ones;
	uint32_t i;

	if (!w->verify || !nvmet_qpair_outstanding(w->qp))
		return;
	memset(&ones, 0xff, sizeof(ones));
	for (i = 0; i < w->p.qdepth; i++)
		if (iow_inflight(w, i) && w->slots[i].writer)
			nvmet_vcmd_done(&w->slots[i].vc, &ones, NULL);
}

/* The last completed commands, oldest first. */
static void iow_result_last(struct nvmet_ioworker *w)
{
	struct nvmet_ioworker_result *r = &w->res;
	uint64_t n = w->nr_done < w->p.last_cmds ? w->nr_done : w->p.last_cmds;
	uint64_t i, first = w->nr_done - n;

	if (!n)
		return;
	r->last = malloc(n * sizeof(*r->last));
	if (!r->last)
		return;
	for (i = 0; i < n; i++)
		r->last[i] = w->last[(first + i) % w->p.last_cmds];
	r->nr_last = (unsigned int)n;
}

/*
 * The per-second series has an entry per whole second run: a timed run
 * that ran its course lasted its time, another one until its last
 * completion.
 */
static void iow_result_seconds(struct nvmet_ioworker *w)
{
	uint64_t ms = w->res.mseconds;

	if (w->ran_time && !w->res.error)
		ms = w->p.time_ms;
	nvmet_iow_seconds_end(&w->secs, ms, &w->res);
}

static void iow_result(struct nvmet_ioworker *w, uint64_t end_ns, uint64_t cpu_ns)
{
	struct nvmet_ioworker_result *r = &w->res;
	uint64_t last = w->nr_done ? w->last_done_ns : end_ns, wall = end_ns - w->start_ns;
	unsigned int i;

	r->mseconds = (last - w->start_ns) / 1000000;
	r->cpu_usage = wall ? 100.0 * (double)cpu_ns / (double)wall : 0;
	r->cpu = w->cpu;
	r->qid = w->qp ? nvmet_qpair_qid(w->qp) : 0;
	r->io_count_read = r->reads;
	r->io_count_nonread = w->nr_ok - r->reads;
	r->lat_min_ns = w->hist.count ? w->hist.min : 0;
	r->lat_avg_ns = nvmet_hist_mean(&w->hist);
	r->lat_max_ns = w->hist.max;
	for (i = 0; i < w->p.nr_percentiles; i++)
		r->percentile_ns[i] = nvmet_hist_percentile(&w->hist, w->p.percentiles[i]);
	if (w->secs.count)
		iow_result_seconds(w);
	if (w->last)
		iow_result_last(w);
}

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_SEC + (uint64_t)ts.tv_nsec;
}

void *nvmet_iow_thread(void *arg)
{
	struct nvmet_ioworker *w = arg;
	uint64_t cpu0;
	cpu_set_t set;
	sigjmp_buf jb;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	cpu0 = thread_cpu_ns();
	/* A device gone under the queues' mappings: SIGBUS comes back here. */
	if (sigsetjmp(jb, 1) == 0) {
		nvmet_iow_fault_catch(&jb);
		iow_loop(w);
		iow_cut_inflight(w);
	} else {
		iow_error(w, NVMET_IOW_ERR_DEVICE, NULL, NULL);
	}
	nvmet_iow_fault_catch(NULL);
	/* From here on, late completions (a reset's) are ignored. */
	w->finished = true;
	iow_result(w, nvmet_now_ns(), thread_cpu_ns() - cpu0);
	nvmet_iow_cpu_put(w->cpu);
	atomic_store_explicit(&w->done, true, memory_order_release);
	return NULL;
}
