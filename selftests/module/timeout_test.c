// SPDX-License-Identifier: GPL-2.0
/*
 * timeout_test.c - admin command timeouts. An Asynchronous Event Request
 * completes only when an event happens, so with a short timeout_ms the
 * module times it out: the ioctl succeeds, the result says TIMED_OUT, the
 * CQE is all ones, info.timeouts counts it, the log records it, and the
 * wait lasted about timeout_ms (not the default). NVMETEST_IOC_RESET then
 * gives a working controller back.
 */
#include <stdio.h>

#include "nvmetest_harness.h"

#define SHORT_MS		300u
#define DEFAULT_TIMEOUT_MS	10000u
#define PARAM_TIMEOUT		"/sys/module/nvmetest/parameters/admin_timeout_ms"
/* An AER that completes reports an event queued earlier; drain a few. */
#define MAX_QUEUED_EVENTS	8

FIXTURE(timeout) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	int need_reset;
};

FIXTURE_SETUP(timeout)
{
	ST_SETUP_OPEN(&self->dev, &self->info);
}

FIXTURE_TEARDOWN(timeout)
{
	/* An AER the module gave up on is still the controller's: reset takes it back. */
	if (self->need_reset) {
		EXPECT_EQ(0, nvmet_kdev_reset(self->dev));
	}
	nvmet_kdev_close(self->dev);
}

/*
 * Sends AERs with @timeout_ms until one times out (or an error); returns the
 * ioctl's result, the last request in @cmd, and its wall time in @elapsed_ms.
 */
static int aer_until_timeout(FIXTURE_DATA(timeout) *self, uint32_t timeout_ms,
			     struct nvmetest_admin_cmd *cmd, uint64_t *elapsed_ms)
{
	struct nvmet_sqe sqe;
	uint64_t t0;
	int i, ret = 0;

	st_sqe(&sqe, NVMET_ADM_ASYNC_EVENT, 0);
	for (i = 0; i < MAX_QUEUED_EVENTS; i++) {
		st_admin_init(cmd, &sqe);
		cmd->timeout_ms = timeout_ms;
		self->need_reset = 1;
		t0 = st_now_ns();
		ret = nvmet_kdev_admin_raw(self->dev, cmd);
		*elapsed_ms = (st_now_ns() - t0) / 1000000;
		if (ret || cmd->result)
			break;
	}
	return ret;
}

static uint32_t default_timeout_ms(void)
{
	unsigned int ms = DEFAULT_TIMEOUT_MS;
	FILE *f = fopen(PARAM_TIMEOUT, "r");

	if (f) {
		if (fscanf(f, "%u", &ms) != 1)
			ms = DEFAULT_TIMEOUT_MS;
		fclose(f);
	}
	return ms;
}

TEST_F(timeout, aer_times_out_after_timeout_ms)
{
	struct nvmetest_admin_cmd cmd;
	struct nvmetest_info after;
	uint64_t elapsed;
	int i;

	ASSERT_EQ(0, aer_until_timeout(self, SHORT_MS, &cmd, &elapsed));
	ASSERT_EQ(NVMETEST_RESULT_TIMED_OUT, cmd.result)
		TH_LOG("the AER completed (status 0x%x) each of %d times", cmd.cqe[3] >> 16,
		       MAX_QUEUED_EVENTS);
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(0xffffffffu, cmd.cqe[i]) TH_LOG("CQE dword %d", i);
	}
	EXPECT_GE(elapsed, SHORT_MS - 10) TH_LOG("gave up after %llu ms",
						 (unsigned long long)elapsed);
	EXPECT_LT(elapsed, SHORT_MS + 3000) TH_LOG("took %llu ms for %u ms",
						   (unsigned long long)elapsed, SHORT_MS);
	EXPECT_GE(cmd.latency_ns, (uint64_t)(SHORT_MS - 10) * 1000000);
	ASSERT_EQ(0, nvmet_kdev_info(self->dev, &after));
	EXPECT_EQ(self->info.timeouts + 1, after.timeouts);
}

TEST_F(timeout, library_sees_the_timeout_cqe)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	int i;

	st_sqe(&sqe, NVMET_ADM_ASYNC_EVENT, 0);
	for (i = 0; i < MAX_QUEUED_EVENTS; i++) {
		self->need_reset = 1;
		ASSERT_EQ(0, nvmet_kdev_admin(self->dev, &sqe, NULL, 0, 0, SHORT_MS, &cqe));
		if (nvmet_cqe_is_timeout(&cqe))
			break;
	}
	EXPECT_TRUE(nvmet_cqe_is_timeout(&cqe));
}

TEST_F(timeout, cmdlog_marks_the_timed_out_command)
{
	struct nvmetest_cmdlog_entry *log = calloc(NVMETEST_CMDLOG_ENTRIES, sizeof(*log));
	const struct nvmetest_cmdlog_entry *e = NULL;
	struct nvmetest_admin_cmd cmd;
	uint64_t elapsed;
	int n, i;

	ASSERT_NE(NULL, log);
	ASSERT_EQ(0, aer_until_timeout(self, SHORT_MS, &cmd, &elapsed));
	ASSERT_EQ(NVMETEST_RESULT_TIMED_OUT, cmd.result);
	n = nvmet_kdev_cmdlog(self->dev, log, NVMETEST_CMDLOG_ENTRIES);
	ASSERT_GE(n, 1);
	for (i = n - 1; i >= 0 && !e; i--) {
		if (st_sqe_words_cid(log[i].sqe) == cmd.cid &&
		    st_sqe_words_opc(log[i].sqe) == NVMET_ADM_ASYNC_EVENT)
			e = &log[i];
	}
	ASSERT_NE(NULL, e) TH_LOG("the AER with CID %u is not in the log", cmd.cid);
	EXPECT_TRUE(!!(e->flags & NVMETEST_CMDLOG_TIMED_OUT)) TH_LOG("flags 0x%x", e->flags);
	EXPECT_FALSE(!!(e->flags & NVMETEST_CMDLOG_ABORTED));
	EXPECT_NE(0u, e->submit_ns);
	free(log);
}

TEST_F(timeout, reset_after_timeout_restores_the_controller)
{
	struct nvmetest_admin_cmd cmd;
	struct nvmetest_info after;
	uint64_t elapsed;

	ASSERT_EQ(0, aer_until_timeout(self, SHORT_MS, &cmd, &elapsed));
	ASSERT_EQ(NVMETEST_RESULT_TIMED_OUT, cmd.result);
	ASSERT_EQ(0, nvmet_kdev_reset(self->dev));
	self->need_reset = 0;
	ASSERT_EQ(0, nvmet_kdev_info(self->dev, &after));
	EXPECT_EQ(self->info.resets + 1, after.resets);
	EXPECT_TRUE(!!(after.flags & NVMETEST_INFO_READY));
	EXPECT_EQ(0, st_identify_works(self->dev));
	/* And timeouts keep working after the reset. */
	ASSERT_EQ(0, aer_until_timeout(self, SHORT_MS, &cmd, &elapsed));
	EXPECT_EQ(NVMETEST_RESULT_TIMED_OUT, cmd.result);
}

/* A command that completes in time is not marked, whatever its timeout. */
TEST_F(timeout, fast_command_is_not_timed_out)
{
	struct nvmetest_admin_cmd cmd;
	struct nvmetest_info after;
	struct nvmet_sqe sqe;
	uint8_t id[4096];

	st_sqe(&sqe, NVMET_ADM_IDENTIFY, 0);
	sqe.cdw10 = NVMET_CNS_CTRL;
	st_admin_init(&cmd, &sqe);
	cmd.flags = NVMETEST_ADMIN_DATA_FROM_DEV;
	cmd.data = (uintptr_t)id;
	cmd.data_len = sizeof(id);
	cmd.timeout_ms = 5000;
	ASSERT_EQ(0, nvmet_kdev_admin_raw(self->dev, &cmd));
	EXPECT_EQ(0u, cmd.result);
	EXPECT_EQ(0u, NVMET_CQE_STATUS(st_admin_status(&cmd)));
	EXPECT_LT(cmd.latency_ns, 5000ull * 1000000);
	ASSERT_EQ(0, nvmet_kdev_info(self->dev, &after));
	EXPECT_EQ(self->info.timeouts, after.timeouts);
}

/* timeout_ms 0 is the module's default: about admin_timeout_ms. */
TEST_F_TIMEOUT(timeout, zero_means_the_default, 60)
{
	uint32_t want = default_timeout_ms();
	struct nvmetest_admin_cmd cmd;
	uint64_t elapsed;

	if (want > 40000)
		SKIP(return, "admin_timeout_ms is %u, too long to wait for", want);
	ASSERT_EQ(0, aer_until_timeout(self, 0, &cmd, &elapsed));
	ASSERT_EQ(NVMETEST_RESULT_TIMED_OUT, cmd.result);
	EXPECT_GE(elapsed, (uint64_t)want - 10) TH_LOG("%llu ms", (unsigned long long)elapsed);
	EXPECT_LT(elapsed, (uint64_t)want + 5000) TH_LOG("%llu ms", (unsigned long long)elapsed);
}

TEST_HARNESS_MAIN
