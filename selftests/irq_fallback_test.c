// SPDX-License-Identifier: GPL-2.0
/*
 * irq_fallback_test.c - the interrupt kinds below MSI-X. The module is
 * reloaded with irq_mode forcing INTx or MSI: with INTx the admin queue
 * still completes by interrupt (counted on vector 0) and poll-mode I/O
 * works; with MSI on a function that has no MSI capability (QEMU's nvme)
 * the probe fails and unwinds cleanly: no node, no binding, and a reload
 * with the default mode binds and works again. Each case puts the module
 * back with the parameters it found.
 *
 * Destructive: needs root, NVMETEST_BDF and NVMETEST_KO.
 */
#include <limits.h>
#include <stdio.h>

#include "nvmetest_harness.h"
#include "st_module.h"

#define IRQ_MODE_INTX	1
#define IRQ_MODE_MSI	2
#define PCI_CAP_ID_MSI	0x05
#define QID		ST_QID_FALLBACK

FIXTURE(fallback) {
	const char *bdf;
	const char *ko;
	char params[1024];
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
};

/* Unload the module and load it again with irq_mode=@mode. */
static int reload_with_mode(FIXTURE_DATA(fallback) *self, unsigned int mode)
{
	char params[sizeof(self->params) + 16];
	int ret;

	ret = st_unload_module();
	if (ret)
		return ret;
	snprintf(params, sizeof(params), "%s irq_mode=%u", self->params, mode);
	return st_load_module(self->ko, params);
}

/* Open the reloaded module's device, once its probe has run. */
static int open_again(FIXTURE_DATA(fallback) *self)
{
	char path[PATH_MAX];
	int ret;

	ret = st_wait_node(self->bdf, path, sizeof(path), SETTLE_MS);
	if (ret)
		return ret;
	ret = nvmet_kdev_open(path, &self->dev);
	if (ret)
		return ret;
	return nvmet_kdev_info(self->dev, &self->info);
}

FIXTURE_SETUP(fallback)
{
	ST_SETUP_OPEN(&self->dev, &self->info);
	ST_SETUP_NEED_RELOAD(&self->bdf, &self->ko);
	ST_SETUP_NEED_QID(&self->info, QID);
	st_read_params(self->params, sizeof(self->params));
	/* The parameter under test is set per case. */
	if (strstr(self->params, "irq_mode=") && !strstr(self->params, "irq_mode=0"))
		ST_SETUP_SKIP("the module was loaded with a non-default irq_mode: %.200s",
			      self->params);
}

FIXTURE_TEARDOWN(fallback)
{
	nvmet_kdev_close(self->dev);
	self->dev = NULL;
	if (st_exists(SYS_MODULE)) {
		EXPECT_EQ(0, st_unload_module());
	}
	EXPECT_EQ(0, st_restore(self->bdf, self->ko, self->params))
		TH_LOG("could not bring %s back", self->bdf);
	EXPECT_EQ(0, st_reopen_works(self->bdf));
}

/* One write and read back through a poll-mode queue pair with no interrupt. */
static void io_round_trip(struct __test_metadata *_metadata, struct nvmet_kdev *dev)
{
	struct nvmet_dmabuf buf = {};
	struct nvmet_kcq cq = {};
	struct nvmet_ksq sq = {};
	unsigned int lba_shift;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	uint64_t nsze;
	uint32_t nlb;

	ASSERT_EQ(0, st_ns_geometry(dev, ST_NSID, &nsze, &lba_shift));
	nlb = ST_PAGE >> lba_shift;
	ASSERT_EQ(0, nvmet_kdev_buf_alloc(dev, 2 * ST_PAGE, &buf));
	ASSERT_EQ(0, nvmet_kcq_create(dev, QID, 8, NVMETEST_NO_VECTOR, &cq, NULL));
	ASSERT_EQ(0, nvmet_ksq_create(dev, QID, 8, &cq, 0, &sq, NULL));
	st_fill(buf.va, ST_PAGE, 0xfa11bac4);
	ASSERT_EQ(0, st_rw_sqe(&sqe, NVMET_CMD_WRITE, 0, nlb, buf.iova, ST_PAGE, NULL));
	ASSERT_EQ(0, st_io_sync(&sq, &cq, &sqe, &cqe));
	EXPECT_EQ(0u, NVMET_CQE_STATUS(cqe.status));
	ASSERT_EQ(0, st_rw_sqe(&sqe, NVMET_CMD_READ, 0, nlb, buf.iova + ST_PAGE,
			       ST_PAGE, NULL));
	ASSERT_EQ(0, st_io_sync(&sq, &cq, &sqe, &cqe));
	EXPECT_EQ(0u, NVMET_CQE_STATUS(cqe.status));
	EXPECT_EQ(-1, st_check((uint8_t *)buf.va + ST_PAGE, ST_PAGE, 0xfa11bac4));
	EXPECT_EQ(0, nvmet_ksq_delete(&sq, NULL));
	EXPECT_EQ(0, nvmet_kcq_delete(&cq, NULL));
	EXPECT_EQ(0, nvmet_kdev_buf_free(dev, &buf));
}

TEST_F_TIMEOUT(fallback, intx_admin_by_interrupt_and_poll_io, 120)
{
	uint64_t before, after;
	int i;

	nvmet_kdev_close(self->dev);
	self->dev = NULL;
	ASSERT_EQ(0, reload_with_mode(self, IRQ_MODE_INTX));
	ASSERT_EQ(0, open_again(self));
	EXPECT_EQ((uint32_t)NVMETEST_IRQ_INTX, self->info.irq_kind);
	EXPECT_EQ(1u, self->info.nr_vectors);
	EXPECT_EQ((uint32_t)NVMETEST_INFO_READY, self->info.flags & ~NVMETEST_INFO_IOMMU);

	ASSERT_EQ(0, nvmet_kdev_irq_get(self->dev, 0, &before, NULL));
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, st_identify_works(self->dev));
	}
	ASSERT_EQ(0, nvmet_kdev_irq_get(self->dev, 0, &after, NULL));
	/* The line may be shared, so more is fine; fewer means polling did the work. */
	EXPECT_GE(after - before, 4u) TH_LOG("%llu INTx interrupts for 4 admin commands",
					     (unsigned long long)(after - before));
	io_round_trip(_metadata, self->dev);
}

TEST_F_TIMEOUT(fallback, msi_only, 120)
{
	char path[PATH_MAX];
	int msi = !!st_cfg_cap(self->dev, PCI_CAP_ID_MSI);

	nvmet_kdev_close(self->dev);
	self->dev = NULL;
	ASSERT_EQ(0, reload_with_mode(self, IRQ_MODE_MSI));
	if (msi) {
		ASSERT_EQ(0, open_again(self));
		EXPECT_EQ((uint32_t)NVMETEST_IRQ_MSI, self->info.irq_kind);
		EXPECT_EQ(0, st_identify_works(self->dev));
		io_round_trip(_metadata, self->dev);
		return;
	}
	/* No MSI capability: the probe must fail and leave nothing behind. */
	EXPECT_EQ(-ETIMEDOUT, st_wait_node(self->bdf, path, sizeof(path), 1000));
	EXPECT_FALSE(st_bound_to_module(self->bdf));
	EXPECT_TRUE(st_function_present(self->bdf));
	/* Unloading a module whose probe failed must work too (teardown reloads). */
	EXPECT_EQ(0, st_unload_module());
}

TEST_HARNESS_MAIN
