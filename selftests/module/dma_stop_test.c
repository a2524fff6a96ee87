// SPDX-License-Identifier: GPL-2.0
/*
 * dma_stop_test.c - the module frees DMA memory only once the device can no
 * longer write it: on every path (controller reset, FLR, bus reset,
 * removal) the controller reported CSTS.RDY = 0 or bus mastering is off at
 * that moment, and removal turns bus mastering off whatever the controller
 * says. The module logs the state at each such point as a dynamic debug
 * line ("DMA memory goes") that this test turns on and reads from
 * /dev/kmsg. QEMU's controller stops its DMA the instant CC.EN drops, so a
 * write into freed memory cannot be shown here; the order can.
 *
 * Also: controller resets racing an unbind never leave the controller
 * enabled after the unbind (read through sysfs resource0): removal stops it
 * under the lock resets take.
 *
 * Destructive: needs root, NVMETEST_BDF, NVMETEST_KO and debugfs.
 */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "nvmetest_harness.h"
#include "st_module.h"

#define DYNDBG		"/sys/kernel/debug/dynamic_debug/control"
#define SYS_UNBIND	"/sys/bus/pci/drivers/" MODULE "/unbind"
#define MARK		"freeing DMA memory:"
#define RACE_ROUNDS	12

FIXTURE(dmastop) {
	const char *bdf;
	const char *ko;
	char params[1024];
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	int kmsg;
};

FIXTURE_SETUP(dmastop)
{
	ST_SETUP_OPEN(&self->dev, &self->info);
	ST_SETUP_NEED_RELOAD(&self->bdf, &self->ko);
	st_read_params(self->params, sizeof(self->params));
	if (!st_exists(DYNDBG))
		ST_SETUP_SKIP("no %s (debugfs, CONFIG_DYNAMIC_DEBUG)", DYNDBG);
	ASSERT_EQ(0, st_write_file(DYNDBG, "module " MODULE " +p"));
	self->kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ASSERT_LE(0, self->kmsg);
}

FIXTURE_TEARDOWN(dmastop)
{
	if (self->dev)
		nvmet_kdev_close(self->dev);
	st_write_file(DYNDBG, "module " MODULE " -p");
	close(self->kmsg);
	EXPECT_EQ(0, st_restore(self->bdf, self->ko, self->params));
}

/* Skip what the kernel logged so far. */
static void kmsg_skip(int fd)
{
	lseek(fd, 0, SEEK_END);
}

/*
 * The module's "DMA memory goes" lines since kmsg_skip(), for path @why:
 * how many, and how many found the device still able to write (RDY 1 and
 * bus master on); with @need_master_off, bus master on counts too.
 */
static void kmsg_count(int fd, const char *why, int need_master_off, int *lines, int *unsafe)
{
	char rec[1024], want[64];
	const char *p;
	ssize_t n;

	*lines = 0;
	*unsafe = 0;
	snprintf(want, sizeof(want), "%s: " MARK, why);
	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records */
		if (n <= 0)
			break;
		rec[n] = '\0';
		p = strstr(rec, want);
		if (!p)
			continue;
		(*lines)++;
		if (strstr(p, "bus master on") && (need_master_off || strstr(p, "RDY 1")))
			(*unsafe)++;
	}
}

static void expect_stopped(struct __test_metadata *_metadata, int fd, const char *why,
			   int need_master_off)
{
	int lines, unsafe;

	kmsg_count(fd, why, need_master_off, &lines, &unsafe);
	EXPECT_LE(1, lines) TH_LOG("%s: no \"%s\" line logged", why, MARK);
	EXPECT_EQ(0, unsafe) TH_LOG("%s: memory freed while the device could still write it", why);
}

TEST_F_TIMEOUT(dmastop, every_path_stops_the_device_first, 120)
{
	struct nvmetest_pci_reset r = { .method = NVMETEST_PCI_RESET_FLR };
	int fd = nvmet_kdev_fd(self->dev);
	int ret;

	kmsg_skip(self->kmsg);
	ASSERT_EQ(0, nvmet_kdev_reset(self->dev));
	expect_stopped(_metadata, self->kmsg, "reset", 0);

	kmsg_skip(self->kmsg);
	ret = st_ioctl(fd, NVMETEST_IOC_PCI_RESET, &r);
	if (ret != -ENOTTY) {
		ASSERT_EQ(0, ret);
		expect_stopped(_metadata, self->kmsg, "reset", 0);
	}
	kmsg_skip(self->kmsg);
	r.method = NVMETEST_PCI_RESET_BUS;
	ret = st_ioctl(fd, NVMETEST_IOC_PCI_RESET, &r);
	if (ret != -ENOTTY) {
		ASSERT_EQ(0, ret);
		expect_stopped(_metadata, self->kmsg, "reset", 0);
	}

	/* Removal with the file open: bus mastering goes before the memory. */
	kmsg_skip(self->kmsg);
	ASSERT_EQ(0, st_write_file_bounded(SYS_UNBIND, self->bdf, SYSFS_WAIT_MS));
	expect_stopped(_metadata, self->kmsg, "removal", 1);
	nvmet_kdev_close(self->dev);
	self->dev = NULL;
}

/* CC of the unbound function, read through its sysfs resource0. */
static int read_cc(const char *bdf, uint32_t *cc)
{
	char path[PATH_MAX];
	void *bar;
	int fd;

	snprintf(path, sizeof(path), SYS_PCI_DEVICES "%s/resource0", bdf);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	bar = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (bar == MAP_FAILED)
		return -errno;
	*cc = *(volatile uint32_t *)((char *)bar + 0x14);
	munmap(bar, 4096);
	return 0;
}

static void expect_disabled(struct __test_metadata *_metadata, const char *bdf, int round)
{
	uint32_t cc = ~0u;

	ASSERT_EQ(0, read_cc(bdf, &cc));
	EXPECT_EQ(0u, cc & 1) TH_LOG("round %d: CC %08x: enabled after its removal", round, cc);
}

/* Resets in a loop until the device goes away. */
static void resetter(const char *path, int ready_fd)
{
	struct nvmet_kdev *dev;

	if (nvmet_kdev_open(path, &dev))
		_exit(10);
	if (write(ready_fd, "r", 1) != 1)
		_exit(11);
	while (nvmet_kdev_reset(dev) != -ENODEV)
		;
	nvmet_kdev_close(dev);
	_exit(0);
}

TEST_F_TIMEOUT(dmastop, removal_racing_resets_leaves_the_controller_disabled, 300)
{
	char path[PATH_MAX], c;
	int round, status, p[2];
	pid_t pid;

	nvmet_kdev_close(self->dev);
	self->dev = NULL;
	for (round = 0; round < RACE_ROUNDS; round++) {
		ASSERT_EQ(0, st_wait_node(self->bdf, path, sizeof(path), SETTLE_MS));
		ASSERT_EQ(0, pipe(p));
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			close(p[0]);
			resetter(path, p[1]);
		}
		close(p[1]);
		ASSERT_EQ(1, read(p[0], &c, 1));
		close(p[0]);
		/* Let a few resets go by, then unbind in the middle of one. */
		st_sleep_ms(20 + 7 * round);
		ASSERT_EQ(0, st_write_file_bounded(SYS_UNBIND, self->bdf, SYSFS_WAIT_MS));
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
			TH_LOG("round %d: resetter status 0x%x", round, status);
		expect_disabled(_metadata, self->bdf, round);
		ASSERT_EQ(0, nvmet_pci_bind(self->bdf));
	}
	EXPECT_EQ(0, st_reopen_works(self->bdf));
}

TEST_HARNESS_MAIN
