// SPDX-License-Identifier: GPL-2.0
/*
 * admin_slots_test.c - the admin queue's 63 command slots, all held by
 * commands given 1 ms timeouts whose completions wait unseen (vector 0
 * masked, nobody reaping). A synchronous submitter then waits for a slot:
 * when the late completions arrive it reclaims their slots and its command
 * runs. A submitter that holds ctrl->lock (a queue creation) waits no
 * longer than its own timeout, so a controller reset gets in and frees
 * them all. A file closing meanwhile cannot delete its queues (no slot):
 * they belong to nobody then, and the next reset frees them.
 *
 * Needs root for the module parameter admin_timeout_ms.
 */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>

#include "nvmetest_harness.h"

#define SLOTS		63
#define PARAM_TIMEOUT	"/sys/module/nvmetest/parameters/admin_timeout_ms"
#define WAIT_MS		20000u

FIXTURE(slots) {
	struct nvmet_kdev *dev;
	struct nvmet_kdev *other;
	struct nvmetest_info info;
	char timeout[32];
	int masked;
};

FIXTURE_SETUP(slots)
{
	ST_SETUP_OPEN(&self->dev, &self->info);
	ST_SETUP_NEED_QID(&self->info, ST_QID_SLOTS);
	if (st_read_file(PARAM_TIMEOUT, self->timeout, sizeof(self->timeout)))
		ST_SETUP_SKIP("cannot read %s", PARAM_TIMEOUT);
	ASSERT_EQ(0, nvmet_kdev_open(st_dev_path(), &self->other));
	/* Nothing of earlier programs in the slots. */
	ASSERT_EQ(0, nvmet_kdev_reset(self->dev));
}

FIXTURE_TEARDOWN(slots)
{
	if (self->masked)
		nvmet_kdev_irq_mask(self->dev, 0, 0);
	EXPECT_EQ(0, st_write_file(PARAM_TIMEOUT, self->timeout));
	nvmet_kdev_close(self->other);
	EXPECT_EQ(0, nvmet_kdev_reset(self->dev));
	EXPECT_EQ(0, st_identify_works(self->dev));
	nvmet_kdev_close(self->dev);
}

/*
 * Every slot held by a Get Features with a 1 ms timeout, completed by the
 * controller but not seen: vector 0 masked and nobody reaping. Returns
 * once the module timed them all out (the command log says so).
 */
static void fill_slots(struct __test_metadata *_metadata, FIXTURE_DATA(slots) *self)
{
	struct nvmetest_cmdlog_entry log[SLOTS];
	struct nvmetest_admin_cmd cmd;
	struct nvmet_sqe sqe;
	uint64_t deadline;
	int i, n, timed_out;

	ASSERT_EQ(0, nvmet_kdev_irq_mask(self->dev, 0, 1));
	self->masked = 1;
	st_sqe(&sqe, NVMET_ADM_GET_FEATURES, 0);
	sqe.cdw10 = NVMET_FEAT_NUM_QUEUES;
	for (i = 0; i < SLOTS; i++) {
		struct nvmet_kdev *d = i < NVMETEST_ASYNC_MAX ? self->dev : self->other;

		st_admin_init(&cmd, &sqe);
		cmd.timeout_ms = 1;
		ASSERT_EQ(0, st_ioctl(nvmet_kdev_fd(d), NVMETEST_IOC_ADMIN_SUBMIT, &cmd))
			TH_LOG("command %d", i);
	}
	st_admin_init(&cmd, &sqe);
	EXPECT_EQ(-EAGAIN, st_ioctl(nvmet_kdev_fd(self->other), NVMETEST_IOC_ADMIN_SUBMIT, &cmd))
		TH_LOG("a 64th slot");
	deadline = st_now_ns() + (uint64_t)WAIT_MS * 1000000u;
	do {
		n = nvmet_kdev_cmdlog(self->dev, log, SLOTS);
		ASSERT_EQ(SLOTS, n);
		for (i = 0, timed_out = 0; i < n; i++)
			timed_out += !!(log[i].flags & NVMETEST_CMDLOG_TIMED_OUT);
		if (timed_out == SLOTS)
			break;
		st_sleep_ms(10);
	} while (st_now_ns() < deadline);
	ASSERT_EQ(SLOTS, timed_out);
	/* Only now: the completions are there but unseen. */
	for (i = 0; i < n; i++)
		ASSERT_EQ(0u, log[i].flags & NVMETEST_CMDLOG_DONE);
}

/* Whether process @pid sleeps inside ioctl(2) (x86-64 system call 16). */
static int in_ioctl(pid_t pid)
{
	char path[64], buf[64];

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	return !st_read_file(path, buf, sizeof(buf)) && !strncmp(buf, "16 ", 3);
}

static void wait_in_ioctl(struct __test_metadata *_metadata, pid_t pid)
{
	uint64_t deadline = st_now_ns() + (uint64_t)WAIT_MS * 1000000u;

	while (!in_ioctl(pid) && st_now_ns() < deadline)
		st_sleep_ms(5);
	ASSERT_TRUE(in_ioctl(pid));
}

/*
 * The exit status of @pid within WAIT_MS, 128 when a signal ended it, or
 * -1: it is then killed, after @blocker (0 for none), which may hold the
 * lock @pid sleeps on uninterruptibly.
 */
static int exit_within(pid_t pid, pid_t blocker)
{
	uint64_t deadline = st_now_ns() + (uint64_t)WAIT_MS * 1000000u;
	int status;

	do {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
		st_sleep_ms(10);
	} while (st_now_ns() < deadline);
	if (blocker)
		kill(blocker, SIGKILL);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

TEST_F_TIMEOUT(slots, waiter_reclaims_slots_that_complete_late, 120)
{
	uint8_t id[4096];
	uint16_t status;
	pid_t pid;

	fill_slots(_metadata, self);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(st_identify(self->dev, NVMET_CNS_CTRL, 0, id, &status) || status >> 1);
	wait_in_ioctl(_metadata, pid);
	/* The late completions arrive: their slots can be reclaimed. */
	ASSERT_EQ(0, nvmet_kdev_irq_mask(self->dev, 0, 0));
	self->masked = 0;
	EXPECT_EQ(0, exit_within(pid, 0)) TH_LOG("-1: still waiting for a slot, 1: Identify failed");
}

TEST_F_TIMEOUT(slots, reset_gets_in_past_a_lock_holder_waiting_for_a_slot, 120)
{
	struct nvmetest_queue q = { .qid = ST_QID_SLOTS, .size = 8, .vector = NVMETEST_NO_VECTOR };
	pid_t creator, resetter;
	int ret;

	ASSERT_EQ(0, st_write_file(PARAM_TIMEOUT, "1000"));
	fill_slots(_metadata, self);
	creator = fork();
	ASSERT_LE(0, creator);
	if (creator == 0) {
		ret = st_ioctl(nvmet_kdev_fd(self->dev), NVMETEST_IOC_CREATE_CQ, &q);
		_exit(ret == -EBUSY ? 0 : 1);
	}
	wait_in_ioctl(_metadata, creator);
	resetter = fork();
	ASSERT_LE(0, resetter);
	if (resetter == 0)
		_exit(nvmet_kdev_reset(self->dev) ? 1 : 0);
	/* The creator gives up after its 1 s; the reset then frees every slot. */
	EXPECT_EQ(0, exit_within(resetter, creator)) TH_LOG("-1: the reset stayed locked out");
	EXPECT_EQ(0, exit_within(creator, 0)) TH_LOG("1: the creation did not end with EBUSY");
	ASSERT_EQ(0, nvmet_kdev_irq_mask(self->dev, 0, 0));
	self->masked = 0;
	EXPECT_EQ(0, st_identify_works(self->dev));
}

static int queue_ioctl(struct nvmet_kdev *dev, unsigned long req)
{
	struct nvmetest_queue q = { .qid = ST_QID_SLOTS, .size = 8, .cqid = ST_QID_SLOTS,
				    .vector = NVMETEST_NO_VECTOR };

	return st_ioctl(nvmet_kdev_fd(dev), req, &q);
}

TEST_F_TIMEOUT(slots, queues_a_closing_file_cannot_delete_go_at_the_next_reset, 120)
{
	struct nvmet_kdev *closer;

	ASSERT_EQ(0, nvmet_kdev_open(st_dev_path(), &closer));
	ASSERT_EQ(0, queue_ioctl(closer, NVMETEST_IOC_CREATE_CQ));
	ASSERT_EQ(0, queue_ioctl(closer, NVMETEST_IOC_CREATE_SQ));
	fill_slots(_metadata, self);
	/* Its Delete SQ and Delete CQ find no slot (2 s each): not sent. */
	nvmet_kdev_close(closer);
	ASSERT_EQ(0, nvmet_kdev_irq_mask(self->dev, 0, 0));
	self->masked = 0;
	ASSERT_EQ(0, nvmet_kdev_reset(self->dev));
	EXPECT_EQ(0, queue_ioctl(self->dev, NVMETEST_IOC_CREATE_CQ))
		TH_LOG("CQ %u of the closed file is still there", ST_QID_SLOTS);
	EXPECT_EQ(0, queue_ioctl(self->dev, NVMETEST_IOC_CREATE_SQ))
		TH_LOG("SQ %u of the closed file is still there", ST_QID_SLOTS);
	EXPECT_EQ(0, queue_ioctl(self->dev, NVMETEST_IOC_DELETE_SQ));
	EXPECT_EQ(0, queue_ioctl(self->dev, NVMETEST_IOC_DELETE_CQ));
}

TEST_HARNESS_MAIN
