// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * buffer_field.c - little-endian integer and ASCII fields of a buffer,
 * addressed by inclusive byte range, and Dataset Management ranges.
 */
#include <errno.h>
#include <string.h>

#include "buffer_priv.h"
#include "support/bytes.h"

#define DSM_RANGE_BYTES		16u
#define DSM_RANGES_MAX		256u

/* The byte count of the field [begin, end], or 0 when it is not a valid range. */
static size_t field_len(const struct nvmet_buf *buf, size_t begin, size_t end)
{
	if (!buf || end < begin || end >= buf->size)
		return 0;
	return end - begin + 1;
}

int nvmet_buf_get_uint(const struct nvmet_buf *buf, size_t begin, size_t end, uint64_t *val)
{
	size_t n = field_len(buf, begin, end);

	if (!n || n > 8 || !val)
		return -EINVAL;
	*val = nvmet_field_le(buf_at(buf, begin), n);
	return 0;
}

int nvmet_buf_set_uint(struct nvmet_buf *buf, size_t begin, size_t end, uint64_t val)
{
	size_t i, n = field_len(buf, begin, end);
	uint8_t *p;

	if (!n || n > 8)
		return -EINVAL;
	if (n < 8 && val >> (8 * n))
		return -ERANGE;
	p = buf_at(buf, begin);
	for (i = 0; i < n; i++, val >>= 8)
		p[i] = (uint8_t)val;
	return 0;
}

int nvmet_buf_get_str(const struct nvmet_buf *buf, size_t begin, size_t end, char *out,
		      size_t outlen)
{
	size_t n = field_len(buf, begin, end);

	if (!n || !out)
		return -EINVAL;
	return nvmet_field_ascii(buf_at(buf, begin), n, out, outlen);
}

int nvmet_buf_set_dsm_range(struct nvmet_buf *buf, unsigned int index, uint64_t slba,
			    uint32_t nlb, uint32_t attr)
{
	size_t off = (size_t)index * DSM_RANGE_BYTES;

	if (index >= DSM_RANGES_MAX || !buf_range_ok(buf, off, DSM_RANGE_BYTES))
		return -EINVAL;
	nvmet_buf_set_uint(buf, off, off + 3, attr);
	nvmet_buf_set_uint(buf, off + 4, off + 7, nlb);
	nvmet_buf_set_uint(buf, off + 8, off + 15, slba);
	return 0;
}
