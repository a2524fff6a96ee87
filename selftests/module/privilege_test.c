// SPDX-License-Identifier: GPL-2.0
/*
 * privilege_test.c - who may open the device, and what the module says
 * about the DMA a file can cause. The file is as strong as /dev/mem
 * (queues and RAW_DPTR reach any bus address), so opening it needs
 * CAP_SYS_RAWIO even as root, and is refused under kernel lockdown.
 * nvmetest_info says whether an IOMMU translates the device's DMA, as the
 * function's IOMMU group does in sysfs; without one, opening taints the
 * kernel (TAINT_USER, as vfio's no-IOMMU mode).
 *
 * The lockdown case locks the running kernel down for good: it runs only
 * with NVMETEST_LOCKDOWN=1, in a VM of its own (make check does that).
 */
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/syscall.h>

#include "nvmetest_harness.h"

#define TAINT_USER_BIT	(1ul << 6)
#define LOCKDOWN	"/sys/kernel/security/lockdown"

FIXTURE(priv) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	char bdf[32];
};

FIXTURE_SETUP(priv)
{
	ST_SETUP_OPEN(&self->dev, &self->info);
	snprintf(self->bdf, sizeof(self->bdf), "%04x:%02x:%02x.%x", self->info.domain,
		 self->info.bus, self->info.devfn >> 3, self->info.devfn & 7);
}

FIXTURE_TEARDOWN(priv)
{
	nvmet_kdev_close(self->dev);
}

/* Drops CAP_SYS_RAWIO from this process's effective, permitted and inheritable sets. */
static int drop_rawio(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];
	unsigned int cap = CAP_SYS_RAWIO;

	if (syscall(SYS_capget, &h, d))
		return -errno;
	d[cap / 32].effective &= ~(1u << (cap % 32));
	d[cap / 32].permitted &= ~(1u << (cap % 32));
	d[cap / 32].inheritable &= ~(1u << (cap % 32));
	return syscall(SYS_capset, &h, d) ? -errno : 0;
}

TEST_F(priv, open_needs_cap_sys_rawio)
{
	if (geteuid())
		SKIP(return, "dropping one capability of root's needs root");
	EXPECT_EQ(EPERM, st_open_without(drop_rawio)) TH_LOG("0: opened without CAP_SYS_RAWIO");
}

/* The IOMMU domain type of the function's group: "DMA", "identity"..., or "" with none. */
static void group_type(const char *bdf, char *type, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group/type", bdf);
	st_read_file(path, type, len);
}

TEST_F(priv, iommu_flag_says_what_sysfs_says)
{
	char type[32];
	int translated;

	group_type(self->bdf, type, sizeof(type));
	translated = !strcmp(type, "DMA") || !strcmp(type, "DMA-FQ");
	ksft_print_msg("IOMMU group type \"%s\", module flag %u\n", type,
		       !!(self->info.flags & NVMETEST_INFO_IOMMU));
	EXPECT_EQ(translated, !!(self->info.flags & NVMETEST_INFO_IOMMU));
}

TEST_F(priv, open_without_iommu_taints_the_kernel)
{
	unsigned long tainted = 0;

	if (self->info.flags & NVMETEST_INFO_IOMMU)
		SKIP(return, "an IOMMU translates for the device: no taint due");
	ASSERT_EQ(0, st_read_ulong("/proc/sys/kernel/tainted", &tainted));
	EXPECT_NE(0ul, tainted & TAINT_USER_BIT) TH_LOG("tainted %lu", tainted);
}

/* Last: the kernel stays locked down. */
TEST_F(priv, open_refused_under_lockdown)
{
	char state[128] = "";
	int fd;

	if (!st_env("NVMETEST_LOCKDOWN"))
		SKIP(return, "locks the kernel down for good: NVMETEST_LOCKDOWN=1, in a VM of its own");
	if (!st_exists(LOCKDOWN))
		mount("securityfs", "/sys/kernel/security", "securityfs", 0, NULL);
	if (!st_exists(LOCKDOWN))
		SKIP(return, "no %s (lockdown LSM)", LOCKDOWN);
	ASSERT_EQ(0, st_write_file(LOCKDOWN, "integrity"));
	fd = open(LOCKDOWN, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_LT(0, read(fd, state, sizeof(state) - 1));
	close(fd);
	ksft_print_msg("lockdown: %s", state);
	fd = open(st_dev_path(), O_RDWR | O_CLOEXEC);
	EXPECT_EQ(-1, fd);
	EXPECT_EQ(EPERM, errno);
	if (fd >= 0)
		close(fd);
	/* Files opened before stay usable: the check is at open, as for /dev/mem. */
	EXPECT_EQ(0, st_identify_works(self->dev));
}

TEST_HARNESS_MAIN
