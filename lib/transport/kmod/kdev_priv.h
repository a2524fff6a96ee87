/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kdev_priv.h - libnvmet internals shared by the kdev files.
 */
#ifndef NVMET_KDEV_PRIV_H
#define NVMET_KDEV_PRIV_H

#include <errno.h>
#include <stdint.h>
#include <sys/ioctl.h>

#include <nvmet/kdev.h>

#include "support/compiler.h"

/*
 * nvmet_kdev_map_doorbells() - nvmet_kdev_doorbells() with the reason for a
 * failure: 0 and *db, or a negative errno.
 */
NVMET_HIDDEN int nvmet_kdev_map_doorbells(struct nvmet_kdev *dev, volatile uint32_t **db);

static inline int kdev_ioctl(const struct nvmet_kdev *dev, unsigned long req, void *arg)
{
	return ioctl(nvmet_kdev_fd(dev), req, arg) < 0 ? -errno : 0;
}

#endif /* NVMET_KDEV_PRIV_H */
