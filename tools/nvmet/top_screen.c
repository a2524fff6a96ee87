// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * top_screen.c - nvmet top drawn with ncurses. Each frame is drawn whole
 * into ncurses' screen image and refresh() sends the terminal only the
 * cells that changed since the last one, so nothing flickers; a screen too
 * small for the layout gets a sentence saying so instead.
 */
#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "top.h"

/* The lines above the table, the titles of the panes and the footer. */
#define FIXED_LINES	7

/* @s at line @y, cut at the screen's width, with @attr. */
static void put(int y, int width, attr_t attr, const char *s)
{
	attron(attr);
	mvaddnstr(y, 0, s, width);
	attroff(attr);
}

static void too_small(int rows, int cols)
{
	char line[96];
	int y = 0;

	snprintf(line, sizeof(line), "Terminal too small: %dx%d", cols, rows);
	put(y++, cols, A_BOLD, line);
	if (y < rows) {
		snprintf(line, sizeof(line), "nvmet top needs %dx%d", TOP_MIN_COLS, TOP_MIN_ROWS);
		put(y++, cols, 0, line);
	}
	if (y < rows)
		put(y, cols, 0, "q quits");
}

/* How the panes share the lines under the fixed ones. */
struct layout {
	int table;
	int log;
	int events;
};

static struct layout lay_out(const struct top *t, int rows)
{
	int left = rows - FIXED_LINES;
	struct layout l;

	l.events = left / 4;
	if (l.events < 2)
		l.events = 2;
	if (l.events > 8)
		l.events = 8;
	l.table = (left - l.events) / 2;
	if (l.table < 2)
		l.table = 2;
	if (l.table > (int)t->nrows)
		l.table = (int)t->nrows;
	l.log = left - l.events - l.table;
	return l;
}

static int draw_table(struct top *t, int y, int rows, int cols)
{
	char line[512], spark[3 * TOP_HIST + 1];
	int hist_w = cols - 80, i;
	const struct top_row *row;
	bool utf8 = t->utf8;

	top_fmt_row(line, sizeof(line), NULL, false, false);
	if (hist_w >= 4)
		strcat(line, " HISTORY");
	put(y++, cols, A_REVERSE, line);
	/* The cursor's row stays on screen. */
	if (t->cursor < t->top_row)
		t->top_row = t->cursor;
	if (t->cursor >= t->top_row + (unsigned int)rows)
		t->top_row = t->cursor - (unsigned int)rows + 1;
	if (t->top_row + (unsigned int)rows > t->nrows)
		t->top_row = t->nrows > (unsigned int)rows ? t->nrows - (unsigned int)rows : 0;
	for (i = 0; i < rows && t->top_row + (unsigned int)i < t->nrows; i++) {
		unsigned int r = t->top_row + (unsigned int)i;

		row = &t->rows[r];
		top_fmt_row(line, sizeof(line), row, r == t->cursor, top_is_chosen(t, row));
		put(y + i, cols, r == t->cursor ? A_BOLD : 0, line);
		if (row->q.flags & NVMETEST_NL_QPAIR_ORPHAN) {
			mvaddnstr(y + i, 80, "orphan", cols - 80);
		} else if (hist_w >= 4) {
			top_sparkline(spark, sizeof(spark), &row->hist, (unsigned int)hist_w - 1, utf8);
			mvaddstr(y + i, 80, spark);
		}
	}
	return y + rows;
}

static int draw_log(struct top *t, int y, int rows, int cols)
{
	char line[NVMET_CMDLOG_STR_MAX + 32];
	const struct top_log *lg = &t->log;
	int first = lg->n > rows ? lg->n - rows : 0, i;

	top_fmt_log_title(line, sizeof(line), t);
	put(y++, cols, A_BOLD, line);
	t->log_lines = (unsigned int)rows;
	for (i = first; i < lg->n; i++) {
		top_fmt_log_line(line, sizeof(line), t, i);
		put(y + i - first, cols, 0, line);
	}
	return y + rows;
}

static int draw_events(const struct top *t, int y, int rows, int cols)
{
	unsigned int first = t->ev_n > (unsigned int)rows ? t->ev_n - (unsigned int)rows : 0, i;

	put(y++, cols, A_BOLD,
	    t->events_on ? "Events of the module, newest last" :
			   "Events: none (this kernel's nvmetest has no events group)");
	for (i = first; i < t->ev_n; i++)
		put(y + (int)(i - first), cols, 0, t->ev[(t->ev_start + i) % TOP_EVENTS]);
	return y + rows;
}

void top_draw(struct top *t)
{
	char line[512], spark[3 * TOP_HIST + 1];
	struct layout l;
	int rows, cols, y;

	getmaxyx(stdscr, rows, cols);
	erase();
	if (cols < TOP_MIN_COLS || rows < TOP_MIN_ROWS) {
		too_small(rows, cols);
		refresh();
		return;
	}
	l = lay_out(t, rows);
	top_fmt_title(line, sizeof(line), t);
	put(0, cols, A_BOLD, line);
	top_fmt_total(line, sizeof(line), t);
	put(1, cols, 0, line);
	put(2, cols, 0, "IOPS history");
	top_sparkline(spark, sizeof(spark), &t->total_hist, (unsigned int)cols - 14, t->utf8);
	mvaddstr(2, 13, spark);
	y = draw_table(t, 3, l.table, cols);
	y = draw_log(t, y, l.log, cols);
	y = draw_events(t, y, l.events, cols);
	put(y, cols, A_REVERSE,
	    "Up/Down j/k: select  Enter/Tab: its command log  p: pause  q: quit");
	refresh();
}
