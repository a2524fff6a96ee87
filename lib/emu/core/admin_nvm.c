// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * admin_nvm.c - the commands that act on the media: Format NVM
 * (instant), and the two that run in the background, advanced by the
 * controller thread's tick: Device Self-test and Sanitize.
 */
#include "admin.h"

/* ---- Format NVM ------------------------------------------------------ */

static uint16_t format_one(struct nvmet_emu *emu, struct emu_ns *ns, uint8_t lbaf)
{
	emu_adm_dst_end_ns(emu, ns->nsid, EMU_DST_ABORTED_FORMAT);
	return emu_ns_format(emu, ns, lbaf) ? ST_GENERIC(NVMET_SC_INTERNAL) : 0;
}

uint16_t emu_adm_format(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	const struct nvmet_sqe_format *f = &cmd->sqe.format;
	uint8_t lbaf = (uint8_t)(f->lbafu << 4 | f->lbafl);
	unsigned int pi = f->pi, ses = f->ses, i;
	uint32_t nsid = cmd->sqe.nsid;
	struct emu_ns *ns;
	uint16_t st = 0;

	if (ses > 2)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);	/* none, user data erase, cryptographic erase */
	if (nsid != EMU_NSID_ALL && !emu_adm_ns_active(emu, nsid))
		return ST_GENERIC(NVMET_SC_INVALID_NS);
	if (lbaf > 1 || pi)
		return ST_CMD(NVMET_SC_INVALID_FORMAT);	/* no metadata, so no PI */
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
		nvmet_put_le32(e + 12, a->dst_nsid);
	}
	nvmet_put_le64(e + 4, emu_adm_power_on_hours(emu));
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
	unsigned int stc = cmd->sqe.self_test.stc;
	uint32_t nsid = cmd->sqe.nsid;

	if (stc == NVMET_STC_ABORT) {
		emu_adm_dst_end(emu, EMU_DST_ABORTED_CMD);
		return 0;
	}
	if (stc != NVMET_STC_SHORT && stc != NVMET_STC_EXTENDED)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	if (nsid && nsid != EMU_NSID_ALL && !emu_adm_ns_active(emu, nsid))
		return ST_GENERIC(NVMET_SC_INVALID_NS);
	if (a->dst_op)
		return ST_CMD(NVMET_SC_SELF_TEST_IN_PROGRESS);
	a->dst_op = (uint8_t)stc;
	a->dst_nsid = nsid;
	a->dst_start_ns = nvmet_now_ns();
	a->dst_len_ns = stc == NVMET_STC_SHORT ? EMU_DST_SHORT_NS : EMU_DST_EXT_NS;
	return 0;
}

/* ---- Sanitize -------------------------------------------------------- */

#define SSTAT_DONE		1
#define SSTAT_IN_PROGRESS	2
#define SSTAT_DONE_DEALLOCATED	4	/* No-Deallocate asked for, deallocated anyway */

uint16_t emu_adm_sanitize(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	struct emu_admin *a = &emu->adm;
	const struct nvmet_sqe_sanitize *san = &cmd->sqe.sanitize;

	switch (san->sanact) {
	case NVMET_SANACT_EXIT_FAILURE:
		return 0;		/* sanitize never fails here: nothing to leave */
	case NVMET_SANACT_BLOCK_ERASE:
	case NVMET_SANACT_OVERWRITE:
	case NVMET_SANACT_CRYPTO_ERASE:
		break;
	default:
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	}
	/* SANICAP.NDI: No-Deallocate is refused unless the host accepts deallocation. */
	if (san->ndas && !a->san_nodrm)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	emu_adm_dst_end(emu, EMU_DST_ABORTED_SANITIZE);
	a->san_cmd = *san;
	a->sstat = SSTAT_IN_PROGRESS;
	a->sprog = 0;
	a->san_start_ns = nvmet_now_ns();
	a->san_len_ns = EMU_SAN_NS;
	a->san_active = true;
	return 0;
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
	if (a->san_cmd.sanact == NVMET_SANACT_OVERWRITE)
		passes = a->san_cmd.owpass ? a->san_cmd.owpass : 16;
	a->sstat = (uint16_t)((a->san_cmd.ndas ? SSTAT_DONE_DEALLOCATED : SSTAT_DONE) |
			      passes << 3);
	a->sprog = 0xffff;
	a->san_active = false;
	emu_adm_event(emu, NVMET_AER_TYPE_IO, NVMET_AER_IO_SANITIZE_DONE, NVMET_LOG_SANITIZE, false, false);
}
