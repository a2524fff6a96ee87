// SPDX-License-Identifier: GPL-2.0
/*
 * identify_test.c - Identify through admin passthrough: the controller's
 * and namespace's data, the same bytes through user memory, a DMA buffer
 * (at several offsets) or a raw data pointer, short transfers, the command
 * identifier the module assigns, and the admin command log's record.
 *
 * The serial and model expected are QEMU's as the VM configures them;
 * NVMETEST_SERIAL and NVMETEST_MODEL name others.
 */
#include "nvmetest_harness.h"

#define ID_SIZE	4096

FIXTURE(identify) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	uint8_t *ctrl;		/* Identify Controller through user memory */
	struct nvmet_dmabuf buf;
};

FIXTURE_SETUP(identify)
{
	uint16_t status;

	ST_SETUP_OPEN(&self->dev, &self->info);
	self->ctrl = calloc(1, ID_SIZE);
	ASSERT_NE(NULL, self->ctrl);
	ASSERT_EQ(0, st_identify(self->dev, NVMET_CNS_CTRL, 0, self->ctrl, &status));
	ASSERT_EQ(0u, NVMET_CQE_STATUS(status)) TH_LOG("Identify Controller status 0x%x", status);
}

FIXTURE_TEARDOWN(identify)
{
	if (self->buf.va) {
		EXPECT_EQ(0, nvmet_kdev_buf_free(self->dev, &self->buf));
	}
	free(self->ctrl);
	nvmet_kdev_close(self->dev);
}

/* The expected value of an identify string, or NULL to skip checking it. */
static const char *expected(const struct nvmetest_info *info, const char *env, const char *qemu)
{
	const char *v = st_env(env);

	if (v)
		return v;
	return info->vendor_id == ST_QEMU_VID ? qemu : NULL;
}

TEST_F(identify, serial_and_model)
{
	const char *sn = expected(&self->info, "NVMETEST_SERIAL", ST_QEMU_SERIAL);
	const char *mn = expected(&self->info, "NVMETEST_MODEL", ST_QEMU_MODEL);
	char s[41];

	if (!sn || !mn)
		SKIP(return, "vendor 0x%04x is not QEMU's: set NVMETEST_SERIAL and NVMETEST_MODEL",
		     self->info.vendor_id);
	st_trim(s, self->ctrl + NVMET_ID_CTRL_SN, 20);
	EXPECT_STREQ(sn, s);
	EXPECT_TRUE(st_all_bytes(self->ctrl + NVMET_ID_CTRL_SN + strlen(s), 20 - strlen(s),
				 ' ')) TH_LOG("SN is padded with spaces");
	st_trim(s, self->ctrl + NVMET_ID_CTRL_MN, 40);
	EXPECT_STREQ(mn, s);
	EXPECT_TRUE(st_all_bytes(self->ctrl + NVMET_ID_CTRL_MN + strlen(s), 40 - strlen(s),
				 ' ')) TH_LOG("MN is padded with spaces");
}

TEST_F(identify, vendor_ids_match_pci)
{
	EXPECT_EQ(self->info.vendor_id, st_le16(self->ctrl + NVMET_ID_CTRL_VID));
	EXPECT_EQ(self->info.subsystem_vendor_id, st_le16(self->ctrl + NVMET_ID_CTRL_SSVID));
	/* SQES and CQES: the required (low nibble) entry sizes are 64 and 16 bytes. */
	EXPECT_EQ(6, self->ctrl[NVMET_ID_CTRL_SQES] & 0xf);
	EXPECT_EQ(4, self->ctrl[NVMET_ID_CTRL_CQES] & 0xf);
	EXPECT_NE(0u, st_le32(self->ctrl + NVMET_ID_CTRL_NN));
}

TEST_F(identify, namespace_1)
{
	uint8_t *ns = calloc(1, ID_SIZE);
	uint64_t nsze, ncap, nuse;
	unsigned int fmt, lbads;
	uint16_t status;

	ASSERT_NE(NULL, ns);
	ASSERT_EQ(0, st_identify(self->dev, NVMET_CNS_NS, ST_NSID, ns, &status));
	ASSERT_EQ(0u, NVMET_CQE_STATUS(status)) TH_LOG("Identify Namespace status 0x%x", status);
	nsze = st_le64(ns + NVMET_ID_NS_NSZE);
	ncap = st_le64(ns + NVMET_ID_NS_NCAP);
	nuse = st_le64(ns + NVMET_ID_NS_NUSE);
	fmt = ns[NVMET_ID_NS_FLBAS] & 0xf;
	lbads = ns[NVMET_ID_NS_LBAF + 4 * fmt + 2];
	EXPECT_GT(nsze, 0u);
	EXPECT_LE(ncap, nsze);
	EXPECT_LE(nuse, ncap);
	EXPECT_LE(fmt, ns[NVMET_ID_NS_NLBAF]);
	EXPECT_TRUE(lbads == 9 || lbads == 12) TH_LOG("LBA data size 2^%u", lbads);
	free(ns);
}

TEST_F(identify, inactive_and_invalid_namespaces)
{
	uint32_t nn = st_le32(self->ctrl + NVMET_ID_CTRL_NN);
	uint8_t *list = calloc(1, ID_SIZE), *ns = calloc(1, ID_SIZE);
	uint32_t inactive = 0, nsid, i;
	uint16_t status;

	ASSERT_NE(NULL, list);
	ASSERT_NE(NULL, ns);
	ASSERT_EQ(0, st_identify(self->dev, NVMET_CNS_NS_ACTIVE_LIST, 0, list, &status));
	ASSERT_EQ(0u, NVMET_CQE_STATUS(status));
	/* The list is sorted: the first gap (below NN) is an inactive namespace. */
	for (i = 0, nsid = 1; i < ID_SIZE / 4 && nsid <= nn; i++, nsid++) {
		if (st_le32(list + 4 * i) != nsid) {
			inactive = nsid;
			break;
		}
	}
	if (inactive) {
		memset(ns, 0xa5, ID_SIZE);
		ASSERT_EQ(0, st_identify(self->dev, NVMET_CNS_NS, inactive, ns, &status));
		EXPECT_EQ(0u, NVMET_CQE_STATUS(status)) TH_LOG("nsid %u: status 0x%x", inactive,
							       status);
		EXPECT_TRUE(st_all_bytes(ns, ID_SIZE, 0))
			TH_LOG("inactive nsid %u: data is not zero-filled", inactive);
	}
	if (nn < 0xfffffffeu) {
		ASSERT_EQ(0, st_identify(self->dev, NVMET_CNS_NS, nn + 1, ns, &status));
		EXPECT_EQ(ST_SC(NVMET_SCT_GENERIC, NVMET_SC_INVALID_NS),
			  NVMET_CQE_STATUS(status))
			TH_LOG("nsid NN+1 = %u: status 0x%x", nn + 1, status);
	}
	free(list);
	free(ns);
}

TEST_F(identify, dma_buffer_gives_the_same_bytes)
{
	static const uint32_t offsets[] = { 0, 4096, 512, 4 };
	uint16_t status;
	size_t i;

	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, 3 * 4096, &self->buf));
	for (i = 0; i < ARRAY_SIZE(offsets); i++) {
		memset(self->buf.va, 0x5a, self->buf.size);
		ASSERT_EQ(0, st_identify_into_buf(self->dev, &self->buf, offsets[i], ID_SIZE, &status));
		EXPECT_EQ(0u, NVMET_CQE_STATUS(status));
		EXPECT_EQ(0, memcmp(self->ctrl, (uint8_t *)self->buf.va + offsets[i], ID_SIZE))
			TH_LOG("buf_offset %u", offsets[i]);
		EXPECT_TRUE(st_all_bytes(self->buf.va, offsets[i], 0x5a))
			TH_LOG("buf_offset %u: bytes before the data were written", offsets[i]);
		EXPECT_TRUE(st_all_bytes((uint8_t *)self->buf.va + offsets[i] + ID_SIZE,
					 self->buf.size - offsets[i] - ID_SIZE, 0x5a))
			TH_LOG("buf_offset %u: bytes after the data were written", offsets[i]);
	}
}

TEST_F(identify, raw_data_pointer)
{
	struct nvmetest_admin_cmd cmd;
	struct nvmet_sqe sqe;

	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, 2 * 4096, &self->buf));
	st_sqe(&sqe, NVMET_ADM_IDENTIFY, 0);
	sqe.cdw10 = NVMET_CNS_CTRL;
	sqe.prp1 = self->buf.iova + 4096;
	st_admin_init(&cmd, &sqe);
	cmd.flags = NVMETEST_ADMIN_RAW_DPTR;
	ASSERT_EQ(0, nvmet_kdev_admin_raw(self->dev, &cmd));
	EXPECT_EQ(0u, NVMET_CQE_STATUS(st_admin_status(&cmd)));
	EXPECT_EQ(0, memcmp(self->ctrl, (uint8_t *)self->buf.va + 4096, ID_SIZE));
	EXPECT_TRUE(st_all_bytes(self->buf.va, 4096, 0));
}

/* A transfer shorter than the data the command returns gets its first bytes, nothing more. */
TEST_F(identify, short_transfer)
{
	static const uint32_t lens[] = { 4, 256, 1000 };
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	uint8_t *data = malloc(ID_SIZE);
	size_t i;

	ASSERT_NE(NULL, data);
	st_sqe(&sqe, NVMET_ADM_IDENTIFY, 0);
	sqe.cdw10 = NVMET_CNS_CTRL;
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		memset(data, 0x33, ID_SIZE);
		ASSERT_EQ(0, nvmet_kdev_admin(self->dev, &sqe, data, lens[i], 0, 0, &cqe));
		EXPECT_EQ(0u, NVMET_CQE_STATUS(cqe.status));
		EXPECT_EQ(0, memcmp(self->ctrl, data, lens[i])) TH_LOG("data_len %u", lens[i]);
		EXPECT_TRUE(st_all_bytes(data + lens[i], ID_SIZE - lens[i], 0x33))
			TH_LOG("data_len %u: more bytes were copied out", lens[i]);
	}
	EXPECT_EQ(0, st_identify_works(self->dev));
	free(data);
}

TEST_F(identify, module_assigns_the_cid)
{
	struct nvmetest_admin_cmd cmd;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	st_sqe(&sqe, NVMET_ADM_IDENTIFY, 0);
	sqe.cdw10 = NVMET_CNS_CTRL;
	sqe.cid = 0xbeef;
	st_admin_init(&cmd, &sqe);
	cmd.flags = NVMETEST_ADMIN_DATA_FROM_DEV;
	cmd.data = (uintptr_t)self->ctrl;
	cmd.data_len = ID_SIZE;
	ASSERT_EQ(0, nvmet_kdev_admin_raw(self->dev, &cmd));
	memcpy(&cqe, cmd.cqe, sizeof(cqe));
	EXPECT_EQ(0u, NVMET_CQE_STATUS(cqe.status));
	EXPECT_EQ(cmd.cid, cqe.cid);
	EXPECT_EQ(0, cqe.sqid);
	EXPECT_GE(0xffffu, cmd.cid);
	EXPECT_EQ(0u, cmd.result);
	EXPECT_GT(cmd.latency_ns, 0u);
}

TEST_F(identify, cmdlog_records_the_command)
{
	struct nvmetest_cmdlog_entry *log = calloc(NVMETEST_CMDLOG_ENTRIES, sizeof(*log));
	const struct nvmetest_cmdlog_entry *e = NULL;
	struct nvmetest_admin_cmd cmd;
	struct nvmet_sqe sqe;
	uint64_t before;
	int n, i;

	ASSERT_NE(NULL, log);
	before = st_now_ns();
	st_sqe(&sqe, NVMET_ADM_IDENTIFY, 0);
	sqe.cdw10 = NVMET_CNS_CTRL;
	st_admin_init(&cmd, &sqe);
	cmd.flags = NVMETEST_ADMIN_DATA_FROM_DEV;
	cmd.data = (uintptr_t)self->ctrl;
	cmd.data_len = ID_SIZE;
	ASSERT_EQ(0, nvmet_kdev_admin_raw(self->dev, &cmd));
	EXPECT_GT(cmd.latency_ns, 0u);

	n = nvmet_kdev_cmdlog(self->dev, log, NVMETEST_CMDLOG_ENTRIES);
	ASSERT_GE(n, 1);
	ASSERT_LE(n, NVMETEST_CMDLOG_ENTRIES);
	for (i = n - 1; i >= 0 && !e; i--)
		if (st_sqe_words_cid(log[i].sqe) == cmd.cid &&
		    st_sqe_words_opc(log[i].sqe) == NVMET_ADM_IDENTIFY &&
		    log[i].submit_ns >= before)
			e = &log[i];
	ASSERT_NE(NULL, e) TH_LOG("no identify with CID %u in the last %d entries", cmd.cid, n);
	EXPECT_EQ(&log[n - 1], e) TH_LOG("our command is the most recent one");
	EXPECT_EQ((uint32_t)NVMET_CNS_CTRL, e->sqe[10]);
	EXPECT_NE(0u, e->sqe[6] | (uint64_t)e->sqe[7] << 32) TH_LOG("PRP1 as submitted");
	EXPECT_TRUE(!!(e->flags & NVMETEST_CMDLOG_DONE));
	EXPECT_FALSE(!!(e->flags & (NVMETEST_CMDLOG_TIMED_OUT | NVMETEST_CMDLOG_ABORTED)));
	EXPECT_EQ(0, memcmp(e->cqe, cmd.cqe, sizeof(cmd.cqe)));
	EXPECT_GT(e->complete_ns, e->submit_ns);
	EXPECT_GE(e->submit_ns, before);
	EXPECT_LE(e->complete_ns, st_now_ns());
	EXPECT_GE(e->seq, 1u);
	for (i = 1; i < n; i++) {
		EXPECT_EQ(log[i - 1].seq + 1, log[i].seq) TH_LOG("entries %d and %d", i - 1, i);
	}
	free(log);
}

TEST_HARNESS_MAIN
