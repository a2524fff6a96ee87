// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * emu_admin_nvm.c - the commands that act on the media: Format NVM
 * (instant), and the two that run in the background, advanced by the
 * controller thread's tick: Device Self-test and Sanitize.
 */
#include "emu_admin_priv.h"

/* ---- Format NVM ------------------------------------------------------ */

static uint16_t format_one(struct nvmet_emu *emu, struct emu_ns *ns, uint8_t lbaf)
{
	emu_adm_dst_end_ns(emu, ns->nsid, EMU_DST_ABORTED_FORMAT);
	return emu_ns_format(emu, ns, lbaf) ? EMU_ST_INTERNAL : EMU_OK;
}

uint16_t emu_adm_format(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	uint32_t cdw10 = cmd->sqe.cdw10, nsid = cmd->sqe.nsid;
	uint8_t lbaf = (uint8_t)((cdw10 & 0xf) | ((cdw10 >> 12) & 3) << 4);
	unsigned int pi = (cdw10 >> 5) & 7, ses = (cdw10 >> 9) & 7, i;
	struct emu_ns *ns;
	uint16_t st = EMU_OK;

	if (ses > 2)
		return EMU_ST_FIELD;	/* none, user data erase, cryptographic erase */
	if (nsid != EMU_NSID_ALL && !emu_adm_ns_active(emu, nsid))
		return EMU_ST_NS;
	if (lbaf > 1 || pi)
		return EMU_ST_CS(NVMET_SC_INVALID_FORMAT);	/* no metadata, so no PI */
	if (nsid != EMU_NSID_ALL)
		return format_one(emu, emu->ns[nsid], lbaf);
	for (i = 1; i <= EMU_MAX_NS && !st; i++) {
		ns = emu_adm_ns_active(emu, i);
		if (ns)
			st = format_one(emu, ns, lbaf);
	}
	return st;
}

/* ---- Device Self-test ------------------------------------------------ */

#define STC_SHORT	0x1
#define STC_EXTENDED	0x2
#define STC_ABORT	0xf
#define DST_NSIDV	(1u << 0)	/* result entry: the NSID field is valid */

void emu_adm_dst_end(struct nvmet_emu *emu, uint8_t result)
{
	struct emu_admin *a = &emu->adm;
	uint8_t *e = a->dst_log[0];

	if (!a->dst_op)
		return;
	memmove(a->dst_log[1], a->dst_log[0], sizeof(a->dst_log[0]) * (EMU_DST_ENTRIES - 1));
	memset(e, 0, sizeof(a->dst_log[0]));
	e[0] = (uint8_t)(a->dst_op << 4 | result);
	if (a->dst_nsid) {
		e[2] = DST_NSIDV;
		emu_put32(e + 12, a->dst_nsid);
	}
	emu_put64(e + 4, emu_adm_power_on_hours(emu));
	if (a->dst_count < EMU_DST_ENTRIES)
		a->dst_count++;
	a->dst_op = 0;
}

void emu_adm_dst_end_ns(struct nvmet_emu *emu, uint32_t nsid, uint8_t result)
{
	uint32_t tested = emu->adm.dst_nsid;

	if (emu->adm.dst_op && (tested == nsid || tested == EMU_NSID_ALL))
		emu_adm_dst_end(emu, result);
}

void emu_adm_dst_tick(struct nvmet_emu *emu, uint64_t now)
{
	/* @now was taken at the start of the thread's loop: maybe before the start. */
	if (now > emu->adm.dst_start_ns && now - emu->adm.dst_start_ns >= emu->adm.dst_len_ns)
		emu_adm_dst_end(emu, EMU_DST_OK);
}

uint16_t emu_adm_self_test(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	struct emu_admin *a = &emu->adm;
	unsigned int stc = cmd->sqe.cdw10 & 0xf;
	uint32_t nsid = cmd->sqe.nsid;

	if (stc == STC_ABORT) {
		emu_adm_dst_end(emu, EMU_DST_ABORTED_CMD);
		return EMU_OK;
	}
	if (stc != STC_SHORT && stc != STC_EXTENDED)
		return EMU_ST_FIELD;
	if (nsid && nsid != EMU_NSID_ALL && !emu_adm_ns_active(emu, nsid))
		return EMU_ST_NS;
	if (a->dst_op)
		return EMU_ST_CS(NVMET_SC_SELF_TEST_IN_PROGRESS);
	a->dst_op = (uint8_t)stc;
	a->dst_nsid = nsid;
	a->dst_start_ns = nvmet_now_ns();
	a->dst_len_ns = stc == STC_SHORT ? EMU_DST_SHORT_NS : EMU_DST_EXT_NS;
	return EMU_OK;
}

/* ---- Sanitize -------------------------------------------------------- */

#define SANACT_EXIT_FAILURE	1
#define SANACT_BLOCK_ERASE	2
#define SANACT_OVERWRITE	3
#define SANACT_CRYPTO_ERASE	4
#define SAN_OWPASS(cdw10)	(((cdw10) >> 4) & 0xf)
#define SAN_NDAS		(1u << 9)
#define SSTAT_DONE		1
#define SSTAT_IN_PROGRESS	2
#define SSTAT_DONE_DEALLOCATED	4	/* No-Deallocate asked for, deallocated anyway */

uint16_t emu_adm_sanitize(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	struct emu_admin *a = &emu->adm;
	uint32_t cdw10 = cmd->sqe.cdw10;

	switch (cdw10 & 7) {
	case SANACT_EXIT_FAILURE:
		return EMU_OK;		/* sanitize never fails here: nothing to leave */
	case SANACT_BLOCK_ERASE:
	case SANACT_OVERWRITE:
	case SANACT_CRYPTO_ERASE:
		break;
	default:
		return EMU_ST_FIELD;
	}
	/* SANICAP.NDI: No-Deallocate is refused unless the host accepts deallocation. */
	if ((cdw10 & SAN_NDAS) && !a->san_nodrm)
		return EMU_ST_FIELD;
	emu_adm_dst_end(emu, EMU_DST_ABORTED_SANITIZE);
	a->scdw10 = cdw10;
	a->sstat = SSTAT_IN_PROGRESS;
	a->sprog = 0;
	a->san_start_ns = nvmet_now_ns();
	a->san_len_ns = EMU_SAN_NS;
	a->san_active = true;
	return EMU_OK;
}

static void sanitize_media(struct nvmet_emu *emu)
{
	unsigned int i;

	for (i = 1; i <= EMU_MAX_NS; i++) {
		struct emu_ns *ns = emu->ns[i];

		if (!ns)
			continue;
		emu_store_zero(ns->store, 0, ns->bytes);
		/* Erased for good: a power cycle must not bring the cache's copies back. */
		emu_store_flush(ns->store);
		emu_ns_uncor_clear(ns, 0, ns->nsze);
	}
}

void emu_adm_san_tick(struct nvmet_emu *emu, uint64_t now)
{
	struct emu_admin *a = &emu->adm;
	uint64_t done = now > a->san_start_ns ? now - a->san_start_ns : 0;
	uint16_t passes = 0;

	if (done < a->san_len_ns) {
		a->sprog = (uint16_t)(done * 65536 / a->san_len_ns);
		return;
	}
	sanitize_media(emu);
	if ((a->scdw10 & 7) == SANACT_OVERWRITE)
		passes = SAN_OWPASS(a->scdw10) ? SAN_OWPASS(a->scdw10) : 16;
	a->sstat = (uint16_t)((a->scdw10 & SAN_NDAS ? SSTAT_DONE_DEALLOCATED : SSTAT_DONE) |
			      passes << 3);
	a->sprog = 0xffff;
	a->san_active = false;
	emu_adm_event(emu, EMU_AET_IO, EMU_AEI_IO_SANITIZE_DONE, NVMET_LOG_SANITIZE, false, false);
}
