// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * buffer_compare.c - where two buffer ranges first differ.
 */
#include <errno.h>
#include <string.h>

#include "buffer_priv.h"

ssize_t nvmet_buf_compare(const struct nvmet_buf *a, size_t a_off, const struct nvmet_buf *b,
			  size_t b_off, size_t len)
{
	const uint8_t *pa, *pb;
	size_t i;

	if (!buf_range_ok(a, a_off, len) || !buf_range_ok(b, b_off, len))
		return -EINVAL;
	pa = buf_at(a, a_off);
	pb = buf_at(b, b_off);
	if (!memcmp(pa, pb, len))
		return -1;
	for (i = 0; pa[i] == pb[i]; i++)
		;
	return (ssize_t)i;
}
