// SPDX-License-Identifier: GPL-2.0
/*
 * admin_passthru_test.c - the module's admin passthrough, with Identify
 * and Features as the commands that move data: the same bytes through
 * user memory, a DMA buffer (at several offsets) or a raw data pointer,
 * short transfers, data both ways through user memory, the command
 * identifier the module assigns, the admin command log's record, and a
 * controller error status coming back in the completion while the ioctl
 * succeeds. (What the controller answers: lib/lib_identify_test.c and
 * lib/lib_features_test.c.)
 */
#include <time.h>

#include "nvmetest_harness.h"

#define ID_SIZE		4096
#define ONCS_TIMESTAMP	(1u << 6)

FIXTURE(passthru) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	uint8_t *ctrl;		/* Identify Controller through user memory */
	struct nvmet_dmabuf buf;
};

FIXTURE_SETUP(passthru)
{
	uint16_t status;

	ST_SETUP_OPEN(&self->dev, &self->info);
	self->ctrl = calloc(1, ID_SIZE);
	ASSERT_NE(NULL, self->ctrl);
	ASSERT_EQ(0, st_identify(self->dev, NVMET_CNS_CTRL, 0, self->ctrl, &status));
	ASSERT_EQ(0u, NVMET_CQE_STATUS(status)) TH_LOG("Identify Controller status 0x%x", status);
}

FIXTURE_TEARDOWN(passthru)
{
	if (self->buf.va) {
		EXPECT_EQ(0, nvmet_kdev_buf_free(self->dev, &self->buf));
	}
	free(self->ctrl);
	nvmet_kdev_close(self->dev);
}

TEST_F(passthru, dma_buffer_gives_the_same_bytes)
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

TEST_F(passthru, raw_data_pointer)
{
	struct nvmetest_admin_cmd cmd;
	struct nvmet_sqe sqe;

	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, 2 * 4096, &self->buf));
	nvmet_cmd_identify(&sqe, NVMET_CNS_CTRL, 0, NULL);
	sqe.prp1 = self->buf.iova + 4096;
	st_admin_init(&cmd, &sqe);
	cmd.flags = NVMETEST_ADMIN_RAW_DPTR;
	ASSERT_EQ(0, nvmet_kdev_admin_raw(self->dev, &cmd));
	EXPECT_EQ(0u, NVMET_CQE_STATUS(st_admin_status(&cmd)));
	EXPECT_EQ(0, memcmp(self->ctrl, (uint8_t *)self->buf.va + 4096, ID_SIZE));
	EXPECT_TRUE(st_all_bytes(self->buf.va, 4096, 0));
}

/* A transfer shorter than the data the command returns gets its first bytes, nothing more. */
TEST_F(passthru, short_transfer)
{
	static const uint32_t lens[] = { 4, 256, 1000 };
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	uint8_t *data = malloc(ID_SIZE);
	size_t i;

	ASSERT_NE(NULL, data);
	nvmet_cmd_identify(&sqe, NVMET_CNS_CTRL, 0, NULL);
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

TEST_F(passthru, module_assigns_the_cid)
{
	struct nvmetest_admin_cmd cmd;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	nvmet_cmd_identify(&sqe, NVMET_CNS_CTRL, 0, NULL);
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

TEST_F(passthru, cmdlog_records_the_command)
{
	struct nvmetest_cmdlog_entry *log = calloc(NVMETEST_CMDLOG_ENTRIES, sizeof(*log));
	const struct nvmetest_cmdlog_entry *e = NULL;
	struct nvmetest_admin_cmd cmd;
	struct nvmet_sqe sqe;
	uint64_t before;
	int n, i;

	ASSERT_NE(NULL, log);
	before = st_now_ns();
	nvmet_cmd_identify(&sqe, NVMET_CNS_CTRL, 0, NULL);
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

/* Set and Get Features Timestamp: 8 bytes of data each way, through user memory. */
TEST_F(passthru, data_both_ways_through_user_memory)
{
	uint8_t data[8] = { 0 }, back[8];
	uint64_t set_ms = 0x123456789aull, got_ms;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	struct timespec now;
	int i;

	if (!(st_le16(self->ctrl + NVMET_ID_CTRL_ONCS) & ONCS_TIMESTAMP))
		SKIP(return, "the controller does not support the Timestamp feature");
	for (i = 0; i < 6; i++)
		data[i] = (uint8_t)(set_ms >> (8 * i));
	nvmet_cmd_set_features(&sqe, NVMET_FEAT_TIMESTAMP, false, 0, NULL);
	ASSERT_EQ(0, nvmet_kdev_admin(self->dev, &sqe, data, sizeof(data), 1, 0, &cqe));
	ASSERT_EQ(0u, NVMET_CQE_STATUS(cqe.status)) TH_LOG("set: status 0x%x", cqe.status);

	memset(back, 0xff, sizeof(back));
	nvmet_cmd_get_features(&sqe, NVMET_FEAT_TIMESTAMP, NVMET_SEL_CURRENT, 0, NULL);
	ASSERT_EQ(0, nvmet_kdev_admin(self->dev, &sqe, back, sizeof(back), 0, 0, &cqe));
	ASSERT_EQ(0u, NVMET_CQE_STATUS(cqe.status)) TH_LOG("get: status 0x%x", cqe.status);
	got_ms = st_le64(back) & 0xffffffffffffull;
	EXPECT_GE(got_ms, set_ms);
	EXPECT_LT(got_ms, set_ms + 60000) TH_LOG("timestamp %llu ms after setting %llu",
						 (unsigned long long)got_ms,
						 (unsigned long long)set_ms);
	/* Timestamp Origin (bits 3:1 of byte 6): 1, set by a Set Features command. */
	EXPECT_EQ(1, (back[6] >> 1) & 0x7);

	/* Back to the wall clock, as a host driver sets it. */
	clock_gettime(CLOCK_REALTIME, &now);
	set_ms = (uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000;
	for (i = 0; i < 6; i++)
		data[i] = (uint8_t)(set_ms >> (8 * i));
	nvmet_cmd_set_features(&sqe, NVMET_FEAT_TIMESTAMP, false, 0, NULL);
	ASSERT_EQ(0, nvmet_kdev_admin(self->dev, &sqe, data, sizeof(data), 1, 0, &cqe));
	EXPECT_EQ(0u, NVMET_CQE_STATUS(cqe.status));
}

/* An error status is the controller's answer, not the module's: the ioctl succeeds. */
TEST_F(passthru, error_status_is_not_an_errno)
{
	static const uint8_t fids[] = { 0x00, 0x7f };
	struct nvmetest_admin_cmd cmd;
	struct nvmet_sqe sqe;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fids); i++) {
		nvmet_cmd_get_features(&sqe, fids[i], NVMET_SEL_CURRENT, 0, NULL);
		st_admin_init(&cmd, &sqe);
		ASSERT_EQ(0, nvmet_kdev_admin_raw(self->dev, &cmd)) TH_LOG("fid 0x%02x", fids[i]);
		EXPECT_EQ(0u, cmd.result);
		EXPECT_EQ(ST_SC(NVMET_SCT_GENERIC, NVMET_SC_INVALID_FIELD),
			  NVMET_CQE_STATUS(st_admin_status(&cmd)))
			TH_LOG("Get Features 0x%02x: status 0x%x", fids[i],
			       st_admin_status(&cmd));
		EXPECT_EQ(cmd.cid, cmd.cqe[3] & 0xffff);

		nvmet_cmd_set_features(&sqe, fids[i], false, 0, NULL);
		st_admin_init(&cmd, &sqe);
		ASSERT_EQ(0, nvmet_kdev_admin_raw(self->dev, &cmd));
		EXPECT_EQ(0u, cmd.result);
		EXPECT_EQ(ST_SC(NVMET_SCT_GENERIC, NVMET_SC_INVALID_FIELD),
			  NVMET_CQE_STATUS(st_admin_status(&cmd)))
			TH_LOG("Set Features 0x%02x: status 0x%x", fids[i],
			       st_admin_status(&cmd));
	}
	EXPECT_EQ(0, st_identify_works(self->dev));
}

TEST_HARNESS_MAIN
