// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * progress.c - the live line on a terminal (IOPS, bandwidth, time left,
 * redrawn with \r about once a second) and --status-interval lines.
 */
#include <inttypes.h>
#include <string.h>

#include "tool.h"

/* Time left of one worker: its runtime, or its I/O count at the current rate. */
static uint64_t eta_ms(const struct worker *w, const struct nvmet_ioworker_progress *pr,
		       double iops)
{
	uint64_t t = UINT64_MAX, c = UINT64_MAX;

	if (pr->done)
		return 0;
	if (w->p.time_ms)
		t = w->p.time_ms > pr->elapsed_ms ? w->p.time_ms - pr->elapsed_ms : 0;
	if (w->p.io_count && iops > 0)
		c = pr->ios < w->p.io_count ? (uint64_t)((double)(w->p.io_count - pr->ios) *
							 1000.0 / iops) : 0;
	return t < c ? t : c;
}

static uint64_t last_tick;

void progress_tick(struct config *cfg, struct worker *w, unsigned int n, uint64_t t0_ms,
		   bool final)
{
	uint64_t now = now_ms(), eta = 0, ios = 0, bytes = 0, eta_w;
	struct nvmet_ioworker_progress pr;
	unsigned int i, running = 0;
	char a[32], b[64], c[32];
	double dt;

	(void)cfg;
	if (final) {
		fprintf(stderr, "\r\033[K");
		fflush(stderr);
		return;
	}
	for (i = 0; i < n; i++) {
		double wi;

		if (w[i].ops->progress(&w[i], &pr))
			continue;
		dt = (double)(pr.elapsed_ms - w[i].last.elapsed_ms) / 1000.0;
		wi = dt > 0 ? (double)(pr.ios - w[i].last.ios) / dt : 0;
		ios += pr.ios - w[i].last.ios;
		bytes += pr.bytes - w[i].last.bytes;
		eta_w = eta_ms(&w[i], &pr, wi);
		eta = eta_w > eta && eta_w != UINT64_MAX ? eta_w : eta;
		running += !pr.done;
		w[i].last = pr;
	}
	dt = (double)(now - (last_tick ? last_tick : t0_ms)) / 1000.0;
	last_tick = now;
	if (dt <= 0)
		dt = 1;
	fprintf(stderr, "\rJobs: %u: [%s IOPS][%s][eta %s]\033[K", running,
		iops_str((double)ios / dt, a, sizeof(a)), bw_str((double)bytes / dt, b, sizeof(b)),
		eta_str(eta, c, sizeof(c)));
	fflush(stderr);
}

void status_print(struct config *cfg, struct worker *w, unsigned int n, uint64_t t0_ms)
{
	FILE *f = cfg->formats == FMT_NORMAL && !cfg->output[0] ? stdout : stderr;
	struct nvmet_ioworker_progress pr;
	uint64_t now = now_ms();
	char a[32], b[64];
	unsigned int i;
	double dt;

	for (i = 0; i < n; i++) {
		if (w[i].ops->progress(&w[i], &pr))
			continue;
		dt = (double)(pr.elapsed_ms - w[i].status_ms) / 1000.0;
		if (dt <= 0)
			dt = 1;
		fprintf(f, "%s: (%u) %.1fs: %" PRIu64 " I/Os, %s IOPS, %s\n", w[i].job->name,
			w[i].clone + 1, (double)(now - t0_ms) / 1000.0, pr.ios,
			iops_str((double)(pr.ios - w[i].status_ios) / dt, a, sizeof(a)),
			bw_str((double)(pr.bytes - w[i].status_bytes) / dt, b, sizeof(b)));
		w[i].status_ios = pr.ios;
		w[i].status_bytes = pr.bytes;
		w[i].status_ms = pr.elapsed_ms;
	}
	fflush(f);
}
