// SPDX-License-Identifier: GPL-2.0
/*
 * lib_power_test.c - a subsystem power cycle through libnvmet, with power
 * callbacks that take the function off the bus (PCI remove) and bring it
 * back (rescan), as a host sees a real power cycle: a command in flight
 * ends with an all-ones CQE, the controller comes back initialized, the
 * queue pairs work again, and the buffers are the same objects with new,
 * zeroed memory. The slot of QEMU's root port is found, not powered: QEMU
 * 7.2 completes an unplug when a slot's power goes off.
 *
 * Destructive: needs root and NVMETEST_BDF / NVMETEST_KO (to put the
 * device back if a check fails).
 */
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "nvmetest_harness.h"
#include "st_module.h"

FIXTURE(power) {
	const char *bdf;
	const char *ko;
	char params[1024];
	struct nvmet_ctrl *ctrl;
	struct nvmet_ns *ns;
	struct nvmet_qpair *qp;
	struct nvmet_buf *buf;
};

FIXTURE_SETUP(power)
{
	ST_SETUP_CTRL(&self->ctrl, NULL);
	ST_SETUP_NEED_RELOAD(&self->bdf, &self->ko);
	st_read_params(self->params, sizeof(self->params));
	ASSERT_EQ(0, nvmet_ns_open(self->ctrl, 1, &self->ns));
	ASSERT_EQ(0, nvmet_qpair_create(self->ctrl, NULL, &self->qp));
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(self->ctrl, 8192, "data", &self->buf));
}

FIXTURE_TEARDOWN(power)
{
	nvmet_buf_free(self->buf);
	nvmet_qpair_delete(self->qp);
	nvmet_ns_close(self->ns);
	nvmet_ctrl_close(self->ctrl);
	if (self->bdf) {
		EXPECT_EQ(0, st_restore(self->bdf, self->ko, self->params));
		EXPECT_EQ(0, st_reopen_works(self->bdf));
	}
}

static int remove_function(void *arg)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), SYS_PCI_DEVICES "%s/remove", (const char *)arg);
	return st_write_file_bounded(path, "1", SYSFS_WAIT_MS);
}

static int rescan_bus(void *arg)
{
	(void)arg;
	return st_write_file_bounded(SYS_RESCAN, "1", SYSFS_WAIT_MS);
}

TEST_F_TIMEOUT(power, cycle_by_callbacks_and_carry_on, 120)
{
	struct nvmet_power_ops ops = { .off = remove_function, .on = rescan_bus,
				       .arg = (void *)self->bdf };
	struct nvmet_buf *before = self->buf;
	uint32_t nlb = 4096 / nvmet_ns_lba_size(self->ns);
	struct st_done d = { 0 };
	int ret;

	/*
	 * A read left unreaped: the power cycle ends it. QEMU 7.2 can crash
	 * when a function goes away with a read still in its block backend,
	 * so wait until the device has posted the CQE (peek, never reap).
	 */
	ASSERT_EQ(0, nvmet_ns_read(self->ns, self->qp, self->buf, 0, 0, nlb, st_count_cb, &d));
	for (int i = 0; i < 5000 && !nvmet_cq_peek(nvmet_qpair_raw_cq(self->qp)); i++)
		usleep(1000);
	ASSERT_NE(NULL, nvmet_cq_peek(nvmet_qpair_raw_cq(self->qp)));
	ret = nvmet_subsystem_power_cycle(self->ctrl, &ops, 100);
	ASSERT_EQ(0, ret) TH_LOG("%s", strerror(-ret));
	EXPECT_EQ(1, d.count);
	EXPECT_TRUE(nvmet_cqe_is_timeout(&d.last));
	EXPECT_EQ(0u, nvmet_qpair_outstanding(self->qp));

	/* Back: identified, the same buffer object with new zeroed memory. */
	EXPECT_NE(NULL, nvmet_ctrl_id_data(self->ctrl));
	ASSERT_EQ(before, self->buf);
	ASSERT_NE(NULL, self->buf->va);
	EXPECT_EQ(0, nvmet_buf_compare(self->buf, 0, self->buf, 4096, 4096) == -1 ? 0 : 1);
	ASSERT_EQ(0, nvmet_buf_fill(self->buf, 0, 4096, NVMET_PATTERN_RANDOM, 100, 77));
	d.count = 0;
	ASSERT_EQ(0, nvmet_ns_write(self->ns, self->qp, self->buf, 0, 8, nlb, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp, 1, NULL));
	EXPECT_TRUE(nvmet_cqe_ok(&d.last)) TH_LOG("write status 0x%04x", d.last.status);
	ASSERT_EQ(0, nvmet_ns_read(self->ns, self->qp, self->buf, 4096, 8, nlb, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp, 1, NULL));
	EXPECT_TRUE(nvmet_cqe_ok(&d.last)) TH_LOG("read status 0x%04x", d.last.status);
	EXPECT_EQ(-1, nvmet_buf_compare(self->buf, 0, self->buf, 4096, 4096));
}

TEST_F(power, slot_is_found)
{
	char slot[64];
	int ret = nvmet_subsystem_slot(self->ctrl, slot, sizeof(slot));

	if (ret == -ENOENT)
		SKIP(return, "the function sits in no slot with power control");
	ASSERT_EQ(0, ret);
	EXPECT_NE(0u, strlen(slot));
}

TEST_HARNESS_MAIN
