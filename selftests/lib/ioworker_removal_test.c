// SPDX-License-Identifier: GPL-2.0
/*
 * ioworker_removal_test.c - the device goes away under a running I/O
 * worker: the module revokes the queues' mappings, the worker's next poll
 * faults, and the worker ends with NVMET_IOW_ERR_DEVICE instead of taking
 * the program down; the controller handle closes cleanly afterwards.
 *
 * The worker reads at 20 IOPS, one at a time, so the removal almost never
 * meets a read inside QEMU's block backend (QEMU 7.2 can crash then); it
 * still polls its completion queue all the time.
 *
 * Destructive: needs root, NVMETEST_BDF and NVMETEST_KO (to bring the
 * function back).
 */
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "nvmetest_harness.h"
#include "st_module.h"

FIXTURE(wremoval) {
	const char *bdf;
	const char *ko;
	char params[1024];
	struct nvmet_ctrl *ctrl;
	struct nvmet_ns *ns;
};

FIXTURE_SETUP(wremoval)
{
	ST_SETUP_CTRL(&self->ctrl, NULL);
	ST_SETUP_NEED_RELOAD(&self->bdf, &self->ko);
	st_read_params(self->params, sizeof(self->params));
	ASSERT_EQ(0, nvmet_ns_open(self->ctrl, 1, &self->ns));
}

FIXTURE_TEARDOWN(wremoval)
{
	nvmet_ns_close(self->ns);
	nvmet_ctrl_close(self->ctrl);
	if (self->bdf) {
		struct nvmet_ctrl *again = NULL;

		EXPECT_EQ(0, st_restore(self->bdf, self->ko, self->params));
		EXPECT_EQ(0, st_reopen_works(self->bdf));
		/* Nothing of the old device is held: it is back under its old name. */
		EXPECT_EQ(0, nvmet_ctrl_open(st_dev_path(), NULL, &again))
			TH_LOG("%s does not open again", st_dev_path());
		nvmet_ctrl_close(again);
	}
}

TEST_F_TIMEOUT(wremoval, worker_ends_with_a_device_error, 120)
{
	struct nvmet_ioworker_params p;
	struct nvmet_ioworker_result r;
	struct nvmet_ioworker *w;
	char path[PATH_MAX];
	uint64_t t0;
	int ret;

	nvmet_ioworker_params_init(&p);
	p.lba_random = 100;
	p.qdepth = 1;
	p.iops = 20;
	p.time_ms = 60000;
	p.share_cpu = true;
	ASSERT_EQ(0, nvmet_ioworker_start(self->ns, &p, &w));
	st_sleep_ms(500);
	snprintf(path, sizeof(path), SYS_PCI_DEVICES "%s/remove", self->bdf);
	ASSERT_EQ(0, st_write_file_bounded(path, "1", SYSFS_WAIT_MS));
	t0 = st_now_ns();
	/*
	 * The program is still here and the worker ends well before its 60 s.
	 * (Its queue pair cannot be deleted any more: close may say so.)
	 */
	ret = nvmet_ioworker_close(w, &r);
	TH_LOG("close: %s", ret ? strerror(-ret) : "ok");
	EXPECT_EQ(NVMET_IOW_ERR_DEVICE, r.error);
	EXPECT_LT(st_now_ns() - t0, 10000000000ull);
	EXPECT_GT(r.reads, 0u);
	TH_LOG("worker ended %llu ms after the removal, %llu reads",
	       (unsigned long long)((st_now_ns() - t0) / 1000000), (unsigned long long)r.reads);
	nvmet_ioworker_result_free(&r);
}

TEST_HARNESS_MAIN
