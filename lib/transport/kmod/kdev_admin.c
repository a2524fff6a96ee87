// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kdev_admin.c - admin command passthrough.
 */
#include <string.h>

#include "kdev_priv.h"

int nvmet_kdev_admin_raw(struct nvmet_kdev *dev, struct nvmetest_admin_cmd *cmd)
{
	return kdev_ioctl(dev, NVMETEST_IOC_ADMIN_CMD, cmd);
}

int nvmet_kdev_admin(struct nvmet_kdev *dev, const struct nvmet_sqe *sqe, void *data,
		     size_t len, int to_dev, uint32_t timeout_ms, struct nvmet_cqe *cqe)
{
	struct nvmetest_admin_cmd cmd = { .timeout_ms = timeout_ms };
	int ret;

	if (len > UINT32_MAX || (len && !data))
		return -EINVAL;
	memcpy(cmd.sqe, sqe, sizeof(cmd.sqe));
	if (len) {
		cmd.flags = to_dev ? NVMETEST_ADMIN_DATA_TO_DEV : NVMETEST_ADMIN_DATA_FROM_DEV;
		cmd.data = (uintptr_t)data;
		cmd.data_len = len;
	}
	ret = nvmet_kdev_admin_raw(dev, &cmd);
	if (!ret)
		memcpy(cqe, cmd.cqe, sizeof(*cqe));
	return ret;
}

int nvmet_cqe_is_timeout(const struct nvmet_cqe *cqe)
{
	uint32_t dw[4];

	memcpy(dw, cqe, sizeof(dw));
	return dw[0] == UINT32_MAX && dw[1] == UINT32_MAX && dw[2] == UINT32_MAX &&
	       dw[3] == UINT32_MAX;
}
