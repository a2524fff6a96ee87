// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kdev_buf.c - DMA buffers of the module, mapped into the caller.
 */
#include <string.h>
#include <sys/mman.h>

#include "kdev_priv.h"

static int buf_ioctl_free(struct nvmet_kdev *dev, uint32_t handle)
{
	struct nvmetest_buf req = { .handle = handle };

	return kdev_ioctl(dev, NVMETEST_IOC_BUF_FREE, &req);
}

int nvmet_kdev_buf_alloc(struct nvmet_kdev *dev, size_t size, struct nvmet_dmabuf *buf)
{
	struct nvmetest_buf req = { .size = size };
	void *va;
	int ret;

	if (!size)
		return -EINVAL;
	ret = kdev_ioctl(dev, NVMETEST_IOC_BUF_ALLOC, &req);
	if (ret)
		return ret;
	va = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, nvmet_kdev_fd(dev),
		  (off_t)req.mmap_offset);
	if (va == MAP_FAILED) {
		ret = -errno;
		buf_ioctl_free(dev, req.handle);
		return ret;
	}
	buf->va = va;
	buf->iova = req.dma_addr;
	buf->size = size;
	buf->handle = req.handle;
	return 0;
}

int nvmet_kdev_buf_free(struct nvmet_kdev *dev, struct nvmet_dmabuf *buf)
{
	int ret;

	if (!buf->va)
		return 0;
	munmap(buf->va, buf->size);
	ret = buf_ioctl_free(dev, buf->handle);
	memset(buf, 0, sizeof(*buf));
	return ret;
}
