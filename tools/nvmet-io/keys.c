// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * keys.c - every option, as --key on the command line and key= in a job
 * file: the defaults of a job and what each key sets.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tool.h"

static const double default_pct[] = {
	1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 99.5, 99.9, 99.95, 99.99,
};

void job_defaults(struct job *j)
{
	memset(j, 0, sizeof(*j));
	snprintf(j->name, sizeof(j->name), "job");
	j->engine = ENGINE_NVMET;
	j->nsid = 1;
	j->rw = RW_READ;
	j->rwmixread = 50;
	j->bs = 4096;
	j->iodepth = 1;
	j->numjobs = 1;
	j->lba_random = -1;
	j->ptype = NVMET_PATTERN_RANDOM;
	j->pvalue = 0;
	j->nr_pct = sizeof(default_pct) / sizeof(default_pct[0]);
	memcpy(j->pct, default_pct, sizeof(default_pct));
}

/* Every setter has the same parameters; each uses some of them. */
#define UNUSED __attribute__((unused))
#define SETTER(fn) static int fn(struct config *cfg UNUSED, struct job *j UNUSED, \
				 const char *val UNUSED, char *err UNUSED, size_t len UNUSED)

static int bad(char *err, size_t len, const char *what, const char *val)
{
	snprintf(err, len, "'%s' is not %s", val, what);
	return -1;
}

static int set_str(char *dst, size_t dlen, const char *val, char *err, size_t len)
{
	if (strlen(val) >= dlen) {
		snprintf(err, len, "longer than %zu characters", dlen - 1);
		return -1;
	}
	snprintf(dst, dlen, "%s", val);
	return 0;
}

static int set_u32(uint32_t *dst, const char *val, uint32_t min, uint32_t max, char *err,
		   size_t len)
{
	uint64_t v;

	if (parse_count(val, max, &v) || v < min) {
		snprintf(err, len, "'%s' is not a number from %u to %u", val, min, max);
		return -1;
	}
	*dst = (uint32_t)v;
	return 0;
}

SETTER(set_dev)
{
	return set_str(j->dev, sizeof(j->dev), val, err, len);
}

SETTER(set_emu)
{
	return set_str(j->emu, sizeof(j->emu), val, err, len);
}

SETTER(set_plugin)
{
	if (!*val || strchr(val, ','))
		return bad(err, len, "NAME[:ARGS] without commas (ARGS are key=value;key=value)",
			   val);
	if (j->nr_plugins == MAX_PLUGINS) {
		snprintf(err, len, "at most %u plug-ins", MAX_PLUGINS);
		return -1;
	}
	return set_str(j->plugins[j->nr_plugins++], DEV_MAX, val, err, len);
}

SETTER(set_engine)
{
	if (!strcmp(val, "nvmet")) {
		j->engine = ENGINE_NVMET;
	} else if (!strcmp(val, "aio") || !strcmp(val, "libaio")) {
		j->engine = ENGINE_AIO;
	} else {
		snprintf(err, len, "unknown engine '%s' (nvmet, or aio for libaio)", val);
		return -1;
	}
	return 0;
}

SETTER(set_nsid)
{
	return set_u32(&j->nsid, val, 1, 0xfffffffe, err, len);
}

SETTER(set_name)
{
	if (!*val)
		return bad(err, len, "a name", val);
	return set_str(j->name, sizeof(j->name), val, err, len);
}

SETTER(set_rw)
{
	static const struct { const char *name; enum rw_mode rw; } modes[] = {
		{ "read", RW_READ }, { "write", RW_WRITE }, { "randread", RW_RANDREAD },
		{ "randwrite", RW_RANDWRITE }, { "rw", RW_RW }, { "readwrite", RW_RW },
		{ "randrw", RW_RANDRW },
	};
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (!strcmp(val, modes[i].name)) {
			j->rw = modes[i].rw;
			return 0;
		}
	}
	return bad(err, len, "read, write, randread, randwrite, rw, readwrite or randrw", val);
}

SETTER(set_rwmixread)
{
	return set_u32(&j->rwmixread, val, 0, 100, err, len);
}

SETTER(set_rwmixwrite)
{
	uint32_t w;

	if (set_u32(&w, val, 0, 100, err, len))
		return -1;
	j->rwmixread = 100 - w;
	return 0;
}

/* "4k" or "4k-64k". */
SETTER(set_bs)
{
	const char *dash = strchr(val, '-');
	char lo[64];

	j->nr_split = 0;
	j->bs_max = 0;
	if (!dash) {
		if (parse_size(val, &j->bs) || !j->bs)
			return bad(err, len, "a size (like 4k) or a range (like 4k-64k)", val);
		return 0;
	}
	snprintf(lo, sizeof(lo), "%.*s", (int)(dash - val), val);
	if (parse_size(lo, &j->bs) || !j->bs || parse_size(dash + 1, &j->bs_max) ||
	    j->bs_max < j->bs)
		return bad(err, len, "a size (like 4k) or a range (like 4k-64k)", val);
	if (j->bs_max == j->bs)
		j->bs_max = 0;
	return 0;
}

SETTER(set_bssplit)
{
	j->bs_max = 0;
	return parse_bssplit(val, j, err, len) ? -1 : 0;
}

SETTER(set_iodepth)
{
	return set_u32(&j->iodepth, val, 1, 65535, err, len);
}

SETTER(set_numjobs)
{
	uint32_t n;

	if (set_u32(&n, val, 1, MAX_WORKERS, err, len))
		return -1;
	j->numjobs = n;
	return 0;
}

SETTER(set_cpus)
{
	if (parse_cpulist(val, &j->cpus, err, len))
		return -1;
	j->cpus_set = CPU_COUNT(&j->cpus) > 0;
	return 0;
}

SETTER(set_share_cpu)
{
	return parse_bool(val, &j->share_cpu) ? bad(err, len, "0 or 1", val) : 0;
}

SETTER(set_runtime)
{
	if (parse_time_ms(val, &j->runtime_ms) || !j->runtime_ms)
		return bad(err, len, "a time (seconds, or with ms, s, m, h)", val);
	return 0;
}

SETTER(set_time_based)
{
	return parse_bool(val, &j->time_based) ? bad(err, len, "0 or 1", val) : 0;
}

static int set_span(struct span *s, const char *val, bool zero_ok, char *err, size_t len)
{
	size_t n = strlen(val);
	uint64_t v;

	if (n > 1 && val[n - 1] == '%') {
		char num[32];

		snprintf(num, sizeof(num), "%.*s", (int)(n - 1), val);
		if (parse_count(num, 100, &v) || (!v && !zero_ok))
			return bad(err, len, "a size (like 1g) or a percent (like 50%)", val);
		s->percent = true;
	} else {
		if (parse_size(val, &v) || (!v && !zero_ok))
			return bad(err, len, "a size (like 1g) or a percent (like 50%)", val);
		s->percent = false;
	}
	s->set = true;
	s->value = v;
	return 0;
}

SETTER(set_size)
{
	return set_span(&j->size, val, false, err, len);
}

SETTER(set_offset)
{
	return set_span(&j->offset, val, true, err, len);
}

SETTER(set_offset_inc)
{
	return set_span(&j->offset_inc, val, true, err, len);
}

SETTER(set_number_ios)
{
	if (parse_count(val, UINT64_MAX, &j->number_ios) || !j->number_ios)
		return bad(err, len, "a count of at least 1", val);
	return 0;
}

SETTER(set_rate_iops)
{
	return set_u32(&j->rate_iops, val, 0, UINT32_MAX, err, len);
}

/* fio's verify=crc32c and the like: any method but 0 (or none) turns it on. */
SETTER(set_verify)
{
	if (!*val)
		return bad(err, len, "a verify method (any value but 0 turns it on)", val);
	j->verify = strcmp(val, "0") && strcasecmp(val, "none") && strcasecmp(val, "off");
	return 0;
}

SETTER(set_seed)
{
	if (parse_count(val, UINT64_MAX, &j->seed))
		return bad(err, len, "a number", val);
	j->seed_set = true;
	return 0;
}

SETTER(set_lba_step)
{
	uint64_t v;

	if (parse_count(val + (val[0] == '-'), INT64_MAX, &v))
		return bad(err, len, "a number of LBAs (may be negative)", val);
	j->lba_step = val[0] == '-' ? -(int64_t)v : (int64_t)v;
	j->lba_step_set = true;
	return 0;
}

SETTER(set_lba_align)
{
	return set_u32(&j->lba_align, val, 0, UINT32_MAX, err, len);
}

SETTER(set_lba_random)
{
	uint32_t v;

	if (set_u32(&v, val, 0, 100, err, len))
		return -1;
	j->lba_random = (int)v;
	return 0;
}

SETTER(set_lba_start)
{
	if (parse_count(val, UINT64_MAX, &j->lba_start))
		return bad(err, len, "an LBA", val);
	j->lba_start_set = true;
	return 0;
}

SETTER(set_opmix)
{
	return parse_opmix(val, j, err, len) ? -1 : 0;
}

SETTER(set_distribution)
{
	if (!strcasecmp(val, "jedec"))
		distribution_jedec(j->distribution);
	else if (distribution_load(val, j->distribution, err, len))
		return -1;
	j->use_distribution = true;
	return 0;
}

static int config_own(struct config *cfg, void *p)
{
	void **v = realloc(cfg->owned, (cfg->nr_owned + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	cfg->owned = v;
	cfg->owned[cfg->nr_owned++] = p;
	return 0;
}

SETTER(set_replay)
{
	struct nvmet_iow_replay *r;
	size_t n;

	if (replay_load(val, &r, &n, err, len))
		return -1;
	if (config_own(cfg, r)) {
		free(r);
		snprintf(err, len, "out of memory");
		return -1;
	}
	j->replay = r;
	j->nr_replay = n;
	return 0;
}

SETTER(set_qprio)
{
	return set_u32(&j->qprio, val, 0, 3, err, len);
}

SETTER(set_ptype)
{
	static const char *const names[] = { "zero", "one", "dword", "random" };
	uint64_t v;
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcasecmp(val, names[i])) {
			j->ptype = (enum nvmet_pattern)i;
			return 0;
		}
	}
	if (parse_count(val, 3, &v))
		return bad(err, len, "zero, one, dword, random (or 0..3)", val);
	j->ptype = (enum nvmet_pattern)v;
	return 0;
}

SETTER(set_pvalue)
{
	return set_u32(&j->pvalue, val, 0, UINT32_MAX, err, len);
}

SETTER(set_stonewall)
{
	return parse_bool(val, &j->stonewall) ? bad(err, len, "0 or 1", val) : 0;
}

SETTER(set_direct)
{
	bool on;

	if (parse_bool(val, &on))
		return bad(err, len, "0 or 1", val);
	if (!on) {
		snprintf(err, len, "nvmet-io always does direct I/O");
		return -1;
	}
	return 0;
}

SETTER(set_percentiles)
{
	return parse_percentiles(val, j, err, len) ? -1 : 0;
}

SETTER(set_per_second)
{
	return parse_bool(val, &j->per_second) ? bad(err, len, "0 or 1", val) : 0;
}

SETTER(set_last_cmds)
{
	return set_u32(&j->last_cmds, val, 0, 65536, err, len);
}

/* Command-line-only keys. */

SETTER(set_format)
{
	char *copy = strdup(val), *tok, *save = NULL;
	unsigned int f = 0;

	if (!copy)
		return bad(err, len, "a format (out of memory)", val);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "normal")) {
			f |= FMT_NORMAL;
		} else if (!strcmp(tok, "json")) {
			f |= FMT_JSON;
		} else if (!strcmp(tok, "json+")) {
			f |= FMT_JSON_PLUS;
		} else {
			free(copy);
			return bad(err, len, "normal, json or json+", val);
		}
	}
	free(copy);
	if ((f & FMT_JSON) && (f & FMT_JSON_PLUS))
		f &= ~FMT_JSON;
	if (!f)
		return bad(err, len, "normal, json or json+", val);
	cfg->formats = f;
	return 0;
}

SETTER(set_output)
{
	return set_str(cfg->output, sizeof(cfg->output), val, err, len);
}

SETTER(set_plot)
{
	return set_str(cfg->plot, sizeof(cfg->plot), val, err, len);
}

SETTER(set_status_interval)
{
	if (parse_time_ms(val, &cfg->status_interval_ms) || cfg->status_interval_ms < 100)
		return bad(err, len, "a time of at least 100ms (seconds, or with ms, s, m, h)",
			   val);
	return 0;
}

SETTER(set_cmd_timeout)
{
	uint64_t ms;

	if (parse_time_ms(val, &ms) || !ms || ms > UINT32_MAX)
		return bad(err, len, "a time of at least 1ms (seconds, or with ms, s, m, h)", val);
	cfg->cmd_timeout_ms = (uint32_t)ms;
	return 0;
}

const struct key keys[] = {
	{ "dev", "filename", 0, set_dev },
	{ "emu", NULL, 0, set_emu },
	{ "plugin", NULL, 0, set_plugin },
	{ "engine", "ioengine", 0, set_engine },
	{ "nsid", NULL, 0, set_nsid },
	{ "name", NULL, 0, set_name },
	{ "rw", "readwrite", 0, set_rw },
	{ "rwmixread", NULL, 0, set_rwmixread },
	{ "rwmixwrite", NULL, 0, set_rwmixwrite },
	{ "bs", "bsrange", 0, set_bs },
	{ "bssplit", NULL, 0, set_bssplit },
	{ "iodepth", NULL, 0, set_iodepth },
	{ "numjobs", NULL, 0, set_numjobs },
	{ "cpus_allowed", NULL, 0, set_cpus },
	{ "share-cpu", NULL, KEY_FLAG, set_share_cpu },
	{ "runtime", NULL, 0, set_runtime },
	{ "time_based", NULL, KEY_FLAG, set_time_based },
	{ "size", NULL, 0, set_size },
	{ "offset", NULL, 0, set_offset },
	{ "offset_increment", NULL, 0, set_offset_inc },
	{ "number_ios", NULL, 0, set_number_ios },
	{ "rate_iops", NULL, 0, set_rate_iops },
	{ "verify", NULL, 0, set_verify },
	{ "seed", "randseed", 0, set_seed },
	{ "lba-step", NULL, 0, set_lba_step },
	{ "lba-align", NULL, 0, set_lba_align },
	{ "lba-random", NULL, 0, set_lba_random },
	{ "lba-start", NULL, 0, set_lba_start },
	{ "op-mix", NULL, 0, set_opmix },
	{ "distribution", NULL, 0, set_distribution },
	{ "replay", NULL, 0, set_replay },
	{ "qprio", NULL, 0, set_qprio },
	{ "ptype", NULL, 0, set_ptype },
	{ "pvalue", NULL, 0, set_pvalue },
	{ "stonewall", "wait_for_previous", KEY_FLAG, set_stonewall },
	{ "direct", NULL, 0, set_direct },
	{ "percentile_list", NULL, 0, set_percentiles },
	{ "per-second", NULL, KEY_FLAG, set_per_second },
	{ "last-cmds", NULL, 0, set_last_cmds },
	{ "output-format", NULL, KEY_TOOL, set_format },
	{ "output", NULL, KEY_TOOL, set_output },
	{ "plot", NULL, KEY_TOOL, set_plot },
	{ "status-interval", NULL, KEY_TOOL, set_status_interval },
	{ "cmd-timeout", NULL, KEY_TOOL, set_cmd_timeout },
	{ NULL },
};

/* Dashes and underscores are the same: --rate-iops is --rate_iops. */
static bool same_key(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char ca = *a == '-' ? '_' : *a, cb = *b == '-' ? '_' : *b;

		if (ca != cb)
			return false;
	}
	return !*a && !*b;
}

const struct key *key_find(const char *name)
{
	const struct key *k;

	for (k = keys; k->name; k++) {
		if (same_key(name, k->name) || (k->alias && same_key(name, k->alias)))
			return k;
	}
	return NULL;
}

int key_apply(struct config *cfg, struct job *j, const struct key *k, const char *val,
	      const struct src *src)
{
	char err[256] = "";

	if (k->set(cfg, j, val, err, sizeof(err)))
		return key_error(src, k, err);
	return 0;
}

int kv_add(struct kv_list *l, const struct key *k, const char *val, const struct src *src)
{
	struct kv *v;

	if (l->n == l->cap) {
		unsigned int cap = l->cap ? 2 * l->cap : 16;

		v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	v = &l->v[l->n];
	v->val = strdup(val);
	if (!v->val)
		return -ENOMEM;
	v->key = k;
	v->src = *src;
	l->n++;
	return 0;
}

void kv_free(struct kv_list *l)
{
	while (l->n)
		free(l->v[--l->n].val);
	free(l->v);
	l->v = NULL;
	l->cap = 0;
}

int kv_apply(struct config *cfg, struct job *j, const struct kv_list *l)
{
	unsigned int i;

	for (i = 0; i < l->n; i++) {
		if (key_apply(cfg, j, l->v[i].key, l->v[i].val, &l->v[i].src))
			return EXIT_USAGE;
	}
	return 0;
}
