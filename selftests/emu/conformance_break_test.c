// SPDX-License-Identifier: GPL-2.0
/*
 * conformance_break_test.c - the conformance suite is able to fail: for
 * each group, conformance_break.so makes the emulated controller break one
 * clause on purpose, and the suite's test of that clause fails (TAP "not
 * ok" naming the clause, exit 1, a <failure> in the JUnit XML), while the
 * same test passes on the emulated controller without the plug-in. Also
 * the runner's own contract: --list names every test with its clause, a
 * pattern that matches nothing and a bad option are usage errors, a device
 * that is not there makes every test a skip saying so, one that does not
 * open makes every test a failure, and a deviation listed for a device
 * that does not happen fails the run.
 *
 * Host only (selftests/emu/): the runner is found beside the tests
 * (build/selftests/conformance/conformance_test), the plug-in in
 * build/test-plugins/.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "nvmetest_harness.h"
#include "st_run.h"

FIXTURE(cf) {
	char bin[PATH_MAX];
	char plugin[PATH_MAX];
	char junit[PATH_MAX];
	struct st_run r;
};

FIXTURE_VARIANT(cf) {
	const char *clause;	/* conformance_break.so's clause= */
	const char *test;	/* the suite's test that must fail */
	/*
	 * Without the plug-in the test does not apply to the emulated
	 * controller, and skips saying why, rather than passing.
	 */
	const char *skips_plain;
};

FIXTURE_VARIANT_ADD(cf, admin) {
	.clause = "identify-ctrl-entry-sizes", .test = "admin/identify-ctrl-entry-sizes",
};

FIXTURE_VARIANT_ADD(cf, nvm) {
	.clause = "read-lba-out-of-range", .test = "nvm/read-lba-out-of-range",
};

FIXTURE_VARIANT_ADD(cf, features) {
	.clause = "temperature-threshold", .test = "features/temperature-threshold",
};

FIXTURE_VARIANT_ADD(cf, features_not_changeable) {
	.clause = "arbitration-changed", .test = "features/arbitration",
};

FIXTURE_VARIANT_ADD(cf, registers) {
	.clause = "vs-matches-identify", .test = "registers/vs-matches-identify",
};

FIXTURE_VARIANT_ADD(cf, memory) {
	.clause = "sgl-length-short", .test = "memory/sgl-length-short",
};

FIXTURE_VARIANT_ADD(cf, arch) {
	.clause = "delete-cq-with-sq", .test = "arch/delete-cq-with-sq",
};

FIXTURE_VARIANT_ADD(cf, reservations) {
	.clause = "register-report", .test = "reservations/register-report",
};

FIXTURE_VARIANT_ADD(cf, reservations_acquire) {
	.clause = "acquire-release", .test = "reservations/acquire-release",
};

FIXTURE_VARIANT_ADD(cf, reservations_unsupported) {
	.clause = "unsupported-commands", .test = "reservations/unsupported-commands",
	.skips_plain = "# SKIP ONCS bit 5 is set: reservations are supported",
};

FIXTURE_SETUP(cf)
{
	char dir[PATH_MAX - 64];
	const char *tmp = st_env("TMPDIR");
	int fd;

	ASSERT_EQ(0, st_exe_dir(dir, sizeof(dir)));
	snprintf(self->bin, sizeof(self->bin), "%s/conformance/conformance_test", dir);
	snprintf(self->plugin, sizeof(self->plugin), "%s/../test-plugins/conformance_break.so",
		 dir);
	if (access(self->bin, X_OK))
		ST_SETUP_SKIP("no conformance_test at %.200s", self->bin);
	ASSERT_EQ(0, access(self->plugin, R_OK)) TH_LOG("no plug-in at %s", self->plugin);
	snprintf(self->junit, sizeof(self->junit), "%s/conformance-junit.XXXXXX",
		 tmp ? tmp : "/tmp");
	fd = mkstemp(self->junit);
	ASSERT_LE(0, fd);
	close(fd);
}

FIXTURE_TEARDOWN(cf)
{
	unlink(self->junit);
}

/* "ok 1 GROUP/NAME [" or "not ok 1 GROUP/NAME [" at the start of a line of @out. */
static bool tap_has(const char *out, const char *verdict, const char *test)
{
	char line[256];
	const char *p;

	snprintf(line, sizeof(line), "%s 1 %s [", verdict, test);
	for (p = strstr(out, line); p; p = strstr(p + 1, line)) {
		if (p == out || p[-1] == '\n')
			return true;
	}
	return false;
}

TEST_F(cf, the_broken_clause_fails)
{
	char dev[PATH_MAX + 64];
	char junit_arg[PATH_MAX];
	const char *fail;

	snprintf(dev, sizeof(dev), "emu:plugin=%s:clause=%s", self->plugin, variant->clause);
	snprintf(junit_arg, sizeof(junit_arg), "%s", self->junit);
	{
		const char *const args[] = { "--dev", dev, "--test", variant->test, "--junit",
					     junit_arg, NULL };

		ASSERT_EQ(0, st_run_tool(self->bin, args, &self->r));
	}
	EXPECT_EQ(1, self->r.status) TH_LOG("%s%s", self->r.out, self->r.err);
	EXPECT_TRUE(tap_has(self->r.out, "not ok", variant->test)) TH_LOG("%s", self->r.out);
	/* The failure says which clause, and what the device did. */
	EXPECT_NE(NULL, strstr(self->r.out, "# Base 2.0") ?: strstr(self->r.out, "# NVM 1.0"))
		TH_LOG("%s", self->r.out);

	{
		FILE *f = fopen(self->junit, "r");
		size_t n;

		ASSERT_NE(NULL, f);
		n = fread(self->r.out, 1, sizeof(self->r.out) - 1, f);
		fclose(f);
		self->r.out[n] = 0;
	}
	fail = strstr(self->r.out, "<failure message=\"");
	EXPECT_NE(NULL, fail) TH_LOG("%s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "failures=\"1\"")) TH_LOG("%s", self->r.out);
}

TEST_F(cf, the_clause_holds_without_the_plugin)
{
	const char *const args[] = { "--dev", "emu:", "--test", variant->test, NULL };

	ASSERT_EQ(0, st_run_tool(self->bin, args, &self->r));
	/* A run whose every test skipped exits 4, as kselftest's do. */
	EXPECT_EQ(variant->skips_plain ? 4 : 0, self->r.status)
		TH_LOG("%s%s", self->r.out, self->r.err);
	EXPECT_TRUE(tap_has(self->r.out, "ok", variant->test)) TH_LOG("%s", self->r.out);
	if (variant->skips_plain) {
		EXPECT_NE(NULL, strstr(self->r.out, variant->skips_plain)) TH_LOG("%s", self->r.out);
	} else {
		EXPECT_EQ(NULL, strstr(self->r.out, "# SKIP")) TH_LOG("%s", self->r.out);
	}
}

TEST_F(cf, list_names_the_test_and_its_clause)
{
	const char *const args[] = { "--list", "--test", variant->test, NULL };
	const char *p;

	ASSERT_EQ(0, st_run_tool(self->bin, args, &self->r));
	EXPECT_EQ(0, self->r.status);
	EXPECT_EQ(1, st_lines(self->r.out)) TH_LOG("%s", self->r.out);
	p = strstr(self->r.out, variant->test);
	EXPECT_EQ((const char *)self->r.out, p) TH_LOG("%s", self->r.out);
	EXPECT_TRUE(strstr(self->r.out, " Base 2.0 ") || strstr(self->r.out, " NVM 1.0 "))
		TH_LOG("%s", self->r.out);
}

/* The runner's own contract, without a plug-in. */
FIXTURE(runner) {
	char bin[PATH_MAX];
	struct st_run r;
};

FIXTURE_SETUP(runner)
{
	char dir[PATH_MAX - 64];

	ASSERT_EQ(0, st_exe_dir(dir, sizeof(dir)));
	snprintf(self->bin, sizeof(self->bin), "%s/conformance/conformance_test", dir);
	if (access(self->bin, X_OK))
		ST_SETUP_SKIP("no conformance_test at %.200s", self->bin);
}

FIXTURE_TEARDOWN(runner)
{
}

/* The runner's @test on the emulated controller with conformance_break.so's @clause. */
static void run_with_clause(struct __test_metadata *_metadata, FIXTURE_DATA(runner) *self,
			    const char *clause, const char *test)
{
	char dev[PATH_MAX + 64], dir[PATH_MAX - 64];
	const char *const args[] = { "--dev", dev, "--test", test, NULL };

	ASSERT_EQ(0, st_exe_dir(dir, sizeof(dir)));
	snprintf(dev, sizeof(dev), "emu:plugin=%s/../test-plugins/conformance_break.so:clause=%s",
		 dir, clause);
	ASSERT_EQ(0, st_run_tool(self->bin, args, &self->r));
}

/*
 * A listed deviation that does not happen fails the run, so the list stays
 * true: the emulated controller dressed as QEMU's conforms where QEMU does not.
 */
TEST_F(runner, a_deviation_that_does_not_happen_fails)
{
	run_with_clause(_metadata, self, "qemu-identity", "admin/log-fw-slot");
	EXPECT_EQ(1, self->r.status) TH_LOG("%s%s", self->r.out, self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "QEMU NVMe Ctrl (VID 1b36h)")) TH_LOG("%s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "not ok 1 admin/log-fw-slot [Base 2.0 5.16.1.4] # XPASS"))
		TH_LOG("%s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "update deviations.c")) TH_LOG("%s", self->r.out);
}

/*
 * A feature the controller says is not changeable (SEL 11b), and refuses
 * to change with Feature Identifier Not Changeable, conforms, as QEMU's
 * Arbitration does: the test passes, having checked that status.
 */
TEST_F(runner, a_feature_not_changeable_and_refused_passes)
{
	run_with_clause(_metadata, self, "arbitration-fixed", "features/arbitration");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s%s", self->r.out, self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "ok 1 features/arbitration [Base 2.0 5.27.1.1]\n"))
		TH_LOG("%s", self->r.out);
}

TEST_F(runner, usage_errors_and_an_absent_device)
{
	const char *const nomatch[] = { "--dev", "emu:", "--test", "no/such-test", NULL };
	const char *const badopt[] = { "--frobnicate", NULL };
	const char *const absent[] = { "--dev", "/dev/nvmetest-absent", "--test", "admin", NULL };

	ASSERT_EQ(0, st_run_tool(self->bin, nomatch, &self->r));
	EXPECT_EQ(2, self->r.status);
	EXPECT_NE(NULL, strstr(self->r.err, "no test matches")) TH_LOG("%s", self->r.err);
	ASSERT_EQ(0, st_run_tool(self->bin, badopt, &self->r));
	EXPECT_EQ(2, self->r.status);
	ASSERT_EQ(0, st_run_tool(self->bin, absent, &self->r));
	EXPECT_EQ(4, self->r.status) TH_LOG("%s%s", self->r.out, self->r.err);
	EXPECT_TRUE(tap_has(self->r.out, "ok", "admin/identify-ctrl-entry-sizes"))
		TH_LOG("%s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "# SKIP /dev/nvmetest-absent"))
		TH_LOG("%s", self->r.out);
	EXPECT_EQ(NULL, strstr(self->r.out, "not ok")) TH_LOG("%s", self->r.out);
}

/* A device that is there but does not open is a failure, with the reason, not a skip. */
TEST_F(runner, a_device_that_does_not_open_fails)
{
	const char *const args[] = { "--dev", "emu:nosuchoption=1", "--test", "registers", NULL };

	ASSERT_EQ(0, st_run_tool(self->bin, args, &self->r));
	EXPECT_EQ(1, self->r.status) TH_LOG("%s%s", self->r.out, self->r.err);
	EXPECT_TRUE(tap_has(self->r.out, "not ok", "registers/cap")) TH_LOG("%s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "nosuchoption")) TH_LOG("%s", self->r.out);
	EXPECT_EQ(NULL, strstr(self->r.out, "# SKIP")) TH_LOG("%s", self->r.out);
}

TEST_HARNESS_MAIN
