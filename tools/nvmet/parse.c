// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * parse.c - numbers and PCI addresses from the command line.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

/* Decimal, or hex after 0x; nothing else (no sign, no spaces, no octal). */
int parse_u64(const struct cmd *cmd, const char *what, const char *s, uint64_t max,
	      uint64_t *out)
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
		goto bad;
	for (i = 0; digits[i]; i++) {
		if (base == 16 ? !isxdigit((unsigned char)digits[i]) :
				 !isdigit((unsigned char)digits[i]))
			goto bad;
	}
	errno = 0;
	v = strtoull(digits, &end, base);
	if ((errno == ERANGE || v > max) && max <= 65536)
		return usage_error(cmd, "%s '%s' out of range (at most %llu)", what, s,
				   (unsigned long long)max);
	if (errno == ERANGE || v > max)
		return usage_error(cmd, "%s '%s' out of range (at most %#llx)", what, s,
				   (unsigned long long)max);
	if (errno || *end)
		goto bad;
	*out = v;
	return 0;
bad:
	return usage_error(cmd, "%s '%s' is not a number (decimal or 0x hex)", what, s);
}

int parse_u32(const struct cmd *cmd, const char *what, const char *s, uint32_t max,
	      uint32_t *out)
{
	uint64_t v;
	int ret;

	ret = parse_u64(cmd, what, s, max, &v);
	if (!ret)
		*out = (uint32_t)v;
	return ret;
}

/*
 * DDDD:BB:DD.F; upper-case hex is accepted and written in lower case, as
 * sysfs and libnvmet spell it. Return: 0, or -1 when @s is no PCI address.
 */
int bdf_normalize(const char *s, char bdf[static 13])
{
	static const char form[] = "xxxx:xx:xx.x";
	size_t i;

	if (strlen(s) != sizeof(form) - 1)
		return -1;
	for (i = 0; form[i]; i++) {
		if (form[i] == 'x' ? !isxdigit((unsigned char)s[i]) : s[i] != form[i])
			return -1;
		bdf[i] = (char)tolower((unsigned char)s[i]);
	}
	bdf[i] = '\0';
	return bdf[8] > '1' || bdf[11] > '7' ? -1 : 0;
}

int parse_bdf(const struct cmd *cmd, const char *s, char bdf[static 13])
{
	if (bdf_normalize(s, bdf))
		return usage_error(cmd, "'%s' is not a PCI address (DDDD:BB:DD.F)", s);
	return 0;
}
