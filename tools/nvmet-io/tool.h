/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tool.h - nvmet-io: jobs as the options and job files describe them, the
 * engines that run them, and the reports.
 */
#ifndef NVMET_IO_TOOL_H
#define NVMET_IO_TOOL_H

#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <nvmet/nvmet.h>

#include "clock.h"

#define PROG		"nvmet-io"
#ifndef NVMET_IO_VERSION
#define NVMET_IO_VERSION	"0"
#endif

/* Exit status: 0 done, 1 a worker or the device failed, 2 bad usage. */
#define EXIT_FAIL	1
#define EXIT_USAGE	2

#define JOB_NAME_MAX	64
#define DEV_MAX		256
#define MAX_PLUGINS	8
#define MAX_WORKERS	256

enum engine {
	ENGINE_NVMET,	/* libnvmet's I/O workers */
	ENGINE_AIO,	/* libaio on a block device */
};

enum rw_mode {
	RW_READ,
	RW_WRITE,
	RW_RANDREAD,
	RW_RANDWRITE,
	RW_RW,
	RW_RANDRW,
};

/* Output formats, a bit each. */
#define FMT_NORMAL	1u
#define FMT_JSON	2u
#define FMT_JSON_PLUS	4u

/* A size in bytes, or a percent of the namespace. */
struct span {
	bool set;
	bool percent;
	uint64_t value;
};

struct bs_split {
	uint64_t bytes;
	uint32_t weight;
};

/**
 * struct job - one job section (or the command line) as given, before the
 *	namespace's geometry turns it into worker parameters
 */
struct job {
	char name[JOB_NAME_MAX];
	bool in_file;				/* a job file's section */
	char dev[DEV_MAX];
	char emu[DEV_MAX];
	char plugins[MAX_PLUGINS][DEV_MAX];
	unsigned int nr_plugins;
	enum engine engine;
	uint32_t nsid;
	enum rw_mode rw;
	unsigned int rwmixread;
	uint64_t bs, bs_max;			/* bs_max: a range */
	struct bs_split split[NVMET_IOW_MAX_SIZES];
	unsigned int nr_split;
	uint32_t iodepth;
	unsigned int numjobs;
	uint64_t runtime_ms;
	bool time_based;
	struct span size, offset;
	struct span offset_inc;			/* clone k starts k of them later */
	uint64_t number_ios;
	uint32_t rate_iops;
	bool verify;
	bool seed_set;
	uint64_t seed;
	bool lba_step_set;
	int64_t lba_step;
	uint32_t lba_align;
	int lba_random;				/* -1: from --rw */
	bool lba_start_set;
	uint64_t lba_start;
	struct nvmet_iow_op ops[NVMET_IOW_MAX_OPS];
	unsigned int nr_ops;
	bool use_distribution;
	uint32_t distribution[NVMET_IOW_REGIONS];
	const struct nvmet_iow_replay *replay;
	size_t nr_replay;
	unsigned int qprio;
	enum nvmet_pattern ptype;
	uint32_t pvalue;
	unsigned int last_cmds;
	bool per_second;
	double pct[NVMET_IOW_MAX_PCT];
	unsigned int nr_pct;
	bool cpus_set;
	cpu_set_t cpus;
	bool share_cpu;
	bool stonewall;				/* start when the jobs above ended */
};

/* Where a key=value came from, for error messages. */
struct src {
	const char *file;	/* NULL: the command line */
	unsigned int line;
};

/* One key=value of the command line or a job file section. */
struct kv {
	const struct key *key;
	char *val;
	struct src src;
};

struct kv_list {
	struct kv *v;
	unsigned int n, cap;
};

/* Everything of a run that is not a job. */
struct config {
	unsigned int formats;
	char output[PATH_MAX];
	FILE *out;			/* --output, opened before the run */
	char plot[PATH_MAX];
	uint64_t status_interval_ms;
	uint32_t cmd_timeout_ms;	/* 0: the library's default */
	bool tty;			/* stderr is a terminal: live progress */
	struct kv_list cli;		/* job keys given on the command line */
	const char *jobfile;
	struct job *jobs;		/* one per job section, before numjobs */
	unsigned int nr_jobs;
	void **owned;			/* replay tables, freed at exit */
	unsigned int nr_owned;
};

/* A key of the command line and of job files. */
#define KEY_TOOL	1u	/* command line only, sets struct config */
#define KEY_FLAG	2u	/* takes no value on the command line */
/* Setters return 0, or -1 with a message in @err. */
struct key {
	const char *name;
	const char *alias;
	unsigned int flags;
	int (*set)(struct config *cfg, struct job *j, const char *val, char *err, size_t len);
};

/* What the device says a job can do. */
struct geometry {
	uint32_t lba_size;
	uint64_t capacity;	/* LBAs */
	uint64_t mdts;		/* bytes, 0 for no limit */
	uint32_t max_entries;	/* queue entries, 0 for no limit */
};

/* One worker (a job clone) of either engine. */
struct worker {
	const struct job *job;
	unsigned int clone;
	unsigned int group;	/* jobs between stonewalls run together */
	const struct engine_ops *ops;
	void *dev;		/* the engine's: controller and namespace, or file */
	void *h;		/* the running worker */
	struct nvmet_ioworker_params p;
	struct geometry geo;
	bool closed;
	struct nvmet_ioworker_result r;
	char errmsg[192];	/* engine-specific words on an error */
	double sys_cpu;		/* the part of r.cpu_usage spent in the kernel */
	struct nvmet_ioworker_progress last;	/* at the last progress line */
	uint64_t status_ios, status_bytes, status_ms;	/* at the last status line */
};

/*
 * An engine: prepare opens the device and turns the job into w->p (errors
 * reported, exit status returned), start runs it, close fills w->r and
 * w->errmsg and frees the worker, result_free frees w->r, release lets go
 * of what prepare opened.
 */
struct engine_ops {
	const char *name;
	int (*prepare)(struct config *cfg, struct worker *w);
	int (*start)(struct worker *w);
	int (*progress)(struct worker *w, struct nvmet_ioworker_progress *pr);
	void (*stop)(struct worker *w);
	int (*close)(struct worker *w);
	void (*result_free)(struct worker *w);
	void (*release)(struct worker *w);
};

extern const struct engine_ops nvmet_engine, aio_engine;
void nvmet_engine_cleanup(void);

/* opts.c */
int key_error(const struct src *src, const struct key *k, const char *msg);
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Return: -1 to go on, else the exit status. */
int parse_cmdline(struct config *cfg, int argc, char **argv);

/* parse.c */
int parse_count(const char *s, uint64_t max, uint64_t *out);
int parse_size(const char *s, uint64_t *out);
int parse_time_ms(const char *s, uint64_t *out);
int parse_bool(const char *s, bool *out);
int parse_double(const char *s, double *out);
const char *size_str(uint64_t bytes, char *buf, size_t len);

/* keys.c */
extern const struct key keys[];
const struct key *key_find(const char *name);
int key_apply(struct config *cfg, struct job *j, const struct key *k, const char *val,
	      const struct src *src);
void job_defaults(struct job *j);
int kv_add(struct kv_list *l, const struct key *k, const char *val, const struct src *src);
void kv_free(struct kv_list *l);
int kv_apply(struct config *cfg, struct job *j, const struct kv_list *l);

/* lists.c */
int parse_bssplit(const char *s, struct job *j, char *err, size_t len);
int parse_opmix(const char *s, struct job *j, char *err, size_t len);
int parse_opcode(const char *s, uint8_t *opc);
int parse_percentiles(const char *s, struct job *j, char *err, size_t len);
int parse_cpulist(const char *s, cpu_set_t *set, char *err, size_t len);

/* workload.c: distribution and replay files */
void distribution_jedec(uint32_t w[NVMET_IOW_REGIONS]);
int distribution_load(const char *path, uint32_t w[NVMET_IOW_REGIONS], char *err, size_t len);
int replay_load(const char *path, struct nvmet_iow_replay **out, size_t *n, char *err,
		size_t len);

/* jobfile.c */
int jobfile_load(struct config *cfg, const char *path);

/* params.c */
int job_params(const struct job *j, unsigned int clone, const struct geometry *g,
	       struct nvmet_ioworker_params *p);
const char *rw_name(enum rw_mode rw);

/* run.c */
int run_workers(struct config *cfg, struct worker *w, unsigned int n);

static inline uint64_t now_ms(void)
{
	return now_ns() / 1000000;
}

/* fmt.c */
const char *iops_str(double v, char *buf, size_t len);
const char *bw_str(double bytes_per_s, char *buf, size_t len);
const char *bytes_str(uint64_t bytes, char *buf, size_t len);
const char *eta_str(uint64_t ms, char *buf, size_t len);

/* progress.c */
void progress_tick(struct config *cfg, struct worker *w, unsigned int n, uint64_t t0_ms,
		   bool final);
void status_print(struct config *cfg, struct worker *w, unsigned int n, uint64_t t0_ms);

/* report.c, report_json.c, plot.c */
int report(struct config *cfg, struct worker *w, unsigned int n);
void report_json(FILE *f, struct worker *w, unsigned int n, bool plus);
int plot(const char *path, struct worker *w, unsigned int n);
int worker_error_errno(const struct worker *w);
const char *worker_error_str(int error);
/*
 * The error of a worker on one line, without the program name, as the
 * summary and the JSON's error_text give it: what went wrong, the LBA of a
 * miscompare, the failing command and its completion decoded, the engine's
 * words.
 */
void worker_error_line(const struct worker *w, char *buf, size_t len);
/*
 * A command of the worker's and its completion, each on one line: a
 * command the library timed out (an all-ones CQE) reads "TIMED OUT", on
 * the worker's queue.
 */
void worker_cmd_str(const struct worker *w, const struct nvmet_sqe *sqe,
		    const struct nvmet_cqe *cqe, char *cmd, size_t cmd_len, char *st, size_t st_len);

#endif /* NVMET_IO_TOOL_H */
