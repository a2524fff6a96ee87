// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kdev_ctrl.c - controller reset and the admin command log.
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
