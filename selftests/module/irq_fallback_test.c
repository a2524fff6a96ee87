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
 * INTx is a level interrupt on a line other devices may share: a CQ with
 * interrupts left unconsumed raises it once, not for ever, and interrupts
 * come again once it is consumed; with a second NVMe function on the same
 * line (tools/vm/nvmet-vm --second-nvme) neither counts the other's
 * interrupts and neither silences the other.
 *
 * Destructive: needs root, NVMETEST_BDF and NVMETEST_KO.
 */
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <sys/eventfd.h>

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

#define PCI_STATUS		0x06
#define PCI_STATUS_INTERRUPT	0x08

/*
 * Whether the function asserts INTx with nothing to complete: QEMU 7.2
 * leaves it so for the rest of the boot after a controller reset dropped
 * completions nobody had consumed (admin_slots_test does that on purpose),
 * and then no INTx interrupt can be told from another. The module copes
 * (INTx stays masked at the function, the admin queue is reaped every
 * jiffy), but interrupts cannot be counted: make check runs this test
 * again in a boot of its own.
 */
static int intx_stuck(struct nvmet_kdev *dev)
{
	uint32_t status = 0;
	int i;

	for (i = 0; i < 3; i++) {
		if (nvmet_kdev_cfg_read(dev, PCI_STATUS, 2, &status) ||
		    !(status & PCI_STATUS_INTERRUPT))
			return 0;
		st_sleep_ms(50);
	}
	return 1;
}

#define SKIP_IF_INTX_STUCK(dev) do { \
	if (intx_stuck(dev)) \
		SKIP(return, "the function asserts INTx with nothing pending (QEMU after a reset " \
		     "dropped unconsumed completions): interrupts cannot be counted in this boot"); \
} while (0)

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
	struct nvmet_cq_ring cq = {};
	struct nvmet_sq_ring sq = {};
	unsigned int lba_shift;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	uint64_t nsze;
	uint32_t nlb;

	ASSERT_EQ(0, st_ns_geometry(dev, ST_NSID, &nsze, &lba_shift));
	nlb = ST_PAGE >> lba_shift;
	ASSERT_EQ(0, nvmet_kdev_buf_alloc(dev, 2 * ST_PAGE, &buf));
	ASSERT_EQ(0, nvmet_kdev_cq_create(dev, QID, 8, NVMETEST_NO_VECTOR, &cq, NULL));
	ASSERT_EQ(0, nvmet_kdev_sq_create(dev, QID, 8, &cq, 0, &sq, NULL));
	st_fill(buf.va, ST_PAGE, 0xfa11bac4);
	ASSERT_EQ(0, st_rw_sqe(&sqe, NVMET_CMD_WRITE, 0, nlb, buf.iova, ST_PAGE, NULL));
	ASSERT_EQ(0, st_io_sync(&sq, &cq, &sqe, &cqe));
	EXPECT_EQ(0u, NVMET_CQE_STATUS(cqe.status));
	ASSERT_EQ(0, st_rw_sqe(&sqe, NVMET_CMD_READ, 0, nlb, buf.iova + ST_PAGE,
			       ST_PAGE, NULL));
	ASSERT_EQ(0, st_io_sync(&sq, &cq, &sqe, &cqe));
	EXPECT_EQ(0u, NVMET_CQE_STATUS(cqe.status));
	EXPECT_EQ(-1, st_check((uint8_t *)buf.va + ST_PAGE, ST_PAGE, 0xfa11bac4));
	EXPECT_EQ(0, nvmet_kdev_sq_delete(dev, &sq, NULL));
	EXPECT_EQ(0, nvmet_kdev_cq_delete(dev, &cq, NULL));
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
	SKIP_IF_INTX_STUCK(self->dev);
	EXPECT_EQ(1u, self->info.nr_vectors);
	EXPECT_EQ((uint32_t)NVMETEST_INFO_READY, self->info.flags & ~NVMETEST_INFO_IOMMU);

	ASSERT_EQ(0, nvmet_kdev_irq_get(self->dev, 0, &before, NULL));
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, st_identify_works(self->dev));
	}
	ASSERT_EQ(0, nvmet_kdev_irq_get(self->dev, 0, &after, NULL));
	/*
	 * At least one by interrupt. Not all four need be: on a slow machine
	 * the waiter's own polling may reap a completion before its interrupt
	 * is handled, and the function no longer asserts INTx by then, so the
	 * handler rightly does not count it.
	 */
	EXPECT_LE(1u, after - before) TH_LOG("no INTx interrupt for 4 admin commands");
	io_round_trip(_metadata, self->dev);
}

/* The interrupt count of vector 0 once it has grown past @from, within 5 s. */
static uint64_t count_past(struct nvmet_kdev *dev, uint64_t from)
{
	uint64_t deadline = st_now_ns() + 5000000000ull, n = from;

	while (n <= from && st_now_ns() < deadline) {
		if (nvmet_kdev_irq_get(dev, 0, &n, NULL))
			return from;
		st_sleep_ms(1);
	}
	return n;
}

static uint64_t irq_count(struct nvmet_kdev *dev)
{
	uint64_t n = 0;

	nvmet_kdev_irq_get(dev, 0, &n, NULL);
	return n;
}

/*
 * A Flush on a queue pair whose CQ interrupts on vector 0, its completion
 * left unconsumed: the function keeps INTx asserted. The interrupt comes
 * once; it must not come again until the CQ is consumed.
 */
static void unconsumed_cq(struct __test_metadata *_metadata, struct nvmet_kdev *dev,
			  struct nvmet_cq_ring *cq, struct nvmet_sq_ring *sq)
{
	struct nvmet_sqe sqe;
	uint64_t first, later;

	ASSERT_EQ(0, nvmet_kdev_cq_create(dev, QID, 8, 0, cq, NULL));
	ASSERT_EQ(0, nvmet_kdev_sq_create(dev, QID, 8, cq, 0, sq, NULL));
	st_sqe(&sqe, NVMET_CMD_FLUSH, ST_NSID);
	first = irq_count(dev);
	ASSERT_EQ(0, nvmet_sq_submit(sq, &sqe));
	first = count_past(dev, first);
	st_sleep_ms(100);
	first = irq_count(dev);
	st_sleep_ms(300);
	later = irq_count(dev);
	EXPECT_EQ(first, later) TH_LOG("%llu more interrupts with the CQ left unconsumed",
				       (unsigned long long)(later - first));
}

/*
 * Consume the completion: the function stops asserting INTx, the module
 * unmasks it (within a jiffy) and the admin queue's interrupts come again.
 */
static void consume_and_delete(struct __test_metadata *_metadata, struct nvmet_kdev *dev,
			       struct nvmet_cq_ring *cq, struct nvmet_sq_ring *sq)
{
	struct nvmet_cqe cqe = { 0 };
	uint64_t before;
	int i;

	EXPECT_EQ(1, nvmet_cq_reap(cq, &cqe, 1));
	nvmet_sq_update_head(sq, &cqe);
	EXPECT_EQ(0, nvmet_kdev_sq_delete(dev, sq, NULL));
	EXPECT_EQ(0, nvmet_kdev_cq_delete(dev, cq, NULL));
	before = irq_count(dev);
	for (i = 0; i < 100 && irq_count(dev) == before; i++)
		ASSERT_EQ(0, st_identify_works(dev));
	EXPECT_LT(before, irq_count(dev)) TH_LOG("no interrupt for 100 admin commands");
}

TEST_F_TIMEOUT(fallback, intx_cq_left_unconsumed_raises_it_once, 120)
{
	struct pollfd pfd = { .events = POLLIN };
	struct nvmet_cq_ring cq = {};
	struct nvmet_sq_ring sq = {};

	nvmet_kdev_close(self->dev);
	self->dev = NULL;
	ASSERT_EQ(0, reload_with_mode(self, IRQ_MODE_INTX));
	ASSERT_EQ(0, open_again(self));
	ASSERT_EQ((uint32_t)NVMETEST_IRQ_INTX, self->info.irq_kind);
	SKIP_IF_INTX_STUCK(self->dev);
	unconsumed_cq(_metadata, self->dev, &cq, &sq);
	/*
	 * An eventfd attached now, after the one interrupt: a program waiting
	 * on it for that completion is woken all the same.
	 */
	pfd.fd = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, pfd.fd);
	ASSERT_EQ(0, nvmet_kdev_irq_eventfd(self->dev, 0, pfd.fd));
	EXPECT_EQ(1, poll(&pfd, 1, 5000)) TH_LOG("the eventfd stayed quiet");
	ASSERT_EQ(0, nvmet_kdev_irq_eventfd(self->dev, 0, -1));
	close(pfd.fd);
	consume_and_delete(_metadata, self->dev, &cq, &sq);
}

/* Another NVMe function in the slot of @bdf (a multifunction device), or -ENOENT. */
static int find_peer(const char *bdf, char *peer, size_t len)
{
	char path[PATH_MAX], class[32];
	int fn;

	for (fn = 0; fn < 8; fn++) {
		snprintf(peer, len, "%.*s%d", (int)strlen(bdf) - 1, bdf, fn);
		if (!strcmp(peer, bdf))
			continue;
		snprintf(path, sizeof(path), SYS_PCI_DEVICES "%s/class", peer);
		if (!st_read_file(path, class, sizeof(class)) && !strcmp(class, "0x010802"))
			return 0;
	}
	return -ENOENT;
}

/* The Linux IRQ number of @bdf, or -1. */
static long pci_irq(const char *bdf)
{
	char path[PATH_MAX];
	unsigned long irq;

	snprintf(path, sizeof(path), SYS_PCI_DEVICES "%s/irq", bdf);
	return st_read_ulong(path, &irq) ? -1 : (long)irq;
}

TEST_F_TIMEOUT(fallback, intx_shared_line_with_another_function, 120)
{
	char peer[32], path[PATH_MAX];
	struct nvmet_kdev *other = NULL;
	struct nvmet_cq_ring cq = {};
	struct nvmet_sq_ring sq = {};
	uint64_t mine;
	int i;

	if (find_peer(self->bdf, peer, sizeof(peer)))
		SKIP(return, "no second NVMe function beside %s (nvmet-vm --second-nvme)", self->bdf);
	nvmet_kdev_close(self->dev);
	self->dev = NULL;
	ASSERT_EQ(0, nvmet_pci_bind(peer));
	ASSERT_EQ(0, reload_with_mode(self, IRQ_MODE_INTX));
	ASSERT_EQ(0, open_again(self));
	ASSERT_EQ(0, st_wait_node(peer, path, sizeof(path), SETTLE_MS));
	ASSERT_EQ(0, nvmet_kdev_open(path, &other));
	if (pci_irq(self->bdf) != pci_irq(peer) || intx_stuck(self->dev)) {
		nvmet_kdev_close(other);
		nvmet_pci_unbind(peer);
		SKIP_IF_INTX_STUCK(self->dev);
		SKIP(return, "%s and %s are on IRQs %ld and %ld", self->bdf, peer,
		     pci_irq(self->bdf), pci_irq(peer));
	}
	ASSERT_EQ(0, nvmet_kdev_irq_clear(self->dev, 0));
	ASSERT_EQ(0, nvmet_kdev_irq_clear(other, 0));
	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, st_identify_works(self->dev));
	EXPECT_LE(1u, irq_count(self->dev));
	EXPECT_EQ(0u, irq_count(other)) TH_LOG("the other function counted this one's interrupts");

	/* One function's level interrupt left asserted silences neither. */
	unconsumed_cq(_metadata, self->dev, &cq, &sq);
	mine = irq_count(self->dev);
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, st_identify_works(other));
	EXPECT_LE(1u, irq_count(other)) TH_LOG("the other function's interrupts did not come");
	EXPECT_EQ(mine, irq_count(self->dev));
	consume_and_delete(_metadata, self->dev, &cq, &sq);
	nvmet_kdev_close(other);
	EXPECT_EQ(0, nvmet_pci_unbind(peer));
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
