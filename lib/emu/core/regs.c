// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * regs.c - the controller's register file, whatever bus reaches it: CAP,
 * VS, the interrupt masks, CC and CSTS with the enable/ready and shutdown
 * handshakes (acted on by the controller thread, so CSTS follows CC a
 * moment later as on hardware), NSSR and the admin queue registers. The
 * PCIe front end maps them at the start of BAR0; a fabrics front end would
 * reach them with Property Get and Set.
 */
#include <errno.h>
#include <string.h>

#include "core.h"

#define EMU_CAP_TO		4		/* 2 s in 500 ms units */
#define EMU_VS			0x00010400u	/* NVMe 1.4 */

void emu_regs_init(struct nvmet_emu *emu)
{
	emu->cap = (uint64_t)(emu->opts.mqes - 1) |
		   (1ull << 16) |				/* CQR: contiguous queues */
		   ((uint64_t)EMU_CAP_TO << 24) |
		   ((uint64_t)emu->opts.dstrd << 32) |
		   (1ull << 36) |				/* NSSRS */
		   (1ull << 37);				/* CSS: NVM command set */
	emu->vs = EMU_VS;
	emu->intms = 0;
	atomic_store(&emu->cc, 0);
	emu->cc_applied = 0;
	atomic_store(&emu->csts, 0);
	emu->aqa = 0;
	emu->asq = 0;
	emu->acq = 0;
}

uint32_t emu_regs_read32(struct nvmet_emu *emu, uint32_t off)
{
	switch (off) {
	case NVMET_REG_CAP: return (uint32_t)emu->cap;
	case NVMET_REG_CAP + 4: return (uint32_t)(emu->cap >> 32);
	case NVMET_REG_VS: return emu->vs;
	case NVMET_REG_INTMS: case NVMET_REG_INTMC: return emu->intms;
	case NVMET_REG_CC: return atomic_load(&emu->cc);
	case NVMET_REG_CSTS: return atomic_load(&emu->csts);
	case NVMET_REG_AQA: return emu->aqa;
	case NVMET_REG_ASQ: return (uint32_t)emu->asq;
	case NVMET_REG_ASQ + 4: return (uint32_t)(emu->asq >> 32);
	case NVMET_REG_ACQ: return (uint32_t)emu->acq;
	case NVMET_REG_ACQ + 4: return (uint32_t)(emu->acq >> 32);
	default: return 0;	/* NSSR reads 0; CMB and the rest are not implemented */
	}
}

/* Store a write; the caller holds emu->lock. */
static void regs_write32(struct nvmet_emu *emu, uint32_t off, uint32_t v)
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
		if (v == NVMET_NSSR_MAGIC) {
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
		break;	/* read-only registers ignore writes */
	}
}

unsigned int emu_regs_store(struct nvmet_emu *emu, uint32_t off, unsigned int width, uint64_t v)
{
	unsigned int seq;

	pthread_mutex_lock(&emu->lock);
	regs_write32(emu, off, (uint32_t)v);
	if (width == 8)
		regs_write32(emu, off + 4, (uint32_t)(v >> 32));
	seq = atomic_load(&emu->ctl_seq);
	pthread_mutex_unlock(&emu->lock);
	return seq;
}

/* CC.EN 0 -> 1: check CC and the admin queue registers, set up the admin queues. */
static void ctrl_enable(struct nvmet_emu *emu, uint32_t cc)
{
	uint32_t asqs = (emu->aqa & 0xfff) + 1, acqs = ((emu->aqa >> 16) & 0xfff) + 1;
	uint16_t st;

	if (((cc >> 7) & 0xf) != 0 || ((cc >> 4) & 0x7) != 0 || ((cc >> 11) & 0x7) != 0) {
		atomic_fetch_or(&emu->csts, NVMET_CSTS_CFS);	/* unsupported MPS/CSS/AMS */
		return;
	}
	st = emu->fe_ops->enable(emu->fe, asqs, acqs, emu->asq, emu->acq);
	if (st) {
		emu_core_reset(emu);
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

static void regs_act(struct nvmet_emu *emu, unsigned int ctl, uint32_t cc, uint32_t old)
{
	if (ctl & EMU_CTL_NSSR) {
		emu_core_reset(emu);
		atomic_store(&emu->cc, 0);
		emu->cc_applied = 0;
		atomic_store(&emu->csts, NVMET_CSTS_NSSRO);
		return;
	}
	if (!(ctl & EMU_CTL_CC))
		return;
	emu->cc_applied = cc;
	if ((old & NVMET_CC_EN) && !(cc & NVMET_CC_EN)) {
		emu_core_reset(emu);
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

void emu_regs_host_gone(struct nvmet_emu *emu)
{
	bool was_on = atomic_load(&emu->cc) & NVMET_CC_EN;

	emu_regs_store(emu, NVMET_REG_CC, 4, 0);
	emu_regs_apply(emu);
	/* A controller never enabled has no reset from the CC write: one anyway. */
	if (!was_on)
		emu_core_reset(emu);
	/*
	 * Cleared but for NSSRO: an NVM Subsystem Reset leaves it set until a
	 * host writes 1 to it (or power goes), whichever association comes
	 * next, so that the host that reconnects after its own subsystem reset
	 * sees it happened.
	 */
	atomic_fetch_and(&emu->csts, NVMET_CSTS_NSSRO);
	emu_resv_forget(emu);	/* the host's registrations leave with it (resv.h) */
}
