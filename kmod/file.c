// SPDX-License-Identifier: GPL-2.0
/*
 * file.c - /dev/nvmetestN: open, release, poll and the ioctl dispatcher.
 * Every operation holds state_rwsem for read, so removal (which takes it
 * for write) waits for operations in progress and later ones see dead.
 */
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/poll.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "core.h"

static dev_t nvmetest_devt;
static struct class *nvmetest_class;
static DEFINE_IDA(nvmetest_ida);

/*
 * The file drives the controller's DMA: through its I/O queues (PRPs user
 * space writes) and RAW_DPTR, to any bus address. That is as strong as
 * /dev/mem, and opening it is checked as /dev/mem is: CAP_SYS_RAWIO, and
 * never under kernel lockdown. Where no IOMMU translates for the device
 * those addresses are physical memory: that is said and the kernel tainted
 * at each open, as vfio's no-IOMMU mode does.
 */
static int nvmetest_open_allowed(struct nvmetest_ctrl *ctrl)
{
	int ret;

	if (!capable(CAP_SYS_RAWIO))
		return -EPERM;
	ret = security_locked_down(LOCKDOWN_DEV_MEM);
	if (ret)
		return ret;
	if (!ctrl->iommu) {
		if (!test_and_set_bit(0, &ctrl->warned_no_iommu))
			dev_warn(&ctrl->pdev->dev,
				 "%s opened by %s (%d) without an IOMMU translating for the device: it can read and write any memory; tainting the kernel\n",
				 dev_name(&ctrl->dev), current->comm, task_pid_nr(current));
		add_taint(TAINT_USER, LOCKDEP_STILL_OK);
	}
	return 0;
}

static int nvmetest_open(struct inode *inode, struct file *filp)
{
	struct nvmetest_ctrl *ctrl = container_of(inode->i_cdev, struct nvmetest_ctrl, cdev);
	struct nvmetest_file *nf;
	int ret;

	ret = nvmetest_open_allowed(ctrl);
	if (ret)
		return ret;
	nf = kzalloc(sizeof(*nf), GFP_KERNEL);
	if (!nf)
		return -ENOMEM;
	down_read(&ctrl->state_rwsem);
	if (ctrl->dead) {
		ret = -ENODEV;
		goto out;
	}
	get_device(&ctrl->dev);
	nf->ctrl = ctrl;
	nf->filp = filp;
	nvmetest_async_init_file(nf);
	filp->private_data = nf;
	mutex_lock(&ctrl->files_lock);
	list_add_tail(&nf->node, &ctrl->files);
	mutex_unlock(&ctrl->files_lock);
out:
	up_read(&ctrl->state_rwsem);
	if (ret)
		kfree(nf);
	return ret;
}

static int nvmetest_release(struct inode *inode, struct file *filp)
{
	struct nvmetest_file *nf = filp->private_data;
	struct nvmetest_ctrl *ctrl = nf->ctrl;

	down_read(&ctrl->state_rwsem);
	/*
	 * Always, even when removal has begun: until it takes state_rwsem
	 * it may still end commands in flight onto this file's list.
	 */
	nvmetest_async_release_file(ctrl, nf, ctrl->dead);
	mutex_lock(&ctrl->lock);
	if (!ctrl->dead) {
		nvmetest_irq_release_file(ctrl, nf);
		nvmetest_ioq_release_file(ctrl, nf);
		nvmetest_obj_free_file(ctrl, nf);
	}
	/* What stays (removal frees it) no longer points to this file. */
	nvmetest_obj_disown_file(ctrl, nf);
	mutex_unlock(&ctrl->lock);
	mutex_lock(&ctrl->files_lock);
	list_del(&nf->node);
	mutex_unlock(&ctrl->files_lock);
	up_read(&ctrl->state_rwsem);
	kfree(nf);
	put_device(&ctrl->dev);
	return 0;
}

static __poll_t nvmetest_poll(struct file *filp, struct poll_table_struct *wait)
{
	struct nvmetest_file *nf = filp->private_data;
	struct nvmetest_ctrl *ctrl = nf->ctrl;

	poll_wait(filp, &ctrl->dead_wq, wait);
	if (READ_ONCE(ctrl->dead))
		return EPOLLHUP | EPOLLERR;
	return nvmetest_async_poll(nf, filp, wait);
}

static long nvmetest_ioctl_info(struct nvmetest_file *nf, void __user *argp)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	struct pci_dev *pdev = ctrl->pdev;
	struct nvmetest_info info = {};
	int i;

	info.abi_version = NVMETEST_ABI_VERSION;
	info.flags = (ctrl->aq.live ? NVMETEST_INFO_READY : 0) |
		     (ctrl->iommu ? NVMETEST_INFO_IOMMU : 0);
	info.domain = pci_domain_nr(pdev->bus);
	info.bus = pdev->bus->number;
	info.devfn = pdev->devfn;
	info.instance = ctrl->instance;
	info.vendor_id = pdev->vendor;
	info.device_id = pdev->device;
	info.subsystem_vendor_id = pdev->subsystem_vendor;
	info.subsystem_device_id = pdev->subsystem_device;
	info.class_code = pdev->class;
	info.revision = pdev->revision;
	info.irq_kind = ctrl->irq_kind;
	info.nr_vectors = ctrl->nr_vectors;
	info.db_stride = ctrl->db_stride;
	info.cfg_size = pdev->cfg_size;
	info.max_qid = ctrl->max_qid;
	info.mqes = NVME_CAP_MQES(ctrl->cap) + 1;
	info.timeouts = ctrl->timeouts;
	info.resets = ctrl->resets;
	info.cap = ctrl->cap;
	for (i = 0; i < PCI_STD_NUM_BARS; i++)
		info.bar_size[i] = pci_resource_len(pdev, i);
	info.db_offset = NVME_REG_DBS;
	info.db_size = ctrl->db_size;
	spin_lock(&ctrl->dma_lock);
	info.dma_bytes = ctrl->dma_bytes;
	info.file_dma_bytes = nf->dma_bytes;
	spin_unlock(&ctrl->dma_lock);
	info.dma_limit = nvmetest_dma_limit(false);
	info.file_dma_limit = nvmetest_dma_limit(true);
	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}

static long nvmetest_ioctl_reset(struct nvmetest_ctrl *ctrl)
{
	long ret;

	if (mutex_lock_killable(&ctrl->lock))
		return -EINTR;
	ret = nvmetest_ctrl_reset(ctrl);
	mutex_unlock(&ctrl->lock);
	return ret;
}

static long nvmetest_dispatch(struct nvmetest_file *nf, unsigned int cmd, void __user *argp)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;

	switch (cmd) {
	case NVMETEST_IOC_INFO:
		return nvmetest_ioctl_info(nf, argp);
	case NVMETEST_IOC_REG_READ:
	case NVMETEST_IOC_REG_WRITE:
		return nvmetest_ioctl_reg(nf, cmd, argp);
	case NVMETEST_IOC_CFG_READ:
	case NVMETEST_IOC_CFG_WRITE:
		return nvmetest_ioctl_cfg(nf, cmd, argp);
	case NVMETEST_IOC_ADMIN_CMD:
		return nvmetest_ioctl_admin(nf, argp);
	case NVMETEST_IOC_BUF_ALLOC:
		return nvmetest_ioctl_buf_alloc(nf, argp);
	case NVMETEST_IOC_BUF_FREE:
		return nvmetest_ioctl_buf_free(nf, argp);
	case NVMETEST_IOC_CREATE_CQ:
	case NVMETEST_IOC_CREATE_SQ:
	case NVMETEST_IOC_DELETE_SQ:
	case NVMETEST_IOC_DELETE_CQ:
		return nvmetest_ioctl_queue(nf, cmd, argp);
	case NVMETEST_IOC_IRQ_GET:
	case NVMETEST_IOC_IRQ_CLEAR:
	case NVMETEST_IOC_IRQ_MASK:
	case NVMETEST_IOC_IRQ_UNMASK:
	case NVMETEST_IOC_IRQ_EVENTFD:
		return nvmetest_ioctl_irq(nf, cmd, argp);
	case NVMETEST_IOC_RESET:
		return nvmetest_ioctl_reset(ctrl);
	case NVMETEST_IOC_CMDLOG:
		return nvmetest_ioctl_cmdlog(nf, argp);
	case NVMETEST_IOC_ADMIN_SUBMIT:
		return nvmetest_ioctl_admin_submit(nf, argp);
	case NVMETEST_IOC_ADMIN_REAP:
		return nvmetest_ioctl_admin_reap(nf, argp);
	case NVMETEST_IOC_PCI_RESET:
		return nvmetest_ioctl_pci_reset(nf, argp);
	case NVMETEST_IOC_QUEUE_STATS:
		return nvmetest_ioctl_queue_stats(nf, argp);
	default:
		return -ENOTTY;
	}
}

static long nvmetest_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct nvmetest_file *nf = filp->private_data;
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	long ret;

	down_read(&ctrl->state_rwsem);
	if (ctrl->dead)
		ret = -ENODEV;
	else
		ret = nvmetest_dispatch(nf, cmd, (void __user *)arg);
	up_read(&ctrl->state_rwsem);
	return ret;
}

static const struct file_operations nvmetest_fops = {
	.owner = THIS_MODULE,
	.open = nvmetest_open,
	.release = nvmetest_release,
	.unlocked_ioctl = nvmetest_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = nvmetest_mmap,
	.poll = nvmetest_poll,
	.llseek = noop_llseek,
};

static void nvmetest_ctrl_release(struct device *dev)
{
	struct nvmetest_ctrl *ctrl = container_of(dev, struct nvmetest_ctrl, dev);

	ida_free(&nvmetest_ida, ctrl->instance);
	pci_dev_put(ctrl->pdev);
	kfree(ctrl);
}

/*
 * Sets up ctrl->dev, whose release frees ctrl: on success the caller
 * drops it with put_device(); on failure ctrl is already freed.
 */
int nvmetest_chrdev_add(struct nvmetest_ctrl *ctrl)
{
	int ret;

	ret = ida_alloc_max(&nvmetest_ida, NVMETEST_MAX_CTRLS - 1, GFP_KERNEL);
	if (ret < 0) {
		kfree(ctrl);
		return ret;
	}
	ctrl->instance = ret;
	device_initialize(&ctrl->dev);
	ctrl->dev.class = nvmetest_class;
	ctrl->dev.parent = &ctrl->pdev->dev;
	ctrl->dev.devt = MKDEV(MAJOR(nvmetest_devt), ctrl->instance);
	ctrl->dev.release = nvmetest_ctrl_release;
	pci_dev_get(ctrl->pdev);
	ret = dev_set_name(&ctrl->dev, NVMETEST_DEV_PREFIX "%d", ctrl->instance);
	if (ret)
		put_device(&ctrl->dev);
	return ret;
}

int nvmetest_chrdev_publish(struct nvmetest_ctrl *ctrl)
{
	cdev_init(&ctrl->cdev, &nvmetest_fops);
	ctrl->cdev.owner = THIS_MODULE;
	return cdev_device_add(&ctrl->cdev, &ctrl->dev);
}

void nvmetest_chrdev_del(struct nvmetest_ctrl *ctrl)
{
	cdev_device_del(&ctrl->cdev, &ctrl->dev);
}

int nvmetest_chrdev_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&nvmetest_devt, 0, NVMETEST_MAX_CTRLS, NVMETEST_DRIVER_NAME);
	if (ret)
		return ret;
	nvmetest_class = nvmetest_class_create(NVMETEST_DRIVER_NAME);
	if (IS_ERR(nvmetest_class)) {
		unregister_chrdev_region(nvmetest_devt, NVMETEST_MAX_CTRLS);
		return PTR_ERR(nvmetest_class);
	}
	return 0;
}

void nvmetest_chrdev_exit(void)
{
	class_destroy(nvmetest_class);
	unregister_chrdev_region(nvmetest_devt, NVMETEST_MAX_CTRLS);
	ida_destroy(&nvmetest_ida);
}
