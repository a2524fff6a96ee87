// SPDX-License-Identifier: GPL-2.0
/*
 * ioqueue_test.c - I/O queue pairs driven from user space in poll mode:
 * creation and deletion, writes and reads of several sizes (PRP1 only,
 * PRP1 + PRP2, and PRP lists built by hand in a DMA buffer) compared after
 * the round trip, no system call on the data path, the phase tag through
 * several wrap-arounds of a small queue, and error statuses delivered in
 * the user-space completion queue.
 */
#include <signal.h>
#include <sys/wait.h>

#include "nvmetest_harness.h"

#define QID		ST_QID_IOQUEUE
#define REGION		(0ull << 20)	/* this file's part of namespace 1, in bytes */
#define REGION_SIZE	(16ull << 20)
#define BUF_SIZE	(1u << 20)

FIXTURE(ioq) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	uint64_t nsze;
	unsigned int lba_shift;
	uint64_t mdts;
	struct nvmet_cq_ring cq;
	struct nvmet_sq_ring sq;
	struct nvmet_dmabuf wbuf, rbuf, prp;
};

FIXTURE_SETUP(ioq)
{
	uint64_t cc = 0;

	ST_SETUP_OPEN(&self->dev, &self->info);
	ST_SETUP_NEED_QID(&self->info, QID + 1);
	ASSERT_EQ(0, nvmet_kdev_reg_read(self->dev, NVMET_REG_CC, 4, &cc));
	if ((cc >> 7 & 0xf) != 0)
		ST_SETUP_SKIP("CC.MPS %u: the tests build PRPs of 4 KiB pages",
			      (unsigned int)(cc >> 7 & 0xf));
	ASSERT_EQ(0, st_ns_geometry(self->dev, ST_NSID, &self->nsze,
				    &self->lba_shift));
	if ((self->nsze << self->lba_shift) < REGION + REGION_SIZE)
		ST_SETUP_SKIP("namespace 1 is smaller than %llu MiB",
			      (REGION + REGION_SIZE) >> 20);
	ASSERT_EQ(0, st_mdts_bytes(self->dev, &self->mdts));
	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, BUF_SIZE, &self->wbuf));
	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, BUF_SIZE, &self->rbuf));
	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, ST_PAGE, &self->prp));
}

FIXTURE_TEARDOWN(ioq)
{
	uint32_t status;

	if (self->sq.entries) {
		EXPECT_EQ(0, nvmet_kdev_sq_delete(self->dev, &self->sq, &status));
	}
	if (self->cq.entries) {
		EXPECT_EQ(0, nvmet_kdev_cq_delete(self->dev, &self->cq, &status));
	}
	nvmet_kdev_buf_free(self->dev, &self->prp);
	nvmet_kdev_buf_free(self->dev, &self->rbuf);
	nvmet_kdev_buf_free(self->dev, &self->wbuf);
	nvmet_kdev_close(self->dev);
}

static int create_pair(FIXTURE_DATA(ioq) *self, uint16_t qid, uint32_t size, uint32_t *status)
{
	return st_kpair_create(self->dev, qid, size, NVMETEST_NO_VECTOR, &self->cq, &self->sq,
			       status);
}

static uint64_t lba(FIXTURE_DATA(ioq) *self, uint64_t byte_offset)
{
	return (REGION + byte_offset) >> self->lba_shift;
}

/* One write or read of @len bytes at @offset of the region, data at @buf + @buf_off. */
static int rw(FIXTURE_DATA(ioq) *self, uint8_t opc, uint64_t offset, size_t len,
	      struct nvmet_dmabuf *buf, size_t buf_off, uint16_t cid, struct nvmet_cqe *cqe)
{
	struct nvmet_sqe sqe;
	int ret;

	ret = st_rw_sqe(&sqe, opc, lba(self, offset), (uint32_t)(len >> self->lba_shift),
			buf->iova + buf_off, len, &self->prp);
	if (ret)
		return ret;
	sqe.cid = cid;
	return st_io_sync(&self->sq, &self->cq, &sqe, cqe);
}

TEST_F(ioq, create_and_delete)
{
	struct nvmetest_queue q = { .qid = QID, .size = 16 };
	uint32_t status = 1;
	int i;

	ASSERT_EQ(0, create_pair(self, QID, 16, &status));
	EXPECT_EQ(0u, status);
	EXPECT_EQ(QID, self->cq.qid);
	EXPECT_EQ(QID, self->sq.qid);
	EXPECT_EQ(QID, self->sq.cqid);
	EXPECT_EQ(1u, self->cq.phase);
	/* A new CQ holds no entry with the current phase tag. */
	for (i = 0; i < 16; i++) {
		EXPECT_EQ(0u, NVMET_CQE_PHASE(self->cq.entries[i].status)) TH_LOG("entry %d", i);
	}
	/* The queue ids are taken. */
	q.cqid = QID;
	EXPECT_EQ(-EEXIST, st_ioctl(nvmet_kdev_fd(self->dev), NVMETEST_IOC_CREATE_CQ, &q));
	EXPECT_EQ(-EEXIST, st_ioctl(nvmet_kdev_fd(self->dev), NVMETEST_IOC_CREATE_SQ, &q));

	ASSERT_EQ(0, nvmet_kdev_sq_delete(self->dev, &self->sq, &status));
	EXPECT_EQ(0u, status);
	ASSERT_EQ(0, nvmet_kdev_cq_delete(self->dev, &self->cq, &status));
	EXPECT_EQ(0u, status);
	/* And free again. */
	ASSERT_EQ(0, create_pair(self, QID, 32, &status));
	EXPECT_EQ(0u, status);
}

/* The entry sizes and the mapping the module reports, through the raw ioctls. */
TEST_F(ioq, queue_geometry)
{
	struct nvmetest_queue cq = { .qid = QID + 1, .size = 64 };
	struct nvmetest_queue sq = { .qid = QID + 1, .size = 100, .cqid = QID + 1 };
	int fd = nvmet_kdev_fd(self->dev);

	ASSERT_EQ(0, st_ioctl(fd, NVMETEST_IOC_CREATE_CQ, &cq));
	ASSERT_EQ(0u, cq.status);
	ASSERT_EQ(0, st_ioctl(fd, NVMETEST_IOC_CREATE_SQ, &sq));
	EXPECT_EQ(0u, sq.status);
	EXPECT_EQ(16u, cq.entry_size);
	EXPECT_EQ(64u, sq.entry_size);
	EXPECT_GE(cq.mmap_size, 64u * 16);
	EXPECT_GE(sq.mmap_size, 100u * 64);
	EXPECT_EQ(0u, cq.dma_addr & 0xfff);
	EXPECT_EQ(0u, sq.dma_addr & 0xfff);
	EXPECT_NE(cq.mmap_offset, sq.mmap_offset);
	EXPECT_NE(NVMETEST_MMAP_DOORBELLS, cq.mmap_offset);
	/* SQ y tail at 2y * stride, CQ y head at (2y + 1) * stride. */
	EXPECT_EQ((uint64_t)2 * (QID + 1) * self->info.db_stride, sq.db_offset);
	EXPECT_EQ((uint64_t)(2 * (QID + 1) + 1) * self->info.db_stride, cq.db_offset);
	EXPECT_EQ(0, st_ioctl(fd, NVMETEST_IOC_DELETE_SQ, &sq));
	EXPECT_EQ(0u, sq.status);
	EXPECT_EQ(0, st_ioctl(fd, NVMETEST_IOC_DELETE_CQ, &cq));
	EXPECT_EQ(0u, cq.status);
}

TEST_F(ioq, write_read_ranges)
{
	/* Byte offsets in the region and lengths, rounded to blocks below. */
	static const struct { uint64_t offset; size_t len; size_t buf_off; } ranges[] = {
		{ 0, 1, 0 },			/* one block */
		{ 1 << 20, 4096, 0 },		/* PRP1 */
		{ 2 << 20, 8192, 0 },		/* PRP1 + PRP2 */
		{ 3 << 20, 12288, 0 },		/* PRP list */
		{ 4 << 20, 12288, 512 },	/* PRP list, PRP1 with an offset */
		{ 5 << 20, 64 << 10, 0 },
		{ 6 << 20, 64 << 10, 4096 + 1024 },
		{ 8 << 20, 512 << 10, 0 },	/* up to MDTS */
	};
	size_t block = (size_t)1 << self->lba_shift, len;
	uint8_t *w = self->wbuf.va, *r = self->rbuf.va;
	struct nvmet_cqe cqe;
	uint32_t status;
	size_t i;
	long bad;

	ASSERT_EQ(0, create_pair(self, QID, 64, &status));
	for (i = 0; i < ARRAY_SIZE(ranges); i++) {
		len = (ranges[i].len + block - 1) & ~(block - 1);
		if (self->mdts && len > self->mdts)
			len = (size_t)self->mdts;
		ASSERT_LE(ranges[i].buf_off + len, BUF_SIZE);
		st_fill(w + ranges[i].buf_off, len, (uint32_t)(i + 100));
		memset(r, 0xcc, BUF_SIZE);
		ASSERT_EQ(0, rw(self, NVMET_CMD_WRITE, ranges[i].offset, len, &self->wbuf,
				ranges[i].buf_off, (uint16_t)(2 * i), &cqe))
			TH_LOG("range %zu", i);
		EXPECT_EQ(0u, NVMET_CQE_STATUS(cqe.status))
			TH_LOG("write %zu: 0x%x", i, cqe.status);
		EXPECT_EQ(2 * i, cqe.cid);
		EXPECT_EQ(QID, cqe.sqid);
		ASSERT_EQ(0, rw(self, NVMET_CMD_READ, ranges[i].offset, len, &self->rbuf,
				ranges[i].buf_off, (uint16_t)(2 * i + 1), &cqe))
			TH_LOG("range %zu", i);
		EXPECT_EQ(0u, NVMET_CQE_STATUS(cqe.status))
			TH_LOG("read %zu: 0x%x", i, cqe.status);
		EXPECT_EQ(2 * i + 1, cqe.cid);
		bad = st_check(r + ranges[i].buf_off, len, (uint32_t)(i + 100));
		EXPECT_EQ(-1, bad) TH_LOG("range %zu (%zu bytes): byte %ld differs", i, len, bad);
		EXPECT_TRUE(st_all_bytes(r, ranges[i].buf_off, 0xcc))
			TH_LOG("range %zu: read wrote before its data", i);
		EXPECT_TRUE(st_all_bytes(r + ranges[i].buf_off + len,
					 BUF_SIZE - ranges[i].buf_off - len, 0xcc))
			TH_LOG("range %zu: read wrote past its data", i);
	}
}

/* What the child reports: 0, or where it went wrong. */
enum { CHILD_OK, CHILD_SUBMIT, CHILD_TIMEOUT, CHILD_STATUS, CHILD_DATA, CHILD_SECCOMP };

static int io_without_ioctl(FIXTURE_DATA(ioq) *self, int n)
{
	size_t len = (size_t)1 << self->lba_shift;
	struct nvmet_cqe cqe;
	int i, ret;

	if (st_forbid_ioctl())
		return CHILD_SECCOMP;
	for (i = 0; i < n; i++) {
		st_fill((uint8_t *)self->wbuf.va + i * len, len, (uint32_t)i);
		ret = rw(self, NVMET_CMD_WRITE, (uint64_t)i * len, len, &self->wbuf, i * len,
			 (uint16_t)i, &cqe);
		if (ret)
			return ret == -ETIMEDOUT ? CHILD_TIMEOUT : CHILD_SUBMIT;
		if (NVMET_CQE_STATUS(cqe.status))
			return CHILD_STATUS;
		ret = rw(self, NVMET_CMD_READ, (uint64_t)i * len, len, &self->rbuf, i * len,
			 (uint16_t)(n + i), &cqe);
		if (ret)
			return ret == -ETIMEDOUT ? CHILD_TIMEOUT : CHILD_SUBMIT;
		if (NVMET_CQE_STATUS(cqe.status))
			return CHILD_STATUS;
		if (st_check((uint8_t *)self->rbuf.va + i * len, len, (uint32_t)i) != -1)
			return CHILD_DATA;
	}
	return CHILD_OK;
}

/* Last sequence number in the admin command log, 0 when empty or on error. */
static uint64_t last_admin_seq(struct nvmet_kdev *dev)
{
	struct nvmetest_cmdlog_entry e;

	return nvmet_kdev_cmdlog(dev, &e, 1) == 1 ? e.seq : 0;
}

/*
 * The data path is the queue memory and the doorbells only: a child that
 * dies on any ioctl(2) does I/O, and the admin command log does not grow.
 */
TEST_F(ioq, no_system_call_per_command)
{
	uint64_t seq_before, seq_after;
	uint32_t status;
	int wstatus;
	pid_t pid;

	ASSERT_EQ(0, create_pair(self, QID, 8, &status));
	/* Map the doorbells and touch everything before the filter goes on. */
	ASSERT_NE(NULL, nvmet_kdev_doorbells(self->dev));
	seq_before = last_admin_seq(self->dev);
	ASSERT_NE(0u, seq_before);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0)
		_exit(io_without_ioctl(self, 32));
	ASSERT_EQ(pid, waitpid(pid, &wstatus, 0));
	if (WIFSIGNALED(wstatus)) {
		EXPECT_NE(SIGSYS, WTERMSIG(wstatus)) TH_LOG("the data path called ioctl()");
		EXPECT_FALSE(1) TH_LOG("the I/O child died of signal %d", WTERMSIG(wstatus));
	} else {
		EXPECT_EQ(CHILD_OK, WEXITSTATUS(wstatus))
			TH_LOG("the I/O child failed (1 submit, 2 timeout, 3 status, 4 data, "
			       "5 seccomp)");
	}
	seq_after = last_admin_seq(self->dev);
	EXPECT_EQ(seq_before, seq_after) TH_LOG("%llu admin commands during the I/O",
						(unsigned long long)(seq_after - seq_before));
	/* The queues' state is the child's now; teardown deletes them. */
}

/* More commands than the depth, in batches: the phase tag flips on each wrap. */
TEST_F(ioq, wrap_around_keeps_phase)
{
	const uint32_t depth = 8;
	const int total = 5 * depth + 3;
	size_t block = (size_t)1 << self->lba_shift;
	struct nvmet_cqe cqes[8];
	struct nvmet_sqe sqe;
	int pass, done, batch, i, got, reaped = 0;
	uint32_t status;
	uint8_t seen[64];

	ASSERT_LE((size_t)total * ST_PAGE, (size_t)BUF_SIZE);
	ASSERT_EQ(0, create_pair(self, QID, depth, &status));
	for (i = 0; i < total; i++)
		st_fill((uint8_t *)self->wbuf.va + i * ST_PAGE, block, (uint32_t)i + 7);
	memset(self->rbuf.va, 0, BUF_SIZE);

	for (pass = 0; pass < 2; pass++) {
		uint8_t opc = pass ? NVMET_CMD_READ : NVMET_CMD_WRITE;
		struct nvmet_dmabuf *buf = pass ? &self->rbuf : &self->wbuf;

		memset(seen, 0, sizeof(seen));
		for (done = 0; done < total; done += batch) {
			batch = total - done < (int)depth - 1 ? total - done : (int)depth - 1;
			for (i = 0; i < batch; i++) {
				ASSERT_EQ(0, st_rw_sqe(&sqe, opc, (REGION >> self->lba_shift) +
						       done + i, 1,
							     buf->iova + (done + i) * ST_PAGE,
							     block, NULL));
				sqe.cid = (uint16_t)(done + i);
				ASSERT_EQ(0, nvmet_sq_place(&self->sq, &sqe));
			}
			nvmet_sq_ring(&self->sq);
			got = nvmet_cq_wait(&self->cq, cqes, batch, ST_IO_TIMEOUT_MS);
			ASSERT_EQ(batch, got) TH_LOG("pass %d, commands %d..", pass, done);
			for (i = 0; i < got; i++) {
				EXPECT_EQ(0u, NVMET_CQE_STATUS(cqes[i].status));
				EXPECT_EQ(QID, cqes[i].sqid);
				ASSERT_GE(cqes[i].cid, done);
				ASSERT_LT(cqes[i].cid, done + batch);
				EXPECT_EQ(0, seen[cqes[i].cid]) TH_LOG("CID %u twice", cqes[i].cid);
				seen[cqes[i].cid] = 1;
				nvmet_sq_update_head(&self->sq, &cqes[i]);
			}
			reaped += got;
			EXPECT_EQ(self->sq.tail, self->sq.head)
				TH_LOG("SQ head %u after all of it was consumed", self->sq.head);
		}
	}
	EXPECT_EQ((uint32_t)reaped % depth, self->cq.head);
	EXPECT_EQ(1u ^ ((uint32_t)reaped / depth & 1), self->cq.phase);
	EXPECT_EQ((uint32_t)reaped % depth, self->sq.tail);
	for (i = 0; i < total; i++) {
		EXPECT_EQ(-1, st_check((uint8_t *)self->rbuf.va + i * ST_PAGE, block,
				       (uint32_t)i + 7)) TH_LOG("block %d", i);
	}
}

/* Errors of I/O commands come back as statuses in the user-space CQ. */
TEST_F(ioq, error_status_in_completion)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	uint32_t status;

	ASSERT_EQ(0, create_pair(self, QID, 16, &status));
	ASSERT_EQ(0, st_rw_sqe(&sqe, NVMET_CMD_READ, self->nsze, 1, self->rbuf.iova,
			       (size_t)1 << self->lba_shift, NULL));
	sqe.cid = 0x1234;
	ASSERT_EQ(0, st_io_sync(&self->sq, &self->cq, &sqe, &cqe));
	EXPECT_EQ(ST_SC(NVMET_SCT_GENERIC, NVMET_SC_LBA_RANGE), NVMET_CQE_STATUS(cqe.status))
		TH_LOG("read past the end: status 0x%x", cqe.status);
	EXPECT_EQ(0x1234, cqe.cid);

	sqe.nsid = 0xfffffffeu;
	sqe.cdw10 = 0;
	sqe.cdw11 = 0;
	sqe.cid = 0x1235;
	ASSERT_EQ(0, st_io_sync(&self->sq, &self->cq, &sqe, &cqe));
	EXPECT_EQ(ST_SC(NVMET_SCT_GENERIC, NVMET_SC_INVALID_NS), NVMET_CQE_STATUS(cqe.status))
		TH_LOG("unknown namespace: status 0x%x", cqe.status);

	st_sqe(&sqe, 0x7e, ST_NSID);
	sqe.cid = 0x1236;
	ASSERT_EQ(0, st_io_sync(&self->sq, &self->cq, &sqe, &cqe));
	EXPECT_EQ(ST_SC(NVMET_SCT_GENERIC, NVMET_SC_INVALID_OPCODE),
		  NVMET_CQE_STATUS(cqe.status)) TH_LOG("I/O opcode 0x7e: status 0x%x", cqe.status);

	/* The queue carries on. */
	st_sqe(&sqe, NVMET_CMD_FLUSH, ST_NSID);
	sqe.cid = 0x1237;
	ASSERT_EQ(0, st_io_sync(&self->sq, &self->cq, &sqe, &cqe));
	EXPECT_EQ(0u, NVMET_CQE_STATUS(cqe.status));
}

TEST_HARNESS_MAIN
