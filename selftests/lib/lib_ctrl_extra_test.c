// SPDX-License-Identifier: GPL-2.0
/*
 * lib_ctrl_extra_test.c - libnvmet's controller extras on a real
 * controller: normal and abrupt shutdown, each followed by a reset after
 * which admin and I/O commands work again; NVM subsystem reset (or its
 * absence); which commands the Commands Supported and Effects log says are
 * supported; firmware download from a file and commit, with the
 * controller's status when it has no firmware update, and the errors for
 * bad files. Skips without a device.
 */
#include <fcntl.h>
#include <unistd.h>

#include "nvmetest_harness.h"
#include "st_lib.h"

/* Unassigned in the admin opcode table of NVMe 2.0. */
#define UNASSIGNED_ADMIN_OPC	0x3f
/* OACS bit 2: Firmware Commit and Firmware Image Download supported. */
#define OACS_FW			(1u << 2)

FIXTURE(extra) {
	struct nvmet_ctrl *ctrl;
	char path[64];
};

FIXTURE_SETUP(extra)
{
	ST_SETUP_CTRL(&self->ctrl, NULL);
}

FIXTURE_TEARDOWN(extra)
{
	if (self->path[0])
		unlink(self->path);
	nvmet_ctrl_close(self->ctrl);
}

/* A temporary file of @size bytes of a pattern, its name in self->path. */
static int make_file(FIXTURE_DATA(extra) *self, size_t size)
{
	const char *dir = st_env("TMPDIR");
	char data[4096];
	size_t n;
	int fd;

	if (self->path[0])
		unlink(self->path);
	snprintf(self->path, sizeof(self->path), "%s/nvmet-fw-XXXXXX", dir ? dir : "/tmp");
	fd = mkstemp(self->path);
	if (fd < 0)
		return -errno;
	st_fill(data, sizeof(data), (uint32_t)size);
	for (; size; size -= n) {
		n = size < sizeof(data) ? size : sizeof(data);
		if (write(fd, data, n) != (ssize_t)n) {
			close(fd);
			return -EIO;
		}
	}
	close(fd);
	return 0;
}

static void keep_cqe(void *arg, const struct nvmet_cpl *cpl)
{
	const struct nvmet_cqe *cqe = cpl->cqe;
	*(struct nvmet_cqe *)arg = *cqe;
}

/* Shut down, see it complete, reset, and admin and I/O commands work again. */
static void shutdown_and_back(struct __test_metadata *_metadata, struct nvmet_ctrl *ctrl,
			      bool abrupt)
{
	struct nvmet_qpair_opts o = { .depth = 8 };
	struct nvmet_qpair *qp;
	struct nvmet_buf *buf;
	struct nvmet_cqe cqe;
	struct nvmet_ns *ns;
	uint32_t cc, csts;
	uint64_t t0;
	int ret;

	ASSERT_EQ(0, nvmet_ns_open(ctrl, ST_NSID, &ns));
	ASSERT_EQ(0, nvmet_qpair_create(ctrl, &o, &qp));
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(ctrl, 4096, "data", &buf));

	t0 = st_now_ns();
	ret = nvmet_ctrl_shutdown(ctrl, abrupt);
	ASSERT_EQ(0, ret) TH_LOG("%s", strerror(-ret));
	ksft_print_msg("%s shutdown complete in %llu us\n", abrupt ? "abrupt" : "normal",
		       (unsigned long long)(st_now_ns() - t0) / 1000);
	cc = st_reg32(_metadata, ctrl, NVMET_REG_CC);
	csts = st_reg32(_metadata, ctrl, NVMET_REG_CSTS);
	EXPECT_EQ(abrupt ? NVMET_CC_SHN_ABRUPT : NVMET_CC_SHN_NORMAL, cc & NVMET_CC_SHN_MASK);
	EXPECT_EQ(NVMET_CC_EN, cc & NVMET_CC_EN);
	EXPECT_EQ(NVMET_CSTS_SHST_CMPLT, csts & NVMET_CSTS_SHST_MASK) TH_LOG("CSTS 0x%08x", csts);

	ASSERT_EQ(0, nvmet_ctrl_reset(ctrl));
	cc = st_reg32(_metadata, ctrl, NVMET_REG_CC);
	csts = st_reg32(_metadata, ctrl, NVMET_REG_CSTS);
	EXPECT_EQ(0u, cc & NVMET_CC_SHN_MASK) TH_LOG("CC 0x%08x", cc);
	EXPECT_EQ(0u, csts & NVMET_CSTS_SHST_MASK) TH_LOG("CSTS 0x%08x", csts);
	EXPECT_EQ(NVMET_CSTS_RDY, csts & NVMET_CSTS_RDY);
	EXPECT_EQ(0, nvmet_ctrl_identify(ctrl));
	memset(&cqe, 0xff, sizeof(cqe));
	ASSERT_EQ(0, nvmet_ns_read(ns, qp, buf, 0, 0, 1, keep_cqe, &cqe));
	EXPECT_EQ(0, nvmet_qpair_waitdone(qp, 1, NULL));
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("read status 0x%04x", cqe.status);

	nvmet_buf_free(buf);
	EXPECT_EQ(0, nvmet_qpair_delete(qp));
	nvmet_ns_close(ns);
}

TEST_F(extra, normal_shutdown_then_reset)
{
	shutdown_and_back(_metadata, self->ctrl, false);
}

TEST_F(extra, abrupt_shutdown_then_reset)
{
	shutdown_and_back(_metadata, self->ctrl, true);
}

TEST_F(extra, nssr)
{
	uint64_t cap;
	int ret;

	ASSERT_EQ(0, nvmet_ctrl_reg_read(self->ctrl, NVMET_REG_CAP, 8, &cap));
	ret = nvmet_ctrl_nssr(self->ctrl);
	if (!NVMET_CAP_NSSRS(cap)) {
		EXPECT_EQ(-EOPNOTSUPP, ret);
		ksft_print_msg("CAP.NSSRS is 0: no NVM subsystem reset\n");
		return;
	}
	ASSERT_EQ(0, ret) TH_LOG("%s", strerror(-ret));
	/*
	 * Over NVMe/TCP the reset after it is a new association: a new
	 * controller, which has seen no subsystem reset.
	 */
	if (strcmp(nvmet_ctrl_transport(self->ctrl), "tcp"))
		EXPECT_EQ(NVMET_CSTS_NSSRO, st_reg32(_metadata, self->ctrl, NVMET_REG_CSTS) &
			  NVMET_CSTS_NSSRO);
	EXPECT_EQ(0, nvmet_ctrl_identify(self->ctrl));
}

TEST_F(extra, commands_supported)
{
	uint32_t effects = 0;
	bool yes = false;
	int ret;

	ret = nvmet_ctrl_supports(self->ctrl, NVMET_ADM_IDENTIFY, true, &yes);
	if (ret == -EOPNOTSUPP || ret == -EIO)
		SKIP(return, "no Commands Supported and Effects log: %s", strerror(-ret));
	ASSERT_EQ(0, ret) TH_LOG("%s", strerror(-ret));
	EXPECT_TRUE(yes);
	ASSERT_EQ(0, nvmet_ctrl_supports(self->ctrl, NVMET_ADM_GET_LOG_PAGE, true, &yes));
	EXPECT_TRUE(yes);
	ASSERT_EQ(0, nvmet_ctrl_supports(self->ctrl, NVMET_CMD_READ, false, &yes));
	EXPECT_TRUE(yes);
	ASSERT_EQ(0, nvmet_ctrl_supports(self->ctrl, UNASSIGNED_ADMIN_OPC, true, &yes));
	EXPECT_FALSE(yes);

	ASSERT_EQ(0, nvmet_ctrl_cmd_effects(self->ctrl, NVMET_CMD_WRITE, false, &effects));
	EXPECT_EQ(NVMET_CSE_CSUPP, effects & NVMET_CSE_CSUPP);
	ksft_print_msg("Write effects 0x%08x\n", effects);
	ASSERT_EQ(0, nvmet_ctrl_cmd_effects(self->ctrl, UNASSIGNED_ADMIN_OPC, true, &effects));
	EXPECT_EQ(0u, effects);
	EXPECT_EQ(-EINVAL, nvmet_ctrl_supports(self->ctrl, NVMET_ADM_IDENTIFY, true, NULL));
}

TEST_F(extra, fw_download_and_commit)
{
	const uint8_t *id = nvmet_ctrl_id_data(self->ctrl);
	struct nvmet_cqe cqe;
	int ret;

	ASSERT_NE(NULL, id);
	/* Three pieces of 4 KiB. */
	ASSERT_EQ(0, make_file(self, 12 << 10));
	memset(&cqe, 0xa5, sizeof(cqe));
	ret = nvmet_ctrl_fw_download_file(self->ctrl, self->path, 4096, &cqe);
	ASSERT_EQ(0, ret) TH_LOG("%s", strerror(-ret));
	ksft_print_msg("download status 0x%03x, OACS 0x%04x\n", NVMET_CQE_STATUS(cqe.status),
		       nvmet_id_ctrl_oacs(id));
	if (nvmet_id_ctrl_oacs(id) & OACS_FW) {
		/* An image of garbage downloads, but is never committed here. */
		EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
		EXPECT_EQ(-EINVAL, nvmet_ctrl_fw_commit(self->ctrl, 8, NVMET_FW_CA_REPLACE, &cqe));
		return;
	}
	EXPECT_EQ(ST_SC(NVMET_SCT_GENERIC, NVMET_SC_INVALID_OPCODE), NVMET_CQE_STATUS(cqe.status));
	ASSERT_EQ(0, nvmet_ctrl_fw_commit(self->ctrl, 1, NVMET_FW_CA_REPLACE_ACTIVATE, &cqe));
	EXPECT_EQ(ST_SC(NVMET_SCT_GENERIC, NVMET_SC_INVALID_OPCODE), NVMET_CQE_STATUS(cqe.status));
	EXPECT_EQ(-EINVAL, nvmet_ctrl_fw_commit(self->ctrl, 8, NVMET_FW_CA_REPLACE, &cqe));
	EXPECT_EQ(-EINVAL, nvmet_ctrl_fw_commit(self->ctrl, 1, 8, &cqe));
	/* The controller still works. */
	EXPECT_EQ(0, nvmet_ctrl_identify(self->ctrl));
}

TEST_F(extra, fw_bad_files_and_chunks)
{
	uint32_t mdts = nvmet_ctrl_mdts(self->ctrl);
	struct nvmet_cqe cqe;

	EXPECT_EQ(-ENOENT, nvmet_ctrl_fw_download_file(self->ctrl, "/nonexistent/fw.bin", 0,
						       &cqe));
	EXPECT_EQ(-EINVAL, nvmet_ctrl_fw_download_file(self->ctrl, "/", 0, &cqe));
	ASSERT_EQ(0, make_file(self, 4097));
	EXPECT_EQ(-EINVAL, nvmet_ctrl_fw_download_file(self->ctrl, self->path, 0, &cqe));
	ASSERT_EQ(0, make_file(self, 0));
	EXPECT_EQ(-EINVAL, nvmet_ctrl_fw_download_file(self->ctrl, self->path, 0, &cqe));
	ASSERT_EQ(0, make_file(self, 4096));
	EXPECT_EQ(-EINVAL, nvmet_ctrl_fw_download_file(self->ctrl, self->path, 6, &cqe));
	if (mdts) {
		EXPECT_EQ(-EINVAL, nvmet_ctrl_fw_download_file(self->ctrl, self->path, mdts + 4,
							       &cqe));
	}
	EXPECT_EQ(-EINVAL, nvmet_ctrl_fw_download_file(self->ctrl, self->path, 0, NULL));
}

TEST_HARNESS_MAIN
