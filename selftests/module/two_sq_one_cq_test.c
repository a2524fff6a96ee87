// SPDX-License-Identifier: GPL-2.0
/*
 * two_sq_one_cq_test.c - two submission queues posting to one completion
 * queue: completions from both arrive there with the right SQ id and head,
 * deleting the CQ while the SQs exist is refused by the controller (Invalid
 * Queue Deletion in .status, the ioctl succeeds) and changes nothing, and
 * after the SQs go the CQ can be deleted.
 */
#include "nvmetest_harness.h"

#define CQID		ST_QID_SHARED
#define SQID_A		ST_QID_SHARED
#define SQID_B		(ST_QID_SHARED + 1)
#define REGION		(40ull << 20)
#define DEPTH		16u

FIXTURE(shared) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	size_t block;
	struct nvmet_cq_ring cq;
	struct nvmet_sq_ring sq[2];
	struct nvmet_dmabuf buf;
};

FIXTURE_SETUP(shared)
{
	uint64_t nsze;
	unsigned int shift;
	int i;

	ST_SETUP_OPEN(&self->dev, &self->info);
	ST_SETUP_NEED_QID(&self->info, SQID_B);
	ASSERT_EQ(0, st_ns_geometry(self->dev, ST_NSID, &nsze, &shift));
	self->block = (size_t)1 << shift;
	if ((nsze << shift) < REGION + (1 << 20))
		ST_SETUP_SKIP("namespace 1 is smaller than %llu MiB", (REGION >> 20) + 1);
	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, 2 * DEPTH * ST_PAGE, &self->buf));
	ASSERT_EQ(0, nvmet_kdev_cq_create(self->dev, CQID, 2 * DEPTH, NVMETEST_NO_VECTOR, &self->cq,
				      NULL));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, nvmet_kdev_sq_create(self->dev, i ? SQID_B : SQID_A, DEPTH, &self->cq, 0,
					      &self->sq[i], NULL));
	}
}

FIXTURE_TEARDOWN(shared)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (self->sq[i].entries) {
			EXPECT_EQ(0, nvmet_kdev_sq_delete(self->dev, &self->sq[i], NULL));
		}
	}
	if (self->cq.entries) {
		EXPECT_EQ(0, nvmet_kdev_cq_delete(self->dev, &self->cq, NULL));
	}
	nvmet_kdev_buf_free(self->dev, &self->buf);
	nvmet_kdev_close(self->dev);
}

/* CIDs tell the queues apart: 0xa000 + n from SQ A, 0xb000 + n from SQ B. */
static uint16_t cid_of(int q, int n)
{
	return (uint16_t)((q ? 0xb000 : 0xa000) + n);
}

/* Places @n writes on SQ @q (blocks and buffer pages by index), rings once. */
static int post_writes(FIXTURE_DATA(shared) *self, int q, int n)
{
	struct nvmet_sqe sqe;
	int i, ret, slot;

	for (i = 0; i < n; i++) {
		slot = q * (int)DEPTH + i;
		st_fill((uint8_t *)self->buf.va + slot * ST_PAGE, self->block,
			(uint32_t)slot);
		ret = st_rw_sqe(&sqe, NVMET_CMD_WRITE, REGION / self->block + slot, 1,
				self->buf.iova + slot * ST_PAGE, self->block, NULL);
		if (ret)
			return ret;
		sqe.cid = cid_of(q, i);
		ret = nvmet_sq_place(&self->sq[q], &sqe);
		if (ret)
			return ret;
	}
	nvmet_sq_ring(&self->sq[q]);
	return 0;
}

/*
 * Reaps @n completions and checks each: success, from a known SQ with a
 * CID that SQ used, not seen before; records SQ heads.
 */
static void reap_and_check(struct __test_metadata *_metadata, FIXTURE_DATA(shared) *self, int n,
			   int per_q[2])
{
	struct nvmet_cqe cqes[2 * DEPTH];
	uint8_t seen[2][DEPTH] = { { 0 } };
	int i, q, idx, got;

	ASSERT_LE(n, (int)(2 * DEPTH));
	got = nvmet_cq_wait(&self->cq, cqes, n, ST_IO_TIMEOUT_MS);
	ASSERT_EQ(n, got);
	per_q[0] = per_q[1] = 0;
	for (i = 0; i < got; i++) {
		EXPECT_EQ(0u, NVMET_CQE_STATUS(cqes[i].status)) TH_LOG("cid 0x%x", cqes[i].cid);
		ASSERT_TRUE(cqes[i].sqid == SQID_A || cqes[i].sqid == SQID_B)
			TH_LOG("completion from SQ %u", cqes[i].sqid);
		q = cqes[i].sqid == SQID_B;
		idx = cqes[i].cid - cid_of(q, 0);
		ASSERT_TRUE(idx >= 0 && idx < (int)DEPTH)
			TH_LOG("CID 0x%x came back with SQ id %u", cqes[i].cid, cqes[i].sqid);
		EXPECT_EQ(0, seen[q][idx]);
		seen[q][idx] = 1;
		per_q[q]++;
		nvmet_sq_update_head(&self->sq[q], &cqes[i]);
	}
}

TEST_F(shared, completions_carry_their_sq_id)
{
	int per_q[2], i;

	ASSERT_EQ(0, post_writes(self, 0, 5));
	ASSERT_EQ(0, post_writes(self, 1, 7));
	reap_and_check(_metadata, self, 12, per_q);
	EXPECT_EQ(5, per_q[0]);
	EXPECT_EQ(7, per_q[1]);
	/* Each SQ's head, as its completions reported it, has caught up with its tail. */
	for (i = 0; i < 2; i++) {
		EXPECT_EQ(self->sq[i].tail, self->sq[i].head) TH_LOG("SQ %u", self->sq[i].qid);
	}
}

TEST_F(shared, data_written_through_both_reads_back)
{
	struct nvmet_dmabuf rd;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	int per_q[2], slot, q, n = 4;

	ASSERT_EQ(0, post_writes(self, 0, n));
	ASSERT_EQ(0, post_writes(self, 1, n));
	reap_and_check(_metadata, self, 2 * n, per_q);
	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, ST_PAGE, &rd));
	/* Read each block back through the other SQ. */
	for (q = 0; q < 2; q++) {
		for (slot = q * (int)DEPTH; slot < q * (int)DEPTH + n; slot++) {
			memset(rd.va, 0, rd.size);
			ASSERT_EQ(0, st_rw_sqe(&sqe, NVMET_CMD_READ,
					       REGION / self->block + slot, 1, rd.iova,
						     self->block, NULL));
			sqe.cid = (uint16_t)slot;
			ASSERT_EQ(0, st_io_sync(&self->sq[!q], &self->cq, &sqe, &cqe));
			EXPECT_EQ(0u, NVMET_CQE_STATUS(cqe.status));
			EXPECT_EQ(self->sq[!q].qid, cqe.sqid);
			EXPECT_EQ(-1, st_check(rd.va, self->block, (uint32_t)slot))
				TH_LOG("block %d", slot);
		}
	}
	EXPECT_EQ(0, nvmet_kdev_buf_free(self->dev, &rd));
}

TEST_F(shared, deleting_the_cq_first_is_refused)
{
	struct nvmetest_queue q = { .qid = CQID };
	int fd = nvmet_kdev_fd(self->dev);
	uint32_t status = 0;
	int per_q[2], i;

	ASSERT_EQ(0, st_ioctl(fd, NVMETEST_IOC_DELETE_CQ, &q));
	EXPECT_EQ(ST_SC(NVMET_SCT_CMD_SPECIFIC, NVMET_SC_INVALID_QUEUE_DELETION),
		  NVMET_CQE_STATUS(ST_QSTATUS(q.status)))
		TH_LOG("Delete I/O CQ with SQs on it: status 0x%x", q.status);

	/* Nothing was deleted: both SQs still complete on the CQ. */
	ASSERT_EQ(0, post_writes(self, 0, 2));
	ASSERT_EQ(0, post_writes(self, 1, 2));
	reap_and_check(_metadata, self, 4, per_q);
	EXPECT_EQ(2, per_q[0]);
	EXPECT_EQ(2, per_q[1]);

	/* The library reports the same refusal. */
	EXPECT_EQ(-EIO, nvmet_kdev_cq_delete(self->dev, &self->cq, &status));
	EXPECT_EQ(ST_SC(NVMET_SCT_CMD_SPECIFIC, NVMET_SC_INVALID_QUEUE_DELETION),
		  NVMET_CQE_STATUS(ST_QSTATUS(status)));
	ASSERT_NE(NULL, self->cq.entries) TH_LOG("the library unmapped a CQ that still exists");

	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, nvmet_kdev_sq_delete(self->dev, &self->sq[i], &status));
		EXPECT_EQ(0u, status);
	}
	ASSERT_EQ(0, nvmet_kdev_cq_delete(self->dev, &self->cq, &status));
	EXPECT_EQ(0u, status);
	/* Gone now. */
	q.status = 0;
	EXPECT_EQ(-ENOENT, st_ioctl(fd, NVMETEST_IOC_DELETE_CQ, &q));
}

TEST_F(shared, one_sq_deleted_the_other_goes_on)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	uint32_t status = 1;

	ASSERT_EQ(0, nvmet_kdev_sq_delete(self->dev, &self->sq[1], &status));
	EXPECT_EQ(0u, status);
	st_sqe(&sqe, NVMET_CMD_FLUSH, ST_NSID);
	sqe.cid = 42;
	ASSERT_EQ(0, st_io_sync(&self->sq[0], &self->cq, &sqe, &cqe));
	EXPECT_EQ(0u, NVMET_CQE_STATUS(cqe.status));
	EXPECT_EQ(SQID_A, cqe.sqid);
	EXPECT_EQ(42, cqe.cid);
	/* The deleted SQ's id can be used again, on the same CQ. */
	ASSERT_EQ(0, nvmet_kdev_sq_create(self->dev, SQID_B, DEPTH, &self->cq, 0, &self->sq[1],
				      &status));
	sqe.cid = 43;
	ASSERT_EQ(0, st_io_sync(&self->sq[1], &self->cq, &sqe, &cqe));
	EXPECT_EQ(SQID_B, cqe.sqid);
	EXPECT_EQ(43, cqe.cid);
}

TEST_HARNESS_MAIN
