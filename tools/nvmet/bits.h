/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bits.h - -H decoding of a value field by field, in nvme-cli's layout
 * ("  [3:3] : 0x1\tNS Management and Attachment Supported"), from a table
 * per field.
 */
#ifndef NVMET_BITS_H
#define NVMET_BITS_H

#include <stddef.h>
#include <stdint.h>

enum bitf_kind {
	BF_SUP,		/* "TEXT Supported" / "TEXT Not Supported" */
	BF_ALT,		/* TEXT when the field is non-zero, ALT when zero */
	BF_VAL,		/* the value, then TEXT */
	BF_ENUM,	/* the name of the value, NAMES[v] ("Reserved" past the end) */
	BF_RSVD,	/* "Reserved", shown only when non-zero */
};

struct bitf {
	uint8_t hi, lo;
	uint8_t kind;
	const char *text;
	const char *alt;
	const char *const *names;
	unsigned int nnames;
};

#define BITS_N(a)		(sizeof(a) / sizeof((a)[0]))
#define BF_S(h, l, t)		{ h, l, BF_SUP, t, NULL, NULL, 0 }
#define BF_A(h, l, on, off)	{ h, l, BF_ALT, on, off, NULL, 0 }
#define BF_V(h, l, t)		{ h, l, BF_VAL, t, NULL, NULL, 0 }
#define BF_E(h, l, n)		{ h, l, BF_ENUM, NULL, NULL, n, BITS_N(n) }
#define BF_R(h, l)		{ h, l, BF_RSVD, "Reserved", NULL, NULL, 0 }

/* The field of @v between bits @hi and @lo, inclusive. */
static inline uint64_t bits_get(uint64_t v, unsigned int hi, unsigned int lo)
{
	return (v >> lo) & (hi - lo >= 63 ? ~0ull : (1ull << (hi - lo + 1)) - 1);
}

/* Every field of @f for @v, then an empty line. */
void print_bits(uint64_t v, const struct bitf *f, size_t n);

#endif /* NVMET_BITS_H */
