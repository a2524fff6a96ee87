// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_top.c - nvmet top: a live view of a controller bound to the module,
 * over generic netlink, full screen (ncurses) or as text frames (--batch).
 * One loop waits on the terminal, the events socket and the signals (a
 * self-pipe) until the next sample is due; every way out restores the
 * terminal before the last line is printed.
 */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "nl_dev.h"
#include "top.h"

#define DELAY_MIN_MS	100u
#define DELAY_MAX_MS	3600000u
/* Command log entries a batch frame shows. */
#define BATCH_LOG_LINES	10u

/* Signals reach the loop through this pipe: the byte is the signal. */
static int sig_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (write(sig_pipe[1], &c, 1) < 0) {
		/* Full: the loop has signals to read already. */
	}
	errno = saved;
}

static int signals_catch(void)
{
	static const int sigs[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = on_signal };
	size_t i;

	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK))
		return -errno;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL))
			return -errno;
	return 0;
}

static void signals_release(void)
{
	static const int sigs[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP };
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	close(sig_pipe[0]);
	close(sig_pipe[1]);
	sig_pipe[0] = sig_pipe[1] = -1;
}

/* What the signals that came ask for: 1 to quit, 2 to resize, 3 both. */
static int signals_read(void)
{
	int what = 0;
	char c;

	while (read(sig_pipe[0], &c, 1) == 1)
		what |= c == SIGWINCH ? 2 : 1;
	return what;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/**
 * struct ready - what a wait saw
 * @tty: keys to read
 * @tty_gone: the terminal hung up
 * @events: events to read
 * @signals: as signals_read() gives them
 */
struct ready {
	bool tty;
	bool tty_gone;
	bool events;
	int signals;
};

/* Waits until @deadline for the terminal (when @tty), events or a signal. */
static struct ready wait_until(const struct top *t, uint64_t deadline, bool tty)
{
	struct pollfd p[3] = {
		{ .fd = sig_pipe[0], .events = POLLIN },
		{ .fd = t->events_on ? nvmet_nl_fd(t->nl) : -1, .events = POLLIN },
		{ .fd = tty ? STDIN_FILENO : -1, .events = POLLIN },
	};
	struct ready r = { 0 };
	uint64_t now = now_ms();

	if (poll(p, 3, now < deadline ? (int)(deadline - now) : 0) > 0) {
		r.signals = p[0].revents ? signals_read() : 0;
		r.events = p[1].revents != 0;
		r.tty = p[2].revents & POLLIN;
		r.tty_gone = p[2].revents & (POLLHUP | POLLERR | POLLNVAL);
	}
	return r;
}

/* The next time a sample is due after @due, never in the past. */
static uint64_t next_due(const struct top *t, uint64_t due)
{
	uint64_t now = now_ms();

	due += t->delay_ms;
	return due > now ? due : now + t->delay_ms;
}

/* --- batch: a text frame per sample ------------------------------------------ */

static void print_frame(struct top *t, uint64_t *ev_printed)
{
	char line[NVMET_CMDLOG_STR_MAX + 32];
	const struct top_log *lg = &t->log;
	unsigned int i, first;
	uint64_t from;
	int e;

	top_fmt_title(line, sizeof(line), t);
	printf("%s\n", line);
	top_fmt_total(line, sizeof(line), t);
	printf("%s\n", line);
	top_fmt_row(line, sizeof(line), NULL, false, false);
	printf("%s\n", line);
	for (i = 0; i < t->nrows; i++) {
		top_fmt_row(line, sizeof(line), &t->rows[i], false, top_is_chosen(t, &t->rows[i]));
		printf("%s\n", line);
	}
	if (lg->on) {
		top_fmt_log_title(line, sizeof(line), t);
		printf("%s\n", line);
		for (e = 0; e < lg->n; e++) {
			top_fmt_log_line(line, sizeof(line), t, e);
			printf("%s\n", line);
		}
	}
	/* The events that came since the last frame (those still kept). */
	from = t->ev_total - t->ev_n;
	if (*ev_printed < from)
		*ev_printed = from;
	first = (unsigned int)(*ev_printed - from);
	for (i = first; i < t->ev_n; i++)
		printf("event: %s\n", t->ev[(t->ev_start + i) % TOP_EVENTS]);
	*ev_printed = t->ev_total;
	printf("\n");
	fflush(stdout);
}

static int run_batch(struct top *t, uint32_t iterations)
{
	uint64_t due = next_due(t, now_ms()), ev_printed = t->ev_total;
	uint32_t frames = 0;
	struct ready r;
	int ret;

	t->log_lines = BATCH_LOG_LINES;
	while (!iterations || frames < iterations) {
		r = wait_until(t, due, false);
		if (r.signals & 1)
			break;
		if (r.events)
			top_read_events(t);
		if (t->gone)
			break;
		if (now_ms() < due)
			continue;
		due = next_due(t, due);
		ret = top_sample(t);
		if (ret)
			return ret;
		if (t->gone)
			break;
		print_frame(t, &ev_printed);
		frames++;
	}
	return 0;
}

/* --- the full-screen view ------------------------------------------------------ */

/* The terminal's new size, into ncurses. */
static void resize(void)
{
	struct winsize ws;

	if (!ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_row && ws.ws_col)
		resizeterm(ws.ws_row, ws.ws_col);
	/* The terminal may have moved what was on it: paint everything. */
	clearok(curscr, TRUE);
}

/* A key; returns false for quit. */
static bool key(struct top *t, int ch)
{
	switch (ch) {
	case 'q':
	case 'Q':
		return false;
	case KEY_UP:
	case 'k':
		top_move(t, -1);
		break;
	case KEY_DOWN:
	case 'j':
		top_move(t, 1);
		break;
	case KEY_PPAGE:
		top_move(t, -10);
		break;
	case KEY_NPAGE:
		top_move(t, 10);
		break;
	case KEY_HOME:
	case 'g':
		top_move(t, -(int)t->nrows);
		break;
	case KEY_END:
	case 'G':
		top_move(t, (int)t->nrows);
		break;
	case '\n':
	case '\r':
	case '\t':
	case KEY_ENTER:
		top_choose(t);
		break;
	case 'p':
	case 'P':
	case ' ':
		t->paused = !t->paused;
		break;
	case KEY_RESIZE:
		break;
	default:
		break;
	}
	return true;
}

static int run_screen(const struct cmd *cmd, struct top *t, uint32_t iterations)
{
	uint64_t due = next_due(t, now_ms());
	uint32_t samples = 0;
	bool quit = false;
	struct ready r;
	SCREEN *scr;
	int ch, ret = 0;

	setlocale(LC_CTYPE, "");
	t->utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		const char *term = getenv("TERM");

		return fail(cmd, "cannot drive this terminal (TERM=%s): no terminfo entry for it?",
			    term ? term : "");
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	while (!quit && !t->gone) {
		top_draw(t);
		r = wait_until(t, due, true);
		if (r.signals & 2)
			resize();
		if ((r.signals & 1) || r.tty_gone)
			break;
		while (r.tty && (ch = getch()) != ERR)
			quit |= !key(t, ch);
		if (r.events)
			top_read_events(t);
		if (quit || t->gone || now_ms() < due)
			continue;
		due = next_due(t, due);
		ret = top_sample(t);
		if (ret)
			break;
		if (iterations && ++samples >= iterations)
			quit = true;
	}
	endwin();
	delscreen(scr);
	return ret;
}

/* --- the command ---------------------------------------------------------------- */

/* Seconds, decimal, as top(1)'s -d: 0.1 to 3600. */
static int parse_delay(const struct cmd *cmd, const char *s, unsigned int *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (!*s || *end || errno || !isfinite(v))
		return usage_error(cmd, "delay '%s' is not a number of seconds", s);
	if (v * 1000 < DELAY_MIN_MS - 0.5 || v * 1000 > DELAY_MAX_MS + 0.5)
		return usage_error(cmd, "delay '%s' out of range (0.1 to 3600 seconds)", s);
	*ms = (unsigned int)lround(v * 1000);
	return 0;
}

static int run_top(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "batch", no_argument, NULL, 'b' },
		{ "qid", required_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	uint32_t iterations = 0, qid = 0;
	unsigned int delay_ms = 1000;
	bool batch = false, qid_set = false;
	struct nvmet_nl *nl;
	uint32_t instance;
	struct top t;
	int c, ret;

	while ((c = nvmet_getopt(cmd, argc, argv, opts)) != -1) {
		if (c == 'd') {
			if (parse_delay(cmd, optarg, &delay_ms))
				return EXIT_USAGE;
		} else if (c == 'n') {
			if (parse_u32(cmd, "iterations", optarg, UINT32_MAX, &iterations))
				return EXIT_USAGE;
			if (!iterations)
				return usage_error(cmd, "iterations must be at least 1");
		} else if (c == 'b') {
			batch = true;
		} else if (c == 'q') {
			if (parse_u32(cmd, "qid", optarg, 0xffff, &qid))
				return EXIT_USAGE;
			qid_set = true;
		} else {
			return opt_exit(c);
		}
	}
	if (need_args(cmd, argc, argv, 1, 1))
		return EXIT_USAGE;
	ret = nl_dev_connect(cmd, argv[optind], "it watches the nvmetest module over netlink",
			     &instance, &nl);
	if (ret)
		return ret;
	ret = top_init(&t, nl, instance, delay_ms);
	if (ret) {
		top_fini(&t);
		nvmet_nl_close(nl);
		return nl_dev_fail(cmd, "list queue pairs", instance, ret);
	}
	if (!batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		top_fini(&t);
		nvmet_nl_close(nl);
		return fail(cmd, "the full-screen view needs a terminal; --batch prints text frames");
	}
	ret = signals_catch();
	if (!ret) {
		if (qid_set)
			top_follow_qid(&t, (uint16_t)qid);
		ret = top_sample(&t);
	}
	if (!ret)
		ret = batch ? run_batch(&t, iterations) : run_screen(cmd, &t, iterations);
	signals_release();
	if (t.gone)
		ret = fail(cmd, "%s", t.why);
	else if (ret < 0)
		ret = fail(cmd, "%s", t.why[0] ? t.why : strerror(-ret));
	top_fini(&t);
	nvmet_nl_close(nl);
	return ret;
}

const struct cmd cmd_top = {
	.name = "top",
	.args = "DEV [--delay SECS] [--iterations N] [--batch] [--qid QID]",
	.summary = "live view of queue pairs, rates, command logs and events (netlink)",
	.help = "A full-screen view of the controller, refreshed every --delay seconds, over\n"
		"the module's netlink family (the device is not opened, so it watches other\n"
		"programs drive it; needs CAP_NET_ADMIN):\n"
		"  - the controller's IOPS, read and write bandwidth, mean latency and\n"
		"    commands in flight, with its IOPS history;\n"
		"  - a row per queue: the admin queue, then every I/O queue pair of every\n"
		"    program: PID and COMMAND of its creator, QID, CQID, DEPTH, OUTST\n"
		"    (commands in flight), IOPS, READ/s, WRITE/s, LAT (mean latency of the\n"
		"    commands that ended in the interval) and, on a wide terminal, its IOPS\n"
		"    history; '-' where the queue publishes no statistics (only libnvmet's\n"
		"    queue pairs do) or is new since the last refresh;\n"
		"  - the latest commands and completions of the chosen queue, decoded;\n"
		"  - the module's events as they come.\n"
		"Keys: Up/Down or j/k move (PgUp/PgDn, Home/End or g/G), Enter or Tab shows\n"
		"the command log of the queue under the cursor, p pauses the figures (events\n"
		"still come), q quits. The view follows terminal resizes, says so when the\n"
		"terminal is smaller than 80x16, and ends with a message (exit 1) when the\n"
		"controller goes away.\n\n"
		"Options:\n"
		"  --delay SECS      refresh interval, 0.1 to 3600 (default 1)\n"
		"  --iterations N    stop after N refreshes\n"
		"  --batch           no full screen: print a text frame after each refresh,\n"
		"                    with the events that came, to a pipe or a file\n"
		"  --qid QID         show the command log of queue QID (0: admin) from the\n"
		"                    start, whichever program creates it\n\n"
		DEV_HELP,
	.run = run_top,
};
