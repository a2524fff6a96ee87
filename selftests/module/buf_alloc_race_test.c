// SPDX-License-Identifier: GPL-2.0
/*
 * buf_alloc_race_test.c - NVMETEST_IOC_BUF_ALLOC makes a buffer usable only
 * once it has handed its handle back. Handles are cyclic, so another thread
 * of the file can guess the next one; if it could pin or map the buffer
 * while BUF_ALLOC is still copying its answer out, a failing copy would
 * free a buffer in use. The copy is held up with userfaultfd (the answer's
 * page write-protected): meanwhile the guessed handle is unknown to
 * USE_BUF and mmap(); released, BUF_ALLOC returns that handle
 * and it works; made to fail (the page unmapped under it), BUF_ALLOC
 * returns EFAULT and the handle stays unknown.
 */
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "nvmetest_harness.h"

FIXTURE(bufrace) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	int fd;
	int uffd;
	void *page;
};

FIXTURE_SETUP(bufrace)
{
	struct uffdio_api api = { .api = UFFD_API };

	ST_SETUP_OPEN(&self->dev, &self->info);
	self->fd = nvmet_kdev_fd(self->dev);
	self->uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (self->uffd < 0)
		ST_SETUP_SKIP("userfaultfd: %s", strerror(errno));
	ASSERT_EQ(0, ioctl(self->uffd, UFFDIO_API, &api));
	if (!(api.features & UFFD_FEATURE_PAGEFAULT_FLAG_WP))
		ST_SETUP_SKIP("userfaultfd cannot write-protect anonymous memory here");
	self->page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->page);
}

FIXTURE_TEARDOWN(bufrace)
{
	if (self->uffd >= 0)
		close(self->uffd);
	nvmet_kdev_close(self->dev);
}

struct alloc_call {
	int fd;
	struct nvmetest_buf *req;
	int ret;
};

static void *alloc_thread(void *arg)
{
	struct alloc_call *c = arg;

	c->ret = st_ioctl(c->fd, NVMETEST_IOC_BUF_ALLOC, c->req);
	return NULL;
}

/* The handle the next allocation gets: one past a buffer just freed. */
static uint32_t next_handle(struct __test_metadata *_metadata, int fd)
{
	struct nvmetest_buf b = { .size = 4096 };

	EXPECT_EQ(0, st_ioctl(fd, NVMETEST_IOC_BUF_ALLOC, &b));
	EXPECT_EQ(0, st_ioctl(fd, NVMETEST_IOC_BUF_FREE, &b));
	return b.handle + 1;
}

/* Starts BUF_ALLOC with its answer in a write-protected page; returns once it waits. */
static void start_blocked_alloc(struct __test_metadata *_metadata, FIXTURE_DATA(bufrace) *self,
				struct alloc_call *c, pthread_t *thread)
{
	struct uffdio_register reg = {
		.range = { .start = (uintptr_t)self->page, .len = 4096 },
		.mode = UFFDIO_REGISTER_MODE_WP,
	};
	struct uffdio_writeprotect wp = { .range = reg.range, .mode = UFFDIO_WRITEPROTECT_MODE_WP };
	struct pollfd pfd = { .fd = self->uffd, .events = POLLIN };
	struct uffd_msg msg;

	c->req = self->page;
	memset(c->req, 0, sizeof(*c->req));
	c->req->size = 8192;
	c->fd = self->fd;
	ASSERT_EQ(0, ioctl(self->uffd, UFFDIO_REGISTER, &reg)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, ioctl(self->uffd, UFFDIO_WRITEPROTECT, &wp)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, pthread_create(thread, NULL, alloc_thread, c));
	ASSERT_EQ(1, poll(&pfd, 1, 10000)) TH_LOG("BUF_ALLOC never wrote its answer");
	ASSERT_EQ((ssize_t)sizeof(msg), read(self->uffd, &msg, sizeof(msg)));
	ASSERT_EQ(UFFD_EVENT_PAGEFAULT, msg.event);
	ASSERT_NE(0u, msg.arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_WP);
}

/* Every way to reach a buffer by handle: 0 when none works, else the first that did. */
static int handle_usable(int fd, uint32_t handle)
{
	struct nvmetest_admin_cmd cmd;
	uint8_t id[4096];
	void *va;
	int ret;

	st_identify_req(&cmd, id);
	cmd.flags = NVMETEST_ADMIN_USE_BUF | NVMETEST_ADMIN_DATA_FROM_DEV;
	cmd.data = 0;
	cmd.buf_handle = handle;
	ret = st_ioctl(fd, NVMETEST_IOC_ADMIN_CMD, &cmd);
	if (ret != -ENOENT)
		return 1;
	va = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, (off_t)handle << 22 /* the handle's 4 MiB window */);
	if (va != MAP_FAILED) {
		munmap(va, 4096);
		return 2;
	}
	return 0;
}

TEST_F(bufrace, handle_unknown_until_returned)
{
	struct alloc_call c;
	pthread_t thread;
	uint32_t guess;
	struct uffdio_writeprotect wp = {
		.range = { .start = (uintptr_t)self->page, .len = 4096 },
	};

	guess = next_handle(_metadata, self->fd);
	start_blocked_alloc(_metadata, self, &c, &thread);
	EXPECT_EQ(0, handle_usable(self->fd, guess))
		TH_LOG("handle %u usable before BUF_ALLOC returned it", guess);
	/* Let the copy finish. */
	ASSERT_EQ(0, ioctl(self->uffd, UFFDIO_WRITEPROTECT, &wp));
	ASSERT_EQ(0, pthread_join(thread, NULL));
	ASSERT_EQ(0, c.ret);
	EXPECT_EQ(guess, c.req->handle) TH_LOG("another program allocated meanwhile?");
	EXPECT_EQ(1, handle_usable(self->fd, c.req->handle));
	EXPECT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_BUF_FREE, c.req));
}

TEST_F(bufrace, failed_copy_leaves_nothing)
{
	struct uffdio_range range = { .start = (uintptr_t)self->page, .len = 4096 };
	struct alloc_call c;
	pthread_t thread;
	uint32_t guess;

	guess = next_handle(_metadata, self->fd);
	start_blocked_alloc(_metadata, self, &c, &thread);
	EXPECT_EQ(0, handle_usable(self->fd, guess));
	/* The answer's page goes away under the waiting copy: EFAULT. */
	ASSERT_EQ(0, munmap(self->page, 4096));
	ASSERT_EQ(0, ioctl(self->uffd, UFFDIO_WAKE, &range));
	ASSERT_EQ(0, pthread_join(thread, NULL));
	EXPECT_EQ(-EFAULT, c.ret);
	EXPECT_EQ(0, handle_usable(self->fd, guess)) TH_LOG("the failed buffer outlived its EFAULT");
	self->page = mmap(self->page, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ASSERT_NE(MAP_FAILED, self->page);
}

TEST_HARNESS_MAIN
