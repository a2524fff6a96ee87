/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * field_priv.h - reading the fields of NVMe data structures: little-endian
 * integers and space-padded ASCII, for buffers and identify data alike.
 */
#ifndef NVMET_FIELD_PRIV_H
#define NVMET_FIELD_PRIV_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The @n (at most 8) bytes at @p as a little-endian integer. */
static inline uint64_t nvmet_field_le(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/*
 * The @n bytes at @p without trailing spaces and NULs, NUL terminated in
 * @out; -ENOSPC (and @out untouched) when they do not fit in @outlen.
 */
static inline int nvmet_field_ascii(const uint8_t *p, size_t n, char *out, size_t outlen)
{
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\0'))
		n--;
	if (n >= outlen)
		return -ENOSPC;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

#endif /* NVMET_FIELD_PRIV_H */
