// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lists.c - the list-valued options: --bssplit, --op-mix (and opcode
 * names), --percentile_list, --cpus_allowed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tool.h"

/* Splits @s at @sep into at most @max pieces; they point into @copy. */
static int split(char *copy, char sep, char **pieces, unsigned int max)
{
	unsigned int n = 0;
	char *p = copy, *q;

	for (;;) {
		if (n == max)
			return -E2BIG;
		pieces[n++] = p;
		q = strchr(p, sep);
		if (!q)
			return (int)n;
		*q = '\0';
		p = q + 1;
	}
}

/* "4k/50:64k/30:128k" (entries without a percent share what is left). */
int parse_bssplit(const char *s, struct job *j, char *err, size_t len)
{
	char *copy = strdup(s), *piece[NVMET_IOW_MAX_SIZES];
	unsigned int i, unset = 0, sum = 0;
	int n, ret = -EINVAL;

	if (!copy)
		return -ENOMEM;
	n = split(copy, ':', piece, NVMET_IOW_MAX_SIZES);
	if (n < 0) {
		snprintf(err, len, "at most %u sizes", NVMET_IOW_MAX_SIZES);
		goto out;
	}
	for (i = 0; i < (unsigned int)n; i++) {
		char *slash = strchr(piece[i], '/');
		uint64_t pct = 0;

		if (slash)
			*slash = '\0';
		if (parse_size(piece[i], &j->split[i].bytes) || !j->split[i].bytes) {
			snprintf(err, len, "'%s' is not a size (like 4k or 64k/50)", piece[i]);
			goto out;
		}
		if (slash && (parse_count(slash + 1, 100, &pct) || !pct)) {
			snprintf(err, len, "'%s' is not a percent from 1 to 100", slash + 1);
			goto out;
		}
		j->split[i].weight = (uint32_t)pct;
		unset += !slash;
		sum += (unsigned int)pct;
	}
	if (sum > 100 || (!unset && sum != 100) || (unset && sum + unset > 100)) {
		snprintf(err, len, "the percents add up to %u, not 100", sum);
		goto out;
	}
	for (i = 0; unset && i < (unsigned int)n; i++) {
		if (!j->split[i].weight)
			j->split[i].weight = (100 - sum) / unset;
	}
	j->nr_split = (unsigned int)n;
	ret = 0;
out:
	free(copy);
	return ret;
}

static const struct {
	const char *name;
	uint8_t opc;
} opcodes[] = {
	{ "read", NVMET_CMD_READ },
	{ "write", NVMET_CMD_WRITE },
	{ "trim", NVMET_CMD_DSM },
	{ "dsm", NVMET_CMD_DSM },
	{ "write_zeroes", NVMET_CMD_WRITE_ZEROES },
	{ "compare", NVMET_CMD_COMPARE },
	{ "flush", NVMET_CMD_FLUSH },
	{ "verify", NVMET_CMD_VERIFY },
	{ "write_uncor", NVMET_CMD_WRITE_UNCOR },
};

#define NR_OPCODES (sizeof(opcodes) / sizeof(opcodes[0]))

/* A name (dashes or underscores), or a number 0..255. */
int parse_opcode(const char *s, uint8_t *opc)
{
	char name[32];
	uint64_t v;
	size_t i;

	if (!parse_count(s, 255, &v)) {
		*opc = (uint8_t)v;
		return 0;
	}
	snprintf(name, sizeof(name), "%s", s);
	for (i = 0; name[i]; i++)
		name[i] = name[i] == '-' ? '_' : name[i];
	for (i = 0; i < NR_OPCODES; i++) {
		if (!strcasecmp(name, opcodes[i].name)) {
			*opc = opcodes[i].opc;
			return 0;
		}
	}
	return -EINVAL;
}

/* "read:50,write:30,trim:10,write_zeroes:10" or "2:70,1:30". */
int parse_opmix(const char *s, struct job *j, char *err, size_t len)
{
	char *copy = strdup(s), *piece[NVMET_IOW_MAX_OPS];
	unsigned int i, sum = 0;
	int n, ret = -EINVAL;

	if (!copy)
		return -ENOMEM;
	n = split(copy, ',', piece, NVMET_IOW_MAX_OPS);
	if (n < 0) {
		snprintf(err, len, "at most %u opcodes", NVMET_IOW_MAX_OPS);
		goto out;
	}
	for (i = 0; i < (unsigned int)n; i++) {
		char *colon = strchr(piece[i], ':');
		uint64_t pct;

		if (!colon) {
			snprintf(err, len, "'%s' is not OPCODE:PERCENT", piece[i]);
			goto out;
		}
		*colon = '\0';
		if (parse_opcode(piece[i], &j->ops[i].opc)) {
			snprintf(err, len, "unknown opcode '%s' (read, write, trim, write_zeroes,"
				 " compare, flush, verify, write_uncor or a number)", piece[i]);
			goto out;
		}
		if (parse_count(colon + 1, 100, &pct)) {
			snprintf(err, len, "'%s' is not a percent from 0 to 100", colon + 1);
			goto out;
		}
		j->ops[i].percent = (uint32_t)pct;
		sum += (unsigned int)pct;
	}
	if (sum != 100) {
		snprintf(err, len, "the percents add up to %u, not 100", sum);
		goto out;
	}
	j->nr_ops = (unsigned int)n;
	ret = 0;
out:
	free(copy);
	return ret;
}

/* "50:99:99.9" (fio's separator), commas accepted too. */
int parse_percentiles(const char *s, struct job *j, char *err, size_t len)
{
	char *copy = strdup(s), *piece[NVMET_IOW_MAX_PCT], *c;
	unsigned int i;
	int n, ret = -EINVAL;

	if (!copy)
		return -ENOMEM;
	for (c = copy; *c; c++)
		*c = *c == ',' ? ':' : *c;
	n = split(copy, ':', piece, NVMET_IOW_MAX_PCT);
	if (n < 0) {
		snprintf(err, len, "at most %u percentiles", NVMET_IOW_MAX_PCT);
		goto out;
	}
	for (i = 0; i < (unsigned int)n; i++) {
		if (parse_double(piece[i], &j->pct[i]) || j->pct[i] <= 0 || j->pct[i] >= 100) {
			snprintf(err, len, "'%s' is not a percentile above 0 and below 100",
				 piece[i]);
			goto out;
		}
	}
	j->nr_pct = (unsigned int)n;
	ret = 0;
out:
	free(copy);
	return ret;
}

/* "0-3,6,8-9". */
int parse_cpulist(const char *s, cpu_set_t *set, char *err, size_t len)
{
	char *copy = strdup(s), *piece[CPU_SETSIZE];
	unsigned int i;
	int n, ret = -EINVAL;

	if (!copy)
		return -ENOMEM;
	CPU_ZERO(set);
	n = split(copy, ',', piece, CPU_SETSIZE);
	for (i = 0; n > 0 && i < (unsigned int)n; i++) {
		char *dash = strchr(piece[i], '-');
		uint64_t lo, hi;

		if (dash)
			*dash = '\0';
		if (parse_count(piece[i], CPU_SETSIZE - 1, &lo) ||
		    (dash && parse_count(dash + 1, CPU_SETSIZE - 1, &hi)) || (dash && hi < lo)) {
			snprintf(err, len, "'%s' is not a CPU list (like 0-3,6)", s);
			goto out;
		}
		if (!dash)
			hi = lo;
		for (; lo <= hi; lo++)
			CPU_SET(lo, set);
	}
	if (n < 0) {
		snprintf(err, len, "too many entries");
		goto out;
	}
	ret = 0;
out:
	free(copy);
	return ret;
}
