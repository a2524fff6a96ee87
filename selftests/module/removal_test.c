// SPDX-License-Identifier: GPL-2.0
/*
 * removal_test.c - the device going away under an open file: unbinding the
 * driver, unloading the module and removing the PCI function. The open
 * file, its mappings (a DMA buffer, an I/O queue, the doorbells) and a
 * command in flight must all end cleanly: the command returns, later
 * ioctls fail with ENODEV, touching the mappings raises SIGBUS instead of
 * reaching freed memory (and fork() copies them), close works. Each case
 * puts the device back (rebind, insmod, rescan) and checks it works again.
 *
 * Destructive: needs root, NVMETEST_BDF (the function's PCI address) and
 * NVMETEST_KO (the module file, for reloading it).
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "nvmetest_harness.h"
#include "st_module.h"

#define QID		ST_QID_REMOVAL
#define SYS_UNBIND	"/sys/bus/pci/drivers/" MODULE "/unbind"
#define AER_TIMEOUT_MS	20000u

FIXTURE(removal) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	const char *bdf;
	const char *ko;
	char params[1024];	/* the module's parameters, to load it back the same */
	struct nvmet_dmabuf buf;
	struct nvmet_cq_ring cq;
	struct nvmet_sq_ring sq;
	volatile uint32_t *db;
};

FIXTURE_SETUP(removal)
{
	char bdf[32];

	ST_SETUP_OPEN(&self->dev, &self->info);
	ST_SETUP_NEED_RELOAD(&self->bdf, &self->ko);
	ST_SETUP_NEED_QID(&self->info, QID);
	snprintf(bdf, sizeof(bdf), "%04x:%02x:%02x.%x", self->info.domain, self->info.bus,
		 self->info.devfn >> 3, self->info.devfn & 7);
	ASSERT_STREQ(self->bdf, bdf) TH_LOG("NVMETEST_DEV is not the device at NVMETEST_BDF");
	ASSERT_TRUE(st_bound_to_module(self->bdf));
	st_read_params(self->params, sizeof(self->params));
}

FIXTURE_TEARDOWN(removal)
{
	if (self->dev) {
		nvmet_kdev_sq_delete(self->dev, &self->sq, NULL);
		nvmet_kdev_cq_delete(self->dev, &self->cq, NULL);
		nvmet_kdev_buf_free(self->dev, &self->buf);
		nvmet_kdev_close(self->dev);
	}
	EXPECT_EQ(0, st_restore(self->bdf, self->ko, self->params))
		TH_LOG("could not bring %s back", self->bdf);
}

/* A DMA buffer, an I/O queue pair and the doorbells, mapped and used once. */
static void map_everything(struct __test_metadata *_metadata, FIXTURE_DATA(removal) *self)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, 16 << 10, &self->buf));
	st_fill(self->buf.va, self->buf.size, 1);
	ASSERT_EQ(0, nvmet_kdev_cq_create(self->dev, QID, 16, NVMETEST_NO_VECTOR, &self->cq, NULL));
	ASSERT_EQ(0, nvmet_kdev_sq_create(self->dev, QID, 16, &self->cq, 0, &self->sq, NULL));
	self->db = nvmet_kdev_doorbells(self->dev);
	ASSERT_NE(NULL, self->db);
	st_sqe(&sqe, NVMET_CMD_FLUSH, ST_NSID);
	ASSERT_EQ(0, st_io_sync(&self->sq, &self->cq, &sqe, &cqe));
	ASSERT_EQ(0u, NVMET_CQE_STATUS(cqe.status));
}

/* After removal: ENODEV from the ioctls, SIGBUS from the mappings, then close. */
static void check_gone_and_close(struct __test_metadata *_metadata, FIXTURE_DATA(removal) *self)
{
	struct nvmetest_buf b = { .size = 4096 };
	struct nvmetest_info info;
	int fd = nvmet_kdev_fd(self->dev);
	void *va;

	EXPECT_EQ(-ENODEV, nvmet_kdev_info(self->dev, &info));
	EXPECT_EQ(-ENODEV, st_identify_works(self->dev));
	EXPECT_EQ(-ENODEV, st_ioctl(fd, NVMETEST_IOC_BUF_ALLOC, &b));
	EXPECT_EQ(-ENODEV, nvmet_kdev_reset(self->dev));
	va = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, (off_t)NVMETEST_MMAP_DOORBELLS);
	EXPECT_EQ(MAP_FAILED, va) TH_LOG("a new mapping of a removed device");
	if (va != MAP_FAILED)
		munmap(va, 4096);

	EXPECT_EQ(SIGBUS, st_probe_read(self->buf.va)) TH_LOG("DMA buffer mapping");
	EXPECT_EQ(SIGBUS, st_probe_read(self->cq.entries)) TH_LOG("CQ mapping");
	EXPECT_EQ(SIGBUS, st_probe_read(self->sq.entries)) TH_LOG("SQ mapping");
	EXPECT_EQ(SIGBUS, st_probe_read(self->db)) TH_LOG("doorbell mapping");
	/* fork() copies the dead mappings without failing or a kernel warning. */
	EXPECT_EQ(SIGBUS, st_fork_probe_read(self->buf.va)) TH_LOG("DMA buffer mapping, forked");
	EXPECT_EQ(SIGBUS, st_fork_probe_read(self->sq.entries)) TH_LOG("SQ mapping, forked");

	/* The library unmaps what it mapped whatever the ioctls say. */
	EXPECT_EQ(-ENODEV, nvmet_kdev_sq_delete(self->dev, &self->sq, NULL));
	EXPECT_EQ(-ENODEV, nvmet_kdev_cq_delete(self->dev, &self->cq, NULL));
	EXPECT_EQ(-ENODEV, nvmet_kdev_buf_free(self->dev, &self->buf));
	nvmet_kdev_close(self->dev);
	self->dev = NULL;
}

struct aer_ctx {
	struct nvmet_kdev *dev;
	int ret;
	uint32_t result;
	uint32_t cqe[4];
};

/* Keeps one AER outstanding until something other than an event ends it. */
static void *aer_thread(void *arg)
{
	struct aer_ctx *ctx = arg;
	struct nvmetest_admin_cmd cmd;
	struct nvmet_sqe sqe;
	int i;

	st_sqe(&sqe, NVMET_ADM_ASYNC_EVENT, 0);
	for (i = 0; i < 8; i++) {
		st_admin_init(&cmd, &sqe);
		cmd.timeout_ms = AER_TIMEOUT_MS;
		ctx->ret = nvmet_kdev_admin_raw(ctx->dev, &cmd);
		ctx->result = cmd.result;
		memcpy(ctx->cqe, cmd.cqe, sizeof(ctx->cqe));
		if (ctx->ret || ctx->result)
			break;
	}
	return NULL;
}

/* Whether the newest AER in the log is still outstanding, polled for up to @ms. */
static int aer_outstanding(struct nvmet_kdev *dev, unsigned int ms)
{
	struct nvmetest_cmdlog_entry log[8];
	uint64_t deadline = st_now_ns() + (uint64_t)ms * 1000000u;
	int n, i;

	do {
		n = nvmet_kdev_cmdlog(dev, log, 8);
		for (i = n - 1; i >= 0; i--) {
			if (st_sqe_words_opc(log[i].sqe) == NVMET_ADM_ASYNC_EVENT) {
				if (!log[i].flags)
					return 1;
				break;
			}
		}
		st_sleep_ms(10);
	} while (st_now_ns() < deadline);
	return 0;
}

TEST_F_TIMEOUT(removal, unbind_with_open_file_mappings_and_command, 120)
{
	struct aer_ctx ctx = { .dev = self->dev };
	struct timespec until;
	pthread_t thread;
	uint64_t t0;
	int i;

	map_everything(_metadata, self);
	ASSERT_EQ(0, pthread_create(&thread, NULL, aer_thread, &ctx));
	EXPECT_TRUE(aer_outstanding(self->dev, 2000)) TH_LOG("no AER outstanding before unbind");

	t0 = st_now_ns();
	ASSERT_EQ(0, st_write_file_bounded(SYS_UNBIND, self->bdf, SYSFS_WAIT_MS))
		TH_LOG("unbinding %s with the device open", self->bdf);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 5;
	ASSERT_EQ(0, pthread_timedjoin_np(thread, NULL, &until))
		TH_LOG("the AER was still waiting 5 s after the unbind");
	TH_LOG("unbind and AER return took %llu ms",
	       (unsigned long long)((st_now_ns() - t0) / 1000000));
	if (ctx.ret) {
		EXPECT_EQ(-ENODEV, ctx.ret);
	} else {
		EXPECT_EQ(NVMETEST_RESULT_ABORTED, ctx.result)
			TH_LOG("AER ended with result 0x%x", ctx.result);
		for (i = 0; i < 4; i++) {
			EXPECT_EQ(0xffffffffu, ctx.cqe[i]);
		}
	}
	EXPECT_FALSE(st_exists(st_dev_path())) TH_LOG("the node outlived the unbind");

	check_gone_and_close(_metadata, self);

	ASSERT_EQ(0, nvmet_pci_bind(self->bdf));
	EXPECT_EQ(0, st_reopen_works(self->bdf));
}

TEST_F_TIMEOUT(removal, rmmod_refused_while_open, 120)
{
	char path[PATH_MAX];
	uint64_t t0, ms;
	int ret;

	map_everything(_metadata, self);
	t0 = st_now_ns();
	ret = st_unload_module();
	ms = (st_now_ns() - t0) / 1000000;
	ASSERT_NE(0, ret) TH_LOG("the module unloaded while its device was open");
	EXPECT_TRUE(ret == -EBUSY || ret == -EWOULDBLOCK) TH_LOG("delete_module: %d", ret);
	EXPECT_LT(ms, 2000u) TH_LOG("delete_module took %llu ms", (unsigned long long)ms);
	EXPECT_EQ(0, st_identify_works(self->dev));
	EXPECT_EQ(0, nvmet_kdev_info(self->dev, &self->info));

	ASSERT_EQ(0, nvmet_kdev_sq_delete(self->dev, &self->sq, NULL));
	ASSERT_EQ(0, nvmet_kdev_cq_delete(self->dev, &self->cq, NULL));
	ASSERT_EQ(0, nvmet_kdev_buf_free(self->dev, &self->buf));
	nvmet_kdev_close(self->dev);
	self->dev = NULL;

	t0 = st_now_ns();
	do {
		ret = st_unload_module();
		if (ret == -EWOULDBLOCK || ret == -EBUSY)
			st_sleep_ms(50);
	} while ((ret == -EWOULDBLOCK || ret == -EBUSY) &&
		 st_now_ns() - t0 < SETTLE_MS * 1000000ull);
	ASSERT_EQ(0, ret) TH_LOG("rmmod after close: %s", strerror(-ret));
	EXPECT_FALSE(st_exists(SYS_MODULE));
	EXPECT_FALSE(st_exists(st_dev_path()));
	EXPECT_FALSE(st_bound_to_module(self->bdf));

	ASSERT_EQ(0, st_load_module(self->ko, self->params)) TH_LOG("insmod %s", self->ko);
	ASSERT_EQ(0, st_restore(self->bdf, self->ko, self->params));
	ASSERT_EQ(0, st_wait_node(self->bdf, path, sizeof(path), SETTLE_MS));
	EXPECT_EQ(0, st_reopen_works(self->bdf));
}

TEST_F_TIMEOUT(removal, pci_remove_with_open_file_then_rescan, 120)
{
	char path[PATH_MAX];

	map_everything(_metadata, self);
	snprintf(path, sizeof(path), SYS_PCI_DEVICES "%s/remove", self->bdf);
	ASSERT_EQ(0, st_write_file_bounded(path, "1", SYSFS_WAIT_MS))
		TH_LOG("removing %s with the device open", self->bdf);
	EXPECT_FALSE(st_function_present(self->bdf));
	check_gone_and_close(_metadata, self);

	ASSERT_EQ(0, st_write_file_bounded(SYS_RESCAN, "1", SYSFS_WAIT_MS));
	ASSERT_EQ(0, st_restore(self->bdf, self->ko, self->params));
	EXPECT_TRUE(st_bound_to_module(self->bdf));
	EXPECT_EQ(0, st_reopen_works(self->bdf));
}

TEST_HARNESS_MAIN
