// SPDX-License-Identifier: GPL-2.0
/*
 * cfg.c - NVMETEST_IOC_CFG_READ and _WRITE: the function's configuration
 * space for user space. Writes that would take the function from under
 * the kernel while its BAR is mapped and its interrupts and DMA are set
 * up are refused (-EPERM): a BAR or the expansion ROM moved, memory decode
 * or bus mastering turned off, INTx Disable flipped, the MSI or MSI-X
 * capability rewritten, an FLR started behind the module's back, and the
 * extended capabilities that resize BARs, add functions or change how DMA
 * is translated. A power state change goes through the PCI core, with the
 * doorbell mappings revoked while out of D0.
 */
#include <linux/pci.h>
#include <linux/uaccess.h>

#include "core.h"

/* Extended capabilities no write may reach, and how many bytes they span. */
static const struct {
	u16 id;
	u16 len;
} nvmetest_cfg_guarded_ext[] = {
	{ PCI_EXT_CAP_ID_SRIOV, PCI_EXT_CAP_SRIOV_SIZEOF },	/* VF Enable, VF BARs */
	{ PCI_EXT_CAP_ID_REBAR, 4 + 6 * 8 },			/* BAR sizes */
	{ PCI_EXT_CAP_ID_ATS, PCI_EXT_CAP_ATS_SIZEOF },	/* translated requests */
	{ PCI_EXT_CAP_ID_PRI, PCI_EXT_CAP_PRI_SIZEOF },
	{ PCI_EXT_CAP_ID_PASID, PCI_EXT_CAP_PASID_SIZEOF },
};

static bool nvmetest_cfg_overlaps(const struct nvmetest_cfg *c, u32 start, u32 len)
{
	return c->offset < start + len && start < c->offset + c->width;
}

/*
 * The 16-bit register at @reg as the write would leave it: *@cur now,
 * *@new after. False when the write does not touch it.
 */
static bool nvmetest_cfg_word(struct pci_dev *pdev, const struct nvmetest_cfg *c, u32 reg,
			      u16 *cur, u16 *new)
{
	u32 i;

	if (!reg || !nvmetest_cfg_overlaps(c, reg, 2))
		return false;
	pci_read_config_word(pdev, reg, cur);
	*new = *cur;
	for (i = c->offset; i < c->offset + c->width; i++) {
		if (i < reg || i >= reg + 2)
			continue;
		*new &= ~(0xffu << 8 * (i - reg));
		*new |= ((c->value >> 8 * (i - c->offset)) & 0xff) << 8 * (i - reg);
	}
	return true;
}

static u32 nvmetest_msi_cap_len(struct pci_dev *pdev)
{
	u16 flags;

	pci_read_config_word(pdev, pdev->msi_cap + PCI_MSI_FLAGS, &flags);
	return 10 + (flags & PCI_MSI_FLAGS_64BIT ? 4 : 0) + (flags & PCI_MSI_FLAGS_MASKBIT ? 10 : 0);
}

/* 0 when the write may go, else -EPERM. */
static int nvmetest_cfg_guard(struct pci_dev *pdev, const struct nvmetest_cfg *c)
{
	u16 cur, new;
	int i, pos;

	if (nvmetest_cfg_overlaps(c, PCI_BASE_ADDRESS_0, PCI_BASE_ADDRESS_5 + 4 - PCI_BASE_ADDRESS_0) ||
	    nvmetest_cfg_overlaps(c, PCI_ROM_ADDRESS, 4))
		return -EPERM;
	if (nvmetest_cfg_word(pdev, c, PCI_COMMAND, &cur, &new) &&
	    ((cur ^ new) & (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE)))
		return -EPERM;
	if (pdev->msi_cap && nvmetest_cfg_overlaps(c, pdev->msi_cap, nvmetest_msi_cap_len(pdev)))
		return -EPERM;
	if (pdev->msix_cap && nvmetest_cfg_overlaps(c, pdev->msix_cap, PCI_CAP_MSIX_SIZEOF))
		return -EPERM;
	if (pdev->pcie_cap &&
	    nvmetest_cfg_word(pdev, c, pdev->pcie_cap + PCI_EXP_DEVCTL, &cur, &new) &&
	    (new & PCI_EXP_DEVCTL_BCR_FLR))
		return -EPERM;
	for (i = 0; i < ARRAY_SIZE(nvmetest_cfg_guarded_ext); i++) {
		pos = pci_find_ext_capability(pdev, nvmetest_cfg_guarded_ext[i].id);
		if (pos && nvmetest_cfg_overlaps(c, pos, nvmetest_cfg_guarded_ext[i].len))
			return -EPERM;
	}
	return 0;
}

/*
 * A power state change, through the PCI core: it waits the transition
 * times and, coming back to D0 from D3hot without No_Soft_Reset, restores
 * the configuration the reset lost (then the controller needs a reset:
 * admin commands get -EBUSY until NVMETEST_IOC_RESET). Out of D0 no admin
 * command is sent and BAR0 is out of reach of user space.
 */
static int nvmetest_cfg_power(struct nvmetest_ctrl *ctrl, u16 pmcsr)
{
	struct pci_dev *pdev = ctrl->pdev;
	/* PMCSR's PowerState field is the D state's number. */
	pci_power_t state = (__force pci_power_t)(pmcsr & PCI_PM_CTRL_STATE_MASK);
	u16 now;
	int ret;

	if (mutex_lock_killable(&ctrl->lock))
		return -EINTR;
	if (state != PCI_D0 && !ctrl->bar_off) {
		pci_save_state(pdev);
		ctrl->live_before_d3 = ctrl->aq.live;
		nvmetest_aq_set_live(ctrl, false);
		nvmetest_bar_off(ctrl, true);
	}
	ret = pci_set_power_state(pdev, state);
	pci_read_config_word(pdev, pdev->pm_cap + PCI_PM_CTRL, &now);
	if (!(now & PCI_PM_CTRL_STATE_MASK) && ctrl->bar_off) {
		if (now & PCI_PM_CTRL_NO_SOFT_RESET)
			nvmetest_aq_set_live(ctrl, ctrl->live_before_d3);
		else
			pci_restore_state(pdev);
		nvmetest_bar_off(ctrl, false);
	}
	mutex_unlock(&ctrl->lock);
	return ret;
}

static int nvmetest_cfg_write(struct nvmetest_ctrl *ctrl, const struct nvmetest_cfg *c)
{
	struct pci_dev *pdev = ctrl->pdev;
	u16 cur, new;
	int ret;

	ret = nvmetest_cfg_guard(pdev, c);
	if (ret)
		return ret;
	if (pdev->pm_cap && nvmetest_cfg_word(pdev, c, pdev->pm_cap + PCI_PM_CTRL, &cur, &new) &&
	    ((cur ^ new) & PCI_PM_CTRL_STATE_MASK)) {
		ret = nvmetest_cfg_power(ctrl, new);
		if (ret)
			return ret;
	}
	/* The rest of the write; a power state in it is the one reached now. */
	if (c->width == 1)
		ret = pci_write_config_byte(pdev, c->offset, c->value);
	else if (c->width == 2)
		ret = pci_write_config_word(pdev, c->offset, c->value);
	else
		ret = pci_write_config_dword(pdev, c->offset, c->value);
	return pcibios_err_to_errno(ret);
}

long nvmetest_ioctl_cfg(struct nvmetest_file *nf, unsigned int cmd, void __user *argp)
{
	struct pci_dev *pdev = nf->ctrl->pdev;
	struct nvmetest_cfg c;
	u16 v16;
	u8 v8;
	int ret;

	if (copy_from_user(&c, argp, sizeof(c)))
		return -EFAULT;
	if (c.rsvd || (c.width != 1 && c.width != 2 && c.width != 4))
		return -EINVAL;
	if ((c.offset & (c.width - 1)) || (u64)c.offset + c.width > pdev->cfg_size)
		return -EINVAL;
	if (cmd == NVMETEST_IOC_CFG_WRITE) {
		if (c.width < 4 && c.value >> (8 * c.width))
			return -EINVAL;
		return nvmetest_cfg_write(nf->ctrl, &c);
	}
	if (c.width == 1) {
		ret = pci_read_config_byte(pdev, c.offset, &v8);
		c.value = v8;
	} else if (c.width == 2) {
		ret = pci_read_config_word(pdev, c.offset, &v16);
		c.value = v16;
	} else {
		ret = pci_read_config_dword(pdev, c.offset, &c.value);
	}
	if (ret)
		return pcibios_err_to_errno(ret);
	return copy_to_user(argp, &c, sizeof(c)) ? -EFAULT : 0;
}
