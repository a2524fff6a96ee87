// SPDX-License-Identifier: GPL-2.0
/*
 * pci_reset_test.c - resets of the PCI function: NVMETEST_IOC_PCI_RESET
 * (a Function Level Reset, a hot reset of the bus) and a write to the
 * function's sysfs reset attribute, which the module hears of through the
 * PCI core. Each leaves the controller usable (Identify works, MSI-X still
 * delivers, the doorbell mapping comes back), ends an asynchronous command
 * in flight as aborted, counts a reset and turns the I/O queues into
 * orphans; bad requests are refused.
 */
#include <limits.h>

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

/* The function's reset asked of the PCI core through sysfs: the module hears of it. */
FIXTURE_VARIANT_ADD(pcireset, sysfs) {
	.method = 0,
	.name = "sysfs reset",
};

/* The function's sysfs reset attribute, as root writes it. */
static int sysfs_reset(const struct nvmetest_info *info)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%04x:%02x:%02x.%x/reset", info->domain,
		 info->bus, info->devfn >> 3, info->devfn & 7);
	if (!st_exists(path))
		return -ENOTTY;
	return st_write_file(path, "1");
}

/* The reset @how (0 for sysfs, else the ioctl's method); its result. */
static int do_reset(FIXTURE_DATA(pcireset) *self, uint32_t how)
{
	struct nvmetest_pci_reset r = { .method = how };

	if (!how)
		return sysfs_reset(&self->info);
	return st_ioctl(self->fd, NVMETEST_IOC_PCI_RESET, &r);
}

TEST_F(pcireset, controller_usable_after)
{
	uint32_t how = variant->method;
	const char *name = variant->name;
	struct nvmetest_admin_cmd aer = { 0 }, done;
	struct nvmetest_admin_reap reap = { .cmds = (uintptr_t)&done, .count = 1,
					    .timeout_ms = 2000 };
	volatile uint32_t *db = nvmet_kdev_doorbells(self->dev);
	struct nvmetest_info after;
	struct nvmet_cq_ring cq;
	uint64_t before_irq, after_irq;
	uint32_t status = 0;
	int ret;

	if (!how && geteuid())
		SKIP(return, "writing the sysfs reset attribute needs root");
	/* A controller reset drops events queued by earlier tests. */
	ASSERT_EQ(0, nvmet_kdev_reset(self->dev));
	ASSERT_EQ(0, nvmet_kdev_info(self->dev, &self->info));
	ASSERT_NE(NULL, db);
	EXPECT_EQ(0, st_probe_read(db));
	ASSERT_EQ(0, nvmet_kdev_cq_create(self->dev, QID, 8, NVMETEST_NO_VECTOR, &cq, &status));
	aer.sqe[0] = NVMET_ADM_ASYNC_EVENT;
	aer.flags = NVMETEST_ADMIN_NO_TIMEOUT;
	aer.tag = 42;
	ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_SUBMIT, &aer));

	ret = do_reset(self, how);
	if (ret == -ENOTTY) {
		nvmet_kdev_cq_delete(self->dev, &cq, NULL);
		ASSERT_EQ(0, nvmet_kdev_reset(self->dev));
		SKIP(return, "the function cannot do a %s", name);
	}
	ASSERT_EQ(0, ret) TH_LOG("%s: %s", name, strerror(-ret));

	ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_REAP, &reap));
	ASSERT_EQ(1u, reap.count);
	EXPECT_EQ(42u, done.tag);
	EXPECT_EQ((uint32_t)NVMETEST_RESULT_ABORTED, done.result);

	ASSERT_EQ(0, nvmet_kdev_info(self->dev, &after));
	EXPECT_EQ(self->info.resets + 1, after.resets);
	EXPECT_EQ((uint32_t)NVMETEST_INFO_READY, after.flags & ~NVMETEST_INFO_IOMMU);
	/* The controller forgot the CQ: deleting it sends no command. */
	EXPECT_EQ(0, nvmet_kdev_cq_delete(self->dev, &cq, &status));
	EXPECT_EQ(0u, status);
	/* The admin queue still completes by interrupt (MSI-X restored). */
	ASSERT_EQ(0, nvmet_kdev_irq_get(self->dev, 0, &before_irq, NULL));
	ASSERT_EQ(0, st_identify_works(self->dev));
	ASSERT_EQ(0, nvmet_kdev_irq_get(self->dev, 0, &after_irq, NULL));
	EXPECT_LT(before_irq, after_irq);
	/* The doorbells were unmapped across the reset and map again. */
	EXPECT_EQ(0, st_probe_read(db));
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
