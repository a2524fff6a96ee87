// SPDX-License-Identifier: GPL-2.0
/*
 * nvmet_io_dev_test.c - nvmet-io on a real controller through the module
 * (in the VM, QEMU's nvme bound to nvmetest) or over NVMe/TCP: a verified
 * mixed workload by device node or tcp: address, a random-read run by PCI
 * address whose JSON counts every I/O. nvmet_io_cli_test.c covers the tool
 * itself on the emulated controller.
 *
 * The tool is found beside the test (../bin/nvmet-io), or at $NVMET_IO_BIN.
 */
#include <limits.h>
#include <stdio.h>

#include "nvmetest_harness.h"
#include "st_run.h"

FIXTURE(dev) {
	char bin[PATH_MAX];
	const char *dev;
	struct st_run r;
};

FIXTURE_SETUP(dev)
{
	int ret = st_find_tool("nvmet-io", "NVMET_IO_BIN", self->bin, sizeof(self->bin));

	if (ret)
		ST_SETUP_SKIP("no nvmet-io beside the test (%.200s): %s", self->bin,
			      strerror(-ret));
	self->dev = st_dev_path();
	if (st_dev_kind(self->dev) == ST_DEV_EMU)
		ST_SETUP_SKIP("NVMETEST_DEV is the emulated controller: see nvmet_io_cli_test");
	ret = st_dev_present(self->dev);
	if (ret)
		ST_SETUP_SKIP("no nvmetest device: %s: %s", self->dev, strerror(-ret));
}

FIXTURE_TEARDOWN(dev)
{
}

#define RUN(...) ST_RUN(__VA_ARGS__)

TEST_F(dev, verified_mixed_workload)
{
	RUN("--dev", self->dev, "--rw", "randrw", "--bssplit", "4k/70:16k/30", "--iodepth", "8",
	    "--size", "4m", "--number_ios", "3000", "--verify", "crc32c");
	EXPECT_EQ(0, self->r.status) TH_LOG("stdout: %s\nstderr: %s", self->r.out, self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "read: IOPS=")) TH_LOG("%s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "write: IOPS=")) TH_LOG("%s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "err= 0")) TH_LOG("%s", self->r.out);
}

TEST_F(dev, by_pci_address_with_json)
{
	const char *bdf = st_env("NVMETEST_BDF"), *job;

	if (!bdf)
		SKIP(return, "no NVMETEST_BDF");
	RUN("--dev", bdf, "--rw", "randread", "--iodepth", "16", "--number_ios", "2000",
	    "--output-format=json");
	ASSERT_EQ(0, self->r.status) TH_LOG("stderr: %s", self->r.err);
	job = st_json_idx(st_json_get(self->r.out, "jobs"), 0);
	ASSERT_NE(NULL, job) TH_LOG("%.2000s", self->r.out);
	EXPECT_EQ(2000, st_json_num(st_json_get(st_json_get(job, "read"), "total_ios")));
	EXPECT_LT(0, st_json_num(st_json_get(st_json_get(job, "read"), "iops")));
	EXPECT_EQ(0, st_json_num(st_json_get(job, "error")));
}

TEST_HARNESS_MAIN
