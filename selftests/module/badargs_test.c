// SPDX-License-Identifier: GPL-2.0
/*
 * badargs_test.c - every ioctl (and mmap) fed bad arguments fails with the
 * errno the ABI names, and the device keeps working: each test's teardown
 * checks that an Identify still completes. Requests that would be harmful
 * if wrongly accepted are aimed at read-only registers.
 *
 * Where the ABI leaves a choice, two errnos are accepted: a mapping at an
 * offset with nothing behind it (EINVAL or ENXIO), a descriptor that is not
 * an eventfd (EINVAL or EBADF), and deleting queue 0 (EINVAL or ENOENT).
 */
#include <fcntl.h>
#include <grp.h>
#include <sys/eventfd.h>
#include <sys/mman.h>

#include "nvmetest_harness.h"

#define QID		ST_QID_BADARGS	/* and QID + 1 */
#define BAD_HANDLE	0xdeadbeefu

FIXTURE(bad) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	int fd;
	long page;
	uint8_t id[4096];
};

FIXTURE_SETUP(bad)
{
	ST_SETUP_OPEN(&self->dev, &self->info);
	ST_SETUP_NEED_QID(&self->info, QID + 1);
	self->fd = nvmet_kdev_fd(self->dev);
	self->page = sysconf(_SC_PAGESIZE);
}

FIXTURE_TEARDOWN(bad)
{
	struct nvmetest_queue q = { .qid = QID };

	/* Queues a failed test may have left behind. */
	st_ioctl(self->fd, NVMETEST_IOC_DELETE_SQ, &q);
	q.qid = QID + 1;
	st_ioctl(self->fd, NVMETEST_IOC_DELETE_SQ, &q);
	q.qid = QID;
	st_ioctl(self->fd, NVMETEST_IOC_DELETE_CQ, &q);
	q.qid = QID + 1;
	st_ioctl(self->fd, NVMETEST_IOC_DELETE_CQ, &q);
	EXPECT_EQ(0, st_identify_works(self->dev)) TH_LOG("the device stopped working");
	nvmet_kdev_close(self->dev);
}

static int reg_rw(int fd, unsigned long req, uint32_t offset, uint32_t width, uint64_t rsvd)
{
	struct nvmetest_reg r = { .offset = offset, .width = width, .rsvd = rsvd };

	return st_ioctl(fd, req, &r);
}

static int cfg_rw(int fd, unsigned long req, uint32_t offset, uint32_t width, uint32_t value,
		  uint32_t rsvd)
{
	struct nvmetest_cfg c = { .offset = offset, .width = width, .value = value, .rsvd = rsvd };

	return st_ioctl(fd, req, &c);
}

static int alloc_buf(int fd, uint64_t size, struct nvmetest_buf *b)
{
	memset(b, 0, sizeof(*b));
	b->size = size;
	return st_ioctl(fd, NVMETEST_IOC_BUF_ALLOC, b);
}

static int queue_req(int fd, unsigned long req, uint32_t qid, uint32_t size, uint32_t cqid,
		     uint32_t vector, uint32_t flags)
{
	struct nvmetest_queue q = { .qid = qid, .size = size, .cqid = cqid, .vector = vector,
				    .flags = flags };

	return st_ioctl(fd, req, &q);
}

static int irq_req(int fd, unsigned long req, uint32_t vector, int32_t efd, uint32_t rsvd)
{
	struct nvmetest_irq irq = { .vector = vector, .eventfd = efd, .rsvd = { rsvd } };

	return st_ioctl(fd, req, &irq);
}

static int qstats_req(int fd, uint32_t qid, uint32_t handle, uint32_t offset, uint32_t flags,
		      uint64_t rsvd)
{
	struct nvmetest_queue_stats q = { .qid = qid, .buf_handle = handle, .buf_offset = offset,
					  .flags = flags, .rsvd = { 0, rsvd } };

	return st_ioctl(fd, NVMETEST_IOC_QUEUE_STATS, &q);
}

/* mmap() returning 0 (and unmapping) or a positive errno. */
static int try_map(int fd, size_t len, uint64_t offset)
{
	void *va = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)offset);

	if (va == MAP_FAILED)
		return errno;
	munmap(va, len);
	return 0;
}

TEST_F(bad, unknown_ioctl_is_enotty)
{
	const unsigned long reqs[] = {
		_IO(NVMETEST_IOC_MAGIC, 0x7f),
		_IOWR(NVMETEST_IOC_MAGIC, 0x13, struct nvmetest_info),
		_IOR(NVMETEST_IOC_MAGIC, 0x00, __u32),		/* INFO's number, wrong size */
		_IOW(NVMETEST_IOC_MAGIC, 0x05, struct nvmetest_admin_cmd), /* wrong direction */
		_IO('x', 0x00),
	};
	uint8_t arg[256] = { 0 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(reqs); i++) {
		EXPECT_EQ(-ENOTTY, st_ioctl(self->fd, reqs[i], arg)) TH_LOG("0x%lx", reqs[i]);
	}
}

TEST_F(bad, null_argument_is_efault)
{
	static const unsigned long reqs[] = {
		NVMETEST_IOC_INFO, NVMETEST_IOC_REG_READ, NVMETEST_IOC_REG_WRITE,
		NVMETEST_IOC_CFG_READ, NVMETEST_IOC_CFG_WRITE, NVMETEST_IOC_ADMIN_CMD,
		NVMETEST_IOC_BUF_ALLOC, NVMETEST_IOC_BUF_FREE, NVMETEST_IOC_CREATE_CQ,
		NVMETEST_IOC_CREATE_SQ, NVMETEST_IOC_DELETE_SQ, NVMETEST_IOC_DELETE_CQ,
		NVMETEST_IOC_IRQ_GET, NVMETEST_IOC_IRQ_CLEAR, NVMETEST_IOC_IRQ_MASK,
		NVMETEST_IOC_IRQ_UNMASK, NVMETEST_IOC_IRQ_EVENTFD, NVMETEST_IOC_CMDLOG,
		NVMETEST_IOC_QUEUE_STATS,
	};
	void *unmapped;
	size_t i;

	unmapped = mmap(NULL, (size_t)self->page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, unmapped);
	ASSERT_EQ(0, munmap(unmapped, (size_t)self->page));
	for (i = 0; i < ARRAY_SIZE(reqs); i++) {
		EXPECT_EQ(-EFAULT, st_ioctl(self->fd, reqs[i], NULL)) TH_LOG("0x%lx", reqs[i]);
		EXPECT_EQ(-EFAULT, st_ioctl(self->fd, reqs[i], unmapped))
			TH_LOG("0x%lx, unmapped page", reqs[i]);
	}
}

TEST_F(bad, reg_offset_beyond_bar0)
{
	uint32_t end = (uint32_t)self->info.bar_size[0];
	int k;

	ASSERT_NE(0u, end);
	for (k = 0; k < 2; k++) {
		unsigned long req = k ? NVMETEST_IOC_REG_WRITE : NVMETEST_IOC_REG_READ;

		EXPECT_EQ(-EINVAL, reg_rw(self->fd, req, end, 4, 0)) TH_LOG("write %d", k);
		EXPECT_EQ(-EINVAL, reg_rw(self->fd, req, end - 4, 8, 0)) TH_LOG("write %d", k);
		EXPECT_EQ(-EINVAL, reg_rw(self->fd, req, 0xfffffff8u, 8, 0)) TH_LOG("write %d", k);
		EXPECT_EQ(-EINVAL, reg_rw(self->fd, req, 0xfffffffcu, 4, 0)) TH_LOG("write %d", k);
	}
	/* The last dword is in range. */
	EXPECT_EQ(0, reg_rw(self->fd, NVMETEST_IOC_REG_READ, end - 4, 4, 0));
}

TEST_F(bad, reg_unaligned_or_bad_width)
{
	static const struct { uint32_t offset, width; } cases[] = {
		{ 2, 4 }, { 1, 4 }, { 4, 8 }, { 0, 3 }, { 0, 0 }, { 0, 1 }, { 0, 2 }, { 0, 16 },
		{ 0, 0xffffffffu },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		/* Offsets 0..7 are CAP, read-only: a wrongly accepted write does nothing. */
		EXPECT_EQ(-EINVAL, reg_rw(self->fd, NVMETEST_IOC_REG_READ, cases[i].offset,
					  cases[i].width, 0)) TH_LOG("read case %zu", i);
		EXPECT_EQ(-EINVAL, reg_rw(self->fd, NVMETEST_IOC_REG_WRITE, cases[i].offset,
					  cases[i].width, 0)) TH_LOG("write case %zu", i);
	}
}

TEST_F(bad, reg_reserved_field)
{
	EXPECT_EQ(-EINVAL, reg_rw(self->fd, NVMETEST_IOC_REG_READ, 0, 4, 1));
	EXPECT_EQ(-EINVAL, reg_rw(self->fd, NVMETEST_IOC_REG_READ, 0, 8, 1ull << 63));
	EXPECT_EQ(-EINVAL, reg_rw(self->fd, NVMETEST_IOC_REG_WRITE, 0, 4, 1));
	EXPECT_EQ(0, reg_rw(self->fd, NVMETEST_IOC_REG_READ, 0, 4, 0));
}

TEST_F(bad, cfg_bad_offset_width_or_reserved)
{
	uint32_t size = self->info.cfg_size;
	const struct { uint32_t offset, width, rsvd; } cases[] = {
		{ size, 1, 0 }, { size, 4, 0 }, { size - 2, 4, 0 }, { size - 1, 2, 0 },
		{ 0xfffffffcu, 4, 0 }, { 0, 3, 0 }, { 0, 0, 0 }, { 0, 8, 0 }, { 1, 2, 0 },
		{ 2, 4, 0 }, { 1, 4, 0 }, { 0, 2, 1 }, { 0, 4, 0x80000000u },
	};
	size_t i;

	ASSERT_TRUE(size == 256 || size == 4096);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		EXPECT_EQ(-EINVAL, cfg_rw(self->fd, NVMETEST_IOC_CFG_READ, cases[i].offset,
					  cases[i].width, 0, cases[i].rsvd))
			TH_LOG("read case %zu", i);
	}
	/* Writes, only where a wrongly accepted one would hit read-only IDs. */
	EXPECT_EQ(-EINVAL, cfg_rw(self->fd, NVMETEST_IOC_CFG_WRITE, size, 4, 0, 0));
	EXPECT_EQ(-EINVAL, cfg_rw(self->fd, NVMETEST_IOC_CFG_WRITE, 0, 3, 0, 0));
	EXPECT_EQ(-EINVAL, cfg_rw(self->fd, NVMETEST_IOC_CFG_WRITE, 1, 2, 0, 0));
	EXPECT_EQ(-EINVAL, cfg_rw(self->fd, NVMETEST_IOC_CFG_WRITE, 0, 2, 0, 1));
	/* The last byte is in range. */
	EXPECT_EQ(0, cfg_rw(self->fd, NVMETEST_IOC_CFG_READ, size - 1, 1, 0, 0));
}

TEST_F(bad, admin_reserved_fields_and_unknown_flags)
{
	struct nvmetest_admin_cmd cmd;
	int i;

	st_identify_req(&cmd, self->id);
	cmd.rsvd0 = 1;
	EXPECT_EQ(-EINVAL, nvmet_kdev_admin_raw(self->dev, &cmd));
	for (i = 0; i < (int)ARRAY_SIZE(cmd.rsvd); i++) {
		st_identify_req(&cmd, self->id);
		cmd.rsvd[i] = 1;
		EXPECT_EQ(-EINVAL, nvmet_kdev_admin_raw(self->dev, &cmd)) TH_LOG("rsvd[%d]", i);
	}
	st_identify_req(&cmd, self->id);
	cmd.flags |= 1u << 5;
	EXPECT_EQ(-EINVAL, nvmet_kdev_admin_raw(self->dev, &cmd));
	st_identify_req(&cmd, self->id);
	cmd.flags |= 1u << 31;
	EXPECT_EQ(-EINVAL, nvmet_kdev_admin_raw(self->dev, &cmd));
	st_identify_req(&cmd, self->id);
	EXPECT_EQ(0, nvmet_kdev_admin_raw(self->dev, &cmd));
}

TEST_F(bad, admin_data_len_limit)
{
	static const uint32_t lens[] = {
		NVMETEST_ADMIN_MAX_DATA + 1, NVMETEST_ADMIN_MAX_DATA + 4096, 0xffffffffu,
	};
	struct nvmetest_admin_cmd cmd;
	uint8_t *big;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		st_identify_req(&cmd, self->id);
		cmd.data_len = lens[i];
		EXPECT_EQ(-EINVAL, nvmet_kdev_admin_raw(self->dev, &cmd)) TH_LOG("len %u", lens[i]);
	}
	/* The limit itself is allowed. */
	big = calloc(1, NVMETEST_ADMIN_MAX_DATA);
	ASSERT_NE(NULL, big);
	st_identify_req(&cmd, big);
	cmd.data_len = NVMETEST_ADMIN_MAX_DATA;
	EXPECT_EQ(0, nvmet_kdev_admin_raw(self->dev, &cmd));
	EXPECT_EQ(0u, NVMET_CQE_STATUS(st_admin_status(&cmd)));
	EXPECT_EQ(self->info.vendor_id, st_le16(big + NVMET_ID_CTRL_VID));
	free(big);
}

TEST_F(bad, admin_bad_data_pointer_is_efault)
{
	struct nvmetest_admin_cmd cmd;
	struct nvmet_sqe sqe;
	void *unmapped;

	st_identify_req(&cmd, NULL);
	EXPECT_EQ(-EFAULT, nvmet_kdev_admin_raw(self->dev, &cmd));

	unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, unmapped);
	ASSERT_EQ(0, munmap(unmapped, 4096));
	st_identify_req(&cmd, unmapped);
	EXPECT_EQ(-EFAULT, nvmet_kdev_admin_raw(self->dev, &cmd));

	/* Host to controller: a vendor opcode, harmless if it were sent. */
	st_sqe(&sqe, 0xc1, 0);
	st_admin_init(&cmd, &sqe);
	cmd.flags = NVMETEST_ADMIN_DATA_TO_DEV;
	cmd.data_len = 512;
	EXPECT_EQ(-EFAULT, nvmet_kdev_admin_raw(self->dev, &cmd));
	cmd.data = (uintptr_t)unmapped;
	EXPECT_EQ(-EFAULT, nvmet_kdev_admin_raw(self->dev, &cmd));
}

TEST_F(bad, admin_both_directions)
{
	struct nvmetest_admin_cmd cmd;
	struct nvmetest_buf b;

	st_identify_req(&cmd, self->id);
	cmd.flags |= NVMETEST_ADMIN_DATA_TO_DEV;
	EXPECT_EQ(-EINVAL, nvmet_kdev_admin_raw(self->dev, &cmd));

	ASSERT_EQ(0, alloc_buf(self->fd, 4096, &b));
	st_identify_req(&cmd, NULL);
	cmd.flags = NVMETEST_ADMIN_USE_BUF | NVMETEST_ADMIN_DATA_TO_DEV |
		    NVMETEST_ADMIN_DATA_FROM_DEV;
	cmd.buf_handle = b.handle;
	EXPECT_EQ(-EINVAL, nvmet_kdev_admin_raw(self->dev, &cmd));
	EXPECT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_BUF_FREE, &b));
}

TEST_F(bad, admin_use_buf_bad_handle)
{
	struct nvmetest_admin_cmd cmd;

	st_identify_req(&cmd, NULL);
	cmd.flags = NVMETEST_ADMIN_USE_BUF | NVMETEST_ADMIN_DATA_FROM_DEV;
	cmd.buf_handle = BAD_HANDLE;
	EXPECT_EQ(-ENOENT, nvmet_kdev_admin_raw(self->dev, &cmd));
	cmd.buf_handle = 0;
	EXPECT_EQ(-ENOENT, nvmet_kdev_admin_raw(self->dev, &cmd));
}

TEST_F(bad, admin_use_buf_out_of_range)
{
	static const struct { uint32_t offset, len; } cases[] = {
		{ 4096, 4096 }, { 0, 8192 }, { 4092, 8 }, { 4096, 4 }, { 0xfffff000u, 0x2000 },
		{ 2, 4 }, { 1, 4096 - 4 },
	};
	struct nvmetest_admin_cmd cmd;
	struct nvmetest_buf b;
	size_t i;

	ASSERT_EQ(0, alloc_buf(self->fd, 4096, &b));
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		st_identify_req(&cmd, NULL);
		cmd.flags = NVMETEST_ADMIN_USE_BUF | NVMETEST_ADMIN_DATA_FROM_DEV;
		cmd.buf_handle = b.handle;
		cmd.buf_offset = cases[i].offset;
		cmd.data_len = cases[i].len;
		EXPECT_EQ(-EINVAL, nvmet_kdev_admin_raw(self->dev, &cmd))
			TH_LOG("offset %u len %u", cases[i].offset, cases[i].len);
	}
	st_identify_req(&cmd, NULL);
	cmd.flags = NVMETEST_ADMIN_USE_BUF | NVMETEST_ADMIN_DATA_FROM_DEV;
	cmd.buf_handle = b.handle;
	EXPECT_EQ(0, nvmet_kdev_admin_raw(self->dev, &cmd));
	EXPECT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_BUF_FREE, &b));
}

TEST_F(bad, buf_alloc_bad_size_flags_or_reserved)
{
	static const uint64_t sizes[] = { 0, NVMETEST_BUF_MAX_SIZE + 1ull, 1ull << 40, ~0ull };
	struct nvmetest_buf b;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		EXPECT_EQ(-EINVAL, alloc_buf(self->fd, sizes[i], &b))
			TH_LOG("size %llu", (unsigned long long)sizes[i]);
	}
	memset(&b, 0, sizeof(b));
	b.size = 4096;
	b.flags = 1;
	EXPECT_EQ(-EINVAL, st_ioctl(self->fd, NVMETEST_IOC_BUF_ALLOC, &b));
	memset(&b, 0, sizeof(b));
	b.size = 4096;
	b.rsvd[3] = 1;
	EXPECT_EQ(-EINVAL, st_ioctl(self->fd, NVMETEST_IOC_BUF_ALLOC, &b));
}

TEST_F(bad, buf_free_bad_handle_and_double_free)
{
	struct nvmetest_buf b = { .handle = BAD_HANDLE }, keep;

	EXPECT_EQ(-ENOENT, st_ioctl(self->fd, NVMETEST_IOC_BUF_FREE, &b));
	ASSERT_EQ(0, alloc_buf(self->fd, 4096, &b));
	/* A reserved field set: refused, and the buffer stays. */
	keep = b;
	b.rsvd[0] = 1;
	EXPECT_EQ(-EINVAL, st_ioctl(self->fd, NVMETEST_IOC_BUF_FREE, &b));
	EXPECT_EQ(0, try_map(self->fd, 4096, keep.mmap_offset));
	EXPECT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_BUF_FREE, &keep));
	EXPECT_EQ(-ENOENT, st_ioctl(self->fd, NVMETEST_IOC_BUF_FREE, &keep));
}

TEST_F(bad, mmap_bad_offset_or_length)
{
	struct nvmetest_buf b;
	int err;

	err = try_map(self->fd, (size_t)self->page, 1ull << 40);
	EXPECT_TRUE(err == EINVAL || err == ENXIO) TH_LOG("bogus offset: %s", strerror(err));
	EXPECT_EQ(EINVAL, try_map(self->fd, self->info.db_size + (size_t)self->page,
				  NVMETEST_MMAP_DOORBELLS));

	ASSERT_EQ(0, alloc_buf(self->fd, 4 * 4096, &b));
	EXPECT_EQ(0, try_map(self->fd, 4 * 4096, b.mmap_offset));
	EXPECT_EQ(EINVAL, try_map(self->fd, 4 * 4096 + (size_t)self->page, b.mmap_offset));
	EXPECT_EQ(EINVAL, try_map(self->fd, 64 << 20, b.mmap_offset));
	/* Objects are mapped from their start. */
	err = try_map(self->fd, (size_t)self->page, b.mmap_offset + (uint64_t)self->page);
	EXPECT_TRUE(err == EINVAL || err == ENXIO) TH_LOG("mapping from page 1: %s",
							  err ? strerror(err) : "accepted");
	EXPECT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_BUF_FREE, &b));
}

TEST_F(bad, mmap_queue_bigger_than_the_queue)
{
	struct nvmetest_queue q = { .qid = QID, .size = 16 };
	struct nvmetest_queue del = { .qid = QID };

	ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_CREATE_CQ, &q));
	ASSERT_EQ(0u, q.status);
	EXPECT_EQ(0, try_map(self->fd, (size_t)q.mmap_size, q.mmap_offset));
	EXPECT_EQ(EINVAL, try_map(self->fd, (size_t)q.mmap_size + (size_t)self->page,
				  q.mmap_offset));
	EXPECT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_DELETE_CQ, &del));
}

TEST_F(bad, create_cq_bad_qid)
{
	const uint32_t qids[] = { 0, self->info.max_qid + 1, 0xffff, 0x10000, 0xffffffffu };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(qids); i++) {
		EXPECT_EQ(-EINVAL, queue_req(self->fd, NVMETEST_IOC_CREATE_CQ, qids[i], 16, 0, 0,
					     0)) TH_LOG("CQ qid %u", qids[i]);
	}
	/* An SQ with a bad id on a CQ that exists. */
	ASSERT_EQ(0, queue_req(self->fd, NVMETEST_IOC_CREATE_CQ, QID, 16, 0, 0, 0));
	for (i = 0; i < ARRAY_SIZE(qids); i++) {
		EXPECT_EQ(-EINVAL, queue_req(self->fd, NVMETEST_IOC_CREATE_SQ, qids[i], 16, QID, 0,
					     0)) TH_LOG("SQ qid %u", qids[i]);
	}
	EXPECT_EQ(0, queue_req(self->fd, NVMETEST_IOC_DELETE_CQ, QID, 0, 0, 0, 0));
}

TEST_F(bad, create_queue_bad_size)
{
	static const uint32_t sizes[] = { 0, 1, 65537, 0xffffffffu };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		EXPECT_EQ(-EINVAL, queue_req(self->fd, NVMETEST_IOC_CREATE_CQ, QID, sizes[i], 0, 0,
					     0)) TH_LOG("CQ size %u", sizes[i]);
	}
	ASSERT_EQ(0, queue_req(self->fd, NVMETEST_IOC_CREATE_CQ, QID, 16, 0, 0, 0));
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		EXPECT_EQ(-EINVAL, queue_req(self->fd, NVMETEST_IOC_CREATE_SQ, QID, sizes[i], QID,
					     0, 0)) TH_LOG("SQ size %u", sizes[i]);
	}
	EXPECT_EQ(0, queue_req(self->fd, NVMETEST_IOC_DELETE_CQ, QID, 0, 0, 0, 0));
}

/* Above CAP.MQES + 1 the module passes the request on and the controller refuses it. */
TEST_F(bad, create_queue_above_mqes_is_a_status)
{
	struct nvmetest_queue q = { .qid = QID, .size = self->info.mqes + 1 };

	if (self->info.mqes >= 65536)
		SKIP(return, "CAP.MQES allows every size the ABI does");
	ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_CREATE_CQ, &q));
	EXPECT_EQ(ST_SC(NVMET_SCT_CMD_SPECIFIC, NVMET_SC_QUEUE_SIZE),
		  NVMET_CQE_STATUS(ST_QSTATUS(q.status))) TH_LOG("status 0x%x", q.status);
	/* Nothing was created. */
	EXPECT_EQ(-ENOENT, queue_req(self->fd, NVMETEST_IOC_DELETE_CQ, QID, 0, 0, 0, 0));
	EXPECT_EQ(0, queue_req(self->fd, NVMETEST_IOC_CREATE_CQ, QID, self->info.mqes, 0, 0, 0));
	EXPECT_EQ(0, queue_req(self->fd, NVMETEST_IOC_DELETE_CQ, QID, 0, 0, 0, 0));
}

TEST_F(bad, create_cq_bad_vector_flags_or_reserved)
{
	struct nvmetest_queue q = { .qid = QID, .size = 16 };

	EXPECT_EQ(-EINVAL, queue_req(self->fd, NVMETEST_IOC_CREATE_CQ, QID, 16, 0,
				     self->info.nr_vectors, NVMETEST_QUEUE_IRQ));
	EXPECT_EQ(-EINVAL, queue_req(self->fd, NVMETEST_IOC_CREATE_CQ, QID, 16, 0,
				     NVMETEST_NO_VECTOR, NVMETEST_QUEUE_IRQ));
	EXPECT_EQ(-EINVAL, queue_req(self->fd, NVMETEST_IOC_CREATE_CQ, QID, 16, 0, 0, 1u << 1));
	EXPECT_EQ(-EINVAL, queue_req(self->fd, NVMETEST_IOC_CREATE_CQ, QID, 16, 0, 0, 1u << 31));
	q.rsvd[0] = 1;
	EXPECT_EQ(-EINVAL, st_ioctl(self->fd, NVMETEST_IOC_CREATE_CQ, &q));
	/* None of them left a queue behind. */
	EXPECT_EQ(-ENOENT, queue_req(self->fd, NVMETEST_IOC_DELETE_CQ, QID, 0, 0, 0, 0));
}

TEST_F(bad, create_sq_on_a_missing_cq)
{
	EXPECT_EQ(-ENOENT, queue_req(self->fd, NVMETEST_IOC_CREATE_SQ, QID, 16, QID + 1, 0, 0));
	EXPECT_EQ(-ENOENT, queue_req(self->fd, NVMETEST_IOC_DELETE_SQ, QID, 0, 0, 0, 0));
}

TEST_F(bad, create_existing_qid)
{
	ASSERT_EQ(0, queue_req(self->fd, NVMETEST_IOC_CREATE_CQ, QID, 16, 0, 0, 0));
	EXPECT_EQ(-EEXIST, queue_req(self->fd, NVMETEST_IOC_CREATE_CQ, QID, 16, 0, 0, 0));
	ASSERT_EQ(0, queue_req(self->fd, NVMETEST_IOC_CREATE_SQ, QID, 16, QID, 0, 0));
	EXPECT_EQ(-EEXIST, queue_req(self->fd, NVMETEST_IOC_CREATE_SQ, QID, 16, QID, 0, 0));
	EXPECT_EQ(0, queue_req(self->fd, NVMETEST_IOC_DELETE_SQ, QID, 0, 0, 0, 0));
	EXPECT_EQ(0, queue_req(self->fd, NVMETEST_IOC_DELETE_CQ, QID, 0, 0, 0, 0));
}

TEST_F(bad, delete_missing_or_twice)
{
	int err;

	EXPECT_EQ(-ENOENT, queue_req(self->fd, NVMETEST_IOC_DELETE_SQ, QID + 1, 0, 0, 0, 0));
	EXPECT_EQ(-ENOENT, queue_req(self->fd, NVMETEST_IOC_DELETE_CQ, QID + 1, 0, 0, 0, 0));
	ASSERT_EQ(0, queue_req(self->fd, NVMETEST_IOC_CREATE_CQ, QID, 16, 0, 0, 0));
	ASSERT_EQ(0, queue_req(self->fd, NVMETEST_IOC_CREATE_SQ, QID, 16, QID, 0, 0));
	EXPECT_EQ(0, queue_req(self->fd, NVMETEST_IOC_DELETE_SQ, QID, 0, 0, 0, 0));
	EXPECT_EQ(-ENOENT, queue_req(self->fd, NVMETEST_IOC_DELETE_SQ, QID, 0, 0, 0, 0));
	EXPECT_EQ(0, queue_req(self->fd, NVMETEST_IOC_DELETE_CQ, QID, 0, 0, 0, 0));
	EXPECT_EQ(-ENOENT, queue_req(self->fd, NVMETEST_IOC_DELETE_CQ, QID, 0, 0, 0, 0));
	/* Queue 0 is the admin queue: never the caller's to delete. */
	err = queue_req(self->fd, NVMETEST_IOC_DELETE_SQ, 0, 0, 0, 0, 0);
	EXPECT_TRUE(err == -EINVAL || err == -ENOENT) TH_LOG("delete SQ 0: %d", err);
	err = queue_req(self->fd, NVMETEST_IOC_DELETE_CQ, 0, 0, 0, 0, 0);
	EXPECT_TRUE(err == -EINVAL || err == -ENOENT) TH_LOG("delete CQ 0: %d", err);
}

/* Another file's queue is not this file's to delete. */
TEST_F(bad, queues_belong_to_their_file)
{
	struct nvmet_kdev *other;

	ASSERT_EQ(0, nvmet_kdev_open(st_dev_path(), &other));
	ASSERT_EQ(0, queue_req(nvmet_kdev_fd(other), NVMETEST_IOC_CREATE_CQ, QID + 1, 16, 0, 0,
			       0));
	EXPECT_NE(0, queue_req(self->fd, NVMETEST_IOC_DELETE_CQ, QID + 1, 0, 0, 0, 0));
	/* Closing the file deletes its queues: the id is free again. */
	nvmet_kdev_close(other);
	EXPECT_EQ(0, queue_req(self->fd, NVMETEST_IOC_CREATE_CQ, QID + 1, 16, 0, 0, 0));
	EXPECT_EQ(0, queue_req(self->fd, NVMETEST_IOC_DELETE_CQ, QID + 1, 0, 0, 0, 0));
}

/*
 * Where an SQ's statistics live: an SQ and a buffer of the file, a region
 * inside the buffer with a good header, zero flags and reserved fields.
 */
TEST_F(bad, queue_stats_bad_arguments)
{
	struct nvmetest_qstats *st;
	struct nvmet_kdev *other;
	struct nvmet_dmabuf b, ob;
	int fd = self->fd;

	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, 8192, &b));
	st = b.va;
	st->magic = NVMETEST_QSTATS_MAGIC;
	st->version = NVMETEST_QSTATS_VERSION;
	st->entries = 4;
	EXPECT_EQ(-ENOENT, qstats_req(fd, QID, b.handle, 0, 0, 0)) TH_LOG("no SQ yet");
	EXPECT_EQ(-EINVAL, qstats_req(fd, 0, b.handle, 0, 0, 0));
	EXPECT_EQ(-EINVAL, qstats_req(fd, self->info.max_qid + 1, b.handle, 0, 0, 0));
	ASSERT_EQ(0, queue_req(fd, NVMETEST_IOC_CREATE_CQ, QID, 16, 0, 0, 0));
	ASSERT_EQ(0, queue_req(fd, NVMETEST_IOC_CREATE_SQ, QID, 16, QID, 0, 0));
	EXPECT_EQ(0, qstats_req(fd, QID, b.handle, 0, 0, 0));

	EXPECT_EQ(-ENOENT, qstats_req(fd, QID, BAD_HANDLE, 0, 0, 0));
	EXPECT_EQ(-EINVAL, qstats_req(fd, QID, b.handle, 0, 1, 0));
	EXPECT_EQ(-EINVAL, qstats_req(fd, QID, b.handle, 0, 0, 1));
	EXPECT_EQ(-EINVAL, qstats_req(fd, QID, b.handle, 4, 0, 0)) TH_LOG("misaligned");
	EXPECT_EQ(-EINVAL, qstats_req(fd, QID, b.handle, 8192, 0, 0)) TH_LOG("past the end");
	EXPECT_EQ(-EINVAL, qstats_req(fd, QID, b.handle, 8192 - 64, 0, 0)) TH_LOG("header cut");
	EXPECT_EQ(-EINVAL, qstats_req(fd, QID, 0, 8, 0, 0)) TH_LOG("dropping with an offset");
	/* The header decides the size: a ring that does not fit, or no ring. */
	st->entries = (8192 - sizeof(*st)) / sizeof(struct nvmetest_cmdlog_entry) + 1;
	EXPECT_EQ(-EINVAL, qstats_req(fd, QID, b.handle, 0, 0, 0));
	st->entries = st->entries - 1;
	EXPECT_EQ(0, qstats_req(fd, QID, b.handle, 0, 0, 0));
	st->entries = 0;
	EXPECT_EQ(-EINVAL, qstats_req(fd, QID, b.handle, 0, 0, 0));
	st->entries = NVMETEST_QSTATS_MAX_ENTRIES + 1;
	EXPECT_EQ(-EINVAL, qstats_req(fd, QID, b.handle, 0, 0, 0));
	st->entries = 4;
	st->version = NVMETEST_QSTATS_VERSION + 1;
	EXPECT_EQ(-EINVAL, qstats_req(fd, QID, b.handle, 0, 0, 0));
	st->version = NVMETEST_QSTATS_VERSION;
	st->magic = ~NVMETEST_QSTATS_MAGIC;
	EXPECT_EQ(-EINVAL, qstats_req(fd, QID, b.handle, 0, 0, 0));
	st->magic = NVMETEST_QSTATS_MAGIC;
	EXPECT_EQ(0, qstats_req(fd, QID, 0, 0, 0, 0)) TH_LOG("dropping");
	EXPECT_EQ(0, qstats_req(fd, QID, 0, 0, 0, 0)) TH_LOG("dropping again");

	/* Another file's SQ or buffer is not this file's to use. */
	ASSERT_EQ(0, nvmet_kdev_open(st_dev_path(), &other));
	ASSERT_EQ(0, nvmet_kdev_buf_alloc(other, 4096, &ob));
	memcpy(ob.va, st, sizeof(*st));
	EXPECT_EQ(-ENOENT, qstats_req(nvmet_kdev_fd(other), QID, ob.handle, 0, 0, 0));
	EXPECT_EQ(-ENOENT, qstats_req(fd, QID, ob.handle, 0, 0, 0));
	nvmet_kdev_buf_free(other, &ob);
	nvmet_kdev_close(other);

	/* A registered buffer can be freed: the registration goes with it. */
	EXPECT_EQ(0, qstats_req(fd, QID, b.handle, 0, 0, 0));
	EXPECT_EQ(0, nvmet_kdev_buf_free(self->dev, &b));
	EXPECT_EQ(0, queue_req(fd, NVMETEST_IOC_DELETE_SQ, QID, 0, 0, 0, 0));
	EXPECT_EQ(0, queue_req(fd, NVMETEST_IOC_DELETE_CQ, QID, 0, 0, 0, 0));
}

TEST_F(bad, irq_bad_vector_or_reserved)
{
	static const unsigned long reqs[] = {
		NVMETEST_IOC_IRQ_GET, NVMETEST_IOC_IRQ_CLEAR, NVMETEST_IOC_IRQ_MASK,
		NVMETEST_IOC_IRQ_UNMASK, NVMETEST_IOC_IRQ_EVENTFD,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(reqs); i++) {
		EXPECT_EQ(-EINVAL, irq_req(self->fd, reqs[i], self->info.nr_vectors, -1, 0))
			TH_LOG("0x%lx", reqs[i]);
		EXPECT_EQ(-EINVAL, irq_req(self->fd, reqs[i], 0xffffffffu, -1, 0))
			TH_LOG("0x%lx", reqs[i]);
		EXPECT_EQ(-EINVAL, irq_req(self->fd, reqs[i], 0, -1, 1)) TH_LOG("0x%lx", reqs[i]);
	}
	EXPECT_EQ(0, irq_req(self->fd, NVMETEST_IOC_IRQ_GET, 0, 0, 0));
}

TEST_F(bad, eventfd_that_is_not_one)
{
	int pipefd[2], closed, err;

	ASSERT_EQ(0, pipe(pipefd));
	err = irq_req(self->fd, NVMETEST_IOC_IRQ_EVENTFD, 0, pipefd[0], 0);
	EXPECT_TRUE(err == -EINVAL || err == -EBADF) TH_LOG("a pipe: %d", err);
	err = irq_req(self->fd, NVMETEST_IOC_IRQ_EVENTFD, 0, self->fd, 0);
	EXPECT_TRUE(err == -EINVAL || err == -EBADF) TH_LOG("the device itself: %d", err);
	closed = pipefd[1];
	close(pipefd[0]);
	close(pipefd[1]);
	err = irq_req(self->fd, NVMETEST_IOC_IRQ_EVENTFD, 0, closed, 0);
	EXPECT_TRUE(err == -EINVAL || err == -EBADF) TH_LOG("a closed descriptor: %d", err);
	err = irq_req(self->fd, NVMETEST_IOC_IRQ_EVENTFD, 0, -2, 0);
	EXPECT_TRUE(err == -EINVAL || err == -EBADF) TH_LOG("-2: %d", err);
	/* Detaching what was never attached is fine. */
	EXPECT_EQ(0, irq_req(self->fd, NVMETEST_IOC_IRQ_EVENTFD, 0, -1, 0));
}

TEST_F(bad, cmdlog_bad_arguments)
{
	struct nvmetest_cmdlog_entry *e = calloc(NVMETEST_CMDLOG_ENTRIES + 8, sizeof(*e));
	struct nvmetest_cmdlog log = { .entries = 0, .count = 4 };

	ASSERT_NE(NULL, e);
	EXPECT_EQ(-EFAULT, st_ioctl(self->fd, NVMETEST_IOC_CMDLOG, &log));
	log.count = 0;
	EXPECT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_CMDLOG, &log));
	EXPECT_EQ(0u, log.count);
	log.entries = (uintptr_t)e;
	log.count = 4;
	log.rsvd[1] = 1;
	EXPECT_EQ(-EINVAL, st_ioctl(self->fd, NVMETEST_IOC_CMDLOG, &log));
	/* More room than the ring holds: at most the ring comes back. */
	log.rsvd[1] = 0;
	log.count = NVMETEST_CMDLOG_ENTRIES + 8;
	EXPECT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_CMDLOG, &log));
	EXPECT_LE(log.count, (uint32_t)NVMETEST_CMDLOG_ENTRIES);
	EXPECT_GE(log.count, 1u);
	free(e);
}

TEST_F(bad, info_reserved_is_zero)
{
	struct nvmetest_info info;
	size_t i;

	memset(&info, 0xff, sizeof(info));
	ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_INFO, &info));
	for (i = 0; i < ARRAY_SIZE(info.rsvd); i++) {
		EXPECT_EQ(0u, info.rsvd[i]) TH_LOG("rsvd[%zu]", i);
	}
	EXPECT_EQ((uint32_t)NVMETEST_ABI_VERSION, info.abi_version);
}

/* Other open modes: whatever the module allows, nothing breaks. */
TEST_F(bad, other_open_modes_do_not_crash)
{
	static const int modes[] = { O_RDONLY, O_WRONLY, O_RDWR | O_NONBLOCK };
	struct nvmetest_reg r = { .offset = NVMET_REG_VS, .width = 4 };
	struct nvmetest_admin_cmd cmd;
	struct nvmetest_info info;
	size_t i;
	int fd;

	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		fd = open(st_dev_path(), modes[i] | O_CLOEXEC);
		if (fd < 0)
			continue;
		st_ioctl(fd, NVMETEST_IOC_INFO, &info);
		st_ioctl(fd, NVMETEST_IOC_REG_READ, &r);
		st_identify_req(&cmd, self->id);
		st_ioctl(fd, NVMETEST_IOC_ADMIN_CMD, &cmd);
		try_map(fd, 4096, NVMETEST_MMAP_DOORBELLS);
		close(fd);
	}
	EXPECT_EQ(0, st_identify_works(self->dev));
}

static int drop_to_nobody(void)
{
	return setgroups(0, NULL) || setgid(65534) || setuid(65534);
}

/* The node is root's alone: a user without privileges cannot open it. */
TEST_F(bad, unprivileged_open_is_eacces)
{
	if (geteuid())
		SKIP(return, "dropping privileges to test them needs root");
	EXPECT_EQ(EACCES, st_open_without(drop_to_nobody));
}

TEST_HARNESS_MAIN
