// SPDX-License-Identifier: GPL-2.0
/*
 * watch.c - the stress programs' progress watch: a call that waits for
 * the module against one that is stuck (see struct sx_watch in stress.h).
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "st_module.h"
#include "stress.h"

#define SX_PARAM_ADMIN_TIMEOUT	SYS_MODULE "/parameters/admin_timeout_ms"
/* The module's default when its parameter cannot be read. */
#define SX_ADMIN_TIMEOUT_MS	10000u

unsigned int sx_stall_bound_ms(const struct sx_dev *d, unsigned int own_ms)
{
	unsigned int admin_ms = SX_ADMIN_TIMEOUT_MS, cap_to_ms;
	char buf[32];
	FILE *f = fopen(SX_PARAM_ADMIN_TIMEOUT, "r");

	if (f) {
		if (fgets(buf, sizeof(buf), f))
			admin_ms = (unsigned int)strtoul(buf, NULL, 10);
		fclose(f);
	}
	/* CAP.TO is in 500 ms units; the module waits at least one. */
	cap_to_ms = ((unsigned int)(d->cap >> 24 & 0xff) ?: 1u) * 500u;
	return 2 * (admin_ms > own_ms ? admin_ms : own_ms) + 2 * cap_to_ms;
}

void sx_watch_init(struct sx_watch *w, unsigned int bound_ms)
{
	memset(w, 0, sizeof(*w));
	w->bound_ns = (uint64_t)bound_ms * 1000000u;
	w->ceiling_ns = SX_WATCH_CEILING * w->bound_ns;
}

/* The device's interrupts so far: every line of /proc/interrupts naming the module. */
static uint64_t sx_irq_count(void)
{
	uint64_t sum = 0;
	char *line = NULL, *p, *end;
	size_t cap = 0;
	FILE *f = fopen("/proc/interrupts", "re");

	if (!f)
		return 0;
	/* one line per IRQ, a count per CPU in each: long on a big host */
	while (getline(&line, &cap, f) > 0) {
		if (!strstr(line, MODULE))
			continue;
		p = strchr(line, ':');
		if (!p)
			continue;
		/* "IRQ:  count count ...  chip ... name": the counts, one per CPU */
		for (p++; *p; p = end) {
			unsigned long long v;

			while (*p == ' ')
				p++;
			if (!isdigit((unsigned char)*p))
				break;
			v = strtoull(p, &end, 10);
			if (end == p)
				break;
			sum += v;
		}
	}
	free(line);
	fclose(f);
	return sum;
}

/* A task's state letter and CPU time (user and system, in clock ticks); -1 once it is gone. */
static int sx_task_sample(const struct sx_task *t, char *state, uint64_t *ticks)
{
	char path[64], buf[1024], *p;
	unsigned long long ut, st;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", t->pid, t->tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* "tid (comm) S ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime" */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", state,
			 &ut, &st) != 3)
		return -1;
	*ticks = ut + st;
	return 0;
}

int sx_watch_sample(struct sx_watch *w, struct sx_task *t, unsigned int n, uint64_t events)
{
	uint64_t now = sx_now_ns(), dt, period = SX_WATCH_PERIOD_MS * 1000000ull, ticks;
	uint64_t tick_ns = 1000000000ull / (uint64_t)sysconf(_SC_CLK_TCK);
	unsigned int i;
	int progress, busy, hung = -1;
	char state;

	if (w->last_ns && now - w->last_ns < period)
		return -1;
	/*
	 * A gap much longer than the period means the watcher itself did not
	 * run (the machine, or the VM under it, was busy elsewhere): what the
	 * tasks did in it is unknown, so it counts as one period.
	 */
	dt = w->last_ns ? now - w->last_ns : 0;
	if (dt > 2 * period)
		dt = period;
	w->last_ns = now;
	w->samples++;
	events += sx_irq_count();
	progress = events != w->events;
	w->events = events;

	for (i = 0; i < n; i++) {
		struct sx_task *k = &t[i];

		if (!k->call || sx_task_sample(k, &state, &ticks)) {
			k->seen_call = 0;
			k->stall_ns = 0;
			continue;
		}
		if (k->call != k->seen_call || !dt) {
			/* a new call: it starts from here */
			k->seen_call = k->call;
			k->stall_ns = 0;
			k->call_ns = now;
		} else {
			/*
			 * Computing, or waiting for a CPU: on the CPU for half
			 * the period, or runnable at two samples in a row (a
			 * task polling in a loop is runnable for moments).
			 */
			busy = (ticks - k->ticks) * tick_ns * 2 >= dt ||
			       (state == 'R' && k->state == 'R');
			if (busy)
				progress = 1;
			k->stall_ns = busy ? 0 : k->stall_ns + dt;
		}
		k->ticks = ticks;
		k->state = state;
	}
	w->idle_ns = progress ? 0 : w->idle_ns + dt;
	for (i = 0; i < n; i++) {
		if (progress)
			t[i].stall_ns = 0;
		if (hung < 0 && (t[i].stall_ns > w->bound_ns ||
				 (t[i].seen_call && now - t[i].call_ns > w->ceiling_ns)))
			hung = (int)i;
	}
	return hung;
}

int sx_watch_idle(const struct sx_watch *w)
{
	return w->idle_ns > w->bound_ns;
}

void sx_watch_why(const struct sx_watch *w, const struct sx_task *t, char *out, size_t len)
{
	if (t->stall_ns > w->bound_ns)
		snprintf(out, len, "asleep for %llu ms with nothing progressing (bound %llu ms)",
			 (unsigned long long)(t->stall_ns / 1000000u),
			 (unsigned long long)(w->bound_ns / 1000000u));
	else
		snprintf(out, len, "in the same call for %llu ms while other things progressed "
			 "(ceiling %llu ms, %u times the bound)",
			 (unsigned long long)((w->last_ns - t->call_ns) / 1000000u),
			 (unsigned long long)(w->ceiling_ns / 1000000u), SX_WATCH_CEILING);
}
