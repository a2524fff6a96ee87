// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - conformance_test, the runner of the NVMe conformance suite.
 *
 * Runs the tests of every group (or those chosen) against one device, each
 * in a child process of its own with a fresh controller handle (so a crash,
 * a hang or a controller left in a bad state ends that test only), and
 * reports them as TAP, as the other selftests do, and as JUnit XML on
 * request. A known deviation of the device (deviations.c) makes its test
 * an expected failure: "ok N ... # XFAIL" naming the clause; should that
 * test pass, it is reported as a failure so that the list stays true.
 */
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance.h"
#include "nvmetest_util.h"

#define CF_TIMEOUT_S	120u
#define CF_FILTERS_MAX	32

static const struct cf_group *const groups[] = {
	&cf_group_admin, &cf_group_nvm, &cf_group_features, &cf_group_registers,
	&cf_group_memory, &cf_group_arch, &cf_group_reservations,
};

#define NGROUPS	(sizeof(groups) / sizeof(groups[0]))

enum cf_outcome {
	CF_OUT_PASS,
	CF_OUT_FAIL,
	CF_OUT_SKIP,
	CF_OUT_XFAIL,
};

struct cf_rec {
	const struct cf_group *group;
	const struct cf_test *test;
	enum cf_outcome outcome;
	char msg[CF_MSG_MAX];
	double secs;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: conformance_test [--dev DEV] [--junit FILE] [--test PATTERN]... [--list]\n"
		"                        [--timeout SEC]\n"
		"The NVMe conformance suite: tests of NVMe Base 2.0 and NVM Command Set 1.0\n"
		"clauses in groups as the conformance test plans (admin, nvm, features,\n"
		"registers, memory, arch, reservations), run against DEV (default\n"
		"$NVMETEST_DEV, else /dev/nvmetest0; emu: is the emulated controller).\n"
		"  --dev DEV        the device: /dev/nvmetestN, a PCI address, emu:OPTIONS\n"
		"  --junit FILE     also write the results as JUnit XML to FILE\n"
		"  --test PATTERN   only the tests whose GROUP/NAME matches (shell pattern;\n"
		"                   a group name alone selects the group); repeatable\n"
		"  --list           print the tests with their clauses and exit\n"
		"  --timeout SEC    per test (default %u)\n"
		"It resets the controller for each test and overwrites LBAs 0-335 of namespace 1;\n"
		"the features it changes are put back.\n"
		"Output is TAP: a failure names the clause and what the device did; a skip\n"
		"says why the test does not apply; a known deviation is '# XFAIL'.\n"
		"Exit status: 0 nothing failed, 1 a test failed, 2 bad usage, 4 all skipped.\n",
		CF_TIMEOUT_S);
}

static bool selected(const struct cf_group *g, const struct cf_test *t, char *const *filters,
		     int nfilters)
{
	char full[128];
	int i;

	if (!nfilters)
		return true;
	snprintf(full, sizeof(full), "%s/%s", g->name, t->name);
	for (i = 0; i < nfilters; i++) {
		if (!strcmp(filters[i], g->name) || !fnmatch(filters[i], full, 0))
			return true;
	}
	return false;
}

/* Open @dev for one test and give it what it needs; false (with t's result set) when not. */
static bool cf_setup(struct cf *t, const struct cf_test *test)
{
	int ret = nvmet_ctrl_open(t->dev, NULL, &t->ctrl);

	if (ret) {
		cf_fail(t, "opening %s: %s (%s)", t->dev, strerror(-ret), nvmet_last_error());
		return false;
	}
	t->id = nvmet_ctrl_id_data(t->ctrl);
	if (!t->id) {
		cf_fail(t, "no Identify Controller data after initialization");
		return false;
	}
	t->cap = cf_reg(t, NVMET_REG_CAP, 8);
	if (test->needs & (CF_NEED_NS | CF_NEED_QP)) {
		ret = nvmet_ns_open(t->ctrl, 1, &t->ns);
		if (ret == -ENOENT || ret == -EIO) {
			cf_skip(t, "needs namespace 1, which is not active");
			return false;
		}
		if (ret) {
			cf_fail(t, "opening namespace 1: %s", strerror(-ret));
			return false;
		}
	}
	if (test->needs & CF_NEED_QP) {
		ret = nvmet_qpair_create(t->ctrl, NULL, &t->qp);
		if (ret) {
			cf_fail(t, "creating an I/O queue pair: %s", strerror(-ret));
			return false;
		}
		t->out = cf_buf(t, CF_BUF_BYTES, "out");
		t->in = cf_buf(t, CF_BUF_BYTES, "in");
		if (!t->out || !t->in)
			return false;
	}
	return t->result == CF_PASS;
}

static void cf_teardown(struct cf *t)
{
	unsigned int i;

	nvmet_qpair_delete(t->qp);
	for (i = 0; i < t->nbufs; i++)
		nvmet_buf_free(t->bufs[i]);
	nvmet_ns_close(t->ns);
	nvmet_ctrl_close(t->ctrl);
}

/* The child: run @test, write its result and message to @fd. */
static void __attribute__((noreturn)) run_child(const char *dev, const struct cf_test *test,
						 unsigned int timeout_s, int fd)
{
	static struct cf t;
	size_t len;

	alarm(timeout_s);
	t.dev = dev;
	t.result = CF_PASS;
	if (cf_setup(&t, test))
		test->run(&t);
	cf_teardown(&t);
	len = strlen(t.msg);
	if (write(fd, &t.result, sizeof(t.result)) != (ssize_t)sizeof(t.result) ||
	    write(fd, t.msg, len) != (ssize_t)len)
		_exit(3);
	_exit(0);
}

static void run_one(const char *dev, const struct cf_test *test, unsigned int timeout_s,
		    enum cf_result *result, char *msg)
{
	int fds[2], status = 0;
	enum cf_result r;
	ssize_t n, got = 0;
	pid_t pid;

	msg[0] = 0;
	fflush(stdout);
	if (pipe(fds) || (pid = fork()) < 0) {
		*result = CF_FAIL;
		snprintf(msg, CF_MSG_MAX, "cannot start the test: %s", strerror(errno));
		return;
	}
	if (!pid) {
		close(fds[0]);
		run_child(dev, test, timeout_s, fds[1]);
	}
	close(fds[1]);
	n = read(fds[0], &r, sizeof(r));
	if (n == (ssize_t)sizeof(r)) {
		while ((n = read(fds[0], msg + got, CF_MSG_MAX - 1 - (size_t)got)) > 0)
			got += n;
	}
	msg[got > 0 ? got : 0] = 0;
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status)) {
		*result = CF_FAIL;
		if (WTERMSIG(status) == SIGALRM)
			snprintf(msg, CF_MSG_MAX, "did not finish within %u s", timeout_s);
		else
			snprintf(msg, CF_MSG_MAX, "the test died of signal %d (%s)",
				 WTERMSIG(status), strsignal(WTERMSIG(status)));
	} else if (n < 0 || WEXITSTATUS(status)) {
		*result = CF_FAIL;
		snprintf(msg, CF_MSG_MAX, "the test exited with status %d", WEXITSTATUS(status));
	} else {
		*result = r;
	}
}

static void tap_msg(const char *msg)
{
	const char *p = msg, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		printf("# %.*s\n", (int)(nl ? nl - p : (long)strlen(p)), p);
		if (!nl)
			break;
		p = nl + 1;
	}
}

static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\n' || *s == '\t')
				fputc(*s, f);
		}
	}
}

static int write_junit(const char *path, const char *dev, const struct cf_rec *recs, size_t n)
{
	FILE *f = fopen(path, "w");
	size_t i, g;

	if (!f)
		return -errno;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"nvme-conformance\">\n");
	for (g = 0; g < NGROUPS; g++) {
		unsigned int tests = 0, failures = 0, skipped = 0;
		double secs = 0;

		for (i = 0; i < n; i++) {
			if (recs[i].group != groups[g])
				continue;
			tests++;
			secs += recs[i].secs;
			failures += recs[i].outcome == CF_OUT_FAIL;
			skipped += recs[i].outcome == CF_OUT_SKIP || recs[i].outcome == CF_OUT_XFAIL;
		}
		if (!tests)
			continue;
		fprintf(f, "  <testsuite name=\"conformance.%s\" tests=\"%u\" failures=\"%u\" "
			"errors=\"0\" skipped=\"%u\" time=\"%.3f\">\n", groups[g]->name, tests,
			failures, skipped, secs);
		fprintf(f, "    <properties><property name=\"device\" value=\"");
		xml_text(f, dev);
		fprintf(f, "\"/></properties>\n");
		for (i = 0; i < n; i++) {
			const struct cf_rec *r = &recs[i];

			if (r->group != groups[g])
				continue;
			fprintf(f, "    <testcase classname=\"conformance.%s\" name=\"", r->group->name);
			xml_text(f, r->test->name);
			fprintf(f, " [");
			xml_text(f, r->test->clause);
			fprintf(f, "]\" time=\"%.3f\">", r->secs);
			switch (r->outcome) {
			case CF_OUT_PASS:
				break;
			case CF_OUT_FAIL:
				fprintf(f, "\n      <failure message=\"");
				xml_text(f, r->msg);
				fprintf(f, "\">");
				xml_text(f, r->test->title);
				fprintf(f, "</failure>\n    ");
				break;
			case CF_OUT_SKIP:
			case CF_OUT_XFAIL:
				fprintf(f, "\n      <skipped message=\"%s",
					r->outcome == CF_OUT_XFAIL ? "expected failure: " : "");
				xml_text(f, r->msg);
				fprintf(f, "\"/>\n    ");
				break;
			}
			fprintf(f, "</testcase>\n");
		}
		fprintf(f, "  </testsuite>\n");
	}
	fprintf(f, "</testsuites>\n");
	if (fclose(f))
		return -errno;
	return 0;
}

/*
 * The device's identity, read once before the tests (in a child, so that
 * this process never holds the device or an emulated controller's thread
 * when it forks).
 */
static int identify_device(const char *dev, uint8_t *id, char *err, size_t errlen)
{
	int fds[2], status = 0, ret;
	struct nvmet_ctrl *ctrl;
	ssize_t n;
	pid_t pid;

	if (pipe(fds) || (pid = fork()) < 0)
		return -errno;
	if (!pid) {
		close(fds[0]);
		ret = nvmet_ctrl_open(dev, NULL, &ctrl);
		if (ret) {
			dprintf(fds[1], "E%d %s", -ret, nvmet_last_error());
			_exit(1);
		}
		if (write(fds[1], "I", 1) != 1 ||
		    write(fds[1], nvmet_ctrl_id_data(ctrl), 4096) != 4096)
			_exit(1);
		nvmet_ctrl_close(ctrl);
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], err, 1);
	if (n == 1 && err[0] == 'I') {
		size_t got = 0;

		while (got < 4096 && (n = read(fds[0], id + got, 4096 - got)) > 0)
			got += (size_t)n;
		ret = got == 4096 ? 0 : -EIO;
		err[0] = 0;
	} else if (n == 1 && err[0] == 'E') {
		n = read(fds[0], err, errlen - 1);
		err[n > 0 ? n : 0] = 0;
		ret = -(int)strtol(err, NULL, 10);
		if (!ret)
			ret = -EIO;
	} else {
		snprintf(err, errlen, "0 the identifying process died");
		ret = -EIO;
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dev", required_argument, NULL, 'd' },
		{ "junit", required_argument, NULL, 'j' },
		{ "test", required_argument, NULL, 't' },
		{ "list", no_argument, NULL, 'l' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dev = st_dev_path(), *junit = NULL;
	unsigned int timeout_s = CF_TIMEOUT_S, npass = 0, nfail = 0, nskip = 0, nxfail = 0;
	char *filters[CF_FILTERS_MAX], err[512], *end;
	int nfilters = 0, opt, ret;
	bool list = false;
	static uint8_t id[4096];
	struct cf_rec *recs;
	size_t g, i, total = 0, n = 0;

	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			dev = optarg;
			break;
		case 'j':
			junit = optarg;
			break;
		case 't':
			if (nfilters == CF_FILTERS_MAX) {
				fprintf(stderr, "conformance_test: at most %d --test\n", CF_FILTERS_MAX);
				return 2;
			}
			filters[nfilters++] = optarg;
			break;
		case 'l':
			list = true;
			break;
		case 'T':
			timeout_s = (unsigned int)strtoul(optarg, &end, 10);
			if (*end || !timeout_s || timeout_s > 3600) {
				fprintf(stderr, "conformance_test: --timeout '%s': 1..3600 seconds\n",
					optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "conformance_test: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	for (g = 0; g < NGROUPS; g++) {
		for (i = 0; i < groups[g]->count; i++)
			total += selected(groups[g], &groups[g]->tests[i], filters, nfilters);
	}
	if (!total) {
		fprintf(stderr, "conformance_test: no test matches%s\n",
			nfilters ? " the --test patterns" : "");
		return 2;
	}
	if (list) {
		for (g = 0; g < NGROUPS; g++) {
			for (i = 0; i < groups[g]->count; i++) {
				const struct cf_test *t = &groups[g]->tests[i];

				if (selected(groups[g], t, filters, nfilters))
					printf("%s/%-36s %-22s %s\n", groups[g]->name, t->name,
					       t->clause, t->title);
			}
		}
		return 0;
	}

	printf("TAP version 13\n1..%zu\n", total);
	printf("# NVMe conformance suite on %s\n", dev);
	ret = identify_device(dev, id, err, sizeof(err));
	if (ret) {
		const char *why = strchr(err, ' ') ? strchr(err, ' ') + 1 : err;
		bool absent = st_open_err_is_absent(ret);

		for (g = 0, n = 0; g < NGROUPS; g++) {
			for (i = 0; i < groups[g]->count; i++) {
				if (!selected(groups[g], &groups[g]->tests[i], filters, nfilters))
					continue;
				/* No device is a skip; one that does not open is a failure. */
				if (!absent)
					printf("# %s: %s%s%s\n", dev, strerror(-ret),
					       *why ? ": " : "", why);
				printf("%s %zu %s/%s [%s]", absent ? "ok" : "not ok", ++n,
				       groups[g]->name, groups[g]->tests[i].name,
				       groups[g]->tests[i].clause);
				if (absent)
					printf(" # SKIP %s: %s%s%s", dev, strerror(-ret),
					       *why ? ": " : "", why);
				printf("\n");
			}
		}
		return absent ? 4 : 1;
	}
	{
		char mn[41];

		nvmet_id_ctrl_mn(id, mn, sizeof(mn));
		printf("# controller: %s (VID %04xh), version %u.%u\n", mn,
		       nvmet_id_ctrl_vid(id), nvmet_id_ctrl_ver(id) >> 16,
		       (nvmet_id_ctrl_ver(id) >> 8) & 0xff);
	}

	recs = calloc(total, sizeof(*recs));
	if (!recs)
		return 1;
	for (g = 0; g < NGROUPS; g++) {
		const struct cf_group *grp = groups[g];
		bool header = false;

		for (i = 0; i < grp->count; i++) {
			const struct cf_test *t = &grp->tests[i];
			const struct cf_deviation *dv;
			struct cf_rec *r = &recs[n];
			enum cf_result res;
			char full[128];
			uint64_t t0;

			if (!selected(grp, t, filters, nfilters))
				continue;
			if (!header) {
				printf("# group %s: %s\n", grp->name, grp->title);
				header = true;
			}
			snprintf(full, sizeof(full), "%s/%s", grp->name, t->name);
			r->group = grp;
			r->test = t;
			t0 = st_now_ns();
			run_one(dev, t, timeout_s, &res, r->msg);
			r->secs = (double)(st_now_ns() - t0) / 1e9;
			dv = cf_deviation_find(id, full);
			n++;
			if (res == CF_SKIP) {
				r->outcome = CF_OUT_SKIP;
				nskip++;
				printf("ok %zu %s [%s] # SKIP %s\n", n, full, t->clause, r->msg);
			} else if (res == CF_FAIL && dv) {
				r->outcome = CF_OUT_XFAIL;
				nxfail++;
				tap_msg(r->msg);
				snprintf(r->msg + strlen(r->msg), CF_MSG_MAX - strlen(r->msg),
					 " (known deviation from %s: %s)", dv->clause, dv->why);
				printf("ok %zu %s [%s] # XFAIL %s departs from %s: %s\n", n, full,
				       t->clause, dv->mn, dv->clause, dv->why);
			} else if (res == CF_FAIL) {
				r->outcome = CF_OUT_FAIL;
				nfail++;
				printf("# %s: %s\n", t->clause, t->title);
				tap_msg(r->msg);
				printf("not ok %zu %s [%s]\n", n, full, t->clause);
			} else if (dv) {
				r->outcome = CF_OUT_FAIL;
				nfail++;
				snprintf(r->msg, CF_MSG_MAX,
					 "passed, but is listed as a deviation of %s from %s: "
					 "update deviations.c", dv->mn, dv->clause);
				tap_msg(r->msg);
				printf("not ok %zu %s [%s] # XPASS\n", n, full, t->clause);
			} else {
				r->outcome = CF_OUT_PASS;
				npass++;
				printf("ok %zu %s [%s]\n", n, full, t->clause);
			}
			fflush(stdout);
		}
	}
	printf("# %u passed, %u failed, %u skipped, %u expected failures\n", npass, nfail, nskip,
	       nxfail);
	if (junit) {
		ret = write_junit(junit, dev, recs, n);
		if (ret) {
			fprintf(stderr, "conformance_test: --junit %s: %s\n", junit, strerror(-ret));
			free(recs);
			return 1;
		}
	}
	free(recs);
	if (nfail)
		return 1;
	return npass || nxfail ? 0 : 4;
}
