/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/nvmet.h - libnvmet, the NVMe test library: the umbrella header.
 */
#ifndef NVMET_NVMET_H
#define NVMET_NVMET_H

#include <nvmet/nvme.h>
#include <nvmet/kdev.h>
#include <nvmet/kqpair.h>

#endif /* NVMET_NVMET_H */
