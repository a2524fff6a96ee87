// SPDX-License-Identifier: GPL-2.0
/*
 * dma_limits_test.c - DMA memory a program can make the module hold is
 * bounded per file (file_dma_limit_mb) and per controller (dma_limit_mb),
 * buffers, queues and commands' bounce pages alike; memory a timed-out
 * command leaves with the controller still counts until a reset frees it;
 * nvmetest_info reports what is held. A file holds at most
 * NVMETEST_ASYNC_MAX asynchronous commands, finished but unreaped ones
 * included.
 *
 * Needs root for the module parameters.
 */
#include <poll.h>
#include <stdio.h>

#include "nvmetest_harness.h"

#define PARAM_CTRL	"/sys/module/nvmetest/parameters/dma_limit_mb"
#define PARAM_FILE	"/sys/module/nvmetest/parameters/file_dma_limit_mb"
#define MIB		(1ull << 20)

FIXTURE(limits) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	char ctrl_mb[32];
	char file_mb[32];
	int masked;
};

FIXTURE_SETUP(limits)
{
	ST_SETUP_OPEN(&self->dev, &self->info);
	st_read_file(PARAM_CTRL, self->ctrl_mb, sizeof(self->ctrl_mb));
	st_read_file(PARAM_FILE, self->file_mb, sizeof(self->file_mb));
	/* What earlier programs left with the controller goes. */
	ASSERT_EQ(0, nvmet_kdev_reset(self->dev));
	ASSERT_EQ(0, nvmet_kdev_info(self->dev, &self->info));
}

FIXTURE_TEARDOWN(limits)
{
	if (self->masked)
		nvmet_kdev_irq_mask(self->dev, 0, 0);
	if (self->ctrl_mb[0]) {
		EXPECT_EQ(0, st_write_file(PARAM_CTRL, self->ctrl_mb));
	}
	if (self->file_mb[0]) {
		EXPECT_EQ(0, st_write_file(PARAM_FILE, self->file_mb));
	}
	EXPECT_EQ(0, nvmet_kdev_reset(self->dev));
	nvmet_kdev_close(self->dev);
}

static void set_limits(struct __test_metadata *_metadata, FIXTURE_DATA(limits) *self,
		       uint64_t ctrl_mb, uint64_t file_mb)
{
	char v[32];

	ASSERT_TRUE(self->ctrl_mb[0] && self->file_mb[0])
		TH_LOG("no module parameters %s, %s", PARAM_CTRL, PARAM_FILE);
	snprintf(v, sizeof(v), "%llu", (unsigned long long)ctrl_mb);
	ASSERT_EQ(0, st_write_file(PARAM_CTRL, v));
	snprintf(v, sizeof(v), "%llu", (unsigned long long)file_mb);
	ASSERT_EQ(0, st_write_file(PARAM_FILE, v));
}

/* 1 MiB buffers on @dev until one fails; how many, and that it failed with ENOMEM. */
static int fill(struct __test_metadata *_metadata, struct nvmet_kdev *dev, int max)
{
	struct nvmetest_buf b;
	int n = 0, ret;

	for (;;) {
		memset(&b, 0, sizeof(b));
		b.size = MIB;
		ret = st_ioctl(nvmet_kdev_fd(dev), NVMETEST_IOC_BUF_ALLOC, &b);
		if (ret || ++n > max)
			break;
	}
	EXPECT_EQ(-ENOMEM, ret);
	return n;
}

TEST_F(limits, file_and_controller_limits_hold)
{
	uint64_t base = (self->info.dma_bytes + MIB - 1) / MIB;
	struct nvmetest_info info;
	struct nvmet_kdev *a, *b;
	uint8_t id[4096];
	uint16_t status;

	set_limits(_metadata, self, base + 6, 4);
	ASSERT_EQ(0, nvmet_kdev_open(st_dev_path(), &a));
	ASSERT_EQ(0, nvmet_kdev_open(st_dev_path(), &b));
	EXPECT_EQ(4, fill(_metadata, a, 16)) TH_LOG("a file past its 4 MiB");
	ASSERT_EQ(0, nvmet_kdev_info(a, &info));
	EXPECT_EQ(4 * MIB, info.file_dma_bytes);
	EXPECT_EQ((base + 6) * MIB, info.dma_limit);
	EXPECT_EQ(4 * MIB, info.file_dma_limit);
	/* Its commands' bounce pages count too. */
	EXPECT_EQ(-ENOMEM, st_identify(a, NVMET_CNS_CTRL, 0, id, &status));
	EXPECT_EQ(2, fill(_metadata, b, 16)) TH_LOG("the controller past its limit");
	ASSERT_EQ(0, nvmet_kdev_info(b, &info));
	EXPECT_EQ(2 * MIB, info.file_dma_bytes);
	EXPECT_EQ(self->info.dma_bytes + 6 * MIB, info.dma_bytes);
	/* Closing gives it all back. */
	nvmet_kdev_close(a);
	EXPECT_EQ(2, fill(_metadata, b, 16));
	nvmet_kdev_close(b);
	ASSERT_EQ(0, nvmet_kdev_info(self->dev, &info));
	EXPECT_EQ(self->info.dma_bytes, info.dma_bytes);
	EXPECT_EQ(0u, info.file_dma_bytes);
}

static int reap_pending(int fd, unsigned int *pending)
{
	struct nvmetest_admin_reap r = { .count = 0 };
	int ret = st_ioctl(fd, NVMETEST_IOC_ADMIN_REAP, &r);

	*pending = r.pending;
	return ret;
}

TEST_F(limits, unreaped_commands_count_against_the_file)
{
	int fd = nvmet_kdev_fd(self->dev);
	static uint8_t data[NVMETEST_ASYNC_MAX + 1][4096];
	struct nvmetest_admin_reap r;
	struct nvmetest_admin_cmd cmd;
	uint64_t deadline = st_now_ns() + 10000000000ull;
	unsigned int i, pending = 1;

	for (i = 0; i < NVMETEST_ASYNC_MAX; i++) {
		st_identify_req(&cmd, data[i]);
		ASSERT_EQ(0, st_ioctl(fd, NVMETEST_IOC_ADMIN_SUBMIT, &cmd)) TH_LOG("%u", i);
	}
	while (pending && st_now_ns() < deadline) {
		ASSERT_EQ(0, reap_pending(fd, &pending));
		st_sleep_ms(5);
	}
	ASSERT_EQ(0u, pending);
	/* All finished, none reaped: the file still holds them. */
	st_identify_req(&cmd, data[NVMETEST_ASYNC_MAX]);
	EXPECT_EQ(-EAGAIN, st_ioctl(fd, NVMETEST_IOC_ADMIN_SUBMIT, &cmd));
	memset(&r, 0, sizeof(r));
	r.cmds = (uintptr_t)&cmd;
	r.count = 1;
	ASSERT_EQ(0, st_ioctl(fd, NVMETEST_IOC_ADMIN_REAP, &r));
	ASSERT_EQ(1u, r.count);
	st_identify_req(&cmd, data[NVMETEST_ASYNC_MAX]);
	EXPECT_EQ(0, st_ioctl(fd, NVMETEST_IOC_ADMIN_SUBMIT, &cmd));
}

TEST_F(limits, memory_timed_out_commands_leave_counts_until_a_reset)
{
	int fd = nvmet_kdev_fd(self->dev);
	struct nvmetest_cmdlog_entry log[3];
	struct nvmetest_admin_cmd cmd;
	struct nvmetest_info info;
	struct nvmetest_buf b;
	struct nvmet_sqe sqe;
	static uint8_t data[2 << 20];
	uint64_t deadline, base;
	int i, n, done;

	ASSERT_EQ(0, nvmet_kdev_irq_mask(self->dev, 0, 1));
	self->masked = 1;
	st_sqe(&sqe, NVMET_ADM_GET_LOG_PAGE, 0xffffffffu);
	/* 2 MiB: NUMD is a 0-based dword count. */
	sqe.get_log.lid = NVMET_LOG_SMART;
	sqe.get_log.numdl = ((2u << 20) / 4 - 1) & 0xffff;
	sqe.get_log.numdu = ((2u << 20) / 4 - 1) >> 16;
	for (i = 0; i < 3; i++) {
		st_admin_init(&cmd, &sqe);
		cmd.flags = NVMETEST_ADMIN_DATA_FROM_DEV;
		cmd.data = (uintptr_t)data;
		cmd.data_len = sizeof(data);
		cmd.timeout_ms = 1;
		ASSERT_EQ(0, st_ioctl(fd, NVMETEST_IOC_ADMIN_SUBMIT, &cmd));
	}
	deadline = st_now_ns() + 10000000000ull;
	do {
		n = nvmet_kdev_cmdlog(self->dev, log, 3);
		ASSERT_EQ(3, n);
		for (i = 0, done = 0; i < n; i++)
			done += !!(log[i].flags & NVMETEST_CMDLOG_TIMED_OUT);
		st_sleep_ms(5);
	} while (done < 3 && st_now_ns() < deadline);
	ASSERT_EQ(3, done);
	ASSERT_EQ(0, nvmet_kdev_info(self->dev, &info));
	EXPECT_EQ(0u, info.file_dma_bytes) TH_LOG("the file still counts what it gave up");
	EXPECT_LE(self->info.dma_bytes + 6 * MIB, info.dma_bytes);
	base = (self->info.dma_bytes + MIB - 1) / MIB;
	set_limits(_metadata, self, base + 6, 1024);
	memset(&b, 0, sizeof(b));
	b.size = MIB;
	EXPECT_EQ(-ENOMEM, st_ioctl(fd, NVMETEST_IOC_BUF_ALLOC, &b))
		TH_LOG("the controller's limit ignores what timed-out commands hold");
	ASSERT_EQ(0, nvmet_kdev_irq_mask(self->dev, 0, 0));
	self->masked = 0;
	ASSERT_EQ(0, nvmet_kdev_reset(self->dev));
	ASSERT_EQ(0, nvmet_kdev_info(self->dev, &info));
	EXPECT_EQ(self->info.dma_bytes, info.dma_bytes);
	memset(&b, 0, sizeof(b));
	b.size = MIB;
	EXPECT_EQ(0, st_ioctl(fd, NVMETEST_IOC_BUF_ALLOC, &b));
}

TEST_HARNESS_MAIN
