// SPDX-License-Identifier: GPL-2.0
/*
 * lib_admin_onecall_test.c - the one-call admin commands of nvmet/admin.h:
 * Identify, Get and Set Features (without data and with it) and Get Log
 * Page, each synchronous (the completion given back) and asynchronous (a
 * callback, reaped by nvmet_ctrl_waitdone()), checked against what the
 * controller says otherwise; and the arguments they refuse without
 * sending anything.
 */
#include <stdio.h>

#include "nvmetest_harness.h"

/* Optional NVM Command Support bit 6: the Timestamp feature. */
#define ONCS_TIMESTAMP	(1u << 6)
/* Temperature Threshold: TMPTH in bits 15:0 (sensor 0, over temperature). */
#define TMPTH_MASK	0xffffu

FIXTURE(onecall) {
	struct nvmet_ctrl *ctrl;
	struct nvmet_buf *buf;
};

FIXTURE_SETUP(onecall)
{
	ST_SETUP_CTRL(&self->ctrl, NULL);
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(self->ctrl, 8192, "admin data", &self->buf));
}

FIXTURE_TEARDOWN(onecall)
{
	nvmet_buf_free(self->buf);
	nvmet_ctrl_close(self->ctrl);
}

TEST_F(onecall, identify_sync_gives_what_the_controller_was_identified_with)
{
	struct nvmet_cqe cqe;

	memset(self->buf->va, 0xa5, NVMET_ID_DATA_SIZE);
	ASSERT_EQ(0, nvmet_admin_identify_sync(self->ctrl, NVMET_CNS_CTRL, 0, NULL, self->buf,
					       &cqe));
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	EXPECT_EQ(0, memcmp(nvmet_ctrl_id_data(self->ctrl), self->buf->va, NVMET_ID_DATA_SIZE));
	/* Namespace 1 has blocks. */
	ASSERT_EQ(0, nvmet_admin_identify_sync(self->ctrl, NVMET_CNS_NS, 1, NULL, self->buf,
					       &cqe));
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	EXPECT_NE(0u, *(uint64_t *)((uint8_t *)self->buf->va + NVMET_ID_NS_NSZE));
}

TEST_F(onecall, identify_async_calls_back_and_waitdone_reaps_it)
{
	struct st_done d = { 0 };

	memset(self->buf->va, 0, NVMET_ID_DATA_SIZE);
	ASSERT_EQ(0, nvmet_admin_identify(self->ctrl, NVMET_CNS_CTRL, 0, NULL, self->buf,
					  st_count_cb, &d));
	EXPECT_EQ(1u, nvmet_ctrl_admin_outstanding(self->ctrl));
	ASSERT_EQ(0, nvmet_ctrl_waitdone(self->ctrl, 1, NULL));
	EXPECT_EQ(1, d.count);
	EXPECT_TRUE(nvmet_cqe_ok(&d.last)) TH_LOG("status 0x%04x", d.last.status);
	EXPECT_EQ(0, memcmp(nvmet_ctrl_id_data(self->ctrl), self->buf->va, NVMET_ID_DATA_SIZE));
}

TEST_F(onecall, get_log_page_sync_and_async_with_an_offset)
{
	struct nvmet_log_opts off = { .offset = 512 };
	uint8_t whole[1024];
	struct st_done d = { 0 };
	struct nvmet_cqe cqe;
	uint32_t dw0 = 1;

	/* Commands Supported and Effects: the same bytes whole and from an offset. */
	ASSERT_EQ(0, nvmet_admin_get_log_page_sync(self->ctrl, NVMET_LOG_CMD_EFFECTS, 0, NULL,
						   self->buf, 4096, &cqe));
	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	memcpy(whole, self->buf->va, sizeof(whole));
	/* Identify (opcode 06h) is a supported admin command. */
	EXPECT_EQ(1u, whole[4 * NVMET_ADM_IDENTIFY] & 1u);
	memset(self->buf->va, 0, 512);
	ASSERT_EQ(0, nvmet_admin_get_log_page(self->ctrl, NVMET_LOG_CMD_EFFECTS, 0, &off,
					      self->buf, 512, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_ctrl_waitdone(self->ctrl, 1, &dw0));
	EXPECT_EQ(1, d.count);
	EXPECT_TRUE(nvmet_cqe_ok(&d.last)) TH_LOG("status 0x%04x", d.last.status);
	EXPECT_EQ(0u, dw0);
	EXPECT_EQ(0, memcmp(whole + 512, self->buf->va, 512));
	/* SMART / Health, as pynvme's getlogpage(2, buf, 512). */
	ASSERT_EQ(0, nvmet_admin_get_log_page_sync(self->ctrl, NVMET_LOG_SMART, 0xffffffffu,
						   NULL, self->buf, 512, &cqe));
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
}

TEST_F(onecall, set_then_get_a_feature_without_data)
{
	struct nvmet_cqe cqe;
	uint32_t old, want;

	ASSERT_EQ(0, nvmet_admin_get_features_sync(self->ctrl, NVMET_FEAT_TEMP_THRESH,
						   NVMET_SEL_CURRENT, 0, NULL, NULL, 0, &cqe));
	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	old = cqe.dw0 & TMPTH_MASK;
	want = old == 350 ? 351 : 350;
	ASSERT_EQ(0, nvmet_admin_set_features_sync(self->ctrl, NVMET_FEAT_TEMP_THRESH, false,
						   want, NULL, NULL, 0, &cqe));
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	/* Asynchronously: DW0 from waitdone, as pynvme's getfeatures().waitdone(). */
	ASSERT_EQ(0, nvmet_admin_get_features(self->ctrl, NVMET_FEAT_TEMP_THRESH,
					      NVMET_SEL_CURRENT, 0, NULL, NULL, 0, NULL, NULL));
	cqe.dw0 = 0;
	ASSERT_EQ(0, nvmet_ctrl_waitdone(self->ctrl, 1, &cqe.dw0));
	EXPECT_EQ(want, cqe.dw0 & TMPTH_MASK);
	ASSERT_EQ(0, nvmet_admin_set_features(self->ctrl, NVMET_FEAT_TEMP_THRESH, false, old,
					      NULL, NULL, 0, NULL, NULL));
	ASSERT_EQ(0, nvmet_ctrl_waitdone(self->ctrl, 1, NULL));
	ASSERT_EQ(0, nvmet_admin_get_features_sync(self->ctrl, NVMET_FEAT_TEMP_THRESH,
						   NVMET_SEL_CURRENT, 0, NULL, NULL, 0, &cqe));
	EXPECT_EQ(old, cqe.dw0 & TMPTH_MASK);
}

/* Timestamp: 8 bytes to the controller, 8 back, in the buffer at offset 0. */
TEST_F(onecall, set_then_get_a_feature_with_data)
{
	const uint64_t ms = 1700000000000ull;	/* a time in 2023, in ms */
	uint64_t got = 0;
	struct nvmet_cqe cqe;
	uint8_t *d = self->buf->va;
	int i;

	if (!(nvmet_id_ctrl_oncs(nvmet_ctrl_id_data(self->ctrl)) & ONCS_TIMESTAMP))
		SKIP(return, "the controller has no Timestamp feature (ONCS bit 6 clear)");
	memset(d, 0, 8);
	for (i = 0; i < 6; i++)
		d[i] = (uint8_t)(ms >> (8 * i));
	ASSERT_EQ(0, nvmet_admin_set_features_sync(self->ctrl, NVMET_FEAT_TIMESTAMP, false, 0,
						   NULL, self->buf, 8, &cqe));
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	memset(d, 0xff, 8);
	ASSERT_EQ(0, nvmet_admin_get_features_sync(self->ctrl, NVMET_FEAT_TIMESTAMP,
						   NVMET_SEL_CURRENT, 0, NULL, self->buf, 8, &cqe));
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	for (i = 0; i < 6; i++)
		got |= (uint64_t)d[i] << (8 * i);
	/* The clock runs on from the value set: not back, and not by a day. */
	EXPECT_LE(ms, got);
	EXPECT_GT(ms + 86400000ull, got);
}

TEST_F(onecall, bad_arguments_send_nothing)
{
	struct nvmet_buf *small;
	struct nvmet_cqe cqe;

	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(self->ctrl, 1024, "small", &small));
	/* Identify wants 4096 bytes. */
	EXPECT_EQ(-EINVAL, nvmet_admin_identify_sync(self->ctrl, NVMET_CNS_CTRL, 0, NULL, NULL,
						     &cqe));
	if (small->size < NVMET_ID_DATA_SIZE) {
		EXPECT_EQ(-EINVAL, nvmet_admin_identify(self->ctrl, NVMET_CNS_CTRL, 0, NULL, small,
							NULL, NULL));
	}
	/* A length beyond the buffer, data without a buffer, a length the field cannot hold. */
	EXPECT_EQ(-EINVAL, nvmet_admin_get_log_page_sync(self->ctrl, NVMET_LOG_SMART, 0xffffffffu,
							 NULL, self->buf, 16384, &cqe));
	EXPECT_EQ(-EINVAL, nvmet_admin_get_log_page_sync(self->ctrl, NVMET_LOG_SMART, 0xffffffffu,
							 NULL, NULL, 512, &cqe));
	EXPECT_EQ(-EINVAL, nvmet_admin_get_log_page(self->ctrl, NVMET_LOG_SMART, 0xffffffffu,
						    NULL, self->buf, 6, NULL, NULL));
	EXPECT_EQ(-EINVAL, nvmet_admin_get_log_page(self->ctrl, NVMET_LOG_SMART, 0xffffffffu,
						    NULL, self->buf, 0, NULL, NULL));
	EXPECT_EQ(-EINVAL, nvmet_admin_set_features_sync(self->ctrl, NVMET_FEAT_TIMESTAMP, false,
							 0, NULL, NULL, 8, &cqe));
	EXPECT_EQ(-EINVAL, nvmet_admin_get_features(self->ctrl, NVMET_FEAT_ARBITRATION, 8, 0,
						    NULL, NULL, 0, NULL, NULL));
	/* A synchronous call with nowhere to put the completion. */
	EXPECT_EQ(-EINVAL, nvmet_admin_get_features_sync(self->ctrl, NVMET_FEAT_ARBITRATION,
							 NVMET_SEL_CURRENT, 0, NULL, NULL, 0,
							 NULL));
	EXPECT_EQ(-EINVAL, nvmet_admin_identify_sync(NULL, NVMET_CNS_CTRL, 0, NULL, self->buf,
						     &cqe));
	EXPECT_EQ(0u, nvmet_ctrl_admin_outstanding(self->ctrl));
	nvmet_buf_free(small);
}

TEST_HARNESS_MAIN
