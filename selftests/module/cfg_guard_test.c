// SPDX-License-Identifier: GPL-2.0
/*
 * cfg_guard_test.c - the configuration and register writes that would take
 * the function from under the kernel are refused with EPERM (and leave the
 * function as it was): a BAR or the expansion ROM, memory decode, bus
 * mastering or INTx Disable in the Command register, the MSI-X capability,
 * an FLR through Device Control, the MSI-X table and PBA in BAR0. Other
 * writes go through. D3hot through PMCSR is done by the PCI core: BAR0 is
 * then out of reach (register ioctls EIO, the doorbell mapping SIGBUS, no
 * admin command), and back in D0 everything works again.
 */
#include <signal.h>
#include <sys/mman.h>

#include "nvmetest_harness.h"

#define PCI_COMMAND		0x04
#define PCI_COMMAND_MEMORY	0x2
#define PCI_COMMAND_MASTER	0x4
#define PCI_COMMAND_INTX_DIS	0x400
#define PCI_BAR0		0x10
#define PCI_ROM			0x30
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_CAP_ID_PM		0x01
#define PCI_CAP_ID_EXP		0x10
#define PCI_CAP_ID_MSIX		0x11
#define PCI_PM_CTRL		4
#define PCI_EXP_DEVCTL		8
#define PCI_EXP_DEVCTL_FLR	0x8000
#define PCI_MSIX_FLAGS		2
#define PCI_MSIX_TABLE		4
#define PCI_MSIX_PBA		8

FIXTURE(guard) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	uint32_t command;
};

FIXTURE_SETUP(guard)
{
	ST_SETUP_OPEN(&self->dev, &self->info);
	ASSERT_EQ(0, nvmet_kdev_cfg_read(self->dev, PCI_COMMAND, 2, &self->command));
}

FIXTURE_TEARDOWN(guard)
{
	uint32_t cmd = 0;

	/* Whatever got through on a module that let it. */
	nvmet_kdev_cfg_read(self->dev, PCI_COMMAND, 2, &cmd);
	if (cmd != self->command)
		nvmet_kdev_cfg_write(self->dev, PCI_COMMAND, 2, self->command);
	EXPECT_EQ(0, nvmet_kdev_reset(self->dev));
	EXPECT_EQ(0, st_identify_works(self->dev));
	nvmet_kdev_close(self->dev);
}

/* Writing back what is there: refused or not, nothing changes. */
static int write_same(struct nvmet_kdev *dev, uint32_t off, unsigned int width)
{
	uint32_t v;
	int ret;

	ret = nvmet_kdev_cfg_read(dev, off, width, &v);
	return ret ? ret : nvmet_kdev_cfg_write(dev, off, width, v);
}

TEST_F(guard, bars_rom_and_command_bits)
{
	uint32_t off, cmd = self->command;

	for (off = PCI_BAR0; off < PCI_BAR0 + 24; off += 4) {
		EXPECT_EQ(-EPERM, write_same(self->dev, off, 4)) TH_LOG("BAR at %#x", off);
	}
	EXPECT_EQ(-EPERM, write_same(self->dev, PCI_BAR0 + 1, 1));
	EXPECT_EQ(-EPERM, write_same(self->dev, PCI_ROM, 4));
	EXPECT_EQ(-EPERM, nvmet_kdev_cfg_write(self->dev, PCI_COMMAND, 2, cmd & ~PCI_COMMAND_MEMORY));
	EXPECT_EQ(-EPERM, nvmet_kdev_cfg_write(self->dev, PCI_COMMAND, 2, cmd & ~PCI_COMMAND_MASTER));
	EXPECT_EQ(-EPERM, nvmet_kdev_cfg_write(self->dev, PCI_COMMAND, 1,
					       cmd & 0xff & ~PCI_COMMAND_MASTER));
	EXPECT_EQ(-EPERM, nvmet_kdev_cfg_write(self->dev, PCI_COMMAND + 1, 1,
					       (cmd ^ PCI_COMMAND_INTX_DIS) >> 8));
	/* The Command register as it is, and the Status half of its dword. */
	EXPECT_EQ(0, write_same(self->dev, PCI_COMMAND, 2));
	EXPECT_EQ(0, nvmet_kdev_cfg_write(self->dev, PCI_COMMAND, 4, cmd));
	EXPECT_EQ(0, write_same(self->dev, PCI_INTERRUPT_LINE, 1));
	EXPECT_EQ(0, st_identify_works(self->dev));
}

TEST_F(guard, msix_capability_and_flr)
{
	unsigned int msix = st_cfg_cap(self->dev, PCI_CAP_ID_MSIX);
	unsigned int exp = st_cfg_cap(self->dev, PCI_CAP_ID_EXP);
	uint32_t devctl;

	if (!msix || !exp)
		SKIP(return, "no MSI-X or PCI Express capability");
	EXPECT_EQ(-EPERM, write_same(self->dev, msix + PCI_MSIX_FLAGS, 2));
	EXPECT_EQ(-EPERM, write_same(self->dev, msix, 4));
	ASSERT_EQ(0, nvmet_kdev_cfg_read(self->dev, exp + PCI_EXP_DEVCTL, 2, &devctl));
	EXPECT_EQ(-EPERM, nvmet_kdev_cfg_write(self->dev, exp + PCI_EXP_DEVCTL, 2,
					       devctl | PCI_EXP_DEVCTL_FLR));
	EXPECT_EQ(0, nvmet_kdev_cfg_write(self->dev, exp + PCI_EXP_DEVCTL, 2, devctl));
	EXPECT_EQ(0, st_identify_works(self->dev));
}

/* The BAR0 offset of the MSI-X table (@which 0) or PBA (1), or -1 elsewhere. */
static long msix_in_bar0(struct nvmet_kdev *dev, unsigned int msix, int which)
{
	uint32_t v;

	if (nvmet_kdev_cfg_read(dev, msix + (which ? PCI_MSIX_PBA : PCI_MSIX_TABLE), 4, &v))
		return -1;
	return v & 7 ? -1 : (long)(v & ~7u);
}

TEST_F(guard, msix_table_and_pba_in_bar0)
{
	unsigned int msix = st_cfg_cap(self->dev, PCI_CAP_ID_MSIX);
	uint64_t v;
	long off;
	int which;

	if (!msix)
		SKIP(return, "no MSI-X capability");
	for (which = 0; which < 2; which++) {
		off = msix_in_bar0(self->dev, msix, which);
		if (off < 0)
			continue;
		ASSERT_EQ(0, nvmet_kdev_reg_read(self->dev, (uint32_t)off, 4, &v));
		EXPECT_EQ(-EPERM, nvmet_kdev_reg_write(self->dev, (uint32_t)off, 4, v))
			TH_LOG("%s at %#lx", which ? "PBA" : "table", off);
		EXPECT_EQ(-EPERM, nvmet_kdev_reg_write(self->dev, (uint32_t)off & ~7u, 8, 0));
	}
	off = msix_in_bar0(self->dev, msix, 0);
	if (off < 0)
		SKIP(return, "the MSI-X table is not in BAR0");
	/* Its last vector's Vector Control, one dword short of the next entry. */
	ASSERT_EQ(0, nvmet_kdev_reg_read(self->dev, (uint32_t)off + 12, 4, &v));
	EXPECT_EQ(-EPERM, nvmet_kdev_reg_write(self->dev, (uint32_t)off + 12, 4, v));
	/* Interrupts still arrive: the admin queue completes by them. */
	EXPECT_EQ(0, st_identify_works(self->dev));
}

TEST_F(guard, d3hot_takes_bar0_out_of_reach)
{
	unsigned int pm = st_cfg_cap(self->dev, PCI_CAP_ID_PM);
	volatile uint32_t *db = nvmet_kdev_doorbells(self->dev);
	uint32_t pmcsr;
	uint64_t v;

	if (!pm)
		SKIP(return, "no power management capability");
	ASSERT_NE(NULL, db);
	EXPECT_EQ(0, st_probe_read(db));
	ASSERT_EQ(0, nvmet_kdev_cfg_read(self->dev, pm + PCI_PM_CTRL, 2, &pmcsr));
	ASSERT_EQ(0, nvmet_kdev_cfg_write(self->dev, pm + PCI_PM_CTRL, 2, (pmcsr & ~3u) | 3));
	EXPECT_EQ(-EIO, nvmet_kdev_reg_read(self->dev, NVMET_REG_CSTS, 4, &v));
	EXPECT_EQ(-EIO, nvmet_kdev_reg_write(self->dev, NVMET_REG_INTMS, 4, 0));
	EXPECT_EQ(SIGBUS, st_probe_read(db)) TH_LOG("the doorbells stayed mapped in D3hot");
	EXPECT_EQ(-EBUSY, st_identify_works(self->dev));
	ASSERT_EQ(0, nvmet_kdev_cfg_write(self->dev, pm + PCI_PM_CTRL, 2, pmcsr & ~3u));
	EXPECT_EQ(0, nvmet_kdev_reg_read(self->dev, NVMET_REG_CSTS, 4, &v));
	EXPECT_EQ(0, st_probe_read(db));
	/* QEMU keeps its state through D3hot (No_Soft_Reset): no reset needed. */
	if (pmcsr & 8)
		EXPECT_EQ(0, st_identify_works(self->dev));
}

TEST_HARNESS_MAIN
