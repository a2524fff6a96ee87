// SPDX-License-Identifier: GPL-2.0
/*
 * registers_test.c - BAR0 registers and configuration space through the
 * module: CAP, VS, CC and CSTS as probe left them, a controller disable by
 * hand and NVMETEST_IOC_RESET bringing it back, 64-bit against 32-bit
 * reads, and the info the module reports against what the device says.
 */
#include "nvmetest_harness.h"

#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define PCI_COMMAND_MEMORY	0x2
#define PCI_COMMAND_MASTER	0x4
#define PCI_STATUS		0x06
#define PCI_STATUS_CAP_LIST	0x10
#define PCI_CLASS_REVISION	0x08
#define PCI_CAPABILITY_LIST	0x34
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_CAP_ID_MSIX		0x11
#define PCI_MSIX_FLAGS		2
#define PCI_MSIX_TABLE		4
#define PCI_MSIX_PBA		8
#define PCI_MSIX_BIR		0x7u

#define CC_IOSQES(cc)		(((cc) >> 16) & 0xf)
#define CC_IOCQES(cc)		(((cc) >> 20) & 0xf)

FIXTURE(regs) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	int need_reset;
};

FIXTURE_SETUP(regs)
{
	ST_SETUP_OPEN(&self->dev, &self->info);
}

FIXTURE_TEARDOWN(regs)
{
	if (self->need_reset) {
		EXPECT_EQ(0, nvmet_kdev_reset(self->dev));
	}
	nvmet_kdev_close(self->dev);
}

static uint64_t reg(struct __test_metadata *_metadata, struct nvmet_kdev *dev,
		    uint32_t offset, unsigned int width)
{
	uint64_t v = 0;

	EXPECT_EQ(0, nvmet_kdev_reg_read(dev, offset, width, &v))
		TH_LOG("reading register 0x%x (%u bytes)", offset, width);
	return v;
}

static uint32_t cfg(struct __test_metadata *_metadata, struct nvmet_kdev *dev,
		    uint32_t offset, unsigned int width)
{
	uint32_t v = 0;

	EXPECT_EQ(0, nvmet_kdev_cfg_read(dev, offset, width, &v))
		TH_LOG("reading config 0x%x (%u bytes)", offset, width);
	return v;
}

/* Polls CSTS until (CSTS & mask) == want or @ms pass; returns the last CSTS. */
static uint32_t wait_csts(struct nvmet_kdev *dev, uint32_t mask, uint32_t want, unsigned int ms)
{
	uint64_t deadline = st_now_ns() + (uint64_t)ms * 1000000u;
	uint64_t csts = 0;

	for (;;) {
		if (nvmet_kdev_reg_read(dev, NVMET_REG_CSTS, 4, &csts))
			return UINT32_MAX;
		if ((csts & mask) == want || st_now_ns() > deadline)
			return (uint32_t)csts;
		st_sleep_ms(1);
	}
}

TEST_F(regs, cap_is_sane)
{
	uint64_t cap = reg(_metadata, self->dev, NVMET_REG_CAP, 8);

	EXPECT_GT(NVMET_CAP_MQES(cap), 0u);
	EXPECT_GT(NVMET_CAP_TO(cap), 0u);
	EXPECT_TRUE(!!(NVMET_CAP_CSS(cap) & 1)) TH_LOG("CAP.CSS 0x%x lacks the NVM command set",
						       NVMET_CAP_CSS(cap));
	EXPECT_LE(NVMET_CAP_MPSMIN(cap), NVMET_CAP_MPSMAX(cap));
	EXPECT_EQ(cap, self->info.cap) TH_LOG("info.cap is the CAP read at probe");
	EXPECT_EQ(NVMET_CAP_MQES(cap) + 1, self->info.mqes);
}

TEST_F(regs, version_at_least_1_0)
{
	uint32_t vs = (uint32_t)reg(_metadata, self->dev, NVMET_REG_VS, 4);

	EXPECT_GE(vs, 0x00010000u) TH_LOG("VS 0x%08x", vs);
	EXPECT_GT(0x00ff0000u, vs) TH_LOG("VS 0x%08x: major version not plausible", vs);
}

TEST_F(regs, enabled_and_ready_after_probe)
{
	uint32_t cc = (uint32_t)reg(_metadata, self->dev, NVMET_REG_CC, 4);
	uint32_t csts = (uint32_t)reg(_metadata, self->dev, NVMET_REG_CSTS, 4);

	EXPECT_TRUE(!!(cc & NVMET_CC_EN)) TH_LOG("CC 0x%08x", cc);
	EXPECT_TRUE(!!(csts & NVMET_CSTS_RDY)) TH_LOG("CSTS 0x%08x", csts);
	EXPECT_FALSE(!!(csts & NVMET_CSTS_CFS)) TH_LOG("CSTS 0x%08x: fatal status", csts);
	EXPECT_EQ(0u, cc & NVMET_CC_SHN_MASK) TH_LOG("CC 0x%08x: shutdown requested", cc);
	/* The module creates I/O queues of 64- and 16-byte entries. */
	EXPECT_EQ(6u, CC_IOSQES(cc));
	EXPECT_EQ(4u, CC_IOCQES(cc));
	EXPECT_EQ(NVMETEST_INFO_READY, self->info.flags & ~NVMETEST_INFO_IOMMU);
}

TEST_F(regs, admin_queue_registers)
{
	uint32_t aqa = (uint32_t)reg(_metadata, self->dev, NVMET_REG_AQA, 4);
	uint64_t asq = reg(_metadata, self->dev, NVMET_REG_ASQ, 8);
	uint64_t acq = reg(_metadata, self->dev, NVMET_REG_ACQ, 8);

	EXPECT_NE(0u, aqa & 0xfff) TH_LOG("AQA 0x%08x: admin SQ of one entry", aqa);
	EXPECT_NE(0u, (aqa >> 16) & 0xfff) TH_LOG("AQA 0x%08x: admin CQ of one entry", aqa);
	EXPECT_NE(0u, asq);
	EXPECT_NE(0u, acq);
	EXPECT_EQ(0u, asq & 0xfff) TH_LOG("ASQ 0x%llx", (unsigned long long)asq);
	EXPECT_EQ(0u, acq & 0xfff) TH_LOG("ACQ 0x%llx", (unsigned long long)acq);
	EXPECT_NE(asq, acq);
}

TEST_F(regs, cap_64bit_read_equals_two_32bit_reads)
{
	uint64_t cap64 = reg(_metadata, self->dev, NVMET_REG_CAP, 8);
	uint64_t lo = reg(_metadata, self->dev, NVMET_REG_CAP, 4);
	uint64_t hi = reg(_metadata, self->dev, NVMET_REG_CAP + 4, 4);
	uint64_t asq64 = reg(_metadata, self->dev, NVMET_REG_ASQ, 8);
	uint64_t asq_lo = reg(_metadata, self->dev, NVMET_REG_ASQ, 4);
	uint64_t asq_hi = reg(_metadata, self->dev, NVMET_REG_ASQ + 4, 4);

	EXPECT_EQ(cap64, lo | hi << 32);
	EXPECT_EQ(asq64, asq_lo | asq_hi << 32);
	EXPECT_GE(0xffffffffull, lo);
	EXPECT_GE(0xffffffffull, hi);
}

TEST_F(regs, doorbell_layout_matches_cap)
{
	uint64_t cap = reg(_metadata, self->dev, NVMET_REG_CAP, 8);
	uint64_t min_db = (uint64_t)2 * (self->info.max_qid + 1) * self->info.db_stride;

	EXPECT_EQ(4u << NVMET_CAP_DSTRD(cap), self->info.db_stride);
	EXPECT_EQ((uint64_t)NVMET_REG_DBS, self->info.db_offset);
	EXPECT_GE(self->info.db_size, min_db) TH_LOG("doorbells of queues 0..%u need %llu bytes",
						     self->info.max_qid,
						     (unsigned long long)min_db);
	EXPECT_LE(self->info.db_offset + self->info.db_size, self->info.bar_size[0]);
	EXPECT_GE(self->info.max_qid, 1u);
}

/* Config space offset of the capability @id, or 0. */
static uint32_t find_cap(struct __test_metadata *_metadata, struct nvmet_kdev *dev, uint32_t id)
{
	uint32_t pos;
	int hops;

	if (!(cfg(_metadata, dev, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return 0;
	pos = cfg(_metadata, dev, PCI_CAPABILITY_LIST, 1) & ~3u;
	for (hops = 0; pos >= 0x40 && hops < 48; hops++) {
		if (cfg(_metadata, dev, pos, 1) == id)
			return pos;
		pos = cfg(_metadata, dev, pos + 1, 1) & ~3u;
	}
	return 0;
}

/* User space must not be able to reach the MSI-X table or PBA through the doorbells. */
TEST_F(regs, doorbell_mapping_excludes_msix_table)
{
	uint64_t db_end = self->info.db_offset + self->info.db_size;
	uint32_t pos = find_cap(_metadata, self->dev, PCI_CAP_ID_MSIX);
	uint32_t table, pba, nr;

	if (!pos)
		SKIP(return, "the function has no MSI-X capability");
	nr = (cfg(_metadata, self->dev, pos + PCI_MSIX_FLAGS, 2) & 0x7ff) + 1;
	table = cfg(_metadata, self->dev, pos + PCI_MSIX_TABLE, 4);
	pba = cfg(_metadata, self->dev, pos + PCI_MSIX_PBA, 4);
	if (self->info.irq_kind == NVMETEST_IRQ_MSIX) {
		EXPECT_LE(self->info.nr_vectors, nr);
	}
	if ((table & PCI_MSIX_BIR) == 0 && (table & ~PCI_MSIX_BIR) >= self->info.db_offset) {
		EXPECT_LE(db_end, table & ~PCI_MSIX_BIR) TH_LOG("MSI-X table at 0x%x", table);
	}
	if ((pba & PCI_MSIX_BIR) == 0 && (pba & ~PCI_MSIX_BIR) >= self->info.db_offset) {
		EXPECT_LE(db_end, pba & ~PCI_MSIX_BIR) TH_LOG("MSI-X PBA at 0x%x", pba);
	}
}

TEST_F(regs, config_space_matches_info)
{
	uint32_t classrev = cfg(_metadata, self->dev, PCI_CLASS_REVISION, 4);
	uint32_t cmd = cfg(_metadata, self->dev, PCI_COMMAND, 2);

	EXPECT_EQ(self->info.vendor_id, cfg(_metadata, self->dev, PCI_VENDOR_ID, 2));
	EXPECT_EQ(self->info.device_id, cfg(_metadata, self->dev, PCI_DEVICE_ID, 2));
	EXPECT_EQ(self->info.vendor_id | self->info.device_id << 16,
		  cfg(_metadata, self->dev, PCI_VENDOR_ID, 4));
	EXPECT_EQ(self->info.class_code, classrev >> 8);
	EXPECT_EQ(self->info.revision, classrev & 0xff);
	EXPECT_EQ(0x0108u, self->info.class_code >> 8) TH_LOG("class 0x%06x is not NVMe",
							      self->info.class_code);
	EXPECT_EQ((uint32_t)(PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER),
		  cmd & (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER));
	EXPECT_TRUE(self->info.cfg_size == 256 || self->info.cfg_size == 4096)
		TH_LOG("cfg_size %u", self->info.cfg_size);
	EXPECT_NE(0u, self->info.bar_size[0]);
}

TEST_F(regs, config_write_round_trip)
{
	/* Interrupt Line: a scratch byte for software, nothing reads it back. */
	uint32_t old = cfg(_metadata, self->dev, PCI_INTERRUPT_LINE, 1);
	uint32_t val = old ^ 0x5a;

	ASSERT_EQ(0, nvmet_kdev_cfg_write(self->dev, PCI_INTERRUPT_LINE, 1, val));
	EXPECT_EQ(val, cfg(_metadata, self->dev, PCI_INTERRUPT_LINE, 1));
	ASSERT_EQ(0, nvmet_kdev_cfg_write(self->dev, PCI_INTERRUPT_LINE, 1, old));
	EXPECT_EQ(old, cfg(_metadata, self->dev, PCI_INTERRUPT_LINE, 1));
}

TEST_F(regs, disable_by_hand_then_reset)
{
	uint64_t cap = reg(_metadata, self->dev, NVMET_REG_CAP, 8);
	unsigned int to_ms = NVMET_CAP_TO(cap) * 500;
	uint32_t cc = (uint32_t)reg(_metadata, self->dev, NVMET_REG_CC, 4);
	struct nvmetest_info after;
	uint64_t t0, waited;
	uint32_t csts;

	ASSERT_TRUE(!!(cc & NVMET_CC_EN));
	self->need_reset = 1;
	t0 = st_now_ns();
	ASSERT_EQ(0, nvmet_kdev_reg_write(self->dev, NVMET_REG_CC, 4, cc & ~NVMET_CC_EN));
	csts = wait_csts(self->dev, NVMET_CSTS_RDY, 0, to_ms);
	waited = (st_now_ns() - t0) / 1000000;
	ASSERT_EQ(0u, csts & NVMET_CSTS_RDY) TH_LOG("CSTS.RDY still 1 after %llu ms (CAP.TO %u)",
						    (unsigned long long)waited,
						   NVMET_CAP_TO(cap));
	EXPECT_EQ(0u, (uint32_t)reg(_metadata, self->dev, NVMET_REG_CC, 4) & NVMET_CC_EN);

	ASSERT_EQ(0, nvmet_kdev_reset(self->dev));
	self->need_reset = 0;
	EXPECT_TRUE(!!(reg(_metadata, self->dev, NVMET_REG_CC, 4) & NVMET_CC_EN));
	EXPECT_TRUE(!!(reg(_metadata, self->dev, NVMET_REG_CSTS, 4) & NVMET_CSTS_RDY));
	ASSERT_EQ(0, nvmet_kdev_info(self->dev, &after));
	EXPECT_TRUE(!!(after.flags & NVMETEST_INFO_READY));
	EXPECT_EQ(self->info.resets + 1, after.resets);
	EXPECT_EQ(0, st_identify_works(self->dev));
}

TEST_F(regs, reset_ioctl_keeps_the_controller_usable)
{
	struct nvmetest_info after;

	ASSERT_EQ(0, nvmet_kdev_reset(self->dev));
	ASSERT_EQ(0, nvmet_kdev_info(self->dev, &after));
	EXPECT_EQ(self->info.resets + 1, after.resets);
	EXPECT_TRUE(!!(after.flags & NVMETEST_INFO_READY));
	EXPECT_EQ(self->info.max_qid, after.max_qid);
	EXPECT_TRUE(!!(reg(_metadata, self->dev, NVMET_REG_CSTS, 4) & NVMET_CSTS_RDY));
	EXPECT_EQ(0, st_identify_works(self->dev));
}

TEST_HARNESS_MAIN
