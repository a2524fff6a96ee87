// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * admin_feat.c - Get Features and Set Features: current, default,
 * saved (none are saveable: the default) and supported capabilities of
 * each feature the emulated controller has, and their reset values.
 */
#include "admin.h"

#define CAP_NS_SPECIFIC	(1u << 1)	/* supported capabilities, SEL 3 */
#define CAP_CHANGEABLE	(1u << 2)

#define IRQ_CD		(1u << 16)	/* Interrupt Vector Configuration: no coalescing */
#define DULBE		(1u << 16)	/* Error Recovery: deallocated block error */
#define KATO_STEP	(EMU_KAS * 100u)	/* Keep Alive granularity, ms */

static bool feat_supported(const struct nvmet_emu *emu, uint8_t fid)
{
	switch (fid) {
	case NVMET_FEAT_ARBITRATION:
	case NVMET_FEAT_POWER_MGMT:
	case NVMET_FEAT_TEMP_THRESH:
	case NVMET_FEAT_ERR_RECOVERY:
	case NVMET_FEAT_NUM_QUEUES:
	case NVMET_FEAT_IRQ_COALESCE:
	case NVMET_FEAT_IRQ_CONFIG:
	case NVMET_FEAT_WRITE_ATOMIC:
	case NVMET_FEAT_ASYNC_EVENT:
	case NVMET_FEAT_TIMESTAMP:
	case NVMET_FEAT_KEEP_ALIVE:
	case NVMET_FEAT_SANITIZE_CFG:
		return true;
	case NVMET_FEAT_VOLATILE_WC:
		return emu->opts.vwc;
	default:
		return false;
	}
}

static void vwc_apply(struct nvmet_emu *emu, bool on)
{
	unsigned int i;

	emu->adm.vwc_enabled = on;
	for (i = 1; i <= EMU_MAX_NS; i++)
		if (emu->ns[i])
			emu_store_set_vwc(emu->ns[i]->store, emu_admin_vwc(emu));
}

static uint16_t queues_default(const struct nvmet_emu *emu)
{
	return (uint16_t)(emu->opts.queues - 1);
}

void emu_adm_feat_defaults(struct nvmet_emu *emu)
{
	struct emu_admin *a = &emu->adm;
	unsigned int v;

	a->arbitration = 0;
	a->power_mgmt = 0;
	a->err_recovery = 0;
	a->irq_coalesce = 0;
	a->write_atomic = 0;
	a->kato = 0;
	a->san_nodrm = false;
	__atomic_store_n(&a->async_cfg, EMU_AEC_SUPPORTED, __ATOMIC_RELAXED);
	__atomic_store_n(&a->temp_thresh_over, EMU_WCTEMP, __ATOMIC_RELAXED);
	__atomic_store_n(&a->temp_thresh_under, 0, __ATOMIC_RELAXED);
	a->nsq_alloc = queues_default(emu);
	a->ncq_alloc = queues_default(emu);
	a->queues_set = false;
	for (v = 0; v < emu->opts.vectors; v++)
		a->irq_config[v] = v | (v ? 0 : IRQ_CD);
	a->timestamp_base_ms = 0;
	a->timestamp_set_ns = nvmet_now_ns();
	a->ts_host_set = false;
	if (a->vwc_enabled != emu->opts.vwc)
		vwc_apply(emu, emu->opts.vwc);
	emu_adm_temp_check(emu);
}

/* ---- Timestamp ------------------------------------------------------- */

#define TS_BYTES	8
#define TS_MASK		((1ull << 48) - 1)

static uint16_t timestamp_get(struct nvmet_emu *emu, const struct nvmet_sqe *sqe)
{
	struct emu_admin *a = &emu->adm;
	uint8_t d[TS_BYTES];
	uint64_t ms = a->timestamp_base_ms + (nvmet_now_ns() - a->timestamp_set_ns) / 1000000;

	nvmet_put_le64(d, ms & TS_MASK);
	d[6] = a->ts_host_set ? 1u << 1 : 0;	/* origin; Synch 0: the clock never stopped */
	d[7] = 0;
	return emu_xfer_to_host(emu, sqe, d, sizeof(d));
}

static uint16_t timestamp_set(struct nvmet_emu *emu, const struct nvmet_sqe *sqe)
{
	struct emu_admin *a = &emu->adm;
	uint8_t d[TS_BYTES];
	uint16_t st = emu_xfer_from_host(emu, sqe, d, sizeof(d));

	if (st)
		return st;
	a->timestamp_base_ms = nvmet_get_le64(d) & TS_MASK;
	a->timestamp_set_ns = nvmet_now_ns();
	a->ts_host_set = true;
	return 0;
}

/* ---- Temperature Threshold ------------------------------------------- */

#define TMPSEL_ALL	0xf
#define THSEL_UNDER	1

static uint16_t temp_thresh_get(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, bool cur,
				uint32_t *dw0)
{
	struct emu_admin *a = &emu->adm;
	bool under = sqe->features.temp_thresh.thsel == THSEL_UNDER;

	/* Only the composite temperature. */
	if (sqe->features.temp_thresh.tmpsel || sqe->features.temp_thresh.thsel > THSEL_UNDER)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	if (!cur)
		*dw0 = under ? 0 : EMU_WCTEMP;
	else
		*dw0 = under ? a->temp_thresh_under : a->temp_thresh_over;
	return 0;
}

static uint16_t temp_thresh_set(struct nvmet_emu *emu, const struct nvmet_sqe *sqe)
{
	unsigned int tmpsel = sqe->features.temp_thresh.tmpsel;
	unsigned int thsel = sqe->features.temp_thresh.thsel;
	uint16_t *t;

	if ((tmpsel && tmpsel != TMPSEL_ALL) || thsel > THSEL_UNDER)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	t = thsel == THSEL_UNDER ? &emu->adm.temp_thresh_under : &emu->adm.temp_thresh_over;
	__atomic_store_n(t, sqe->features.temp_thresh.tmpth, __ATOMIC_RELAXED);
	emu_adm_temp_check(emu);
	return 0;
}

/* ---- Get Features ---------------------------------------------------- */

/* The value of @fid: current when @cur, else the default. */
static uint16_t feat_value(struct nvmet_emu *emu, struct emu_cmd *cmd, uint8_t fid, bool cur)
{
	struct emu_admin *a = &emu->adm;
	uint16_t iv = cmd->sqe.features.irq_config.iv;
	uint32_t *dw0 = &cmd->cqe.dw0;

	switch (fid) {
	case NVMET_FEAT_ARBITRATION:	*dw0 = cur ? a->arbitration : 0; break;
	case NVMET_FEAT_POWER_MGMT:	*dw0 = cur ? a->power_mgmt : 0; break;
	case NVMET_FEAT_ERR_RECOVERY:	*dw0 = cur ? a->err_recovery : 0; break;
	case NVMET_FEAT_VOLATILE_WC:	*dw0 = cur ? a->vwc_enabled : 1; break;
	case NVMET_FEAT_IRQ_COALESCE:	*dw0 = cur ? a->irq_coalesce : 0; break;
	case NVMET_FEAT_WRITE_ATOMIC:	*dw0 = cur ? a->write_atomic : 0; break;
	case NVMET_FEAT_KEEP_ALIVE:	*dw0 = cur ? a->kato : 0; break;
	case NVMET_FEAT_SANITIZE_CFG:	*dw0 = cur ? a->san_nodrm : 0; break;
	case NVMET_FEAT_ASYNC_EVENT:
		*dw0 = cur ? __atomic_load_n(&a->async_cfg, __ATOMIC_RELAXED) : EMU_AEC_SUPPORTED;
		break;
	case NVMET_FEAT_NUM_QUEUES:
		*dw0 = cur ? (uint32_t)a->ncq_alloc << 16 | a->nsq_alloc :
			     (uint32_t)queues_default(emu) << 16 | queues_default(emu);
		break;
	case NVMET_FEAT_IRQ_CONFIG:
		if (iv >= emu->opts.vectors)
			return ST_GENERIC(NVMET_SC_INVALID_FIELD);
		*dw0 = cur ? a->irq_config[iv] : iv | (iv ? 0 : IRQ_CD);
		break;
	case NVMET_FEAT_TEMP_THRESH:
		return temp_thresh_get(emu, &cmd->sqe, cur, dw0);
	case NVMET_FEAT_TIMESTAMP:
		return timestamp_get(emu, &cmd->sqe);
	default:
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	}
	return 0;
}

uint16_t emu_adm_get_features(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	uint8_t fid = cmd->sqe.features.fid;
	unsigned int sel = cmd->sqe.features.sel;

	if (!feat_supported(emu, fid) || sel > NVMET_SEL_SUPPORTED)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	if (sel == NVMET_SEL_SUPPORTED) {
		cmd->cqe.dw0 = CAP_CHANGEABLE |
			       (fid == NVMET_FEAT_ERR_RECOVERY ? CAP_NS_SPECIFIC : 0);
		return 0;
	}
	/* Nothing is saveable: the saved value is the default. */
	return feat_value(emu, cmd, fid, sel == NVMET_SEL_CURRENT);
}

/* ---- Set Features ---------------------------------------------------- */

static uint16_t num_queues_set(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	struct emu_admin *a = &emu->adm;
	uint16_t nsqr = cmd->sqe.features.num_queues.nsqr;
	uint16_t ncqr = cmd->sqe.features.num_queues.ncqr;
	uint16_t max = queues_default(emu);

	if (nsqr == 0xffff || ncqr == 0xffff)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	if (emu->fe_ops->io_queues(emu->fe))
		return ST_GENERIC(NVMET_SC_CMD_SEQ_ERROR);
	a->nsq_alloc = (uint16_t)(nsqr < max ? nsqr : max);
	a->ncq_alloc = (uint16_t)(ncqr < max ? ncqr : max);
	a->queues_set = true;
	cmd->cqe.dw0 = (uint32_t)a->ncq_alloc << 16 | a->nsq_alloc;
	return 0;
}

/* NSID rules: one feature here is namespace specific, the others take 0 or all. */
static uint16_t feat_nsid_check(struct nvmet_emu *emu, uint8_t fid, uint32_t nsid)
{
	if (!nsid || nsid == EMU_NSID_ALL)
		return 0;
	if (fid == NVMET_FEAT_ERR_RECOVERY)
		return emu_adm_ns_active(emu, nsid) ? 0 : ST_GENERIC(NVMET_SC_INVALID_NS);
	return emu_nsid_valid(nsid) ? ST_CMD(NVMET_SC_FEATURE_NOT_PER_NS) : ST_GENERIC(NVMET_SC_INVALID_NS);
}

uint16_t emu_adm_set_features(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	struct emu_admin *a = &emu->adm;
	uint8_t fid = cmd->sqe.features.fid;
	uint32_t cdw11 = cmd->sqe.features.cdw11;
	uint16_t iv = cmd->sqe.features.irq_config.iv;
	uint16_t st;

	if (!feat_supported(emu, fid))
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	if (cmd->sqe.features.sv)
		return ST_CMD(NVMET_SC_FEATURE_NOT_SAVEABLE);
	st = feat_nsid_check(emu, fid, cmd->sqe.nsid);
	if (st)
		return st;
	switch (fid) {
	case NVMET_FEAT_ARBITRATION:
		a->arbitration = cdw11 & 0xffffff07u;
		break;
	case NVMET_FEAT_POWER_MGMT:
		if ((cdw11 & 0x1f) > 1)
			return ST_GENERIC(NVMET_SC_INVALID_FIELD);	/* power states 0 and 1 */
		a->power_mgmt = cdw11 & 0x1f;
		break;
	case NVMET_FEAT_TEMP_THRESH:
		return temp_thresh_set(emu, &cmd->sqe);
	case NVMET_FEAT_ERR_RECOVERY:
		if (cdw11 & DULBE)
			return ST_GENERIC(NVMET_SC_INVALID_FIELD);	/* NSFEAT.DAE is clear */
		a->err_recovery = cdw11 & 0xffff;
		break;
	case NVMET_FEAT_VOLATILE_WC:
		if ((cdw11 & 1) != a->vwc_enabled)
			vwc_apply(emu, cdw11 & 1);
		break;
	case NVMET_FEAT_NUM_QUEUES:
		return num_queues_set(emu, cmd);
	case NVMET_FEAT_IRQ_COALESCE:
		a->irq_coalesce = cdw11 & 0xffff;
		break;
	case NVMET_FEAT_IRQ_CONFIG:
		if (iv >= emu->opts.vectors)
			return ST_GENERIC(NVMET_SC_INVALID_FIELD);
		a->irq_config[iv] = cdw11 & (0xffff | IRQ_CD);
		break;
	case NVMET_FEAT_WRITE_ATOMIC:
		a->write_atomic = cdw11 & 1;
		break;
	case NVMET_FEAT_ASYNC_EVENT:
		__atomic_store_n(&a->async_cfg, cdw11 & EMU_AEC_SUPPORTED, __ATOMIC_RELAXED);
		break;
	case NVMET_FEAT_TIMESTAMP:
		return timestamp_set(emu, &cmd->sqe);
	case NVMET_FEAT_KEEP_ALIVE:
		a->kato = cdw11 > UINT32_MAX - KATO_STEP ? cdw11 :
			  (cdw11 + KATO_STEP - 1) / KATO_STEP * KATO_STEP;
		break;
	case NVMET_FEAT_SANITIZE_CFG:
		a->san_nodrm = cdw11 & 1;
		break;
	}
	return 0;
}
