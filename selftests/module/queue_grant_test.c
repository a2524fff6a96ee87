// SPDX-License-Identifier: GPL-2.0
/*
 * queue_grant_test.c - a controller reset that grants fewer I/O queues
 * than before (module parameter io_queues asks for fewer): the queues
 * above the new grant become orphans like the others, can still be
 * deleted by their file (no command is sent) and go with it when it
 * closes; none is left behind to hold its queue id once the grant grows
 * again. Queue ids above the grant cannot be created.
 *
 * Needs root for the module parameter io_queues.
 */
#include <stdio.h>

#include "nvmetest_harness.h"

#define QID		ST_QID_GRANT
#define PARAM_QUEUES	"/sys/module/nvmetest/parameters/io_queues"

FIXTURE(grant) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	char io_queues[32];
};

FIXTURE_SETUP(grant)
{
	ST_SETUP_OPEN(&self->dev, &self->info);
	ST_SETUP_NEED_QID(&self->info, QID);
	if (st_read_file(PARAM_QUEUES, self->io_queues, sizeof(self->io_queues)))
		ST_SETUP_SKIP("cannot read %s", PARAM_QUEUES);
}

FIXTURE_TEARDOWN(grant)
{
	EXPECT_EQ(0, st_write_file(PARAM_QUEUES, self->io_queues));
	EXPECT_EQ(0, nvmet_kdev_reset(self->dev));
	nvmet_kdev_close(self->dev);
}

static int queue_ioctl(struct nvmet_kdev *dev, unsigned long req, uint32_t qid)
{
	struct nvmetest_queue q = { .qid = qid, .size = 8, .cqid = qid,
				    .vector = NVMETEST_NO_VECTOR };

	return st_ioctl(nvmet_kdev_fd(dev), req, &q);
}

static void create_pair(struct __test_metadata *_metadata, struct nvmet_kdev *dev)
{
	ASSERT_EQ(0, queue_ioctl(dev, NVMETEST_IOC_CREATE_CQ, QID));
	ASSERT_EQ(0, queue_ioctl(dev, NVMETEST_IOC_CREATE_SQ, QID));
}

/* Reset with io_queues set to @n; the grant becomes @n. */
static void reset_with_queues(struct __test_metadata *_metadata, FIXTURE_DATA(grant) *self,
			      unsigned int n)
{
	char v[16];

	snprintf(v, sizeof(v), "%u", n);
	ASSERT_EQ(0, st_write_file(PARAM_QUEUES, v));
	ASSERT_EQ(0, nvmet_kdev_reset(self->dev));
	ASSERT_EQ(0, nvmet_kdev_info(self->dev, &self->info));
	if (n)
		ASSERT_EQ(n, self->info.max_qid);
}

TEST_F(grant, queues_above_a_smaller_grant_can_be_deleted)
{
	create_pair(_metadata, self->dev);
	reset_with_queues(_metadata, self, QID - 1);
	EXPECT_EQ(-EINVAL, queue_ioctl(self->dev, NVMETEST_IOC_CREATE_CQ, QID + 1));
	EXPECT_EQ(0, queue_ioctl(self->dev, NVMETEST_IOC_DELETE_SQ, QID));
	EXPECT_EQ(0, queue_ioctl(self->dev, NVMETEST_IOC_DELETE_CQ, QID));
	reset_with_queues(_metadata, self, 0);
	create_pair(_metadata, self->dev);
	EXPECT_EQ(0, queue_ioctl(self->dev, NVMETEST_IOC_DELETE_SQ, QID));
	EXPECT_EQ(0, queue_ioctl(self->dev, NVMETEST_IOC_DELETE_CQ, QID));
}

TEST_F(grant, closing_frees_queues_above_a_smaller_grant)
{
	struct nvmet_kdev *other;

	ASSERT_EQ(0, nvmet_kdev_open(st_dev_path(), &other));
	create_pair(_metadata, other);
	reset_with_queues(_metadata, self, QID - 1);
	nvmet_kdev_close(other);
	reset_with_queues(_metadata, self, 0);
	EXPECT_EQ(0, queue_ioctl(self->dev, NVMETEST_IOC_CREATE_CQ, QID))
		TH_LOG("the closed file's CQ %u is still there", QID);
	EXPECT_EQ(0, queue_ioctl(self->dev, NVMETEST_IOC_CREATE_SQ, QID));
	EXPECT_EQ(0, queue_ioctl(self->dev, NVMETEST_IOC_DELETE_SQ, QID));
	EXPECT_EQ(0, queue_ioctl(self->dev, NVMETEST_IOC_DELETE_CQ, QID));
}

TEST_HARNESS_MAIN
