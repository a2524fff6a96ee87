// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * workload.c - workloads from files: a distribution's 100 region weights
 * (or the JEDEC client workload's) and an I/O sequence to replay.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

/*
 * The JEDEC client workload (JESD219): 50% of accesses in the first 5% of
 * the LBAs, 30% in the next 15%, 20% in the remaining 80%. Weights in
 * quarters: 5 regions of 40, 15 of 8, 80 of 1 (200 + 120 + 80 = 400).
 */
void distribution_jedec(uint32_t w[NVMET_IOW_REGIONS])
{
	unsigned int i;

	for (i = 0; i < NVMET_IOW_REGIONS; i++)
		w[i] = i < 5 ? 40 : i < 20 ? 8 : 1;
}

/* Drops a '#' comment and turns separators into spaces. */
static void clean_line(char *line)
{
	char *p = strchr(line, '#');

	if (p)
		*p = '\0';
	for (p = line; *p; p++) {
		if (*p == ',' || *p == ';' || *p == '\t' || *p == '\r' || *p == '\n')
			*p = ' ';
	}
}

/* 100 non-negative integers, separated by spaces, commas or newlines. */
int distribution_load(const char *path, uint32_t w[NVMET_IOW_REGIONS], char *err, size_t len)
{
	FILE *f = fopen(path, "r");
	unsigned int n = 0, lineno = 0;
	uint64_t sum = 0, v;
	char line[4096], *tok, *save;

	if (!f) {
		snprintf(err, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		clean_line(line);
		for (tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
			if (parse_count(tok, UINT32_MAX, &v)) {
				snprintf(err, len, "%s:%u: '%s' is not a weight", path, lineno,
					 tok);
				goto bad;
			}
			if (n == NVMET_IOW_REGIONS) {
				snprintf(err, len, "%s: more than %u weights", path,
					 NVMET_IOW_REGIONS);
				goto bad;
			}
			w[n++] = (uint32_t)v;
			sum += v;
		}
	}
	fclose(f);
	if (n != NVMET_IOW_REGIONS) {
		snprintf(err, len, "%s: %u weights, want %u", path, n, NVMET_IOW_REGIONS);
		return -1;
	}
	if (!sum) {
		snprintf(err, len, "%s: every weight is 0", path);
		return -1;
	}
	return 0;
bad:
	fclose(f);
	return -1;
}

static int replay_line(char *line, struct nvmet_iow_replay *r)
{
	char *tok[5], *save;
	uint64_t delay, slba, nlb;
	int n = 0;

	for (tok[n] = strtok_r(line, " ", &save); tok[n] && n < 4;
	     tok[n] = strtok_r(NULL, " ", &save))
		n++;
	if (n != 4 || tok[4])
		return -1;
	if (parse_count(tok[0], UINT32_MAX, &delay) || parse_opcode(tok[1], &r->opc) ||
	    parse_count(tok[2], UINT64_MAX, &slba) || parse_count(tok[3], 65536, &nlb) || !nlb)
		return -1;
	r->delay_us = (uint32_t)delay;
	r->slba = slba;
	r->nlb = (uint32_t)nlb;
	return 0;
}

/* Lines "delay_us opcode slba nlb"; '#' starts a comment. */
int replay_load(const char *path, struct nvmet_iow_replay **out, size_t *n, char *err,
		size_t len)
{
	struct nvmet_iow_replay *v = NULL, *nv;
	size_t cap = 0, cnt = 0;
	unsigned int lineno = 0;
	FILE *f = fopen(path, "r");
	char line[512], *p;

	if (!f) {
		snprintf(err, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		clean_line(line);
		for (p = line; *p == ' '; p++)
			;
		if (!*p)
			continue;
		if (cnt == cap) {
			cap = cap ? 2 * cap : 256;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				snprintf(err, len, "%s: out of memory", path);
				goto bad;
			}
			v = nv;
		}
		if (replay_line(p, &v[cnt])) {
			snprintf(err, len, "%s:%u: not \"delay_us opcode slba nlb\" (nlb 1..65536)",
				 path, lineno);
			goto bad;
		}
		cnt++;
	}
	fclose(f);
	if (!cnt) {
		free(v);
		snprintf(err, len, "%s: no I/O in it", path);
		return -1;
	}
	*out = v;
	*n = cnt;
	return 0;
bad:
	fclose(f);
	free(v);
	return -1;
}
