// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cmd_check.c - nvmet_cmd_check(): is a built entry a command the
 * specification allows? Reserved bits per opcode from a table, reserved
 * values by a check per command.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>

#include <nvmet/cmd.h>
#include <nvmet/names.h>

#include "support/error.h"

/* Reserved bits of the LBA based commands' CDW12: bits 19:16. */
#define RW12		0x000f0000u
#define RW12_DTYPE	0x00f00000u
#define RW12_DEAC	0x02000000u

/**
 * struct cmd_rule - what one opcode leaves reserved
 * @opc: the opcode
 * @rsvd: reserved bits of CDW10 to CDW15
 * @values: reserved values of its fields: NULL, or the reason for one
 */
struct cmd_rule {
	uint8_t opc;
	uint32_t rsvd[6];
	const char *(*values)(const struct nvmet_sqe *sqe);
};

static const char *qsize_zero(const struct nvmet_sqe *sqe)
{
	return sqe->create_cq.qsize ? NULL : "QSIZE 0 is a queue of one entry";
}

static const char *features_sel(const struct nvmet_sqe *sqe)
{
	return sqe->features.sel > NVMET_SEL_SUPPORTED ? "SEL 4 to 7 is reserved" : NULL;
}

static const char *log_offset(const struct nvmet_sqe *sqe)
{
	return !sqe->get_log.ot && (sqe->get_log.lpo & 3) ? "the offset is not dword aligned" :
	       NULL;
}

static const char *ns_select(const struct nvmet_sqe *sqe)
{
	return sqe->ns_select.sel > 1 ? "SEL 2 to 15 is reserved" : NULL;
}

static const char *fw_commit(const struct nvmet_sqe *sqe)
{
	return sqe->fw_commit.ca == 4 || sqe->fw_commit.ca == 5 ? "CA 100b and 101b are reserved" :
	       NULL;
}

static const char *self_test(const struct nvmet_sqe *sqe)
{
	switch (sqe->self_test.stc) {
	case NVMET_STC_SHORT:
	case NVMET_STC_EXTENDED:
	case NVMET_STC_VENDOR:
	case NVMET_STC_ABORT:
		return NULL;
	default:
		return "the self-test code is reserved";
	}
}

static const char *format(const struct nvmet_sqe *sqe)
{
	if (sqe->format.pi > 3)
		return "PI 4 to 7 is reserved";
	return sqe->format.ses > 2 ? "SES 3 to 7 is reserved" : NULL;
}

static const char *sanitize(const struct nvmet_sqe *sqe)
{
	return !sqe->sanitize.sanact || sqe->sanitize.sanact > NVMET_SANACT_CRYPTO_ERASE ?
	       "SANACT 0 and 5 to 7 are reserved" : NULL;
}

static const char *resv_register(const struct nvmet_sqe *sqe)
{
	if (sqe->resv.action > NVMET_RREGA_REPLACE)
		return "RREGA 3 to 7 is reserved";
	return sqe->resv.cptpl == 1 ? "CPTPL 1 is reserved" : NULL;
}

static const char *resv_type(const struct nvmet_sqe *sqe)
{
	return !sqe->resv.rtype || sqe->resv.rtype > NVMET_RTYPE_EXCL_ACCESS_ALL ?
	       "RTYPE 0 and 7 to 255 are reserved" : NULL;
}

static const char *resv_acquire(const struct nvmet_sqe *sqe)
{
	return sqe->resv.action > NVMET_RACQA_PREEMPT_ABORT ? "RACQA 3 to 7 is reserved" :
	       resv_type(sqe);
}

static const char *resv_release(const struct nvmet_sqe *sqe)
{
	return sqe->resv.action > NVMET_RRELA_CLEAR ? "RRELA 2 to 7 is reserved" : resv_type(sqe);
}

#define ALL	0xffffffffu

static const struct cmd_rule admin_rules[] = {
	{ NVMET_ADM_DELETE_SQ, { 0xffff0000u, ALL, ALL, ALL, ALL, ALL }, NULL },
	{ NVMET_ADM_CREATE_SQ, { 0, 0x0000fff8u, 0xffff0000u, ALL, ALL, ALL }, qsize_zero },
	{ NVMET_ADM_GET_LOG_PAGE, { 0, 0, 0, 0, 0x007fff80u, ALL }, log_offset },
	{ NVMET_ADM_DELETE_CQ, { 0xffff0000u, ALL, ALL, ALL, ALL, ALL }, NULL },
	{ NVMET_ADM_CREATE_CQ, { 0, 0x0000fffcu, ALL, ALL, ALL, ALL }, qsize_zero },
	{ NVMET_ADM_IDENTIFY, { 0x0000ff00u, 0x00ff0000u, ALL, ALL, 0xffffff80u, ALL }, NULL },
	{ NVMET_ADM_ABORT, { 0, ALL, ALL, ALL, ALL, ALL }, NULL },
	{ NVMET_ADM_SET_FEATURES, { 0x7fffff00u, 0, 0, 0, 0xffffff80u, 0 }, NULL },
	{ NVMET_ADM_GET_FEATURES, { 0xfffff800u, 0, 0, 0, 0xffffff80u, 0 }, features_sel },
	{ NVMET_ADM_ASYNC_EVENT, { ALL, ALL, ALL, ALL, ALL, ALL }, NULL },
	{ NVMET_ADM_NS_MGMT, { 0xfffffff0u, 0x00ffffffu, ALL, ALL, ALL, ALL }, ns_select },
	{ NVMET_ADM_FW_COMMIT, { 0x7fffffc0u, ALL, ALL, ALL, ALL, ALL }, fw_commit },
	{ NVMET_ADM_FW_DOWNLOAD, { 0, 0, ALL, ALL, ALL, ALL }, NULL },
	{ NVMET_ADM_SELF_TEST, { 0xfffffff0u, ALL, ALL, ALL, ALL, ALL }, self_test },
	{ NVMET_ADM_NS_ATTACH, { 0xfffffff0u, ALL, ALL, ALL, ALL, ALL }, ns_select },
	{ NVMET_ADM_KEEP_ALIVE, { ALL, ALL, ALL, ALL, ALL, ALL }, NULL },
	{ NVMET_ADM_MI_SEND, { 0, 0xffffff00u, 0, 0, ALL, ALL }, NULL },
	{ NVMET_ADM_MI_RECV, { 0, 0xffffff00u, 0, 0, ALL, ALL }, NULL },
	{ NVMET_ADM_DBBUF_CONFIG, { ALL, ALL, ALL, ALL, ALL, ALL }, NULL },
	{ NVMET_ADM_FORMAT_NVM, { 0xffffc000u, ALL, ALL, ALL, ALL, ALL }, format },
	{ NVMET_ADM_SECURITY_SEND, { 0, 0, ALL, ALL, ALL, ALL }, NULL },
	{ NVMET_ADM_SECURITY_RECV, { 0, 0, ALL, ALL, ALL, ALL }, NULL },
	{ NVMET_ADM_SANITIZE, { 0xfffff800u, 0, ALL, ALL, ALL, ALL }, sanitize },
};

static const struct cmd_rule io_rules[] = {
	{ NVMET_CMD_FLUSH, { ALL, ALL, ALL, ALL, ALL, ALL }, NULL },
	{ NVMET_CMD_WRITE, { 0, 0, RW12 | RW12_DEAC, 0x0000ff00u, 0, 0 }, NULL },
	{ NVMET_CMD_READ, { 0, 0, RW12 | RW12_DTYPE | RW12_DEAC, 0xffffff00u, 0, 0 }, NULL },
	{ NVMET_CMD_WRITE_UNCOR, { 0, 0, 0xffff0000u, ALL, ALL, ALL }, NULL },
	{ NVMET_CMD_COMPARE, { 0, 0, RW12 | RW12_DTYPE | RW12_DEAC, ALL, 0, 0 }, NULL },
	{ NVMET_CMD_WRITE_ZEROES, { 0, 0, RW12 | RW12_DTYPE, ALL, 0, 0 }, NULL },
	{ NVMET_CMD_DSM, { 0xffffff00u, 0xfffffff8u, ALL, ALL, ALL, ALL }, NULL },
	{ NVMET_CMD_VERIFY, { 0, 0, RW12 | RW12_DTYPE | RW12_DEAC, ALL, 0, 0 }, NULL },
	{ NVMET_CMD_RESV_REGISTER, { 0x3ffffff0u, ALL, ALL, ALL, ALL, ALL }, resv_register },
	{ NVMET_CMD_RESV_REPORT, { 0, 0xfffffffeu, ALL, ALL, ALL, ALL }, NULL },
	{ NVMET_CMD_RESV_ACQUIRE, { 0xffff00f0u, ALL, ALL, ALL, ALL, ALL }, resv_acquire },
	{ NVMET_CMD_RESV_RELEASE, { 0xffff00f0u, ALL, ALL, ALL, ALL, ALL }, resv_release },
};

static const struct cmd_rule *rule_find(uint8_t opc, bool admin)
{
	const struct cmd_rule *r = admin ? admin_rules : io_rules;
	size_t i, n = admin ? sizeof(admin_rules) / sizeof(admin_rules[0]) :
			      sizeof(io_rules) / sizeof(io_rules[0]);

	for (i = 0; i < n; i++)
		if (r[i].opc == opc)
			return &r[i];
	return NULL;
}

/* Fused operations: only Compare then Write, on an I/O queue. */
static const char *fuse_check(const struct nvmet_sqe *sqe, bool admin)
{
	unsigned int fuse = sqe->flags & NVMET_SQE_FUSE_MASK;

	if (!fuse)
		return NULL;
	if (fuse == NVMET_SQE_FUSE_MASK)
		return "FUSE 11b is reserved";
	if (admin)
		return "admin commands are not fused";
	if (fuse == NVMET_SQE_FUSE_FIRST && sqe->opc != NVMET_CMD_COMPARE)
		return "only Compare is the first command of a fused operation";
	if (fuse == NVMET_SQE_FUSE_SECOND && sqe->opc != NVMET_CMD_WRITE)
		return "only Write is the second command of a fused operation";
	return NULL;
}

static int refuse(const struct nvmet_sqe *sqe, bool admin, const char *why)
{
	const char *name = admin ? nvmet_admin_opcode_name(sqe->opc) :
				   nvmet_io_opcode_name(sqe->opc);

	nvmet_set_error("%s (%02x): %s", name, sqe->opc, why);
	return -EINVAL;
}

int nvmet_cmd_check(const struct nvmet_sqe *sqe, bool admin)
{
	const uint32_t *cdw = &sqe->cdw10;
	const struct cmd_rule *r;
	const char *why;
	unsigned int i;

	why = fuse_check(sqe, admin);
	if (!why && (sqe->flags & NVMET_SQE_PSDT_MASK) == NVMET_SQE_PSDT_MASK)
		why = "PSDT 11b is reserved";
	if (!why && (sqe->flags & ~(NVMET_SQE_FUSE_MASK | NVMET_SQE_PSDT_MASK)))
		why = "reserved bits of CDW0 are set";
	if (why)
		return refuse(sqe, admin, why);
	r = rule_find(sqe->opc, admin);
	if (!r)
		return 0;
	for (i = 0; i < 6; i++) {
		if (cdw[i] & r->rsvd[i]) {
			char text[64];

			snprintf(text, sizeof(text), "reserved bits %08x of CDW%u are set",
				 cdw[i] & r->rsvd[i], 10 + i);
			return refuse(sqe, admin, text);
		}
	}
	why = r->values ? r->values(sqe) : NULL;
	return why ? refuse(sqe, admin, why) : 0;
}
