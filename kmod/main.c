// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - nvmetest: a PCI driver that binds only the NVMe functions the
 * user hands it (driver_override), brings the controller up and exposes it
 * to test programs as /dev/nvmetestN.
 */
#include <linux/cc_platform.h>
#include <linux/dma-mapping.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/iommu.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "core.h"

unsigned int nvmetest_admin_timeout_ms = 10000;
module_param_named(admin_timeout_ms, nvmetest_admin_timeout_ms, uint, 0644);
MODULE_PARM_DESC(admin_timeout_ms, "Default admin command timeout in ms (default 10000)");

static void nvmetest_abi_sizes(void)
{
	BUILD_BUG_ON(sizeof(struct nvmetest_info) != NVMETEST_SIZEOF_INFO);
	BUILD_BUG_ON(sizeof(struct nvmetest_reg) != NVMETEST_SIZEOF_REG);
	BUILD_BUG_ON(sizeof(struct nvmetest_cfg) != NVMETEST_SIZEOF_CFG);
	BUILD_BUG_ON(sizeof(struct nvmetest_admin_cmd) != NVMETEST_SIZEOF_ADMIN_CMD);
	BUILD_BUG_ON(sizeof(struct nvmetest_buf) != NVMETEST_SIZEOF_BUF);
	BUILD_BUG_ON(sizeof(struct nvmetest_queue) != NVMETEST_SIZEOF_QUEUE);
	BUILD_BUG_ON(sizeof(struct nvmetest_irq) != NVMETEST_SIZEOF_IRQ);
	BUILD_BUG_ON(sizeof(struct nvmetest_cmdlog_entry) != NVMETEST_SIZEOF_CMDLOG_ENTRY);
	BUILD_BUG_ON(sizeof(struct nvmetest_cmdlog) != NVMETEST_SIZEOF_CMDLOG);
	BUILD_BUG_ON(sizeof(struct nvmetest_admin_reap) != NVMETEST_SIZEOF_ADMIN_REAP);
	BUILD_BUG_ON(sizeof(struct nvmetest_pci_reset) != NVMETEST_SIZEOF_PCI_RESET);
	BUILD_BUG_ON(sizeof(struct nvmetest_qstats) != NVMETEST_SIZEOF_QSTATS);
	BUILD_BUG_ON(sizeof(struct nvmetest_queue_stats) != NVMETEST_SIZEOF_QUEUE_STATS);
}

/*
 * Doorbells user space may map: those of every queue id granted, and never
 * the MSI-X table or PBA when they share BAR0.
 */
static u32 nvmetest_db_size(struct nvmetest_ctrl *ctrl)
{
	u64 need = PAGE_ALIGN(2ull * (ctrl->ioq_slots + 1) * ctrl->db_stride);
	u64 limit = round_down(ctrl->bar_len, PAGE_SIZE) - NVME_REG_DBS;
	int i;

	for (i = 0; i < ARRAY_SIZE(ctrl->msix_bar0); i++)
		if (ctrl->msix_bar0[i].len && ctrl->msix_bar0[i].start > NVME_REG_DBS)
			limit = min_t(u64, limit, round_down(ctrl->msix_bar0[i].start, PAGE_SIZE) -
					     NVME_REG_DBS);
	return min(need, limit);
}

static int nvmetest_map_bar(struct nvmetest_ctrl *ctrl)
{
	struct pci_dev *pdev = ctrl->pdev;
	int ret;

	ret = pci_request_mem_regions(pdev, NVMETEST_DRIVER_NAME);
	if (ret)
		return ret;
	ctrl->bar_phys = pci_resource_start(pdev, 0);
	ctrl->bar_len = pci_resource_len(pdev, 0);
	if (ctrl->bar_len < NVME_REG_DBS + PAGE_SIZE) {
		dev_err(&pdev->dev, "BAR0 of %llu bytes is too small\n", (u64)ctrl->bar_len);
		ret = -ENODEV;
		goto err_release;
	}
	ctrl->bar = pci_iomap(pdev, 0, 0);
	if (!ctrl->bar) {
		ret = -ENOMEM;
		goto err_release;
	}
	ctrl->cap = lo_hi_readq(ctrl->bar + NVME_REG_CAP);
	if (ctrl->cap == ~0ull) {
		dev_err(&pdev->dev, "CAP reads all ones: device not responding\n");
		ret = -ENODEV;
		goto err_unmap;
	}
	if (NVME_CAP_MPSMIN(ctrl->cap) != 0) {
		dev_err(&pdev->dev, "CAP.MPSMIN does not allow 4 KiB pages\n");
		ret = -ENODEV;
		goto err_unmap;
	}
	ctrl->db_stride = 4u << NVME_CAP_STRIDE(ctrl->cap);
	ctrl->timeout_ms = max_t(u32, NVME_CAP_TIMEOUT(ctrl->cap), 1) * 500;
	return 0;

err_unmap:
	pci_iounmap(pdev, ctrl->bar);
err_release:
	pci_release_mem_regions(pdev);
	return ret;
}

static void nvmetest_unmap_bar(struct nvmetest_ctrl *ctrl)
{
	pci_iounmap(ctrl->pdev, ctrl->bar);
	pci_release_mem_regions(ctrl->pdev);
}

/*
 * Whether an IOMMU translates the function's DMA: a DMA API domain, not
 * an identity (passthrough) one or none at all.
 */
static bool nvmetest_iommu_translates(struct pci_dev *pdev)
{
	struct iommu_domain *domain = iommu_get_domain_for_dev(&pdev->dev);

	return domain && iommu_is_dma_domain(domain);
}

static int nvmetest_enable_pci(struct pci_dev *pdev)
{
	int ret;

	ret = pci_enable_device_mem(pdev);
	if (ret)
		return ret;
	/* Bus mastering is turned on by nvmetest_ctrl_start(). */
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (ret && cc_platform_has(CC_ATTR_HOST_MEM_ENCRYPT)) {
		/*
		 * With SME on the host, dma-direct gives a device that cannot
		 * reach the encryption bit decrypted memory, which mmap.c's
		 * default (encrypted) attributes would show as garbage: the
		 * guest case of nvmetest_probe(), on bare metal.
		 */
		dev_err(&pdev->dev, "host memory is encrypted (SME) and the device has no 64-bit DMA: nvmetest cannot map its DMA memory to user space; not binding\n");
		ret = -EOPNOTSUPP;
	} else if (ret) {
		ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
	}
	if (ret)
		pci_disable_device(pdev);
	return ret;
}

static int nvmetest_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct nvmetest_ctrl *ctrl;
	int ret;

	if ((pdev->class >> 8) != (PCI_CLASS_STORAGE_EXPRESS >> 8)) {
		dev_err(&pdev->dev, "class %06x is not an NVMe controller\n", pdev->class);
		return -ENODEV;
	}
	/*
	 * In a guest whose memory is encrypted (SEV, TDX) DMA memory is shared
	 * with the host decrypted, and a user mapping of it needs decrypted
	 * attributes (dma_mmap_coherent() gives them); mmap.c inserts the
	 * pages with the default, encrypted, ones: the program would access
	 * them through the guest's key, and it and the device would each see
	 * the other's data as garbage.
	 */
	if (cc_platform_has(CC_ATTR_GUEST_MEM_ENCRYPT)) {
		dev_err(&pdev->dev, "guest memory is encrypted (SEV/TDX): nvmetest cannot map DMA memory to user space there; not binding\n");
		return -EOPNOTSUPP;
	}
	ctrl = kzalloc(sizeof(*ctrl), GFP_KERNEL);
	if (!ctrl)
		return -ENOMEM;
	ctrl->pdev = pdev;
	init_rwsem(&ctrl->state_rwsem);
	init_rwsem(&ctrl->map_lock);
	mutex_init(&ctrl->lock);
	mutex_init(&ctrl->files_lock);
	spin_lock_init(&ctrl->dma_lock);
	INIT_LIST_HEAD(&ctrl->files);
	INIT_LIST_HEAD(&ctrl->zombies);
	init_waitqueue_head(&ctrl->dead_wq);
	INIT_DELAYED_WORK(&ctrl->timeout_work, nvmetest_async_timeout_work);
	xa_init_flags(&ctrl->objs, XA_FLAGS_ALLOC1);
	ret = nvmetest_chrdev_add(ctrl);
	if (ret)
		return ret;

	ret = nvmetest_enable_pci(pdev);
	if (ret)
		goto err_put;
	ctrl->iommu = nvmetest_iommu_translates(pdev);
	ret = nvmetest_map_bar(ctrl);
	if (ret)
		goto err_disable_pci;
	ret = nvmetest_aq_alloc(ctrl);
	if (ret)
		goto err_unmap;
	ret = nvmetest_cmdlog_alloc(ctrl);
	if (ret)
		goto err_free_aq;
	ret = nvmetest_irq_setup(ctrl);
	if (ret)
		goto err_free_cmdlog;
	ret = nvmetest_ctrl_disable(ctrl);
	if (ret)
		goto err_free_irq;
	ret = nvmetest_ctrl_start(ctrl);
	if (ret)
		goto err_stop;
	ctrl->ioq_slots = ctrl->max_qid;
	ret = nvmetest_ioq_alloc_tables(ctrl);
	if (ret)
		goto err_stop;
	nvmetest_regs_find_msix(ctrl);
	ctrl->db_size = nvmetest_db_size(ctrl);
	pci_set_drvdata(pdev, ctrl);
	ret = nvmetest_chrdev_publish(ctrl);
	if (ret)
		goto err_free_tables;
	nvmetest_nl_ctrl_add(ctrl);

	dev_info(&pdev->dev, "%s: %u %s vectors, %u I/O queues, doorbell stride %u, %s\n",
		 dev_name(&ctrl->dev), ctrl->nr_vectors,
		 ctrl->irq_kind == NVMETEST_IRQ_MSIX ? "MSI-X" :
		 ctrl->irq_kind == NVMETEST_IRQ_MSI ? "MSI" : "INTx",
		 ctrl->max_qid, ctrl->db_stride,
		 ctrl->iommu ? "DMA translated by an IOMMU" : "no IOMMU translation");
	return 0;

err_free_tables:
	pci_set_drvdata(pdev, NULL);
	nvmetest_ioq_free_tables(ctrl);
err_stop:
	nvmetest_aq_set_live(ctrl, false);
	nvmetest_ctrl_stop_dma(ctrl);
	nvmetest_dma_stopped_note(ctrl, "probe failure");
	nvmetest_aq_abort_all(ctrl);
err_free_irq:
	nvmetest_irq_teardown(ctrl);
err_free_cmdlog:
	nvmetest_cmdlog_free(ctrl);
err_free_aq:
	nvmetest_aq_free(ctrl);
err_unmap:
	nvmetest_unmap_bar(ctrl);
err_disable_pci:
	pci_disable_device(pdev);
err_put:
	put_device(&ctrl->dev);
	return ret;
}

/*
 * Removal with files still open: mark the controller dead (no new page
 * fault maps anything, no new command is sent), let the waiters go, stop
 * the device's DMA under ctrl->lock (so that no reset enables it again),
 * end the commands in flight, wait for operations in progress, zap every
 * mapping, then free. The files stay valid and get -ENODEV until they are
 * closed.
 */
static void nvmetest_wake_files(struct nvmetest_ctrl *ctrl, bool release)
{
	struct nvmetest_file *nf;

	mutex_lock(&ctrl->files_lock);
	list_for_each_entry(nf, &ctrl->files, node) {
		wake_up_all(&nf->async_wq);
		if (release)
			nvmetest_async_release_file(ctrl, nf, true);
	}
	mutex_unlock(&ctrl->files_lock);
}

static void nvmetest_kill(struct nvmetest_ctrl *ctrl)
{
	struct pci_dev *pdev = ctrl->pdev;

	nvmetest_nl_removed(ctrl);
	down_write(&ctrl->map_lock);
	WRITE_ONCE(ctrl->dead, true);
	up_write(&ctrl->map_lock);
	wake_up_all(&ctrl->dead_wq);
	nvmetest_aq_set_live(ctrl, false);
	nvmetest_aq_wake_waiters(ctrl);
	cancel_delayed_work_sync(&ctrl->timeout_work);

	/*
	 * A reset holding the lock either finished before (and the device is
	 * disabled here) or sees dead and does not enable it. Bus mastering
	 * goes too, so a device that lies about CSTS.RDY is stopped as well.
	 */
	mutex_lock(&ctrl->lock);
	nvmetest_ctrl_stop_dma(ctrl);
	pci_clear_master(pdev);
	nvmetest_dma_stopped_note(ctrl, "removal");
	nvmetest_aq_abort_all(ctrl);
	mutex_unlock(&ctrl->lock);
	nvmetest_wake_files(ctrl, false);

	down_write(&ctrl->state_rwsem);
	/* No submitter is left to schedule it again. */
	cancel_delayed_work_sync(&ctrl->timeout_work);
	nvmetest_wake_files(ctrl, true);
	nvmetest_zap_all(ctrl);
	nvmetest_irq_teardown(ctrl);
	nvmetest_aq_free(ctrl);
	nvmetest_ioq_forget_all(ctrl);
	nvmetest_obj_free_all(ctrl);
	nvmetest_ioq_free_tables(ctrl);
	nvmetest_cmdlog_free(ctrl);
	nvmetest_unmap_bar(ctrl);
	pci_disable_device(pdev);
	up_write(&ctrl->state_rwsem);
}

static void nvmetest_remove(struct pci_dev *pdev)
{
	struct nvmetest_ctrl *ctrl = pci_get_drvdata(pdev);

	nvmetest_chrdev_del(ctrl);
	nvmetest_nl_ctrl_del(ctrl);
	nvmetest_kill(ctrl);
	pci_set_drvdata(pdev, NULL);
	put_device(&ctrl->dev);
}

static void nvmetest_shutdown(struct pci_dev *pdev)
{
	struct nvmetest_ctrl *ctrl = pci_get_drvdata(pdev);

	if (ctrl && !READ_ONCE(ctrl->dead))
		nvmetest_ctrl_disable(ctrl);
}

/*
 * No ID table: the driver binds only a function whose driver_override
 * names it, so it never takes a device from nvme.ko on its own.
 */
static struct pci_driver nvmetest_driver = {
	.name = NVMETEST_DRIVER_NAME,
	.probe = nvmetest_probe,
	.remove = nvmetest_remove,
	.shutdown = nvmetest_shutdown,
	.err_handler = &nvmetest_err_handlers,
};

static int __init nvmetest_init(void)
{
	int ret;

	nvmetest_abi_sizes();
	ret = nvmetest_chrdev_init();
	if (ret)
		return ret;
	ret = nvmetest_nl_init();
	if (ret)
		goto err_chrdev;
	ret = pci_register_driver(&nvmetest_driver);
	if (ret)
		goto err_nl;
	return 0;

err_nl:
	nvmetest_nl_exit();
err_chrdev:
	nvmetest_chrdev_exit();
	return ret;
}

/* Removal sends events: the family goes after the devices. */
static void __exit nvmetest_exit(void)
{
	pci_unregister_driver(&nvmetest_driver);
	nvmetest_nl_exit();
	nvmetest_chrdev_exit();
}

module_init(nvmetest_init);
module_exit(nvmetest_exit);

MODULE_DESCRIPTION("NVMe test driver: raw controller access for test programs");
MODULE_AUTHOR("nvmet developers");
MODULE_LICENSE("GPL");
MODULE_VERSION("0.1.0");
