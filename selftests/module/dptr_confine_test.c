// SPDX-License-Identifier: GPL-2.0
/*
 * dptr_confine_test.c - without NVMETEST_ADMIN_RAW_DPTR no bus address of
 * the caller's reaches the controller, however the command lies about its
 * length. A canary DMA buffer sits where each attack aims: the PRPs of a
 * command sent without data, the metadata pointer, the pages next to a
 * short transfer in a DMA buffer. The canary stays untouched, the command
 * log shows the module's own pointers, a transfer writes only the bytes it
 * was given, commands whose addresses the controller keeps (Doorbell Buffer
 * Config, queue creation, Host Memory Buffer) need RAW_DPTR, and transfers
 * whose PRPs must start at an offset still arrive whole.
 */
#include "nvmetest_harness.h"

#define CANARY		0xa5
#define ID_VID		0

FIXTURE(confine) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	int fd;
	struct nvmet_dmabuf canary;
};

FIXTURE_SETUP(confine)
{
	ST_SETUP_OPEN(&self->dev, &self->info);
	self->fd = nvmet_kdev_fd(self->dev);
	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, 2 * ST_PAGE, &self->canary));
	memset(self->canary.va, CANARY, self->canary.size);
}

FIXTURE_TEARDOWN(confine)
{
	nvmet_kdev_buf_free(self->dev, &self->canary);
	/* Whatever a refused-then-accepted command left in the controller. */
	EXPECT_EQ(0, nvmet_kdev_reset(self->dev));
	nvmet_kdev_close(self->dev);
}

static int in_canary(const FIXTURE_DATA(confine) *self, uint64_t addr)
{
	return addr >= self->canary.iova && addr < self->canary.iova + self->canary.size;
}

/* The SQE the controller got for the last admin command: nothing of the canary's. */
static void expect_own_pointers(struct __test_metadata *_metadata, FIXTURE_DATA(confine) *self)
{
	struct nvmetest_cmdlog_entry e;
	uint64_t mptr, prp1, prp2;

	ASSERT_EQ(1, nvmet_kdev_cmdlog(self->dev, &e, 1));
	mptr = e.sqe[4] | (uint64_t)e.sqe[5] << 32;
	prp1 = e.sqe[6] | (uint64_t)e.sqe[7] << 32;
	prp2 = e.sqe[8] | (uint64_t)e.sqe[9] << 32;
	EXPECT_EQ(0u, mptr);
	EXPECT_FALSE(in_canary(self, prp1)) TH_LOG("PRP1 %#llx", (unsigned long long)prp1);
	EXPECT_FALSE(in_canary(self, prp2)) TH_LOG("PRP2 %#llx", (unsigned long long)prp2);
	EXPECT_NE(0u, prp1);
	EXPECT_NE(0u, prp2);
}

/* An Identify Controller sent without data (it moves 4 KiB all the same). */
static int identify_no_data(FIXTURE_DATA(confine) *self, uint64_t prp1, uint64_t prp2,
			    uint16_t *status)
{
	return st_admin_ptrs(self->dev, NVMET_ADM_IDENTIFY, NVMET_CNS_CTRL, 0, prp1, prp2,
			     self->canary.iova, 0, status);
}

TEST_F(confine, command_without_data_keeps_none_of_the_callers_pointers)
{
	uint64_t c = self->canary.iova;
	uint16_t status;

	ASSERT_EQ(0, identify_no_data(self, c, c + ST_PAGE, &status));
	EXPECT_EQ(0u, NVMET_CQE_STATUS(status));
	EXPECT_TRUE(st_all_bytes(self->canary.va, self->canary.size, CANARY))
		TH_LOG("the controller wrote the Identify data to the caller's PRP1");
	expect_own_pointers(_metadata, self);

	/* At an offset, the second page goes through PRP2. */
	ASSERT_EQ(0, identify_no_data(self, c + 8, c + ST_PAGE, &status));
	EXPECT_TRUE(st_all_bytes(self->canary.va, self->canary.size, CANARY));
	expect_own_pointers(_metadata, self);
}

/*
 * Identify moves 4 KiB; given 8 bytes at @offset of a DMA buffer, only
 * those 8 change.
 */
static void short_transfer(struct __test_metadata *_metadata, FIXTURE_DATA(confine) *self,
			   uint32_t offset)
{
	uint8_t *b = self->canary.va;
	uint16_t status;

	memset(b, CANARY, self->canary.size);
	ASSERT_EQ(0, st_identify_into_buf(self->dev, &self->canary, offset, 8, &status));
	ASSERT_EQ(0u, NVMET_CQE_STATUS(status));
	EXPECT_EQ(self->info.vendor_id, st_le16(b + offset + ID_VID));
	EXPECT_TRUE(st_all_bytes(b, offset, CANARY)) TH_LOG("offset %u: written before", offset);
	EXPECT_TRUE(st_all_bytes(b + offset + 8, self->canary.size - offset - 8, CANARY))
		TH_LOG("offset %u: the controller wrote past the 8 bytes given", offset);
	expect_own_pointers(_metadata, self);
}

TEST_F(confine, short_transfer_writes_only_what_it_was_given)
{
	/* Across the page boundary: PRP2 would be the buffer's second page. */
	short_transfer(_metadata, self, ST_PAGE - 4);
	/*
	 * Within the first page: PRP2 would be 0, and the controller writes
	 * the rest to bus address 0 (the command log shows the pointer; the
	 * low megabyte of RAM reads as zeros through /dev/mem).
	 */
	short_transfer(_metadata, self, ST_PAGE - 16);
}

/* A command given bus addresses the controller would keep, without RAW_DPTR. */
static int keeps(FIXTURE_DATA(confine) *self, uint8_t opc, uint32_t cdw10, uint32_t cdw11,
		 uint64_t prp1, uint64_t prp2)
{
	uint16_t status;

	return st_admin_ptrs(self->dev, opc, cdw10, cdw11, prp1, prp2, 0, 0, &status);
}

TEST_F(confine, commands_the_controller_keeps_addresses_of_need_raw_dptr)
{
	uint64_t c = self->canary.iova;

	EXPECT_EQ(-EPERM, keeps(self, NVMET_ADM_DBBUF_CONFIG, 0, 0, c, c + ST_PAGE));
	EXPECT_TRUE(st_all_bytes(self->canary.va, self->canary.size, CANARY))
		TH_LOG("the controller took the canary as its shadow doorbells");
	EXPECT_EQ(-EPERM, keeps(self, NVMET_ADM_CREATE_CQ, 63u << 16 | 1, 1, c, 0));
	EXPECT_EQ(-EPERM, keeps(self, NVMET_ADM_CREATE_SQ, 63u << 16 | 1, 1u << 16 | 1,
				    c, 0));
	EXPECT_EQ(-EPERM, keeps(self, NVMET_ADM_SET_FEATURES, NVMET_FEAT_HOST_MEM_BUF,
				    1, 0, 0));
	/* Disabling the Host Memory Buffer carries no address. */
	EXPECT_EQ(0, keeps(self, NVMET_ADM_SET_FEATURES, NVMET_FEAT_HOST_MEM_BUF, 0, 0,
			       0));
}

/* Data of @len bytes whose PRPs start at an offset arrive whole; 4097..4100 cannot. */
TEST_F(confine, transfers_over_two_pages_arrive_whole)
{
	static const uint32_t lens[] = { 4101, 6000, 8192, 12288 };
	static uint8_t data[3 * ST_PAGE];
	struct nvmetest_admin_cmd cmd;
	unsigned int i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		memset(data, CANARY, sizeof(data));
		st_identify_req(&cmd, data);
		cmd.data_len = lens[i];
		ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_CMD, &cmd)) TH_LOG("%u", lens[i]);
		EXPECT_EQ(0u, NVMET_CQE_STATUS(st_admin_status(&cmd)));
		EXPECT_EQ(self->info.vendor_id, st_le16(data + ID_VID)) TH_LOG("%u", lens[i]);
		/* Identify moves 4 KiB: the module zero-filled the rest. */
		EXPECT_TRUE(st_all_bytes(data + ST_PAGE, lens[i] - ST_PAGE, 0)) TH_LOG("%u", lens[i]);
		EXPECT_TRUE(st_all_bytes(data + lens[i], sizeof(data) - lens[i], CANARY));
	}
	for (i = ST_PAGE + 1; i <= ST_PAGE + 4; i++) {
		st_identify_req(&cmd, data);
		cmd.data_len = i;
		EXPECT_EQ(-EINVAL, st_ioctl(self->fd, NVMETEST_IOC_ADMIN_CMD, &cmd)) TH_LOG("%u", i);
	}
}

TEST_HARNESS_MAIN
