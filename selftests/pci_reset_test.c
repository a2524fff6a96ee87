// SPDX-License-Identifier: GPL-2.0
/*
 * pci_reset_test.c - NVMETEST_IOC_PCI_RESET: a Function Level Reset and a
 * hot reset of the bus each leave the controller usable (Identify works,
 * MSI-X still delivers), end an asynchronous command in flight as aborted,
 * and turn the I/O queues into orphans; bad requests are refused.
 */
#include "nvmetest_harness.h"

#define QID	ST_QID_PCI_RESET

FIXTURE(pcireset) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	int fd;
};

FIXTURE_SETUP(pcireset)
{
	ST_SETUP_OPEN(&self->dev, &self->info);
	ST_SETUP_NEED_QID(&self->info, QID);
	self->fd = nvmet_kdev_fd(self->dev);
}

FIXTURE_TEARDOWN(pcireset)
{
	if (!self->dev)
		return;
	EXPECT_EQ(0, st_identify_works(self->dev));
	nvmet_kdev_close(self->dev);
}

FIXTURE_VARIANT(pcireset) {
	uint32_t method;
	const char *name;
};

FIXTURE_VARIANT_ADD(pcireset, flr) {
	.method = NVMETEST_PCI_RESET_FLR,
	.name = "FLR",
};

FIXTURE_VARIANT_ADD(pcireset, bus) {
	.method = NVMETEST_PCI_RESET_BUS,
	.name = "bus reset",
};

TEST_F(pcireset, controller_usable_after)
{
	struct nvmetest_pci_reset r = { .method = variant->method };
	struct nvmetest_admin_cmd aer = { 0 }, done;
	struct nvmetest_admin_reap reap = { .cmds = (uintptr_t)&done, .count = 1,
					    .timeout_ms = 2000 };
	struct nvmetest_info after;
	struct nvmet_kcq cq;
	uint64_t before_irq, after_irq;
	uint32_t status = 0;
	int ret;

	/* A controller reset drops events queued by earlier tests. */
	ASSERT_EQ(0, nvmet_kdev_reset(self->dev));
	ASSERT_EQ(0, nvmet_kdev_info(self->dev, &self->info));
	ASSERT_EQ(0, nvmet_kcq_create(self->dev, QID, 8, NVMETEST_NO_VECTOR, &cq, &status));
	aer.sqe[0] = NVMET_ADM_ASYNC_EVENT;
	aer.flags = NVMETEST_ADMIN_NO_TIMEOUT;
	aer.tag = 42;
	ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_SUBMIT, &aer));

	ret = st_ioctl(self->fd, NVMETEST_IOC_PCI_RESET, &r);
	if (ret == -ENOTTY) {
		nvmet_kcq_delete(&cq, NULL);
		ASSERT_EQ(0, nvmet_kdev_reset(self->dev));
		SKIP(return, "the function cannot do a %s", variant->name);
	}
	ASSERT_EQ(0, ret) TH_LOG("%s: %s", variant->name, strerror(-ret));

	ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_REAP, &reap));
	ASSERT_EQ(1u, reap.count);
	EXPECT_EQ(42u, done.tag);
	EXPECT_EQ((uint32_t)NVMETEST_RESULT_ABORTED, done.result);

	ASSERT_EQ(0, nvmet_kdev_info(self->dev, &after));
	EXPECT_EQ(self->info.resets + 1, after.resets);
	EXPECT_EQ((uint32_t)NVMETEST_INFO_READY, after.flags & ~NVMETEST_INFO_IOMMU);
	/* The controller forgot the CQ: deleting it sends no command. */
	EXPECT_EQ(0, nvmet_kcq_delete(&cq, &status));
	EXPECT_EQ(0u, status);
	/* The admin queue still completes by interrupt (MSI-X restored). */
	ASSERT_EQ(0, nvmet_kdev_irq_get(self->dev, 0, &before_irq, NULL));
	ASSERT_EQ(0, st_identify_works(self->dev));
	ASSERT_EQ(0, nvmet_kdev_irq_get(self->dev, 0, &after_irq, NULL));
	EXPECT_LT(before_irq, after_irq);
}

TEST_F(pcireset, bad_requests)
{
	struct nvmetest_pci_reset r = { .method = 0 };

	EXPECT_EQ(-EINVAL, st_ioctl(self->fd, NVMETEST_IOC_PCI_RESET, &r));
	r.method = 3;
	EXPECT_EQ(-EINVAL, st_ioctl(self->fd, NVMETEST_IOC_PCI_RESET, &r));
	r.method = variant->method;
	r.rsvd[2] = 1;
	EXPECT_EQ(-EINVAL, st_ioctl(self->fd, NVMETEST_IOC_PCI_RESET, &r));
	EXPECT_EQ(-EFAULT, st_ioctl(self->fd, NVMETEST_IOC_PCI_RESET, NULL));
}

TEST_HARNESS_MAIN
