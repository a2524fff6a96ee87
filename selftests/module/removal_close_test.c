// SPDX-License-Identifier: GPL-2.0
/*
 * removal_close_test.c - programs that close the device the moment poll()
 * reports POLLHUP, while the removal that woke them is still ending their
 * commands: an AER kept outstanding without a timeout, a finished command
 * nobody reaped, a command masked from completing. Closing must settle
 * them all (the module may not end a command onto a file already freed),
 * the unbind must finish, and the function must bind and work again. The
 * race is won or lost in microseconds: several programs, several rounds.
 * A lost race writes into freed memory, which a kernel booted with
 * slub_debug or KASAN reports (the VM rig fails on the report).
 *
 * Destructive: needs root, NVMETEST_BDF and NVMETEST_KO.
 */
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <sys/wait.h>

#include "nvmetest_harness.h"
#include "st_module.h"

#define SYS_UNBIND	"/sys/bus/pci/drivers/" MODULE "/unbind"
#define CLOSERS		3
#define ROUNDS		20

FIXTURE(closer) {
	const char *bdf;
	const char *ko;
	char params[1024];
};

FIXTURE_SETUP(closer)
{
	struct nvmetest_info info;
	struct nvmet_kdev *dev;

	ST_SETUP_OPEN(&dev, &info);
	nvmet_kdev_close(dev);
	ST_SETUP_NEED_RELOAD(&self->bdf, &self->ko);
	ASSERT_TRUE(st_bound_to_module(self->bdf));
	st_read_params(self->params, sizeof(self->params));
}

FIXTURE_TEARDOWN(closer)
{
	EXPECT_EQ(0, st_restore(self->bdf, self->ko, self->params))
		TH_LOG("could not bring %s back", self->bdf);
}

/*
 * One program: commands of every kind in the file, "ready" on @ready_fd,
 * then close at POLLHUP. Exit 0 when it saw POLLHUP and closed.
 */
static int closer(const char *path, int ready_fd)
{
	static uint8_t id[4096];
	struct nvmetest_admin_cmd cmd;
	struct pollfd pfd = { .events = POLLIN };
	struct nvmet_sqe sqe;
	uint64_t deadline;
	int fd;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return 10;
	/* An AER, outstanding until the removal ends it. */
	st_sqe(&sqe, NVMET_ADM_ASYNC_EVENT, 0);
	st_admin_init(&cmd, &sqe);
	cmd.flags = NVMETEST_ADMIN_NO_TIMEOUT;
	if (st_ioctl(fd, NVMETEST_IOC_ADMIN_SUBMIT, &cmd))
		return 11;
	/* A finished command with bounce memory, never reaped. */
	st_identify_req(&cmd, id);
	if (st_ioctl(fd, NVMETEST_IOC_ADMIN_SUBMIT, &cmd))
		return 12;
	if (write(ready_fd, "r", 1) != 1)
		return 13;
	/*
	 * Spin rather than sleep in poll(): a closer already running sees
	 * POLLHUP within microseconds of the removal setting it, inside the
	 * window where the removal is still ending commands. POLLIN (the
	 * finished Identify) is left alone.
	 */
	pfd.fd = fd;
	deadline = st_now_ns() + 30000ull * 1000000u;
	do {
		if (poll(&pfd, 1, 0) < 0)
			return 14;
		if (pfd.revents & POLLHUP)
			return close(fd) ? 15 : 0;
	} while (st_now_ns() < deadline);
	return 16;
}

TEST_F_TIMEOUT(closer, close_on_pollhup_while_removal_ends_commands, 300)
{
	char path[PATH_MAX], c;
	pid_t pids[CLOSERS];
	int round, i, status, p[2];

	for (round = 0; round < ROUNDS; round++) {
		ASSERT_EQ(0, st_wait_node(self->bdf, path, sizeof(path), SETTLE_MS));
		ASSERT_EQ(0, pipe(p));
		for (i = 0; i < CLOSERS; i++) {
			pids[i] = fork();
			ASSERT_LE(0, pids[i]);
			if (pids[i] == 0) {
				close(p[0]);
				_exit(closer(path, p[1]));
			}
		}
		close(p[1]);
		for (i = 0; i < CLOSERS; i++)
			ASSERT_EQ(1, read(p[0], &c, 1)) TH_LOG("round %d: a closer failed early", round);
		close(p[0]);

		ASSERT_EQ(0, st_write_file_bounded(SYS_UNBIND, self->bdf, SYSFS_WAIT_MS))
			TH_LOG("round %d: unbind", round);
		for (i = 0; i < CLOSERS; i++) {
			ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
			EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
				TH_LOG("round %d closer %d: status 0x%x", round, i, status);
		}
		ASSERT_EQ(0, nvmet_pci_bind(self->bdf)) TH_LOG("round %d: bind", round);
		ASSERT_EQ(0, st_reopen_works(self->bdf)) TH_LOG("round %d", round);
	}
}

TEST_HARNESS_MAIN
