// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * verify_data.c - what inline verification writes into an LBA and how it
 * checks one read back, a 64-bit word at a time.
 *
 * An LBA of n words holds its LBA number in word 0, its write token in
 * word n-1 and, in words 1..n-2, token * K_TOKEN ^ j * K_INDEX. Its check
 * value is a function of the whole content: for such "stamped" content it
 * is an even hash of (LBA, token), and the check verifies every word
 * against the pattern the token gives, so any changed byte is caught, not
 * only with probability 1 - 2^-16; any other content (data written by the
 * caller without nvmet_verify_fill()) gets an odd hash of all its words.
 * Values 0 and 1 are never produced (the table's UNKNOWN and ZERO).
 */
#include <endian.h>
#include <stdatomic.h>
#include <string.h>

#include "verify_priv.h"

#define K_TOKEN		0x9e3779b97f4a7c15ull
#define K_INDEX		0xc2b2ae3d27d4eb4full
#define K_MIX1		0xff51afd7ed558ccdull
#define K_MIX2		0xc4ceb9fe1a85ec53ull

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define VDATA_VECTOR	1
/* Two words: SSE2 on any x86-64, NEON on arm64; loops do two of them at once. */
typedef uint64_t v2u64 __attribute__((vector_size(16)));
#endif

static _Atomic uint64_t next_token = 1;

uint64_t nvmet_vdata_tokens(uint32_t n)
{
	return atomic_fetch_add_explicit(&next_token, n, memory_order_relaxed);
}

static inline uint64_t get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

static inline void put64(uint8_t *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, sizeof(v));
}

static inline uint64_t rotl(uint64_t x, unsigned int r)
{
	return x << r | x >> (64 - r);
}

static inline uint64_t fmix(uint64_t h)
{
	h ^= h >> 33;
	h *= K_MIX1;
	h ^= h >> 33;
	h *= K_MIX2;
	h ^= h >> 33;
	return h;
}

/* The value of stamped content: even, never 0. */
static uint16_t stamped_value(uint64_t lba, uint64_t token)
{
	uint16_t v = (uint16_t)(fmix(lba * K_INDEX ^ fmix(token)) >> 48) & 0xfffe;

	return v ? v : 2;
}

void nvmet_vdata_stamp(void *lba_data, uint32_t lbs, uint64_t lba, uint64_t token)
{
	uint8_t *p = lba_data;
	uint32_t last = lbs / 8 - 1, j = 1;
	uint64_t base = token * K_TOKEN;

#ifdef VDATA_VECTOR
	{
		v2u64 i0 = { K_INDEX, 2 * K_INDEX }, i1 = { 3 * K_INDEX, 4 * K_INDEX };
		v2u64 vbase = (v2u64){ 0 } + base, w0, w1;

		for (; j + 4 <= last; j += 4) {
			w0 = vbase ^ i0;
			w1 = vbase ^ i1;
			memcpy(p + 8 * j, &w0, sizeof(w0));
			memcpy(p + 8 * j + 16, &w1, sizeof(w1));
			i0 += 4 * K_INDEX;
			i1 += 4 * K_INDEX;
		}
	}
#endif
	for (; j < last; j++)
		put64(p + 8 * j, base ^ (j * K_INDEX));
	put64(p, lba);
	put64(p + 8 * last, token);
}

/* OR of every middle word XOR what the stamp of @token puts there: 0 when they match. */
static uint64_t deviation(const uint8_t *p, uint32_t last, uint64_t token)
{
	uint64_t base = token * K_TOKEN, dev = 0;
	uint32_t j = 1;

#ifdef VDATA_VECTOR
	{
		v2u64 i0 = { K_INDEX, 2 * K_INDEX }, i1 = { 3 * K_INDEX, 4 * K_INDEX };
		v2u64 vbase = (v2u64){ 0 } + base, a0 = { 0 }, a1 = { 0 }, w0, w1;

		for (; j + 4 <= last; j += 4) {
			memcpy(&w0, p + 8 * j, sizeof(w0));
			memcpy(&w1, p + 8 * j + 16, sizeof(w1));
			a0 |= w0 ^ vbase ^ i0;
			a1 |= w1 ^ vbase ^ i1;
			i0 += 4 * K_INDEX;
			i1 += 4 * K_INDEX;
		}
		a0 |= a1;
		dev = a0[0] | a0[1];
	}
#endif
	for (; j < last; j++)
		dev |= get64(p + 8 * j) ^ base ^ (j * K_INDEX);
	return dev;
}

/* A hash of all @n words and the LBA number: odd, never 1. */
static uint16_t content_value(const uint8_t *p, uint32_t n, uint64_t lba)
{
	uint64_t h[4] = { lba, lba ^ K_TOKEN, lba ^ K_INDEX, lba ^ K_MIX1 };
	uint32_t j = 0, k;
	uint16_t v;

	for (; j + 4 <= n; j += 4) {
		for (k = 0; k < 4; k++)
			h[k] = rotl(h[k] ^ get64(p + 8 * (j + k)), 29) * K_MIX2;
	}
	for (; j < n; j++)
		h[0] = rotl(h[0] ^ get64(p + 8 * j), 31) * K_MIX1;
	v = (uint16_t)(fmix(h[0] ^ fmix(h[1] ^ fmix(h[2] ^ fmix(h[3] ^ n)))) >> 48) | 1;
	return v == 1 ? 3 : v;
}

static bool all_zero(const uint8_t *p, uint32_t n)
{
	uint64_t acc = 0;
	uint32_t j = 0;

#ifdef VDATA_VECTOR
	{
		v2u64 a0 = { 0 }, a1 = { 0 }, w0, w1;

		for (; j + 4 <= n; j += 4) {
			memcpy(&w0, p + 8 * j, sizeof(w0));
			memcpy(&w1, p + 8 * j + 16, sizeof(w1));
			a0 |= w0;
			a1 |= w1;
		}
		a0 |= a1;
		acc = a0[0] | a0[1];
	}
#endif
	for (; j < n; j++)
		acc |= get64(p + 8 * j);
	return !acc;
}

uint16_t nvmet_vdata_value(const void *lba_data, uint32_t lbs, uint64_t lba)
{
	const uint8_t *p = lba_data;
	uint32_t last = lbs / 8 - 1;
	uint64_t token = get64(p + 8 * last);

	if (get64(p) == lba && !deviation(p, last, token))
		return stamped_value(lba, token);
	return content_value(p, last + 1, lba);
}

uint64_t nvmet_vdata_token(const void *lba_data, uint32_t lbs)
{
	return get64((const uint8_t *)lba_data + lbs - 8);
}

bool nvmet_vdata_stamped(const void *lba_data, uint32_t lbs, uint64_t lba, uint64_t *token)
{
	const uint8_t *p = lba_data;
	uint32_t last = lbs / 8 - 1;

	*token = get64(p + 8 * last);
	return *token && get64(p) == lba && !deviation(p, last, *token);
}

bool nvmet_vdata_match(const void *lba_data, uint32_t lbs, uint64_t lba, uint16_t expect)
{
	const uint8_t *p = lba_data;
	uint32_t last = lbs / 8 - 1;
	uint64_t token;

	if (expect == NVMET_VERIFY_UNKNOWN)
		return true;
	if (expect == NVMET_VERIFY_ZERO)
		return all_zero(p, last + 1);
	if (expect & 1)
		return content_value(p, last + 1, lba) == expect;
	token = get64(p + 8 * last);
	return get64(p) == lba && stamped_value(lba, token) == expect &&
	       !deviation(p, last, token);
}
