// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * top_format.c - nvmet top's lines as text, the same on the screen and in
 * batch mode: figures in a few characters, the table's rows, the
 * sparklines, the titles.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "top.h"

/* The table's columns; the header and every row use the same widths. */
#define ROW_FMT	"%c%c%8s %-15s %4s %4s %5s %5s %7s %7s %7s %6s"

/* @v with three significant digits and the unit of its size: "1.23k", "12.3M". */
static void scaled(char *buf, size_t len, double v, double base, const char *const *units)
{
	unsigned int u = 0;

	while (v >= 999.5 && units[u + 1]) {
		v /= base;
		u++;
	}
	if (!u || v >= 99.95)
		snprintf(buf, len, "%.0f%s", v, units[u]);
	else if (v >= 9.995)
		snprintf(buf, len, "%.1f%s", v, units[u]);
	else
		snprintf(buf, len, "%.2f%s", v, units[u]);
}

/* @v as scaled() prints it, or "-" when !@valid (no figure for the interval). */
static void figure(char *buf, size_t len, double v, bool valid, double base,
		   const char *const *units)
{
	if (valid)
		scaled(buf, len, v, base, units);
	else
		snprintf(buf, len, "-");
}

void top_fmt_rate(char *buf, size_t len, double v, bool valid)
{
	static const char *const si[] = { "", "k", "M", "G", "T", NULL };

	figure(buf, len, v, valid, 1000, si);
}

void top_fmt_bps(char *buf, size_t len, double v, bool valid)
{
	static const char *const bin[] = { "B", "KiB", "MiB", "GiB", "TiB", NULL };

	figure(buf, len, v, valid, 1024, bin);
}

/* Microseconds as "81.2us", "1.23ms", "12.3s". */
static void fmt_lat(char *buf, size_t len, double us, bool valid)
{
	static const char *const units[] = { "us", "ms", "s", NULL };

	figure(buf, len, us, valid, 1000, units);
}

void top_sparkline(char *buf, size_t len, const struct top_hist *h, unsigned int width,
		   bool utf8)
{
	static const char ascii[] = "_.-:=+*#";
	unsigned int first = h->n > width ? h->n - width : 0, i, level;
	size_t used = 0;
	double max = 0, v;

	buf[0] = '\0';
	for (i = first; i < h->n; i++) {
		v = top_hist_at(h, i);
		if (v > max)
			max = v;
	}
	for (i = first; i < h->n; i++) {
		v = top_hist_at(h, i);
		level = max > 0 ? (unsigned int)(v / max * 7 + 0.5) : 0;
		if (level > 7)
			level = 7;
		if (utf8 && used + 4 <= len) {
			/* U+2581..U+2588, LOWER ONE EIGHTH BLOCK .. FULL BLOCK */
			buf[used++] = (char)0xe2;
			buf[used++] = (char)0x96;
			buf[used++] = (char)(0x81 + level);
		} else if (!utf8 && used + 2 <= len) {
			buf[used++] = ascii[level];
		} else {
			break;
		}
		buf[used] = '\0';
	}
}

/* A process name as the terminal may show it: no control or non-ASCII bytes. */
static void printable(char *dst, const char *src, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len && src[i]; i++)
		dst[i] = src[i] > 0x20 && src[i] < 0x7f ? src[i] : '?';
	dst[i] = '\0';
}

void top_fmt_row(char *buf, size_t len, const struct top_row *row, bool cursor, bool chosen)
{
	char pid[16], qid[8], cqid[8], depth[16], outst[16], iops[16], rd[16], wr[16], lat[16];
	char comm[NVMETEST_NL_COMM_LEN];
	const struct nvmet_nl_qpair *q;
	bool stats;

	if (!row) {
		snprintf(buf, len, ROW_FMT, ' ', ' ', "PID", "COMMAND", "QID", "CQID", "DEPTH",
			 "OUTST", "IOPS", "READ/s", "WRITE/s", "LAT");
		return;
	}
	q = &row->q;
	stats = !row->admin && (q->flags & NVMETEST_NL_QPAIR_STATS);
	snprintf(pid, sizeof(pid), q->pid ? "%" PRIu32 : "-", q->pid);
	snprintf(qid, sizeof(qid), "%u", q->qid);
	snprintf(cqid, sizeof(cqid), "%u", q->cqid);
	snprintf(depth, sizeof(depth), row->admin ? "-" : "%" PRIu32, q->size);
	snprintf(outst, sizeof(outst), stats ? "%" PRIu32 : "-", q->outstanding);
	top_fmt_rate(iops, sizeof(iops), row->r.iops, row->r.valid);
	top_fmt_bps(rd, sizeof(rd), row->r.rd_bps, row->r.valid);
	top_fmt_bps(wr, sizeof(wr), row->r.wr_bps, row->r.valid);
	fmt_lat(lat, sizeof(lat), row->r.lat_us, row->r.lat_valid);
	printable(comm, q->comm[0] ? q->comm : "?", sizeof(comm));
	snprintf(buf, len, ROW_FMT, cursor ? '>' : ' ', chosen ? '*' : ' ', pid, comm, qid, cqid,
		 depth, outst, iops, rd, wr, lat);
}

void top_fmt_title(char *buf, size_t len, const struct top *t)
{
	unsigned int n = t->nrows ? t->nrows - 1 : 0;

	snprintf(buf, len, "nvmet top: %s%" PRIu32 " %s, %u I/O queue pair%s, every %g s%s",
		 NVMETEST_DEV_PREFIX, t->instance, t->bdf, n, n == 1 ? "" : "s",
		 t->delay_ms / 1000.0, t->paused ? "  [PAUSED]" : "");
}

void top_fmt_total(char *buf, size_t len, const struct top *t)
{
	char iops[16], rd[16], wr[16], lat[16];

	top_fmt_rate(iops, sizeof(iops), t->total.iops, t->total.valid);
	top_fmt_bps(rd, sizeof(rd), t->total.rd_bps, t->total.valid);
	top_fmt_bps(wr, sizeof(wr), t->total.wr_bps, t->total.valid);
	fmt_lat(lat, sizeof(lat), t->total.lat_us, t->total.lat_valid);
	snprintf(buf, len, "IOPS %s  read %s/s  write %s/s  latency %s  outstanding %" PRIu64,
		 iops, rd, wr, lat, t->outstanding);
}

void top_fmt_log_title(char *buf, size_t len, const struct top *t)
{
	const struct top_log *lg = &t->log;
	char who[64];
	int n;

	if (!lg->on) {
		snprintf(buf, len, "Command log: choose a queue pair (Up/Down or j/k, then Enter)");
		return;
	}
	if (!lg->qid)
		snprintf(who, sizeof(who), "the admin queue");
	else if (lg->pid)
		snprintf(who, sizeof(who), "qid %u (%s, pid %" PRIu32 ")", lg->qid, lg->comm,
			 lg->pid);
	else
		snprintf(who, sizeof(who), "qid %u (%s)", lg->qid, lg->comm);
	n = snprintf(buf, len, "Command log of %s, newest last", who);
	if (lg->note[0] && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, ": %s", lg->note);
}

void top_fmt_log_line(char *buf, size_t len, const struct top *t, int i)
{
	char text[NVMET_CMDLOG_STR_MAX];

	nvmet_cmdlog_entry_snprint(text, sizeof(text), &t->log.e[i], t->log.qid);
	snprintf(buf, len, "%8" PRIu64 " %s", (uint64_t)t->log.e[i].seq, text);
}
