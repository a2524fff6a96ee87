// SPDX-License-Identifier: GPL-2.0
/*
 * regs.c - controller enable, disable and reset (CC/CSTS with CAP.TO
 * honoured), and raw BAR0 access for user space (never the MSI-X table).
 */
#include <linux/delay.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/jiffies.h>
#include <linux/uaccess.h>

#include "core.h"

static int nvmetest_wait_ready(struct nvmetest_ctrl *ctrl, bool ready)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(ctrl->timeout_ms);
	u32 csts;

	for (;;) {
		csts = readl(ctrl->bar + NVME_REG_CSTS);
		if (csts == ~0u)
			return -ENODEV;
		if (!!(csts & NVME_CSTS_RDY) == ready)
			return 0;
		if (ready && (csts & NVME_CSTS_CFS))
			return -EIO;
		/*
		 * An enable is pointless once the device is being removed; a
		 * disable is waited for to the end: memory is freed after it.
		 */
		if (time_after(jiffies, deadline) || (ready && READ_ONCE(ctrl->dead)))
			break;
		usleep_range(1000, 2000);
	}
	dev_err(&ctrl->pdev->dev, "CSTS.RDY did not become %d within %u ms (CSTS %08x)\n",
		ready, ctrl->timeout_ms, csts);
	return -ETIMEDOUT;
}

int nvmetest_ctrl_disable(struct nvmetest_ctrl *ctrl)
{
	u32 cc = readl(ctrl->bar + NVME_REG_CC);

	if (cc == ~0u)
		return -ENODEV;
	writel(cc & ~NVME_CC_ENABLE, ctrl->bar + NVME_REG_CC);
	return nvmetest_wait_ready(ctrl, false);
}

int nvmetest_ctrl_enable(struct nvmetest_ctrl *ctrl)
{
	u32 aqa = (NVMETEST_AQ_DEPTH - 1) | ((NVMETEST_AQ_DEPTH - 1) << 16);

	writel(aqa, ctrl->bar + NVME_REG_AQA);
	lo_hi_writeq(ctrl->aq.sq.dma, ctrl->bar + NVME_REG_ASQ);
	lo_hi_writeq(ctrl->aq.cq.dma, ctrl->bar + NVME_REG_ACQ);
	/* NVM command set, 4 KiB pages, round robin, 64/16-byte entries. */
	writel(NVME_CC_CSS_NVM | NVME_CC_IOSQES | NVME_CC_IOCQES | NVME_CC_ENABLE,
	       ctrl->bar + NVME_REG_CC);
	return nvmetest_wait_ready(ctrl, true);
}

static unsigned int io_queues;
module_param(io_queues, uint, 0644);
MODULE_PARM_DESC(io_queues,
		 "I/O queue pairs to ask the controller for at each enable (default 0: all it has)");

/*
 * Number of Queues: ask for io_queues pairs (or as many as the controller
 * gives) and use no more than asked, even when it grants more.
 */
static int nvmetest_ctrl_queues(struct nvmetest_ctrl *ctrl)
{
	u32 want = min(READ_ONCE(io_queues) ? READ_ONCE(io_queues) : 0xffffu, 0xffffu);
	struct nvme_command cmd = {
		.features.opcode = nvme_admin_set_features,
		.features.fid = cpu_to_le32(NVME_FEAT_NUM_QUEUES),
		/* NSQR and NCQR, 0-based, in the low and high halves. */
		.features.dword11 = cpu_to_le32((want - 1) | (want - 1) << 16),
	};
	u32 status, dw0, nsq, ncq, granted;
	int ret;

	ret = nvmetest_aq_simple(ctrl, &cmd, 0, &status, &dw0);
	if (ret)
		return ret;
	if (status) {
		dev_err(&ctrl->pdev->dev, "Set Features Number of Queues failed: status %#x\n",
			status);
		return -EIO;
	}
	nsq = (dw0 & 0xffff) + 1;
	ncq = (dw0 >> 16) + 1;
	granted = min3(nsq, ncq, want);
	/* After a reset the tables keep their probe-time size. */
	ctrl->max_qid = ctrl->sqs ? min(granted, ctrl->ioq_slots) : granted;
	return 0;
}

/**
 * nvmetest_ctrl_stop_dma() - make sure the device writes no more host memory
 * @ctrl: controller
 *
 * CC.EN = 0 and CSTS.RDY = 0 waited for (CAP.TO); when the controller does
 * not confirm it, bus mastering is turned off, which stops its DMA at the
 * function whatever its state. Either way every DMA allocation may be freed
 * after this returns.
 *
 * Return: 0 when the controller confirmed it is disabled, else the error
 * (bus mastering is then off).
 */
int nvmetest_ctrl_stop_dma(struct nvmetest_ctrl *ctrl)
{
	int ret = -ENODEV;

	if (pci_device_is_present(ctrl->pdev))
		ret = nvmetest_ctrl_disable(ctrl);
	if (ret)
		pci_clear_master(ctrl->pdev);
	return ret;
}

/**
 * nvmetest_dma_stopped_note() - log the state DMA memory is freed in
 * @ctrl: controller
 * @why: the path freeing it
 *
 * A dynamic debug line ("nvmetest +p") read by the selftests: on every
 * path, CSTS.RDY is 0 or bus mastering is off when memory goes.
 */
void nvmetest_dma_stopped_note(struct nvmetest_ctrl *ctrl, const char *why)
{
	u32 csts = pci_device_is_present(ctrl->pdev) ? readl(ctrl->bar + NVME_REG_CSTS) : ~0u;
	u16 cmd = 0;

	pci_read_config_word(ctrl->pdev, PCI_COMMAND, &cmd);
	dev_dbg(&ctrl->pdev->dev, "%s: freeing DMA memory: CSTS %08x RDY %u, bus master %s\n",
		why, csts, csts & NVME_CSTS_RDY, cmd & PCI_COMMAND_MASTER ? "on" : "off");
}

/*
 * Bring a disabled controller up: bus mastering (a reset or removal may
 * have turned it off), admin queue, enable, queue count. Never once the
 * device is being removed: removal disables it after taking ctrl->lock.
 */
int nvmetest_ctrl_start(struct nvmetest_ctrl *ctrl)
{
	int ret;

	if (READ_ONCE(ctrl->dead))
		return -ENODEV;
	pci_set_master(ctrl->pdev);
	nvmetest_aq_reinit(ctrl);
	ret = nvmetest_ctrl_enable(ctrl);
	if (ret)
		return ret;
	nvmetest_aq_set_live(ctrl, true);
	return nvmetest_ctrl_queues(ctrl);
}

/**
 * nvmetest_ctrl_reset() - CC.EN 1 -> 0 -> 1 and the admin queue anew
 * @ctrl: controller, with ctrl->lock held
 *
 * Commands in flight end as aborted; I/O queues become orphans whose
 * memory stays mapped until deleted.
 *
 * Return: 0 or a negative errno.
 */
int nvmetest_ctrl_reset(struct nvmetest_ctrl *ctrl)
{
	int ret;

	lockdep_assert_held(&ctrl->lock);
	ret = nvmetest_ctrl_quiesce(ctrl);
	if (ret)
		return ret;
	ret = nvmetest_ctrl_start(ctrl);
	ctrl->resets++;
	return ret;
}

/**
 * nvmetest_ctrl_quiesce() - stop the controller and end what it was doing
 * @ctrl: controller, with ctrl->lock held
 *
 * Return: 0, or a negative errno when the controller did not stop (its
 * commands then stay in flight).
 */
int nvmetest_ctrl_quiesce(struct nvmetest_ctrl *ctrl)
{
	int ret;

	lockdep_assert_held(&ctrl->lock);
	nvmetest_aq_set_live(ctrl, false);
	ret = nvmetest_ctrl_disable(ctrl);
	if (ret)
		return ret;
	nvmetest_ctrl_forget(ctrl);
	return 0;
}

/**
 * nvmetest_ctrl_forget() - a reset: end what the controller was doing
 * @ctrl: controller, with ctrl->lock held, its DMA stopped
 *
 * The device writes to no host memory any more, so the commands in flight
 * end (aborted) and the memory kept for it goes; the I/O queues become
 * orphans.
 */
void nvmetest_ctrl_forget(struct nvmetest_ctrl *ctrl)
{
	lockdep_assert_held(&ctrl->lock);
	nvmetest_dma_stopped_note(ctrl, "reset");
	nvmetest_aq_abort_all(ctrl);
	nvmetest_aq_release_orphans(ctrl);
	nvmetest_ioq_orphan_all(ctrl);
	nvmetest_obj_free_zombies(ctrl);
}

/**
 * nvmetest_regs_find_msix() - where the MSI-X table and PBA lie in BAR0
 * @ctrl: controller, BAR0 mapped
 */
void nvmetest_regs_find_msix(struct nvmetest_ctrl *ctrl)
{
	struct pci_dev *pdev = ctrl->pdev;
	u32 where[2];
	u16 flags;
	u32 n;
	int i;

	if (!pdev->msix_cap)
		return;
	pci_read_config_word(pdev, pdev->msix_cap + PCI_MSIX_FLAGS, &flags);
	pci_read_config_dword(pdev, pdev->msix_cap + PCI_MSIX_TABLE, &where[0]);
	pci_read_config_dword(pdev, pdev->msix_cap + PCI_MSIX_PBA, &where[1]);
	n = (flags & PCI_MSIX_FLAGS_QSIZE) + 1;
	for (i = 0; i < 2; i++) {
		if (where[i] & PCI_MSIX_TABLE_BIR)
			continue;
		ctrl->msix_bar0[i].start = where[i] & PCI_MSIX_TABLE_OFFSET;
		ctrl->msix_bar0[i].len = i ? DIV_ROUND_UP(n, 64) * 8 : n * PCI_MSIX_ENTRY_SIZE;
	}
}

static int nvmetest_reg_check(struct nvmetest_ctrl *ctrl, const struct nvmetest_reg *r,
			      bool write)
{
	int i;

	if (r->rsvd || (r->width != 4 && r->width != 8))
		return -EINVAL;
	if (r->offset & (r->width - 1))
		return -EINVAL;
	if ((u64)r->offset + r->width > ctrl->bar_len)
		return -EINVAL;
	if (write && r->width == 4 && r->value > U32_MAX)
		return -EINVAL;
	/* The kernel's interrupt routing: a write could make the device DMA anywhere. */
	for (i = 0; write && i < ARRAY_SIZE(ctrl->msix_bar0); i++)
		if (r->offset < ctrl->msix_bar0[i].start + ctrl->msix_bar0[i].len &&
		    ctrl->msix_bar0[i].start < r->offset + r->width)
			return -EPERM;
	return 0;
}

long nvmetest_ioctl_reg(struct nvmetest_file *nf, unsigned int cmd, void __user *argp)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	bool write = cmd == NVMETEST_IOC_REG_WRITE;
	void __iomem *addr;
	struct nvmetest_reg r;
	long ret;

	if (copy_from_user(&r, argp, sizeof(r)))
		return -EFAULT;
	ret = nvmetest_reg_check(ctrl, &r, write);
	if (ret)
		return ret;
	addr = ctrl->bar + r.offset;
	/* Not while the function is out of D0: the access would not be decoded. */
	down_read(&ctrl->map_lock);
	if (ctrl->bar_off)
		ret = -EIO;
	else if (write && r.width == 8)
		writeq(r.value, addr);
	else if (write)
		writel(r.value, addr);
	else
		r.value = r.width == 8 ? readq(addr) : readl(addr);
	up_read(&ctrl->map_lock);
	if (ret || write)
		return ret;
	return copy_to_user(argp, &r, sizeof(r)) ? -EFAULT : 0;
}
