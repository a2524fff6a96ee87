// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf_test.c - the module's DMA buffers: allocation of several sizes,
 * zero-filled and page-aligned, two mappings of one buffer sharing its
 * pages, the controller reading and writing them (USE_BUF and raw PRPs at
 * each page, which shows the buffer contiguous on the bus), and their
 * lifetime: gone after free, private to their file, freed with it. A
 * mapping split by a partial munmap() or mprotect() before its first touch
 * still shows each page of the buffer at its own address. A mapping left
 * in place when its buffer is freed faults SIGBUS, and fork() copies it
 * (whole or split) without failing or making the kernel warn.
 */
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "nvmetest_harness.h"

#define MAX_BUFS	8
#define ONCS_TIMESTAMP	(1u << 6)

FIXTURE(dmabuf) {
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	int fd;
	long page;
	struct nvmetest_buf bufs[MAX_BUFS];	/* raw allocations, freed in teardown */
	int nr_bufs;
};

FIXTURE_SETUP(dmabuf)
{
	ST_SETUP_OPEN(&self->dev, &self->info);
	self->fd = nvmet_kdev_fd(self->dev);
	self->page = sysconf(_SC_PAGESIZE);
}

FIXTURE_TEARDOWN(dmabuf)
{
	int i;

	for (i = 0; i < self->nr_bufs; i++) {
		EXPECT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_BUF_FREE, &self->bufs[i]))
			TH_LOG("freeing handle %u", self->bufs[i].handle);
	}
	nvmet_kdev_close(self->dev);
}

static size_t page_round(size_t len, long page)
{
	return (len + (size_t)page - 1) & ~((size_t)page - 1);
}

/* A raw allocation of @size bytes, remembered for teardown; NULL on failure. */
static struct nvmetest_buf *buf_alloc(FIXTURE_DATA(dmabuf) *self, uint64_t size, int *err)
{
	struct nvmetest_buf *b;

	if (self->nr_bufs == MAX_BUFS) {
		*err = -ENOSPC;
		return NULL;
	}
	b = &self->bufs[self->nr_bufs];
	memset(b, 0, sizeof(*b));
	b->size = size;
	*err = st_ioctl(self->fd, NVMETEST_IOC_BUF_ALLOC, b);
	if (*err)
		return NULL;
	self->nr_bufs++;
	return b;
}

static void *map(int fd, size_t len, uint64_t offset)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)offset);
}

/*
 * A raw allocation of @len bytes (remembered for teardown) mapped twice:
 * whole at *@m1, its first @len2 bytes at *@m2. Return: 0, or a negative
 * errno (nothing left mapped).
 */
static int buf_map_twice(FIXTURE_DATA(dmabuf) *self, size_t len, size_t len2, uint8_t **m1,
			 uint8_t **m2)
{
	struct nvmetest_buf *b;
	int err;

	b = buf_alloc(self, len, &err);
	if (!b)
		return err;
	*m1 = map(self->fd, len, b->mmap_offset);
	if (*m1 == MAP_FAILED)
		return -errno;
	*m2 = map(self->fd, len2, b->mmap_offset);
	if (*m2 == MAP_FAILED) {
		err = -errno;
		munmap(*m1, len);
		return err;
	}
	return 0;
}

/*
 * @sqe through @dev's raw admin path with @len bytes of data at @offset of
 * buffer @handle, to the controller when @to_dev. Return: the completion's
 * status (NVMET_CQE_STATUS), or a negative errno.
 */
static int buf_admin(struct nvmet_kdev *dev, const struct nvmet_sqe *sqe, uint32_t handle,
		     uint32_t offset, uint32_t len, bool to_dev)
{
	struct nvmetest_admin_cmd cmd;
	int ret;

	st_admin_init(&cmd, sqe);
	cmd.flags = NVMETEST_ADMIN_USE_BUF |
		    (to_dev ? NVMETEST_ADMIN_DATA_TO_DEV : NVMETEST_ADMIN_DATA_FROM_DEV);
	cmd.buf_handle = handle;
	cmd.buf_offset = offset;
	cmd.data_len = len;
	ret = nvmet_kdev_admin_raw(dev, &cmd);
	return ret ? ret : (int)NVMET_CQE_STATUS(st_admin_status(&cmd));
}

TEST_F(dmabuf, sizes_alignment_and_zero_fill)
{
	static const uint64_t sizes[] = { 1, 4096, 4097, 65536, 1 << 20, NVMETEST_BUF_MAX_SIZE };
	struct nvmetest_buf *b[ARRAY_SIZE(sizes)];
	size_t i, j, len;
	uint8_t *va;
	int err;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		b[i] = buf_alloc(self, sizes[i], &err);
		ASSERT_NE(NULL, b[i]) TH_LOG("size %llu: %s", (unsigned long long)sizes[i],
					     strerror(-err));
		EXPECT_NE(0u, b[i]->dma_addr);
		EXPECT_EQ(0u, b[i]->dma_addr & 0xfff);
		EXPECT_EQ(0u, b[i]->mmap_offset & ((uint64_t)self->page - 1));
		EXPECT_NE(NVMETEST_MMAP_DOORBELLS, b[i]->mmap_offset);
		EXPECT_EQ(0u, b[i]->flags);
		for (j = 0; j < i; j++) {
			EXPECT_NE(b[j]->handle, b[i]->handle);
			EXPECT_NE(b[j]->mmap_offset, b[i]->mmap_offset);
			/* Bus ranges do not overlap. */
			EXPECT_TRUE(b[i]->dma_addr >= b[j]->dma_addr + page_round(sizes[j], 4096) ||
				    b[j]->dma_addr >= b[i]->dma_addr + page_round(sizes[i], 4096));
		}
		len = page_round(sizes[i], self->page);
		va = map(self->fd, len, b[i]->mmap_offset);
		ASSERT_NE(MAP_FAILED, va) TH_LOG("mapping %zu bytes: %s", len, strerror(errno));
		EXPECT_TRUE(st_all_bytes(va, len, 0)) TH_LOG("size %zu is not zero-filled", len);
		st_fill(va, len, (uint32_t)i);
		EXPECT_EQ(-1, st_check(va, len, (uint32_t)i));
		EXPECT_EQ(0, munmap(va, len));
	}
}

/* Memory a freed buffer had does not come back dirty in a new one. */
TEST_F(dmabuf, new_buffer_is_zeroed_after_reuse)
{
	struct nvmet_dmabuf a, b;
	int i;

	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, 64 << 10, &a));
		memset(a.va, 0xee, a.size);
		ASSERT_EQ(0, nvmet_kdev_buf_free(self->dev, &a));
		ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, 64 << 10, &b));
		EXPECT_TRUE(st_all_bytes(b.va, b.size, 0)) TH_LOG("round %d", i);
		ASSERT_EQ(0, nvmet_kdev_buf_free(self->dev, &b));
	}
}

TEST_F(dmabuf, two_mappings_share_the_pages)
{
	size_t len = 64 << 10;
	uint8_t *m1, *m2;
	int err;

	err = buf_map_twice(self, len, len, &m1, &m2);
	ASSERT_EQ(0, err) TH_LOG("%s", strerror(-err));
	EXPECT_NE(m1, m2);
	st_fill(m1, len, 1);
	EXPECT_EQ(-1, st_check(m2, len, 1));
	st_fill(m2 + 4096, 4096, 2);
	EXPECT_EQ(-1, st_check(m1 + 4096, 4096, 2));
	EXPECT_EQ(0, munmap(m1, len));
	/* The other mapping outlives the first one. */
	EXPECT_EQ(-1, st_check(m2, 4096, 1));
	EXPECT_EQ(0, munmap(m2, len));
}

TEST_F(dmabuf, partial_mapping)
{
	size_t len = 16 << 10;
	uint8_t *whole, *first;
	int err;

	err = buf_map_twice(self, len, (size_t)self->page, &whole, &first);
	ASSERT_EQ(0, err) TH_LOG("%s", strerror(-err));
	st_fill(whole, len, 3);
	EXPECT_EQ(-1, st_check(first, (size_t)self->page, 3));
	EXPECT_EQ(0, munmap(first, (size_t)self->page));
	EXPECT_EQ(0, munmap(whole, len));
}

TEST_F(dmabuf, split_mapping_keeps_each_page_in_place)
{
	size_t len = 8 * (size_t)self->page, pg = (size_t)self->page, i;
	uint8_t *ref, *m;
	int err;

	err = buf_map_twice(self, len, len, &ref, &m);
	ASSERT_EQ(0, err) TH_LOG("%s", strerror(-err));
	st_fill(ref, len, 9);
	/* Split before any touch: the first page unmapped, the fourth read-only. */
	ASSERT_EQ(0, munmap(m, pg));
	ASSERT_EQ(0, mprotect(m + 3 * pg, pg, PROT_READ));
	for (i = 1; i < 8; i++) {
		EXPECT_EQ(0, memcmp(m + i * pg, ref + i * pg, pg))
			TH_LOG("page %zu shows another page of the buffer", i);
	}
	EXPECT_EQ(0, munmap(m + pg, len - pg));
	EXPECT_EQ(0, munmap(ref, len));
}

TEST_F(dmabuf, device_writes_into_the_buffer)
{
	struct nvmet_dmabuf buf;
	struct nvmet_sqe sqe;
	uint8_t *id;

	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, 8192, &buf));
	st_sqe(&sqe, NVMET_ADM_IDENTIFY, 0);
	sqe.cdw10 = NVMET_CNS_CTRL;
	EXPECT_EQ(0, buf_admin(self->dev, &sqe, buf.handle, 4096, 4096, false));
	id = (uint8_t *)buf.va + 4096;
	EXPECT_FALSE(st_all_bytes(id, 4096, 0));
	EXPECT_EQ(self->info.vendor_id, st_le16(id + NVMET_ID_CTRL_VID));
	EXPECT_TRUE(st_all_bytes(buf.va, 4096, 0)) TH_LOG("the first page was written");
	EXPECT_EQ(0, nvmet_kdev_buf_free(self->dev, &buf));
}

/* Set Features Timestamp from one buffer, Get it back into another. */
TEST_F(dmabuf, device_reads_from_the_buffer)
{
	uint64_t set_ms = 0x0abcdef01234ull, got_ms;
	struct nvmet_dmabuf src, dst;
	struct nvmet_sqe sqe;
	uint8_t id[4096];
	uint16_t status;
	uint8_t *p;
	int i;

	ASSERT_EQ(0, st_identify(self->dev, NVMET_CNS_CTRL, 0, id, &status));
	if (!(st_le16(id + NVMET_ID_CTRL_ONCS) & ONCS_TIMESTAMP))
		SKIP(return, "the controller does not support the Timestamp feature");
	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, 4096, &src));
	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, 4096, &dst));
	p = (uint8_t *)src.va + 256;
	for (i = 0; i < 6; i++)
		p[i] = (uint8_t)(set_ms >> (8 * i));

	st_sqe(&sqe, NVMET_ADM_SET_FEATURES, 0);
	sqe.cdw10 = NVMET_FEAT_TIMESTAMP;
	ASSERT_EQ(0, buf_admin(self->dev, &sqe, src.handle, 256, 8, true));
	sqe.opc = NVMET_ADM_GET_FEATURES;
	ASSERT_EQ(0, buf_admin(self->dev, &sqe, dst.handle, 0, 8, false));
	got_ms = st_le64(dst.va) & 0xffffffffffffull;
	EXPECT_GE(got_ms, set_ms);
	EXPECT_LT(got_ms, set_ms + 60000);
	EXPECT_EQ(0, nvmet_kdev_buf_free(self->dev, &src));
	EXPECT_EQ(0, nvmet_kdev_buf_free(self->dev, &dst));
}

/*
 * Identify with PRP1 at each page of the buffer lands at the same offset of
 * the mapping: dma_addr + n maps to va + n, the buffer is contiguous.
 */
TEST_F(dmabuf, bus_addresses_follow_the_mapping)
{
	struct nvmetest_admin_cmd cmd;
	struct nvmet_dmabuf buf;
	struct nvmet_sqe sqe;
	size_t pg, pages = 16;
	uint8_t *id;

	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, pages * 4096, &buf));
	for (pg = 0; pg < pages; pg += 3) {
		st_sqe(&sqe, NVMET_ADM_IDENTIFY, 0);
		sqe.cdw10 = NVMET_CNS_CTRL;
		sqe.prp1 = buf.iova + pg * 4096;
		st_admin_init(&cmd, &sqe);
		cmd.flags = NVMETEST_ADMIN_RAW_DPTR;
		ASSERT_EQ(0, nvmet_kdev_admin_raw(self->dev, &cmd));
		ASSERT_EQ(0u, NVMET_CQE_STATUS(st_admin_status(&cmd)));
		id = (uint8_t *)buf.va + pg * 4096;
		EXPECT_EQ(self->info.vendor_id, st_le16(id + NVMET_ID_CTRL_VID))
			TH_LOG("page %zu", pg);
		EXPECT_TRUE(st_all_bytes(id + 4096, (pages - pg - 1) * 4096, 0))
			TH_LOG("page %zu: later pages written", pg);
	}
	EXPECT_EQ(0, nvmet_kdev_buf_free(self->dev, &buf));
}

TEST_F(dmabuf, freed_buffer_cannot_be_mapped)
{
	struct nvmetest_buf b = { .size = 8192 };
	struct nvmet_sqe sqe;
	void *va;

	ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_BUF_ALLOC, &b));
	va = map(self->fd, 8192, b.mmap_offset);
	ASSERT_NE(MAP_FAILED, va);
	EXPECT_EQ(0, munmap(va, 8192));
	ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_BUF_FREE, &b));
	va = map(self->fd, 8192, b.mmap_offset);
	EXPECT_EQ(MAP_FAILED, va);
	EXPECT_TRUE(errno == EINVAL || errno == ENXIO) TH_LOG("mmap: %s", strerror(errno));
	if (va != MAP_FAILED)
		munmap(va, 8192);
	/* Nor used as command data. */
	st_sqe(&sqe, NVMET_ADM_IDENTIFY, 0);
	sqe.cdw10 = NVMET_CNS_CTRL;
	EXPECT_EQ(-ENOENT, buf_admin(self->dev, &sqe, b.handle, 0, 4096, false));
}

/*
 * The buffer freed under a mapping that is whole, and one split by
 * mprotect(): each faults SIGBUS, in the process and in a child forked
 * after the free, and fork() succeeds (a mapping the kernel tracks by the
 * page at its start once failed it here, with a WARNING in the kernel log).
 */
TEST_F(dmabuf, freed_buffer_mapping_survives_fork)
{
	size_t pg = (size_t)self->page, len = 4 * pg;
	struct nvmetest_buf b = { .size = len };
	uint8_t *whole, *split;

	ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_BUF_ALLOC, &b));
	whole = map(self->fd, len, b.mmap_offset);
	split = map(self->fd, len, b.mmap_offset);
	ASSERT_NE(MAP_FAILED, whole);
	ASSERT_NE(MAP_FAILED, split);
	ASSERT_EQ(0, mprotect(split + pg, pg, PROT_READ));
	st_fill(whole, len, 5);
	EXPECT_EQ(-1, st_check(split, len, 5));
	EXPECT_EQ(0, st_fork_probe_read(whole)) TH_LOG("fork with the buffer in place");

	ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_BUF_FREE, &b));
	EXPECT_EQ(SIGBUS, st_probe_read(whole));
	EXPECT_EQ(SIGBUS, st_probe_read(split + 2 * pg));
	EXPECT_EQ(SIGBUS, st_fork_probe_read(whole)) TH_LOG("fork after the free");
	EXPECT_EQ(SIGBUS, st_fork_probe_read(split + pg)) TH_LOG("fork after the free");
	EXPECT_EQ(0, munmap(whole, len));
	EXPECT_EQ(0, munmap(split, len));
}

#define RACE_ROUNDS	500

struct free_racer {
	int fd;
	long page;
	int err;
	volatile int stop;
};

/* Buffers mapped, touched and freed under their mapping, again and again. */
static void *free_racer(void *arg)
{
	struct free_racer *r = arg;
	struct nvmetest_buf b;
	uint8_t *va;

	while (!r->stop && !r->err) {
		memset(&b, 0, sizeof(b));
		b.size = 4 * (uint64_t)r->page;
		r->err = st_ioctl(r->fd, NVMETEST_IOC_BUF_ALLOC, &b);
		if (r->err)
			break;
		va = map(r->fd, b.size, b.mmap_offset);
		if (va == MAP_FAILED) {
			r->err = -errno;
			break;
		}
		memset(va, 1, b.size);
		r->err = st_ioctl(r->fd, NVMETEST_IOC_BUF_FREE, &b);
		munmap(va, b.size);
	}
	return NULL;
}

/*
 * fork() while another thread frees buffers under their mappings: the
 * module zaps a mapping while fork() copies it. A mapping the kernel
 * tracks by the page at its start (remap_pfn_range()) then made x86's PAT
 * code warn, in the zap (the child's copy, not filled yet) or in fork()
 * (the parent's, emptied), which then failed. The kernel log is the VM
 * rig's to check; fork() failing is this test's.
 */
TEST_F_TIMEOUT(dmabuf, fork_races_buffer_free_under_mapping, 600)
{
	struct free_racer r = { .fd = self->fd, .page = self->page };
	int i, status, failed = 0, first_err = 0;
	pthread_t thread;
	pid_t pid;

	ASSERT_EQ(0, pthread_create(&thread, NULL, free_racer, &r));
	for (i = 0; i < RACE_ROUNDS && !r.err; i++) {
		pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			if (!failed++)
				first_err = errno;
			continue;
		}
		waitpid(pid, &status, 0);
	}
	r.stop = 1;
	pthread_join(thread, NULL);
	EXPECT_EQ(0, r.err) TH_LOG("the freeing thread: %s", strerror(-r.err));
	EXPECT_EQ(0, failed) TH_LOG("%d of %d forks failed, the first with %s", failed, i,
				    strerror(first_err));
}

/*
 * A stale mapping stays dead when a new buffer is made: it never shows
 * the new one, whatever handle that one gets.
 */
TEST_F(dmabuf, freed_buffer_mapping_never_shows_a_new_buffer)
{
	struct nvmetest_buf b = { .size = 8192 };
	struct nvmet_dmabuf n[4];
	uint8_t *va;
	int i;

	ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_BUF_ALLOC, &b));
	va = map(self->fd, 8192, b.mmap_offset);
	ASSERT_NE(MAP_FAILED, va);
	ASSERT_EQ(0, st_ioctl(self->fd, NVMETEST_IOC_BUF_FREE, &b));
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, 8192, &n[i]));
		memset(n[i].va, 0x5a, n[i].size);
	}
	EXPECT_EQ(SIGBUS, st_probe_read(va));
	EXPECT_EQ(SIGBUS, st_probe_read(va + 4096));
	for (i = 0; i < 4; i++)
		EXPECT_EQ(0, nvmet_kdev_buf_free(self->dev, &n[i]));
	EXPECT_EQ(0, munmap(va, 8192));
}

/* A buffer belongs to the file that allocated it. */
TEST_F(dmabuf, buffer_is_private_to_its_file)
{
	struct nvmetest_buf f = { 0 }, *b;
	struct nvmet_kdev *other;
	struct nvmet_sqe sqe;
	void *va;
	int err;

	b = buf_alloc(self, 8192, &err);
	ASSERT_NE(NULL, b) TH_LOG("%s", strerror(-err));
	ASSERT_EQ(0, nvmet_kdev_open(st_dev_path(), &other));
	va = map(nvmet_kdev_fd(other), 8192, b->mmap_offset);
	EXPECT_EQ(MAP_FAILED, va) TH_LOG("another file mapped the buffer");
	if (va != MAP_FAILED)
		munmap(va, 8192);
	st_sqe(&sqe, NVMET_ADM_IDENTIFY, 0);
	sqe.cdw10 = NVMET_CNS_CTRL;
	EXPECT_EQ(-ENOENT, buf_admin(other, &sqe, b->handle, 0, 4096, false));
	f.handle = b->handle;
	EXPECT_EQ(-ENOENT, st_ioctl(nvmet_kdev_fd(other), NVMETEST_IOC_BUF_FREE, &f));
	nvmet_kdev_close(other);
}

/* Closing the file frees its buffers: a new open cannot map an old offset. */
TEST_F(dmabuf, buffers_go_with_the_file)
{
	struct nvmetest_buf b = { .size = 16384 };
	struct nvmet_kdev *other, *again;
	uint64_t offset;
	uint8_t *va;

	ASSERT_EQ(0, nvmet_kdev_open(st_dev_path(), &other));
	ASSERT_EQ(0, st_ioctl(nvmet_kdev_fd(other), NVMETEST_IOC_BUF_ALLOC, &b));
	offset = b.mmap_offset;
	nvmet_kdev_close(other);

	va = map(self->fd, 16384, offset);
	EXPECT_EQ(MAP_FAILED, va) TH_LOG("an open file mapped a closed file's buffer");
	if (va != MAP_FAILED)
		munmap(va, 16384);
	ASSERT_EQ(0, nvmet_kdev_open(st_dev_path(), &again));
	va = map(nvmet_kdev_fd(again), 16384, offset);
	EXPECT_EQ(MAP_FAILED, va) TH_LOG("a new file mapped a closed file's buffer");
	if (va != MAP_FAILED)
		munmap(va, 16384);
	nvmet_kdev_close(again);
}

/* Freeing one buffer leaves the contents and mapping of another alone. */
TEST_F(dmabuf, freeing_one_leaves_the_others)
{
	struct nvmet_dmabuf a, b;

	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, 8192, &a));
	ASSERT_EQ(0, nvmet_kdev_buf_alloc(self->dev, 8192, &b));
	st_fill(a.va, a.size, 10);
	st_fill(b.va, b.size, 11);
	ASSERT_EQ(0, nvmet_kdev_buf_free(self->dev, &a));
	EXPECT_EQ(-1, st_check(b.va, b.size, 11));
	EXPECT_EQ(0, nvmet_kdev_buf_free(self->dev, &b));
}

TEST_HARNESS_MAIN
