// SPDX-License-Identifier: GPL-2.0
/*
 * lib_pcie_test.c - libnvmet's PCI Express helpers on a real controller's
 * function: configuration space access, the standard and extended
 * capability lists, D3hot and back (then a reset, and the controller
 * works), ASPM control written and restored, link status. Skips without
 * a device.
 */
#include "nvmetest_harness.h"

#define PCI_VENDOR_ID		0x00
#define PCI_EXP_FLAGS		0x02
#define PCI_EXP_LNKCAP		0x0c
#define PCI_EXP_LNKCTL		0x10
#define PCI_PM_CTRL		4
#define PCI_PM_CTRL_NO_SOFT_RESET (1u << 3)

FIXTURE(pcie) {
	struct nvmet_ctrl *ctrl;
};

FIXTURE_SETUP(pcie)
{
	uint32_t vid;

	ST_SETUP_CTRL(&self->ctrl, NULL);
	if (nvmet_ctrl_cfg_read(self->ctrl, 0, 2, &vid) == -EOPNOTSUPP)
		ST_SETUP_SKIP("%s", nvmet_last_error());
}

FIXTURE_TEARDOWN(pcie)
{
	/* Whatever a failed test left behind: the function back in D0. */
	nvmet_pcie_set_power_state(self->ctrl, NVMET_PCI_D0);
	nvmet_ctrl_close(self->ctrl);
}

/* A capability's ID byte at the offset found for it. */
static void check_cap(struct __test_metadata *_metadata, struct nvmet_ctrl *ctrl, uint8_t id)
{
	uint16_t off = 0;
	uint32_t v;
	int ret;

	ret = nvmet_pcie_cap_find(ctrl, id, &off);
	ASSERT_EQ(0, ret) TH_LOG("capability 0x%02x: %s", id, strerror(-ret));
	EXPECT_LE(0x40, off);
	EXPECT_GT(0x100, off);
	EXPECT_EQ(0, off & 3);
	ASSERT_EQ(0, nvmet_ctrl_cfg_read(ctrl, off, 1, &v));
	EXPECT_EQ(id, v);
	ksft_print_msg("capability 0x%02x at 0x%02x\n", id, off);
}

TEST_F(pcie, cfg_read_matches_identify)
{
	uint32_t vid;

	ASSERT_EQ(0, nvmet_ctrl_cfg_read(self->ctrl, PCI_VENDOR_ID, 2, &vid));
	EXPECT_EQ(nvmet_id_ctrl_vid(nvmet_ctrl_id_data(self->ctrl)), vid);
	EXPECT_EQ(-EINVAL, nvmet_ctrl_cfg_read(self->ctrl, 0, 3, &vid));
	EXPECT_EQ(-EINVAL, nvmet_ctrl_cfg_read(self->ctrl, 1, 2, &vid));
	EXPECT_EQ(-EINVAL, nvmet_ctrl_cfg_write(self->ctrl, 0x40, 1, 0x100));
}

TEST_F(pcie, standard_capabilities)
{
	uint16_t off;

	check_cap(_metadata, self->ctrl, NVMET_PCI_CAP_EXP);
	check_cap(_metadata, self->ctrl, NVMET_PCI_CAP_PM);
	check_cap(_metadata, self->ctrl, NVMET_PCI_CAP_MSIX);
	/* 0xff is no capability ID of the PCI specification. */
	EXPECT_EQ(-ENOENT, nvmet_pcie_cap_find(self->ctrl, 0xff, &off));
	EXPECT_EQ(-EINVAL, nvmet_pcie_cap_find(self->ctrl, NVMET_PCI_CAP_EXP, NULL));
}

TEST_F(pcie, extended_capabilities)
{
	uint16_t off = 0;
	uint32_t hdr;
	int ret;

	/* Whatever the list holds first must be found there. */
	ret = nvmet_ctrl_cfg_read(self->ctrl, 0x100, 4, &hdr);
	if (ret == -EINVAL || (!ret && (hdr == 0 || hdr == 0xffffffffu))) {
		ksft_print_msg("no extended capability (%s)\n",
			       ret ? "256-byte configuration space" : "empty list");
		EXPECT_EQ(-ENOENT, nvmet_pcie_ext_cap_find(self->ctrl, NVMET_PCI_EXT_CAP_AER,
							   &off));
		EXPECT_EQ(-ENOENT, nvmet_pcie_ext_cap_find(self->ctrl, NVMET_PCI_EXT_CAP_DSN,
							   &off));
		return;
	}
	ASSERT_EQ(0, ret);
	ret = nvmet_pcie_ext_cap_find(self->ctrl, hdr & 0xffff, &off);
	ASSERT_EQ(0, ret) TH_LOG("extended capability 0x%04x: %s", hdr & 0xffff, strerror(-ret));
	EXPECT_EQ(0x100, off);
	ksft_print_msg("extended capability 0x%04x at 0x100\n", hdr & 0xffff);
	/* 0xffff is no extended capability ID either. */
	EXPECT_EQ(-ENOENT, nvmet_pcie_ext_cap_find(self->ctrl, 0xffff, &off));
}

TEST_F(pcie, d3hot_and_back_then_reset)
{
	unsigned int d = 99;
	uint16_t pm;
	uint32_t pmcsr;
	uint64_t t0;

	ASSERT_EQ(0, nvmet_pcie_cap_find(self->ctrl, NVMET_PCI_CAP_PM, &pm));
	ASSERT_EQ(0, nvmet_ctrl_cfg_read(self->ctrl, pm + PCI_PM_CTRL, 2, &pmcsr));
	ksft_print_msg("PMCSR 0x%04x: No_Soft_Reset %u\n", pmcsr,
		       !!(pmcsr & PCI_PM_CTRL_NO_SOFT_RESET));
	ASSERT_EQ(0, nvmet_pcie_power_state(self->ctrl, &d));
	ASSERT_EQ((unsigned int)NVMET_PCI_D0, d);

	t0 = st_now_ns();
	ASSERT_EQ(0, nvmet_pcie_set_power_state(self->ctrl, NVMET_PCI_D3HOT));
	EXPECT_LE(10000000ull, st_now_ns() - t0);
	ASSERT_EQ(0, nvmet_pcie_power_state(self->ctrl, &d));
	EXPECT_EQ((unsigned int)NVMET_PCI_D3HOT, d);
	/* Already there: nothing written, no wait. */
	EXPECT_EQ(0, nvmet_pcie_set_power_state(self->ctrl, NVMET_PCI_D3HOT));

	ASSERT_EQ(0, nvmet_pcie_set_power_state(self->ctrl, NVMET_PCI_D0));
	ASSERT_EQ(0, nvmet_pcie_power_state(self->ctrl, &d));
	EXPECT_EQ((unsigned int)NVMET_PCI_D0, d);
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl));
	EXPECT_EQ(0, nvmet_ctrl_identify(self->ctrl));
}

TEST_F(pcie, only_d0_and_d3hot)
{
	unsigned int d = 99;

	EXPECT_EQ(-EINVAL, nvmet_pcie_set_power_state(self->ctrl, 1));
	EXPECT_EQ(-EINVAL, nvmet_pcie_set_power_state(self->ctrl, 2));
	EXPECT_EQ(-EINVAL, nvmet_pcie_set_power_state(self->ctrl, 4));
	EXPECT_EQ(-EINVAL, nvmet_pcie_power_state(self->ctrl, NULL));
	ASSERT_EQ(0, nvmet_pcie_power_state(self->ctrl, &d));
	EXPECT_EQ((unsigned int)NVMET_PCI_D0, d);
}

TEST_F(pcie, aspm_round_trip)
{
	unsigned int orig, aspm, v, supported;
	uint32_t lnkcap, before, after;
	uint16_t exp;

	ASSERT_EQ(0, nvmet_pcie_cap_find(self->ctrl, NVMET_PCI_CAP_EXP, &exp));
	ASSERT_EQ(0, nvmet_ctrl_cfg_read(self->ctrl, exp + PCI_EXP_LNKCAP, 4, &lnkcap));
	/* Link Capabilities ASPM Support, bits 11:10, in ASPM Control's encoding. */
	supported = (lnkcap >> 10) & 3;
	ASSERT_EQ(0, nvmet_ctrl_cfg_read(self->ctrl, exp + PCI_EXP_LNKCTL, 2, &before));
	ASSERT_EQ(0, nvmet_pcie_aspm_get(self->ctrl, &orig));
	EXPECT_EQ(before & 3, orig);
	ksft_print_msg("ASPM support %u, control %u\n", supported, orig);

	EXPECT_EQ(-EINVAL, nvmet_pcie_aspm_set(self->ctrl, 4));
	EXPECT_EQ(-EINVAL, nvmet_pcie_aspm_get(self->ctrl, NULL));

	/* Only what the link supports: enabling more is undefined. */
	for (v = 0; v <= NVMET_PCIE_ASPM_L0S_L1; v++) {
		if (v & ~supported)
			continue;
		ASSERT_EQ(0, nvmet_pcie_aspm_set(self->ctrl, v));
		ASSERT_EQ(0, nvmet_pcie_aspm_get(self->ctrl, &aspm));
		ASSERT_EQ(0, nvmet_ctrl_cfg_read(self->ctrl, exp + PCI_EXP_LNKCTL, 2, &after));
		EXPECT_EQ(before & ~3u, after & ~3u) TH_LOG("Link Control 0x%04x -> 0x%04x",
							   before, after);
		if (aspm != v) {
			/* The field is read/write in the PCIe specification, not in QEMU 7.2. */
			ASSERT_EQ(0, nvmet_pcie_aspm_set(self->ctrl, orig));
			SKIP(return, "ASPM Control ignores writes: wrote %u, read %u", v, aspm);
		}
	}
	ASSERT_EQ(0, nvmet_pcie_aspm_set(self->ctrl, orig));
	ASSERT_EQ(0, nvmet_pcie_aspm_get(self->ctrl, &aspm));
	EXPECT_EQ(orig, aspm);
	EXPECT_EQ(0, nvmet_ctrl_identify(self->ctrl));
}

TEST_F(pcie, link_status)
{
	unsigned int speed = 0, width = 0;
	uint32_t lnkcap, flags;
	uint16_t exp;

	ASSERT_EQ(0, nvmet_pcie_link_status(self->ctrl, &speed, &width));
	ksft_print_msg("link: speed code %u, x%u\n", speed, width);
	ASSERT_EQ(0, nvmet_pcie_cap_find(self->ctrl, NVMET_PCI_CAP_EXP, &exp));
	ASSERT_EQ(0, nvmet_ctrl_cfg_read(self->ctrl, exp + PCI_EXP_FLAGS, 2, &flags));
	/* A Root Complex Integrated Endpoint (type 9) has no link. */
	if (((flags >> 4) & 0xf) == 9)
		SKIP(return, "root complex integrated endpoint: no link");
	ASSERT_EQ(0, nvmet_ctrl_cfg_read(self->ctrl, exp + PCI_EXP_LNKCAP, 4, &lnkcap));
	EXPECT_LE(1u, speed);
	EXPECT_GE(6u, speed);
	EXPECT_LE(speed, lnkcap & 0xf);
	EXPECT_LE(1u, width);
	EXPECT_LE(width, (lnkcap >> 4) & 0x3f);
	/* Either half alone. */
	EXPECT_EQ(0, nvmet_pcie_link_status(self->ctrl, NULL, &width));
	EXPECT_EQ(0, nvmet_pcie_link_status(self->ctrl, &speed, NULL));
}

TEST_HARNESS_MAIN
