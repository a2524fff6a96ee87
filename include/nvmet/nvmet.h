/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/nvmet.h - libnvmet, the NVMe test library: the umbrella header.
 */
#ifndef NVMET_NVMET_H
#define NVMET_NVMET_H

#include <nvmet/nvme.h>
#include <nvmet/buffer.h>
#include <nvmet/prp.h>
#include <nvmet/cmd.h>
#include <nvmet/names.h>
#include <nvmet/id.h>
#include <nvmet/kdev.h>
#include <nvmet/ring.h>
#include <nvmet/ctrl.h>
#include <nvmet/admin.h>
#include <nvmet/qpair.h>
#include <nvmet/ns.h>
#include <nvmet/subsystem.h>
#include <nvmet/pcie.h>
#include <nvmet/nl.h>
#include <nvmet/emu.h>
#include <nvmet/pcap.h>
#include <nvmet/verify.h>
#include <nvmet/histogram.h>
#include <nvmet/iogen.h>
#include <nvmet/ioworker.h>

#endif /* NVMET_NVMET_H */
