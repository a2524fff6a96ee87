// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kdev_regs.c - BAR0 register and PCI configuration space access.
 */
#include "kdev_priv.h"

int nvmet_kdev_reg_read(struct nvmet_kdev *dev, uint32_t offset, unsigned int width,
			uint64_t *value)
{
	struct nvmetest_reg reg = { .offset = offset, .width = width };
	int ret;

	ret = kdev_ioctl(dev, NVMETEST_IOC_REG_READ, &reg);
	if (!ret)
		*value = reg.value;
	return ret;
}

int nvmet_kdev_reg_write(struct nvmet_kdev *dev, uint32_t offset, unsigned int width,
			 uint64_t value)
{
	struct nvmetest_reg reg = { .offset = offset, .width = width, .value = value };

	return kdev_ioctl(dev, NVMETEST_IOC_REG_WRITE, &reg);
}

int nvmet_kdev_cfg_read(struct nvmet_kdev *dev, uint32_t offset, unsigned int width,
			uint32_t *value)
{
	struct nvmetest_cfg cfg = { .offset = offset, .width = width };
	int ret;

	ret = kdev_ioctl(dev, NVMETEST_IOC_CFG_READ, &cfg);
	if (!ret)
		*value = cfg.value;
	return ret;
}

int nvmet_kdev_cfg_write(struct nvmet_kdev *dev, uint32_t offset, unsigned int width,
			 uint32_t value)
{
	struct nvmetest_cfg cfg = { .offset = offset, .width = width, .value = value };

	return kdev_ioctl(dev, NVMETEST_IOC_CFG_WRITE, &cfg);
}
