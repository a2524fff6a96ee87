// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * engine_aio.c - the aio engine: the same workload through libaio on a
 * kernel block device (O_DIRECT, io_submit/io_getevents), one thread per
 * worker, with the same latency histogram and results, for comparison
 * with the nvmet engine. The thread is in aio_run.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aio_priv.h"
static pthread_mutex_t cpu_lock = PTHREAD_MUTEX_INITIALIZER;
static cpu_set_t cpus_used;

/* The CPU to pin to: the one asked for, else a free one this process may use. */
static int pick_cpu(const struct nvmet_ioworker_params *p)
{
	cpu_set_t allowed;
	int cpu, ret = -EBUSY;

	if (sched_getaffinity(0, sizeof(allowed), &allowed))
		return -errno;
	pthread_mutex_lock(&cpu_lock);
	if (p->cpu >= 0) {
		ret = CPU_ISSET(p->cpu, &cpus_used) && !p->share_cpu ? -EBUSY : p->cpu;
	} else {
		for (cpu = 0; cpu < CPU_SETSIZE && ret < 0; cpu++) {
			if (CPU_ISSET(cpu, &allowed) && !CPU_ISSET(cpu, &cpus_used))
				ret = cpu;
		}
		for (cpu = 0; cpu < CPU_SETSIZE && ret < 0 && p->share_cpu; cpu++) {
			if (CPU_ISSET(cpu, &allowed))
				ret = cpu;
		}
	}
	if (ret >= 0)
		CPU_SET(ret, &cpus_used);
	pthread_mutex_unlock(&cpu_lock);
	return ret;
}

/* Opens the device and checks what the aio engine cannot do. */
static int aio_prepare(struct config *cfg, struct worker *w)
{
	const struct job *j = w->job;
	uint64_t bytes = 0;
	unsigned int i, ssz = 512;
	struct stat st;
	int fd;

	(void)cfg;
	if (!j->dev[0] || !strncmp(j->dev, "emu", 3))
		return usage_error("--engine aio needs --dev with a block device"
				   " (like /dev/nvme0n1)");
	if (j->verify)
		return usage_error("--verify needs the nvmet engine (libnvmet checks the data)");
	if (j->qprio || j->emu[0] || j->nr_plugins)
		return usage_error("--%s is for the nvmet engine", j->qprio ? "qprio" :
				   j->emu[0] ? "emu" : "plugin");
	for (i = 0; i < j->nr_ops; i++) {
		uint8_t o = j->ops[i].opc;

		if (j->ops[i].percent && o != NVMET_CMD_READ && o != NVMET_CMD_WRITE &&
		    o != NVMET_CMD_FLUSH)
			return usage_error("--op-mix: opcode %#x needs the nvmet engine (aio does"
					   " read, write and flush)", o);
	}
	for (i = 0; i < j->nr_replay; i++) {
		uint8_t o = j->replay[i].opc;

		if (o != NVMET_CMD_READ && o != NVMET_CMD_WRITE && o != NVMET_CMD_FLUSH)
			return usage_error("--replay: opcode %#x needs the nvmet engine", o);
	}
	fd = open(j->dev, O_RDWR | O_DIRECT | O_CLOEXEC);
	if (fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM))
		fd = open(j->dev, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (fd < 0)
		return fail("%s: %s", j->dev, strerror(errno));
	if (fstat(fd, &st) || (!S_ISBLK(st.st_mode) && !S_ISREG(st.st_mode))) {
		close(fd);
		return fail("%s: not a block device or a file", j->dev);
	}
	if (S_ISBLK(st.st_mode)) {
		int sz = 0;

		if (ioctl(fd, BLKGETSIZE64, &bytes) || ioctl(fd, BLKSSZGET, &sz) || sz <= 0) {
			close(fd);
			return fail("%s: block device size: %s", j->dev, strerror(errno));
		}
		ssz = (unsigned int)sz;
	} else {
		bytes = (uint64_t)st.st_size;
		ssz = 4096;
	}
	w->dev = (void *)(intptr_t)(fd + 1);	/* each worker has its own file */
	w->geo.lba_size = ssz;
	w->geo.capacity = bytes / ssz;
	if (!w->geo.capacity)
		return fail("%s: empty", j->dev);
	return job_params(j, w->clone, &w->geo, &w->p);
}

static int fill_pattern(struct aio_worker *a)
{
	size_t len = a->buf_bytes * a->p.qdepth, i;
	uint64_t x = a->p.seed + 1;

	switch (a->p.ptype) {
	case NVMET_PATTERN_ZERO:
		break;
	case NVMET_PATTERN_ONE:
		memset(a->bufs, 0xff, len);
		break;
	case NVMET_PATTERN_DWORD:
		for (i = 0; i < len; i++)
			a->bufs[i] = (uint8_t)(a->p.pvalue >> (8 * (i % 4)));
		break;
	default:
		/* pvalue percent of each 4 KiB compresses (zeros), the rest is random. */
		for (i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			a->bufs[i] = i % 4096 < 4096 * (size_t)a->p.pvalue / 100 ? 0 : (uint8_t)x;
		}
	}
	return 0;
}

static int aio_setup(struct aio_worker *a)
{
	unsigned int i, qd = a->p.qdepth;

	nvmet_hist_init(&a->hist);
	/* (A buffer per slot even for a workload of flushes only.) */
	a->buf_bytes = ((size_t)(nvmet_iogen_max_nlb(a->gen) ?: 1) * a->lba_size + AIO_ALIGN - 1) &
		       ~(size_t)(AIO_ALIGN - 1);
	a->slots = calloc(qd, sizeof(*a->slots));
	a->free_slots = calloc(qd, sizeof(*a->free_slots));
	if (a->p.last_cmds)
		a->last = calloc(a->p.last_cmds, sizeof(*a->last));
	if (!a->slots || !a->free_slots || (a->p.last_cmds && !a->last) ||
	    (a->p.per_second && nvmet_iow_seconds_init(&a->secs, a->p.time_ms)) ||
	    posix_memalign((void **)&a->bufs, AIO_ALIGN, a->buf_bytes * qd))
		return -ENOMEM;
	fill_pattern(a);
	for (i = 0; i < qd; i++)
		a->free_slots[i] = &a->slots[qd - 1 - i];
	a->nr_free = qd;
	return io_setup((int)qd, &a->ctx);
}

static void aio_free(struct aio_worker *a)
{
	if (a->ctx)
		io_destroy(a->ctx);
	nvmet_iogen_free(a->gen);
	free(a->bufs);
	free(a->slots);
	free(a->free_slots);
	free(a->last);
	nvmet_iow_seconds_free(&a->secs);
	free(a);
}

static void *pinned_thread(void *arg)
{
	struct aio_worker *a = arg;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(a->r.cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	return aio_thread(a);
}

static int aio_start(struct worker *w)
{
	struct aio_worker *a = calloc(1, sizeof(*a));
	int ret, cpu;

	if (!a)
		return fail("out of memory");
	a->fd = (int)(intptr_t)w->dev - 1;
	a->nsid = w->job->nsid;
	a->lba_size = w->geo.lba_size;
	a->p = w->p;
	/* The library's generator: the nvmet engine's sequence for the same parameters. */
	ret = nvmet_iogen_create(&a->p, a->p.region_end, &a->gen);
	if (ret) {
		aio_free(a);
		return fail("%s: workload: %s", w->job->name, strerror(-ret));
	}
	ret = aio_setup(a);
	if (ret) {
		aio_free(a);
		return fail("%s: %s: %s", w->job->name, ret == -ENOMEM ? "memory" : "io_setup",
			    strerror(-ret));
	}
	cpu = pick_cpu(&a->p);
	if (cpu < 0) {
		aio_free(a);
		return fail("%s: no free CPU left for worker %u (give --share-cpu, or fewer"
			    " --numjobs)", w->job->name, w->clone + 1);
	}
	a->r.cpu = cpu;
	ret = pthread_create(&a->thread, NULL, pinned_thread, a);
	if (ret) {
		aio_free(a);
		return fail("%s: thread: %s", w->job->name, strerror(ret));
	}
	w->h = a;
	return 0;
}

static int aio_progress(struct worker *w, struct nvmet_ioworker_progress *pr)
{
	struct aio_worker *a = w->h;

	pr->ios = atomic_load(&a->ios);
	pr->bytes = atomic_load(&a->bytes);
	pr->elapsed_ms = a->t0_ns ? (now_ns() - a->t0_ns) / 1000000 : 0;
	pr->done = atomic_load(&a->done);
	if (pr->done)
		pr->elapsed_ms = atomic_load(&a->elapsed_ms);
	return 0;
}

static void aio_stop(struct worker *w)
{
	struct aio_worker *a = w->h;

	atomic_store(&a->stop, true);
}

static int aio_close(struct worker *w)
{
	struct aio_worker *a = w->h;
	unsigned int i;
	uint64_t n;

	pthread_join(a->thread, NULL);
	w->r = a->r;
	n = a->r.reads + a->r.writes + a->r.flushes;
	w->r.io_count_read = a->r.reads;
	w->r.io_count_nonread = n - a->r.reads;
	w->r.lat_avg_ns = nvmet_hist_mean(&a->hist);
	w->r.lat_min_ns = a->hist.count ? a->hist.min : 0;
	w->r.lat_max_ns = a->hist.max;
	for (i = 0; i < a->p.nr_percentiles; i++)
		w->r.percentile_ns[i] = nvmet_hist_percentile(&a->hist, a->p.percentiles[i]);
	/* The library's series, as the nvmet engine's: an entry per whole second run. */
	if (a->secs.count)
		nvmet_iow_seconds_end(&a->secs, a->r.mseconds, &w->r);
	if (a->nr_last) {
		w->r.last = malloc(a->nr_last * sizeof(*w->r.last));
		for (i = 0; w->r.last && i < a->nr_last; i++)
			w->r.last[i] = a->last[(a->last_head + a->p.last_cmds - a->nr_last + i) %
					       a->p.last_cmds];
		w->r.nr_last = w->r.last ? a->nr_last : 0;
	}
	snprintf(w->errmsg, sizeof(w->errmsg), "%s", a->errmsg);
	w->sys_cpu = a->sys_cpu;
	aio_free(a);
	w->h = NULL;
	return 0;
}

static void aio_result_free(struct worker *w)
{
	free(w->r.per_second);
	free(w->r.last);
	w->r.per_second = NULL;
	w->r.last = NULL;
}

static void aio_release(struct worker *w)
{
	if (w->dev)
		close((int)(intptr_t)w->dev - 1);
	w->dev = NULL;
}

const struct engine_ops aio_engine = {
	.name = "aio",
	.prepare = aio_prepare,
	.start = aio_start,
	.progress = aio_progress,
	.stop = aio_stop,
	.close = aio_close,
	.result_free = aio_result_free,
	.release = aio_release,
};
