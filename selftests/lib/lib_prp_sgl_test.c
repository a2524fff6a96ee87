// SPDX-License-Identifier: GPL-2.0
/*
 * lib_prp_sgl_test.c - libnvmet's data pointers, with no device: PRP1 and
 * PRP2 for one and two pages, PRP lists (with an offset in PRP1, filling
 * one list page, chaining to more, 4 KiB and 64 KiB pages, a list starting
 * mid-page, scattered pages), SGLs (one data block, a last segment, chained
 * segments), the list sizes, bad arguments, and walking back what was
 * built, including the malformed lists a walker must refuse.
 *
 * Data addresses are made up: nothing reads the data. The list memory is
 * host memory given a made-up bus address, so that a mix-up of its virtual
 * and bus addresses shows.
 */
#include <stdlib.h>

#include <nvmet/buffer.h>
#include <nvmet/prp.h>

#include "nvmetest_harness.h"

#define DATA		0x100000000ull	/* 64 KiB aligned */
#define LIST_IOVA	0x40000000ull	/* 64 KiB aligned */
#define LIST_SIZE	(192u << 10)
#define MAX_PAGES	9000u
#define MAX_SEGS	1200u
#define K4		4096u
#define K64		65536u

FIXTURE(dptr) {
	struct nvmet_buf *mem;
	struct nvmet_prplist list;	/* the whole of mem at LIST_IOVA */
	struct nvmet_sqe sqe;
	uint64_t *pages;
	struct nvmet_sgl_seg *segs;
	struct nvmet_sgl_seg *got;
};

FIXTURE_SETUP(dptr)
{
	ASSERT_EQ(0, nvmet_buf_alloc_host(LIST_SIZE, "lists", &self->mem));
	self->list.va = self->mem->va;
	self->list.iova = LIST_IOVA;
	self->list.size = LIST_SIZE;
	self->pages = calloc(MAX_PAGES, sizeof(*self->pages));
	self->segs = calloc(MAX_SEGS, sizeof(*self->segs));
	self->got = calloc(MAX_SEGS, sizeof(*self->got));
	ASSERT_NE(NULL, self->pages);
	ASSERT_NE(NULL, self->segs);
	ASSERT_NE(NULL, self->got);
	st_sqe(&self->sqe, NVMET_CMD_READ, 1);
}

FIXTURE_TEARDOWN(dptr)
{
	free(self->pages);
	free(self->segs);
	free(self->got);
	nvmet_buf_free(self->mem);
}

/* The list memory at bus address @iova. */
static uint8_t *list_va(FIXTURE_DATA(dptr) *self, uint64_t iova)
{
	return (uint8_t *)self->mem->va + (iova - LIST_IOVA);
}

static uint64_t list_entry(FIXTURE_DATA(dptr) *self, uint64_t iova)
{
	return st_le64(list_va(self, iova));
}

/* Index of the first page that is not the next of a contiguous run from @iova, or -1. */
static long first_noncontig(const uint64_t *pages, size_t n, uint64_t iova, uint32_t ps)
{
	uint64_t base = iova & ~(uint64_t)(ps - 1);
	size_t i;

	if (n && pages[0] != iova)
		return 0;
	for (i = 1; i < n; i++) {
		if (pages[i] != base + i * ps)
			return (long)i;
	}
	return -1;
}

/* SQE bytes 32-39: the SGL descriptor's length, reserved bytes and identifier. */
static void sqe_sgl_fields(const struct nvmet_sqe *sqe, uint32_t *len, uint8_t *id)
{
	uint8_t raw[64];

	memcpy(raw, sqe, sizeof(raw));
	*len = st_le32(raw + 32);
	*id = raw[39];
}

static int sqe_rsvd_zero(const struct nvmet_sqe *sqe)
{
	uint8_t raw[64];

	memcpy(raw, sqe, sizeof(raw));
	return st_all_bytes(raw + 36, 3, 0);
}

/* An arbitrary, reproducible set of pieces. */
static void make_segs(struct nvmet_sgl_seg *segs, size_t n, uint32_t seed)
{
	uint64_t x = seed * 0x9e3779b97f4a7c15ull + 1;
	size_t i;

	for (i = 0; i < n; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		segs[i].iova = DATA + (x >> 20);
		segs[i].len = (uint32_t)(x >> 40) + 1;
	}
}

TEST_F(dptr, prp_within_one_page)
{
	static const struct { uint64_t iova; size_t len; } cases[] = {
		{ DATA, K4 }, { DATA + 0x200, 512 }, { DATA + 0xe00, 0x200 }, { DATA + 0xffc, 4 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ASSERT_EQ(0, nvmet_prp_build(&self->sqe, cases[i].iova, cases[i].len, K4, NULL));
		EXPECT_EQ(cases[i].iova, self->sqe.prp1);
		EXPECT_EQ(0u, self->sqe.prp2) TH_LOG("case %zu", i);
		EXPECT_EQ(1, nvmet_prp_walk(&self->sqe, cases[i].len, K4, NULL, self->pages,
					    MAX_PAGES));
		EXPECT_EQ(cases[i].iova, self->pages[0]);
	}
}

TEST_F(dptr, prp_into_the_second_page)
{
	static const struct { uint64_t iova; size_t len; } cases[] = {
		{ DATA + 0x800, K4 }, { DATA, 2 * K4 }, { DATA + 4, 2 * K4 - 4 },
		{ DATA + 0xffc, 8 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ASSERT_EQ(0, nvmet_prp_build(&self->sqe, cases[i].iova, cases[i].len, K4,
					     &self->list));
		EXPECT_EQ(cases[i].iova, self->sqe.prp1);
		EXPECT_EQ(DATA + K4, self->sqe.prp2) TH_LOG("case %zu", i);
		EXPECT_EQ(2, nvmet_prp_walk(&self->sqe, cases[i].len, K4, &self->list,
					    self->pages, MAX_PAGES));
		EXPECT_EQ(-1, first_noncontig(self->pages, 2, cases[i].iova, K4));
	}
	EXPECT_TRUE(st_all_bytes(self->mem->va, LIST_SIZE, 0)) TH_LOG("a list was written");
}

TEST_F(dptr, prp_three_pages_use_a_list)
{
	ASSERT_EQ(0, nvmet_prp_build(&self->sqe, DATA, 3 * K4, K4, &self->list));
	EXPECT_EQ(DATA, self->sqe.prp1);
	EXPECT_EQ(LIST_IOVA, self->sqe.prp2) TH_LOG("PRP2 is not the list's bus address");
	EXPECT_EQ(DATA + K4, list_entry(self, LIST_IOVA));
	EXPECT_EQ(DATA + 2 * K4, list_entry(self, LIST_IOVA + 8));
	EXPECT_TRUE(st_all_bytes(list_va(self, LIST_IOVA + 16), LIST_SIZE - 16, 0));
	ASSERT_EQ(3, nvmet_prp_walk(&self->sqe, 3 * K4, K4, &self->list, self->pages, MAX_PAGES));
	EXPECT_EQ(-1, first_noncontig(self->pages, 3, DATA, K4));
}

TEST_F(dptr, prp_offset_in_prp1)
{
	/* 8 KiB from 0x204 into a page touch three pages. */
	ASSERT_EQ(0, nvmet_prp_build(&self->sqe, DATA + 0x204, 2 * K4, K4, &self->list));
	EXPECT_EQ(DATA + 0x204, self->sqe.prp1);
	EXPECT_EQ(LIST_IOVA, self->sqe.prp2);
	EXPECT_EQ(DATA + K4, list_entry(self, LIST_IOVA));
	EXPECT_EQ(DATA + 2 * K4, list_entry(self, LIST_IOVA + 8));
	EXPECT_EQ(0u, list_entry(self, LIST_IOVA + 16));
	ASSERT_EQ(3, nvmet_prp_walk(&self->sqe, 2 * K4, K4, &self->list, self->pages, MAX_PAGES));
	EXPECT_EQ(DATA + 0x204, self->pages[0]);
	EXPECT_EQ(-1, first_noncontig(self->pages, 3, DATA + 0x204, K4));
}

/* 513 pages: PRP1 and 512 list entries, which fill one list page exactly. */
TEST_F(dptr, prp_list_fills_exactly_one_page)
{
	size_t len = 513 * (size_t)K4;
	struct nvmet_prplist one = { self->mem->va, LIST_IOVA, K4 };

	EXPECT_EQ((size_t)K4, nvmet_prp_list_bytes(DATA, len, K4));
	ASSERT_EQ(0, nvmet_prp_build(&self->sqe, DATA, len, K4, &one));
	EXPECT_EQ(LIST_IOVA, self->sqe.prp2);
	EXPECT_EQ(DATA + 512 * (uint64_t)K4, list_entry(self, LIST_IOVA + K4 - 8))
		TH_LOG("the last slot holds a data page, not a chain pointer");
	ASSERT_EQ(513, nvmet_prp_walk(&self->sqe, len, K4, &one, self->pages, MAX_PAGES));
	EXPECT_EQ(-1, first_noncontig(self->pages, 513, DATA, K4));
}

TEST_F(dptr, prp_list_chains_to_the_next_page)
{
	size_t len = 514 * (size_t)K4;

	EXPECT_EQ((size_t)K4 + 16, nvmet_prp_list_bytes(DATA, len, K4));
	ASSERT_EQ(0, nvmet_prp_build(&self->sqe, DATA, len, K4, &self->list));
	EXPECT_EQ(DATA + 511 * (uint64_t)K4, list_entry(self, LIST_IOVA + K4 - 16));
	EXPECT_EQ(LIST_IOVA + K4, list_entry(self, LIST_IOVA + K4 - 8))
		TH_LOG("the last slot does not point at the next list page");
	EXPECT_EQ(DATA + 512 * (uint64_t)K4, list_entry(self, LIST_IOVA + K4));
	EXPECT_EQ(DATA + 513 * (uint64_t)K4, list_entry(self, LIST_IOVA + K4 + 8));
	EXPECT_EQ(0u, list_entry(self, LIST_IOVA + K4 + 16));
	ASSERT_EQ(514, nvmet_prp_walk(&self->sqe, len, K4, &self->list, self->pages, MAX_PAGES));
	EXPECT_EQ(-1, first_noncontig(self->pages, 514, DATA, K4));
}

/* 8 MiB from offset 0x10: 2049 pages, 2048 entries over five list pages. */
TEST_F(dptr, prp_long_transfer_chains_several_pages)
{
	size_t len = 8u << 20, i;

	EXPECT_EQ(4 * (size_t)K4 + 32, nvmet_prp_list_bytes(DATA + 0x10, len, K4));
	ASSERT_EQ(0, nvmet_prp_build(&self->sqe, DATA + 0x10, len, K4, &self->list));
	for (i = 1; i <= 4; i++) {
		EXPECT_EQ(LIST_IOVA + i * K4, list_entry(self, LIST_IOVA + i * K4 - 8))
			TH_LOG("chain pointer of list page %zu", i - 1);
	}
	ASSERT_EQ(2049, nvmet_prp_walk(&self->sqe, len, K4, &self->list, self->pages,
				       MAX_PAGES));
	EXPECT_EQ(-1, first_noncontig(self->pages, 2049, DATA + 0x10, K4));
}

TEST_F(dptr, prp_64k_pages)
{
	size_t len = 8194 * (size_t)K64;

	/* With an offset, 64 KiB reaches into the second 64 KiB page. */
	ASSERT_EQ(0, nvmet_prp_build(&self->sqe, DATA + 0x100, K64, K64, &self->list));
	EXPECT_EQ(DATA + K64, self->sqe.prp2);
	/* 192 KiB from 0x100 touch four pages: three list entries. */
	ASSERT_EQ(0, nvmet_prp_build(&self->sqe, DATA + 0x100, 3 * K64, K64, &self->list));
	EXPECT_EQ(LIST_IOVA, self->sqe.prp2);
	EXPECT_EQ(DATA + 3 * (uint64_t)K64, list_entry(self, LIST_IOVA + 16));
	ASSERT_EQ(4, nvmet_prp_walk(&self->sqe, 3 * K64, K64, &self->list, self->pages,
				    MAX_PAGES));
	EXPECT_EQ(-1, first_noncontig(self->pages, 4, DATA + 0x100, K64));

	/* 8193 entries: a 64 KiB list page holds 8191 and the chain pointer. */
	EXPECT_EQ((size_t)K64 + 16, nvmet_prp_list_bytes(DATA, len, K64));
	ASSERT_EQ(0, nvmet_prp_build(&self->sqe, DATA, len, K64, &self->list));
	EXPECT_EQ(LIST_IOVA + K64, list_entry(self, LIST_IOVA + K64 - 8));
	ASSERT_EQ(8194, nvmet_prp_walk(&self->sqe, len, K64, &self->list, self->pages,
				       MAX_PAGES));
	EXPECT_EQ(-1, first_noncontig(self->pages, 8194, DATA, K64));
	/* The same list read as 4 KiB pages chains elsewhere: not what was built. */
	EXPECT_NE(8194, nvmet_prp_walk(&self->sqe, len, K4, &self->list, self->pages,
				       MAX_PAGES));
}

/* A list whose start leaves two slots in its page chains after the first entry. */
TEST_F(dptr, prp_list_may_start_mid_page)
{
	struct nvmet_prplist tail = {
		list_va(self, LIST_IOVA + K4 - 16), LIST_IOVA + K4 - 16, LIST_SIZE - K4 + 16,
	};

	ASSERT_EQ(0, nvmet_prp_build(&self->sqe, DATA, 5 * K4, K4, &tail));
	EXPECT_EQ(LIST_IOVA + K4 - 16, self->sqe.prp2);
	EXPECT_EQ(DATA + K4, list_entry(self, LIST_IOVA + K4 - 16));
	EXPECT_EQ(LIST_IOVA + K4, list_entry(self, LIST_IOVA + K4 - 8));
	EXPECT_EQ(DATA + 2 * K4, list_entry(self, LIST_IOVA + K4));
	EXPECT_EQ(DATA + 4 * K4, list_entry(self, LIST_IOVA + K4 + 16));
	ASSERT_EQ(5, nvmet_prp_walk(&self->sqe, 5 * K4, K4, &tail, self->pages, MAX_PAGES));
	EXPECT_EQ(-1, first_noncontig(self->pages, 5, DATA, K4));

	/* 40 bytes from its start; 24 are not enough. */
	tail.size = 40;
	EXPECT_EQ(0, nvmet_prp_build(&self->sqe, DATA, 5 * K4, K4, &tail));
	tail.size = 39;
	EXPECT_EQ(-ENOSPC, nvmet_prp_build(&self->sqe, DATA, 5 * K4, K4, &tail));
}

TEST_F(dptr, prp_alignment_and_page_size_errors)
{
	static const uint32_t bad_ps[] = { 0, 512, 2048, 3 * K4, K4 + 1, 1u << 28 };
	struct nvmet_prplist odd = { list_va(self, LIST_IOVA + 4), LIST_IOVA + 4, K4 };
	struct nvmet_sqe before;
	size_t i;

	self->sqe.prp1 = 0x5a5a;
	self->sqe.prp2 = 0xa5a5;
	before = self->sqe;
	EXPECT_EQ(-EINVAL, nvmet_prp_build(&self->sqe, DATA + 2, K4, K4, &self->list));
	EXPECT_EQ(-EINVAL, nvmet_prp_build(&self->sqe, DATA + 1, 1, K4, &self->list));
	for (i = 0; i < ARRAY_SIZE(bad_ps); i++) {
		EXPECT_EQ(-EINVAL, nvmet_prp_build(&self->sqe, DATA, K4, bad_ps[i], &self->list))
			TH_LOG("page size %u", bad_ps[i]);
	}
	EXPECT_EQ(-EINVAL, nvmet_prp_build(&self->sqe, DATA, 3 * K4, K4, &odd))
		TH_LOG("list not 8-byte aligned");
	EXPECT_EQ(-EINVAL, nvmet_prp_build(&self->sqe, UINT64_MAX - 3, 8, K4, &self->list))
		TH_LOG("a range that wraps");
	EXPECT_EQ(-EINVAL, nvmet_prp_build(NULL, DATA, K4, K4, &self->list));
	EXPECT_EQ(0, memcmp(&before, &self->sqe, sizeof(before))) TH_LOG("SQE changed on error");
	EXPECT_EQ(0, nvmet_prp_build(&self->sqe, DATA, 4 * K4, 1u << 27, NULL));
	EXPECT_EQ(0u, self->sqe.prp2);
}

TEST_F(dptr, prp_list_too_small_or_missing)
{
	struct nvmet_prplist small = { self->mem->va, LIST_IOVA, 8 };
	struct nvmet_prplist no_va = { NULL, LIST_IOVA, LIST_SIZE };
	size_t chained = 514 * (size_t)K4;
	struct nvmet_sqe before;

	self->sqe.prp2 = 0xa5a5;
	before = self->sqe;
	EXPECT_EQ(-ENOSPC, nvmet_prp_build(&self->sqe, DATA, 3 * K4, K4, NULL));
	EXPECT_EQ(-ENOSPC, nvmet_prp_build(&self->sqe, DATA, 3 * K4, K4, &small));
	EXPECT_EQ(-ENOSPC, nvmet_prp_build(&self->sqe, DATA, 3 * K4, K4, &no_va));
	small.size = K4;
	EXPECT_EQ(-ENOSPC, nvmet_prp_build(&self->sqe, DATA, chained, K4, &small));
	EXPECT_EQ(0, memcmp(&before, &self->sqe, sizeof(before))) TH_LOG("SQE changed on error");
	EXPECT_TRUE(st_all_bytes(self->mem->va, LIST_SIZE, 0)) TH_LOG("list written on error");

	small.size = 16;
	EXPECT_EQ(0, nvmet_prp_build(&self->sqe, DATA, 3 * K4, K4, &small));
	small.size = K4 + 16;
	EXPECT_EQ(0, nvmet_prp_build(&self->sqe, DATA, chained, K4, &small));
	EXPECT_EQ(0, nvmet_prp_build(&self->sqe, DATA, 2 * K4, K4, NULL));
}

/* Every length up to 600 pages fits in exactly nvmet_prp_list_bytes(). */
TEST_F(dptr, prp_list_bytes_is_exact)
{
	struct nvmet_prplist l = { self->mem->va, LIST_IOVA, 0 };
	size_t pages, need;

	for (pages = 1; pages <= 600; pages++) {
		need = nvmet_prp_list_bytes(DATA + 0x80, pages * K4, K4);
		l.size = need;
		ASSERT_EQ(0, nvmet_prp_build(&self->sqe, DATA + 0x80, pages * K4, K4,
					     need ? &l : NULL)) TH_LOG("%zu pages", pages);
		if (!need)
			continue;
		l.size = need - 8;
		ASSERT_EQ(-ENOSPC, nvmet_prp_build(&self->sqe, DATA + 0x80, pages * K4, K4, &l))
			TH_LOG("%zu pages fit in %zu bytes", pages, need - 8);
	}
}

/*
 * From any start in a page, a list needs exactly the bytes up to its last
 * entry: the build fits there and not in 8 bytes less, and walks back.
 */
TEST_F(dptr, prp_list_from_any_start_fits_exactly)
{
	static const uint64_t starts[] = { 0, 8, 16, 0x800, K4 - 24, K4 - 16, K4 - 8 };
	struct nvmet_prplist l;
	size_t si, pages, end;
	uint8_t *mem;

	for (si = 0; si < ARRAY_SIZE(starts); si++) {
		unsigned long long start = starts[si];

		for (pages = 3; pages <= 1100; pages += 7) {
			mem = list_va(self, LIST_IOVA + start);
			l.va = mem;
			l.iova = LIST_IOVA + start;
			l.size = LIST_SIZE - start;
			memset(mem, 0, l.size);
			ASSERT_EQ(0, nvmet_prp_build(&self->sqe, DATA, pages * K4, K4, &l));
			for (end = l.size; end && !mem[end - 1]; end--)
				;
			end = (end + 7) & ~(size_t)7;
			ASSERT_EQ((int)pages, nvmet_prp_walk(&self->sqe, pages * K4, K4, &l,
							     self->pages, MAX_PAGES))
				TH_LOG("start %#llx, %zu pages", start, pages);
			ASSERT_EQ(-1, first_noncontig(self->pages, pages, DATA, K4));
			l.size = end;
			ASSERT_EQ(0, nvmet_prp_build(&self->sqe, DATA, pages * K4, K4, &l));
			l.size = end - 8;
			ASSERT_EQ(-ENOSPC, nvmet_prp_build(&self->sqe, DATA, pages * K4, K4, &l))
				TH_LOG("start %#llx, %zu pages", start, pages);
			if (!start) {
				ASSERT_EQ(end, nvmet_prp_list_bytes(DATA, pages * K4, K4));
			}
		}
	}
}

/* Sizes are computed, not counted out: an absurd length fails at once. */
TEST_F(dptr, prp_huge_length)
{
	EXPECT_EQ((size_t)2151686144ull, nvmet_prp_list_bytes(DATA, 1ull << 40, K4));
	EXPECT_EQ(-ENOSPC, nvmet_prp_build(&self->sqe, DATA, 1ull << 62, K4, &self->list));
	EXPECT_EQ(-EINVAL, nvmet_prp_walk(&self->sqe, 1ull << 62, K4, &self->list, NULL, 0));
}

TEST_F(dptr, prp_list_bytes)
{
	EXPECT_EQ(0u, nvmet_prp_list_bytes(DATA, 0, K4));
	EXPECT_EQ(0u, nvmet_prp_list_bytes(DATA, K4, K4));
	EXPECT_EQ(0u, nvmet_prp_list_bytes(DATA + 0x800, K4, K4));
	EXPECT_EQ(0u, nvmet_prp_list_bytes(DATA, 2 * K4, K4));
	EXPECT_EQ(16u, nvmet_prp_list_bytes(DATA, 3 * K4, K4));
	EXPECT_EQ(16u, nvmet_prp_list_bytes(DATA + 0x204, 2 * K4, K4));
	EXPECT_EQ((size_t)K4, nvmet_prp_list_bytes(DATA, 513 * (size_t)K4, K4));
	EXPECT_EQ((size_t)K4 + 16, nvmet_prp_list_bytes(DATA, 514 * (size_t)K4, K4));
	EXPECT_EQ(16u, nvmet_prp_list_bytes(DATA, 3 * K64, K64));
	EXPECT_EQ(0u, nvmet_prp_list_bytes(DATA, 3 * K4, 2048));
	EXPECT_EQ(0u, nvmet_prp_list_bytes(DATA, 3 * K4, 3 * K4));
}

TEST_F(dptr, prp_keeps_other_flags_and_clears_psdt)
{
	struct nvmet_sqe sqe;

	st_sqe(&sqe, NVMET_CMD_WRITE, 1);
	sqe.flags = 0xc1;	/* fused first, PSDT 11 */
	sqe.cid = 77;
	sqe.cdw10 = 1234;
	ASSERT_EQ(0, nvmet_prp_build(&sqe, DATA, K4, K4, NULL));
	EXPECT_EQ(0x01, sqe.flags);
	EXPECT_EQ(NVMET_CMD_WRITE, sqe.opc);
	EXPECT_EQ(77, sqe.cid);
	EXPECT_EQ(1234u, sqe.cdw10);
	EXPECT_EQ(0u, sqe.mptr);
}

TEST_F(dptr, prp_len_zero)
{
	struct nvmet_sqe sqe;
	uint64_t pages[1] = { 0 };

	st_sqe(&sqe, NVMET_ADM_IDENTIFY, 0);
	sqe.prp2 = 0x1000;
	ASSERT_EQ(0, nvmet_prp_build(&sqe, DATA, 0, K4, NULL));
	EXPECT_EQ(DATA, sqe.prp1);
	EXPECT_EQ(0u, sqe.prp2);
	EXPECT_EQ(0, nvmet_prp_walk(&sqe, 0, K4, NULL, pages, 1));
}

TEST_F(dptr, prp_build_pages_scattered)
{
	const uint64_t pages[] = {
		DATA + 5 * K4, DATA + K4, DATA + 9 * K4, DATA + K4, DATA + 3 * K4, DATA + 0x123,
	};
	size_t len = 4 * K4, i;

	/* 16 KiB from 0x100 into the first page: five pages, four list entries. */
	ASSERT_EQ(0, nvmet_prp_build_pages(&self->sqe, pages, 5, 0x100, len, K4, &self->list));
	EXPECT_EQ(pages[0] + 0x100, self->sqe.prp1);
	EXPECT_EQ(LIST_IOVA, self->sqe.prp2);
	ASSERT_EQ(5, nvmet_prp_walk(&self->sqe, len, K4, &self->list, self->pages, MAX_PAGES));
	EXPECT_EQ(pages[0] + 0x100, self->pages[0]);
	for (i = 1; i < 5; i++) {
		EXPECT_EQ(pages[i], self->pages[i]) TH_LOG("page %zu", i);
	}

	ASSERT_EQ(0, nvmet_prp_build_pages(&self->sqe, pages, 2, 0x800, K4, K4, NULL));
	EXPECT_EQ(pages[0] + 0x800, self->sqe.prp1);
	EXPECT_EQ(pages[1], self->sqe.prp2);

	/* Pages beyond what the data needs are not looked at. */
	EXPECT_EQ(0, nvmet_prp_build_pages(&self->sqe, pages, 6, 0, len, K4, &self->list));
	EXPECT_EQ(-EINVAL, nvmet_prp_build_pages(&self->sqe, pages + 2, 4, 0, len, K4,
						 &self->list)) TH_LOG("a page with an offset");
	EXPECT_EQ(-EINVAL, nvmet_prp_build_pages(&self->sqe, pages, 4, 0x100, len, K4,
						 &self->list)) TH_LOG("too few pages");
	EXPECT_EQ(-EINVAL, nvmet_prp_build_pages(&self->sqe, pages, 5, K4, K4, K4, &self->list));
	EXPECT_EQ(-EINVAL, nvmet_prp_build_pages(&self->sqe, pages, 5, 2, K4, K4, &self->list));
	EXPECT_EQ(-EINVAL, nvmet_prp_build_pages(&self->sqe, NULL, 5, 0, K4, K4, &self->list));
	EXPECT_EQ(-ENOSPC, nvmet_prp_build_pages(&self->sqe, pages, 5, 0x100, len, K4, NULL));
}

TEST_F(dptr, prp_walk_rejects_malformed)
{
	ASSERT_EQ(0, nvmet_prp_build(&self->sqe, DATA, 3 * K4, K4, &self->list));
	EXPECT_EQ(3, nvmet_prp_walk(&self->sqe, 3 * K4, K4, &self->list, NULL, 0))
		TH_LOG("counting without storing");
	EXPECT_EQ(-ENOSPC, nvmet_prp_walk(&self->sqe, 3 * K4, K4, &self->list, self->pages, 2));
	EXPECT_EQ(-EFAULT, nvmet_prp_walk(&self->sqe, 3 * K4, K4, NULL, self->pages, MAX_PAGES));
	EXPECT_EQ(-EINVAL, nvmet_prp_walk(&self->sqe, 3 * K4, 3000, &self->list, self->pages,
					  MAX_PAGES));

	/* A list entry with an offset. */
	memcpy(list_va(self, LIST_IOVA + 8), &(uint64_t){ DATA + 2 * K4 + 0x10 }, 8);
	EXPECT_EQ(-EINVAL, nvmet_prp_walk(&self->sqe, 3 * K4, K4, &self->list, self->pages,
					  MAX_PAGES));

	/* A list pointer outside the list memory, or misaligned. */
	ASSERT_EQ(0, nvmet_prp_build(&self->sqe, DATA, 3 * K4, K4, &self->list));
	self->sqe.prp2 = LIST_IOVA + LIST_SIZE - 8;
	EXPECT_EQ(-EFAULT, nvmet_prp_walk(&self->sqe, 3 * K4, K4, &self->list, self->pages,
					  MAX_PAGES));
	self->sqe.prp2 = LIST_IOVA + 4;
	EXPECT_EQ(-EINVAL, nvmet_prp_walk(&self->sqe, 3 * K4, K4, &self->list, self->pages,
					  MAX_PAGES));

	/* PRP2 with an offset when it is the second page; PRP1 not dword aligned. */
	ASSERT_EQ(0, nvmet_prp_build(&self->sqe, DATA, 2 * K4, K4, NULL));
	self->sqe.prp2 += 0x200;
	EXPECT_EQ(-EINVAL, nvmet_prp_walk(&self->sqe, 2 * K4, K4, NULL, self->pages, MAX_PAGES));
	self->sqe.prp2 -= 0x200;
	self->sqe.prp1 += 2;
	EXPECT_EQ(-EINVAL, nvmet_prp_walk(&self->sqe, 2 * K4, K4, NULL, self->pages, MAX_PAGES));

	/* A chain pointer with an offset. */
	ASSERT_EQ(0, nvmet_prp_build(&self->sqe, DATA, 514 * (size_t)K4, K4, &self->list));
	memcpy(list_va(self, LIST_IOVA + K4 - 8), &(uint64_t){ LIST_IOVA + K4 + 8 }, 8);
	EXPECT_EQ(-EINVAL, nvmet_prp_walk(&self->sqe, 514 * (size_t)K4, K4, &self->list,
					  self->pages, MAX_PAGES));

	/* Not a PRP at all. */
	ASSERT_EQ(0, nvmet_prp_build(&self->sqe, DATA, K4, K4, NULL));
	self->sqe.flags |= NVMET_SQE_PSDT_SGL;
	EXPECT_EQ(-EINVAL, nvmet_prp_walk(&self->sqe, K4, K4, NULL, self->pages, MAX_PAGES));
}

TEST_F(dptr, sgl_one_piece_is_a_data_block_in_the_sqe)
{
	struct nvmet_sgl_seg seg = { DATA + 3, 777 }, got = { 0 };
	uint32_t len;
	uint8_t id;

	self->sqe.flags = 0x01;
	ASSERT_EQ(0, nvmet_sgl_build(&self->sqe, &seg, 1, NULL));
	EXPECT_EQ(NVMET_SQE_PSDT_SGL | 0x01, self->sqe.flags);
	EXPECT_EQ(DATA + 3, self->sqe.prp1);
	sqe_sgl_fields(&self->sqe, &len, &id);
	EXPECT_EQ(777u, len);
	EXPECT_EQ(NVMET_SGL_DATA_BLOCK, id);
	EXPECT_TRUE(sqe_rsvd_zero(&self->sqe));
	ASSERT_EQ(1, nvmet_sgl_walk(&self->sqe, NULL, &got, 1));
	EXPECT_EQ(seg.iova, got.iova);
	EXPECT_EQ(seg.len, got.len);
}

TEST_F(dptr, sgl_several_pieces_go_in_a_last_segment)
{
	uint8_t *d;
	uint32_t len;
	uint8_t id;
	size_t i;

	make_segs(self->segs, 5, 1);
	ASSERT_EQ(0, nvmet_sgl_build(&self->sqe, self->segs, 5, &self->list));
	EXPECT_EQ(NVMET_SQE_PSDT_SGL, self->sqe.flags & NVMET_SQE_PSDT_MASK);
	EXPECT_EQ(LIST_IOVA, self->sqe.prp1);
	sqe_sgl_fields(&self->sqe, &len, &id);
	EXPECT_EQ(80u, len);
	EXPECT_EQ(NVMET_SGL_LAST_SEGMENT, id);
	EXPECT_TRUE(sqe_rsvd_zero(&self->sqe));
	for (i = 0; i < 5; i++) {
		d = list_va(self, LIST_IOVA + 16 * i);
		EXPECT_EQ(self->segs[i].iova, st_le64(d)) TH_LOG("descriptor %zu", i);
		EXPECT_EQ(self->segs[i].len, st_le32(d + 8)) TH_LOG("descriptor %zu", i);
		EXPECT_TRUE(st_all_bytes(d + 12, 3, 0));
		EXPECT_EQ(NVMET_SGL_DATA_BLOCK, d[15]);
	}
	EXPECT_TRUE(st_all_bytes(list_va(self, LIST_IOVA + 80), LIST_SIZE - 80, 0));
	ASSERT_EQ(5, nvmet_sgl_walk(&self->sqe, &self->list, self->got, MAX_SEGS));
	EXPECT_EQ(0, memcmp(self->segs, self->got, 5 * sizeof(*self->got)));
}

TEST_F(dptr, sgl_256_pieces_fill_one_segment)
{
	uint32_t len;
	uint8_t id;

	make_segs(self->segs, 256, 2);
	EXPECT_EQ((size_t)K4, nvmet_sgl_list_bytes(256));
	ASSERT_EQ(0, nvmet_sgl_build(&self->sqe, self->segs, 256, &self->list));
	sqe_sgl_fields(&self->sqe, &len, &id);
	EXPECT_EQ(K4, len);
	EXPECT_EQ(NVMET_SGL_LAST_SEGMENT, id);
	EXPECT_EQ(NVMET_SGL_DATA_BLOCK, list_va(self, LIST_IOVA + K4 - 1)[0]);
	EXPECT_EQ(self->segs[255].iova, st_le64(list_va(self, LIST_IOVA + K4 - 16)));
	ASSERT_EQ(256, nvmet_sgl_walk(&self->sqe, &self->list, self->got, MAX_SEGS));
	EXPECT_EQ(0, memcmp(self->segs, self->got, 256 * sizeof(*self->got)));
}

TEST_F(dptr, sgl_chains_segments)
{
	uint8_t *ptr;
	uint32_t len;
	uint8_t id;

	/* 257: a Segment of 255 pieces and a pointer, then a Last Segment of 2. */
	make_segs(self->segs, 257, 3);
	ASSERT_EQ(0, nvmet_sgl_build(&self->sqe, self->segs, 257, &self->list));
	sqe_sgl_fields(&self->sqe, &len, &id);
	EXPECT_EQ(K4, len);
	EXPECT_EQ(NVMET_SGL_SEGMENT, id);
	ptr = list_va(self, LIST_IOVA + K4 - 16);
	EXPECT_EQ(LIST_IOVA + K4, st_le64(ptr));
	EXPECT_EQ(32u, st_le32(ptr + 8));
	EXPECT_EQ(NVMET_SGL_LAST_SEGMENT, ptr[15]);
	EXPECT_EQ(self->segs[256].iova, st_le64(list_va(self, LIST_IOVA + K4 + 16)));
	ASSERT_EQ(257, nvmet_sgl_walk(&self->sqe, &self->list, self->got, MAX_SEGS));
	EXPECT_EQ(0, memcmp(self->segs, self->got, 257 * sizeof(*self->got)));

	/* 600: 255 + 255 + 90, the middle one pointed at by a Segment descriptor. */
	make_segs(self->segs, 600, 4);
	EXPECT_EQ(2 * (size_t)K4 + 90 * 16, nvmet_sgl_list_bytes(600));
	ASSERT_EQ(0, nvmet_sgl_build(&self->sqe, self->segs, 600, &self->list));
	sqe_sgl_fields(&self->sqe, &len, &id);
	EXPECT_EQ(NVMET_SGL_SEGMENT, id);
	ptr = list_va(self, LIST_IOVA + K4 - 16);
	EXPECT_EQ(LIST_IOVA + K4, st_le64(ptr));
	EXPECT_EQ(K4, st_le32(ptr + 8));
	EXPECT_EQ(NVMET_SGL_SEGMENT, ptr[15]);
	ptr = list_va(self, LIST_IOVA + 2 * K4 - 16);
	EXPECT_EQ(LIST_IOVA + 2 * K4, st_le64(ptr));
	EXPECT_EQ(90u * 16, st_le32(ptr + 8));
	EXPECT_EQ(NVMET_SGL_LAST_SEGMENT, ptr[15]);
	ASSERT_EQ(600, nvmet_sgl_walk(&self->sqe, &self->list, self->got, MAX_SEGS));
	EXPECT_EQ(0, memcmp(self->segs, self->got, 600 * sizeof(*self->got)));
}

TEST_F(dptr, sgl_round_trip_for_every_count)
{
	struct nvmet_prplist l = { self->mem->va, LIST_IOVA, 0 };
	size_t n;
	int got;

	for (n = 1; n <= MAX_SEGS; n++) {
		make_segs(self->segs, n, (uint32_t)n);
		l.size = nvmet_sgl_list_bytes(n);
		ASSERT_EQ(0, nvmet_sgl_build(&self->sqe, self->segs, n, &l)) TH_LOG("%zu", n);
		got = nvmet_sgl_walk(&self->sqe, &l, self->got, MAX_SEGS);
		ASSERT_EQ((int)n, got) TH_LOG("%zu pieces", n);
		ASSERT_EQ(0, memcmp(self->segs, self->got, n * sizeof(*self->got)))
			TH_LOG("%zu pieces", n);
		if (n > 1) {
			l.size -= 16;
			ASSERT_EQ(-ENOSPC, nvmet_sgl_build(&self->sqe, self->segs, n, &l))
				TH_LOG("%zu pieces", n);
		}
	}
}

TEST_F(dptr, sgl_list_bytes)
{
	EXPECT_EQ(0u, nvmet_sgl_list_bytes(0));
	EXPECT_EQ(0u, nvmet_sgl_list_bytes(1));
	EXPECT_EQ(32u, nvmet_sgl_list_bytes(2));
	EXPECT_EQ(4080u, nvmet_sgl_list_bytes(255));
	EXPECT_EQ(4096u, nvmet_sgl_list_bytes(256));
	EXPECT_EQ(4096u + 32, nvmet_sgl_list_bytes(257));
	EXPECT_EQ(8192u, nvmet_sgl_list_bytes(511));
	EXPECT_EQ(8192u + 32, nvmet_sgl_list_bytes(512));
}

TEST_F(dptr, sgl_bad_args)
{
	struct nvmet_prplist small = { self->mem->va, LIST_IOVA, 16 };
	struct nvmet_prplist odd = { list_va(self, LIST_IOVA + 4), LIST_IOVA + 4, K4 };
	struct nvmet_sqe before;

	make_segs(self->segs, 2, 5);
	self->sqe.prp1 = 0x5a5a;
	before = self->sqe;
	EXPECT_EQ(-EINVAL, nvmet_sgl_build(&self->sqe, self->segs, 0, &self->list));
	EXPECT_EQ(-EINVAL, nvmet_sgl_build(&self->sqe, NULL, 2, &self->list));
	EXPECT_EQ(-EINVAL, nvmet_sgl_build(NULL, self->segs, 2, &self->list));
	EXPECT_EQ(-ENOSPC, nvmet_sgl_build(&self->sqe, self->segs, 2, NULL));
	EXPECT_EQ(-ENOSPC, nvmet_sgl_build(&self->sqe, self->segs, 2, &small));
	EXPECT_EQ(-EINVAL, nvmet_sgl_build(&self->sqe, self->segs, 2, &odd));
	EXPECT_EQ(0, memcmp(&before, &self->sqe, sizeof(before))) TH_LOG("SQE changed on error");
	EXPECT_TRUE(st_all_bytes(self->mem->va, LIST_SIZE, 0)) TH_LOG("list written on error");
	small.size = 32;
	EXPECT_EQ(0, nvmet_sgl_build(&self->sqe, self->segs, 2, &small));
}

TEST_F(dptr, sgl_walk_rejects_malformed)
{
	struct nvmet_sgl_desc d = { 0 };
	uint8_t *last;

	make_segs(self->segs, 5, 6);
	ASSERT_EQ(0, nvmet_sgl_build(&self->sqe, self->segs, 5, &self->list));
	EXPECT_EQ(5, nvmet_sgl_walk(&self->sqe, &self->list, NULL, 0)) TH_LOG("counting");
	EXPECT_EQ(-ENOSPC, nvmet_sgl_walk(&self->sqe, &self->list, self->got, 4));
	EXPECT_EQ(-EFAULT, nvmet_sgl_walk(&self->sqe, NULL, self->got, MAX_SEGS));

	/* A pointer in the middle of a segment, then one in the last segment. */
	list_va(self, LIST_IOVA + 2 * 16)[15] = NVMET_SGL_SEGMENT;
	EXPECT_EQ(-EINVAL, nvmet_sgl_walk(&self->sqe, &self->list, self->got, MAX_SEGS));
	list_va(self, LIST_IOVA + 2 * 16)[15] = NVMET_SGL_DATA_BLOCK;
	last = list_va(self, LIST_IOVA + 4 * 16);
	memcpy(list_va(self, LIST_IOVA + K4), last, 16);
	d.addr = htole64(LIST_IOVA + K4);
	d.len = htole32(16);
	d.id = NVMET_SGL_LAST_SEGMENT;
	memcpy(last, &d, sizeof(d));
	EXPECT_EQ(-EINVAL, nvmet_sgl_walk(&self->sqe, &self->list, self->got, MAX_SEGS));
	last[15] = NVMET_SGL_BIT_BUCKET;
	EXPECT_EQ(-EOPNOTSUPP, nvmet_sgl_walk(&self->sqe, &self->list, self->got, MAX_SEGS));
	memcpy(last, list_va(self, LIST_IOVA + K4), 16);
	ASSERT_EQ(5, nvmet_sgl_walk(&self->sqe, &self->list, self->got, MAX_SEGS));

	/* A segment that does not end in a pointer must be the last. */
	self->sqe.prp2 = 80 | (uint64_t)NVMET_SGL_SEGMENT << 56;
	EXPECT_EQ(-EINVAL, nvmet_sgl_walk(&self->sqe, &self->list, self->got, MAX_SEGS));
	/* Lengths that are not whole descriptors. */
	self->sqe.prp2 = 72 | (uint64_t)NVMET_SGL_LAST_SEGMENT << 56;
	EXPECT_EQ(-EINVAL, nvmet_sgl_walk(&self->sqe, &self->list, self->got, MAX_SEGS));
	self->sqe.prp2 = 0 | (uint64_t)NVMET_SGL_LAST_SEGMENT << 56;
	EXPECT_EQ(-EINVAL, nvmet_sgl_walk(&self->sqe, &self->list, self->got, MAX_SEGS));
	/* Outside the list memory. */
	self->sqe.prp2 = 80 | (uint64_t)NVMET_SGL_LAST_SEGMENT << 56;
	self->sqe.prp1 = LIST_IOVA + LIST_SIZE - 64;
	EXPECT_EQ(-EFAULT, nvmet_sgl_walk(&self->sqe, &self->list, self->got, MAX_SEGS));
	self->sqe.prp1 = LIST_IOVA - 16;
	EXPECT_EQ(-EFAULT, nvmet_sgl_walk(&self->sqe, &self->list, self->got, MAX_SEGS));
	/* An unknown descriptor in the SQE. */
	self->sqe.prp2 = 16 | (uint64_t)NVMET_SGL_BIT_BUCKET << 56;
	EXPECT_EQ(-EOPNOTSUPP, nvmet_sgl_walk(&self->sqe, &self->list, self->got, MAX_SEGS));

	/* A segment that points at itself. */
	d.addr = htole64(LIST_IOVA);
	d.len = htole32(16);
	d.id = NVMET_SGL_SEGMENT;
	memcpy(list_va(self, LIST_IOVA), &d, sizeof(d));
	self->sqe.prp1 = LIST_IOVA;
	self->sqe.prp2 = 16 | (uint64_t)NVMET_SGL_SEGMENT << 56;
	EXPECT_EQ(-ELOOP, nvmet_sgl_walk(&self->sqe, &self->list, self->got, MAX_SEGS));

	/* PRPs, not an SGL. */
	self->sqe.flags &= (uint8_t)~NVMET_SQE_PSDT_MASK;
	EXPECT_EQ(-EINVAL, nvmet_sgl_walk(&self->sqe, &self->list, self->got, MAX_SEGS));
}

TEST_HARNESS_MAIN
