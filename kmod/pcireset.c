// SPDX-License-Identifier: GPL-2.0
/*
 * pcireset.c - NVMETEST_IOC_PCI_RESET: Function Level Reset or a hot reset
 * of the bus, with the controller stopped before and started after.
 */
#include <linux/pci.h>
#include <linux/uaccess.h>

#include "core.h"

static int nvmetest_flr(struct pci_dev *pdev)
{
	u32 devcap;

	if (pcie_capability_read_dword(pdev, PCI_EXP_DEVCAP, &devcap) ||
	    !(devcap & PCI_EXP_DEVCAP_FLR) || (pdev->dev_flags & PCI_DEV_FLAGS_NO_FLR_RESET))
		return -ENOTTY;
	pci_save_state(pdev);
	pcie_flr(pdev);
	pci_restore_state(pdev);
	return 0;
}

/*
 * A hot reset of the function alone on its bus: the parent bridge's
 * secondary bus reset, as the kernel's own per-function "bus" method does.
 */
static int nvmetest_bus_reset(struct pci_dev *pdev)
{
	struct pci_dev *bridge = pdev->bus->self;

	if (pci_is_root_bus(pdev->bus) || !bridge || pdev->subordinate ||
	    (bridge->dev_flags & PCI_DEV_FLAGS_NO_BUS_RESET) ||
	    !list_is_singular(&pdev->bus->devices))
		return -ENOTTY;
	pci_save_state(pdev);
	pci_bridge_secondary_bus_reset(bridge);
	pci_restore_state(pdev);
	return 0;
}

long nvmetest_ioctl_pci_reset(struct nvmetest_file *nf, void __user *argp)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	struct nvmetest_pci_reset req;
	long ret;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (!nvmetest_rsvd_zero(req.rsvd, sizeof(req.rsvd)))
		return -EINVAL;
	if (req.method != NVMETEST_PCI_RESET_FLR && req.method != NVMETEST_PCI_RESET_BUS)
		return -EINVAL;

	if (mutex_lock_killable(&ctrl->lock))
		return -EINTR;
	/* Stopped even if it would not disable: the reset stops it anyway. */
	nvmetest_ctrl_quiesce(ctrl);
	if (req.method == NVMETEST_PCI_RESET_FLR)
		ret = nvmetest_flr(ctrl->pdev);
	else
		ret = nvmetest_bus_reset(ctrl->pdev);
	/* Quiesced but not reset: bring it back all the same. */
	if (nvmetest_ctrl_quiesce(ctrl) == 0 && nvmetest_ctrl_start(ctrl) && !ret)
		ret = -EIO;
	ctrl->resets++;
	mutex_unlock(&ctrl->lock);
	return ret;
}
