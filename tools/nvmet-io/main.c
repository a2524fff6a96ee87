// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - nvmet-io: an I/O workload generator with fio's options on
 * libnvmet's I/O workers (real controllers through nvmetest, or the
 * emulated one) or on libaio. Jobs from the command line or a job file,
 * workers started, watched, reported.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

static int load_jobs(struct config *cfg)
{
	if (cfg->jobfile)
		return jobfile_load(cfg, cfg->jobfile);
	cfg->jobs = calloc(1, sizeof(*cfg->jobs));
	if (!cfg->jobs)
		return fail("out of memory");
	cfg->nr_jobs = 1;
	job_defaults(&cfg->jobs[0]);
	return kv_apply(cfg, &cfg->jobs[0], &cfg->cli);
}

static int expand(struct config *cfg, struct worker **out, unsigned int *n)
{
	unsigned int i, c, total = 0, group = 0;
	struct worker *w;

	for (i = 0; i < cfg->nr_jobs; i++)
		total += cfg->jobs[i].numjobs;
	if (total > MAX_WORKERS)
		return usage_error("%u workers in all; at most %u", total, MAX_WORKERS);
	w = calloc(total, sizeof(*w));
	if (!w)
		return fail("out of memory");
	*out = w;
	for (i = 0; i < cfg->nr_jobs; i++) {
		group += i && cfg->jobs[i].stonewall;
		for (c = 0; c < cfg->jobs[i].numjobs; c++, w++) {
			w->job = &cfg->jobs[i];
			w->clone = c;
			w->group = group;
			w->ops = cfg->jobs[i].engine == ENGINE_AIO ? &aio_engine : &nvmet_engine;
		}
	}
	*n = total;
	return 0;
}

/* The clone's CPU of --cpus_allowed, in the list's order. */
static void pin(struct worker *w)
{
	unsigned int count = (unsigned int)CPU_COUNT(&w->job->cpus), k = w->clone % count, cpu;

	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (CPU_ISSET(cpu, &w->job->cpus) && !k--)
			break;
	}
	w->p.cpu = (int)cpu;
	w->p.share_cpu = w->job->share_cpu || w->job->numjobs > count;
}

static int prepare(struct config *cfg, struct worker *w, unsigned int n)
{
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		ret = w[i].ops->prepare(cfg, &w[i]);
		if (ret)
			return ret;
		if (w[i].job->cpus_set)
			pin(&w[i]);
		if (cfg->plot[0])
			w[i].p.per_second = true;
	}
	return 0;
}

/* Workers that ran: all, unless Ctrl-C came before the last stonewall. */
static unsigned int ran(const struct worker *w, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n && w[i].closed; i++)
		;
	return i;
}

static bool op_writes(uint8_t opc)
{
	return opc != NVMET_CMD_READ && opc != NVMET_CMD_COMPARE && opc != NVMET_CMD_FLUSH &&
	       opc != NVMET_CMD_VERIFY;
}

static bool writes(const struct nvmet_ioworker_params *p)
{
	unsigned int i;
	size_t r;

	for (r = 0; r < p->nr_replay; r++) {
		if (op_writes(p->replay[r].opc))
			return true;
	}
	for (i = 0; i < p->nr_ops; i++) {
		if (p->ops[i].percent && op_writes(p->ops[i].opc))
			return true;
	}
	return !p->nr_replay && !p->nr_ops && p->read_percent < 100;
}

static bool overlap(const struct worker *a, const struct worker *b)
{
	uint64_t a0 = a->p.nr_replay ? 0 : a->p.region_start;
	uint64_t a1 = a->p.nr_replay ? UINT64_MAX : a->p.region_end;
	uint64_t b0 = b->p.nr_replay ? 0 : b->p.region_start;
	uint64_t b1 = b->p.nr_replay ? UINT64_MAX : b->p.region_end;

	return a0 < b1 && b0 < a1;
}

/*
 * Verification orders the commands of one worker only: two workers running
 * together on overlapping LBAs of a verified namespace, one of them
 * writing, could see a miscompare that is not the device's fault.
 */
/* Does a worker of @x's group verify @x's namespace? */
static bool verified(const struct worker *w, unsigned int n, const struct worker *x)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (w[i].dev == x->dev && w[i].group == x->group && w[i].p.verify)
			return true;
	}
	return false;
}

static int verify_conflicts(struct worker *w, unsigned int n)
{
	unsigned int i, k;

	for (i = 0; i < n; i++) {
		for (k = i + 1; k < n && w[k].group == w[i].group; k++) {
			if (w[k].dev != w[i].dev || !overlap(&w[i], &w[k]) ||
			    (!writes(&w[i].p) && !writes(&w[k].p)) || !verified(w, n, &w[i]))
				continue;
			return usage_error("--verify: %s (%u) and %s (%u) run together on"
					   " overlapping LBAs, one writing: give each its region"
					   " (--offset, --size, --offset_increment)",
					   w[i].job->name, w[i].clone + 1, w[k].job->name,
					   w[k].clone + 1);
		}
	}
	return 0;
}

static void cleanup(struct config *cfg, struct worker *w, unsigned int n)
{
	unsigned int i;

	for (i = 0; w && i < n; i++) {
		if (w[i].closed)
			w[i].ops->result_free(&w[i]);
		if (w[i].dev)
			w[i].ops->release(&w[i]);
	}
	free(w);
	nvmet_engine_cleanup();
	free(cfg->jobs);
	while (cfg->nr_owned)
		free(cfg->owned[--cfg->nr_owned]);
	free(cfg->owned);
	kv_free(&cfg->cli);
	if (cfg->out)
		fclose(cfg->out);
}

int main(int argc, char **argv)
{
	struct config cfg;
	struct worker *w = NULL;
	unsigned int n = 0;
	int ret;

	memset(&cfg, 0, sizeof(cfg));
	cfg.formats = FMT_NORMAL;
	cfg.tty = isatty(STDERR_FILENO);
	ret = parse_cmdline(&cfg, argc, argv);
	if (ret < 0)
		ret = load_jobs(&cfg);
	else
		goto out;
	if (!ret && cfg.output[0]) {
		cfg.out = fopen(cfg.output, "w");
		if (!cfg.out)
			ret = fail("--output: %s: %s", cfg.output, strerror(errno));
	}
	if (!ret)
		ret = expand(&cfg, &w, &n);
	if (!ret)
		ret = prepare(&cfg, w, n);
	if (!ret)
		ret = verify_conflicts(w, n);
	if (!ret)
		ret = run_workers(&cfg, w, n);
	if (!ret)
		ret = report(&cfg, w, ran(w, n));
out:
	cleanup(&cfg, w, n);
	return ret;
}
