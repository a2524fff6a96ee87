// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kdev_ctrl.c - controller reset, the admin command log and where the
 * statistics of an I/O queue live.
 */
#include "kdev_priv.h"

int nvmet_kdev_reset(struct nvmet_kdev *dev)
{
	return ioctl(nvmet_kdev_fd(dev), NVMETEST_IOC_RESET) < 0 ? -errno : 0;
}

int nvmet_kdev_cmdlog(struct nvmet_kdev *dev, struct nvmetest_cmdlog_entry *entries,
		      unsigned int max)
{
	struct nvmetest_cmdlog log = { .entries = (uintptr_t)entries, .count = max };
	int ret;

	ret = kdev_ioctl(dev, NVMETEST_IOC_CMDLOG, &log);
	if (ret)
		return ret;
	return (int)(log.count < max ? log.count : max);
}

int nvmet_kdev_queue_stats(struct nvmet_kdev *dev, uint16_t qid, uint32_t buf_handle,
			   uint32_t buf_offset)
{
	struct nvmetest_queue_stats req = {
		.qid = qid,
		.buf_handle = buf_handle,
		.buf_offset = buf_offset,
	};

	return kdev_ioctl(dev, NVMETEST_IOC_QUEUE_STATS, &req);
}

int nvmet_kdev_pci_reset(struct nvmet_kdev *dev, uint32_t method)
{
	struct nvmetest_pci_reset r = { .method = method };

	return kdev_ioctl(dev, NVMETEST_IOC_PCI_RESET, &r);
}
