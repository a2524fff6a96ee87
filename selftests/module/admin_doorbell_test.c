// SPDX-License-Identifier: GPL-2.0
/*
 * admin_doorbell_test.c - the admin queue's doorbells lie in the page user
 * space maps for its I/O queues' doorbells, so a stray write there (a
 * wrong queue id, a copy through a stale pointer) makes the controller run
 * admin queue entries it already ran. They must do nothing: every entry
 * the controller has fetched is overwritten with one that moves no data,
 * and a completion whose command identifier is not that of a command in
 * flight completes nothing. The ring is filled with Identify commands,
 * half of them refused by the controller, whose bounce pages are freed;
 * the SQ tail doorbell is written so that the controller runs the whole
 * ring again; then the next commands complete with their own status and
 * data, and the DMA buffers allocated after (the freed pages again) are
 * clean (page poisoning would report device data written into them).
 */
#include "nvmetest_harness.h"

#define AQ_DEPTH	64	/* the module's admin queue */
#define CNS_CTRL	1
#define CNS_BAD		0xff	/* refused: Invalid Field in Command */

FIXTURE(stray) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	uint8_t id[4096];
};

FIXTURE_SETUP(stray)
{
	ST_SETUP_OPEN(&self->dev, &self->info);
}

FIXTURE_TEARDOWN(stray)
{
	EXPECT_EQ(0, nvmet_kdev_reset(self->dev));
	EXPECT_EQ(0, st_identify_works(self->dev));
	nvmet_kdev_close(self->dev);
}

/* Identify CNS @cns through the module; its completion in *cmd. */
static int identify(struct nvmet_kdev *dev, uint32_t cns, void *data,
		    struct nvmetest_admin_cmd *cmd)
{
	st_identify_req(cmd, data);
	cmd->sqe[10] = cns;
	cmd->timeout_ms = 5000;
	return nvmet_kdev_admin_raw(dev, cmd);
}

TEST_F(stray, sq_tail_written_from_outside)
{
	volatile uint32_t *db = nvmet_kdev_doorbells(self->dev);
	struct nvmetest_admin_cmd cmd;
	struct nvmet_dmabuf bufs[8];
	unsigned int i, head;

	ASSERT_NE(NULL, db);
	for (i = 0; i < AQ_DEPTH; i++)
		ASSERT_EQ(0, identify(self->dev, i & 1 ? CNS_BAD : CNS_CTRL, self->id, &cmd));
	ASSERT_NE(0u, NVMET_CQE_STATUS(st_admin_status(&cmd)));
	/* The controller's SQ head after the last one, from its completion. */
	head = (cmd.cqe[2] & 0xffff) % AQ_DEPTH;

	/* Every entry but one, run again. */
	db[0] = (head + AQ_DEPTH - 1) % AQ_DEPTH;
	st_sleep_ms(100);
	for (i = 0; i < 8; i++) {
		ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, 1 << 20, &bufs[i]));
	}
	for (i = 0; i < 8; i++)
		nvmet_kdev_buf_free(self->dev, &bufs[i]);

	for (i = 0; i < 8; i++) {
		memset(self->id, 0, sizeof(self->id));
		ASSERT_EQ(0, identify(self->dev, CNS_CTRL, self->id, &cmd));
		EXPECT_EQ(0u, cmd.result) TH_LOG("command %u timed out or was aborted", i);
		EXPECT_EQ(0u, NVMET_CQE_STATUS(st_admin_status(&cmd)))
			TH_LOG("command %u completed with another command's status", i);
		EXPECT_EQ(cmd.cid, cmd.cqe[3] & 0xffff);
		EXPECT_NE(0u, st_le16(self->id + NVMET_ID_CTRL_VID)) TH_LOG("command %u: no data", i);
	}
}

TEST_HARNESS_MAIN
