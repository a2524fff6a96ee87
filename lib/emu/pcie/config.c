// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * config.c - the PCIe front end's configuration space: an NVMe
 * class endpoint with a 64-bit BAR0, power management (D0/D3hot), MSI-X,
 * a PCI Express capability (link status, ASPM control, FLR) and, in
 * extended space, AER and a device serial number.
 *
 * The emulator uses vendor id 0xc0de (not assigned to anyone) and device
 * id 0x4e56.
 */
#include <errno.h>
#include <string.h>

#include "pcie.h"
#include "support/bytes.h"

#define CFG_PM		0x40
#define CFG_MSIX	0x50
#define CFG_EXP		0x60
#define CFG_AER		0x100
#define CFG_DSN		0x148
#define EMU_BAR0_SIZE	0x10000u

/* @width bytes at @p, little endian. */
static uint32_t get(const uint8_t *p, unsigned int width)
{
	return (uint32_t)nvmet_field_le(p, width);
}

/* Bits the host may write, per byte. */
static uint8_t cfg_wmask(uint32_t off)
{
	switch (off) {
	case 0x04: return 0x06;			/* memory space, bus master */
	case 0x05: return 0x04;			/* INTx disable */
	case 0x0c: return 0xff;			/* cache line size */
	case 0x0d: return 0xff;			/* latency timer */
	case 0x3c: return 0xff;			/* interrupt line */
	case CFG_PM + 4: return 0x03;		/* power state */
	case CFG_MSIX + 3: return 0xc0;		/* MSI-X enable, function mask */
	case CFG_EXP + 8: return 0xff;		/* device control */
	case CFG_EXP + 9: return 0x7f;
	case CFG_EXP + 0x10: return 0xc3;	/* link control: ASPM, RCB, ... */
	default: break;
	}
	if (off >= 0x10 && off < 0x18)		/* BAR0 (64-bit): address bits */
		return off == 0x10 ? 0x00 : (off == 0x11 ? 0x00 : 0xff);
	return 0;
}

void emu_cfg_init(struct emu_pcie *p)
{
	uint8_t *c = p->cfg;
	unsigned int n = p->emu->opts.vectors;

	memset(c, 0, sizeof(p->cfg));
	nvmet_put_le16(c + 0x00, 0xc0de);
	nvmet_put_le16(c + 0x02, 0x4e56);
	nvmet_put_le16(c + 0x04, 0x0006);		/* memory space and bus master on */
	nvmet_put_le16(c + 0x06, 0x0010);		/* capability list */
	c[0x08] = 0x01;				/* revision */
	c[0x09] = 0x02;				/* NVM Express */
	c[0x0a] = 0x08;				/* non-volatile memory controller */
	c[0x0b] = 0x01;				/* mass storage */
	nvmet_put_le32(c + 0x10, 0xfe000004);		/* 64-bit memory BAR0 */
	nvmet_put_le16(c + 0x2c, 0xc0de);
	nvmet_put_le16(c + 0x2e, 0x0001);
	c[0x34] = CFG_PM;
	c[0x3d] = 0x01;				/* INTA */
	/* Power management: version 3, D3hot, No_Soft_Reset. */
	c[CFG_PM] = 0x01;
	c[CFG_PM + 1] = CFG_MSIX;
	nvmet_put_le16(c + CFG_PM + 2, 0x0003);
	nvmet_put_le16(c + CFG_PM + 4, 0x0008);
	/* MSI-X: the table and PBA sit after the doorbells in BAR0. */
	c[CFG_MSIX] = 0x11;
	c[CFG_MSIX + 1] = CFG_EXP;
	nvmet_put_le16(c + CFG_MSIX + 2, (uint16_t)(n - 1));
	nvmet_put_le32(c + CFG_MSIX + 4, 0x8000);
	nvmet_put_le32(c + CFG_MSIX + 8, 0xc000);
	/* PCI Express endpoint, v2: FLR, 8 GT/s x4, ASPM L0s and L1. */
	c[CFG_EXP] = 0x10;
	nvmet_put_le16(c + CFG_EXP + 2, 0x0002);
	nvmet_put_le32(c + CFG_EXP + 4, 0x10008000 | (1u << 28));
	nvmet_put_le16(c + CFG_EXP + 8, 0x2810);
	nvmet_put_le32(c + CFG_EXP + 0x0c, 0x00000c43 | (3u << 10));
	nvmet_put_le16(c + CFG_EXP + 0x12, 0x1043);
	nvmet_put_le32(c + CFG_EXP + 0x2c, 0x0000000e);	/* 2.5, 5, 8 GT/s */
	/* Extended: AER then the device serial number. */
	nvmet_put_le32(c + CFG_AER, 0x00010001u | ((uint32_t)CFG_DSN << 20) | (2u << 16));
	nvmet_put_le32(c + CFG_DSN, 0x00010003u);
	nvmet_put_le32(c + CFG_DSN + 4, 0x4e564d45);
	nvmet_put_le32(c + CFG_DSN + 8, 0xc0de0000u | (p->emu->name[3] & 0xff));
	p->pm_state = 0;
	p->powered = true;
	for (n = 0; n < p->emu->opts.vectors; n++) {
		atomic_store(&p->vec[n].count, 0);
		atomic_store(&p->vec[n].masked, false);
		atomic_store(&p->vec[n].pending, false);
	}
}

int emu_cfg_read(struct emu_pcie *p, uint32_t off, unsigned int width, uint32_t *val)
{
	uint32_t v;

	if ((width != 1 && width != 2 && width != 4) || off % width || off + width > 4096)
		return -EINVAL;
	pthread_mutex_lock(&p->lock);
	v = get(p->cfg + off, width);
	pthread_mutex_unlock(&p->lock);
	if (emu_tap_on(p->emu, NVMET_EMU_TAP_PCI_REGREAD)) {
		struct nvmet_emu_event ev = { .offset = off, .width = width, .value = v };

		emu_tap_run(p->emu, NVMET_EMU_TAP_PCI_REGREAD, &ev);
		v = (uint32_t)ev.value;
	}
	*val = v;
	return 0;
}

int emu_cfg_write(struct emu_pcie *p, uint32_t off, unsigned int width, uint32_t val)
{
	bool flr = false;
	unsigned int i;

	if ((width != 1 && width != 2 && width != 4) || off % width || off + width > 4096)
		return -EINVAL;
	if (width < 4 && val >> (8 * width))
		return -EINVAL;		/* more bits than the access has */
	if (emu_tap_on(p->emu, NVMET_EMU_TAP_PCI_REGWRITE)) {
		struct nvmet_emu_event ev = { .offset = off, .width = width, .value = val };

		if (emu_tap_run(p->emu, NVMET_EMU_TAP_PCI_REGWRITE, &ev) != NVMET_EMU_CONTINUE)
			return 0;
		val = (uint32_t)ev.value;
	}
	pthread_mutex_lock(&p->lock);
	for (i = 0; i < width; i++) {
		uint32_t o = off + i;
		uint8_t b = (uint8_t)(val >> (8 * i)), m = cfg_wmask(o);

		if (o == CFG_PM + 4) {
			/* Only D0 and D3hot exist; other states are ignored. */
			if ((b & 3) == 1 || (b & 3) == 2)
				continue;
			p->pm_state = b & 3;
		}
		if (o == CFG_EXP + 9 && (b & 0x80))
			flr = true;
		p->cfg[o] = (uint8_t)((p->cfg[o] & ~m) | (b & m));
	}
	pthread_mutex_unlock(&p->lock);
	if (flr)
		emu_function_reset(p);
	return 0;
}

/* The MSI-X function mask and enable bits, as the controller sees them. */
bool emu_msix_function_masked(const struct emu_pcie *p)
{
	return p->cfg[CFG_MSIX + 3] & 0x40;
}

void emu_function_reset(struct emu_pcie *p)
{
	bool running = p->thread_started;

	emu_thread_stop(p);
	emu_core_reset(p->emu);
	emu_regs_init(p->emu);
	emu_cfg_init(p);
	if (running)
		emu_thread_start(p);
}
