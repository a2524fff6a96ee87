// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kdev_async.c - asynchronous admin commands through the kernel module.
 */
#include <stdint.h>

#include "kdev_priv.h"

int nvmet_kdev_admin_submit(struct nvmet_kdev *dev, struct nvmetest_admin_cmd *cmd)
{
	return kdev_ioctl(dev, NVMETEST_IOC_ADMIN_SUBMIT, cmd);
}

int nvmet_kdev_admin_reap(struct nvmet_kdev *dev, struct nvmetest_admin_cmd *cmds,
			  unsigned int max, unsigned int timeout_ms, unsigned int *pending)
{
	struct nvmetest_admin_reap r = {
		.cmds = (uintptr_t)cmds,
		.count = max,
		.timeout_ms = timeout_ms,
	};
	int ret = kdev_ioctl(dev, NVMETEST_IOC_ADMIN_REAP, &r);

	if (ret)
		return ret;
	if (pending)
		*pending = r.pending;
	return (int)r.count;
}
