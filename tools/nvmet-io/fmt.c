// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fmt.c - numbers for people, as fio prints them: 14.6k IOPS, 26.9MiB/s
 * (28.2MB/s), an ETA.
 */
#include <inttypes.h>

#include "tool.h"

/* @v with 3 or 4 significant digits and a k/M/G suffix of powers of @base. */
static const char *scaled(double v, double base, const char *const units[4], char *buf,
			  size_t len)
{
	unsigned int u = 0;

	while (v >= 10000 && u < 3) {
		v /= base;
		u++;
	}
	if (!u || v >= 100)
		snprintf(buf, len, "%.0f%s", v, units[u]);
	else if (v >= 10)
		snprintf(buf, len, "%.1f%s", v, units[u]);
	else
		snprintf(buf, len, "%.2f%s", v, units[u]);
	return buf;
}

const char *iops_str(double v, char *buf, size_t len)
{
	static const char *const u[] = { "", "k", "M", "G" };

	return scaled(v, 1000, u, buf, len);
}

/* "26.9MiB/s (28.2MB/s)". */
const char *bw_str(double bytes_per_s, char *buf, size_t len)
{
	static const char *const bin[] = { "B/s", "KiB/s", "MiB/s", "GiB/s" };
	static const char *const dec[] = { "B/s", "kB/s", "MB/s", "GB/s" };
	char a[32], b[32];

	snprintf(buf, len, "%s (%s)", scaled(bytes_per_s, 1024, bin, a, sizeof(a)),
		 scaled(bytes_per_s, 1000, dec, b, sizeof(b)));
	return buf;
}

/* "1984KiB", "19.5GiB". */
const char *bytes_str(uint64_t bytes, char *buf, size_t len)
{
	static const char *const u[] = { "B", "KiB", "MiB", "GiB" };

	return scaled((double)bytes, 1024, u, buf, len);
}

const char *eta_str(uint64_t ms, char *buf, size_t len)
{
	uint64_t s = (ms + 999) / 1000;

	if (s >= 3600)
		snprintf(buf, len, "%02" PRIu64 "h:%02" PRIu64 "m:%02" PRIu64 "s", s / 3600,
			 s / 60 % 60, s % 60);
	else
		snprintf(buf, len, "%02" PRIu64 "m:%02" PRIu64 "s", s / 60, s % 60);
	return buf;
}
