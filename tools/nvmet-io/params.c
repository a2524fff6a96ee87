// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * params.c - a job, given the namespace's geometry, as I/O worker
 * parameters; workloads the device cannot run are reported here.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "tool.h"

const char *rw_name(enum rw_mode rw)
{
	static const char *const names[] = {
		"read", "write", "randread", "randwrite", "rw", "randrw",
	};

	return names[rw];
}

/* "nvmet-io: --bs: ..." for the command line, "nvmet-io: job 'x': bs: ..." for a file. */
static int job_fail(const struct job *j, const char *key, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (j->in_file)
		return fail("job '%s': %s: %s", j->name, key, msg);
	return fail("--%s: %s", key, msg);
}

static int size_nlb(const struct job *j, const struct geometry *g, const char *key,
		    uint64_t bytes, uint32_t *nlb)
{
	char s[32], m[32];

	if (bytes % g->lba_size)
		return job_fail(j, key, "%s is not a multiple of the LBA size (%u bytes)",
				size_str(bytes, s, sizeof(s)), g->lba_size);
	if (g->mdts && bytes > g->mdts)
		return job_fail(j, key, "%s is over the controller's largest transfer (MDTS: %s)",
				size_str(bytes, s, sizeof(s)), size_str(g->mdts, m, sizeof(m)));
	if (bytes / g->lba_size > 65536)
		return job_fail(j, key, "%s is over 65536 LBAs", size_str(bytes, s, sizeof(s)));
	*nlb = (uint32_t)(bytes / g->lba_size);
	return 0;
}

/* Sizes; the largest in *max_nlb and the mean in *avg_bytes. */
static int sizes(const struct job *j, const struct geometry *g, struct nvmet_ioworker_params *p,
		 uint32_t *max_nlb, double *avg_bytes)
{
	uint64_t wsum = 0;
	double sum = 0;
	unsigned int i;

	if (j->nr_split) {
		*max_nlb = 0;
		for (i = 0; i < j->nr_split; i++) {
			if (size_nlb(j, g, "bssplit", j->split[i].bytes, &p->sizes[i].nlb))
				return EXIT_FAIL;
			p->sizes[i].weight = j->split[i].weight;
			if (p->sizes[i].nlb > *max_nlb)
				*max_nlb = p->sizes[i].nlb;
			sum += (double)j->split[i].bytes * j->split[i].weight;
			wsum += j->split[i].weight;
		}
		p->nr_sizes = j->nr_split;
		*avg_bytes = wsum ? sum / (double)wsum : (double)j->split[0].bytes;
		return 0;
	}
	if (size_nlb(j, g, "bs", j->bs, &p->io_size))
		return EXIT_FAIL;
	*max_nlb = p->io_size;
	*avg_bytes = (double)j->bs;
	if (!j->bs_max)
		return 0;
	p->io_size_min = p->io_size;
	if (size_nlb(j, g, "bs", j->bs_max, &p->io_size_max))
		return EXIT_FAIL;
	*max_nlb = p->io_size_max;
	*avg_bytes = (double)(j->bs + j->bs_max) / 2;
	return 0;
}

static int span_lbas(const struct job *j, const struct geometry *g, const char *key,
		     const struct span *s, uint64_t *lbas)
{
	uint64_t bytes;
	char b[32];

	if (s->percent) {
		*lbas = (uint64_t)((double)g->capacity * (double)s->value / 100.0);
		return 0;
	}
	bytes = s->value;
	if (bytes % g->lba_size)
		return job_fail(j, key, "%s is not a multiple of the LBA size (%u bytes)",
				size_str(bytes, b, sizeof(b)), g->lba_size);
	*lbas = bytes / g->lba_size;
	return 0;
}

static int region(const struct job *j, unsigned int clone, const struct geometry *g,
		  uint32_t max_nlb, struct nvmet_ioworker_params *p)
{
	uint64_t start = 0, size = 0, inc = 0;
	char a[32], b[32], c[32];

	if (j->offset.set && span_lbas(j, g, "offset", &j->offset, &start))
		return EXIT_FAIL;
	if (j->offset_inc.set && span_lbas(j, g, "offset_increment", &j->offset_inc, &inc))
		return EXIT_FAIL;
	if (inc && clone > (g->capacity - start) / inc)
		return job_fail(j, "offset_increment", "worker %u would start beyond namespace %u",
				clone + 1, j->nsid);
	start += inc * clone;
	if (j->size.set && span_lbas(j, g, "size", &j->size, &size))
		return EXIT_FAIL;
	if (start >= g->capacity)
		return job_fail(j, "offset", "LBA %" PRIu64 " is beyond namespace %u (%" PRIu64
				" LBAs of %u bytes)", start, j->nsid, g->capacity, g->lba_size);
	if (!j->size.set)
		size = g->capacity - start;
	if (size > g->capacity - start)
		return job_fail(j, "size", "%s at offset %s goes beyond namespace %u (%s)",
				size_str(size * g->lba_size, a, sizeof(a)),
				size_str(start * g->lba_size, b, sizeof(b)), j->nsid,
				size_str(g->capacity * g->lba_size, c, sizeof(c)));
	if (size < max_nlb)
		return job_fail(j, j->nr_split ? "bssplit" : "bs",
				"%u LBAs do not fit in the region (%" PRIu64 " LBAs)", max_nlb,
				size);
	p->region_start = start;
	p->region_end = start + size;
	p->lba_start = start;
	if (j->lba_start_set) {
		if (j->lba_start < start || j->lba_start >= start + size)
			return job_fail(j, "lba-start", "LBA %" PRIu64 " is outside the region"
					" [%" PRIu64 ", %" PRIu64 ")", j->lba_start, start,
					start + size);
		p->lba_start = j->lba_start;
	}
	return 0;
}

static void mix(const struct job *j, struct nvmet_ioworker_params *p)
{
	bool rnd = j->rw == RW_RANDREAD || j->rw == RW_RANDWRITE || j->rw == RW_RANDRW;

	switch (j->rw) {
	case RW_READ:
	case RW_RANDREAD:
		p->read_percent = 100;
		break;
	case RW_WRITE:
	case RW_RANDWRITE:
		p->read_percent = 0;
		break;
	default:
		p->read_percent = j->rwmixread;
		break;
	}
	p->lba_random = j->lba_random >= 0 ? (unsigned int)j->lba_random : rnd ? 100 : 0;
	memcpy(p->ops, j->ops, sizeof(j->ops));
	p->nr_ops = j->nr_ops;
	if (j->lba_step_set)
		p->lba_step = j->lba_step;
	p->lba_align = j->lba_align;
	p->use_distribution = j->use_distribution;
	memcpy(p->distribution, j->distribution, sizeof(j->distribution));
}

static int replay_check(const struct job *j, const struct geometry *g)
{
	size_t i;

	for (i = 0; i < j->nr_replay; i++) {
		const struct nvmet_iow_replay *r = &j->replay[i];

		if (r->slba >= g->capacity || r->nlb > g->capacity - r->slba)
			return job_fail(j, "replay", "I/O %zu (LBA %" PRIu64 ", %u LBAs) is beyond"
					" namespace %u", i + 1, r->slba, r->nlb, j->nsid);
		if (g->mdts && (uint64_t)r->nlb * g->lba_size > g->mdts)
			return job_fail(j, "replay", "I/O %zu (%u LBAs) is over the controller's"
					" largest transfer (MDTS)", i + 1, r->nlb);
	}
	return 0;
}

/* When it ends: --number_ios, --runtime, or (as fio) after --size bytes. */
static int duration(const struct job *j, double avg_bytes, uint32_t lba_size,
		    struct nvmet_ioworker_params *p)
{
	double bytes = (double)(p->region_end - p->region_start) * lba_size;

	if (j->time_based && !j->runtime_ms)
		return j->in_file ? usage_error("job '%s': time_based needs runtime", j->name) :
				    usage_error("--time_based needs --runtime");
	p->time_ms = j->runtime_ms;
	p->io_count = j->number_ios;
	if (j->nr_replay && !p->io_count && !p->time_ms)
		p->io_count = j->nr_replay;
	else if (!j->nr_replay && !p->io_count && !j->time_based) {
		p->io_count = (uint64_t)(bytes / avg_bytes);
		if (!p->io_count)
			p->io_count = 1;
	}
	return 0;
}

int job_params(const struct job *j, unsigned int clone, const struct geometry *g,
	       struct nvmet_ioworker_params *p)
{
	uint32_t max_nlb;
	double avg;

	int ret;

	nvmet_ioworker_params_init(p);
	ret = sizes(j, g, p, &max_nlb, &avg);
	if (!ret)
		ret = region(j, clone, g, max_nlb, p);
	if (!ret)
		ret = replay_check(j, g);
	if (!ret)
		ret = duration(j, avg, g->lba_size, p);
	if (ret)
		return ret;
	if (g->max_entries && j->iodepth + 1 > g->max_entries)
		return job_fail(j, "iodepth", "%u is more than the controller's queues hold"
				" (at most %u)", j->iodepth, g->max_entries - 1);
	mix(j, p);
	p->qdepth = j->iodepth;
	p->qopts.prio = j->qprio;
	p->qprio = j->qprio;
	p->iops = j->rate_iops;
	p->ptype = j->ptype;
	p->pvalue = j->pvalue;
	p->replay = j->replay;
	p->nr_replay = j->nr_replay;
	p->verify = j->verify;
	p->per_second = j->per_second;
	memcpy(p->percentiles, j->pct, sizeof(j->pct));
	p->nr_percentiles = j->nr_pct;
	p->last_cmds = j->last_cmds;
	p->seed = j->seed_set ? j->seed + clone : clone;
	p->cpu = -1;
	p->share_cpu = j->share_cpu;
	return 0;
}
