/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * temu.h - the emulated controller's transport, the host side: what a
 * driver keeps (the admin queue's rings, which queues it made) over the
 * function it reaches through the bus (emu/bus.h) alone.
 */
#ifndef NVMET_TRANSPORT_EMU_H
#define NVMET_TRANSPORT_EMU_H

#include <stdbool.h>
#include <stdint.h>

#include "ctrl/ctrl_priv.h"
#include "emu/bus.h"

#define TEMU_AQ_DEPTH		64
/* Doorbell @qid's index in the doorbell area, with CAP.DSTRD. */
#define TEMU_DB(t, qid, cq)	((2u * (qid) + (cq)) << NVMET_CAP_DSTRD((t)->cap))

/**
 * struct temu - the host side of an emulated controller
 * @bus: the function
 * @info: what the bus says of it
 * @cap: its CAP register
 * @asq: the admin SQ, in host memory; the library drives it (and @acq)
 *	with its own tracker, as it does an I/O queue
 * @acq: the admin CQ
 * @enables: the controller's enables: a queue made in an earlier one was
 *	forgotten by the reset since (as the module marks it orphaned), so
 *	deleting it only frees its memory
 * @sq_enable: by queue id, the enable an SQ was made in, 0 for none
 * @cq_enable: likewise for CQs
 */
struct temu {
	struct emu_pcie *bus;
	struct emu_bus_info info;
	uint64_t cap;
	struct nvmet_sq_ring asq;
	struct nvmet_cq_ring acq;
	uint64_t enables;
	uint64_t *sq_enable;
	uint64_t *cq_enable;
};

NVMET_HIDDEN int temu_admin_init(struct temu *t);
/* Disable, then enable with the admin queues empty: 0 or a negative errno. */
NVMET_HIDDEN int temu_enable(struct temu *t);

#endif /* NVMET_TRANSPORT_EMU_H */
