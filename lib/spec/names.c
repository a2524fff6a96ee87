// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * names.c - names of admin and NVM I/O opcodes and of completion status
 * codes, and the one-line forms of commands and statuses that logs print.
 */
#include <stdio.h>

#include <nvmet/names.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const admin_opcodes[256] = {
	[NVMET_ADM_DELETE_SQ] = "DELETE IO SQ",
	[NVMET_ADM_CREATE_SQ] = "CREATE IO SQ",
	[NVMET_ADM_GET_LOG_PAGE] = "GET LOG PAGE",
	[NVMET_ADM_DELETE_CQ] = "DELETE IO CQ",
	[NVMET_ADM_CREATE_CQ] = "CREATE IO CQ",
	[NVMET_ADM_IDENTIFY] = "IDENTIFY",
	[NVMET_ADM_ABORT] = "ABORT",
	[NVMET_ADM_SET_FEATURES] = "SET FEATURES",
	[NVMET_ADM_GET_FEATURES] = "GET FEATURES",
	[NVMET_ADM_ASYNC_EVENT] = "ASYNC EVENT REQUEST",
	[NVMET_ADM_NS_MGMT] = "NAMESPACE MANAGEMENT",
	[NVMET_ADM_FW_COMMIT] = "FIRMWARE COMMIT",
	[NVMET_ADM_FW_DOWNLOAD] = "FIRMWARE IMAGE DOWNLOAD",
	[NVMET_ADM_SELF_TEST] = "DEVICE SELF-TEST",
	[NVMET_ADM_NS_ATTACH] = "NAMESPACE ATTACHMENT",
	[NVMET_ADM_KEEP_ALIVE] = "KEEP ALIVE",
	[NVMET_ADM_DIRECTIVE_SEND] = "DIRECTIVE SEND",
	[NVMET_ADM_DIRECTIVE_RECV] = "DIRECTIVE RECEIVE",
	[NVMET_ADM_VIRT_MGMT] = "VIRTUALIZATION MANAGEMENT",
	[NVMET_ADM_MI_SEND] = "NVME-MI SEND",
	[NVMET_ADM_MI_RECV] = "NVME-MI RECEIVE",
	[NVMET_ADM_CAPACITY_MGMT] = "CAPACITY MANAGEMENT",
	[NVMET_ADM_LOCKDOWN] = "LOCKDOWN",
	[NVMET_ADM_DBBUF_CONFIG] = "DOORBELL BUFFER CONFIG",
	[NVMET_ADM_FABRICS] = "FABRICS COMMAND",
	[NVMET_ADM_FORMAT_NVM] = "FORMAT NVM",
	[NVMET_ADM_SECURITY_SEND] = "SECURITY SEND",
	[NVMET_ADM_SECURITY_RECV] = "SECURITY RECEIVE",
	[NVMET_ADM_SANITIZE] = "SANITIZE",
	[NVMET_ADM_GET_LBA_STATUS] = "GET LBA STATUS",
};

static const char *const io_opcodes[256] = {
	[NVMET_CMD_FLUSH] = "FLUSH",
	[NVMET_CMD_WRITE] = "WRITE",
	[NVMET_CMD_READ] = "READ",
	[NVMET_CMD_WRITE_UNCOR] = "WRITE UNCORRECTABLE",
	[NVMET_CMD_COMPARE] = "COMPARE",
	[NVMET_CMD_WRITE_ZEROES] = "WRITE ZEROES",
	[NVMET_CMD_DSM] = "DATASET MANAGEMENT",
	[NVMET_CMD_VERIFY] = "VERIFY",
	[NVMET_CMD_RESV_REGISTER] = "RESERVATION REGISTER",
	[NVMET_CMD_RESV_REPORT] = "RESERVATION REPORT",
	[NVMET_CMD_RESV_ACQUIRE] = "RESERVATION ACQUIRE",
	[NVMET_CMD_RESV_RELEASE] = "RESERVATION RELEASE",
	[NVMET_CMD_COPY] = "COPY",
};

static const char *const generic_status[256] = {
	[NVMET_SC_SUCCESS] = "SUCCESS",
	[NVMET_SC_INVALID_OPCODE] = "INVALID OPCODE",
	[NVMET_SC_INVALID_FIELD] = "INVALID FIELD",
	[NVMET_SC_CID_CONFLICT] = "COMMAND ID CONFLICT",
	[NVMET_SC_DATA_XFER_ERROR] = "DATA TRANSFER ERROR",
	[0x05] = "ABORTED - POWER LOSS",
	[NVMET_SC_INTERNAL] = "INTERNAL DEVICE ERROR",
	[NVMET_SC_ABORT_REQ] = "ABORTED - BY REQUEST",
	[0x08] = "ABORTED - SQ DELETION",
	[0x09] = "ABORTED - FAILED FUSED",
	[0x0a] = "ABORTED - MISSING FUSED",
	[NVMET_SC_INVALID_NS] = "INVALID NAMESPACE OR FORMAT",
	[0x0c] = "COMMAND SEQUENCE ERROR",
	[0x0d] = "INVALID SGL SEGMENT DESCRIPTOR",
	[0x0e] = "INVALID NUMBER OF SGL DESCRIPTORS",
	[0x0f] = "DATA SGL LENGTH INVALID",
	[0x10] = "METADATA SGL LENGTH INVALID",
	[0x11] = "SGL DESCRIPTOR TYPE INVALID",
	[0x12] = "INVALID CONTROLLER MEMORY BUFFER USAGE",
	[0x13] = "INVALID PRP OFFSET",
	[0x14] = "ATOMIC WRITE UNIT EXCEEDED",
	[0x15] = "OPERATION DENIED",
	[0x16] = "INVALID SGL OFFSET",
	[0x18] = "HOST ID INCONSISTENT FORMAT",
	[0x19] = "KEEP ALIVE EXPIRED",
	[0x1a] = "KEEP ALIVE INVALID",
	[0x1b] = "ABORTED - PREEMPT",
	[0x1c] = "SANITIZE FAILED",
	[0x1d] = "SANITIZE IN PROGRESS",
	[0x1e] = "SGL DATA BLOCK GRANULARITY INVALID",
	[0x1f] = "COMMAND INVALID IN CMB",
	[0x20] = "NAMESPACE IS WRITE PROTECTED",
	[0x21] = "COMMAND INTERRUPTED",
	[0x22] = "TRANSIENT TRANSPORT ERROR",
	[0x23] = "COMMAND PROHIBITED BY LOCKDOWN",
	[0x24] = "ADMIN COMMAND MEDIA NOT READY",
	[NVMET_SC_LBA_RANGE] = "LBA OUT OF RANGE",
	[0x81] = "CAPACITY EXCEEDED",
	[0x82] = "NAMESPACE NOT READY",
	[0x83] = "RESERVATION CONFLICT",
	[0x84] = "FORMAT IN PROGRESS",
};

static const char *const cmd_specific_status[256] = {
	[NVMET_SC_CQ_INVALID] = "COMPLETION QUEUE INVALID",
	[NVMET_SC_QID_INVALID] = "INVALID QUEUE IDENTIFIER",
	[NVMET_SC_QUEUE_SIZE] = "INVALID QUEUE SIZE",
	[0x03] = "ABORT COMMAND LIMIT EXCEEDED",
	[0x05] = "ASYNC EVENT REQUEST LIMIT EXCEEDED",
	[0x06] = "INVALID FIRMWARE SLOT",
	[0x07] = "INVALID FIRMWARE IMAGE",
	[NVMET_SC_INVALID_VECTOR] = "INVALID INTERRUPT VECTOR",
	[0x09] = "INVALID LOG PAGE",
	[0x0a] = "INVALID FORMAT",
	[0x0b] = "FIRMWARE REQUIRES CONVENTIONAL RESET",
	[NVMET_SC_INVALID_QUEUE_DELETION] = "INVALID QUEUE DELETION",
	[NVMET_SC_FEATURE_NOT_SAVEABLE] = "FEATURE ID NOT SAVEABLE",
	[NVMET_SC_FEATURE_NOT_CHANGEABLE] = "FEATURE NOT CHANGEABLE",
	[0x0f] = "FEATURE NOT NAMESPACE SPECIFIC",
	[0x10] = "FIRMWARE REQUIRES NVM SUBSYSTEM RESET",
	[0x11] = "FIRMWARE REQUIRES RESET",
	[0x12] = "FIRMWARE REQUIRES MAX TIME VIOLATION",
	[0x13] = "FIRMWARE ACTIVATION PROHIBITED",
	[0x14] = "OVERLAPPING RANGE",
	[0x15] = "NAMESPACE INSUFFICIENT CAPACITY",
	[0x16] = "NAMESPACE ID UNAVAILABLE",
	[0x18] = "NAMESPACE ALREADY ATTACHED",
	[0x19] = "NAMESPACE IS PRIVATE",
	[0x1a] = "NAMESPACE NOT ATTACHED",
	[0x1b] = "THIN PROVISIONING NOT SUPPORTED",
	[0x1c] = "CONTROLLER LIST INVALID",
	[0x1d] = "DEVICE SELF-TEST IN PROGRESS",
	[0x1e] = "BOOT PARTITION WRITE PROHIBITED",
	[0x1f] = "INVALID CONTROLLER IDENTIFIER",
	[0x20] = "INVALID SECONDARY CONTROLLER STATE",
	[0x21] = "INVALID NUMBER OF CONTROLLER RESOURCES",
	[0x22] = "INVALID RESOURCE IDENTIFIER",
	[0x23] = "SANITIZE PROHIBITED WHILE PMR ENABLED",
	[0x24] = "ANA GROUP IDENTIFIER INVALID",
	[0x25] = "ANA ATTACH FAILED",
	[0x26] = "INSUFFICIENT CAPACITY",
	[0x27] = "NAMESPACE ATTACHMENT LIMIT EXCEEDED",
	[0x28] = "PROHIBITION OF COMMAND EXECUTION NOT SUPPORTED",
	[0x29] = "I/O COMMAND SET NOT SUPPORTED",
	[0x2a] = "I/O COMMAND SET NOT ENABLED",
	[0x2b] = "I/O COMMAND SET COMBINATION REJECTED",
	[0x2c] = "INVALID I/O COMMAND SET",
	[0x2d] = "IDENTIFIER UNAVAILABLE",
	[0x80] = "CONFLICTING ATTRIBUTES",
	[0x81] = "INVALID PROTECTION INFORMATION",
	[0x82] = "ATTEMPTED WRITE TO READ ONLY RANGE",
	[0x83] = "COMMAND SIZE LIMIT EXCEEDED",
};

static const char *const media_status[256] = {
	[0x80] = "WRITE FAULT",
	[0x81] = "UNRECOVERED READ ERROR",
	[0x82] = "GUARD CHECK ERROR",
	[0x83] = "APPLICATION TAG CHECK ERROR",
	[0x84] = "REFERENCE TAG CHECK ERROR",
	[0x85] = "COMPARE FAILURE",
	[0x86] = "ACCESS DENIED",
	[0x87] = "DEALLOCATED OR UNWRITTEN BLOCK",
	[0x88] = "STORAGE TAG CHECK ERROR",
};

static const char *const path_status[256] = {
	[0x00] = "INTERNAL PATH ERROR",
	[0x01] = "ASYMMETRIC ACCESS PERSISTENT LOSS",
	[0x02] = "ASYMMETRIC ACCESS INACCESSIBLE",
	[0x03] = "ASYMMETRIC ACCESS TRANSITION",
	[0x60] = "CONTROLLER PATHING ERROR",
	[0x70] = "HOST PATHING ERROR",
	[0x71] = "ABORTED BY HOST",
};

static const char *const *const status_tables[] = {
	[NVMET_SCT_GENERIC] = generic_status,
	[NVMET_SCT_CMD_SPECIFIC] = cmd_specific_status,
	[NVMET_SCT_MEDIA] = media_status,
	[NVMET_SCT_PATH] = path_status,
};

/* Status codes 0x80..0xbf of each type belong to the I/O command sets. */
#define SC_IO_CS_FIRST	0x80
#define SC_VENDOR_FIRST	0xc0

const char *nvmet_admin_opcode_name(uint8_t opc)
{
	if (admin_opcodes[opc])
		return admin_opcodes[opc];
	return opc >= NVMET_ADM_VENDOR_FIRST ? "VENDOR SPECIFIC" : "UNKNOWN";
}

const char *nvmet_io_opcode_name(uint8_t opc)
{
	if (io_opcodes[opc])
		return io_opcodes[opc];
	return opc >= NVMET_CMD_VENDOR_FIRST ? "VENDOR SPECIFIC" : "UNKNOWN";
}

const char *nvmet_status_name(unsigned int sct, unsigned int sc)
{
	if (sct > NVMET_SCT_VENDOR || sc > 0xff)
		return "UNKNOWN";
	if (sct == NVMET_SCT_VENDOR)
		return "VENDOR SPECIFIC";
	if (sct >= ARRAY_SIZE(status_tables))
		return "RESERVED";
	if (status_tables[sct][sc])
		return status_tables[sct][sc];
	if (sc >= SC_VENDOR_FIRST)
		return "VENDOR SPECIFIC";
	return sc >= SC_IO_CS_FIRST ? "UNKNOWN" : "RESERVED";
}

int nvmet_status_snprint(char *buf, size_t len, uint16_t status)
{
	unsigned int sct = NVMET_CQE_SCT(status), sc = NVMET_CQE_SC(status);
	unsigned int crd = NVMET_CQE_CRD(status);
	char crd_str[16] = "";

	if (crd)
		snprintf(crd_str, sizeof(crd_str), " CRD:%u", crd);
	return snprintf(buf, len, "%s (%02x/%02x)%s%s%s", nvmet_status_name(sct, sc), sct, sc,
			NVMET_CQE_DNR(status) ? " DNR" : "",
			NVMET_CQE_MORE(status) ? " MORE" : "", crd_str);
}

static const char *fuse_suffix(const struct nvmet_sqe *sqe)
{
	switch (sqe->flags & NVMET_SQE_FUSE_MASK) {
	case NVMET_SQE_FUSE_FIRST:
		return " fuse:first";
	case NVMET_SQE_FUSE_SECOND:
		return " fuse:second";
	case NVMET_SQE_FUSE_MASK:
		return " fuse:reserved";
	}
	return "";
}

static int is_lba_cmd(uint8_t opc)
{
	switch (opc) {
	case NVMET_CMD_READ:
	case NVMET_CMD_WRITE:
	case NVMET_CMD_COMPARE:
	case NVMET_CMD_VERIFY:
	case NVMET_CMD_WRITE_ZEROES:
	case NVMET_CMD_WRITE_UNCOR:
		return 1;
	}
	return 0;
}

static int io_snprint(char *buf, size_t len, const struct nvmet_sqe *sqe, uint16_t sqid)
{
	const char *name = nvmet_io_opcode_name(sqe->opc);

	if (is_lba_cmd(sqe->opc))
		return snprintf(buf, len, "%s sqid:%u cid:%u nsid:%u lba:%llu len:%u%s", name,
				sqid, sqe->cid, sqe->nsid, (unsigned long long)sqe->rw.slba,
				sqe->rw.nlb + 1u, fuse_suffix(sqe));
	if (sqe->opc == NVMET_CMD_FLUSH)
		return snprintf(buf, len, "%s sqid:%u cid:%u nsid:%u%s", name, sqid, sqe->cid,
				sqe->nsid, fuse_suffix(sqe));
	if (sqe->opc == NVMET_CMD_DSM)
		return snprintf(buf, len, "%s sqid:%u cid:%u nsid:%u nr:%u%s", name, sqid,
				sqe->cid, sqe->nsid, sqe->dsm.nr + 1u, fuse_suffix(sqe));
	return snprintf(buf, len, "%s (%02x) sqid:%u cid:%u nsid:%x cdw10:%08x cdw11:%08x%s",
			name, sqe->opc, sqid, sqe->cid, sqe->nsid, sqe->cdw10, sqe->cdw11,
			fuse_suffix(sqe));
}

int nvmet_cmd_snprint(char *buf, size_t len, const struct nvmet_sqe *sqe, uint16_t sqid)
{
	if (sqid)
		return io_snprint(buf, len, sqe, sqid);
	return snprintf(buf, len, "%s (%02x) sqid:0 cid:%u nsid:%x cdw10:%08x cdw11:%08x%s",
			nvmet_admin_opcode_name(sqe->opc), sqe->opc, sqe->cid, sqe->nsid,
			sqe->cdw10, sqe->cdw11, fuse_suffix(sqe));
}
