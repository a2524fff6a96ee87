// SPDX-License-Identifier: GPL-2.0
/*
 * pcireset.c - resets of the PCI function, all through the PCI core: the
 * reset_prepare/reset_done handlers stop the controller before any reset
 * of the function (NVMETEST_IOC_PCI_RESET, a write to its sysfs reset
 * attribute, a bus reset by another driver) and bring it back after, with
 * the doorbell mappings revoked in between.
 */
#include <linux/pci.h>
#include <linux/uaccess.h>

#include "core.h"

/*
 * Called by the PCI core with the device locked, before it saves the
 * configuration and resets the function. ctrl->lock is held until
 * nvmetest_reset_done(), which the core always calls next.
 */
static void nvmetest_reset_prepare(struct pci_dev *pdev)
{
	struct nvmetest_ctrl *ctrl = pci_get_drvdata(pdev);

	mutex_lock(&ctrl->lock);
	nvmetest_bar_off(ctrl, true);
	nvmetest_aq_set_live(ctrl, false);
	/* The reset stops the controller anyway; the memory goes after either. */
	nvmetest_ctrl_stop_dma(ctrl);
	nvmetest_ctrl_forget(ctrl);
}

/* The configuration is restored: the controller starts again. */
static void nvmetest_reset_done(struct pci_dev *pdev)
{
	struct nvmetest_ctrl *ctrl = pci_get_drvdata(pdev);

	ctrl->reset_err = nvmetest_ctrl_start(ctrl);
	if (ctrl->reset_err)
		dev_err(&pdev->dev, "controller did not come back after the reset: %d\n",
			ctrl->reset_err);
	ctrl->resets++;
	nvmetest_bar_off(ctrl, false);
	mutex_unlock(&ctrl->lock);
}

const struct pci_error_handlers nvmetest_err_handlers = {
	.reset_prepare = nvmetest_reset_prepare,
	.reset_done = nvmetest_reset_done,
};

static int nvmetest_pci_reset(struct nvmetest_ctrl *ctrl, u32 method)
{
	struct pci_dev *pdev = ctrl->pdev;
	u32 devcap;

	if (method == NVMETEST_PCI_RESET_FLR) {
		if (pcie_capability_read_dword(pdev, PCI_EXP_DEVCAP, &devcap) ||
		    !(devcap & PCI_EXP_DEVCAP_FLR) || (pdev->dev_flags & PCI_DEV_FLAGS_NO_FLR_RESET))
			return -ENOTTY;
		return pci_try_reset_function(pdev);
	}
	/* Only the function alone below its bridge: nothing else is reset with it. */
	if (pci_is_root_bus(pdev->bus) || !pdev->bus->self || pdev->subordinate ||
	    !list_is_singular(&pdev->bus->devices))
		return -ENOTTY;
	return pci_reset_bus(pdev);
}

long nvmetest_ioctl_pci_reset(struct nvmetest_file *nf, void __user *argp)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	struct nvmetest_pci_reset req;
	u32 resets = READ_ONCE(ctrl->resets);
	long ret;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (!nvmetest_rsvd_zero(req.rsvd, sizeof(req.rsvd)))
		return -EINVAL;
	if (req.method != NVMETEST_PCI_RESET_FLR && req.method != NVMETEST_PCI_RESET_BUS)
		return -EINVAL;
	/* -EAGAIN: the device is locked (another reset, removal under way). */
	ret = nvmetest_pci_reset(ctrl, req.method);
	/*
	 * The core may report an error after resetting: a bus reset fails with
	 * -ENOTTY when the link does not come back in time (QEMU's root port
	 * never reports it). Whether the function was reset is known from
	 * reset_done having run; then what counts is the controller coming back.
	 */
	if (READ_ONCE(ctrl->resets) == resets)
		return ret ? ret : -EIO;
	if (ret)
		dev_info(&ctrl->pdev->dev, "PCI reset done, the PCI core said %ld\n", ret);
	return READ_ONCE(ctrl->reset_err) ? -EIO : 0;
}
