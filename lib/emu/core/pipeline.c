// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pipeline.c - the controller core's command pipeline: decode (the decode
 * taps, then the checks that give a command its namespace and blocks, fused
 * pairs checked once), execute (admin or NVM command set), writeback (the
 * writeback taps, the Error Information log) and the hand-off to the front
 * end; the commands a tap held back; controller reset; the core's life.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

static atomic_uint emu_count;

void emu_core_attach(struct nvmet_emu *emu, const struct emu_frontend_ops *ops, void *fe)
{
	emu->fe_ops = ops;
	emu->fe = fe;
}

void emu_core_fabrics(struct nvmet_emu *emu, const struct emu_fabrics *fab)
{
	emu->fab = *fab;
}

void emu_core_fabrics_cntlid(struct nvmet_emu *emu, uint16_t cntlid, const uint8_t *hostid)
{
	emu->fab.cntlid = cntlid;
	memcpy(emu->fab.hostid, hostid, sizeof(emu->fab.hostid));
}

/* ---- writeback ------------------------------------------------------- */

void emu_complete(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	enum nvmet_emu_tap tap = cmd->sqid ? NVMET_EMU_TAP_IO_WRITEBACK :
					     NVMET_EMU_TAP_ADMIN_WRITEBACK;

	cmd->cqe.cid = cmd->sqe.cid;
	cmd->cqe.sqid = cmd->sqid;
	cmd->cqe.sqhd = emu->fe_ops->sq_head(emu->fe, cmd->sqid);
	if (emu_tap_on(emu, tap)) {
		struct nvmet_emu_event ev = {
			.sqid = cmd->sqid, .sqe = &cmd->sqe, .cqe = &cmd->cqe,
		};

		ev.ts_ns = nvmet_now_ns();
		ev.latency_ns = ev.ts_ns - cmd->fetch_ns;
		if (emu_tap_run(emu, tap, &ev) == NVMET_EMU_DROP)
			return;
	}
	if (cmd->cqe.status & 0xfffe)
		emu_admin_log_error(emu, cmd, 0, cmd->sqe.nsid);
	emu->fe_ops->post(emu->fe, cmd);
}

static void complete_with(struct nvmet_emu *emu, struct emu_cmd *cmd, uint16_t status)
{
	cmd->cqe.status = status;
	emu_complete(emu, cmd);
}

/* ---- commands a tap dropped ------------------------------------------ */

int emu_cmd_list_add(struct emu_cmd **list, unsigned int *n, unsigned int *cap,
		     const struct emu_cmd *cmd)
{
	if (*n == *cap) {
		unsigned int c = *cap ? *cap * 2 : 16;
		struct emu_cmd *grown = realloc(*list, c * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		*list = grown;
		*cap = c;
	}
	(*list)[(*n)++] = *cmd;
	return 0;
}

bool emu_abort_dropped(struct nvmet_emu *emu, uint16_t sqid, uint16_t cid, uint16_t status)
{
	unsigned int i;

	for (i = 0; i < emu->nr_dropped; i++) {
		struct emu_cmd c = emu->dropped[i];

		if (c.sqid != sqid || c.sqe.cid != cid)
			continue;
		emu->dropped[i] = emu->dropped[--emu->nr_dropped];
		c.cqe.dw0 = 0;
		c.cqe.dw1 = 0;
		complete_with(emu, &c, status);
		return true;
	}
	return false;
}

void emu_core_sq_deleted(struct nvmet_emu *emu, uint16_t sqid)
{
	unsigned int i;

	for (i = 0; i < emu->nr_dropped;) {
		if (emu->dropped[i].sqid == sqid &&
		    emu_abort_dropped(emu, sqid, emu->dropped[i].sqe.cid,
				      ST_GENERIC(NVMET_SC_SQ_DELETED)))
			continue;
		i++;
	}
}

/* ---- decode and execute ---------------------------------------------- */

/* The decode taps; true when one dealt with the command (completed or dropped it). */
static bool decode_taps(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	enum nvmet_emu_tap tap = cmd->sqid ? NVMET_EMU_TAP_IO_DECODE : NVMET_EMU_TAP_ADMIN_DECODE;
	struct nvmet_emu_event ev;
	int v;

	if (!emu_tap_on(emu, tap))
		return false;
	memset(&ev, 0, sizeof(ev));
	ev.sqid = cmd->sqid;
	ev.sqe = &cmd->sqe;
	ev.cqe = &cmd->cqe;
	ev.ts_ns = cmd->fetch_ns;
	v = emu_tap_run(emu, tap, &ev);
	if (v == NVMET_EMU_HANDLED) {
		emu_complete(emu, cmd);
		return true;
	}
	if (v == NVMET_EMU_DROP) {
		emu_cmd_list_add(&emu->dropped, &emu->nr_dropped, &emu->cap_dropped, cmd);
		return true;
	}
	return false;
}

static void admin_run(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	if (cmd->sqe.flags & NVMET_SQE_FUSE_MASK) {
		complete_with(emu, cmd, ST_GENERIC(NVMET_SC_INVALID_FIELD));
		return;
	}
	if (decode_taps(emu, cmd))
		return;
	if (emu_admin_exec(emu, cmd) == EMU_EXEC_DONE)
		emu_complete(emu, cmd);
}

/* A fused pair: each half through its decode taps, then both executed together. */
static void fused_run(struct nvmet_emu *emu, struct emu_cmd *cmd, struct emu_cmd *second)
{
	if (decode_taps(emu, cmd)) {
		complete_with(emu, second, ST_GENERIC(NVMET_SC_FUSED_MISSING));
		return;
	}
	if (decode_taps(emu, second)) {
		complete_with(emu, cmd, ST_GENERIC(NVMET_SC_FUSED_MISSING));
		return;
	}
	emu_io_exec(emu, cmd, second);
	emu_complete(emu, cmd);
	emu_complete(emu, second);
}

void emu_core_run(struct nvmet_emu *emu, struct emu_cmd *cmd, struct emu_cmd *second)
{
	memset(&cmd->cqe, 0, sizeof(cmd->cqe));
	if (!cmd->sqid) {
		admin_run(emu, cmd);
		return;
	}
	switch (cmd->sqe.flags & NVMET_SQE_FUSE_MASK) {
	case NVMET_SQE_FUSE_FIRST:
		if (!second) {
			complete_with(emu, cmd, ST_GENERIC(NVMET_SC_FUSED_MISSING));
			return;
		}
		memset(&second->cqe, 0, sizeof(second->cqe));
		second->fetch_ns = cmd->fetch_ns;
		fused_run(emu, cmd, second);
		return;
	case NVMET_SQE_FUSE_SECOND:
		/* A second half without its first. */
		complete_with(emu, cmd, ST_GENERIC(NVMET_SC_FUSED_MISSING));
		return;
	case NVMET_SQE_FUSE_MASK:
		complete_with(emu, cmd, ST_GENERIC(NVMET_SC_INVALID_FIELD));
		return;
	}
	if (decode_taps(emu, cmd))
		return;
	emu_io_exec(emu, cmd, NULL);
	emu_complete(emu, cmd);
}

/* ---- resets ----------------------------------------------------------- */

void emu_core_reset(struct nvmet_emu *emu)
{
	emu->fe_ops->reset(emu->fe);
	emu->nr_dropped = 0;
	emu_admin_reset(emu);
}

void emu_core_power_loss(struct nvmet_emu *emu)
{
	bool clean = (atomic_load(&emu->csts) & NVMET_CSTS_SHST_MASK) == NVMET_CSTS_SHST_CMPLT;
	unsigned int i;

	for (i = 1; i <= EMU_MAX_NS; i++)
		if (emu->ns[i])
			emu_store_power_loss(emu->ns[i]->store);
	emu_resv_forget(emu);
	emu_core_reset(emu);
	emu_regs_init(emu);
	emu->adm.power_cycles++;
	if (!clean)
		emu->adm.unsafe_shutdowns++;
}

/* ---- life cycle ------------------------------------------------------- */

int emu_core_create(const struct emu_opts *o, struct nvmet_emu **out)
{
	struct nvmet_emu *emu = calloc(1, sizeof(*emu));
	unsigned int i;
	int ret;

	if (!emu)
		return -ENOMEM;
	emu->opts = *o;
	/* The front end loads the plug-ins; their strings are not the core's. */
	emu->opts.nr_plugins = 0;
	memset(emu->opts.plugins, 0, sizeof(emu->opts.plugins));
	snprintf(emu->name, sizeof(emu->name), "emu%u", atomic_fetch_add(&emu_count, 1));
	pthread_mutex_init(&emu->lock, NULL);
	emu_regs_init(emu);
	ret = emu_admin_init(emu);
	for (i = 1; !ret && i <= o->nr_ns; i++)
		ret = emu_ns_create(emu, i, o->ns_bytes, o->lba_size == 4096 ? 1 : 0);
	if (ret) {
		emu_core_destroy(emu);
		return ret;
	}
	*out = emu;
	return 0;
}

void emu_core_destroy(struct nvmet_emu *emu)
{
	unsigned int i;

	if (!emu)
		return;
	for (i = 1; i <= EMU_MAX_NS; i++)
		if (emu->ns[i])
			emu_ns_destroy(emu, i);
	emu_admin_fini(emu);
	free(emu->dropped);
	pthread_mutex_destroy(&emu->lock);
	free(emu);
}
