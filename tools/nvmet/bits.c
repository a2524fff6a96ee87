// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bits.c - one line per field of a value, for -H.
 */
#include <stdio.h>

#include "bits.h"

void print_bits(uint64_t v, const struct bitf *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t x = bits_get(v, f[i].hi, f[i].lo);
		const char *name;

		if (f[i].kind == BF_RSVD && !x)
			continue;
		printf("  [%u:%u] : %#llx\t", f[i].hi, f[i].lo, (unsigned long long)x);
		switch (f[i].kind) {
		case BF_SUP:
			printf("%s %sSupported\n", f[i].text, x ? "" : "Not ");
			break;
		case BF_ALT:
			printf("%s\n", x ? f[i].text : f[i].alt);
			break;
		case BF_ENUM:
			name = x < f[i].nnames && f[i].names[x] ? f[i].names[x] : "Reserved";
			printf("%s\n", name);
			break;
		default:
			printf("%s\n", f[i].text);
		}
	}
	printf("\n");
}
