// SPDX-License-Identifier: GPL-2.0
/*
 * nvmet_top_test.c - nvmet top as a person sees it. In tmux, beside a
 * running nvmet-io on the module's device, its screen read with
 * capture-pane: the worker's queue pair listed with a non-zero IOPS figure,
 * the cursor moved onto it with send-keys and its command log shown; the
 * queue pairs of a program (this one) coming and going; the admin queue's
 * log; pause; a terminal resized below 80x16 and back; q; the device
 * unbound under it ending the view with a message, the terminal restored.
 * --batch frames through a pipe. Without tmux or a device those skip; bad
 * usage, the emulated controller, no module or no such controller and no
 * terminal are tested wherever the test runs.
 *
 * Waits are for something to appear on the screen, generous (TCG is slow);
 * nothing is timed. The tools are found beside the test (../bin), tmux in
 * PATH.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nvmetest_harness.h"
#include "st_module.h"
#include "st_run.h"

#define QID		ST_QID_TOP	/* and QID + 1 */
#define APPEAR_MS	60000u		/* for something to show on the screen */
#define POLL_MS		200u
#define COLS		100
#define DELAY		"0.5"
#define SYS_UNBIND	"/sys/bus/pci/drivers/" MODULE "/unbind"

/* Checks a screen: whether what the test waits for is on it. */
typedef bool (*screen_fn)(const char *screen, const void *arg);

/**
 * struct row - a row of nvmet top's table as the screen shows it
 * @cursor: the '>' mark
 * @chosen: the '*' mark (its command log shows)
 * @pid: PID column, -1 for "-"
 * @comm: COMMAND column
 * @qid: QID column
 * @iops: IOPS column as text
 */
struct row {
	bool cursor;
	bool chosen;
	long pid;
	char comm[32];
	int qid;
	char iops[16];
};

#define MAX_ROWS	64

/* The table's rows on @screen, in order; how many. */
static int parse_rows(const char *screen, struct row *rows, int max)
{
	const char *line = screen;
	char pid[16], qid[16], cqid[16], rest[16];
	int n = 0;

	while (line && *line && n < max) {
		const char *nl = strchr(line, '\n');
		char buf[512];
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		struct row *r = &rows[n];
		char *end;

		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
		memcpy(buf, line, len);
		buf[len] = '\0';
		line = nl ? nl + 1 : NULL;
		/* "MC     PID COMMAND QID CQID DEPTH OUTST IOPS ...", M and C the marks. */
		if (len < 3 ||
		    sscanf(buf + 2, "%15s %31s %15s %15s %15s %*s %15s", pid, r->comm, qid, cqid,
			   rest, r->iops) != 6)
			continue;
		r->qid = (int)strtol(qid, &end, 10);
		if (*end || !qid[0])
			continue;
		r->pid = strtol(pid, &end, 10);
		if (*end)
			r->pid = -1;
		r->cursor = buf[0] == '>';
		r->chosen = buf[1] == '*';
		n++;
	}
	return n;
}

/* The row of @comm with QID @qid (any when negative) on @screen, or -1. */
static int find_row(const struct row *rows, int n, const char *comm, int qid)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(rows[i].comm, comm) && (qid < 0 || rows[i].qid == qid))
			return i;
	return -1;
}

static bool has_text(const char *screen, const void *arg)
{
	return strstr(screen, arg) != NULL;
}

static bool lacks_text(const char *screen, const void *arg)
{
	return !strstr(screen, arg);
}

/* A row of the program @arg with an IOPS figure above zero. */
static bool busy_row(const char *screen, const void *arg)
{
	struct row rows[MAX_ROWS];
	int n = parse_rows(screen, rows, MAX_ROWS), i;

	for (i = 0; i < n; i++)
		if (!strcmp(rows[i].comm, arg) && strtod(rows[i].iops, NULL) > 0)
			return true;
	return false;
}

/* Rows of this process: QID @qid listed (@want true) or not. */
struct own_row {
	int qid;
	bool want;
};

static bool own_row(const char *screen, const void *arg)
{
	const struct own_row *o = arg;
	struct row rows[MAX_ROWS];
	int n = parse_rows(screen, rows, MAX_ROWS), i;
	bool seen = false;

	for (i = 0; i < n; i++)
		if (rows[i].qid == o->qid && rows[i].pid == getpid())
			seen = true;
	/* A screen with no table at all says nothing either way. */
	return n > 0 && seen == o->want;
}

FIXTURE(top) {
	char nvmet[PATH_MAX];
	char nvmet_io[PATH_MAX];
	char tmux[PATH_MAX];
	char sock[64];
	char conf[96];
	const char *dev;
	uint32_t max_qid;
	bool server;
	const char *bdf;
	const char *ko;
	char params[1024];
	bool unbound;
	struct st_run r;
	char screen[ST_RUN_OUT_MAX];
};

/* @name in a directory of $PATH, into @path; 0 or -ENOENT. */
static int in_path(const char *name, char *path, size_t len)
{
	const char *p = getenv("PATH");
	char dirs[4096], *dir, *save = NULL;

	snprintf(dirs, sizeof(dirs), "%s", p ? p : "/usr/bin:/bin");
	for (dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		snprintf(path, len, "%s/%s", dir, name);
		if (!access(path, X_OK))
			return 0;
	}
	return -ENOENT;
}

/* tmux with @args on the test's own server; its exit status, or -1. */
static int tmux(FIXTURE_DATA(top) *self, const char *const *args)
{
	const char *argv[40] = { "-L", self->sock, "-f", self->conf };
	int i;

	for (i = 0; args[i] && i < 34; i++)
		argv[4 + i] = args[i];
	argv[4 + i] = NULL;
	if (st_run_tool(self->tmux, argv, &self->r))
		return -1;
	return self->r.status;
}

#define TMUX(...) ({ const char *const a_[] = { __VA_ARGS__, NULL }; tmux(self, a_); })

/* What window @win shows now, into self->screen. */
static int capture(FIXTURE_DATA(top) *self, const char *win)
{
	int ret = TMUX("capture-pane", "-p", "-t", win);

	snprintf(self->screen, sizeof(self->screen), "%s", ret ? "" : self->r.out);
	return ret;
}

/* Captures window @win until @fn says yes, for at most APPEAR_MS. */
static bool wait_screen(FIXTURE_DATA(top) *self, const char *win, screen_fn fn, const void *arg)
{
	uint64_t deadline = st_now_ns() + APPEAR_MS * 1000000ull;

	do {
		if (!capture(self, win) && fn(self->screen, arg))
			return true;
		st_sleep_ms(POLL_MS);
	} while (st_now_ns() < deadline);
	return false;
}

/*
 * A window named @name running @cmd in a shell that says how it ended and
 * stays, so that the screen can still be read (a pane whose program ended
 * loses what its last moments wrote).
 */
static int start(FIXTURE_DATA(top) *self, const char *name, const char *cmd)
{
	char line[PATH_MAX * 2];

	snprintf(line, sizeof(line), "%s; echo \"%s exit $?\"; exec sleep 86400", cmd, name);
	if (!self->server) {
		self->server = true;
		return TMUX("new-session", "-d", "-s", "t", "-n", name, "-x", "100", "-y", "32",
			    line);
	}
	return TMUX("new-window", "-d", "-t", "t", "-n", name, line);
}

static int start_top(FIXTURE_DATA(top) *self)
{
	char cmd[PATH_MAX + 128];

	snprintf(cmd, sizeof(cmd), "'%s' top --delay " DELAY " '%s'", self->nvmet, self->dev);
	return start(self, "top", cmd);
}

static int start_worker(FIXTURE_DATA(top) *self)
{
	char cmd[PATH_MAX + 256];

	snprintf(cmd, sizeof(cmd), "'%s' --dev '%s' --rw randread --bs 4k --iodepth 4"
		 " --runtime 600 --time_based", self->nvmet_io, self->dev);
	return start(self, "io", cmd);
}

FIXTURE_SETUP(top)
{
	struct nvmetest_info info;
	struct nvmet_kdev *kdev;
	FILE *f;
	int ret;

	ST_SETUP_OPEN(&kdev, &info);
	nvmet_kdev_close(kdev);
	self->max_qid = info.max_qid;
	self->dev = st_dev_path();
	if (geteuid())
		ST_SETUP_SKIP("nvmet top asks the module over netlink: needs root (CAP_NET_ADMIN)");
	if (in_path("tmux", self->tmux, sizeof(self->tmux)))
		ST_SETUP_SKIP("no tmux in PATH (make deps; the VM rig copies it in)");
	ret = st_find_tool("nvmet", "NVMET_BIN", self->nvmet, sizeof(self->nvmet));
	ASSERT_EQ(0, ret) TH_LOG("no nvmet beside the test: %s", strerror(-ret));
	ret = st_find_tool("nvmet-io", "NVMET_IO_BIN", self->nvmet_io, sizeof(self->nvmet_io));
	ASSERT_EQ(0, ret) TH_LOG("no nvmet-io beside the test: %s", strerror(-ret));
	snprintf(self->sock, sizeof(self->sock), "nvmet-top-test-%d", getpid());
	snprintf(self->conf, sizeof(self->conf), "/tmp/nvmet-top-test-%d.conf", getpid());
	/* No status line: the window is the view's terminal, line for line. */
	f = fopen(self->conf, "w");
	ASSERT_NE(NULL, f);
	fprintf(f, "set -g default-shell /bin/sh\nset -g default-terminal screen\n"
		   "set -g status off\n");
	fclose(f);
}

FIXTURE_TEARDOWN(top)
{
	int ret;

	if (self->server)
		TMUX("kill-server");
	unlink(self->conf);
	if (self->unbound) {
		ret = st_restore(self->bdf, self->ko, self->params);
		EXPECT_EQ(0, ret) TH_LOG("could not bring %s back: %s", self->bdf, strerror(-ret));
	}
}

/* Moves the cursor onto row @target of those on the screen, and presses Enter. */
static void choose_row(struct __test_metadata *_metadata, FIXTURE_DATA(top) *self,
		       const struct row *rows, int n, int target)
{
	int cursor, i;

	for (cursor = 0; cursor < n && !rows[cursor].cursor; cursor++)
		;
	ASSERT_LT(cursor, n) TH_LOG("no row under the cursor:\n%s", self->screen);
	for (i = cursor; i < target; i++)
		ASSERT_EQ(0, TMUX("send-keys", "-t", "t:top", "j"));
	for (i = cursor; i > target; i--)
		ASSERT_EQ(0, TMUX("send-keys", "-t", "t:top", "k"));
	ASSERT_EQ(0, TMUX("send-keys", "-t", "t:top", "Enter"));
}

TEST_F_TIMEOUT(top, worker_queue_pair_with_iops_and_its_command_log, 180)
{
	struct row rows[MAX_ROWS];
	char want[128];
	int n, i;

	ASSERT_EQ(0, start_worker(self)) TH_LOG("tmux: %s", self->r.err);
	ASSERT_EQ(0, start_top(self)) TH_LOG("tmux: %s", self->r.err);
	ASSERT_TRUE(wait_screen(self, "t:top", busy_row, "nvmet-io"))
		TH_LOG("no nvmet-io row with IOPS above 0:\n%s", self->screen);
	/* Its own figures: a depth, commands in flight, Reads only. */
	n = parse_rows(self->screen, rows, MAX_ROWS);
	i = find_row(rows, n, "nvmet-io", -1);
	ASSERT_LE(0, i);
	EXPECT_LT(0, rows[i].pid);
	choose_row(_metadata, self, rows, n, i);
	snprintf(want, sizeof(want), "Command log of qid %d (nvmet-io, pid %ld)", rows[i].qid,
		 rows[i].pid);
	ASSERT_TRUE(wait_screen(self, "t:top", has_text, want))
		TH_LOG("no '%s':\n%s", want, self->screen);
	snprintf(want, sizeof(want), "READ sqid:%d ", rows[i].qid);
	ASSERT_TRUE(wait_screen(self, "t:top", has_text, want))
		TH_LOG("no '%s' in the log:\n%s", want, self->screen);
	EXPECT_NE(NULL, strstr(self->screen, "SUCCESS (00/00) lat:")) TH_LOG("%s", self->screen);
	n = parse_rows(self->screen, rows, MAX_ROWS);
	i = find_row(rows, n, "nvmet-io", -1);
	ASSERT_LE(0, i);
	EXPECT_TRUE(rows[i].cursor && rows[i].chosen) TH_LOG("%s", self->screen);
	/* The controller's line adds the worker's figures up. */
	EXPECT_EQ(NULL, strstr(self->screen, "IOPS -")) TH_LOG("%s", self->screen);
}

TEST_F_TIMEOUT(top, batch_frames_through_a_pipe, 180)
{
	const char *out, *frame2;
	char qid[8];
	int i;

	ASSERT_EQ(0, start_worker(self)) TH_LOG("tmux: %s", self->r.err);
	ASSERT_EQ(0, start_top(self));
	ASSERT_TRUE(wait_screen(self, "t:top", busy_row, "nvmet-io")) TH_LOG("%s", self->screen);
	{
		struct row rows[MAX_ROWS];
		int n = parse_rows(self->screen, rows, MAX_ROWS);

		i = find_row(rows, n, "nvmet-io", -1);
		ASSERT_LE(0, i);
		snprintf(qid, sizeof(qid), "%d", rows[i].qid);
	}
	{
		const char *const args[] = { "top", "--batch", "--iterations", "2", "--delay", DELAY,
					     "--qid", qid, self->dev, NULL };

		ASSERT_EQ(0, st_run_tool(self->nvmet, args, &self->r));
	}
	EXPECT_EQ(0, self->r.status) TH_LOG("stderr: %s", self->r.err);
	out = self->r.out;
	/* Two frames, each with the title; no escape sequence, a pipe is no terminal. */
	frame2 = strstr(out, "nvmet top: ");
	ASSERT_NE(NULL, frame2);
	frame2 = strstr(frame2 + 1, "nvmet top: ");
	ASSERT_NE(NULL, frame2) TH_LOG("one frame only:\n%s", out);
	EXPECT_EQ(NULL, strstr(frame2 + 1, "nvmet top: ")) TH_LOG("%s", out);
	EXPECT_EQ(NULL, strchr(out, '\033'));
	EXPECT_TRUE(busy_row(frame2, "nvmet-io")) TH_LOG("%s", frame2);
	EXPECT_NE(NULL, strstr(frame2, "Command log of qid ")) TH_LOG("%s", frame2);
	EXPECT_NE(NULL, strstr(frame2, "READ sqid:")) TH_LOG("%s", frame2);
}

TEST_F_TIMEOUT(top, queue_pairs_of_a_program_come_and_go, 180)
{
	struct nvmet_ctrl_opts opts = { .no_init = true };
	struct own_row here = { QID, true }, gone = { QID, false };
	struct own_row other = { QID + 1, true };
	struct nvmet_qpair_opts qo = { .depth = 16, .qid = QID };
	struct row rows[MAX_ROWS];
	struct nvmet_ctrl *ctrl;
	struct nvmet_qpair *qp;
	struct nvmet_buf *buf;
	struct nvmet_sqe sqe;
	char want[128];
	int n, i;

	if (self->max_qid < QID + 1)
		SKIP(return, "needs I/O queue id %u, the controller granted %u", QID + 1,
		     self->max_qid);
	ASSERT_EQ(0, start_top(self)) TH_LOG("tmux: %s", self->r.err);
	ASSERT_TRUE(wait_screen(self, "t:top", has_text, "[admin]")) TH_LOG("%s", self->screen);

	/* A second handle: the controller is left as it is, no reset. */
	ASSERT_EQ(0, nvmet_ctrl_open(self->dev, &opts, &ctrl));
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(ctrl, 4096, "data", &buf));
	ASSERT_EQ(0, nvmet_qpair_create(ctrl, &qo, &qp));
	for (i = 0; i < 3; i++) {
		nvmet_cmd_read(&sqe, ST_NSID, (uint64_t)i, 1, NULL);
		ASSERT_EQ(0, nvmet_qpair_submit(qp, &sqe, buf, 0, 512, NULL, NULL));
	}
	ASSERT_EQ(0, nvmet_qpair_waitdone(qp, 3, NULL));
	EXPECT_TRUE(wait_screen(self, "t:top", own_row, &here))
		TH_LOG("qid %d of pid %d not listed:\n%s", QID, getpid(), self->screen);
	n = parse_rows(self->screen, rows, MAX_ROWS);
	for (i = 0; i < n && !(rows[i].qid == QID && rows[i].pid == getpid()); i++)
		;
	ASSERT_LT(i, n);
	choose_row(_metadata, self, rows, n, i);
	snprintf(want, sizeof(want), "READ sqid:%d cid:", QID);
	EXPECT_TRUE(wait_screen(self, "t:top", has_text, want))
		TH_LOG("no '%s' in the log:\n%s", want, self->screen);

	/* Gone: its row goes, its log says so. */
	ASSERT_EQ(0, nvmet_qpair_delete(qp));
	EXPECT_TRUE(wait_screen(self, "t:top", own_row, &gone)) TH_LOG("%s", self->screen);
	EXPECT_TRUE(wait_screen(self, "t:top", has_text, "the queue pair is gone"))
		TH_LOG("%s", self->screen);
	/* Another comes, on another qid; the view goes on. */
	qo.qid = QID + 1;
	ASSERT_EQ(0, nvmet_qpair_create(ctrl, &qo, &qp));
	EXPECT_TRUE(wait_screen(self, "t:top", own_row, &other)) TH_LOG("%s", self->screen);
	ASSERT_EQ(0, nvmet_qpair_delete(qp));
	nvmet_buf_free(buf);
	nvmet_ctrl_close(ctrl);
	EXPECT_TRUE(wait_screen(self, "t:top", own_row, &gone)) TH_LOG("%s", self->screen);
	EXPECT_NE(NULL, strstr(self->screen, "nvmet top: ")) TH_LOG("%s", self->screen);
	EXPECT_EQ(NULL, strstr(self->screen, "top exit")) TH_LOG("%s", self->screen);
}

TEST_F_TIMEOUT(top, admin_queue_log, 180)
{
	ASSERT_EQ(0, start_worker(self)) TH_LOG("tmux: %s", self->r.err);
	ASSERT_EQ(0, start_top(self));
	/* The cursor starts on the admin queue. */
	ASSERT_TRUE(wait_screen(self, "t:top", has_text, ">        - [admin]"))
		TH_LOG("%s", self->screen);
	ASSERT_EQ(0, TMUX("send-keys", "-t", "t:top", "Tab"));
	ASSERT_TRUE(wait_screen(self, "t:top", has_text, "Command log of the admin queue"))
		TH_LOG("%s", self->screen);
	/* nvmet-io made its queue pair through it. */
	EXPECT_TRUE(wait_screen(self, "t:top", has_text, "CREATE IO SQ (01) sqid:0"))
		TH_LOG("%s", self->screen);
}

/* The table's lines of @screen, each row's PID through LAT, in @out. */
static void table_text(const char *screen, char *out, size_t len)
{
	const char *title = strstr(screen, "PID COMMAND");
	const char *end = title ? strstr(title, "Command log") : NULL;
	size_t n = title && end ? (size_t)(end - title) : 0;

	snprintf(out, len, "%.*s", (int)n, title ? title : "");
}

TEST_F_TIMEOUT(top, pause_freezes_the_figures, 180)
{
	char before[8192], after[8192];

	ASSERT_EQ(0, start_worker(self)) TH_LOG("tmux: %s", self->r.err);
	ASSERT_EQ(0, start_top(self));
	ASSERT_TRUE(wait_screen(self, "t:top", busy_row, "nvmet-io")) TH_LOG("%s", self->screen);
	ASSERT_EQ(0, TMUX("send-keys", "-t", "t:top", "p"));
	ASSERT_TRUE(wait_screen(self, "t:top", has_text, "[PAUSED]")) TH_LOG("%s", self->screen);
	table_text(self->screen, before, sizeof(before));
	/* Several refreshes later, with the worker still going, nothing moved. */
	st_sleep_ms(2500);
	ASSERT_EQ(0, capture(self, "t:top"));
	EXPECT_NE(NULL, strstr(self->screen, "[PAUSED]"));
	table_text(self->screen, after, sizeof(after));
	EXPECT_STREQ(before, after);
	ASSERT_EQ(0, TMUX("send-keys", "-t", "t:top", "p"));
	EXPECT_TRUE(wait_screen(self, "t:top", lacks_text, "[PAUSED]")) TH_LOG("%s", self->screen);
}

TEST_F_TIMEOUT(top, resize_below_the_minimum_and_back, 180)
{
	char size[32];
	const char *p;

	ASSERT_EQ(0, start_top(self)) TH_LOG("tmux: %s", self->r.err);
	ASSERT_TRUE(wait_screen(self, "t:top", has_text, "[admin]")) TH_LOG("%s", self->screen);
	ASSERT_EQ(0, TMUX("resize-window", "-t", "t:top", "-x", "60", "-y", "12"))
		TH_LOG("%s", self->r.err);
	ASSERT_TRUE(wait_screen(self, "t:top", has_text, "Terminal too small: 60x12"))
		TH_LOG("%s", self->screen);
	EXPECT_NE(NULL, strstr(self->screen, "nvmet top needs 80x16"));
	/* Nothing of the view drawn into too small a screen. */
	EXPECT_EQ(NULL, strstr(self->screen, "COMMAND"));
	ASSERT_EQ(0, TMUX("resize-window", "-t", "t:top", "-x", "90", "-y", "16"));
	ASSERT_TRUE(wait_screen(self, "t:top", has_text, "PID COMMAND")) TH_LOG("%s", self->screen);
	EXPECT_EQ(NULL, strstr(self->screen, "too small"));
	EXPECT_NE(NULL, strstr(self->screen, "nvmet top: "));
	/* The footer on the last line of the 16. */
	p = self->screen;
	for (int i = 0; i < 15 && p; i++) {
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	ASSERT_NE(NULL, p);
	EXPECT_EQ(0, strncmp(p, "Up/Down j/k", 11)) TH_LOG("%s", self->screen);
	snprintf(size, sizeof(size), "%d", COLS);
	ASSERT_EQ(0, TMUX("resize-window", "-t", "t:top", "-x", size, "-y", "40"));
	EXPECT_TRUE(wait_screen(self, "t:top", has_text, "Events of the module"))
		TH_LOG("%s", self->screen);
}

TEST_F_TIMEOUT(top, q_quits_and_restores_the_terminal, 180)
{
	ASSERT_EQ(0, start_top(self)) TH_LOG("tmux: %s", self->r.err);
	ASSERT_TRUE(wait_screen(self, "t:top", has_text, "[admin]")) TH_LOG("%s", self->screen);
	ASSERT_EQ(0, TMUX("send-keys", "-t", "t:top", "q"));
	ASSERT_TRUE(wait_screen(self, "t:top", has_text, "top exit 0")) TH_LOG("%s", self->screen);
	/* The full-screen view is gone with its alternate screen. */
	EXPECT_EQ(NULL, strstr(self->screen, "nvmet top: ")) TH_LOG("%s", self->screen);
	EXPECT_EQ(NULL, strstr(self->screen, "[admin]"));
}

TEST_F_TIMEOUT(top, device_unbound_ends_the_view, 180)
{
	self->bdf = st_env("NVMETEST_BDF");
	self->ko = st_env("NVMETEST_KO");
	if (!self->bdf || !self->ko)
		SKIP(return, "NVMETEST_BDF and NVMETEST_KO are needed to bring the device back");
	st_read_params(self->params, sizeof(self->params));
	ASSERT_EQ(0, start_worker(self)) TH_LOG("tmux: %s", self->r.err);
	ASSERT_EQ(0, start_top(self));
	ASSERT_TRUE(wait_screen(self, "t:top", busy_row, "nvmet-io")) TH_LOG("%s", self->screen);
	/* Under a running workload. */
	self->unbound = true;
	ASSERT_EQ(0, st_write_file_bounded(SYS_UNBIND, self->bdf, SYSFS_WAIT_MS))
		TH_LOG("unbinding %s", self->bdf);
	ASSERT_TRUE(wait_screen(self, "t:top", has_text, "top exit 1")) TH_LOG("%s", self->screen);
	EXPECT_NE(NULL, strstr(self->screen, self->bdf)) TH_LOG("%s", self->screen);
	EXPECT_TRUE(strstr(self->screen, "was removed") || strstr(self->screen, "went away"))
		TH_LOG("%s", self->screen);
	/* The terminal is back as it was: the view's lines are gone. */
	EXPECT_EQ(NULL, strstr(self->screen, "PID COMMAND")) TH_LOG("%s", self->screen);
	EXPECT_EQ(NULL, strstr(self->screen, "[admin]"));
}

/* Without tmux or a device: what nvmet top says when it cannot start. */
FIXTURE(top_cli) {
	char nvmet[PATH_MAX];
	struct st_run r;
};

FIXTURE_SETUP(top_cli)
{
	int ret = st_find_tool("nvmet", "NVMET_BIN", self->nvmet, sizeof(self->nvmet));

	if (ret)
		ST_SETUP_SKIP("no nvmet beside the test: %s", strerror(-ret));
}

FIXTURE_TEARDOWN(top_cli)
{
}

#define RUN(...) do { \
	const char *const args_[] = { "top", __VA_ARGS__, NULL }; \
	ASSERT_EQ(0, st_run_tool(self->nvmet, args_, &self->r)); \
} while (0)

/* Exit @code, one line on stderr holding @text, nothing on stdout. */
#define EXPECT_ERROR(code, text) do { \
	EXPECT_EQ(code, self->r.status) TH_LOG("stderr: %s", self->r.err); \
	EXPECT_EQ(1, st_lines(self->r.err)) TH_LOG("stderr: %s", self->r.err); \
	EXPECT_NE(NULL, strstr(self->r.err, text)) TH_LOG("stderr: %s", self->r.err); \
	EXPECT_STREQ("", self->r.out); \
} while (0)

TEST_F(top_cli, bad_usage)
{
	RUN("--help");
	EXPECT_EQ(0, self->r.status);
	EXPECT_NE(NULL, strstr(self->r.out, "Usage: nvmet top DEV"));
	RUN("--bogus", "nvmetest0");
	EXPECT_ERROR(2, "unknown option '--bogus'");
	RUN("--delay");
	EXPECT_ERROR(2, "needs a value");
	RUN("--delay", "0", "nvmetest0");
	EXPECT_ERROR(2, "delay '0' out of range (0.1 to 3600 seconds)");
	RUN("--delay", "3601", "nvmetest0");
	EXPECT_ERROR(2, "out of range");
	RUN("--delay", "1s", "nvmetest0");
	EXPECT_ERROR(2, "is not a number of seconds");
	RUN("--delay", "nan", "nvmetest0");
	EXPECT_ERROR(2, "is not a number of seconds");
	RUN("--iterations", "0", "nvmetest0");
	EXPECT_ERROR(2, "iterations must be at least 1");
	RUN("--qid", "65536", "nvmetest0");
	EXPECT_ERROR(2, "qid '65536' out of range");
	RUN("nvmetest0", "nvmetest1");
	EXPECT_ERROR(2, "unexpected argument 'nvmetest1'");
	{
		const char *const args[] = { "top", NULL };

		ASSERT_EQ(0, st_run_tool(self->nvmet, args, &self->r));
		EXPECT_ERROR(2, "missing argument");
	}
}

TEST_F(top_cli, not_on_the_emulated_controller)
{
	RUN("emu:");
	EXPECT_ERROR(1, "not available on the emulated controller");
}

TEST_F(top_cli, no_module_or_no_such_controller)
{
	struct stat st;

	RUN("nvmetest4000");
	if (stat(SYS_MODULE, &st))
		EXPECT_ERROR(1, "the nvmetest module is not loaded");
	else if (geteuid())
		EXPECT_ERROR(1, "needs CAP_NET_ADMIN");
	else
		EXPECT_ERROR(1, "no controller nvmetest4000");
	RUN("/dev/null");
	EXPECT_ERROR(1, "/dev/null: not an nvmetest device");
}

TEST_F(top_cli, the_full_screen_needs_a_terminal)
{
	struct nvmetest_info info;
	struct nvmet_kdev *kdev;

	ST_SETUP_OPEN(&kdev, &info);
	nvmet_kdev_close(kdev);
	if (geteuid())
		SKIP(return, "asking the module over netlink needs root (CAP_NET_ADMIN)");
	/* Standard input and output are pipes here. */
	RUN(st_dev_path());
	EXPECT_ERROR(1, "the full-screen view needs a terminal; --batch prints text frames");
}

TEST_HARNESS_MAIN
