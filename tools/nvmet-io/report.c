// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report.c - the results: fio's readable summary per job (IOPS, bandwidth,
 * latency and its percentiles, CPU, errors with the failing command
 * decoded), the formats and the plot asked for, and the exit status.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "tool.h"

const char *worker_error_str(int error)
{
	switch (error) {
	case NVMET_IOW_OK:
		return "none";
	case NVMET_IOW_ERR_GENERIC:
		return "a command failed";
	case NVMET_IOW_ERR_MDTS:
		return "an I/O size is over MDTS";
	case NVMET_IOW_ERR_IO_TIMEOUT:
		return "a command timed out";
	case NVMET_IOW_ERR_TIMEOUT:
		return "the worker outlived its run time";
	case NVMET_IOW_ERR_VERIFY:
		return "data miscompare";
	case NVMET_IOW_ERR_ABORTED:
		return "ended by a reset, power cycle or close";
	case NVMET_IOW_ERR_DEVICE:
		return "the controller failed or went away";
	}
	return "unknown error";
}

/* fio's "error" field is an errno: the nearest one. */
int worker_error_errno(const struct worker *w)
{
	switch (w->r.error) {
	case NVMET_IOW_OK:
		return w->errmsg[0] ? EIO : 0;
	case NVMET_IOW_ERR_MDTS:
		return E2BIG;
	case NVMET_IOW_ERR_IO_TIMEOUT:
		return ETIMEDOUT;
	case NVMET_IOW_ERR_TIMEOUT:
		return ETIME;
	case NVMET_IOW_ERR_VERIFY:
		return EILSEQ;
	case NVMET_IOW_ERR_ABORTED:
		return ECANCELED;
	case NVMET_IOW_ERR_DEVICE:
		return ENODEV;
	}
	return EIO;
}

void worker_cmd_str(const struct worker *w, const struct nvmet_sqe *sqe,
		    const struct nvmet_cqe *cqe, char *cmd, size_t cmd_len, char *st, size_t st_len)
{
	bool timed_out = nvmet_cqe_is_timeout(cqe);
	uint16_t sqid = !timed_out && cqe->sqid ? cqe->sqid : w->r.qid ? w->r.qid : 1;

	nvmet_cmd_snprint(cmd, cmd_len, sqe, sqid);
	if (timed_out)
		snprintf(st, st_len, "TIMED OUT");
	else
		nvmet_status_snprint(st, st_len, cqe->status);
}

/* Latencies in the unit fio would pick for them: by the shortest. */
static const char *lat_unit(uint64_t min_ns, double *div)
{
	if (min_ns < 10000) {
		*div = 1;
		return "nsec";
	}
	if (min_ns < 10000000) {
		*div = 1000;
		return "usec";
	}
	*div = 1000000;
	return "msec";
}

static void print_dir(FILE *f, const char *name, uint64_t ios, uint64_t bytes, uint64_t ms,
		      bool with_bw)
{
	double s = ms ? (double)ms / 1000.0 : 1e-3;
	char a[32], b[64], c[32];

	if (!ios)
		return;
	fprintf(f, "  %s: IOPS=%s", name, iops_str((double)ios / s, a, sizeof(a)));
	if (with_bw)
		fprintf(f, ", BW=%s(%s/%" PRIu64 "msec)", bw_str((double)bytes / s, b, sizeof(b)),
			bytes_str(bytes, c, sizeof(c)), ms);
	fprintf(f, "\n");
}

static void print_latency(FILE *f, const struct worker *w)
{
	const struct nvmet_ioworker_result *r = &w->r;
	unsigned int i, n = w->p.nr_percentiles;
	bool frac;
	double div;
	const char *unit = lat_unit(r->lat_min_ns, &div);

	fprintf(f, "    lat (%s): min=%.0f, max=%.0f, avg=%.2f\n", unit,
		(double)r->lat_min_ns / div, (double)r->lat_max_ns / div,
		(double)r->lat_avg_ns / div);
	if (!n)
		return;
	/* As fio: the unit in which the largest has at most 6 digits; decimals
	 * when the smallest would read 0. */
	unit = lat_unit(r->percentile_ns[n - 1] / 100, &div);
	frac = div > 1 && (double)r->percentile_ns[0] / div < 10;
	fprintf(f, "    lat percentiles (%s):", unit);
	for (i = 0; i < n; i++) {
		fprintf(f, "%s%5.2fth=[%*.*f]%s", i % 4 ? " " : "\n     | ", w->p.percentiles[i],
			frac ? 8 : 5, frac ? 2 : 0, (double)r->percentile_ns[i] / div,
			i + 1 < n ? "," : "\n");
	}
}

static void print_per_second(FILE *f, const struct nvmet_ioworker_result *r)
{
	unsigned int i;

	fprintf(f, "  per second   :");
	for (i = 0; i < r->nr_seconds; i++)
		fprintf(f, "%s%" PRIu32, i % 10 ? ", " : i ? ",\n                 " : " ",
			r->per_second[i]);
	fprintf(f, "\n");
}

static void print_last(FILE *f, const struct worker *w)
{
	const struct nvmet_ioworker_result *r = &w->r;
	char cmd[NVMET_CMD_STR_MAX], st[NVMET_STATUS_STR_MAX];
	unsigned int i;

	fprintf(f, "  last commands:\n");
	for (i = 0; i < r->nr_last; i++) {
		const struct nvmet_cmdlog_rec *c = &r->last[i];

		worker_cmd_str(w, &c->sqe, &c->cqe, cmd, sizeof(cmd), st, sizeof(st));
		fprintf(f, "     %s -> %s, %.1f usec\n", cmd, st,
			c->complete_ns > c->submit_ns ?
			(double)(c->complete_ns - c->submit_ns) / 1000.0 : 0.0);
	}
}

void worker_error_line(const struct worker *w, char *buf, size_t len)
{
	const struct nvmet_ioworker_result *r = &w->r;
	char cmd[NVMET_CMD_STR_MAX], st[NVMET_STATUS_STR_MAX];
	size_t n;

	n = (size_t)snprintf(buf, len, "%s", worker_error_str(r->error));
	if (r->error == NVMET_IOW_ERR_VERIFY && n < len)
		n += (size_t)snprintf(buf + n, len - n, " at LBA %" PRIu64, r->verify_lba);
	if ((r->error == NVMET_IOW_ERR_GENERIC || r->error == NVMET_IOW_ERR_IO_TIMEOUT ||
	     r->error == NVMET_IOW_ERR_VERIFY) && w->ops == &nvmet_engine && n < len) {
		worker_cmd_str(w, &r->first_error_sqe, &r->first_error_cqe, cmd, sizeof(cmd), st,
			       sizeof(st));
		n += (size_t)snprintf(buf + n, len - n, ": %s -> %s", cmd, st);
	}
	if (w->errmsg[0] && n < len)
		snprintf(buf + n, len - n, ": %s", w->errmsg);
}

static void print_worker(FILE *f, const struct worker *w)
{
	const struct nvmet_ioworker_result *r = &w->r;
	uint64_t ms = r->mseconds;
	char err[512];

	fprintf(f, "%s: (groupid=%u, jobs=1): err=%2d: worker=%u, cpu=%d, nsid=%u, engine=%s\n",
		w->job->name, w->group, worker_error_errno(w), w->clone + 1, r->cpu, w->job->nsid,
		w->ops->name);
	print_dir(f, "read", r->reads, r->bytes_read, ms, true);
	print_dir(f, "write", r->writes, r->bytes_written, ms, true);
	print_dir(f, "trim", r->trims, 0, ms, false);
	print_dir(f, "write zeroes", r->write_zeroes, 0, ms, false);
	print_dir(f, "compare", r->compares, 0, ms, false);
	print_dir(f, "flush", r->flushes, 0, ms, false);
	print_dir(f, "other", r->others, 0, ms, false);
	if (r->reads + r->writes + r->trims + r->write_zeroes + r->compares + r->flushes +
	    r->others)
		print_latency(f, w);
	fprintf(f, "  cpu          : usr=%.2f%%, sys=%.2f%%, run=%" PRIu64 "msec\n",
		r->cpu_usage - w->sys_cpu, w->sys_cpu, ms);
	/* Failed commands are not I/O done: fio's count of them, apart. */
	if (r->errors)
		fprintf(f, "     errors    : total=%" PRIu64 ", first_error=%d/<%s>\n", r->errors,
			worker_error_errno(w), strerror(worker_error_errno(w)));
	if (r->nr_seconds)
		print_per_second(f, r);
	if (r->nr_last)
		print_last(f, w);
	if (r->error || w->errmsg[0]) {
		worker_error_line(w, err, sizeof(err));
		fprintf(f, "  error        : %s\n", err);
	}
}

static void print_job_line(FILE *f, const struct job *j, unsigned int group)
{
	char a[32], b[32];
	unsigned int i;

	fprintf(f, "%s: (g=%u): rw=%s, bs=", j->name, group, rw_name(j->rw));
	if (j->nr_split) {
		for (i = 0; i < j->nr_split; i++)
			fprintf(f, "%s%s/%u", i ? ":" : "",
				size_str(j->split[i].bytes, a, sizeof(a)), j->split[i].weight);
	} else if (j->bs_max) {
		fprintf(f, "%s-%s", size_str(j->bs, a, sizeof(a)),
			size_str(j->bs_max, b, sizeof(b)));
	} else {
		fprintf(f, "%s", size_str(j->bs, a, sizeof(a)));
	}
	fprintf(f, ", ioengine=%s, iodepth=%u, dev=%s%s\n",
		j->engine == ENGINE_AIO ? "aio" : "nvmet", j->iodepth, j->dev[0] ? j->dev : "emu:",
		j->verify ? ", verify=on" : "");
}

static void print_group(FILE *f, const struct worker *w, unsigned int n)
{
	uint64_t rb = 0, wb = 0, ms_min = UINT64_MAX, ms_max = 0;
	char a[64], b[32];
	unsigned int i;
	double s;

	for (i = 0; i < n; i++) {
		rb += w[i].r.bytes_read;
		wb += w[i].r.bytes_written;
		ms_min = w[i].r.mseconds < ms_min ? w[i].r.mseconds : ms_min;
		ms_max = w[i].r.mseconds > ms_max ? w[i].r.mseconds : ms_max;
	}
	s = ms_max ? (double)ms_max / 1000.0 : 1e-3;
	fprintf(f, "\nRun status group %u (all jobs):\n", w[0].group);
	if (rb)
		fprintf(f, "   READ: bw=%s, io=%s, run=%" PRIu64 "-%" PRIu64 "msec\n",
			bw_str((double)rb / s, a, sizeof(a)), bytes_str(rb, b, sizeof(b)), ms_min,
			ms_max);
	if (wb)
		fprintf(f, "  WRITE: bw=%s, io=%s, run=%" PRIu64 "-%" PRIu64 "msec\n",
			bw_str((double)wb / s, a, sizeof(a)), bytes_str(wb, b, sizeof(b)), ms_min,
			ms_max);
}

static void report_normal(FILE *f, struct worker *w, unsigned int n)
{
	const struct job *last = NULL;
	unsigned int i, first;

	for (i = 0; i < n; i++) {
		if (w[i].job != last)
			print_job_line(f, w[i].job, w[i].group);
		last = w[i].job;
	}
	fprintf(f, "nvmet-io-%s\n\n", NVMET_IO_VERSION);
	for (i = 0; i < n; i++)
		print_worker(f, &w[i]);
	for (first = 0; first < n; first = i) {
		for (i = first; i < n && w[i].group == w[first].group; i++)
			;
		print_group(f, w + first, i - first);
	}
}

int report(struct config *cfg, struct worker *w, unsigned int n)
{
	FILE *f = cfg->out ? cfg->out : stdout;
	char err[512];
	unsigned int i;
	int ret = 0;

	if (cfg->formats & FMT_NORMAL)
		report_normal(f, w, n);
	if (cfg->formats & (FMT_JSON | FMT_JSON_PLUS))
		report_json(f, w, n, cfg->formats & FMT_JSON_PLUS);
	if (fflush(f) || ferror(f))
		ret = fail("--output: %s: %s", cfg->output[0] ? cfg->output : "stdout",
			   strerror(errno));
	if (cfg->plot[0] && plot(cfg->plot, w, n))
		ret = EXIT_FAIL;
	for (i = 0; i < n; i++) {
		if (!w[i].r.error && !w[i].errmsg[0])
			continue;
		worker_error_line(&w[i], err, sizeof(err));
		ret = fail("%s (worker %u): %s", w[i].job->name, w[i].clone + 1, err);
	}
	return ret;
}
