// SPDX-License-Identifier: GPL-2.0
/*
 * interrupts_test.c - interrupt vectors of I/O completion queues, counted
 * by the module: a CQ with interrupts enabled raises its vector, one
 * without does not, clearing zeroes the count, masking holds an interrupt
 * back until unmasking delivers it, and an eventfd attached to the vector
 * is signalled. Completions are still reaped by polling the queue.
 */
#include <poll.h>
#include <sys/eventfd.h>

#include "nvmetest_harness.h"

#define QID		ST_QID_IRQ	/* and QID + 1 */
#define VEC		1u
#define VEC_OTHER	2u
#define MAX_WATCHED	64u
#define REGION		(32ull << 20)
#define WAIT_MS		2000u

FIXTURE(irq) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	size_t block;
	struct nvmet_cq_ring cq;
	struct nvmet_sq_ring sq;
	struct nvmet_dmabuf buf;
	int efd;
	int attached;
	int masked;
};

FIXTURE_SETUP(irq)
{
	uint64_t nsze;
	unsigned int shift;

	self->efd = -1;
	ST_SETUP_OPEN(&self->dev, &self->info);
	ST_SETUP_NEED_QID(&self->info, QID + 1);
	if (self->info.irq_kind != NVMETEST_IRQ_MSIX && self->info.irq_kind != NVMETEST_IRQ_MSI)
		ST_SETUP_SKIP("interrupts are not MSI or MSI-X (kind %u)",
			      self->info.irq_kind);
	if (self->info.nr_vectors <= VEC_OTHER)
		ST_SETUP_SKIP("needs %u interrupt vectors, the module has %u",
			      VEC_OTHER + 1, self->info.nr_vectors);
	ASSERT_EQ(0, st_ns_geometry(self->dev, ST_NSID, &nsze, &shift));
	self->block = (size_t)1 << shift;
	if ((nsze << shift) < REGION + (1 << 20))
		ST_SETUP_SKIP("namespace 1 is smaller than %llu MiB", (REGION >> 20) + 1);
	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, 64 << 10, &self->buf));
}

FIXTURE_TEARDOWN(irq)
{
	if (self->attached) {
		EXPECT_EQ(0, nvmet_kdev_irq_eventfd(self->dev, VEC, -1));
	}
	if (self->masked) {
		EXPECT_EQ(0, nvmet_kdev_irq_mask(self->dev, self->cq.vector, 0));
	}
	if (self->efd >= 0)
		close(self->efd);
	if (self->sq.entries) {
		EXPECT_EQ(0, nvmet_kdev_sq_delete(self->dev, &self->sq, NULL));
	}
	if (self->cq.entries) {
		EXPECT_EQ(0, nvmet_kdev_cq_delete(self->dev, &self->cq, NULL));
	}
	nvmet_kdev_buf_free(self->dev, &self->buf);
	nvmet_kdev_close(self->dev);
}

/* A CQ with interrupts on @vector (NVMETEST_NO_VECTOR: none) and its SQ. */
static int create_pair(FIXTURE_DATA(irq) *self, uint16_t qid, uint32_t vector)
{
	return st_kpair_create(self->dev, qid, 16, vector, &self->cq, &self->sq, NULL);
}

/* A one-block read placed and rung, not waited for. */
static int submit_read(FIXTURE_DATA(irq) *self, uint16_t cid)
{
	struct nvmet_sqe sqe;
	int ret;

	ret = st_rw_sqe(&sqe, NVMET_CMD_READ, REGION / self->block + cid, 1,
			self->buf.iova, self->block, NULL);
	if (ret)
		return ret;
	sqe.cid = cid;
	return nvmet_sq_submit(&self->sq, &sqe);
}

/* Submit a read and poll its completion in; 0, or -ETIMEDOUT, or -EIO on an error status. */
static int read_sync(FIXTURE_DATA(irq) *self, uint16_t cid)
{
	struct nvmet_cqe cqe;
	int ret;

	ret = submit_read(self, cid);
	if (ret)
		return ret;
	if (nvmet_cq_wait(&self->cq, &cqe, 1, ST_IO_TIMEOUT_MS) != 1)
		return -ETIMEDOUT;
	nvmet_sq_update_head(&self->sq, &cqe);
	return NVMET_CQE_STATUS(cqe.status) || cqe.cid != cid ? -EIO : 0;
}

static uint64_t irq_count(struct __test_metadata *_metadata, struct nvmet_kdev *dev,
			  unsigned int vector, int *masked)
{
	uint64_t count = 0;

	EXPECT_EQ(0, nvmet_kdev_irq_get(dev, vector, &count, masked)) TH_LOG("vector %u", vector);
	return count;
}

/* Polls the count of @vector until it exceeds @than or @ms pass; returns the last count. */
static uint64_t wait_count_above(struct __test_metadata *_metadata, struct nvmet_kdev *dev,
				 unsigned int vector, uint64_t than, unsigned int ms)
{
	uint64_t deadline = st_now_ns() + (uint64_t)ms * 1000000u;
	uint64_t count;

	for (;;) {
		count = irq_count(_metadata, dev, vector, NULL);
		if (count > than || st_now_ns() > deadline)
			return count;
		st_sleep_ms(1);
	}
}

TEST_F(irq, admin_completions_count_on_vector_0)
{
	uint64_t before = irq_count(_metadata, self->dev, 0, NULL);

	ASSERT_EQ(0, st_identify_works(self->dev));
	EXPECT_GT(wait_count_above(_metadata, self->dev, 0, before, WAIT_MS), before);
}

TEST_F(irq, count_grows_on_the_cq_vector_and_clears)
{
	uint64_t count;
	int i, masked = -1;

	ASSERT_EQ(0, create_pair(self, QID, VEC));
	ASSERT_EQ(0, nvmet_kdev_irq_clear(self->dev, VEC));
	EXPECT_EQ(0u, irq_count(_metadata, self->dev, VEC, &masked));
	EXPECT_EQ(0, masked);
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, read_sync(self, (uint16_t)i));
	}
	count = wait_count_above(_metadata, self->dev, VEC, 0, WAIT_MS);
	EXPECT_GT(count, 0u) TH_LOG("no interrupt on vector %u after 4 completions", VEC);
	EXPECT_LE(count, 8u) TH_LOG("%llu interrupts for 4 completions",
				    (unsigned long long)count);

	ASSERT_EQ(0, nvmet_kdev_irq_clear(self->dev, VEC));
	EXPECT_EQ(0u, irq_count(_metadata, self->dev, VEC, NULL));
}

/* A CQ created without NVMETEST_QUEUE_IRQ raises no interrupt on any vector. */
TEST_F(irq, no_interrupt_without_ien)
{
	unsigned int v, nr = self->info.nr_vectors;
	uint64_t before[MAX_WATCHED];
	int i;

	if (nr > MAX_WATCHED)
		nr = MAX_WATCHED;
	ASSERT_EQ(0, create_pair(self, QID + 1, NVMETEST_NO_VECTOR));
	for (v = 0; v < nr; v++)
		before[v] = irq_count(_metadata, self->dev, v, NULL);
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, read_sync(self, (uint16_t)i));
	}
	st_sleep_ms(200);
	for (v = 0; v < nr; v++) {
		EXPECT_EQ(before[v], irq_count(_metadata, self->dev, v, NULL))
			TH_LOG("vector %u counted completions of a CQ without interrupts", v);
	}
}

TEST_F(irq, mask_holds_back_unmask_delivers)
{
	struct nvmet_cqe cqe;
	uint64_t before, after;
	int masked = -1, i;

	ASSERT_EQ(0, create_pair(self, QID, VEC));
	ASSERT_EQ(0, read_sync(self, 0));
	st_sleep_ms(50);

	ASSERT_EQ(0, nvmet_kdev_irq_mask(self->dev, VEC, 1));
	self->masked = 1;
	before = irq_count(_metadata, self->dev, VEC, &masked);
	EXPECT_EQ(1, masked);
	ASSERT_EQ(0, submit_read(self, 1));
	/* Seen by polling, without consuming it: the interrupt is still owed. */
	for (i = 0; i < (int)ST_IO_TIMEOUT_MS && !nvmet_cq_peek(&self->cq); i++)
		st_sleep_ms(1);
	ASSERT_NE(NULL, nvmet_cq_peek(&self->cq)) TH_LOG("the read did not complete");
	st_sleep_ms(200);
	EXPECT_EQ(before, irq_count(_metadata, self->dev, VEC, NULL))
		TH_LOG("an interrupt was counted while the vector was masked");

	ASSERT_EQ(0, nvmet_kdev_irq_mask(self->dev, VEC, 0));
	self->masked = 0;
	after = wait_count_above(_metadata, self->dev, VEC, before, WAIT_MS);
	EXPECT_GT(after, before) TH_LOG("the pending interrupt was not delivered on unmask");
	irq_count(_metadata, self->dev, VEC, &masked);
	EXPECT_EQ(0, masked);
	ASSERT_EQ(1, nvmet_cq_reap(&self->cq, &cqe, 1));
	nvmet_sq_update_head(&self->sq, &cqe);
	EXPECT_EQ(0u, NVMET_CQE_STATUS(cqe.status));
}

TEST_F(irq, eventfd_is_signalled)
{
	struct pollfd pfd;
	uint64_t value = 0;

	self->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	ASSERT_LE(0, self->efd);
	ASSERT_EQ(0, create_pair(self, QID, VEC));
	ASSERT_EQ(0, nvmet_kdev_irq_eventfd(self->dev, VEC, self->efd));
	self->attached = 1;

	ASSERT_EQ(0, read_sync(self, 0));
	pfd = (struct pollfd){ .fd = self->efd, .events = POLLIN };
	ASSERT_EQ(1, poll(&pfd, 1, WAIT_MS)) TH_LOG("eventfd not readable after a completion");
	ASSERT_EQ((ssize_t)sizeof(value), read(self->efd, &value, sizeof(value)));
	EXPECT_GE(value, 1u);

	/* Detached, it stays quiet. */
	ASSERT_EQ(0, nvmet_kdev_irq_eventfd(self->dev, VEC, -1));
	self->attached = 0;
	st_sleep_ms(50);
	(void)!read(self->efd, &value, sizeof(value));
	ASSERT_EQ(0, read_sync(self, 1));
	EXPECT_EQ(0, poll(&pfd, 1, 200)) TH_LOG("signalled after being detached");
}

/* An eventfd on one vector hears nothing of another vector's interrupts. */
TEST_F(irq, eventfd_only_hears_its_vector)
{
	struct pollfd pfd;

	self->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	ASSERT_LE(0, self->efd);
	ASSERT_EQ(0, create_pair(self, QID, VEC));
	ASSERT_EQ(0, nvmet_kdev_irq_eventfd(self->dev, VEC_OTHER, self->efd));
	ASSERT_EQ(0, read_sync(self, 0));
	pfd = (struct pollfd){ .fd = self->efd, .events = POLLIN };
	EXPECT_EQ(0, poll(&pfd, 1, 200));
	EXPECT_EQ(0, nvmet_kdev_irq_eventfd(self->dev, VEC_OTHER, -1));
}

TEST_HARNESS_MAIN
