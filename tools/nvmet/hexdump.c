// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hexdump.c - data in hex as nvme-cli dumps it: a header of column
 * numbers, then per 16 bytes the offset, the bytes and the printable ones
 * in quotes, so that dumps of the two tools compare line for line.
 */
#include "tool.h"

void hexdump(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t i, j;

	printf("     ");
	for (i = 0; i < 16; i++)
		printf("%3zx", i);
	for (i = 0; i < len; i += 16) {
		printf("\n%04zx:", i);
		for (j = i; j < i + 16; j++) {
			if (j < len)
				printf(" %02x", p[j]);
			else
				printf("   ");
		}
		printf(" \"");
		for (j = i; j < i + 16 && j < len; j++)
			putchar(p[j] >= '!' && p[j] <= '~' ? p[j] : '.');
		printf("\"");
	}
	printf("\n");
}
