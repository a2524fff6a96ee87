// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kdev.c - opening and closing /dev/nvmetestN, its info and its doorbells.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "support/error.h"
#include "kdev_priv.h"

struct nvmet_kdev {
	int fd;
	volatile uint32_t *db;
	size_t db_size;
};

/*
 * A name without a slash is a PCI address, or else a bare "nvmetestN"
 * looked up in /dev.
 */
static int kdev_resolve(const char *name, char *path, size_t len, bool *bdf)
{
	int ret;

	*bdf = false;
	if (strchr(name, '/'))
		ret = snprintf(path, len, "%s", name);
	else {
		ret = nvmet_pci_kdev_path(name, path, len);
		if (ret != -EINVAL) {
			*bdf = true;
			return ret;
		}
		ret = snprintf(path, len, "/dev/%s", name);
	}
	return ret < 0 || (size_t)ret >= len ? -ENAMETOOLONG : 0;
}

static int kdev_check_abi(struct nvmet_kdev *dev)
{
	struct nvmetest_info info;
	int ret;

	ret = nvmet_kdev_info(dev, &info);
	if (ret)
		return ret;
	return info.abi_version == NVMETEST_ABI_VERSION ? 0 : -EPROTO;
}

/*
 * Why @name does not open (@err), with what to do about it, for
 * nvmet_last_error(): the first thing a new user meets without the module.
 */
static int open_error(const char *name, const char *path, bool bdf, int err)
{
	static const char emu[] = "the emulated controller, emu:, needs";

	switch (err) {
	case -ENOENT:
		if (access("/sys/module/" NVMETEST_DRIVER_NAME, F_OK))
			nvmet_set_error("%s: no nvmetest device: the nvmetest module is not loaded"
					" (modprobe nvmetest, or insmod build/mod/$(uname -r)/"
					"nvmetest.ko; then nvmet bind DDDD:BB:DD.F; %s neither)",
					name, emu);
		else if (bdf)
			nvmet_set_error("%s: not bound to nvmetest (nvmet bind %s binds it; %s"
					" no device)", name, name, emu);
		else
			nvmet_set_error("%s: no such nvmetest device (nvmet list shows the bound"
					" ones, nvmet bind DDDD:BB:DD.F binds one; %s none)", name,
					emu);
		break;
	case -EACCES:
	case -EPERM:
		nvmet_set_error("%s: %s (nvmetest's devices are root's; %s no privileges)",
				path, strerror(-err), emu);
		break;
	case -EPROTO:
		nvmet_set_error("%s: the nvmetest module speaks another ABI version than this"
				" libnvmet (%u): load the module built with it", path,
				NVMETEST_ABI_VERSION);
		break;
	case -ENOTTY:
		nvmet_set_error("%s: not an nvmetest device", path);
		break;
	default:
		nvmet_set_error("%s: %s", path, strerror(-err));
	}
	return err;
}

int nvmet_kdev_open(const char *name, struct nvmet_kdev **out)
{
	struct nvmet_kdev *dev;
	char path[PATH_MAX];
	bool bdf;
	int ret;

	ret = kdev_resolve(name, path, sizeof(path), &bdf);
	if (ret)
		return open_error(name, name, bdf, ret);
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return open_error(name, path, bdf, -ENOMEM);
	dev->fd = open(path, O_RDWR | O_CLOEXEC);
	if (dev->fd < 0) {
		ret = -errno;
		free(dev);
		return open_error(name, path, bdf, ret);
	}
	ret = kdev_check_abi(dev);
	if (ret) {
		nvmet_kdev_close(dev);
		return open_error(name, path, bdf, ret);
	}
	*out = dev;
	return 0;
}

void nvmet_kdev_close(struct nvmet_kdev *dev)
{
	if (!dev)
		return;
	if (dev->db)
		munmap((void *)dev->db, dev->db_size);
	close(dev->fd);
	free(dev);
}

int nvmet_kdev_fd(const struct nvmet_kdev *dev)
{
	return dev->fd;
}

int nvmet_kdev_info(struct nvmet_kdev *dev, struct nvmetest_info *info)
{
	memset(info, 0, sizeof(*info));
	return kdev_ioctl(dev, NVMETEST_IOC_INFO, info);
}

int nvmet_kdev_map_doorbells(struct nvmet_kdev *dev, volatile uint32_t **db)
{
	struct nvmetest_info info;
	void *va;
	int ret;

	if (!dev->db) {
		ret = nvmet_kdev_info(dev, &info);
		if (ret)
			return ret;
		if (!info.db_size)
			return -ENXIO;
		va = mmap(NULL, info.db_size, PROT_READ | PROT_WRITE, MAP_SHARED, dev->fd,
			  NVMETEST_MMAP_DOORBELLS);
		if (va == MAP_FAILED)
			return -errno;
		dev->db = va;
		dev->db_size = info.db_size;
	}
	*db = dev->db;
	return 0;
}

volatile uint32_t *nvmet_kdev_doorbells(struct nvmet_kdev *dev)
{
	volatile uint32_t *db = NULL;

	return nvmet_kdev_map_doorbells(dev, &db) ? NULL : db;
}
