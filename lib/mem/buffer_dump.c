// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * buffer_dump.c - hex dump of a buffer range in the format of hexdump -C.
 */
#include <errno.h>
#include <string.h>

#include "buffer_priv.h"

#define DUMP_LINE	16u

static void dump_line(FILE *f, size_t offset, const uint8_t *p, size_t n)
{
	size_t i;

	fprintf(f, "%08zx  ", offset);
	for (i = 0; i < DUMP_LINE; i++) {
		if (i < n)
			fprintf(f, "%02x ", p[i]);
		else
			fputs("   ", f);
		if (i == DUMP_LINE / 2 - 1)
			fputc(' ', f);
	}
	fputs(" |", f);
	for (i = 0; i < n; i++)
		fputc(p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '.', f);
	fputs("|\n", f);
}

int nvmet_buf_dump(const struct nvmet_buf *buf, size_t offset, size_t len, FILE *f)
{
	const uint8_t *p, *prev = NULL;
	int starred = 0;
	size_t pos, n;

	if (!f || !buf_range_ok(buf, offset, len))
		return -EINVAL;
	if (!len)
		return 0;
	p = buf_at(buf, offset);
	for (pos = 0; pos < len; pos += n) {
		n = len - pos < DUMP_LINE ? len - pos : DUMP_LINE;
		if (prev && n == DUMP_LINE && !memcmp(prev, p + pos, DUMP_LINE)) {
			if (!starred)
				fputs("*\n", f);
			starred = 1;
			continue;
		}
		dump_line(f, offset + pos, p + pos, n);
		prev = p + pos;
		starred = 0;
	}
	fprintf(f, "%08zx\n", offset + len);
	return ferror(f) ? -EIO : 0;
}
