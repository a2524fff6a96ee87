// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * admin_log.c - Get Log Page (error information, SMART / health,
 * firmware slot, changed namespace list, commands supported and effects,
 * device self-test, sanitize status) with offsets and RAE, and the error
 * information log the core feeds through emu_admin_log_error().
 */
#include "admin.h"

#define LOG_MAX			4096	/* the largest log page here */
#define ERR_ENTRY		64
#define SMART_BYTES		512
#define FW_SLOT_BYTES		512
#define CHANGED_NS_BYTES	4096
#define EFFECTS_BYTES		4096
#define DST_BYTES		564
#define DST_ENTRY		28
#define SANITIZE_BYTES		512

void emu_admin_log_error(struct nvmet_emu *emu, const struct emu_cmd *cmd, uint64_t lba,
			 uint32_t nsid)
{
	struct emu_admin *a = &emu->adm;
	uint8_t *e = a->errlog[a->errlog_head];

	memset(e, 0, ERR_ENTRY);
	nvmet_put_le64(e, ++a->error_count);
	nvmet_put_le16(e + 8, cmd->sqid);
	nvmet_put_le16(e + 10, cmd->sqe.cid);
	nvmet_put_le16(e + 12, cmd->cqe.status & 0xfffe);
	nvmet_put_le16(e + 14, 0xffff);	/* parameter error location: not given */
	nvmet_put_le64(e + 16, lba);
	nvmet_put_le32(e + 24, nsid);
	a->errlog_head = (a->errlog_head + 1) % EMU_ERRLOG_MAX;
	if (a->errlog_count < EMU_ERRLOG_MAX)
		a->errlog_count++;
	a->nr_err_log++;
}

/* Newest first; the entries past the ones kept are zero (error count 0: unused). */
static size_t log_error(struct nvmet_emu *emu, uint8_t *d)
{
	struct emu_admin *a = &emu->adm;
	unsigned int i, at = a->errlog_head;

	for (i = 0; i < a->errlog_count; i++) {
		at = (at + EMU_ERRLOG_MAX - 1) % EMU_ERRLOG_MAX;
		memcpy(d + i * ERR_ENTRY, a->errlog[at], ERR_ENTRY);
	}
	return EMU_ERRLOG_MAX * ERR_ENTRY;
}

static void put128(uint8_t *p, uint64_t v)
{
	nvmet_put_le64(p, v);
	nvmet_put_le64(p + 8, 0);
}

/* Data units are thousands of 512-byte units, rounded up. */
static uint64_t data_units(uint64_t units_512)
{
	return units_512 / 1000 + (units_512 % 1000 ? 1 : 0);
}

static size_t log_smart(struct nvmet_emu *emu, uint8_t *d)
{
	struct emu_admin *a = &emu->adm;
	uint32_t warn, crit;

	pthread_mutex_lock(&emu->lock);
	d[0] = a->critical_warning;
	nvmet_put_le16(d + 1, a->temperature);
	pthread_mutex_unlock(&emu->lock);
	d[3] = 100;		/* available spare, percent */
	d[4] = 10;		/* available spare threshold */
	put128(d + 32, data_units(a->data_units_read));
	put128(d + 48, data_units(a->data_units_written));
	put128(d + 64, a->host_reads);
	put128(d + 80, a->host_writes);
	put128(d + 112, a->power_cycles);
	put128(d + 128, emu_adm_power_on_hours(emu));
	put128(d + 144, a->unsafe_shutdowns);
	put128(d + 160, a->media_errors);
	put128(d + 176, a->nr_err_log);
	emu_adm_temp_minutes(emu, &warn, &crit);
	nvmet_put_le32(d + 192, warn);
	nvmet_put_le32(d + 196, crit);
	return SMART_BYTES;
}

static size_t log_fw_slot(struct nvmet_emu *emu, uint8_t *d)
{
	struct emu_admin *a = &emu->adm;
	unsigned int s;

	d[0] = (uint8_t)(a->fw_active | a->fw_next << 4);
	for (s = 1; s <= EMU_FW_SLOTS; s++)
		memcpy(d + 8 * s, a->fw_rev[s], 8);
	return FW_SLOT_BYTES;
}

static size_t log_changed_ns(struct nvmet_emu *emu, uint8_t *d)
{
	unsigned int i, n = 0;

	for (i = 1; i <= EMU_MAX_NS; i++)
		if (emu->adm.changed_ns & (1ull << i))
			nvmet_put_le32(d + 4 * n++, i);
	return CHANGED_NS_BYTES;
}

/* The NVM command set's I/O commands the emulated controller executes. */
static uint32_t io_effects(uint8_t opc)
{
	switch (opc) {
	case NVMET_CMD_FLUSH:
	case NVMET_CMD_READ:
	case NVMET_CMD_COMPARE:
	case NVMET_CMD_VERIFY:
	case NVMET_CMD_RESV_REGISTER:
	case NVMET_CMD_RESV_REPORT:
	case NVMET_CMD_RESV_ACQUIRE:
	case NVMET_CMD_RESV_RELEASE:
		return NVMET_CSE_CSUPP;
	case NVMET_CMD_WRITE:
	case NVMET_CMD_WRITE_UNCOR:
	case NVMET_CMD_WRITE_ZEROES:
	case NVMET_CMD_DSM:
		return NVMET_CSE_CSUPP | NVMET_CSE_LBCC;
	default:
		return 0;
	}
}

/* Served over a fabric, Connect makes the I/O queues: the queue commands are refused. */
static bool fabrics_refuses(const struct nvmet_emu *emu, uint8_t opc)
{
	return emu->fab.on && (opc == NVMET_ADM_CREATE_SQ || opc == NVMET_ADM_CREATE_CQ ||
			       opc == NVMET_ADM_DELETE_SQ || opc == NVMET_ADM_DELETE_CQ);
}

static size_t log_effects(const struct nvmet_emu *emu, uint8_t *d)
{
	unsigned int opc;

	for (opc = 0; opc < 256; opc++) {
		if (!fabrics_refuses(emu, (uint8_t)opc))
			nvmet_put_le32(d + 4 * opc, emu_adm_effects((uint8_t)opc));
		nvmet_put_le32(d + 1024 + 4 * opc, io_effects((uint8_t)opc));
	}
	return EFFECTS_BYTES;
}

static size_t log_self_test(struct nvmet_emu *emu, uint8_t *d)
{
	struct emu_admin *a = &emu->adm;
	unsigned int i;

	d[0] = a->dst_op;
	if (a->dst_op) {
		uint64_t done = nvmet_now_ns() - a->dst_start_ns;

		d[1] = (uint8_t)(done >= a->dst_len_ns ? 99 : done * 100 / a->dst_len_ns);
	}
	for (i = 0; i < EMU_DST_ENTRIES; i++) {
		uint8_t *e = d + 4 + i * DST_ENTRY;

		if (i < a->dst_count)
			memcpy(e, a->dst_log[i], DST_ENTRY);
		else
			e[0] = EMU_DST_UNUSED;
	}
	return DST_BYTES;
}

static size_t log_sanitize(struct nvmet_emu *emu, uint8_t *d)
{
	struct emu_admin *a = &emu->adm;
	unsigned int i;

	nvmet_put_le16(d, a->san_active ? a->sprog : 0xffff);
	nvmet_put_le16(d + 2, a->sstat);
	memcpy(d + 4, &a->san_cmd, 4);		/* its CDW10, as sent */
	/* Estimated seconds: overwrite, block erase, crypto erase, then with No-Deallocate. */
	for (i = 0; i < 6; i++)
		nvmet_put_le32(d + 8 + 4 * i, (uint32_t)((EMU_SAN_NS + 999999999) / 1000000000));
	return SANITIZE_BYTES;
}

/* Logs readable while a sanitize operation runs. */
static bool sanitize_allows(uint8_t lid)
{
	return lid == NVMET_LOG_ERROR || lid == NVMET_LOG_SMART || lid == NVMET_LOG_SANITIZE;
}

/* Build log @lid into @d; its size, or 0 with *@st set. */
static size_t log_build(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, uint8_t lid,
			uint8_t *d, uint16_t *st)
{
	switch (lid) {
	case NVMET_LOG_ERROR:
		return log_error(emu, d);
	case NVMET_LOG_SMART:
		/* Not kept per namespace (LPA bit 0 clear): the controller's. */
		if (sqe->nsid && sqe->nsid != EMU_NSID_ALL)
			break;
		return log_smart(emu, d);
	case NVMET_LOG_FW_SLOT:
		return log_fw_slot(emu, d);
	case NVMET_LOG_CHANGED_NS:
		return log_changed_ns(emu, d);
	case NVMET_LOG_CMD_EFFECTS:
		if (sqe->get_log.csi != NVMET_CSI_NVM)
			break;
		return log_effects(emu, d);
	case NVMET_LOG_SELF_TEST:
		return log_self_test(emu, d);
	case NVMET_LOG_SANITIZE:
		return log_sanitize(emu, d);
	default:
		*st = ST_CMD(NVMET_SC_INVALID_LOG_PAGE);
		return 0;
	}
	*st = ST_GENERIC(NVMET_SC_INVALID_FIELD);
	return 0;
}

uint16_t emu_adm_get_log(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	const struct nvmet_sqe *sqe = &cmd->sqe;
	uint8_t lid = sqe->get_log.lid, d[LOG_MAX];
	uint64_t numd = ((uint64_t)sqe->get_log.numdu << 16 | sqe->get_log.numdl) + 1;
	uint64_t len = numd * 4, off = sqe->get_log.lpo;
	uint16_t st = 0;
	size_t size;

	if (emu->adm.san_active && !sanitize_allows(lid))
		return ST_SANITIZING;
	if (sqe->get_log.ot || (off & 3) || !emu_adm_mdts_ok(emu, len))
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	memset(d, 0, sizeof(d));
	size = log_build(emu, sqe, lid, d, &st);
	if (st)
		return st;
	if (off >= size)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	st = emu_xfer_to_host(emu, sqe, d + off, len < size - off ? len : size - off);
	if (st || sqe->get_log.rae)
		return st;
	emu_adm_aer_log_read(emu, lid);
	if (lid == NVMET_LOG_CHANGED_NS)
		emu->adm.changed_ns = 0;
	return 0;
}
