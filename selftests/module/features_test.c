// SPDX-License-Identifier: GPL-2.0
/*
 * features_test.c - Get and Set Features through admin passthrough: the
 * Number of Queues the module's max_qid comes from, round trips of the
 * Temperature Threshold, the Volatile Write Cache and the Timestamp (each
 * restored afterwards), and a controller error status coming back in the
 * completion while the ioctl succeeds.
 */
#include <time.h>

#include "nvmetest_harness.h"

#define TEMP_THSEL_UNDER	(1u << 20)
#define ONCS_TIMESTAMP		(1u << 6)
#define VWC_PRESENT		0x1

FIXTURE(features) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	uint8_t ctrl[4096];
	/* Features to put back in teardown: fid, its CDW11 and value. */
	int restore;
	uint8_t restore_fid;
	uint32_t restore_cdw11;
};

FIXTURE_SETUP(features)
{
	uint16_t status;

	ST_SETUP_OPEN(&self->dev, &self->info);
	ASSERT_EQ(0, st_identify(self->dev, NVMET_CNS_CTRL, 0, self->ctrl, &status));
	ASSERT_EQ(0u, NVMET_CQE_STATUS(status));
}

FIXTURE_TEARDOWN(features)
{
	uint16_t status;

	if (self->restore) {
		EXPECT_EQ(0, st_set_features(self->dev, self->restore_fid,
					     self->restore_cdw11, NULL, &status));
		EXPECT_EQ(0u, NVMET_CQE_STATUS(status));
	}
	nvmet_kdev_close(self->dev);
}

static void restore_later(FIXTURE_DATA(features) *self, uint8_t fid, uint32_t cdw11)
{
	self->restore = 1;
	self->restore_fid = fid;
	self->restore_cdw11 = cdw11;
}

TEST_F(features, number_of_queues)
{
	uint32_t dw0 = 0, nsqa, ncqa;
	uint16_t status;

	ASSERT_EQ(0, st_get_features(self->dev, NVMET_FEAT_NUM_QUEUES, 0, &dw0, &status));
	ASSERT_EQ(0u, NVMET_CQE_STATUS(status)) TH_LOG("status 0x%x", status);
	nsqa = (dw0 & 0xffff) + 1;
	ncqa = (dw0 >> 16) + 1;
	EXPECT_GE(nsqa, self->info.max_qid) TH_LOG("NSQA+1 %u", nsqa);
	EXPECT_GE(ncqa, self->info.max_qid) TH_LOG("NCQA+1 %u", ncqa);
	EXPECT_GE(self->info.max_qid, 1u);
}

/* Temperature Threshold of the composite temperature, @thsel selecting over or under. */
static void temp_threshold_round_trip(struct __test_metadata *_metadata,
				      FIXTURE_DATA(features) *self, uint32_t thsel)
{
	uint32_t old = 0, now = 0, val;
	uint16_t status;

	ASSERT_EQ(0, st_get_features(self->dev, NVMET_FEAT_TEMP_THRESH, thsel, &old,
				     &status));
	ASSERT_EQ(0u, NVMET_CQE_STATUS(status)) TH_LOG("get: status 0x%x", status);
	old &= 0xffff;
	/* Keep away from the current temperature, so no event is raised. */
	if (thsel == TEMP_THSEL_UNDER)
		val = old ? old - 1 : 1;
	else
		val = old < 0xffff ? old + 1 : old - 1;
	restore_later(self, NVMET_FEAT_TEMP_THRESH, thsel | old);
	ASSERT_EQ(0, st_set_features(self->dev, NVMET_FEAT_TEMP_THRESH, thsel | val, NULL,
				     &status));
	ASSERT_EQ(0u, NVMET_CQE_STATUS(status)) TH_LOG("set: status 0x%x", status);
	ASSERT_EQ(0, st_get_features(self->dev, NVMET_FEAT_TEMP_THRESH, thsel, &now,
				     &status));
	EXPECT_EQ(val, now & 0xffff);

	ASSERT_EQ(0, st_set_features(self->dev, NVMET_FEAT_TEMP_THRESH, thsel | old, NULL,
				     &status));
	ASSERT_EQ(0u, NVMET_CQE_STATUS(status));
	self->restore = 0;
	ASSERT_EQ(0, st_get_features(self->dev, NVMET_FEAT_TEMP_THRESH, thsel, &now,
				     &status));
	EXPECT_EQ(old, now & 0xffff);
}

TEST_F(features, temperature_threshold_over)
{
	temp_threshold_round_trip(_metadata, self, 0);
}

TEST_F(features, temperature_threshold_under)
{
	temp_threshold_round_trip(_metadata, self, TEMP_THSEL_UNDER);
}

TEST_F(features, volatile_write_cache)
{
	uint32_t old = 0, now = 0;
	uint16_t status;

	if (!(self->ctrl[NVMET_ID_CTRL_VWC] & VWC_PRESENT))
		SKIP(return, "the controller has no volatile write cache (VWC 0x%02x)",
		     self->ctrl[NVMET_ID_CTRL_VWC]);
	ASSERT_EQ(0, st_get_features(self->dev, NVMET_FEAT_VOLATILE_WC, 0, &old, &status));
	ASSERT_EQ(0u, NVMET_CQE_STATUS(status)) TH_LOG("get: status 0x%x", status);
	old &= 1;
	restore_later(self, NVMET_FEAT_VOLATILE_WC, old);
	ASSERT_EQ(0, st_set_features(self->dev, NVMET_FEAT_VOLATILE_WC, !old, NULL,
				     &status));
	ASSERT_EQ(0u, NVMET_CQE_STATUS(status)) TH_LOG("set: status 0x%x", status);
	ASSERT_EQ(0, st_get_features(self->dev, NVMET_FEAT_VOLATILE_WC, 0, &now, &status));
	EXPECT_EQ((uint32_t)!old, now & 1);
}

/* Without VWC, the feature does not exist: an error status, not an errno. */
TEST_F(features, volatile_write_cache_absent)
{
	uint16_t status;

	if (self->ctrl[NVMET_ID_CTRL_VWC] & VWC_PRESENT)
		SKIP(return, "the controller has a volatile write cache");
	ASSERT_EQ(0, st_set_features(self->dev, NVMET_FEAT_VOLATILE_WC, 1, NULL, &status));
	EXPECT_NE(0u, NVMET_CQE_STATUS(status));
}

/* Set and Get Features Timestamp: 8 bytes of data each way, through user memory. */
TEST_F(features, timestamp_round_trip)
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
	st_sqe(&sqe, NVMET_ADM_SET_FEATURES, 0);
	sqe.cdw10 = NVMET_FEAT_TIMESTAMP;
	ASSERT_EQ(0, nvmet_kdev_admin(self->dev, &sqe, data, sizeof(data), 1, 0, &cqe));
	ASSERT_EQ(0u, NVMET_CQE_STATUS(cqe.status)) TH_LOG("set: status 0x%x", cqe.status);

	memset(back, 0xff, sizeof(back));
	sqe.opc = NVMET_ADM_GET_FEATURES;
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
	sqe.opc = NVMET_ADM_SET_FEATURES;
	ASSERT_EQ(0, nvmet_kdev_admin(self->dev, &sqe, data, sizeof(data), 1, 0, &cqe));
	EXPECT_EQ(0u, NVMET_CQE_STATUS(cqe.status));
}

/* Feature ids no version of the specification defines. */
TEST_F(features, invalid_feature_id_is_a_status_not_an_errno)
{
	static const uint8_t fids[] = { 0x00, 0x7f };
	struct nvmetest_admin_cmd cmd;
	struct nvmet_sqe sqe;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fids); i++) {
		st_sqe(&sqe, NVMET_ADM_GET_FEATURES, 0);
		sqe.cdw10 = fids[i];
		st_admin_init(&cmd, &sqe);
		ASSERT_EQ(0, nvmet_kdev_admin_raw(self->dev, &cmd)) TH_LOG("fid 0x%02x", fids[i]);
		EXPECT_EQ(0u, cmd.result);
		EXPECT_EQ(ST_SC(NVMET_SCT_GENERIC, NVMET_SC_INVALID_FIELD),
			  NVMET_CQE_STATUS(st_admin_status(&cmd)))
			TH_LOG("Get Features 0x%02x: status 0x%x", fids[i],
			       st_admin_status(&cmd));
		EXPECT_EQ(cmd.cid, cmd.cqe[3] & 0xffff);

		sqe.opc = NVMET_ADM_SET_FEATURES;
		st_admin_init(&cmd, &sqe);
		ASSERT_EQ(0, nvmet_kdev_admin_raw(self->dev, &cmd));
		EXPECT_EQ(ST_SC(NVMET_SCT_GENERIC, NVMET_SC_INVALID_FIELD),
			  NVMET_CQE_STATUS(st_admin_status(&cmd)))
			TH_LOG("Set Features 0x%02x: status 0x%x", fids[i],
			       st_admin_status(&cmd));
	}
	EXPECT_EQ(0, st_identify_works(self->dev));
}

TEST_HARNESS_MAIN
