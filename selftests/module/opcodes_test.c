// SPDX-License-Identifier: GPL-2.0
/*
 * opcodes_test.c - admin opcodes the controller does not implement (a
 * vendor one, a reserved one, and those QEMU leaves out: Sanitize, Device
 * Self-test, Firmware Commit, Security Receive): the ioctl succeeds and
 * the completion carries Invalid Opcode, the device's status, not an errno.
 * An opcode the Commands Supported and Effects log lists is skipped.
 */
#include "nvmetest_harness.h"

#define LOG_CSUPP	0x1u

FIXTURE(opcodes) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
};

FIXTURE_VARIANT(opcodes) {
	uint8_t opc;
	uint32_t cdw10;
	uint32_t cdw11;
	uint32_t data_len;	/* controller-to-host bytes */
};

FIXTURE_VARIANT_ADD(opcodes, vendor_c1) {
	.opc = 0xc1,
};

FIXTURE_VARIANT_ADD(opcodes, reserved_3f) {
	.opc = 0x3f,
};

FIXTURE_VARIANT_ADD(opcodes, sanitize) {
	.opc = NVMET_ADM_SANITIZE,
	.cdw10 = 0x2,		/* Block Erase */
};

FIXTURE_VARIANT_ADD(opcodes, self_test) {
	.opc = NVMET_ADM_SELF_TEST,
	.cdw10 = 0x1,		/* short */
};

FIXTURE_VARIANT_ADD(opcodes, firmware_commit) {
	.opc = NVMET_ADM_FW_COMMIT,
	.cdw10 = 0x1 << 3,	/* replace and activate at the next reset, slot 0 */
};

FIXTURE_VARIANT_ADD(opcodes, security_receive) {
	.opc = NVMET_ADM_SECURITY_RECV,
	.cdw11 = 512,		/* allocation length */
	.data_len = 512,
};

FIXTURE_SETUP(opcodes)
{
	ST_SETUP_OPEN(&self->dev, &self->info);
}

FIXTURE_TEARDOWN(opcodes)
{
	nvmet_kdev_close(self->dev);
}

/*
 * Whether the Commands Supported and Effects log says the controller
 * implements admin opcode @opc (1), not (0), or cannot tell (-1).
 */
static int opcode_supported(struct nvmet_kdev *dev, uint8_t opc)
{
	uint8_t *log = calloc(1, 4096);
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	int ret = -1;

	if (!log)
		return -1;
	st_sqe(&sqe, NVMET_ADM_GET_LOG_PAGE, 0);
	sqe.get_log.lid = NVMET_LOG_CMD_EFFECTS;
	sqe.get_log.numdl = 4096 / 4 - 1;
	if (!nvmet_kdev_admin(dev, &sqe, log, 4096, 0, 0, &cqe) && !NVMET_CQE_STATUS(cqe.status))
		ret = !!(st_le32(log + 4 * opc) & LOG_CSUPP);
	free(log);
	return ret;
}

TEST_F(opcodes, invalid_opcode_status)
{
	uint8_t *data = NULL;
	struct nvmetest_admin_cmd cmd;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	if (opcode_supported(self->dev, variant->opc) == 1)
		SKIP(return, "the controller implements opcode 0x%02x", variant->opc);
	st_sqe(&sqe, variant->opc, 0);
	sqe.cdw10 = variant->cdw10;
	sqe.cdw11 = variant->cdw11;
	st_admin_init(&cmd, &sqe);
	if (variant->data_len) {
		data = calloc(1, variant->data_len);
		ASSERT_NE(NULL, data);
		cmd.flags = NVMETEST_ADMIN_DATA_FROM_DEV;
		cmd.data = (uintptr_t)data;
		cmd.data_len = variant->data_len;
	}
	ASSERT_EQ(0, nvmet_kdev_admin_raw(self->dev, &cmd));
	memcpy(&cqe, cmd.cqe, sizeof(cqe));
	EXPECT_EQ(0u, cmd.result);
	EXPECT_EQ(ST_SC(NVMET_SCT_GENERIC, NVMET_SC_INVALID_OPCODE),
		  NVMET_CQE_STATUS(cqe.status))
		TH_LOG("opcode 0x%02x: status 0x%x", variant->opc, cqe.status);
	EXPECT_EQ(cmd.cid, cqe.cid);
	EXPECT_EQ(0, cqe.sqid);
	free(data);
}

/* The library's path reports the same: 0, and the status in the CQE. */
TEST_F(opcodes, library_reports_status_in_cqe)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	if (opcode_supported(self->dev, variant->opc) == 1)
		SKIP(return, "the controller implements opcode 0x%02x", variant->opc);
	st_sqe(&sqe, variant->opc, 0);
	sqe.cdw10 = variant->cdw10;
	ASSERT_EQ(0, nvmet_kdev_admin(self->dev, &sqe, NULL, 0, 0, 0, &cqe));
	EXPECT_EQ(ST_SC(NVMET_SCT_GENERIC, NVMET_SC_INVALID_OPCODE),
		  NVMET_CQE_STATUS(cqe.status));
	EXPECT_FALSE(nvmet_cqe_is_timeout(&cqe));
	EXPECT_EQ(0, st_identify_works(self->dev));
}

TEST_F(opcodes, logged_with_its_status)
{
	struct nvmetest_cmdlog_entry *log = calloc(NVMETEST_CMDLOG_ENTRIES, sizeof(*log));
	struct nvmetest_admin_cmd cmd;
	struct nvmet_sqe sqe;
	int n;

	ASSERT_NE(NULL, log);
	if (opcode_supported(self->dev, variant->opc) == 1)
		SKIP(goto out, "the controller implements opcode 0x%02x", variant->opc);
	st_sqe(&sqe, variant->opc, 0);
	sqe.cdw10 = variant->cdw10;
	st_admin_init(&cmd, &sqe);
	ASSERT_EQ(0, nvmet_kdev_admin_raw(self->dev, &cmd));
	n = nvmet_kdev_cmdlog(self->dev, log, NVMETEST_CMDLOG_ENTRIES);
	ASSERT_GE(n, 1);
	EXPECT_EQ(variant->opc, st_sqe_words_opc(log[n - 1].sqe));
	EXPECT_EQ(cmd.cid, st_sqe_words_cid(log[n - 1].sqe));
	EXPECT_EQ(variant->cdw10, log[n - 1].sqe[10]);
	EXPECT_TRUE(!!(log[n - 1].flags & NVMETEST_CMDLOG_DONE));
	EXPECT_EQ(0, memcmp(cmd.cqe, log[n - 1].cqe, sizeof(cmd.cqe)));
out:
	free(log);
}

TEST_HARNESS_MAIN
