// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pcie.c - configuration space access, capability lookup, PCI power
 * management states, ASPM control and link status of a controller's
 * function.
 */
#include <errno.h>
#include <time.h>

#include <nvmet/pcie.h>

#include "ctrl_priv.h"

#define PCI_STATUS		0x06
#define PCI_STATUS_CAP_LIST	(1u << 4)
#define PCI_CAP_PTR		0x34
#define PCI_CAP_FIRST		0x40
/* At most one 4-byte capability per dword of 0x40..0xff: a longer walk loops. */
#define PCI_CAP_MAX		((0x100 - PCI_CAP_FIRST) / 4)

#define PCI_EXT_CAP_FIRST	0x100
#define PCI_EXT_CAP_MAX		((0x1000 - PCI_EXT_CAP_FIRST) / 8)

#define PCI_PM_CTRL		4	/* PMCSR, from the PM capability */
#define PCI_PM_CTRL_STATE	0x0003u
#define PCI_PM_CTRL_PME_STATUS	0x8000u	/* write 1 to clear */
#define PCI_PM_SETTLE_MS	10

#define PCI_EXP_LNKCTL		0x10	/* from the PCI Express capability */
#define PCI_EXP_LNKCTL_ASPM	0x0003u
#define PCI_EXP_LNKSTA		0x12

int nvmet_ctrl_cfg_read(struct nvmet_ctrl *ctrl, uint32_t offset, unsigned int width,
			uint32_t *val)
{
	if (!ctrl || !val)
		return -EINVAL;
	return ctrl->tp->cfg_read(ctrl, offset, width, val);
}

int nvmet_ctrl_cfg_write(struct nvmet_ctrl *ctrl, uint32_t offset, unsigned int width,
			 uint32_t val)
{
	if (!ctrl)
		return -EINVAL;
	return ctrl->tp->cfg_write(ctrl, offset, width, val);
}

int nvmet_pcie_cap_find(struct nvmet_ctrl *ctrl, uint8_t cap_id, uint16_t *offset)
{
	uint32_t v, ptr;
	int i, ret;

	if (!offset)
		return -EINVAL;
	ret = nvmet_ctrl_cfg_read(ctrl, PCI_STATUS, 2, &v);
	if (ret)
		return ret;
	if (!(v & PCI_STATUS_CAP_LIST))
		return -ENOENT;
	ret = nvmet_ctrl_cfg_read(ctrl, PCI_CAP_PTR, 1, &ptr);
	for (i = 0; !ret && i < PCI_CAP_MAX; i++) {
		ptr &= 0xfc;
		if (ptr < PCI_CAP_FIRST)
			break;
		ret = nvmet_ctrl_cfg_read(ctrl, ptr, 4, &v);
		if (ret)
			break;
		if ((v & 0xff) == cap_id) {
			*offset = (uint16_t)ptr;
			return 0;
		}
		ptr = v >> 8;
	}
	return ret ? ret : -ENOENT;
}

int nvmet_pcie_ext_cap_find(struct nvmet_ctrl *ctrl, uint16_t ext_id, uint16_t *offset)
{
	uint32_t v, ptr = PCI_EXT_CAP_FIRST;
	int i, ret;

	if (!offset)
		return -EINVAL;
	for (i = 0; i < PCI_EXT_CAP_MAX; i++) {
		ret = nvmet_ctrl_cfg_read(ctrl, ptr, 4, &v);
		/* The transport refuses offsets past a 256-byte configuration space. */
		if (ret == -EINVAL && ptr == PCI_EXT_CAP_FIRST)
			return -ENOENT;
		if (ret)
			return ret;
		if (v == 0 || v == 0xffffffffu)
			break;
		if ((v & 0xffff) == ext_id) {
			*offset = (uint16_t)ptr;
			return 0;
		}
		ptr = (v >> 20) & 0xffc;
		if (ptr < PCI_EXT_CAP_FIRST)
			break;
	}
	return -ENOENT;
}

/* The offset of 16-bit register @reg of capability @cap_id, and its value. */
static int cap_reg(struct nvmet_ctrl *ctrl, uint8_t cap_id, uint16_t reg, uint16_t *offset,
		   uint32_t *value)
{
	uint16_t cap;
	int ret = nvmet_pcie_cap_find(ctrl, cap_id, &cap);

	if (ret)
		return ret;
	*offset = cap + reg;
	return nvmet_ctrl_cfg_read(ctrl, *offset, 2, value);
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

int nvmet_pcie_power_state(struct nvmet_ctrl *ctrl, unsigned int *d)
{
	uint16_t pmcsr;
	uint32_t v;
	int ret;

	if (!d)
		return -EINVAL;
	ret = cap_reg(ctrl, NVMET_PCI_CAP_PM, PCI_PM_CTRL, &pmcsr, &v);
	if (!ret)
		*d = v & PCI_PM_CTRL_STATE;
	return ret;
}

int nvmet_pcie_set_power_state(struct nvmet_ctrl *ctrl, unsigned int d)
{
	uint16_t pmcsr;
	uint32_t v;
	int ret;

	if (d != NVMET_PCI_D0 && d != NVMET_PCI_D3HOT)
		return -EINVAL;
	ret = cap_reg(ctrl, NVMET_PCI_CAP_PM, PCI_PM_CTRL, &pmcsr, &v);
	if (ret || (v & PCI_PM_CTRL_STATE) == d)
		return ret;
	v &= ~(PCI_PM_CTRL_STATE | PCI_PM_CTRL_PME_STATUS);
	ret = nvmet_ctrl_cfg_write(ctrl, pmcsr, 2, v | d);
	if (!ret)
		sleep_ms(PCI_PM_SETTLE_MS);
	return ret;
}

int nvmet_pcie_aspm_get(struct nvmet_ctrl *ctrl, unsigned int *aspm)
{
	uint16_t lnkctl;
	uint32_t v;
	int ret;

	if (!aspm)
		return -EINVAL;
	ret = cap_reg(ctrl, NVMET_PCI_CAP_EXP, PCI_EXP_LNKCTL, &lnkctl, &v);
	if (!ret)
		*aspm = v & PCI_EXP_LNKCTL_ASPM;
	return ret;
}

int nvmet_pcie_aspm_set(struct nvmet_ctrl *ctrl, unsigned int aspm)
{
	uint16_t lnkctl;
	uint32_t v;
	int ret;

	if (aspm > NVMET_PCIE_ASPM_L0S_L1)
		return -EINVAL;
	ret = cap_reg(ctrl, NVMET_PCI_CAP_EXP, PCI_EXP_LNKCTL, &lnkctl, &v);
	if (!ret)
		ret = nvmet_ctrl_cfg_write(ctrl, lnkctl, 2, (v & ~PCI_EXP_LNKCTL_ASPM) | aspm);
	return ret;
}

int nvmet_pcie_link_status(struct nvmet_ctrl *ctrl, unsigned int *speed, unsigned int *width)
{
	uint16_t lnksta;
	uint32_t v;
	int ret;

	ret = cap_reg(ctrl, NVMET_PCI_CAP_EXP, PCI_EXP_LNKSTA, &lnksta, &v);
	if (ret)
		return ret;
	if (speed)
		*speed = v & 0xf;
	if (width)
		*width = (v >> 4) & 0x3f;
	return 0;
}

static int pci_reset_op(struct nvmet_ctrl *ctrl, int method)
{
	return ctrl->tp->pci_reset(ctrl, method);
}

int nvmet_pcie_reset(struct nvmet_ctrl *ctrl, enum nvmet_pcie_reset_method method)
{
	if (method != NVMET_PCIE_FLR && method != NVMET_PCIE_HOT_RESET)
		return -EINVAL;
	if (!ctrl->tp->pci_reset)
		return -EOPNOTSUPP;
	/* The numbers are the module's NVMETEST_PCI_RESET_* ones. */
	return nvmet_ctrl_reset_with(ctrl, pci_reset_op, (int)method);
}
