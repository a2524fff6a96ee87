// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * emu_regs.c - the emulated controller's BAR0 registers: CAP, VS, the
 * interrupt masks, CC and CSTS with the enable/ready and shutdown
 * handshakes (acted on by the controller thread, so CSTS follows CC a
 * moment later as on hardware), NSSR, the admin queue registers and the
 * doorbells.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>

#include "emu_priv.h"

#define EMU_NSSR_MAGIC		0x4e564d65u	/* "NVMe" */
#define EMU_CAP_TO		4		/* 2 s in 500 ms units */

void emu_regs_init(struct nvmet_emu *emu)
{
	emu->cap = (uint64_t)(emu->opts.mqes - 1) |
		   (1ull << 16) |				/* CQR: contiguous queues */
		   ((uint64_t)EMU_CAP_TO << 24) |
		   ((uint64_t)emu->opts.dstrd << 32) |
		   (1ull << 36) |				/* NSSRS */
		   (1ull << 37);				/* CSS: NVM command set */
	emu->vs = 0x00010400;
	emu->intms = 0;
	atomic_store(&emu->cc, 0);
	emu->cc_applied = 0;
	atomic_store(&emu->csts, 0);
	emu->aqa = 0;
	emu->asq = 0;
	emu->acq = 0;
}

static bool is_doorbell(const struct nvmet_emu *emu, uint32_t off)
{
	return off >= NVMET_REG_DBS && off - NVMET_REG_DBS < emu->db_bytes;
}

/* The BAR decodes only in D0 with memory space enabled. */
static bool bar_decodes(const struct nvmet_emu *emu)
{
	return emu->pm_state == 0 && (emu->cfg[4] & 0x2) && emu->powered;
}

static uint64_t reg_value(struct nvmet_emu *emu, uint32_t off)
{
	switch (off) {
	case NVMET_REG_CAP: return emu->cap;
	case NVMET_REG_CAP + 4: return emu->cap >> 32;
	case NVMET_REG_VS: return emu->vs;
	case NVMET_REG_INTMS: case NVMET_REG_INTMC: return emu->intms;
	case NVMET_REG_CC: return atomic_load(&emu->cc);
	case NVMET_REG_CSTS: return atomic_load(&emu->csts);
	case NVMET_REG_AQA: return emu->aqa;
	case NVMET_REG_ASQ: return emu->asq;
	case NVMET_REG_ASQ + 4: return emu->asq >> 32;
	case NVMET_REG_ACQ: return emu->acq;
	case NVMET_REG_ACQ + 4: return emu->acq >> 32;
	default: break;
	}
	if (is_doorbell(emu, off))
		return emu->db[(off - NVMET_REG_DBS) / 4];
	return 0;	/* NSSR reads 0; CMB and the rest are not implemented */
}

static int reg_check(const struct nvmet_emu *emu, uint32_t off, unsigned int width)
{
	/* (A 32-bit write of a wider value is refused by emu_reg_write.) */
	if ((width != 4 && width != 8) || off % width)
		return -EINVAL;
	if (off + width > NVMET_REG_DBS + emu->db_bytes)
		return -EINVAL;
	return 0;
}

int emu_reg_read(struct nvmet_emu *emu, uint32_t off, unsigned int width, uint64_t *val)
{
	uint64_t v;
	int ret = reg_check(emu, off, width);

	if (ret)
		return ret;
	if (!bar_decodes(emu)) {
		*val = width == 8 ? UINT64_MAX : UINT32_MAX;
		return 0;
	}
	v = reg_value(emu, off);
	if (width == 8 && (off == NVMET_REG_ASQ || off == NVMET_REG_ACQ || off == NVMET_REG_CAP))
		;	/* 64-bit registers read whole */
	else if (width == 8)
		v = (v & 0xffffffffu) | (reg_value(emu, off + 4) << 32);
	else
		v &= 0xffffffffu;
	if (emu_tap_on(emu, NVMET_EMU_TAP_REGREAD)) {
		struct nvmet_emu_event ev = { .offset = off, .width = width, .value = v };

		emu_tap_run(emu, NVMET_EMU_TAP_REGREAD, &ev);
		v = ev.value;
	}
	*val = v;
	return 0;
}

static void reg_store32(struct nvmet_emu *emu, uint32_t off, uint32_t v)
{
	switch (off) {
	case NVMET_REG_INTMS:
		emu->intms |= v;
		break;
	case NVMET_REG_INTMC:
		emu->intms &= ~v;
		break;
	case NVMET_REG_CC:
		atomic_store(&emu->cc, v);
		atomic_fetch_or(&emu->pending_ctl, EMU_CTL_CC);
		atomic_fetch_add(&emu->ctl_seq, 1);
		break;
	case NVMET_REG_CSTS:
		if (v & NVMET_CSTS_NSSRO)	/* write 1 to clear */
			atomic_fetch_and(&emu->csts, ~NVMET_CSTS_NSSRO);
		break;
	case NVMET_REG_NSSR:
		if (v == EMU_NSSR_MAGIC) {
			atomic_fetch_or(&emu->pending_ctl, EMU_CTL_NSSR);
			atomic_fetch_add(&emu->ctl_seq, 1);
		}
		break;
	case NVMET_REG_AQA:
		emu->aqa = v & 0x0fff0fff;
		break;
	case NVMET_REG_ASQ:
		emu->asq = (emu->asq & ~0xffffffffull) | (v & ~0xfffu);
		break;
	case NVMET_REG_ASQ + 4:
		emu->asq = (emu->asq & 0xffffffffull) | ((uint64_t)v << 32);
		break;
	case NVMET_REG_ACQ:
		emu->acq = (emu->acq & ~0xffffffffull) | (v & ~0xfffu);
		break;
	case NVMET_REG_ACQ + 4:
		emu->acq = (emu->acq & 0xffffffffull) | ((uint64_t)v << 32);
		break;
	default:
		if (is_doorbell(emu, off))
			emu->db[(off - NVMET_REG_DBS) / 4] = v;
		break;	/* read-only registers ignore writes */
	}
}

/*
 * CC and NSSR writes are taken by the controller thread one at a time, in
 * order: wait until it has taken this one (a later write must not hide it).
 */
static void regs_settle(struct nvmet_emu *emu, unsigned int seq)
{
	int spins = 0;

	if (!emu->thread_started || pthread_equal(pthread_self(), emu->thread))
		return;
	while ((int)(atomic_load(&emu->ctl_done) - seq) < 0 && spins++ < 2000000) {
		emu_kick(emu);
		sched_yield();
	}
}

int emu_reg_write(struct nvmet_emu *emu, uint32_t off, unsigned int width, uint64_t val)
{
	int ret = reg_check(emu, off, width);
	unsigned int seq;

	if (!ret && width == 4 && val >> 32)
		ret = -EINVAL;
	if (ret)
		return ret;
	if (!bar_decodes(emu))
		return 0;
	/* Doorbells are seen by the controller thread, which runs their taps. */
	if (!is_doorbell(emu, off) && emu_tap_on(emu, NVMET_EMU_TAP_REGWRITE)) {
		struct nvmet_emu_event ev = { .offset = off, .width = width, .value = val };

		if (emu_tap_run(emu, NVMET_EMU_TAP_REGWRITE, &ev) != NVMET_EMU_CONTINUE)
			return 0;
		val = ev.value;
	}
	pthread_mutex_lock(&emu->lock);
	reg_store32(emu, off, (uint32_t)val);
	if (width == 8)
		reg_store32(emu, off + 4, (uint32_t)(val >> 32));
	seq = atomic_load(&emu->ctl_seq);
	pthread_mutex_unlock(&emu->lock);
	emu_kick(emu);
	if (off == NVMET_REG_CC || off == NVMET_REG_NSSR)
		regs_settle(emu, seq);
	return 0;
}

/* CC.EN 0 -> 1: check the admin queue registers, set up the admin queues. */
static void ctrl_enable(struct nvmet_emu *emu, uint32_t cc)
{
	uint32_t asqs = (emu->aqa & 0xfff) + 1, acqs = ((emu->aqa >> 16) & 0xfff) + 1;
	uint16_t st;

	if (((cc >> 7) & 0xf) != 0 || ((cc >> 4) & 0x7) != 0 || ((cc >> 11) & 0x7) != 0) {
		atomic_fetch_or(&emu->csts, NVMET_CSTS_CFS);	/* unsupported MPS/CSS/AMS */
		return;
	}
	st = emu_cq_setup(emu, 0, emu->acq, acqs, true, 0);
	if (!st)
		st = emu_sq_setup(emu, 0, emu->asq, asqs, 0, 0);
	if (st) {
		emu_ctrl_reset(emu);
		atomic_fetch_or(&emu->csts, NVMET_CSTS_CFS);
		return;
	}
	atomic_fetch_or(&emu->csts, NVMET_CSTS_RDY);
}

static void ctrl_shutdown(struct nvmet_emu *emu)
{
	unsigned int i;

	for (i = 1; i <= EMU_MAX_NS; i++)
		if (emu->ns[i])
			emu_store_flush(emu->ns[i]->store);
	atomic_fetch_and(&emu->csts, ~NVMET_CSTS_SHST_MASK);
	atomic_fetch_or(&emu->csts, NVMET_CSTS_SHST_CMPLT);
}

static void regs_act(struct nvmet_emu *emu, unsigned int ctl, uint32_t cc, uint32_t old);

void emu_regs_apply(struct nvmet_emu *emu)
{
	unsigned int ctl, seq;
	uint32_t cc, old = emu->cc_applied;

	/* What was written, as one consistent picture. */
	pthread_mutex_lock(&emu->lock);
	ctl = atomic_exchange(&emu->pending_ctl, 0);
	seq = atomic_load(&emu->ctl_seq);
	cc = atomic_load(&emu->cc);
	pthread_mutex_unlock(&emu->lock);
	regs_act(emu, ctl, cc, old);
	atomic_store(&emu->ctl_done, seq);
}

static void regs_act(struct nvmet_emu *emu, unsigned int ctl, uint32_t cc, uint32_t old)
{
	if (ctl & EMU_CTL_NSSR) {
		emu_ctrl_reset(emu);
		atomic_store(&emu->cc, 0);
		emu->cc_applied = 0;
		atomic_store(&emu->csts, NVMET_CSTS_NSSRO);
		return;
	}
	if (!(ctl & EMU_CTL_CC))
		return;
	emu->cc_applied = cc;
	if ((old & NVMET_CC_EN) && !(cc & NVMET_CC_EN)) {
		emu_ctrl_reset(emu);
		atomic_fetch_and(&emu->csts, ~(NVMET_CSTS_RDY | NVMET_CSTS_CFS |
					       NVMET_CSTS_SHST_MASK));
	} else if (!(old & NVMET_CC_EN) && (cc & NVMET_CC_EN)) {
		atomic_fetch_and(&emu->csts, ~NVMET_CSTS_SHST_MASK);
		ctrl_enable(emu, cc);
	}
	if ((cc & NVMET_CC_SHN_MASK) && !(old & NVMET_CC_SHN_MASK))
		ctrl_shutdown(emu);
	else if (!(cc & NVMET_CC_SHN_MASK) && (old & NVMET_CC_SHN_MASK))
		atomic_fetch_and(&emu->csts, ~NVMET_CSTS_SHST_MASK);
}
