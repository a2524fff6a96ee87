// SPDX-License-Identifier: GPL-2.0
/*
 * nvmet_io_cli_test.c - nvmet-io as a user meets it: with no device it
 * runs on the emulated controller and prints a summary; its fio-style JSON
 * parses and has fio's keys; bad flags exit 2 and impossible workloads 1,
 * each with one line on stderr; a verify miscompare injected by the
 * corrupt_read plug-in exits 1 naming the LBA; a job file with two jobs
 * runs both; --rate_iops shows in the per-second counts, one per second;
 * failed commands are counted apart from the I/O done, as fio counts them;
 * a command the library timed out reads TIMED OUT; the aio engine, --plot
 * (a point per second run) and --help against the man page. It runs on the host only
 * (selftests/emu/, host only); nvmet_io_dev_test.c runs nvmet-io in the VM,
 * through the module.
 *
 * The tool is found beside the test (../bin/nvmet-io, as in build/ and in
 * the VM), or at $NVMET_IO_BIN.
 */
#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "nvmetest_harness.h"
#include "st_run.h"

FIXTURE(io) {
	char bin[PATH_MAX];
	char tmp[PATH_MAX];
	struct st_run r;
};

#define RUN(...) ST_RUN(__VA_ARGS__)

/* Exit @code with exactly one line on stderr, starting "nvmet-io: ". */
#define EXPECT_ONE_LINE_ERROR(code) do { \
	EXPECT_EQ(code, self->r.status) TH_LOG("stderr: %s", self->r.err); \
	EXPECT_EQ(1, st_lines(self->r.err)) TH_LOG("stderr: %s", self->r.err); \
	EXPECT_EQ(0, strncmp(self->r.err, "nvmet-io: ", 10)) TH_LOG("stderr: %s", self->r.err); \
} while (0)

FIXTURE_SETUP(io)
{
	int ret = st_find_tool("nvmet-io", "NVMET_IO_BIN", self->bin, sizeof(self->bin));
	const char *tmp = st_env("TMPDIR");

	if (ret)
		ST_SETUP_SKIP("no nvmet-io beside the test (%.200s): %s", self->bin,
			      strerror(-ret));
	snprintf(self->tmp, sizeof(self->tmp), "%s/nvmet-io-test.XXXXXX", tmp ? tmp : "/tmp");
	ASSERT_NE(NULL, mkdtemp(self->tmp)) TH_LOG("%s: %s", self->tmp, strerror(errno));
}

FIXTURE_TEARDOWN(io)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", self->tmp);
	if (system(cmd))
		TH_LOG("could not remove %s", self->tmp);
}

TEST_F(io, runs_on_the_emulated_controller_and_summarizes)
{
	RUN("--rw", "randread", "--iodepth", "8", "--number_ios", "5000");
	ASSERT_EQ(0, self->r.status) TH_LOG("stderr: %s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "dev=emu:")) TH_LOG("%s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "read: IOPS=")) TH_LOG("%s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "lat percentiles")) TH_LOG("%s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "99.00th=[")) TH_LOG("%s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "Run status group 0")) TH_LOG("%s", self->r.out);
	/* Not a terminal: no progress line. */
	EXPECT_STREQ("", self->r.err);
}

TEST_F(io, json_has_fio_keys)
{
	const char *job, *read, *pct, *end;

	RUN("--rw", "randread", "--number_ios", "20000", "--iodepth", "4", "--name", "j1",
	    "--output-format=json", "--percentile_list", "50:99:99.9");
	ASSERT_EQ(0, self->r.status) TH_LOG("stderr: %s", self->r.err);
	end = st_json_skip(self->r.out);
	ASSERT_NE(NULL, end) TH_LOG("not JSON: %.2000s", self->r.out);
	EXPECT_EQ('\0', *st_json_ws(end));
	EXPECT_NE(NULL, st_json_get(self->r.out, "fio version"));
	job = st_json_idx(st_json_get(self->r.out, "jobs"), 0);
	ASSERT_NE(NULL, job);
	EXPECT_EQ(0, strncmp(st_json_get(job, "jobname"), "\"j1\"", 4));
	EXPECT_EQ(0, st_json_num(st_json_get(job, "error")));
	read = st_json_get(job, "read");
	ASSERT_NE(NULL, read);
	EXPECT_LT(0, st_json_num(st_json_get(read, "iops")));
	EXPECT_LT(0, st_json_num(st_json_get(read, "bw")));
	EXPECT_EQ(20000, st_json_num(st_json_get(read, "total_ios")));
	EXPECT_EQ(20000 * 4096.0, st_json_num(st_json_get(read, "io_bytes")));
	EXPECT_LT(0, st_json_num(st_json_get(st_json_get(read, "lat_ns"), "mean")));
	pct = st_json_get(st_json_get(read, "lat_ns"), "percentile");
	ASSERT_NE(NULL, pct) TH_LOG("%.2000s", read);
	EXPECT_LT(0, st_json_num(st_json_get(pct, "50.000000")));
	EXPECT_LE(st_json_num(st_json_get(pct, "50.000000")),
		  st_json_num(st_json_get(pct, "99.000000")));
	EXPECT_LE(st_json_num(st_json_get(pct, "99.000000")),
		  st_json_num(st_json_get(pct, "99.900000")));
	pct = st_json_get(st_json_get(read, "clat_ns"), "percentile");
	EXPECT_NE(NULL, st_json_get(pct, "99.900000"));
	EXPECT_EQ(0, st_json_num(st_json_get(st_json_get(job, "write"), "total_ios")));
	EXPECT_NE(NULL, st_json_get(job, "trim"));
	EXPECT_LE(0, st_json_num(st_json_get(job, "usr_cpu")));
	EXPECT_LT(0, st_json_num(st_json_get(job, "job_runtime")));
}

TEST_F(io, bad_flags_are_usage_errors)
{
	static const char *const bad[][3] = {
		{ "--bs", "4q" }, { "--rw", "sideways" }, { "--iodepth", "0" },
		{ "--no-such-flag" }, { "-z" }, { "--runtime" }, { "--runtime", "soon" },
		{ "--bssplit", "4k/50:8k/40" }, { "--op-mix", "read:50,frob:50" },
		{ "--percentile_list", "50:101" }, { "--output-format", "xml" },
		{ "--engine", "spdk" }, { "--rwmixread", "101" }, { "--qprio", "4" },
		{ "--size", "lots" }, { "--verify", "" }, { "--direct", "0" },
		{ "--time_based" }, { "job.fio", "extra" }, { "--distribution", "/nonexistent" },
		{ "--engine", "aio" }, { "--emu", "ns=nope" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *const *a = bad[i];

		RUN(a[0], a[1], a[2]);
		EXPECT_ONE_LINE_ERROR(2);
		if (self->r.status != 2)
			TH_LOG("args: %s %s", a[0], a[1] ? a[1] : "");
	}
}

TEST_F(io, help_exits_0)
{
	RUN("--help");
	EXPECT_EQ(0, self->r.status);
	EXPECT_NE(NULL, strstr(self->r.out, "Usage: nvmet-io"));
	EXPECT_STREQ("", self->r.err);
}

TEST_F(io, impossible_workloads_fail)
{
	/* The emulated controller's MDTS is 512 KiB; its namespace 1 GiB. */
	RUN("--bs", "1m", "--number_ios", "10");
	EXPECT_ONE_LINE_ERROR(1);
	EXPECT_NE(NULL, strstr(self->r.err, "--bs")) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.err, "MDTS")) TH_LOG("%s", self->r.err);
	RUN("--size", "2g", "--number_ios", "10");
	EXPECT_ONE_LINE_ERROR(1);
	EXPECT_NE(NULL, strstr(self->r.err, "--size")) TH_LOG("%s", self->r.err);
	RUN("--offset", "1g", "--number_ios", "10");
	EXPECT_ONE_LINE_ERROR(1);
	RUN("--nsid", "7", "--number_ios", "10");
	EXPECT_ONE_LINE_ERROR(1);
	RUN("--bs", "1000", "--number_ios", "10");
	EXPECT_ONE_LINE_ERROR(1);
	RUN("--dev", "/dev/nvmetest-does-not-exist", "--number_ios", "10");
	EXPECT_ONE_LINE_ERROR(1);
	/* What is missing and how to get it, as nvmet says. */
	EXPECT_NE(NULL, strstr(self->r.err, "nvmet bind")) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.err, "emu:")) TH_LOG("%s", self->r.err);
	/* The same rule as nvmet: bad usage whatever the device is 2. */
	RUN("--bs", "4q", "--number_ios", "10");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("--emu", "ns=2,foo=1", "--number_ios", "10");
	EXPECT_ONE_LINE_ERROR(2);
}

TEST_F(io, verify_catches_a_corrupted_read)
{
	char plugin[PATH_MAX], spec[PATH_MAX + 32];

	if (st_plugin_path("corrupt_read", plugin, sizeof(plugin)))
		SKIP(return, "no corrupt_read.so beside the tests");
	snprintf(spec, sizeof(spec), "%s:lba=8", plugin);
	/* Two 4 KiB blocks, so LBA 8 is written, then read back corrupted. */
	RUN("--rw", "randrw", "--size", "8k", "--number_ios", "2000", "--verify", "crc32c",
	    "--plugin", spec);
	EXPECT_EQ(1, self->r.status) TH_LOG("stdout: %s\nstderr: %s", self->r.out, self->r.err);
	EXPECT_NE(NULL, strstr(self->r.err, "LBA 8")) TH_LOG("stderr: %s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "miscompare")) TH_LOG("stdout: %s", self->r.out);
	/* Two workers writing the same LBAs could miscompare: refused. */
	RUN("--numjobs", "2", "--share-cpu", "--rw", "randrw", "--verify", "1", "--number_ios",
	    "100");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("--numjobs", "2", "--share-cpu", "--rw", "randrw", "--verify", "1", "--number_ios",
	    "500", "--size", "1m", "--offset_increment", "1m");
	EXPECT_EQ(0, self->r.status) TH_LOG("stderr: %s", self->r.err);
	/* The same without the plug-in verifies clean. */
	RUN("--rw", "randrw", "--size", "8k", "--number_ios", "2000", "--verify", "crc32c");
	EXPECT_EQ(0, self->r.status) TH_LOG("stderr: %s", self->r.err);
}

/* A misspelt plug-in argument is bad usage, on one line that names it. */
TEST_F(io, misspelt_plugin_argument_is_usage)
{
	char plugin[PATH_MAX], spec[PATH_MAX + 32];

	if (st_plugin_path("ro_fail", plugin, sizeof(plugin)))
		SKIP(return, "no ro_fail.so beside the tests");
	snprintf(spec, sizeof(spec), "%s:wrtes=5", plugin);
	RUN("--rw", "write", "--number_ios", "10", "--plugin", spec);
	EXPECT_ONE_LINE_ERROR(2);
	EXPECT_NE(NULL, strstr(self->r.err, "unknown argument 'wrtes' (arguments: writes, dropped,"
			       " warn)")) TH_LOG("stderr: %s", self->r.err);
}

static int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fputs(text, f);
	return fclose(f) ? -errno : 0;
}

/* Run with the plug-in @name (built beside the tests) and @args; skip when it is not. */
#define RUN_PLUGIN(name, args, ...) do { \
	char path_[PATH_MAX], spec_[PATH_MAX + 64]; \
	if (st_plugin_path(name, path_, sizeof(path_))) \
		SKIP(return, "no %s.so beside the tests", name); \
	snprintf(spec_, sizeof(spec_), "%s:%s", path_, args); \
	RUN("--plugin", spec_, __VA_ARGS__); \
} while (0)

/* Writes failing after 100: 100 written, the failures counted apart (fio's keys). */
TEST_F(io, failed_commands_are_not_io_done)
{
	const char *job, *write;

	RUN_PLUGIN("ro_fail", "writes=100", "--rw", "write", "--iodepth", "8", "--number_ios",
		   "1000", "--output-format=json");
	EXPECT_EQ(1, self->r.status) TH_LOG("stderr: %s", self->r.err);
	job = st_json_idx(st_json_get(self->r.out, "jobs"), 0);
	ASSERT_NE(NULL, job) TH_LOG("%.2000s", self->r.out);
	write = st_json_get(job, "write");
	EXPECT_EQ(100, st_json_num(st_json_get(write, "total_ios")));
	EXPECT_EQ(100 * 4096.0, st_json_num(st_json_get(write, "io_bytes")));
	/* The one that stopped the worker, and those in flight with it. */
	EXPECT_LE(1, st_json_num(st_json_get(job, "total_err")));
	EXPECT_GE(8, st_json_num(st_json_get(job, "total_err")));
	EXPECT_EQ(EIO, st_json_num(st_json_get(job, "first_error")));
	EXPECT_EQ(EIO, st_json_num(st_json_get(job, "error")));

	RUN_PLUGIN("ro_fail", "writes=100", "--rw", "write", "--iodepth", "8", "--number_ios",
		   "1000");
	EXPECT_NE(NULL, strstr(self->r.out, "(400KiB/")) TH_LOG("%s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "io=400KiB")) TH_LOG("%s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "     errors    : total=")) TH_LOG("%s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "first_error=5/<")) TH_LOG("%s", self->r.out);
}

TEST_F(io, a_timed_out_command_reads_timed_out)
{
	const char *job, *last, *text, *end;

	RUN_PLUGIN("hang", "opc=2;count=1", "--rw", "randread", "--number_ios", "50",
		   "--cmd-timeout", "200ms", "--last-cmds", "4");
	EXPECT_EQ(1, self->r.status) TH_LOG("stderr: %s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.err, "a command timed out: READ sqid:1 cid:0")) TH_LOG(
		"stderr: %s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.err, "-> TIMED OUT")) TH_LOG("stderr: %s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "-> TIMED OUT, ")) TH_LOG("%s", self->r.out);
	EXPECT_EQ(NULL, strstr(self->r.out, "65535")) TH_LOG("%s", self->r.out);
	EXPECT_EQ(NULL, strstr(self->r.out, "VENDOR SPECIFIC")) TH_LOG("%s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "total=1, first_error=110/<")) TH_LOG("%s",
		self->r.out);

	RUN_PLUGIN("hang", "opc=2;count=1", "--rw", "randread", "--number_ios", "50",
		   "--cmd-timeout", "200ms", "--last-cmds", "4", "--output-format=json");
	job = st_json_idx(st_json_get(self->r.out, "jobs"), 0);
	ASSERT_NE(NULL, job) TH_LOG("%.2000s", self->r.out);
	EXPECT_EQ(0, strncmp(st_json_get(st_json_get(st_json_get(job, "nvmet"), "first_error"),
					 "status"), "\"TIMED OUT\"", 11));
	last = st_json_idx(st_json_get(st_json_get(job, "nvmet"), "last_cmds"), 0);
	EXPECT_EQ(0, strncmp(st_json_get(last, "status"), "\"TIMED OUT\"", 11)) TH_LOG("%.300s",
		last);
	EXPECT_EQ(0, st_json_num(st_json_get(st_json_get(job, "read"), "total_ios")));
	EXPECT_EQ(1, st_json_num(st_json_get(job, "total_err")));
	/* error_text is the summary's error line: the failing command decoded. */
	text = st_json_get(st_json_get(job, "nvmet"), "error_text");
	ASSERT_NE(NULL, text);
	end = strchr(text + 1, '"');
	ASSERT_NE(NULL, end);
	EXPECT_EQ(0, strncmp(text, "\"a command timed out: READ sqid:1 cid:0 ", 40))
		TH_LOG("%.*s", (int)(end - text + 1), text);
	EXPECT_EQ(0, strncmp(end - 12, "-> TIMED OUT\"", 13)) TH_LOG("%.*s", (int)(end - text + 1),
								      text);
	/* Bad values are usage errors. */
	RUN("--cmd-timeout", "0");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("--cmd-timeout", "soon");
	EXPECT_ONE_LINE_ERROR(2);
}

TEST_F(io, a_two_second_run_has_two_seconds)
{
	const char *ps;

	RUN("--rw", "randread", "--runtime", "2", "--time_based", "--per-second",
	    "--output-format=json");
	ASSERT_EQ(0, self->r.status) TH_LOG("stderr: %s", self->r.err);
	ps = st_json_get(st_json_get(st_json_idx(st_json_get(self->r.out, "jobs"), 0), "nvmet"),
			 "per_second");
	ASSERT_NE(NULL, ps) TH_LOG("%.3000s", self->r.out);
	EXPECT_NE(NULL, st_json_idx(ps, 1)) TH_LOG("%.300s", ps);
	EXPECT_EQ(NULL, st_json_idx(ps, 2)) TH_LOG("%.300s", ps);
}

TEST_F(io, job_file_runs_every_job)
{
	char path[PATH_MAX + 16];
	const char *jobs, *a, *b;

	snprintf(path, sizeof(path), "%s/two.fio", self->tmp);
	ASSERT_EQ(0, write_text(path, "; two jobs, inheriting [global]\n"
				      "[global]\nbs=4k\niodepth=4\nnumber_ios=3000\n\n"
				      "[readers]\nrw=randread\n\n"
				      "[writers]\nrw=randwrite\nbs=8k\nnumber_ios=1000\n"));
	RUN(path, "--output-format=json");
	ASSERT_EQ(0, self->r.status) TH_LOG("stderr: %s", self->r.err);
	ASSERT_NE(NULL, st_json_skip(self->r.out)) TH_LOG("not JSON: %.2000s", self->r.out);
	jobs = st_json_get(self->r.out, "jobs");
	a = st_json_idx(jobs, 0);
	b = st_json_idx(jobs, 1);
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	EXPECT_EQ(NULL, st_json_idx(jobs, 2));
	EXPECT_EQ(0, strncmp(st_json_get(a, "jobname"), "\"readers\"", 9));
	EXPECT_EQ(0, strncmp(st_json_get(b, "jobname"), "\"writers\"", 9));
	EXPECT_EQ(3000, st_json_num(st_json_get(st_json_get(a, "read"), "total_ios")));
	EXPECT_EQ(1000, st_json_num(st_json_get(st_json_get(b, "write"), "total_ios")));
	EXPECT_EQ(1000 * 8192.0, st_json_num(st_json_get(st_json_get(b, "write"), "io_bytes")));
	/* A bad key names the file and line. */
	ASSERT_EQ(0, write_text(path, "[j]\nrw=randread\nfrobnicate=1\n"));
	RUN(path);
	EXPECT_ONE_LINE_ERROR(2);
	EXPECT_NE(NULL, strstr(self->r.err, "two.fio:3")) TH_LOG("%s", self->r.err);
}

TEST_F(io, rate_iops_shows_in_the_per_second_counts)
{
	const char *job, *ps;
	double v, sec[4], t;
	int i, j, n;

	/* QD 4: an idle emulated controller takes a while to wake up. */
	RUN("--rw", "randread", "--rate_iops", "300", "--iodepth", "4", "--runtime", "3",
	    "--time_based", "--per-second", "--output-format=json");
	ASSERT_EQ(0, self->r.status) TH_LOG("stderr: %s", self->r.err);
	job = st_json_idx(st_json_get(self->r.out, "jobs"), 0);
	ps = st_json_get(st_json_get(job, "nvmet"), "per_second");
	ASSERT_NE(NULL, ps) TH_LOG("%.3000s", self->r.out);
	/* One entry per second run, the stragglers in the last; sorted. */
	for (n = 0; n < 4 && st_json_idx(ps, n); n++) {
		sec[n] = st_json_num(st_json_idx(ps, n));
		for (j = n; j > 0 && sec[j - 1] > sec[j]; j--) {
			t = sec[j];
			sec[j] = sec[j - 1];
			sec[j - 1] = t;
		}
	}
	ASSERT_EQ(3, n) TH_LOG("%.3000s", ps);
	/* The median second is 300, give or take the second's edges (a stall of
	 * a loaded machine may move I/Os from one second to the next). */
	EXPECT_LE(285, sec[n / 2]) TH_LOG("seconds: %.0f %.0f", sec[0], sec[1]);
	EXPECT_GE(315, sec[n / 2]) TH_LOG("seconds: %.0f %.0f", sec[0], sec[1]);
	for (i = 0; i < n; i++)
		EXPECT_GE(600, sec[i]);
	v = st_json_num(st_json_get(st_json_get(job, "read"), "total_ios"));
	EXPECT_LE(840, v);
	EXPECT_GE(930, v);
}

TEST_F(io, aio_engine_runs_the_same_workload)
{
	char path[PATH_MAX + 16];
	const char *job, *ps;
	double sum;
	int fd, n;

	snprintf(path, sizeof(path), "%s/disk.img", self->tmp);
	fd = open(path, O_CREAT | O_RDWR | O_DIRECT, 0600);
	if (fd < 0)
		SKIP(return, "%.200s: no O_DIRECT here (%s)", self->tmp, strerror(errno));
	ASSERT_EQ(0, ftruncate(fd, 16 << 20));
	close(fd);
	RUN("--engine", "aio", "--dev", path, "--rw", "randrw", "--iodepth", "8",
	    "--number_ios", "2000", "--per-second", "--output-format=json");
	ASSERT_EQ(0, self->r.status) TH_LOG("stderr: %s", self->r.err);
	job = st_json_idx(st_json_get(self->r.out, "jobs"), 0);
	EXPECT_EQ(2000, st_json_num(st_json_get(st_json_get(job, "read"), "total_ios")) +
			st_json_num(st_json_get(st_json_get(job, "write"), "total_ios")));
	/* The per-second series counts every I/O, in at least one entry, as the nvmet engine's. */
	ps = st_json_get(st_json_get(job, "nvmet"), "per_second");
	ASSERT_NE(NULL, ps) TH_LOG("%.3000s", self->r.out);
	for (n = 0, sum = 0; st_json_idx(ps, n); n++)
		sum += st_json_num(st_json_idx(ps, n));
	EXPECT_LE(1, n);
	EXPECT_EQ(2000, sum);
	RUN("--engine", "aio", "--dev", path, "--verify", "1");
	EXPECT_ONE_LINE_ERROR(2);
}

TEST_F(io, plot_draws_a_png)
{
	char path[PATH_MAX + 16];
	unsigned char magic[8] = { 0 };
	FILE *f;

	snprintf(path, sizeof(path), "%s/plot.png", self->tmp);
	RUN("--rw", "randread", "--runtime", "2", "--time_based", "--plot", path);
	if (self->r.status && strstr(self->r.err, "gnuplot not found"))
		SKIP(return, "no gnuplot");
	ASSERT_EQ(0, self->r.status) TH_LOG("stderr: %s", self->r.err);
	f = fopen(path, "rb");
	ASSERT_NE(NULL, f);
	EXPECT_EQ(8, (int)fread(magic, 1, 8, f));
	fclose(f);
	EXPECT_EQ(0, memcmp(magic, "\x89PNG\r\n\x1a\n", 8));
}

/*
 * The IOPS curve has a point for every second run: a gnuplot of our own
 * first in PATH keeps the script nvmet-io writes, and the points of its
 * $iops0 block are counted (no rendering needed, so no skip without gnuplot).
 */
TEST_F(io, plot_has_a_point_per_second)
{
	char png[PATH_MAX + 16], gp[PATH_MAX + 16], script[PATH_MAX + 16];
	char path[2 * PATH_MAX + 32], line[256];
	bool in_block = false;
	int points = 0, seconds = 0;
	const char *ps;
	FILE *f;

	snprintf(png, sizeof(png), "%s/plot.png", self->tmp);
	snprintf(gp, sizeof(gp), "%s/gnuplot", self->tmp);
	snprintf(script, sizeof(script), "%s/script.gp", self->tmp);
	f = fopen(gp, "w");
	ASSERT_NE(NULL, f);
	fprintf(f, "#!/bin/sh\ncat > '%s' && echo png > '%s'\n", script, png);
	ASSERT_EQ(0, fclose(f));
	ASSERT_EQ(0, chmod(gp, 0755));
	snprintf(path, sizeof(path), "%s:%s", self->tmp, st_env("PATH") ?: "/usr/bin:/bin");
	ASSERT_EQ(0, setenv("PATH", path, 1));
	RUN("--rw", "randread", "--runtime", "2", "--time_based", "--plot", png, "--per-second",
	    "--output-format=json");
	ASSERT_EQ(0, self->r.status) TH_LOG("stderr: %s", self->r.err);
	/* The seconds the run reports: 2, or 3 if the machine stalled it. */
	ps = st_json_get(st_json_get(st_json_idx(st_json_get(self->r.out, "jobs"), 0), "nvmet"),
			 "per_second");
	ASSERT_NE(NULL, ps) TH_LOG("%.3000s", self->r.out);
	while (st_json_idx(ps, seconds))
		seconds++;
	EXPECT_LE(2, seconds);
	f = fopen(script, "r");
	ASSERT_NE(NULL, f) TH_LOG("%s: %s", script, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (!strcmp(line, "$iops0 << EOD\n"))
			in_block = true;
		else if (in_block && !strcmp(line, "EOD\n"))
			break;
		else if (in_block)
			points++;
	}
	fclose(f);
	EXPECT_TRUE(in_block);
	EXPECT_EQ(seconds, points);
}

/* Every --option of --help is in man/nvmet-io.1 and the other way round. */
static int options_of(const char *text, bool roff, char (*opts)[40], int max)
{
	const char *dash = roff ? "\\-\\-" : "--", *p = text;
	size_t dl = strlen(dash);
	int n = 0, i, k;

	while ((p = strstr(p, dash))) {
		char name[40];

		p += dl;
		for (k = 0; k < 39 && (isalnum((unsigned char)*p) || *p == '_' ||
				       (roff ? !strncmp(p, "\\-", 2) : *p == '-')); k++) {
			if (roff && *p == '\\')
				p++;
			name[k] = *p++;
		}
		name[k] = '\0';
		if (!k)
			continue;
		for (i = 0; i < n && strcmp(opts[i], name); i++)
			;
		if (i == n && n < max)
			snprintf(opts[n++], 40, "%s", name);
	}
	return n;
}

static char *slurp_file(const char *path)
{
	struct stat st;
	char *buf;
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) || !(buf = calloc(1, (size_t)st.st_size + 1))) {
		fclose(f);
		return NULL;
	}
	if (fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

TEST_F(io, help_matches_the_man_page)
{
	char dir[PATH_MAX - 64], path[PATH_MAX], *man = NULL;
	static char h[80][40], m[80][40];
	int nh, nm, i, j, up;

	ASSERT_EQ(0, st_exe_dir(dir, sizeof(dir)));
	for (up = 1; up <= 3 && !man; up++) {
		snprintf(path, sizeof(path), "%s/%.*s/man/nvmet-io.1", dir, 3 * up - 1,
			 "../../../");
		man = slurp_file(path);
	}
	if (!man)
		SKIP(return, "no man/nvmet-io.1 above %.200s", dir);
	RUN("--help");
	ASSERT_EQ(0, self->r.status);
	nh = options_of(self->r.out, false, h, 80);
	nm = options_of(man, true, m, 80);
	free(man);
	EXPECT_LT(30, nh);
	for (i = 0; i < nh; i++) {
		for (j = 0; j < nm && strcmp(h[i], m[j]); j++)
			;
		EXPECT_LT(j, nm) TH_LOG("--%s is in --help, not in the man page", h[i]);
	}
	for (j = 0; j < nm; j++) {
		for (i = 0; i < nh && strcmp(h[i], m[j]); i++)
			;
		EXPECT_LT(i, nh) TH_LOG("--%s is in the man page, not in --help", m[j]);
	}
}

TEST_HARNESS_MAIN
