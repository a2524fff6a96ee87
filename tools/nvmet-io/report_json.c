// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report_json.c - --output-format=json and json+, laid out as fio's
 * (same keys, units and number formats: bw in KiB/s, runtime in ms,
 * latencies in ns, percentiles keyed "99.000000"), so scripts written for
 * fio's output read it. What fio has no key for is under "nvmet".
 * A worker measures latency over all its commands that did not fail: each
 * direction with I/O shows those figures.
 */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "tool.h"

#define JS_DEPTH	16

struct js {
	FILE *f;
	int depth;
	bool first[JS_DEPTH];
	bool in_array[JS_DEPTH];
};

static void js_sep(struct js *js)
{
	if (js->depth && !js->first[js->depth])
		fputc(',', js->f);
	if (js->depth)
		fprintf(js->f, "\n%*s", 2 * js->depth, "");
	js->first[js->depth] = false;
}

static void js_str_raw(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Starts a member (in an object, with its key) or an element (in an array). */
static void js_key(struct js *js, const char *key)
{
	js_sep(js);
	if (key && !js->in_array[js->depth]) {
		js_str_raw(js->f, key);
		fputs(" : ", js->f);
	}
}

static void js_open(struct js *js, const char *key, bool array)
{
	js_key(js, key);
	fputc(array ? '[' : '{', js->f);
	js->depth++;
	js->first[js->depth] = true;
	js->in_array[js->depth] = array;
}

static void js_close(struct js *js)
{
	bool array = js->in_array[js->depth], empty = js->first[js->depth];

	js->depth--;
	if (!empty)
		fprintf(js->f, "\n%*s", 2 * js->depth, "");
	fputc(array ? ']' : '}', js->f);
}

static void js_u64(struct js *js, const char *key, uint64_t v)
{
	js_key(js, key);
	fprintf(js->f, "%" PRIu64, v);
}

static void js_i64(struct js *js, const char *key, int64_t v)
{
	js_key(js, key);
	fprintf(js->f, "%" PRId64, v);
}

static void js_dbl(struct js *js, const char *key, double v)
{
	js_key(js, key);
	fprintf(js->f, "%f", v);
}

static void js_str(struct js *js, const char *key, const char *v)
{
	js_key(js, key);
	js_str_raw(js->f, v);
}

/* fio's latency object; @pct with the percentiles, @bins for json+. */
static void lat_obj(struct js *js, const char *key, const struct worker *w, uint64_t n,
		    bool pct, bool bins)
{
	const struct nvmet_ioworker_result *r = &w->r;
	uint64_t prev_count = 0, total;
	char name[32];
	unsigned int i;

	js_open(js, key, false);
	js_u64(js, "min", n ? r->lat_min_ns : 0);
	js_u64(js, "max", n ? r->lat_max_ns : 0);
	js_dbl(js, "mean", n ? (double)r->lat_avg_ns : 0.0);
	js_dbl(js, "stddev", 0.0);
	js_u64(js, "N", n);
	if (n && pct && w->p.nr_percentiles) {
		js_open(js, "percentile", false);
		for (i = 0; i < w->p.nr_percentiles; i++) {
			snprintf(name, sizeof(name), "%f", w->p.percentiles[i]);
			js_u64(js, name, r->percentile_ns[i]);
		}
		js_close(js);
	}
	if (n && bins && w->p.nr_percentiles) {
		/* json+'s histogram, from the percentiles: the I/Os between two of them
		 * counted at the upper one's latency. */
		js_open(js, "bins", false);
		for (i = 0; i < w->p.nr_percentiles; i++) {
			total = (uint64_t)((double)n * w->p.percentiles[i] / 100.0 + 0.5);
			if (total <= prev_count)
				continue;
			snprintf(name, sizeof(name), "%" PRIu64, r->percentile_ns[i]);
			js_u64(js, name, total - prev_count);
			prev_count = total;
		}
		if (n > prev_count) {
			snprintf(name, sizeof(name), "%" PRIu64, r->lat_max_ns);
			js_u64(js, name, n - prev_count);
		}
		js_close(js);
	}
	js_close(js);
}

/*
 * IOPS statistics over the per-second counts (whole seconds, the tail in
 * the last), when they are this direction's alone.
 */
static void iops_stats(struct js *js, const struct nvmet_ioworker_result *r, bool alone)
{
	double mean = 0, var = 0;
	uint32_t min = 0, max = 0;
	unsigned int i, n = alone ? r->nr_seconds : 0;

	for (i = 0; i < n; i++) {
		min = !i || r->per_second[i] < min ? r->per_second[i] : min;
		max = r->per_second[i] > max ? r->per_second[i] : max;
		mean += r->per_second[i];
	}
	mean = n ? mean / n : 0;
	for (i = 0; i < n; i++)
		var += ((double)r->per_second[i] - mean) * ((double)r->per_second[i] - mean);
	js_u64(js, "iops_min", min);
	js_u64(js, "iops_max", max);
	js_dbl(js, "iops_mean", mean);
	js_dbl(js, "iops_stddev", n > 1 ? __builtin_sqrt(var / (n - 1)) : 0.0);
	js_u64(js, "iops_samples", n);
}

static void dir_obj(struct js *js, const char *key, const struct worker *w, uint64_t ios,
		    uint64_t bytes, bool plus)
{
	const struct nvmet_ioworker_result *r = &w->r;
	uint64_t ms = ios ? r->mseconds : 0;
	double s = ms ? (double)ms / 1000.0 : 0;
	uint64_t all = r->reads + r->writes + r->trims + r->write_zeroes + r->compares +
		       r->flushes + r->others;

	js_open(js, key, false);
	js_u64(js, "io_bytes", bytes);
	js_u64(js, "io_kbytes", bytes / 1024);
	js_u64(js, "bw_bytes", s > 0 ? (uint64_t)((double)bytes / s) : 0);
	js_u64(js, "bw", s > 0 ? (uint64_t)((double)bytes / 1024.0 / s) : 0);
	js_dbl(js, "iops", s > 0 ? (double)ios / s : 0.0);
	js_u64(js, "runtime", ms);
	js_u64(js, "total_ios", ios);
	js_u64(js, "short_ios", 0);
	js_u64(js, "drop_ios", 0);
	lat_obj(js, "slat_ns", w, 0, false, false);
	lat_obj(js, "clat_ns", w, ios, true, plus);
	lat_obj(js, "lat_ns", w, ios, true, false);
	js_u64(js, "bw_min", 0);
	js_u64(js, "bw_max", 0);
	js_dbl(js, "bw_agg", ios ? 100.0 : 0.0);
	js_dbl(js, "bw_mean", s > 0 ? (double)bytes / 1024.0 / s : 0.0);
	js_dbl(js, "bw_dev", 0.0);
	js_u64(js, "bw_samples", 0);
	iops_stats(js, r, ios && ios == all);
	js_close(js);
}

static void cmd_obj(struct js *js, const char *key, const struct worker *w,
		    const struct nvmet_cmdlog_rec *c, const struct nvmet_sqe *sqe,
		    const struct nvmet_cqe *cqe)
{
	char cmd[NVMET_CMD_STR_MAX], st[NVMET_STATUS_STR_MAX];

	worker_cmd_str(w, sqe, cqe, cmd, sizeof(cmd), st, sizeof(st));
	js_open(js, key, false);
	js_str(js, "command", cmd);
	js_str(js, "status", st);
	if (c)
		js_u64(js, "latency_ns", c->complete_ns > c->submit_ns ?
			   c->complete_ns - c->submit_ns : 0);
	js_close(js);
}

static void nvmet_obj(struct js *js, const struct worker *w)
{
	const struct nvmet_ioworker_result *r = &w->r;
	unsigned int i;
	char err[512];

	js_open(js, "nvmet", false);
	js_str(js, "engine", w->ops->name);
	js_str(js, "dev", w->job->dev[0] ? w->job->dev : "emu:");
	js_u64(js, "nsid", w->job->nsid);
	js_u64(js, "worker", w->clone + 1);
	js_i64(js, "cpu", r->cpu);
	js_i64(js, "error_code", r->error);
	err[0] = '\0';
	if (r->error || w->errmsg[0])
		worker_error_line(w, err, sizeof(err));
	js_str(js, "error_text", err);
	if (r->error == NVMET_IOW_ERR_VERIFY)
		js_u64(js, "verify_lba", r->verify_lba);
	if (r->error && w->ops == &nvmet_engine)
		cmd_obj(js, "first_error", w, NULL, &r->first_error_sqe, &r->first_error_cqe);
	js_u64(js, "write_zeroes", r->write_zeroes);
	js_u64(js, "compares", r->compares);
	js_u64(js, "flushes", r->flushes);
	js_u64(js, "others", r->others);
	js_dbl(js, "cpu_usage", r->cpu_usage);
	if (r->nr_seconds) {
		js_open(js, "per_second", true);
		for (i = 0; i < r->nr_seconds; i++)
			js_u64(js, NULL, r->per_second[i]);
		js_close(js);
	}
	if (r->nr_last) {
		js_open(js, "last_cmds", true);
		for (i = 0; i < r->nr_last; i++)
			cmd_obj(js, NULL, w, &r->last[i], &r->last[i].sqe, &r->last[i].cqe);
		js_close(js);
	}
	js_close(js);
}

static void job_options(struct js *js, const struct job *j)
{
	char a[32], b[32], bs[32 * 24];
	size_t used = 0;
	unsigned int i;

	js_open(js, "job options", false);
	js_str(js, "name", j->name);
	js_str(js, "filename", j->dev[0] ? j->dev : "emu:");
	js_str(js, "rw", rw_name(j->rw));
	if (j->bs_max)
		snprintf(bs, sizeof(bs), "%s-%s", size_str(j->bs, a, sizeof(a)),
			 size_str(j->bs_max, b, sizeof(b)));
	else
		snprintf(bs, sizeof(bs), "%s", size_str(j->bs, a, sizeof(a)));
	for (i = 0; i < j->nr_split && used < sizeof(bs); i++)
		used += (size_t)snprintf(bs + used, sizeof(bs) - used, "%s%s/%u", i ? ":" : "",
					 size_str(j->split[i].bytes, a, sizeof(a)),
					 j->split[i].weight);
	js_str(js, j->nr_split ? "bssplit" : "bs", bs);
	js_str(js, "ioengine", j->engine == ENGINE_AIO ? "libaio" : "nvmet");
	snprintf(a, sizeof(a), "%u", j->iodepth);
	js_str(js, "iodepth", a);
	if (j->verify)
		js_str(js, "verify", "nvmet");
	js_close(js);
}

static void job_obj(struct js *js, const struct worker *w, bool plus)
{
	const struct nvmet_ioworker_result *r = &w->r;

	js_open(js, NULL, false);
	js_str(js, "jobname", w->job->name);
	js_u64(js, "groupid", w->group);
	js_u64(js, "error", (uint64_t)worker_error_errno(w));
	js_u64(js, "eta", 0);
	js_u64(js, "elapsed", (r->mseconds + 999) / 1000);
	job_options(js, w->job);
	dir_obj(js, "read", w, r->reads, r->bytes_read, plus);
	dir_obj(js, "write", w, r->writes, r->bytes_written, plus);
	dir_obj(js, "trim", w, r->trims, 0, plus);
	js_open(js, "sync", false);
	js_u64(js, "total_ios", r->flushes);
	lat_obj(js, "lat_ns", w, 0, false, false);
	js_close(js);
	js_u64(js, "job_runtime", r->mseconds);
	js_dbl(js, "usr_cpu", r->cpu_usage - w->sys_cpu);
	js_dbl(js, "sys_cpu", w->sys_cpu);
	js_u64(js, "ctx", 0);
	js_u64(js, "majf", 0);
	js_u64(js, "minf", 0);
	js_u64(js, "latency_depth", w->p.qdepth);
	/* Failed commands, apart from the I/O done (fio's keys, fio's errno). */
	js_u64(js, "total_err", r->errors);
	js_u64(js, "first_error", (uint64_t)worker_error_errno(w));
	nvmet_obj(js, w);
	js_close(js);
}

void report_json(FILE *f, struct worker *w, unsigned int n, bool plus)
{
	struct js js = { .f = f };
	char when[64];
	struct timespec ts;
	struct tm tm;
	unsigned int i;

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%a %b %e %H:%M:%S %Y", &tm);
	js_open(&js, NULL, false);
	js_str(&js, "fio version", "nvmet-io-" NVMET_IO_VERSION);
	js_u64(&js, "timestamp", (uint64_t)ts.tv_sec);
	js_u64(&js, "timestamp_ms", (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
	js_str(&js, "time", when);
	js_open(&js, "jobs", true);
	for (i = 0; i < n; i++)
		job_obj(&js, &w[i], plus);
	js_close(&js);
	js_close(&js);
	fputc('\n', f);
}
