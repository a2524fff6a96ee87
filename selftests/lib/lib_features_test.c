// SPDX-License-Identifier: GPL-2.0
/*
 * lib_features_test.c - Get and Set Features as a controller answers them,
 * through libnvmet on any controller (the emulated one on the host, QEMU's
 * in the VM): the Number of Queues the library's queue count comes from,
 * round trips of the Temperature Threshold (over and under) and the
 * Volatile Write Cache (each restored afterwards), the cache feature's
 * absence without a cache, and feature ids nobody defines refused with a
 * status. (The Timestamp round trip with data: lib_admin_onecall_test.c;
 * the module's passthrough of features: module/admin_passthru_test.c.)
 */
#include "nvmetest_harness.h"
#include "st_lib.h"

/* Temperature Threshold: TMPTH in bits 15:0, THSEL in bits 21:20. */
#define TMPTH_MASK		0xffffu
#define TEMP_THSEL_UNDER	(1u << 20)
#define VWC_PRESENT		0x1

FIXTURE(features) {
	struct nvmet_ctrl *ctrl;
	const uint8_t *id;
	/* A feature to put back in teardown: fid and CDW11. */
	bool restore;
	uint8_t restore_fid;
	uint32_t restore_cdw11;
};

FIXTURE_SETUP(features)
{
	ST_SETUP_CTRL(&self->ctrl, NULL);
	self->id = nvmet_ctrl_id_data(self->ctrl);
	ASSERT_NE(NULL, self->id);
}

/* Get Features @fid (current value, CDW11 @cdw11): the completion. */
static struct nvmet_cqe get(struct __test_metadata *_metadata, FIXTURE_DATA(features) *self,
			    uint8_t fid, uint32_t cdw11)
{
	struct nvmet_cqe cqe;

	memset(&cqe, 0, sizeof(cqe));
	EXPECT_EQ(0, nvmet_admin_get_features_sync(self->ctrl, fid, NVMET_SEL_CURRENT, cdw11,
						   NULL, NULL, 0, &cqe));
	return cqe;
}

/* Set Features @fid to @cdw11 (not saved): the completion. */
static struct nvmet_cqe set(struct __test_metadata *_metadata, FIXTURE_DATA(features) *self,
			    uint8_t fid, uint32_t cdw11)
{
	struct nvmet_cqe cqe;

	memset(&cqe, 0, sizeof(cqe));
	EXPECT_EQ(0, nvmet_admin_set_features_sync(self->ctrl, fid, false, cdw11, NULL, NULL, 0,
						   &cqe));
	return cqe;
}

FIXTURE_TEARDOWN(features)
{
	struct nvmet_cqe cqe;

	if (self->restore) {
		cqe = set(_metadata, self, self->restore_fid, self->restore_cdw11);
		EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("restoring: status 0x%x", cqe.status);
	}
	nvmet_ctrl_close(self->ctrl);
}

static void restore_later(FIXTURE_DATA(features) *self, uint8_t fid, uint32_t cdw11)
{
	self->restore = true;
	self->restore_fid = fid;
	self->restore_cdw11 = cdw11;
}

/* NSQA and NCQA, 0-based in DW0: at least the I/O queues the library uses. */
TEST_F(features, number_of_queues)
{
	struct nvmet_cqe cqe = get(_metadata, self, NVMET_FEAT_NUM_QUEUES, 0);
	uint32_t nsqa = (cqe.dw0 & 0xffff) + 1, ncqa = (cqe.dw0 >> 16) + 1;

	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%x", cqe.status);
	EXPECT_GE(nsqa, nvmet_ctrl_queue_count(self->ctrl)) TH_LOG("NSQA+1 %u", nsqa);
	EXPECT_GE(ncqa, nvmet_ctrl_queue_count(self->ctrl)) TH_LOG("NCQA+1 %u", ncqa);
	EXPECT_GE(nvmet_ctrl_queue_count(self->ctrl), 1u);
}

/* Temperature Threshold of the composite temperature, @thsel selecting over or under. */
static void temp_threshold_round_trip(struct __test_metadata *_metadata,
				      FIXTURE_DATA(features) *self, uint32_t thsel)
{
	struct nvmet_cqe cqe = get(_metadata, self, NVMET_FEAT_TEMP_THRESH, thsel);
	uint32_t old = cqe.dw0 & TMPTH_MASK, val;

	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("get: status 0x%x", cqe.status);
	/* Keep away from the current temperature, so no event is raised. */
	if (thsel == TEMP_THSEL_UNDER)
		val = old ? old - 1 : 1;
	else
		val = old < TMPTH_MASK ? old + 1 : old - 1;
	restore_later(self, NVMET_FEAT_TEMP_THRESH, thsel | old);
	cqe = set(_metadata, self, NVMET_FEAT_TEMP_THRESH, thsel | val);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("set: status 0x%x", cqe.status);
	cqe = get(_metadata, self, NVMET_FEAT_TEMP_THRESH, thsel);
	EXPECT_EQ(val, cqe.dw0 & TMPTH_MASK);

	cqe = set(_metadata, self, NVMET_FEAT_TEMP_THRESH, thsel | old);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	self->restore = false;
	cqe = get(_metadata, self, NVMET_FEAT_TEMP_THRESH, thsel);
	EXPECT_EQ(old, cqe.dw0 & TMPTH_MASK);
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
	struct nvmet_cqe cqe;
	uint32_t old;

	if (!(self->id[NVMET_ID_CTRL_VWC] & VWC_PRESENT))
		SKIP(return, "the controller has no volatile write cache (VWC 0x%02x)",
		     self->id[NVMET_ID_CTRL_VWC]);
	cqe = get(_metadata, self, NVMET_FEAT_VOLATILE_WC, 0);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("get: status 0x%x", cqe.status);
	old = cqe.dw0 & 1;
	restore_later(self, NVMET_FEAT_VOLATILE_WC, old);
	cqe = set(_metadata, self, NVMET_FEAT_VOLATILE_WC, !old);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("set: status 0x%x", cqe.status);
	cqe = get(_metadata, self, NVMET_FEAT_VOLATILE_WC, 0);
	EXPECT_EQ((uint32_t)!old, cqe.dw0 & 1);
}

/* Without VWC, the feature does not exist: an error status. */
TEST_F(features, volatile_write_cache_absent)
{
	struct nvmet_cqe cqe;

	if (self->id[NVMET_ID_CTRL_VWC] & VWC_PRESENT)
		SKIP(return, "the controller has a volatile write cache");
	cqe = set(_metadata, self, NVMET_FEAT_VOLATILE_WC, 1);
	EXPECT_FALSE(nvmet_cqe_ok(&cqe));
}

/* Feature ids no version of the specification defines: Invalid Field, each way. */
TEST_F(features, undefined_feature_ids_are_invalid_fields)
{
	static const uint8_t fids[] = { 0x00, 0x7f };
	struct nvmet_cqe cqe;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fids); i++) {
		cqe = get(_metadata, self, fids[i], 0);
		EXPECT_EQ((unsigned int)NVMET_SC_INVALID_FIELD, nvmet_cqe_status(&cqe))
			TH_LOG("Get Features 0x%02x: status 0x%x", fids[i], cqe.status);
		cqe = set(_metadata, self, fids[i], 0);
		EXPECT_EQ((unsigned int)NVMET_SC_INVALID_FIELD, nvmet_cqe_status(&cqe))
			TH_LOG("Set Features 0x%02x: status 0x%x", fids[i], cqe.status);
	}
}

TEST_HARNESS_MAIN
