// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kdev_irq.c - per-vector interrupt counts, masking and eventfds.
 */
#include "kdev_priv.h"

int nvmet_kdev_irq_get(struct nvmet_kdev *dev, unsigned int vector, uint64_t *count,
		       int *masked)
{
	struct nvmetest_irq irq = { .vector = vector };
	int ret;

	ret = kdev_ioctl(dev, NVMETEST_IOC_IRQ_GET, &irq);
	if (ret)
		return ret;
	*count = irq.count;
	if (masked)
		*masked = !!irq.masked;
	return 0;
}

int nvmet_kdev_irq_clear(struct nvmet_kdev *dev, unsigned int vector)
{
	struct nvmetest_irq irq = { .vector = vector };

	return kdev_ioctl(dev, NVMETEST_IOC_IRQ_CLEAR, &irq);
}

int nvmet_kdev_irq_mask(struct nvmet_kdev *dev, unsigned int vector, int mask)
{
	struct nvmetest_irq irq = { .vector = vector };

	return kdev_ioctl(dev, mask ? NVMETEST_IOC_IRQ_MASK : NVMETEST_IOC_IRQ_UNMASK, &irq);
}

int nvmet_kdev_irq_eventfd(struct nvmet_kdev *dev, unsigned int vector, int efd)
{
	struct nvmetest_irq irq = { .vector = vector, .eventfd = efd };

	return kdev_ioctl(dev, NVMETEST_IOC_IRQ_EVENTFD, &irq);
}
