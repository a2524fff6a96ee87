// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * buffer_pattern.c - data patterns: zero, one, a repeated dword, and
 * seeded pseudo-random data of a chosen compressibility.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>

#include "buffer_priv.h"

/* Random data is laid out per chunk of this many bytes of the buffer. */
#define RANDOM_CHUNK	4096u

#define SPLITMIX_GAMMA	0x9e3779b97f4a7c15ull

/* The SplitMix64 output function: a bijection that scatters every input bit. */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/*
 * SplitMix64 in counter mode: word @w of the stream of @key, so that any
 * part of a buffer can be filled without generating what comes before it.
 */
static uint64_t random_word(uint64_t key, uint64_t w)
{
	return mix64(key + (w + 1) * SPLITMIX_GAMMA);
}

static uint8_t random_byte(uint64_t key, size_t off)
{
	return (uint8_t)(random_word(key, off / 8) >> (8 * (off % 8)));
}

/* Random bytes for the buffer offsets [off, off + len). */
static void fill_random_bytes(uint8_t *p, size_t off, size_t len, uint64_t key)
{
	uint64_t w;

	for (; len && off % 8; p++, off++, len--)
		*p = random_byte(key, off);
	for (; len >= 8; p += 8, off += 8, len -= 8) {
		w = htole64(random_word(key, off / 8));
		memcpy(p, &w, 8);
	}
	for (; len; p++, off++, len--)
		*p = random_byte(key, off);
}

static void fill_random(uint8_t *p, size_t off, size_t len, unsigned int pct, uint64_t seed)
{
	size_t nrand = (RANDOM_CHUNK * pct + 50) / 100;
	uint64_t key = mix64(seed ^ SPLITMIX_GAMMA);
	size_t in_chunk, n, r;

	while (len) {
		in_chunk = off % RANDOM_CHUNK;
		n = RANDOM_CHUNK - in_chunk;
		if (n > len)
			n = len;
		r = in_chunk < nrand ? nrand - in_chunk : 0;
		if (r > n)
			r = n;
		fill_random_bytes(p, off, r, key);
		memset(p + r, 0, n - r);
		p += n;
		off += n;
		len -= n;
	}
}

static void fill_dword(uint8_t *p, size_t off, size_t len, uint32_t value)
{
	uint64_t w = htole64((uint64_t)value << 32 | value);
	const uint8_t *b = (const uint8_t *)&w;

	for (; len && off % 8; p++, off++, len--)
		*p = b[off % 8];
	for (; len >= 8; p += 8, off += 8, len -= 8)
		memcpy(p, &w, 8);
	for (; len; p++, off++, len--)
		*p = b[off % 8];
}

int nvmet_buf_fill(struct nvmet_buf *buf, size_t offset, size_t len, enum nvmet_pattern type,
		   uint32_t value, uint64_t seed)
{
	uint8_t *p;

	if (!buf_range_ok(buf, offset, len))
		return -EINVAL;
	p = buf_at(buf, offset);
	switch (type) {
	case NVMET_PATTERN_ZERO:
		memset(p, 0, len);
		return 0;
	case NVMET_PATTERN_ONE:
		memset(p, 0xff, len);
		return 0;
	case NVMET_PATTERN_DWORD:
		fill_dword(p, offset, len, value);
		return 0;
	case NVMET_PATTERN_RANDOM:
		if (value > 100)
			return -EINVAL;
		fill_random(p, offset, len, value, seed);
		return 0;
	}
	return -EINVAL;
}
