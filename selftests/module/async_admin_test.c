// SPDX-License-Identifier: GPL-2.0
/*
 * async_admin_test.c - asynchronous admin passthrough: SUBMIT returns at
 * once, poll() reports finished commands, REAP returns them with their
 * tag, completion and data; a command without a timeout stays in flight
 * until a reset aborts it; one with a timeout comes back timed out; the
 * per-file limit holds; closing a file with commands in flight is safe; a
 * process that shares the file (fork, SCM_RIGHTS) and reaps another's
 * command gets its completion but none of its data.
 */
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "nvmetest_harness.h"

FIXTURE(async) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	int fd;
	uint8_t id[4096];
};

FIXTURE_SETUP(async)
{
	ST_SETUP_OPEN(&self->dev, &self->info);
	self->fd = nvmet_kdev_fd(self->dev);
}

FIXTURE_TEARDOWN(async)
{
	if (!self->dev)
		return;
	nvmet_kdev_irq_mask(self->dev, 0, 0);
	EXPECT_EQ(0, st_identify_works(self->dev));
	nvmet_kdev_close(self->dev);
}

static void identify_req(struct nvmetest_admin_cmd *cmd, void *data, uint64_t tag)
{
	st_identify_req(cmd, data);
	cmd->tag = tag;
}

static void aer_req(struct nvmetest_admin_cmd *cmd, uint32_t timeout_ms, uint64_t tag)
{
	struct nvmet_sqe sqe;

	st_sqe(&sqe, NVMET_ADM_ASYNC_EVENT, 0);
	st_admin_init(cmd, &sqe);
	cmd->timeout_ms = timeout_ms;
	if (!timeout_ms)
		cmd->flags = NVMETEST_ADMIN_NO_TIMEOUT;
	cmd->tag = tag;
}

static void features_req(struct nvmetest_admin_cmd *cmd, uint64_t tag)
{
	struct nvmet_sqe sqe;

	st_sqe(&sqe, NVMET_ADM_GET_FEATURES, 0);
	sqe.cdw10 = NVMET_FEAT_NUM_QUEUES;
	st_admin_init(cmd, &sqe);
	cmd->tag = tag;
}

/* Reap up to @max commands, waiting up to @ms; returns the count or -errno. */
static int reap(int fd, struct nvmetest_admin_cmd *out, unsigned int max, unsigned int ms,
		unsigned int *pending)
{
	struct nvmetest_admin_reap r = { .cmds = (uintptr_t)out, .count = max, .timeout_ms = ms };
	int ret = st_ioctl(fd, NVMETEST_IOC_ADMIN_REAP, &r);

	if (pending)
		*pending = r.pending;
	return ret ? ret : (int)r.count;
}

TEST_F(async, identify_completes_with_tag_data_and_poll)
{
	struct nvmetest_admin_cmd cmd, done;
	struct pollfd pfd = { .fd = self->fd, .events = POLLIN };
	char sn[21];

	memset(self->id, 0, sizeof(self->id));
	identify_req(&cmd, self->id, 0x1234abcd5678ull);
	ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_SUBMIT, &cmd));
	EXPECT_GT(63u, cmd.cid);
	ASSERT_EQ(1, poll(&pfd, 1, 5000));
	EXPECT_TRUE(!!(pfd.revents & POLLIN));
	ASSERT_EQ(1, reap(self->fd, &done, 1, 0, NULL));
	EXPECT_EQ(0x1234abcd5678ull, done.tag);
	EXPECT_EQ(0u, done.result);
	EXPECT_EQ(cmd.cid, done.cid);
	EXPECT_EQ(0u, NVMET_CQE_STATUS(st_admin_status(&done)));
	EXPECT_GT(done.latency_ns, 0u);
	st_trim(sn, self->id + NVMET_ID_CTRL_SN, 20);
	EXPECT_NE(0u, st_le16(self->id + NVMET_ID_CTRL_VID));
	EXPECT_NE(0u, strlen(sn));
	/* Nothing left: poll says so and reap returns none. */
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	EXPECT_EQ(0, reap(self->fd, &done, 1, 0, NULL));
}

TEST_F(async, many_in_flight_all_come_back_once)
{
	struct nvmetest_admin_cmd cmd, done[16];
	unsigned int seen = 0, pending = 1, i;
	uint64_t deadline = st_now_ns() + 5000000000ull;
	int n;

	for (i = 0; i < 16; i++) {
		features_req(&cmd, 100 + i);
		ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_SUBMIT, &cmd));
	}
	while ((seen != 0xffff || pending) && st_now_ns() < deadline) {
		n = reap(self->fd, done, 16, 200, &pending);
		ASSERT_LE(0, n);
		for (i = 0; i < (unsigned int)n; i++) {
			ASSERT_LE(100u, done[i].tag);
			ASSERT_GT(116u, done[i].tag);
			EXPECT_EQ(0u, seen & 1u << (done[i].tag - 100)) TH_LOG("tag twice");
			seen |= 1u << (done[i].tag - 100);
			EXPECT_EQ(0u, NVMET_CQE_STATUS(st_admin_status(&done[i])));
		}
	}
	EXPECT_EQ(0xffffu, seen);
	EXPECT_EQ(0u, pending);
}

TEST_F(async, no_timeout_stays_until_reset_aborts_it)
{
	struct nvmetest_admin_cmd cmd, done;
	unsigned int pending = 0;

	aer_req(&cmd, 0, 77);
	ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_SUBMIT, &cmd));
	/* An AER completes only on an event: it is still there after a while. */
	ASSERT_EQ(0, reap(self->fd, &done, 1, 300, &pending));
	EXPECT_EQ(1u, pending);
	ASSERT_EQ(0, nvmet_kdev_reset(self->dev));
	ASSERT_EQ(1, reap(self->fd, &done, 1, 2000, &pending));
	EXPECT_EQ(77u, done.tag);
	EXPECT_EQ((uint32_t)NVMETEST_RESULT_ABORTED, done.result);
	EXPECT_EQ(0xffffffffu, done.cqe[3]);
	EXPECT_EQ(0u, pending);
}

TEST_F(async, timeout_comes_back_timed_out)
{
	struct nvmetest_admin_cmd cmd, done;
	struct nvmetest_info before, after;
	uint64_t t0, ms;

	ASSERT_EQ(0, nvmet_kdev_info(self->dev, &before));
	aer_req(&cmd, 200, 5);
	t0 = st_now_ns();
	ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_SUBMIT, &cmd));
	ASSERT_EQ(1, reap(self->fd, &done, 1, 3000, NULL));
	ms = (st_now_ns() - t0) / 1000000;
	EXPECT_EQ(5u, done.tag);
	EXPECT_EQ((uint32_t)NVMETEST_RESULT_TIMED_OUT, done.result);
	EXPECT_EQ(0xffffffffu, done.cqe[0]);
	EXPECT_LE(190u, ms);
	EXPECT_GT(2000u, ms);
	ASSERT_EQ(0, nvmet_kdev_info(self->dev, &after));
	EXPECT_EQ(before.timeouts + 1, after.timeouts);
	/* The AER stays outstanding in the controller: a reset clears it. */
	ASSERT_EQ(0, nvmet_kdev_reset(self->dev));
}

TEST_F(async, per_file_limit_and_masked_vector)
{
	struct nvmetest_admin_cmd cmd, done[NVMETEST_ASYNC_MAX];
	unsigned int i, got = 0, pending = 1;
	uint64_t deadline = st_now_ns() + 5000000000ull;
	int n;

	/* With vector 0 masked nothing is reaped until REAP polls the CQ. */
	ASSERT_EQ(0, nvmet_kdev_irq_mask(self->dev, 0, 1));
	for (i = 0; i < NVMETEST_ASYNC_MAX; i++) {
		features_req(&cmd, i);
		ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_SUBMIT, &cmd)) TH_LOG("%u", i);
	}
	features_req(&cmd, 999);
	EXPECT_EQ(-EAGAIN, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_SUBMIT, &cmd));
	while ((got < NVMETEST_ASYNC_MAX || pending) && st_now_ns() < deadline) {
		n = reap(self->fd, done, NVMETEST_ASYNC_MAX, 200, &pending);
		ASSERT_LE(0, n);
		got += (unsigned int)n;
	}
	EXPECT_EQ((unsigned int)NVMETEST_ASYNC_MAX, got);
	ASSERT_EQ(0, nvmet_kdev_irq_mask(self->dev, 0, 0));
}

TEST_F(async, close_with_commands_in_flight)
{
	struct nvmetest_admin_cmd cmd;
	struct nvmet_kdev *other;
	int i;

	ASSERT_EQ(0, nvmet_kdev_open(st_dev_path(), &other));
	aer_req(&cmd, 0, 1);
	ASSERT_EQ(0, st_ioctl(nvmet_kdev_fd(other), NVMETEST_IOC_ADMIN_SUBMIT, &cmd));
	for (i = 0; i < 4; i++) {
		identify_req(&cmd, self->id, 10 + i);
		ASSERT_EQ(0, st_ioctl(nvmet_kdev_fd(other), NVMETEST_IOC_ADMIN_SUBMIT, &cmd));
	}
	/* Abandoned: the module keeps the memory until the controller is done. */
	nvmet_kdev_close(other);
	EXPECT_EQ(0, st_identify_works(self->dev));
	ASSERT_EQ(0, nvmet_kdev_reset(self->dev));
}

/* A finished Identify of this process's, its data due at @data (filled with 0xa5). */
static void finished_identify(struct __test_metadata *_metadata, int fd, uint8_t *data)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct nvmetest_admin_cmd cmd;

	memset(data, 0xa5, 4096);
	identify_req(&cmd, data, 7);
	ASSERT_EQ(0, st_ioctl(fd, NVMETEST_IOC_ADMIN_SUBMIT, &cmd));
	ASSERT_EQ(1, poll(&pfd, 1, 5000));
}

/*
 * In a process that is not the submitter: reap the command with its own
 * memory at the submitter's @data address filled with 0x5a. The exit
 * status says what went wrong.
 */
static int reap_elsewhere(int fd, uint8_t *data)
{
	struct nvmetest_admin_cmd done;

	memset(data, 0x5a, 4096);
	if (reap(fd, &done, 1, 2000, NULL) != 1)
		return 10;
	if (done.tag != 7)
		return 11;
	if (!st_all_bytes(data, 4096, 0x5a))
		return 14;
	if (done.result != NVMETEST_RESULT_NOT_COPIED)
		return 12;
	return st_admin_status(&done) >> 1 ? 13 : 0;
}

static void expect_reaper_ok(struct __test_metadata *_metadata, pid_t pid, const uint8_t *data)
{
	int status;

	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("10: no command, 11: wrong tag, 12: not "
						 "NOT_COPIED, 13: error status, 14: data copied "
						 "into the reaper's memory");
	/* Nor into the submitter's: the data went nowhere. */
	EXPECT_TRUE(st_all_bytes(data, 4096, 0xa5));
}

TEST_F(async, reap_in_a_forked_child_copies_nothing)
{
	pid_t pid;

	finished_identify(_metadata, self->fd, self->id);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(reap_elsewhere(self->fd, self->id));
	expect_reaper_ok(_metadata, pid, self->id);
}

/* The file passed over a socket to a process that never opened it. */
TEST_F(async, reap_in_a_process_given_the_file_copies_nothing)
{
	char ctl[CMSG_SPACE(sizeof(int))] = { 0 }, byte = 'f';
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = ctl, .msg_controllen = sizeof(ctl) };
	struct cmsghdr *cm;
	int sv[2], fd;
	pid_t pid;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(self->fd);
		close(sv[0]);
		if (recvmsg(sv[1], &msg, 0) != 1)
			_exit(20);
		cm = CMSG_FIRSTHDR(&msg);
		if (!cm || cm->cmsg_type != SCM_RIGHTS)
			_exit(21);
		memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
		_exit(reap_elsewhere(fd, self->id));
	}
	close(sv[1]);
	finished_identify(_metadata, self->fd, self->id);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &self->fd, sizeof(int));
	ASSERT_EQ(1, sendmsg(sv[0], &msg, 0));
	close(sv[0]);
	expect_reaper_ok(_metadata, pid, self->id);
}

TEST_F(async, bad_arguments)
{
	struct nvmetest_admin_reap r = { .count = 1 };
	struct nvmetest_admin_cmd cmd;

	EXPECT_EQ(-EFAULT, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_REAP, &r));
	r.rsvd[1] = 1;
	r.count = 0;
	EXPECT_EQ(-EINVAL, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_REAP, &r));
	EXPECT_EQ(-EFAULT, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_REAP, NULL));
	EXPECT_EQ(-EFAULT, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_SUBMIT, NULL));
	features_req(&cmd, 0);
	cmd.flags = 1u << 20;
	EXPECT_EQ(-EINVAL, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_SUBMIT, &cmd));
	features_req(&cmd, 0);
	cmd.rsvd[2] = 1;
	EXPECT_EQ(-EINVAL, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_SUBMIT, &cmd));
	identify_req(&cmd, NULL, 0);
	EXPECT_EQ(-EFAULT, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_SUBMIT, &cmd));
}

TEST_HARNESS_MAIN
