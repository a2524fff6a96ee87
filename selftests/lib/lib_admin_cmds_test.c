// SPDX-License-Identifier: GPL-2.0
/*
 * lib_admin_cmds_test.c - admin commands built by libnvmet's builders and
 * sent through the library: namespace discovery, log pages (with an
 * offset), features, and the commands a controller may not support, each
 * sent with harmless arguments. Every one must come back as a completion
 * (never an errno, never a timeout); one the controller rejects must say
 * so in its status. The test prints which ones this controller rejected.
 */
#include <stdio.h>

#include "nvmetest_harness.h"
#include "st_lib.h"

FIXTURE(admin) {
	struct nvmet_ctrl *ctrl;
	struct nvmet_buf *buf;
};

FIXTURE_SETUP(admin)
{
	ST_SETUP_CTRL(&self->ctrl, NULL);
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(self->ctrl, 4096, "admin data", &self->buf));
}

FIXTURE_TEARDOWN(admin)
{
	nvmet_buf_free(self->buf);
	/* Leave no state behind a command may have changed. */
	if (self->ctrl)
		EXPECT_EQ(0, nvmet_ctrl_reset(self->ctrl));
	nvmet_ctrl_close(self->ctrl);
}

/* Send @sqe (data from the controller into self->buf when @len); the CQE. */
static struct nvmet_cqe run(struct __test_metadata *_metadata, FIXTURE_DATA(admin) *self,
			    const struct nvmet_sqe *sqe, size_t len, enum nvmet_dir dir)
{
	return st_admin(_metadata, self->ctrl, self->buf, sqe, len, dir);
}

TEST_F(admin, namespace_discovery)
{
	uint32_t nsids[64];
	int n, i;

	n = nvmet_ctrl_ns_list(self->ctrl, nsids, 64);
	ASSERT_LE(1, n);
	EXPECT_EQ(1u, nsids[0]);
	for (i = 1; i < n; i++) {
		EXPECT_LT(nsids[i - 1], nsids[i]);
	}
	EXPECT_EQ(1, nvmet_ctrl_ns_list(self->ctrl, nsids, 1));
}

TEST_F(admin, log_pages_and_offsets)
{
	static const struct { uint8_t lid; uint32_t len; const char *name; } logs[] = {
		{ NVMET_LOG_ERROR, 64, "error information" },
		{ NVMET_LOG_SMART, 512, "SMART / health" },
		{ NVMET_LOG_FW_SLOT, 512, "firmware slot" },
		{ NVMET_LOG_CMD_EFFECTS, 4096, "commands supported and effects" },
	};
	uint8_t whole[512];
	struct nvmet_log_opts off = { .offset = 32 };
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	uint64_t lpa;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(logs); i++) {
		nvmet_cmd_get_log_page(&sqe, logs[i].lid, 0xffffffffu, logs[i].len,
				       NULL);
		cqe = run(_metadata, self, &sqe, logs[i].len, NVMET_DIR_FROM_DEV);
		EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("%s: status 0x%04x", logs[i].name,
						       cqe.status);
	}
	/* With an offset: the same bytes, shifted (when the controller can). */
	ASSERT_EQ(0, nvmet_id_uint(nvmet_ctrl_id_data(self->ctrl), NVMET_ID_CTRL_LPA,
				   NVMET_ID_CTRL_LPA, &lpa));
	if (!(lpa & (1u << 2)))
		SKIP(return, "the controller has no log page offsets (LPA bit 2 clear)");
	nvmet_cmd_get_log_page(&sqe, NVMET_LOG_SMART, 0xffffffffu, 512, NULL);
	cqe = run(_metadata, self, &sqe, 512, NVMET_DIR_FROM_DEV);
	memcpy(whole, self->buf->va, sizeof(whole));
	nvmet_cmd_get_log_page(&sqe, NVMET_LOG_SMART, 0xffffffffu, 64, &off);
	cqe = run(_metadata, self, &sqe, 64, NVMET_DIR_FROM_DEV);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe));
	/* Bytes 32.. are counters that do not move while idle (data units, commands). */
	EXPECT_EQ(0, memcmp(whole + 32, self->buf->va, 32));
}

TEST_F(admin, features_get)
{
	/* Error recovery is a namespace's feature: it takes an NSID. */
	static const struct {
		uint8_t fid;
		uint32_t cdw11;
		uint32_t nsid;
		const char *name;
	} feats[] = {
		{ NVMET_FEAT_ARBITRATION, 0, 0, "arbitration" },
		{ NVMET_FEAT_POWER_MGMT, 0, 0, "power management" },
		{ NVMET_FEAT_TEMP_THRESH, 0, 0, "temperature threshold" },
		{ NVMET_FEAT_ERR_RECOVERY, 0, 1, "error recovery" },
		{ NVMET_FEAT_NUM_QUEUES, 0, 0, "number of queues" },
		{ NVMET_FEAT_IRQ_COALESCE, 0, 0, "interrupt coalescing" },
		{ NVMET_FEAT_IRQ_CONFIG, 1, 0, "interrupt vector configuration" },
		{ NVMET_FEAT_WRITE_ATOMIC, 0, 0, "write atomicity" },
		{ NVMET_FEAT_ASYNC_EVENT, 0, 0, "asynchronous event configuration" },
	};
	struct nvmet_feat_opts opts = { 0 };
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(feats); i++) {
		opts.nsid = feats[i].nsid;
		nvmet_cmd_get_features(&sqe, feats[i].fid, 0, feats[i].cdw11, &opts);
		cqe = run(_metadata, self, &sqe, 0, NVMET_DIR_NONE);
		EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("%s: status 0x%04x", feats[i].name,
						       cqe.status);
	}
}

TEST_F(admin, optional_commands_complete_with_a_status)
{
	struct nvmet_sanitize_opts exit_failure = { 0 };
	char rejected[512] = "", line[96];
	struct {
		struct nvmet_sqe sqe;
		size_t len;
		enum nvmet_dir dir;
	} cmds[10];
	struct nvmet_cqe cqe;
	size_t n = 0, i;

	memset(cmds, 0, sizeof(cmds));
	/* Each with arguments that change nothing if the controller obeys. */
	nvmet_cmd_sanitize(&cmds[n++].sqe, 1, &exit_failure);	/* exit failure mode */
	nvmet_cmd_self_test(&cmds[n++].sqe, 0xffffffffu, 0xf);	/* abort */
	nvmet_cmd_fw_download(&cmds[n].sqe, 0, 4096);
	cmds[n].len = 4096;
	cmds[n++].dir = NVMET_DIR_TO_DEV;
	nvmet_cmd_security_recv(&cmds[n].sqe, 0, 0, 0, 0, 256);
	cmds[n].len = 256;
	cmds[n++].dir = NVMET_DIR_FROM_DEV;
	nvmet_cmd_mi_recv(&cmds[n].sqe, 1, 0, 0, 0);
	nvmet_cmd_keep_alive(&cmds[n + 1].sqe);
	n += 2;
	for (i = 0; i < n; i++) {
		cqe = run(_metadata, self, &cmds[i].sqe, cmds[i].len, cmds[i].dir);
		if (nvmet_cqe_ok(&cqe))
			continue;
		/* Rejected: the controller's own status, with DNR for Invalid Opcode. */
		snprintf(line, sizeof(line), "%s%s (%02x/%02x)", rejected[0] ? ", " : "",
			 nvmet_admin_opcode_name(cmds[i].sqe.opc), NVMET_CQE_SCT(cqe.status),
			 NVMET_CQE_SC(cqe.status));
		strncat(rejected, line, sizeof(rejected) - strlen(rejected) - 1);
		if (NVMET_CQE_SCT(cqe.status) == NVMET_SCT_GENERIC &&
		    NVMET_CQE_SC(cqe.status) == NVMET_SC_INVALID_OPCODE) {
			EXPECT_EQ(1u, NVMET_CQE_DNR(cqe.status));
		}
	}
	TH_LOG("rejected by this controller: %s", rejected[0] ? rejected : "none");
	/* QEMU 7.2 rejects all of them; the emulated controller does every one. */
	if (nvmet_ctrl_emu(self->ctrl)) {
		EXPECT_STREQ("", rejected);
	}
}

TEST_HARNESS_MAIN
