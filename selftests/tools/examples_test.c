// SPDX-License-Identifier: GPL-2.0
/*
 * examples_test.c - the example programs of examples/ do what their
 * comments say on the device under test (NVMETEST_DEV: the emulated
 * controller on the host, QEMU's in the VM, or an NVMe/TCP target): hello_world writes and reads
 * back "hello world", smart_log prints the SMART / Health log read with
 * the one-call Get Log Page. They are found in ../examples beside the
 * tests (build/), or ../bin (the VM).
 */
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "nvmetest_harness.h"
#include "st_run.h"

FIXTURE(examples) {
	const char *dev;
	struct st_run r;
};

FIXTURE_SETUP(examples)
{
	int ret;

	self->dev = st_dev_path();
	ret = st_dev_present(self->dev);
	if (ret)
		ST_SETUP_SKIP("no nvmetest device: %s: %s", self->dev, strerror(-ret));
}

FIXTURE_TEARDOWN(examples)
{
}

/* Run example @name on the device; skip when it is not built. */
static void run_example(struct __test_metadata *_metadata, FIXTURE_DATA(examples) *self,
			const char *name)
{
	char dir[PATH_MAX - 64], bin[PATH_MAX];
	const char *const args[] = { self->dev, NULL };

	ASSERT_EQ(0, st_exe_dir(dir, sizeof(dir)));
	snprintf(bin, sizeof(bin), "%s/../examples/%s", dir, name);
	if (access(bin, X_OK) && st_find_tool(name, "NVMET_EXAMPLE_BIN", bin, sizeof(bin)))
		SKIP(longjmp(_metadata->env, 1), "%s is not built beside the tests", name);
	ASSERT_EQ(0, st_run_tool(bin, args, &self->r));
	EXPECT_EQ(0, self->r.status) TH_LOG("%s: %s", name, self->r.err);
}

TEST_F(examples, hello_world_reads_back_what_it_wrote)
{
	run_example(_metadata, self, "hello_world");
	EXPECT_STREQ("read back: hello world\n", self->r.out);
}

TEST_F(examples, smart_log_prints_the_health_log)
{
	const char *t;

	run_example(_metadata, self, "smart_log");
	EXPECT_EQ(13, st_lines(self->r.out)) TH_LOG("%s", self->r.out);
	/* A composite temperature a controller can have: 0 to 100 degrees C. */
	t = strstr(self->r.out, "temperature (K)       : ");
	ASSERT_NE(NULL, t) TH_LOG("%s", self->r.out);
	EXPECT_LE(273, atoi(t + 24));
	EXPECT_GE(373, atoi(t + 24));
	EXPECT_NE(NULL, strstr(self->r.out, "available_spare (%)   : ")) TH_LOG("%s", self->r.out);
}

TEST_HARNESS_MAIN
