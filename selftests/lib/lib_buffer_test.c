// SPDX-License-Identifier: GPL-2.0
/*
 * lib_buffer_test.c - libnvmet's buffers, on host memory with no device:
 * allocation (rounding, zero fill, names, the provider's part, bad
 * arguments), the data patterns, field getters and setters, the hex dump,
 * Dataset Management ranges and comparison.
 */
#include <stdlib.h>

#include <nvmet/buffer.h>

#include "nvmetest_harness.h"

#define BUF_SIZE	(64u << 10)

/* A provider that hands out dirty memory and records what it was asked. */
struct fake_dma {
	int fail;		/* returned by alloc when not 0 */
	int allocs;
	int frees;
	size_t size;
	uint64_t cookie;
	void *va;
	size_t freed_size;
	uint64_t freed_cookie;
	void *freed_va;
};

static int fake_alloc(void *ctx, size_t size, void **va, uint64_t *iova, uint64_t *cookie)
{
	struct fake_dma *f = ctx;
	void *p;

	f->allocs++;
	f->size = size;
	if (f->fail)
		return f->fail;
	p = aligned_alloc(NVMET_BUF_ALIGN, size);
	if (!p)
		return -ENOMEM;
	memset(p, 0xa5, size);
	*va = f->va = p;
	*iova = 0x1234560000ull;
	*cookie = f->cookie = 0xc0c0 + (uint64_t)f->allocs;
	return 0;
}

static void fake_free(void *ctx, void *va, size_t size, uint64_t cookie)
{
	struct fake_dma *f = ctx;

	f->frees++;
	f->freed_va = va;
	f->freed_size = size;
	f->freed_cookie = cookie;
	free(va);
}

static const struct nvmet_dma_ops fake_ops = { .alloc = fake_alloc, .free = fake_free };

static size_t count_bytes(const void *p, size_t len, uint8_t byte)
{
	const uint8_t *b = p;
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += b[i] == byte;
	return n;
}

/* The dump of @len bytes at @offset as a string to free(), or NULL. */
static char *dump_str(const struct nvmet_buf *buf, size_t offset, size_t len, int *ret)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f;

	f = open_memstream(&text, &n);
	if (!f)
		return NULL;
	*ret = nvmet_buf_dump(buf, offset, len, f);
	fclose(f);
	return text;
}

FIXTURE(buf) {
	struct nvmet_buf *b;
	uint8_t *p;
};

FIXTURE_SETUP(buf)
{
	ASSERT_EQ(0, nvmet_buf_alloc_host(BUF_SIZE, "test", &self->b));
	self->p = self->b->va;
}

FIXTURE_TEARDOWN(buf)
{
	nvmet_buf_free(self->b);
}

TEST_F(buf, alloc_rounds_size_up_to_4k)
{
	static const size_t sizes[] = { 1, 4095, 4096, 4097, 65536, 65537, 1 << 20 };
	struct nvmet_buf *b;
	size_t i, want;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		ASSERT_EQ(0, nvmet_buf_alloc_host(sizes[i], "x", &b)) TH_LOG("size %zu", sizes[i]);
		want = (sizes[i] + 4095) / 4096 * 4096;
		EXPECT_EQ(want, b->size) TH_LOG("size %zu", sizes[i]);
		EXPECT_EQ(0u, (uintptr_t)b->va % 4096);
		EXPECT_EQ((uint64_t)(uintptr_t)b->va, b->iova) TH_LOG("host iova is not the va");
		EXPECT_TRUE(st_all_bytes(b->va, b->size, 0))
			TH_LOG("size %zu not zeroed", sizes[i]);
		nvmet_buf_free(b);
	}
}

TEST_F(buf, alloc_zero_fills_what_the_provider_gives)
{
	struct fake_dma fake = { 0 };
	struct nvmet_buf *b;

	ASSERT_EQ(0, nvmet_buf_alloc_with(&fake_ops, &fake, 5000, "dirty", &b));
	EXPECT_EQ(1, fake.allocs);
	EXPECT_EQ((size_t)8192, fake.size) TH_LOG("the provider was not asked for whole pages");
	EXPECT_EQ((size_t)8192, b->size);
	EXPECT_EQ(fake.va, b->va);
	EXPECT_EQ(0x1234560000ull, b->iova);
	EXPECT_TRUE(st_all_bytes(b->va, b->size, 0));
	nvmet_buf_free(b);
	EXPECT_EQ(1, fake.frees);
	EXPECT_EQ(fake.va, fake.freed_va);
	EXPECT_EQ((size_t)8192, fake.freed_size);
	EXPECT_EQ(fake.cookie, fake.freed_cookie) TH_LOG("the cookie did not come back");
}

TEST_F(buf, alloc_passes_the_provider_error_on)
{
	struct fake_dma fake = { .fail = -ENOSPC };
	struct nvmet_buf sentinel, *b = &sentinel;

	EXPECT_EQ(-ENOSPC, nvmet_buf_alloc_with(&fake_ops, &fake, 4096, "x", &b));
	EXPECT_EQ(&sentinel, b) TH_LOG("*out written on failure");
	EXPECT_EQ(0, fake.frees);
}

TEST_F(buf, alloc_names)
{
	const char *longname = "a-name-longer-than-thirty-one-characters";
	struct nvmet_buf *b;

	ASSERT_EQ(0, nvmet_buf_alloc_host(4096, longname, &b));
	EXPECT_EQ((size_t)31, strlen(b->name));
	EXPECT_EQ(0, strncmp(b->name, longname, 31));
	nvmet_buf_free(b);

	ASSERT_EQ(0, nvmet_buf_alloc_host(4096, "identify", &b));
	EXPECT_STREQ("identify", b->name);
	nvmet_buf_free(b);

	ASSERT_EQ(0, nvmet_buf_alloc_host(4096, NULL, &b));
	EXPECT_STREQ("", b->name);
	nvmet_buf_free(b);
}

TEST_F(buf, alloc_bad_args)
{
	static const struct nvmet_dma_ops no_alloc = { .free = fake_free };
	struct fake_dma fake = { 0 };
	struct nvmet_buf *b = NULL;

	EXPECT_EQ(-EINVAL, nvmet_buf_alloc_host(0, "zero", &b));
	EXPECT_EQ(-EINVAL, nvmet_buf_alloc_host(4096, "no out", NULL));
	EXPECT_EQ(-EINVAL, nvmet_buf_alloc_with(NULL, NULL, 4096, "no ops", &b));
	EXPECT_EQ(-EINVAL, nvmet_buf_alloc_with(&no_alloc, &fake, 4096, "no alloc", &b));
	EXPECT_EQ(-ENOMEM, nvmet_buf_alloc_with(&fake_ops, &fake, SIZE_MAX, "huge", &b));
	EXPECT_EQ(0, fake.allocs);
	EXPECT_EQ(NULL, b);
	nvmet_buf_free(NULL);
}

TEST_F(buf, fill_zero_and_one_stay_in_range)
{
	ASSERT_EQ(0, nvmet_buf_fill(self->b, 100, 5000, NVMET_PATTERN_ONE, 0, 0));
	EXPECT_TRUE(st_all_bytes(self->p, 100, 0));
	EXPECT_TRUE(st_all_bytes(self->p + 100, 5000, 0xff));
	EXPECT_TRUE(st_all_bytes(self->p + 5100, BUF_SIZE - 5100, 0));
	ASSERT_EQ(0, nvmet_buf_fill(self->b, 101, 10, NVMET_PATTERN_ZERO, 0, 0));
	EXPECT_TRUE(st_all_bytes(self->p + 100, 1, 0xff));
	EXPECT_TRUE(st_all_bytes(self->p + 101, 10, 0));
	EXPECT_TRUE(st_all_bytes(self->p + 111, 4989, 0xff));
	ASSERT_EQ(0, nvmet_buf_fill(self->b, 0, BUF_SIZE, NVMET_PATTERN_ONE, 0, 0));
	EXPECT_TRUE(st_all_bytes(self->p, BUF_SIZE, 0xff));
}

TEST_F(buf, fill_dword_is_little_endian_in_phase_with_the_buffer)
{
	static const uint8_t le[4] = { 0x44, 0x33, 0x22, 0x11 };
	size_t i;

	ASSERT_EQ(0, nvmet_buf_fill(self->b, 0, BUF_SIZE, NVMET_PATTERN_DWORD, 0x11223344, 0));
	for (i = 0; i < BUF_SIZE; i++) {
		ASSERT_EQ(le[i % 4], self->p[i]) TH_LOG("byte %zu", i);
	}
	/* A fill from an odd offset continues the same phase. */
	ASSERT_EQ(0, nvmet_buf_fill(self->b, 0, BUF_SIZE, NVMET_PATTERN_ZERO, 0, 0));
	ASSERT_EQ(0, nvmet_buf_fill(self->b, 5, 11, NVMET_PATTERN_DWORD, 0xdeadbeef, 0));
	EXPECT_EQ(0, self->p[4]);
	EXPECT_EQ(0xbe, self->p[5]);
	EXPECT_EQ(0xad, self->p[6]);
	EXPECT_EQ(0xde, self->p[7]);
	EXPECT_EQ(0xef, self->p[8]);
	EXPECT_EQ(0xde, self->p[15]);
	EXPECT_EQ(0, self->p[16]);
}

TEST_F(buf, fill_random_zero_share_follows_the_percent)
{
	static const unsigned int pcts[] = { 0, 1, 25, 50, 75, 99, 100 };
	double zeros, want;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pcts); i++) {
		ASSERT_EQ(0, nvmet_buf_fill(self->b, 0, BUF_SIZE, NVMET_PATTERN_RANDOM, pcts[i],
					    7));
		zeros = (double)count_bytes(self->p, BUF_SIZE, 0) / BUF_SIZE;
		/* Random bytes are zero one time in 256 too. */
		want = (100 - pcts[i]) / 100.0 + pcts[i] / 100.0 / 256;
		EXPECT_TRUE(zeros > want - 0.01 && zeros < want + 0.01)
			TH_LOG("%u%%: %.4f of the bytes are zero, expected about %.4f", pcts[i],
			       zeros, want);
	}
	ASSERT_EQ(0, nvmet_buf_fill(self->b, 0, BUF_SIZE, NVMET_PATTERN_RANDOM, 0, 7));
	EXPECT_TRUE(st_all_bytes(self->p, BUF_SIZE, 0));
}

/* The zeros of each 4 KiB come after its random bytes, so no 4 KiB is all random. */
TEST_F(buf, fill_random_is_laid_out_per_4k)
{
	size_t chunk, nrand = 4096 / 4;

	ASSERT_EQ(0, nvmet_buf_fill(self->b, 0, BUF_SIZE, NVMET_PATTERN_RANDOM, 25, 3));
	for (chunk = 0; chunk < BUF_SIZE; chunk += 4096) {
		EXPECT_TRUE(st_all_bytes(self->p + chunk + nrand, 4096 - nrand, 0))
			TH_LOG("chunk at %zu", chunk);
		EXPECT_LT(count_bytes(self->p + chunk, nrand, 0), (size_t)20)
			TH_LOG("chunk at %zu", chunk);
	}
}

/* Byte values of incompressible data are about uniform (chi-square, 255 degrees). */
TEST_F(buf, fill_random_100_is_uniform)
{
	double chi2 = 0, expect = BUF_SIZE / 256.0, d;
	size_t hist[256] = { 0 }, i;

	ASSERT_EQ(0, nvmet_buf_fill(self->b, 0, BUF_SIZE, NVMET_PATTERN_RANDOM, 100, 42));
	for (i = 0; i < BUF_SIZE; i++)
		hist[self->p[i]]++;
	for (i = 0; i < 256; i++) {
		d = (double)hist[i] - expect;
		chi2 += d * d / expect;
	}
	/* The mean is 255 and the standard deviation 22.6. */
	EXPECT_TRUE(chi2 > 150 && chi2 < 400) TH_LOG("chi-square %.1f", chi2);
}

TEST_F(buf, fill_random_depends_on_seed_only)
{
	struct nvmet_buf *a, *b;
	size_t i, same = 0;

	ASSERT_EQ(0, nvmet_buf_alloc_host(BUF_SIZE, "a", &a));
	ASSERT_EQ(0, nvmet_buf_alloc_host(BUF_SIZE, "b", &b));
	ASSERT_EQ(0, nvmet_buf_fill(a, 0, BUF_SIZE, NVMET_PATTERN_RANDOM, 100, 1));
	ASSERT_EQ(0, nvmet_buf_fill(b, 0, BUF_SIZE, NVMET_PATTERN_RANDOM, 100, 1));
	EXPECT_EQ(-1, nvmet_buf_compare(a, 0, b, 0, BUF_SIZE)) TH_LOG("same seed, other data");

	ASSERT_EQ(0, nvmet_buf_fill(b, 0, BUF_SIZE, NVMET_PATTERN_RANDOM, 100, 2));
	for (i = 0; i < BUF_SIZE; i++)
		same += ((uint8_t *)a->va)[i] == ((uint8_t *)b->va)[i];
	EXPECT_LT(same, (size_t)(BUF_SIZE / 128)) TH_LOG("%zu bytes equal across seeds", same);

	/* Filling in odd pieces gives the bytes of a whole fill. */
	ASSERT_EQ(0, nvmet_buf_fill(b, 0, BUF_SIZE, NVMET_PATTERN_ONE, 0, 0));
	ASSERT_EQ(0, nvmet_buf_fill(b, 0, 3, NVMET_PATTERN_RANDOM, 100, 1));
	ASSERT_EQ(0, nvmet_buf_fill(b, 3, 4100, NVMET_PATTERN_RANDOM, 100, 1));
	ASSERT_EQ(0, nvmet_buf_fill(b, 4103, BUF_SIZE - 4103, NVMET_PATTERN_RANDOM, 100, 1));
	EXPECT_EQ(-1, nvmet_buf_compare(a, 0, b, 0, BUF_SIZE));
	nvmet_buf_free(a);
	nvmet_buf_free(b);
}

TEST_F(buf, fill_bad_args)
{
	EXPECT_EQ(-EINVAL, nvmet_buf_fill(self->b, BUF_SIZE + 1, 0, NVMET_PATTERN_ZERO, 0, 0));
	EXPECT_EQ(-EINVAL, nvmet_buf_fill(self->b, 1, BUF_SIZE, NVMET_PATTERN_ONE, 0, 0));
	EXPECT_EQ(-EINVAL, nvmet_buf_fill(self->b, 1, SIZE_MAX, NVMET_PATTERN_ONE, 0, 0));
	EXPECT_EQ(-EINVAL, nvmet_buf_fill(self->b, 0, 16, NVMET_PATTERN_RANDOM, 101, 0));
	EXPECT_EQ(-EINVAL, nvmet_buf_fill(self->b, 0, 16, (enum nvmet_pattern)99, 0, 0));
	EXPECT_EQ(-EINVAL, nvmet_buf_fill(NULL, 0, 16, NVMET_PATTERN_ONE, 0, 0));
	EXPECT_TRUE(st_all_bytes(self->p, BUF_SIZE, 0)) TH_LOG("a failed fill wrote");
	EXPECT_EQ(0, nvmet_buf_fill(self->b, BUF_SIZE, 0, NVMET_PATTERN_ONE, 0, 0));
	EXPECT_EQ(0, nvmet_buf_fill(self->b, BUF_SIZE - 1, 1, NVMET_PATTERN_ONE, 0, 0));
	EXPECT_EQ(0xff, self->p[BUF_SIZE - 1]);
}

TEST_F(buf, get_uint_reads_little_endian_byte_ranges)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 16; i++)
		self->p[i] = (uint8_t)(0x10 + i);
	ASSERT_EQ(0, nvmet_buf_get_uint(self->b, 0, 0, &v));
	EXPECT_EQ(0x10u, v);
	ASSERT_EQ(0, nvmet_buf_get_uint(self->b, 0, 1, &v));
	EXPECT_EQ(0x1110u, v);
	ASSERT_EQ(0, nvmet_buf_get_uint(self->b, 5, 7, &v));
	EXPECT_EQ(0x171615u, v);
	ASSERT_EQ(0, nvmet_buf_get_uint(self->b, 4, 7, &v));
	EXPECT_EQ(0x17161514u, v);
	ASSERT_EQ(0, nvmet_buf_get_uint(self->b, 8, 15, &v));
	EXPECT_EQ(0x1f1e1d1c1b1a1918ull, v);
	ASSERT_EQ(0, nvmet_buf_get_uint(self->b, BUF_SIZE - 2, BUF_SIZE - 1, &v));
	EXPECT_EQ(0u, v);
}

TEST_F(buf, get_uint_bad_ranges)
{
	uint64_t v = 77;

	EXPECT_EQ(-EINVAL, nvmet_buf_get_uint(self->b, 3, 2, &v)) TH_LOG("reversed range");
	EXPECT_EQ(-EINVAL, nvmet_buf_get_uint(self->b, 0, 8, &v)) TH_LOG("9 bytes");
	EXPECT_EQ(-EINVAL, nvmet_buf_get_uint(self->b, BUF_SIZE - 1, BUF_SIZE, &v));
	EXPECT_EQ(-EINVAL, nvmet_buf_get_uint(self->b, SIZE_MAX, SIZE_MAX, &v));
	EXPECT_EQ(-EINVAL, nvmet_buf_get_uint(self->b, 0, 3, NULL));
	EXPECT_EQ(-EINVAL, nvmet_buf_get_uint(NULL, 0, 3, &v));
	EXPECT_EQ(77u, v);
}

TEST_F(buf, set_uint_writes_little_endian_and_checks_the_width)
{
	uint64_t v = 0;

	ASSERT_EQ(0, nvmet_buf_set_uint(self->b, 10, 11, 0xbeef));
	EXPECT_EQ(0xef, self->p[10]);
	EXPECT_EQ(0xbe, self->p[11]);
	EXPECT_EQ(0, self->p[12]);
	ASSERT_EQ(0, nvmet_buf_set_uint(self->b, 20, 27, UINT64_MAX));
	EXPECT_TRUE(st_all_bytes(self->p + 20, 8, 0xff));
	ASSERT_EQ(0, nvmet_buf_set_uint(self->b, 33, 35, 0xabcdef));
	ASSERT_EQ(0, nvmet_buf_get_uint(self->b, 33, 35, &v));
	EXPECT_EQ(0xabcdefu, v);

	EXPECT_EQ(-ERANGE, nvmet_buf_set_uint(self->b, 40, 41, 0x10000));
	EXPECT_EQ(-ERANGE, nvmet_buf_set_uint(self->b, 40, 40, 0x100));
	EXPECT_TRUE(st_all_bytes(self->p + 40, 2, 0)) TH_LOG("an oversized value was written");
	EXPECT_EQ(-EINVAL, nvmet_buf_set_uint(self->b, 40, 48, 1));
	EXPECT_EQ(-EINVAL, nvmet_buf_set_uint(self->b, 41, 40, 1));
	EXPECT_EQ(-EINVAL, nvmet_buf_set_uint(self->b, BUF_SIZE, BUF_SIZE, 1));
}

TEST_F(buf, get_str_trims_spaces_and_nuls)
{
	char s[64];

	memcpy(self->p + 24, "QEMU NVMe Ctrl                          ", 40);
	ASSERT_EQ(0, nvmet_buf_get_str(self->b, 24, 63, s, sizeof(s)));
	EXPECT_STREQ("QEMU NVMe Ctrl", s);

	memcpy(self->p + 100, "SN 1\0 \0\0", 8);
	ASSERT_EQ(0, nvmet_buf_get_str(self->b, 100, 107, s, sizeof(s)));
	EXPECT_STREQ("SN 1", s);

	memset(self->p + 200, ' ', 20);
	ASSERT_EQ(0, nvmet_buf_get_str(self->b, 200, 219, s, sizeof(s)));
	EXPECT_STREQ("", s);
	/* Leading spaces stay. */
	memcpy(self->p + 300, "  x  ", 5);
	ASSERT_EQ(0, nvmet_buf_get_str(self->b, 300, 304, s, sizeof(s)));
	EXPECT_STREQ("  x", s);
}

TEST_F(buf, get_str_needs_room_for_the_nul)
{
	char s[8];

	memcpy(self->p, "ABCDEFGH        ", 16);
	strcpy(s, "keep");
	EXPECT_EQ(-ENOSPC, nvmet_buf_get_str(self->b, 0, 15, s, 8));
	EXPECT_STREQ("keep", s) TH_LOG("the output was written on -ENOSPC");
	EXPECT_EQ(-ENOSPC, nvmet_buf_get_str(self->b, 0, 15, s, 0));
	ASSERT_EQ(0, nvmet_buf_get_str(self->b, 0, 6, s, 8));
	EXPECT_STREQ("ABCDEFG", s);
	EXPECT_EQ(-EINVAL, nvmet_buf_get_str(self->b, 5, 4, s, 8));
	EXPECT_EQ(-EINVAL, nvmet_buf_get_str(self->b, 0, BUF_SIZE, s, 8));
	EXPECT_EQ(-EINVAL, nvmet_buf_get_str(self->b, 0, 1, NULL, 8));
}

TEST_F(buf, dump_matches_hexdump_c)
{
	static const char want[] =
		"00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 2c 20 74 68 69  |hello world, thi|\n"
		"00000010  73 20 69 73 20 61 20 74  65 73 74 20 6f 66 20 68  |s is a test of h|\n"
		"00000020  65 78 64 75 6d 70 00 00  00 00 00 00 00 00 00 00  |exdump..........|\n"
		"00000030  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
		"*\n"
		"00000080  00 00 00 00 00 00 00 00  00 00 00 00 00 41 42 43  |.............ABC|\n"
		"00000090  7f 80 ff 0a                                       |....|\n"
		"00000094\n";
	char *text;
	int ret = -1;

	memcpy(self->p, "hello world, this is a test of hexdump", 38);
	memcpy(self->p + 0x8d, "ABC\x7f\x80\xff\n", 7);
	text = dump_str(self->b, 0, 0x94, &ret);
	ASSERT_NE(NULL, text);
	EXPECT_EQ(0, ret);
	EXPECT_STREQ(want, text);
	free(text);
}

TEST_F(buf, dump_of_a_range_shows_buffer_offsets)
{
	static const char want[] =
		"00001005  30 31 32 33 34 35 36 37  38 39                    |0123456789|\n"
		"0000100f\n";
	char *text;
	int ret = -1;

	memcpy(self->p + 0x1005, "0123456789", 10);
	text = dump_str(self->b, 0x1005, 10, &ret);
	ASSERT_NE(NULL, text);
	EXPECT_EQ(0, ret);
	EXPECT_STREQ(want, text);
	free(text);

	text = dump_str(self->b, 0x1005, 0, &ret);
	ASSERT_NE(NULL, text);
	EXPECT_EQ(0, ret);
	EXPECT_STREQ("", text);
	free(text);
}

/* Equal lines collapse into one "*" however many there are, up to the end. */
TEST_F(buf, dump_collapses_repeated_lines)
{
	static const char want[] =
		"00000000  ff ff ff ff ff ff ff ff  ff ff ff ff ff ff ff ff  |................|\n"
		"*\n"
		"00010000\n";
	char *text;
	int ret = -1;

	ASSERT_EQ(0, nvmet_buf_fill(self->b, 0, BUF_SIZE, NVMET_PATTERN_ONE, 0, 0));
	text = dump_str(self->b, 0, BUF_SIZE, &ret);
	ASSERT_NE(NULL, text);
	EXPECT_EQ(0, ret);
	EXPECT_STREQ(want, text);
	free(text);
}

TEST_F(buf, dump_bad_args)
{
	char *text;
	int ret = 0;

	EXPECT_EQ(-EINVAL, nvmet_buf_dump(self->b, 0, 16, NULL));
	text = dump_str(self->b, BUF_SIZE - 8, 16, &ret);
	ASSERT_NE(NULL, text);
	EXPECT_EQ(-EINVAL, ret);
	EXPECT_STREQ("", text);
	free(text);
}

TEST_F(buf, dsm_range_layout)
{
	static const uint8_t want[16] = {
		0x04, 0x03, 0x02, 0x01,				/* context attributes */
		0x08, 0x00, 0x00, 0x00,				/* length in LBAs */
		0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,	/* starting LBA */
	};

	ASSERT_EQ(0, nvmet_buf_set_dsm_range(self->b, 2, 0x1122334455667788ull, 8, 0x01020304));
	EXPECT_EQ(0, memcmp(want, self->p + 32, 16));
	EXPECT_TRUE(st_all_bytes(self->p, 32, 0));
	EXPECT_TRUE(st_all_bytes(self->p + 48, BUF_SIZE - 48, 0));

	ASSERT_EQ(0, nvmet_buf_set_dsm_range(self->b, 255, 1, 2, 3));
	EXPECT_EQ(3u, st_le32(self->p + 4080));
	EXPECT_EQ(2u, st_le32(self->p + 4084));
	EXPECT_EQ(1u, st_le64(self->p + 4088));
	EXPECT_EQ(-EINVAL, nvmet_buf_set_dsm_range(self->b, 256, 1, 2, 3));
}

/* A range past the end of the buffer is refused (a hand-made 40-byte buffer). */
TEST_F(buf, dsm_range_past_the_buffer)
{
	uint8_t mem[40] = { 0 };
	struct nvmet_buf b = { .va = mem, .iova = 0x1000, .size = sizeof(mem) };

	EXPECT_EQ(0, nvmet_buf_set_dsm_range(&b, 1, 9, 9, 9));
	EXPECT_EQ(-EINVAL, nvmet_buf_set_dsm_range(&b, 2, 9, 9, 9));
	EXPECT_TRUE(st_all_bytes(mem + 32, 8, 0));
}

TEST_F(buf, compare_finds_the_first_difference)
{
	struct nvmet_buf *a, *b;

	ASSERT_EQ(0, nvmet_buf_alloc_host(8192, "a", &a));
	ASSERT_EQ(0, nvmet_buf_alloc_host(8192, "b", &b));
	ASSERT_EQ(0, nvmet_buf_fill(a, 0, 8192, NVMET_PATTERN_RANDOM, 100, 9));
	ASSERT_EQ(0, nvmet_buf_fill(b, 0, 8192, NVMET_PATTERN_RANDOM, 100, 9));
	EXPECT_EQ(-1, nvmet_buf_compare(a, 0, b, 0, 8192));
	((uint8_t *)b->va)[5000] ^= 1;
	((uint8_t *)b->va)[6000] ^= 1;
	EXPECT_EQ(5000, nvmet_buf_compare(a, 0, b, 0, 8192));
	EXPECT_EQ(4000, nvmet_buf_compare(a, 1000, b, 1000, 7192));
	EXPECT_EQ(-1, nvmet_buf_compare(a, 0, b, 0, 5000));
	EXPECT_EQ(-1, nvmet_buf_compare(a, 0, b, 0, 0));

	/* Other offsets in each, and one buffer with itself. */
	memcpy((uint8_t *)b->va + 100, (uint8_t *)a->va + 3000, 64);
	EXPECT_EQ(-1, nvmet_buf_compare(a, 3000, b, 100, 64));
	EXPECT_EQ(0, nvmet_buf_compare(a, 3000, b, 101, 64));
	EXPECT_EQ(-1, nvmet_buf_compare(a, 10, a, 10, 100));

	EXPECT_EQ(-EINVAL, nvmet_buf_compare(a, 1, b, 0, 8192));
	EXPECT_EQ(-EINVAL, nvmet_buf_compare(a, 0, b, 8193, 0));
	EXPECT_EQ(-EINVAL, nvmet_buf_compare(a, 0, NULL, 0, 1));
	nvmet_buf_free(a);
	nvmet_buf_free(b);
}

TEST_HARNESS_MAIN
