/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * top.h - nvmet top: what the view knows about a controller (its queue
 * pairs with their rates and histories, the command log of one of them,
 * the module's events), how it is sampled over netlink, and how it is
 * laid out on a screen of some size.
 */
#ifndef NVMET_TOP_H
#define NVMET_TOP_H

#include <stdbool.h>
#include <stdint.h>

#include <nvmet/names.h>
#include <nvmet/nl.h>

/* Samples of IOPS kept per queue pair and for the controller (sparklines). */
#define TOP_HIST		256
/* Events kept for the events pane. */
#define TOP_EVENTS		64
/* Command log entries asked for, at most. */
#define TOP_LOG_MAX		128
/* The smallest screen the view is drawn on. */
#define TOP_MIN_COLS		80
#define TOP_MIN_ROWS		16
/* Bytes of a message line (why the view ended, a pane's notice). */
#define TOP_MSG_LEN		256

/**
 * struct top_hist - the latest IOPS samples, oldest first in ring order
 * @v: samples
 * @start: index of the oldest
 * @n: samples held
 */
struct top_hist {
	double v[TOP_HIST];
	unsigned int start;
	unsigned int n;
};

/**
 * struct top_rates - what changed between two samples, per second
 * @valid: there were two samples of the same queue (counters that went
 *	back, or a queue new since the last sample, have none)
 * @lat_valid: @lat_us is valid (the queue sums latencies, and commands ended)
 * @iops: commands ended per second
 * @rd_bps: bytes of Reads submitted per second
 * @wr_bps: bytes of Writes submitted per second
 * @lat_us: mean latency of the commands that ended, microseconds
 */
struct top_rates {
	bool valid;
	bool lat_valid;
	double iops;
	double rd_bps;
	double wr_bps;
	double lat_us;
};

/**
 * struct top_row - a row of the table: the admin queue, or an I/O queue pair
 * @q: the queue as last listed (qid 0 for the admin queue)
 * @admin: the admin queue, the module's own
 * @r: its rates over the last interval
 * @hist: its IOPS history
 */
struct top_row {
	struct nvmet_nl_qpair q;
	bool admin;
	struct top_rates r;
	struct top_hist hist;
};

/**
 * struct top_log - the command log shown: that of one queue, chosen by key
 * @on: a queue was chosen
 * @by_qid: by qid alone (--qid): whichever program's queue has it
 * @qid: its qid
 * @pid: its creator, so that another program's queue of the same qid is
 *	not taken for it
 * @comm: the creator's name, for the pane's title
 * @e: the newest entries, oldest first
 * @n: entries in @e
 * @note: why there are none, or ""
 */
struct top_log {
	bool on;
	bool by_qid;
	uint16_t qid;
	uint32_t pid;
	char comm[NVMETEST_NL_COMM_LEN];
	struct nvmetest_cmdlog_entry e[TOP_LOG_MAX];
	int n;
	char note[TOP_MSG_LEN];
};

/**
 * struct top - the whole view's state
 * @nl: the netlink family
 * @instance: the controller
 * @bdf: its PCI address, or "?"
 * @delay_ms: between two samples
 * @events_on: subscribed to the events group (a kernel may have none)
 * @rows: the admin queue, then the I/O queue pairs in qid order
 * @nrows: rows in @rows
 * @cap: capacity of @rows
 * @list: the latest listing, scratch
 * @list_cap: capacity of @list
 * @samples: samples taken
 * @last_ns: CLOCK_MONOTONIC time of the latest sample
 * @total: rates summed over the queue pairs that have them
 * @total_hist: the controller's IOPS history
 * @outstanding: commands in flight over every queue pair with statistics
 * @cursor: the highlighted row
 * @top_row: first row of the table on screen (it scrolls with @cursor)
 * @log: the command log pane
 * @log_lines: entries the log pane has room for, as last drawn
 * @ev: the latest events, one line each, ring ordered
 * @ev_start: index of the oldest in @ev
 * @ev_n: lines held
 * @ev_total: lines ever added (a batch frame prints those it did not yet)
 * @utf8: the terminal takes UTF-8 (sparklines in block characters)
 * @paused: the figures are frozen ('p')
 * @gone: the controller went away; @why says how
 * @why: why the view ended, for its last line
 */
struct top {
	struct nvmet_nl *nl;
	uint32_t instance;
	char bdf[NVMET_NL_BDF_LEN];
	unsigned int delay_ms;
	bool events_on;
	struct top_row *rows;
	unsigned int nrows;
	unsigned int cap;
	struct nvmet_nl_qpair *list;
	unsigned int list_cap;
	uint64_t samples;
	uint64_t last_ns;
	struct top_rates total;
	struct top_hist total_hist;
	uint64_t outstanding;
	unsigned int cursor;
	unsigned int top_row;
	struct top_log log;
	unsigned int log_lines;
	char ev[TOP_EVENTS][NVMET_NL_EVENT_STR_MAX];
	unsigned int ev_start;
	unsigned int ev_n;
	uint64_t ev_total;
	bool utf8;
	bool paused;
	bool gone;
	char why[TOP_MSG_LEN];
};

/* top_model.c: sampling over netlink, and what the keys change. */

/* 0, or a negative errno (the first listing failed: no such controller...). */
int top_init(struct top *t, struct nvmet_nl *nl, uint32_t instance, unsigned int delay_ms);
void top_fini(struct top *t);
/*
 * One sample: the queue pairs and their rates, the chosen command log.
 * A controller that went away sets @gone; returns a negative errno only for
 * a failure that ends the view (@why says it).
 */
int top_sample(struct top *t);
/* Reads the events that came; sets @gone on the controller's removal. */
void top_read_events(struct top *t);
/* Moves the cursor by @delta rows (clamped). */
void top_move(struct top *t, int delta);
/* Shows the command log of the row under the cursor. */
void top_choose(struct top *t);
/* Shows the command log of queue @qid, whoever creates it. */
void top_follow_qid(struct top *t, uint16_t qid);
/* Whether @row is the queue whose command log shows. */
bool top_is_chosen(const struct top *t, const struct top_row *row);
/* The value of history @h's sample @i, oldest first. */
double top_hist_at(const struct top_hist *h, unsigned int i);

/* top_format.c: figures as the table prints them. */

/* @v per second in at most 7 characters: "12.3k", "1.20M"; "-" when !@valid. */
void top_fmt_rate(char *buf, size_t len, double v, bool valid);
/* Bytes per second in at most 7 characters: "48.2MiB", "512B"; "-" when !@valid. */
void top_fmt_bps(char *buf, size_t len, double v, bool valid);
/*
 * The last @width samples of @h as a sparkline of @width cells scaled to
 * their maximum, in @buf: eight levels, UTF-8 blocks when @utf8 else ASCII.
 */
void top_sparkline(char *buf, size_t len, const struct top_hist *h, unsigned int width,
		   bool utf8);
/* A row of the table (or its header when @row is NULL), @cursor and @chosen marking it. */
void top_fmt_row(char *buf, size_t len, const struct top_row *row, bool cursor, bool chosen);
/* The first line: the controller, its queue pairs, the interval, paused. */
void top_fmt_title(char *buf, size_t len, const struct top *t);
/* The controller's line: totals, outstanding commands. */
void top_fmt_total(char *buf, size_t len, const struct top *t);
/* The log pane's title. */
void top_fmt_log_title(char *buf, size_t len, const struct top *t);
/* Entry @i of the command log shown: its sequence number, then what it was. */
void top_fmt_log_line(char *buf, size_t len, const struct top *t, int i);

/* top_screen.c: the full-screen view, drawn with ncurses on stdscr. */

/* Draws the frame; only what changed reaches the terminal. */
void top_draw(struct top *t);

#endif /* NVMET_TOP_H */
