// SPDX-License-Identifier: GPL-2.0
/*
 * iommu_test.c - what a raw PRP reaches. Identify Controller is sent with
 * NVMETEST_ADMIN_RAW_DPTR and PRP1 the physical address of a page of this
 * program's (locked, a canary pattern in it; the address from
 * /proc/self/pagemap), memory the module never mapped for the device.
 * With an IOMMU translating for the device (NVMETEST_INFO_IOMMU) the
 * transfer fails at the IOMMU (the kernel logs the fault at that address;
 * QEMU still completes the command with success) and the canary is
 * untouched, while a raw PRP
 * to one of the module's DMA buffers still works. Without one, the page is
 * written: the file is as strong as /dev/mem, as the README says.
 *
 * Needs root (physical addresses in pagemap).
 */
#include <fcntl.h>
#include <sys/mman.h>

#include "nvmetest_harness.h"

#define CANARY	0xa5

FIXTURE(iommu) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	uint8_t *page;
	uint64_t phys;
};

/* The physical address of the page at @va, or 0 when pagemap hides it. */
static uint64_t phys_addr(const void *va)
{
	uint64_t entry = 0;
	long pg = sysconf(_SC_PAGESIZE);
	int fd;

	fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (pread(fd, &entry, sizeof(entry), (off_t)((uintptr_t)va / (uintptr_t)pg) * 8) !=
	    (ssize_t)sizeof(entry))
		entry = 0;
	close(fd);
	/* Present, and a PFN (zero when the reader lacks CAP_SYS_ADMIN). */
	if (!(entry >> 63) || !(entry & ((1ull << 55) - 1)))
		return 0;
	return (entry & ((1ull << 55) - 1)) * (uint64_t)pg;
}

FIXTURE_SETUP(iommu)
{
	ST_SETUP_OPEN(&self->dev, &self->info);
	self->page = mmap(NULL, ST_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
	ASSERT_NE(MAP_FAILED, self->page);
	memset(self->page, CANARY, ST_PAGE);
	ASSERT_EQ(0, mlock(self->page, ST_PAGE));
	self->phys = phys_addr(self->page);
	if (!self->phys)
		ST_SETUP_SKIP("no physical address in /proc/self/pagemap (needs root)");
}

FIXTURE_TEARDOWN(iommu)
{
	munmap(self->page, ST_PAGE);
	nvmet_kdev_close(self->dev);
}

/* Whether the kernel logged a line naming bus address @addr since @fd was opened. */
static int kmsg_names(int fd, uint64_t addr)
{
	char rec[1024], want[32];
	ssize_t n;

	snprintf(want, sizeof(want), "0x%llx", (unsigned long long)addr);
	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;
		if (n <= 0)
			return 0;
		rec[n] = '\0';
		if (strstr(rec, want))
			return 1;
	}
}

/* Identify Controller to the bus address @prp1 as given. */
static int identify_raw(struct nvmet_kdev *dev, uint64_t prp1, uint16_t *status)
{
	return st_admin_ptrs(dev, NVMET_ADM_IDENTIFY, NVMET_CNS_CTRL, 0, prp1, 0, 0,
			     NVMETEST_ADMIN_RAW_DPTR, status);
}

TEST_F(iommu, raw_prp_to_memory_the_module_never_mapped)
{
	struct nvmet_dmabuf buf;
	uint16_t status;
	int kmsg;

	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ASSERT_LE(0, kmsg);
	lseek(kmsg, 0, SEEK_END);
	ASSERT_EQ(0, identify_raw(self->dev, self->phys, &status));
	ksft_print_msg("IOMMU %s, canary page at physical %#llx, status %#x\n",
		       self->info.flags & NVMETEST_INFO_IOMMU ? "translates" : "absent",
		       (unsigned long long)self->phys, NVMET_CQE_STATUS(status));
	if (self->info.flags & NVMETEST_INFO_IOMMU) {
		EXPECT_TRUE(st_all_bytes(self->page, ST_PAGE, CANARY))
			TH_LOG("the controller wrote memory the module never mapped");
		EXPECT_TRUE(kmsg_names(kmsg, self->phys))
			TH_LOG("no IOMMU fault logged at %#llx", (unsigned long long)self->phys);
	} else {
		EXPECT_EQ(0u, NVMET_CQE_STATUS(status));
		EXPECT_EQ(self->info.vendor_id, st_le16(self->page))
			TH_LOG("no IOMMU, yet the controller did not reach the page");
	}
	/* Memory the module mapped for the device works either way. */
	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, ST_PAGE, &buf));
	ASSERT_EQ(0, identify_raw(self->dev, buf.iova, &status));
	EXPECT_EQ(0u, NVMET_CQE_STATUS(status));
	EXPECT_EQ(self->info.vendor_id, st_le16(buf.va));
	EXPECT_EQ(0, nvmet_kdev_buf_free(self->dev, &buf));
	close(kmsg);
}

TEST_HARNESS_MAIN
