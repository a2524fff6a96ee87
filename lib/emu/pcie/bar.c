// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bar.c - BAR0 of the PCIe front end: the core's register file at its
 * NVMe offsets, then the doorbells; the nvme:regread and nvme:regwrite
 * taps; all-ones while the BAR does not decode (D3hot, memory space off,
 * no power). Doorbell writes are plain stores the controller thread
 * notices; CC and NSSR writes wait until the thread has taken them.
 */
#include <errno.h>
#include <sched.h>

#include "pcie.h"

static bool is_doorbell(const struct emu_pcie *p, uint32_t off)
{
	return off >= NVMET_REG_DBS && off - NVMET_REG_DBS < p->db_bytes;
}

/* The BAR decodes only in D0 with memory space enabled. */
static bool bar_decodes(const struct emu_pcie *p)
{
	return p->pm_state == 0 && (p->cfg[4] & 0x2) && p->powered;
}

static uint32_t bar_read32(struct emu_pcie *p, uint32_t off)
{
	if (is_doorbell(p, off))
		return p->db[(off - NVMET_REG_DBS) / 4];
	return emu_regs_read32(p->emu, off);
}

static int bar_check(const struct emu_pcie *p, uint32_t off, unsigned int width)
{
	/* (A 32-bit write of a wider value is refused by emu_bar_write.) */
	if ((width != 4 && width != 8) || off % width)
		return -EINVAL;
	if (off + width > NVMET_REG_DBS + p->db_bytes)
		return -EINVAL;
	return 0;
}

int emu_bar_read(struct emu_pcie *p, uint32_t off, unsigned int width, uint64_t *val)
{
	int ret = bar_check(p, off, width);
	uint64_t v;

	if (ret)
		return ret;
	if (!bar_decodes(p)) {
		*val = width == 8 ? UINT64_MAX : UINT32_MAX;
		return 0;
	}
	v = bar_read32(p, off);
	/* The halves of a 64-bit register, or two 32-bit registers. */
	if (width == 8)
		v |= (uint64_t)bar_read32(p, off + 4) << 32;
	if (emu_tap_on(p->emu, NVMET_EMU_TAP_REGREAD)) {
		struct nvmet_emu_event ev = { .offset = off, .width = width, .value = v };

		emu_tap_run(p->emu, NVMET_EMU_TAP_REGREAD, &ev);
		v = ev.value;
	}
	*val = v;
	return 0;
}

/*
 * CC and NSSR writes are taken by the controller thread one at a time, in
 * order: wait until it has taken this one (a later write must not hide it).
 */
static void bar_settle(struct emu_pcie *p, unsigned int seq)
{
	int spins = 0;

	if (!p->thread_started || emu_thread_self(p))
		return;
	while (!emu_regs_taken(p->emu, seq) && spins++ < 2000000) {
		emu_thread_kick(p);
		sched_yield();
	}
}

int emu_bar_write(struct emu_pcie *p, uint32_t off, unsigned int width, uint64_t val)
{
	struct nvmet_emu *emu = p->emu;
	int ret = bar_check(p, off, width);
	unsigned int seq;

	if (!ret && width == 4 && val >> 32)
		ret = -EINVAL;
	if (ret)
		return ret;
	if (!bar_decodes(p))
		return 0;
	/* Doorbells are seen by the controller thread, which runs their taps. */
	if (!is_doorbell(p, off) && emu_tap_on(emu, NVMET_EMU_TAP_REGWRITE)) {
		struct nvmet_emu_event ev = { .offset = off, .width = width, .value = val };

		if (emu_tap_run(emu, NVMET_EMU_TAP_REGWRITE, &ev) != NVMET_EMU_CONTINUE)
			return 0;
		val = ev.value;
	}
	if (is_doorbell(p, off)) {
		/* What the host wrote before the doorbell is seen before it. */
		atomic_thread_fence(memory_order_release);
		p->db[(off - NVMET_REG_DBS) / 4] = (uint32_t)val;
		if (width == 8)
			p->db[(off - NVMET_REG_DBS) / 4 + 1] = (uint32_t)(val >> 32);
		emu_thread_kick(p);
		return 0;
	}
	seq = emu_regs_store(emu, off, width, val);
	emu_thread_kick(p);
	if (off == NVMET_REG_CC || off == NVMET_REG_NSSR)
		bar_settle(p, seq);
	return 0;
}
