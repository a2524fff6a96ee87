// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * admin.c - the emulated controller's admin command set: dispatch by
 * opcode, queue creation and deletion, Abort, Keep Alive, and the admin
 * state's life cycle (init, controller reset, the background tick).
 */
#include <errno.h>
#include <stdlib.h>

#include "admin.h"

int emu_admin_init(struct nvmet_emu *emu)
{
	struct emu_admin *a = &emu->adm;

	a->irq_config = calloc(emu->opts.vectors ? emu->opts.vectors : 1, sizeof(*a->irq_config));
	if (!a->irq_config)
		return -ENOMEM;
	emu_adm_health_init(emu);
	emu_adm_fw_init(emu);
	emu_adm_feat_defaults(emu);
	a->sprog = 0xffff;
	return 0;
}

void emu_admin_fini(struct nvmet_emu *emu)
{
	free(emu->adm.irq_config);
	emu->adm.irq_config = NULL;
	free(emu->adm.fw_image);
	emu->adm.fw_image = NULL;
}

void emu_admin_reset(struct nvmet_emu *emu)
{
	emu_adm_aer_reset(emu);
	emu_adm_dst_end(emu, EMU_DST_ABORTED_RESET);
	emu_adm_fw_reset(emu);
	emu_adm_feat_defaults(emu);
}

void emu_admin_tick(struct nvmet_emu *emu, uint64_t now_ns)
{
	if (emu->adm.dst_op)
		emu_adm_dst_tick(emu, now_ns);
	if (emu->adm.san_active)
		emu_adm_san_tick(emu, now_ns);
	if (emu_adm_aer_due(emu))
		emu_adm_aer_deliver(emu);
}

bool emu_admin_vwc(const struct nvmet_emu *emu)
{
	return emu->opts.vwc && emu->adm.vwc_enabled;
}

/* ---- queues ---------------------------------------------------------- */

/*
 * The I/O queue commands are the front end's: it owns the queues (a
 * fabrics front end has none of these). The core adds what the Number of
 * Queues feature granted.
 */
static uint16_t create_cq(struct nvmet_emu *emu, const struct nvmet_sqe *sqe)
{
	return emu->fe_ops->create_cq(emu->fe, sqe, emu->adm.ncq_alloc + 1u);
}

static uint16_t create_sq(struct nvmet_emu *emu, const struct nvmet_sqe *sqe)
{
	return emu->fe_ops->create_sq(emu->fe, sqe, emu->adm.nsq_alloc + 1u);
}

static uint16_t delete_sq(struct nvmet_emu *emu, const struct nvmet_sqe *sqe)
{
	return emu->fe_ops->delete_sq(emu->fe, sqe->delete_queue.qid);
}

static uint16_t delete_cq(struct nvmet_emu *emu, const struct nvmet_sqe *sqe)
{
	return emu->fe_ops->delete_cq(emu->fe, sqe->delete_queue.qid);
}

/* ---- Abort ----------------------------------------------------------- */

static uint16_t abort_cmd(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	uint16_t sqid = cmd->sqe.abort.sqid, cid = cmd->sqe.abort.cid;
	bool done;

	done = !sqid && emu_adm_aer_abort(emu, cid);
	if (!done)
		done = emu_abort_dropped(emu, sqid, cid, ST_GENERIC(NVMET_SC_ABORT_REQ));
	cmd->cqe.dw0 = done ? 0 : 1;
	return 0;
}

/* ---- dispatch -------------------------------------------------------- */


uint32_t emu_adm_effects(uint8_t opc)
{
	switch (opc) {
	case NVMET_ADM_DELETE_SQ:
	case NVMET_ADM_CREATE_SQ:
	case NVMET_ADM_GET_LOG_PAGE:
	case NVMET_ADM_DELETE_CQ:
	case NVMET_ADM_CREATE_CQ:
	case NVMET_ADM_IDENTIFY:
	case NVMET_ADM_ABORT:
	case NVMET_ADM_SET_FEATURES:
	case NVMET_ADM_GET_FEATURES:
	case NVMET_ADM_ASYNC_EVENT:
	case NVMET_ADM_FW_DOWNLOAD:
	case NVMET_ADM_SELF_TEST:
	case NVMET_ADM_KEEP_ALIVE:
	case NVMET_ADM_MI_SEND:
	case NVMET_ADM_MI_RECV:
	case NVMET_ADM_SECURITY_SEND:
	case NVMET_ADM_SECURITY_RECV:
		return NVMET_CSE_CSUPP;
	case NVMET_ADM_NS_MGMT:
		return NVMET_CSE_CSUPP | NVMET_CSE_NCC | NVMET_CSE_NIC;
	case NVMET_ADM_NS_ATTACH:
		return NVMET_CSE_CSUPP | NVMET_CSE_NIC;
	case NVMET_ADM_FW_COMMIT:
		return NVMET_CSE_CSUPP | NVMET_CSE_CCC;
	case NVMET_ADM_FORMAT_NVM:
	case NVMET_ADM_SANITIZE:
		return NVMET_CSE_CSUPP | NVMET_CSE_LBCC | NVMET_CSE_NCC | NVMET_CSE_CSE_ALL;
	default:
		return 0;
	}
}

/*
 * What a sanitize operation in progress lets through: the commands the
 * specification allows then (queues, Abort, events, features, Identify,
 * Keep Alive, NVMe-MI); Get Log Page checks its log page itself.
 */
static bool allowed_in_sanitize(uint8_t opc)
{
	switch (opc) {
	case NVMET_ADM_DELETE_SQ:
	case NVMET_ADM_CREATE_SQ:
	case NVMET_ADM_GET_LOG_PAGE:
	case NVMET_ADM_DELETE_CQ:
	case NVMET_ADM_CREATE_CQ:
	case NVMET_ADM_IDENTIFY:
	case NVMET_ADM_ABORT:
	case NVMET_ADM_SET_FEATURES:
	case NVMET_ADM_GET_FEATURES:
	case NVMET_ADM_ASYNC_EVENT:
	case NVMET_ADM_KEEP_ALIVE:
	case NVMET_ADM_MI_SEND:
	case NVMET_ADM_MI_RECV:
		return true;
	default:
		return false;
	}
}

static uint16_t admin_run(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	const struct nvmet_sqe *sqe = &cmd->sqe;

	switch (sqe->opc) {
	case NVMET_ADM_DELETE_SQ:	return delete_sq(emu, sqe);
	case NVMET_ADM_CREATE_SQ:	return create_sq(emu, sqe);
	case NVMET_ADM_GET_LOG_PAGE:	return emu_adm_get_log(emu, cmd);
	case NVMET_ADM_DELETE_CQ:	return delete_cq(emu, sqe);
	case NVMET_ADM_CREATE_CQ:	return create_cq(emu, sqe);
	case NVMET_ADM_IDENTIFY:	return emu_adm_identify(emu, cmd);
	case NVMET_ADM_ABORT:		return abort_cmd(emu, cmd);
	case NVMET_ADM_SET_FEATURES:	return emu_adm_set_features(emu, cmd);
	case NVMET_ADM_GET_FEATURES:	return emu_adm_get_features(emu, cmd);
	case NVMET_ADM_NS_MGMT:		return emu_adm_ns_mgmt(emu, cmd);
	case NVMET_ADM_FW_COMMIT:	return emu_adm_fw_commit(emu, cmd);
	case NVMET_ADM_FW_DOWNLOAD:	return emu_adm_fw_download(emu, cmd);
	case NVMET_ADM_SELF_TEST:	return emu_adm_self_test(emu, cmd);
	case NVMET_ADM_NS_ATTACH:	return emu_adm_ns_attach(emu, cmd);
	case NVMET_ADM_KEEP_ALIVE:	return 0;
	case NVMET_ADM_MI_SEND:		return emu_adm_mi_send(emu, cmd);
	case NVMET_ADM_MI_RECV:		return emu_adm_mi_recv(emu, cmd);
	case NVMET_ADM_FORMAT_NVM:	return emu_adm_format(emu, cmd);
	case NVMET_ADM_SECURITY_SEND:	return emu_adm_security_send(emu, cmd);
	case NVMET_ADM_SECURITY_RECV:	return emu_adm_security_recv(emu, cmd);
	case NVMET_ADM_SANITIZE:	return emu_adm_sanitize(emu, cmd);
	default:
		return ST_GENERIC(NVMET_SC_INVALID_OPCODE);
	}
}

enum emu_exec emu_admin_exec(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	uint8_t opc = cmd->sqe.opc;

	if (emu->adm.san_active && !allowed_in_sanitize(opc)) {
		/* Retryable once the sanitize operation is over: no DNR. */
		cmd->cqe.status = emu_adm_effects(opc) ? ST_SANITIZING :
			ST_GENERIC(NVMET_SC_INVALID_OPCODE);
		return EMU_EXEC_DONE;
	}
	if (opc == NVMET_ADM_ASYNC_EVENT)
		return emu_adm_aer(emu, cmd);
	cmd->cqe.status = admin_run(emu, cmd);
	return EMU_EXEC_DONE;
}
