// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * run.c - the workers running: start them all, watch them (progress line,
 * status lines, Ctrl-C stops them and still reports), collect results.
 */
#include <signal.h>
#include <string.h>
#include <time.h>

#include "tool.h"

#define TICK_MS		50
#define PROGRESS_MS	1000

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void nap(unsigned int ms)
{
	struct timespec ts = { 0, (long)ms * 1000000 };

	nanosleep(&ts, NULL);
}

static bool all_done(struct worker *w, unsigned int n)
{
	struct nvmet_ioworker_progress pr;
	bool done = true;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!w[i].ops->progress(&w[i], &pr) && !pr.done)
			done = false;
	}
	return done;
}

static void watch(struct config *cfg, struct worker *w, unsigned int n, uint64_t t0)
{
	uint64_t next_progress = t0 + PROGRESS_MS, next_status = t0 + cfg->status_interval_ms;
	bool stopped = false;
	unsigned int i;
	uint64_t now;

	while (!all_done(w, n)) {
		nap(TICK_MS);
		if (interrupted && !stopped) {
			for (i = 0; i < n; i++)
				w[i].ops->stop(&w[i]);
			stopped = true;
		}
		now = now_ms();
		if (cfg->tty && now >= next_progress) {
			progress_tick(cfg, w, n, t0, false);
			next_progress += PROGRESS_MS;
		}
		if (cfg->status_interval_ms && now >= next_status) {
			status_print(cfg, w, n, t0);
			next_status += cfg->status_interval_ms;
		}
	}
	if (cfg->tty)
		progress_tick(cfg, w, n, t0, true);
}

/* Starts a group's workers; when one cannot start, those started are stopped. */
static int run_group(struct config *cfg, struct worker *w, unsigned int n)
{
	unsigned int i, started;
	int ret = 0;

	for (started = 0; started < n && !ret; started++)
		ret = w[started].ops->start(&w[started]);
	if (ret) {
		started--;
		for (i = 0; i < started; i++)
			w[i].ops->stop(&w[i]);
	} else {
		watch(cfg, w, n, now_ms());
	}
	for (i = 0; i < started; i++) {
		w[i].ops->close(&w[i]);
		w[i].closed = true;
		/* Rates need a run time: one under a millisecond counts as one. */
		if (!w[i].r.mseconds && w[i].r.reads + w[i].r.writes + w[i].r.trims +
		    w[i].r.write_zeroes + w[i].r.compares + w[i].r.flushes + w[i].r.others)
			w[i].r.mseconds = 1;
	}
	return ret;
}

/* The groups one after the other (a stonewall waits for the jobs above it). */
int run_workers(struct config *cfg, struct worker *w, unsigned int n)
{
	struct sigaction sa, old_int, old_term;
	unsigned int first, last;
	int ret = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	for (first = 0; first < n && !ret && !interrupted; first = last) {
		for (last = first; last < n && w[last].group == w[first].group; last++)
			;
		ret = run_group(cfg, w + first, last - first);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return ret;
}
