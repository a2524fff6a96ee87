// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * top_model.c - what nvmet top knows, sampled over netlink: the queue
 * pairs of every program with their rates (the change of their counters
 * between two samples) and IOPS histories, the command log of the chosen
 * one, the events. Queue pairs come and go between samples: a row is
 * known again by its qid and creator, and a new one starts without rates.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "top.h"

static void hist_push(struct top_hist *h, double v)
{
	if (h->n < TOP_HIST) {
		h->v[(h->start + h->n++) % TOP_HIST] = v;
		return;
	}
	h->v[h->start] = v;
	h->start = (h->start + 1) % TOP_HIST;
}

double top_hist_at(const struct top_hist *h, unsigned int i)
{
	return h->v[(h->start + i) % TOP_HIST];
}

/* The controller's PCI address, from its class device. */
static void read_bdf(struct top *t)
{
	char link[PATH_MAX], *real, *base;

	snprintf(t->bdf, sizeof(t->bdf), "?");
	snprintf(link, sizeof(link), "/sys/class/%s/%s%u/device", NVMETEST_DRIVER_NAME,
		 NVMETEST_DEV_PREFIX, t->instance);
	real = realpath(link, NULL);
	if (!real)
		return;
	base = strrchr(real, '/');
	if (base && base[1])
		snprintf(t->bdf, sizeof(t->bdf), "%s", base + 1);
	free(real);
}

/* The controller's queues into t->list; their number, or a negative errno. */
static int list(struct top *t)
{
	struct nvmet_nl_qpair *l;
	int n;

	for (;;) {
		n = nvmet_nl_list_qpairs(t->nl, t->instance, t->list, t->list_cap);
		if (n <= (int)t->list_cap)
			return n;
		/* Queues came meanwhile: room for them and some more. */
		l = realloc(t->list, (size_t)n * 2 * sizeof(*l));
		if (!l)
			return -ENOMEM;
		t->list = l;
		t->list_cap = (unsigned int)n * 2;
	}
}

static int rows_reserve(struct top *t, unsigned int n)
{
	struct top_row *r;

	if (n <= t->cap)
		return 0;
	r = realloc(t->rows, (size_t)n * sizeof(*r));
	if (!r)
		return -ENOMEM;
	t->rows = r;
	t->cap = n;
	return 0;
}

int top_init(struct top *t, struct nvmet_nl *nl, uint32_t instance, unsigned int delay_ms)
{
	int n;

	memset(t, 0, sizeof(*t));
	t->nl = nl;
	t->instance = instance;
	t->delay_ms = delay_ms;
	read_bdf(t);
	n = list(t);
	if (n < 0)
		return n;
	if (rows_reserve(t, 1))
		return -ENOMEM;
	/* The admin queue, always first. */
	memset(&t->rows[0], 0, sizeof(t->rows[0]));
	t->rows[0].admin = true;
	snprintf(t->rows[0].q.comm, sizeof(t->rows[0].q.comm), "[admin]");
	t->nrows = 1;
	t->events_on = !nvmet_nl_subscribe(nl);
	return 0;
}

void top_fini(struct top *t)
{
	free(t->rows);
	free(t->list);
	t->rows = NULL;
	t->list = NULL;
}

static bool same_queue(const struct nvmet_nl_qpair *a, const struct nvmet_nl_qpair *b)
{
	return a->qid == b->qid && a->pid == b->pid && !strcmp(a->comm, b->comm);
}

/* Per second over @dt_s, from @old to @cur: none when a counter went back. */
static void rates(struct top_rates *r, const struct nvmet_nl_qpair *old,
		  const struct nvmet_nl_qpair *cur, double dt_s)
{
	uint64_t done;

	memset(r, 0, sizeof(*r));
	if (!(old->flags & cur->flags & NVMETEST_NL_QPAIR_STATS) || dt_s <= 0 ||
	    cur->completed < old->completed || cur->read_bytes < old->read_bytes ||
	    cur->write_bytes < old->write_bytes || cur->latency_ns < old->latency_ns)
		return;
	done = cur->completed - old->completed;
	r->valid = true;
	r->iops = (double)done / dt_s;
	r->rd_bps = (double)(cur->read_bytes - old->read_bytes) / dt_s;
	r->wr_bps = (double)(cur->write_bytes - old->write_bytes) / dt_s;
	if (done && (old->flags & cur->flags & NVMETEST_NL_QPAIR_LATENCY)) {
		r->lat_valid = true;
		r->lat_us = (double)(cur->latency_ns - old->latency_ns) / (double)done / 1e3;
	}
}

/* The row that showed @q at the last sample, or NULL. */
static const struct top_row *old_row(const struct top_row *old, unsigned int n,
				     const struct nvmet_nl_qpair *q)
{
	unsigned int i;

	for (i = 1; i < n; i++)
		if (same_queue(&old[i].q, q))
			return &old[i];
	return NULL;
}

/* The rows of the listing in t->list (@n queues), rates from the last sample. */
static int rebuild(struct top *t, int n, double dt_s)
{
	struct top_row *old, *row;
	const struct top_row *prev;
	struct top_row cursor_row = t->rows[t->cursor];
	unsigned int nold = t->nrows, old_cursor = t->cursor, i;
	double lat_sum = 0, lat_w = 0;
	bool found = cursor_row.admin;

	old = malloc((size_t)nold * sizeof(*old));
	if (!old || rows_reserve(t, (unsigned int)n + 1)) {
		free(old);
		return -ENOMEM;
	}
	memcpy(old, t->rows, (size_t)nold * sizeof(*old));
	memset(&t->total, 0, sizeof(t->total));
	t->total.valid = t->samples > 0;
	t->outstanding = 0;
	t->nrows = 1;
	t->cursor = 0;
	for (i = 0; i < (unsigned int)n; i++) {
		row = &t->rows[t->nrows++];
		memset(row, 0, sizeof(*row));
		row->q = t->list[i];
		prev = old_row(old, nold, &row->q);
		if (prev) {
			row->hist = prev->hist;
			rates(&row->r, &prev->q, &row->q, dt_s);
		}
		if (row->r.valid) {
			hist_push(&row->hist, row->r.iops);
			t->total.iops += row->r.iops;
			t->total.rd_bps += row->r.rd_bps;
			t->total.wr_bps += row->r.wr_bps;
		}
		if (row->r.lat_valid) {
			/* Weighted by what each queue completed. */
			lat_sum += row->r.lat_us * row->r.iops;
			lat_w += row->r.iops;
		}
		if (row->q.flags & NVMETEST_NL_QPAIR_STATS)
			t->outstanding += row->q.outstanding;
		if (!found && same_queue(&cursor_row.q, &row->q)) {
			t->cursor = t->nrows - 1;
			found = true;
		}
	}
	if (lat_w > 0) {
		t->total.lat_valid = true;
		t->total.lat_us = lat_sum / lat_w;
	}
	if (t->total.valid)
		hist_push(&t->total_hist, t->total.iops);
	/* The cursor's queue went: the row where it was, or the last one. */
	if (!found)
		t->cursor = old_cursor < t->nrows ? old_cursor : t->nrows - 1;
	free(old);
	return 0;
}

/* The chosen queue's newest commands, or why there are none. */
static void sample_log(struct top *t)
{
	struct top_log *lg = &t->log;
	unsigned int i, want = t->log_lines ? t->log_lines : TOP_LOG_MAX;
	int n;

	if (!lg->on)
		return;
	lg->note[0] = '\0';
	if (lg->qid) {
		for (i = 1; i < t->nrows && !top_is_chosen(t, &t->rows[i]); i++)
			;
		if (i == t->nrows) {
			lg->n = 0;
			snprintf(lg->note, sizeof(lg->note), lg->by_qid ? "no such queue pair now" :
				 "the queue pair is gone");
			return;
		}
		if (lg->by_qid) {
			lg->pid = t->rows[i].q.pid;
			snprintf(lg->comm, sizeof(lg->comm), "%s", t->rows[i].q.comm);
		}
	}
	if (want > TOP_LOG_MAX)
		want = TOP_LOG_MAX;
	n = nvmet_nl_cmdlog(t->nl, t->instance, lg->qid, lg->e, want);
	if (n >= 0) {
		lg->n = n;
		if (!n)
			snprintf(lg->note, sizeof(lg->note), "no command yet");
		return;
	}
	lg->n = 0;
	if (n == -ENOENT)
		snprintf(lg->note, sizeof(lg->note),
			 "it publishes no command log (only libnvmet's queue pairs do)");
	else if (n == -EBADMSG)
		snprintf(lg->note, sizeof(lg->note), "its owner overwrote its statistics region");
	else
		snprintf(lg->note, sizeof(lg->note), "command log: %s", strerror(-n));
}

static void set_gone(struct top *t, const char *how)
{
	t->gone = true;
	snprintf(t->why, sizeof(t->why), "%s%u (%s) %s", NVMETEST_DEV_PREFIX, t->instance, t->bdf,
		 how);
}

int top_sample(struct top *t)
{
	uint64_t now = now_ns();
	double dt_s = t->samples ? (double)(now - t->last_ns) / 1e9 : 0;
	int n, ret;

	/* Paused: the figures stay, but a controller that goes is still seen. */
	n = t->paused ? nvmet_nl_list_qpairs(t->nl, t->instance, NULL, 0) : list(t);
	if (n == -ENODEV) {
		set_gone(t, "went away (unbound or removed)");
		return 0;
	}
	if (n < 0) {
		snprintf(t->why, sizeof(t->why), "listing the queue pairs: %s", strerror(-n));
		return n;
	}
	if (t->paused)
		return 0;
	ret = rebuild(t, n, dt_s);
	if (ret) {
		snprintf(t->why, sizeof(t->why), "%s", strerror(-ret));
		return ret;
	}
	t->samples++;
	t->last_ns = now;
	sample_log(t);
	return 0;
}

static void add_event_line(struct top *t, const char *line)
{
	unsigned int slot;

	if (t->ev_n < TOP_EVENTS) {
		slot = (t->ev_start + t->ev_n++) % TOP_EVENTS;
	} else {
		slot = t->ev_start;
		t->ev_start = (t->ev_start + 1) % TOP_EVENTS;
	}
	snprintf(t->ev[slot], sizeof(t->ev[slot]), "%s", line);
	t->ev_total++;
}

void top_read_events(struct top *t)
{
	char line[NVMET_NL_EVENT_STR_MAX];
	struct nvmet_nl_event ev;
	int ret;

	while (t->events_on && !t->gone) {
		ret = nvmet_nl_next_event(t->nl, &ev, 0);
		if (ret == -ETIMEDOUT)
			return;
		if (ret == -ENOBUFS) {
			add_event_line(t, "(events were lost: they came faster than they were read)");
			continue;
		}
		if (ret) {
			snprintf(line, sizeof(line), "(events stopped: %s)", strerror(-ret));
			add_event_line(t, line);
			t->events_on = false;
			return;
		}
		nvmet_nl_event_snprint(line, sizeof(line), &ev);
		add_event_line(t, line);
		if (ev.type == NVMETEST_NL_EVENT_DEVICE_REMOVED && ev.instance == t->instance) {
			if (ev.bdf[0])
				snprintf(t->bdf, sizeof(t->bdf), "%s", ev.bdf);
			set_gone(t, "was removed (unbound, unplugged or the module unloaded)");
		}
	}
}

void top_move(struct top *t, int delta)
{
	long c = (long)t->cursor + delta;

	if (c < 0)
		c = 0;
	if (c >= (long)t->nrows)
		c = (long)t->nrows - 1;
	t->cursor = (unsigned int)c;
}

bool top_is_chosen(const struct top *t, const struct top_row *row)
{
	const struct top_log *lg = &t->log;

	if (!lg->on || row->q.qid != lg->qid)
		return false;
	return lg->by_qid || row->admin ||
	       (row->q.pid == lg->pid && !strcmp(row->q.comm, lg->comm));
}

void top_follow_qid(struct top *t, uint16_t qid)
{
	memset(&t->log, 0, sizeof(t->log));
	t->log.on = true;
	t->log.by_qid = true;
	t->log.qid = qid;
}

void top_choose(struct top *t)
{
	const struct top_row *row = &t->rows[t->cursor];

	t->log.on = true;
	t->log.by_qid = false;
	t->log.qid = row->q.qid;
	t->log.pid = row->q.pid;
	snprintf(t->log.comm, sizeof(t->log.comm), "%s", row->q.comm);
	t->log.n = 0;
	snprintf(t->log.note, sizeof(t->log.note), "reading...");
	if (!t->paused)
		sample_log(t);
}
