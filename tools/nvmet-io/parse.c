// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * parse.c - numbers, sizes, times and switches as fio spells them, and
 * sizes printed back the same way.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tool.h"

/* Decimal, or hex after 0x. Return: 0, -EINVAL, -ERANGE (over @max). */
int parse_count(const char *s, uint64_t max, uint64_t *out)
{
	const char *digits = s;
	unsigned long long v;
	int base = 10;
	char *end;
	size_t i;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		digits = s + 2;
	}
	if (!digits[0])
		return -EINVAL;
	for (i = 0; digits[i]; i++) {
		if (base == 16 ? !isxdigit((unsigned char)digits[i]) :
				 !isdigit((unsigned char)digits[i]))
			return -EINVAL;
	}
	errno = 0;
	v = strtoull(digits, &end, base);
	if (errno == ERANGE || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

static int unit_shift(const char **p)
{
	const char *s = *p;
	int shift;

	switch (tolower((unsigned char)*s)) {
	case 'k': shift = 10; break;
	case 'm': shift = 20; break;
	case 'g': shift = 30; break;
	case 't': shift = 40; break;
	case 'p': shift = 50; break;
	case 'b': *p = s + 1; return 0;
	case '\0': return 0;
	default: return -1;
	}
	s++;
	if (*s == 'i' || *s == 'I')
		s++;
	if (*s == 'b' || *s == 'B')
		s++;
	*p = s;
	return shift;
}

/* Bytes: 4096, 4k, 4K, 4KiB, 1m, 2g, 0x1000 (powers of 1024, as fio's default). */
int parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	const char *p;
	char *end;
	int shift;

	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno)
		return -ERANGE;
	p = end;
	shift = unit_shift(&p);
	if (shift < 0 || *p)
		return -EINVAL;
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	*out = (uint64_t)v << shift;
	return 0;
}

/* Seconds by default; us, ms, s, m, h, d suffixes. */
int parse_time_ms(const char *s, uint64_t *out)
{
	static const struct { const char *sfx; double ms; } units[] = {
		{ "", 1000 }, { "s", 1000 }, { "sec", 1000 }, { "ms", 1 }, { "msec", 1 },
		{ "us", 0.001 }, { "usec", 0.001 }, { "m", 60000 }, { "min", 60000 },
		{ "h", 3600000 }, { "d", 86400000 },
	};
	char *end;
	double v;
	size_t i;

	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (errno || !isfinite(v))
		return -ERANGE;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcasecmp(end, units[i].sfx))
			continue;
		v *= units[i].ms;
		if (v > 1e15)
			return -ERANGE;
		*out = (uint64_t)llround(v);
		if (!*out && v > 0)
			*out = 1;
		return 0;
	}
	return -EINVAL;
}

int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "1", "true", "yes", "on" };
	static const char *const no[] = { "0", "false", "no", "off" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i]) || !strcasecmp(s, no[i])) {
			*out = !strcasecmp(s, yes[i]);
			return 0;
		}
	}
	return -EINVAL;
}

int parse_double(const char *s, double *out)
{
	char *end;

	if (!isdigit((unsigned char)s[0]) && s[0] != '.')
		return -EINVAL;
	errno = 0;
	*out = strtod(s, &end);
	if (errno || *end || !isfinite(*out))
		return -EINVAL;
	return 0;
}

/* "4096" -> "4K", "1536" -> "1536": exact units only, as fio prints bs. */
const char *size_str(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = "KMGTP";
	unsigned int u = 0;

	if (!bytes) {
		snprintf(buf, len, "0");
		return buf;
	}
	while (u < 5 && !(bytes & 1023)) {
		bytes >>= 10;
		u++;
	}
	if (u)
		snprintf(buf, len, "%" PRIu64 "%c", bytes, units[u - 1]);
	else
		snprintf(buf, len, "%" PRIu64, bytes);
	return buf;
}
