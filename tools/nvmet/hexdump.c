// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hexdump.c - offset, 16 bytes in hex, and the printable ones.
 */
#include <ctype.h>

#include "tool.h"

void hexdump(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t i, j;

	for (i = 0; i < len; i += 16) {
		printf("%04zx:", i);
		for (j = i; j < i + 16; j++) {
			if (j < len)
				printf(" %02x", p[j]);
			else
				printf("   ");
		}
		printf("  |");
		for (j = i; j < i + 16 && j < len; j++)
			putchar(isprint(p[j]) ? p[j] : '.');
		printf("|\n");
	}
}
