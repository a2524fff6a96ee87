/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * support/bytes.h - NVMe data structures byte by byte: little-endian
 * integers at any alignment (PRP lists, identify data, log pages and PDUs
 * are little endian and not always aligned for the host), and the
 * space-padded ASCII fields of identify data.
 */
#ifndef NVMET_SUPPORT_BYTES_H
#define NVMET_SUPPORT_BYTES_H

#include <endian.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline void nvmet_put_le16(void *p, uint16_t v)
{
	v = htole16(v);
	memcpy(p, &v, sizeof(v));
}

static inline void nvmet_put_le32(void *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, sizeof(v));
}

static inline void nvmet_put_le64(void *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, sizeof(v));
}

static inline uint16_t nvmet_get_le16(const void *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return le16toh(v);
}

static inline uint32_t nvmet_get_le32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

static inline uint64_t nvmet_get_le64(const void *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

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

/* @s in a field of @len bytes, space padded (cut when longer). */
static inline void nvmet_put_ascii(uint8_t *p, size_t len, const char *s)
{
	size_t n = strlen(s);

	memset(p, ' ', len);
	memcpy(p, s, n < len ? n : len);
}

#endif /* NVMET_SUPPORT_BYTES_H */
