// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * admin.c - the host side of the emulated controller's admin queue: its
 * rings in host memory (the library's admin path drives them), and the
 * enable handshake that hands them to the controller.
 */
#include <errno.h>
#include <string.h>

#include "support/clock.h"
#include "temu.h"

static uint32_t csts(struct temu *t)
{
	uint64_t v = 0;

	emu_bus_reg_read(t->bus, NVMET_REG_CSTS, 4, &v);
	return (uint32_t)v;
}

/* Wait for CSTS.RDY to read @rdy, as long as CAP.TO allows. */
static int wait_ready(struct temu *t, uint32_t rdy)
{
	uint64_t end = nvmet_now_ns() + (uint64_t)NVMET_CAP_TO(t->cap) * 500000000ull;
	unsigned int spins = 0;

	for (;;) {
		uint32_t s = csts(t);

		if (s == UINT32_MAX)
			return -ENODEV;
		if (rdy && (s & NVMET_CSTS_CFS))
			return -EIO;
		if ((s & NVMET_CSTS_RDY) == rdy)
			return 0;
		if (nvmet_now_ns() > end)
			return -ETIMEDOUT;
		nvmet_backoff(spins++);
	}
}

int temu_enable(struct temu *t)
{
	struct emu_pcie *bus = t->bus;
	int ret;

	emu_bus_reg_write(bus, NVMET_REG_CC, 4, 0);
	ret = wait_ready(t, 0);
	if (ret)
		return ret;
	/* Disabled: the controller has no I/O queue left, its admin queues start over. */
	memset((void *)t->acq.entries, 0, TEMU_AQ_DEPTH * sizeof(struct nvmet_cqe));
	t->asq.tail = 0;
	t->asq.head = 0;
	t->acq.head = 0;
	t->acq.phase = 1;
	emu_bus_reg_write(bus, NVMET_REG_AQA, 4,
			  ((TEMU_AQ_DEPTH - 1u) << 16) | (TEMU_AQ_DEPTH - 1u));
	emu_bus_reg_write(bus, NVMET_REG_ASQ, 8, (uintptr_t)t->asq.entries);
	emu_bus_reg_write(bus, NVMET_REG_ACQ, 8, (uintptr_t)t->acq.entries);
	emu_bus_reg_write(bus, NVMET_REG_CC, 4,
			  NVMET_CC_EN | NVMET_CC_IOSQES(6) | NVMET_CC_IOCQES(4));
	t->enables++;
	return wait_ready(t, NVMET_CSTS_RDY);
}

int temu_admin_init(struct temu *t)
{
	volatile uint32_t *db = emu_bus_doorbells(t->bus);

	t->asq.entries = emu_bus_dma_alloc(t->bus, TEMU_AQ_DEPTH * sizeof(struct nvmet_sqe));
	t->acq.entries = emu_bus_dma_alloc(t->bus, TEMU_AQ_DEPTH * sizeof(struct nvmet_cqe));
	if (!t->asq.entries || !t->acq.entries)
		return -ENOMEM;
	t->asq.size = TEMU_AQ_DEPTH;
	t->asq.db = &db[TEMU_DB(t, 0, 0)];
	t->acq.size = TEMU_AQ_DEPTH;
	t->acq.vector = 0;
	t->acq.db = &db[TEMU_DB(t, 0, 1)];
	return temu_enable(t);
}
