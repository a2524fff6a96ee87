/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/ioworker.h - I/O workers: poll-mode threads, one queue pair each,
 * that drive a namespace at the device's speed while the caller does
 * other things (admin commands, SMART polling, resets, power cycles).
 *
 *	struct nvmet_ioworker_params p;
 *	struct nvmet_ioworker *w;
 *	struct nvmet_ioworker_result r;
 *
 *	nvmet_ioworker_params_init(&p);
 *	p.io_size = 8; p.lba_random = 100; p.read_percent = 100;
 *	p.qdepth = 64; p.time_ms = 10000;
 *	nvmet_ioworker_start(ns, &p, &w);
 *	... other work ...
 *	nvmet_ioworker_close(w, &r);
 *	nvmet_ioworker_result_free(&r);
 *
 * A controller reset, power cycle or close while workers run ends them
 * first (error NVMET_IOW_ERR_ABORTED); a device that goes away ends them
 * with NVMET_IOW_ERR_DEVICE. Nothing hangs. With verification on, the
 * writes a worker had in flight when it ended leave their LBAs holding old
 * or new data, and a power cycle what a volatile write cache lost: the
 * next verified worker accepts either (nvmet/verify.h). After nvmet_ctrl_close() the
 * worker's queue pair and buffer are gone with the controller, but the
 * worker must still be closed to get its result and free it.
 */
#ifndef NVMET_IOWORKER_H
#define NVMET_IOWORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <nvmet/buffer.h>
#include <nvmet/qpair.h>

#ifdef __cplusplus
extern "C" {
#endif

struct nvmet_ns;
struct nvmet_ioworker;

#define NVMET_IOW_MAX_SIZES	32	/* entries of a size list */
#define NVMET_IOW_MAX_OPS	16	/* entries of an opcode mix */
#define NVMET_IOW_MAX_PCT	32	/* percentiles asked for */
#define NVMET_IOW_REGIONS	100	/* regions of a distribution */

/* Error codes of struct nvmet_ioworker_result (pynvme's, plus ours). */
#define NVMET_IOW_OK		0
#define NVMET_IOW_ERR_GENERIC	(-1)	/* a command failed: see first_error */
#define NVMET_IOW_ERR_MDTS	(-2)	/* an io_size is over MDTS */
#define NVMET_IOW_ERR_IO_TIMEOUT (-3)	/* a command timed out */
#define NVMET_IOW_ERR_TIMEOUT	(-4)	/* the worker outlived time_ms by far */
#define NVMET_IOW_ERR_VERIFY	(-5)	/* a read miscompared: see verify_lba */
#define NVMET_IOW_ERR_ABORTED	(-6)	/* reset, power cycle or close ended it */
#define NVMET_IOW_ERR_DEVICE	(-7)	/* the controller failed or went away */

/**
 * struct nvmet_iow_size - one I/O size of a list, with a weight
 * @nlb: LBAs
 * @weight: relative frequency (all 1 for a plain list)
 */
struct nvmet_iow_size {
	uint32_t nlb;
	uint32_t weight;
};

/**
 * struct nvmet_iow_op - one opcode of a mix
 * @opc: any I/O opcode (read, write, compare, write zeroes, DSM as
 *	trim, flush, write uncorrectable, verify, vendor); DSM deallocates
 *	the I/O's LBAs (one range); another opcode is sent with the NSID,
 *	SLBA (CDW10-11) and NLB (CDW12), and data as its bits 1:0 say
 * @percent: its share; the shares add up to 100
 */
struct nvmet_iow_op {
	uint8_t opc;
	uint32_t percent;
};

/**
 * struct nvmet_iow_replay - one I/O of a captured sequence
 * @delay_us: wait this long after the previous one was submitted
 * @opc: opcode
 * @slba: first LBA
 * @nlb: LBAs
 */
struct nvmet_iow_replay {
	uint32_t delay_us;
	uint8_t opc;
	uint64_t slba;
	uint32_t nlb;
};

/**
 * struct nvmet_ioworker_params - what a worker does
 * @io_size: fixed I/O size in LBAs (default 8); used when @io_size_max and
 *	@nr_sizes are 0
 * @io_size_min: with @io_size_max, sizes uniformly in [min, max]
 * @io_size_max: see @io_size_min
 * @sizes: a list of sizes with weights (@nr_sizes entries), instead
 * @nr_sizes: entries of @sizes
 * @lba_step: sequential I/O moves by this many LBAs (may be negative);
 *	0 for the I/O size
 * @lba_align: LBAs random I/O starts are aligned to; 0 for the I/O size
 *	(the first one of a list or range)
 * @lba_random: percent of I/Os at a random LBA, the rest sequential
 * @lba_start: first LBA of the sequential stream (relative to nothing:
 *	an absolute LBA inside the region)
 * @region_start: first LBA of the region I/O stays in
 * @region_end: LBA after the region; 0 for the namespace's end
 * @read_percent: percent of reads, the rest writes (when @nr_ops is 0)
 * @ops: an opcode mix instead, @nr_ops entries
 * @nr_ops: entries of @ops
 * @io_count: stop after this many I/Os; 0 for no limit
 * @time_ms: stop after this long; 0 for no limit (one of @io_count and
 *	@time_ms must be set)
 * @qdepth: I/Os in flight, 1 .. the queue's depth - 1 (default 64)
 * @iops: throttle to this many I/Os per second; 0 for none
 * @qprio: queue priority 0..3
 * @distribution: when @use_distribution, I/O count weights of 100 equal
 *	regions of the LBA range (the JEDEC client workload style); random
 *	LBAs are drawn from region i with probability weight[i] / sum
 * @use_distribution: see @distribution
 * @ptype: data pattern of writes when not verifying
 * @pvalue: its value (see nvmet_buf_fill())
 * @replay: a captured I/O sequence to replay instead of generating I/O
 * @nr_replay: entries of @replay
 * @cpu: CPU to pin the thread to, -1 to pick a free one (never one that
 *	another worker of this process uses, unless @share_cpu)
 * @share_cpu: allow a CPU another worker uses
 * @verify: verify data inline (writes stamped, reads checked); the
 *	namespace's verification is turned on (nvmet/verify.h). A worker
 *	on a namespace whose verification is on verifies anyway. Compares
 *	are refused with it: stamped data cannot be known in advance
 *	(without it, Compare sends the data pattern)
 * @per_second: record I/Os completed in each second
 * @percentiles: latency percentiles wanted (0 < p <= 100), @nr_percentiles
 * @nr_percentiles: entries of @percentiles
 * @last_cmds: keep this many last completed commands (0 for none)
 * @seed: random seed (0 for a fixed default, so runs repeat)
 * @qopts: queue pair options (depth, irq, sgl); NULL fields default
 */
struct nvmet_ioworker_params {
	uint32_t io_size;
	uint32_t io_size_min;
	uint32_t io_size_max;
	struct nvmet_iow_size sizes[NVMET_IOW_MAX_SIZES];
	unsigned int nr_sizes;
	int64_t lba_step;
	uint32_t lba_align;
	unsigned int lba_random;
	uint64_t lba_start;
	uint64_t region_start;
	uint64_t region_end;
	unsigned int read_percent;
	struct nvmet_iow_op ops[NVMET_IOW_MAX_OPS];
	unsigned int nr_ops;
	uint64_t io_count;
	uint64_t time_ms;
	uint32_t qdepth;
	uint32_t iops;
	unsigned int qprio;
	uint32_t distribution[NVMET_IOW_REGIONS];
	bool use_distribution;
	enum nvmet_pattern ptype;
	uint32_t pvalue;
	const struct nvmet_iow_replay *replay;
	size_t nr_replay;
	int cpu;
	bool share_cpu;
	bool verify;
	bool per_second;
	double percentiles[NVMET_IOW_MAX_PCT];
	unsigned int nr_percentiles;
	unsigned int last_cmds;
	uint64_t seed;
	struct nvmet_qpair_opts qopts;
};

/**
 * struct nvmet_ioworker_result - what a worker did
 * @error: NVMET_IOW_OK or an NVMET_IOW_ERR_* code
 * @first_error_sqe: the first command that failed (error -1, -3, -5)
 * @first_error_cqe: its completion
 * @verify_lba: the first LBA that miscompared (error -5)
 * @qid: the worker's queue pair (the SQ of its commands)
 * @reads: read commands completed without an error
 * @writes: write commands completed without an error
 * @trims: DSM deallocate commands completed without an error
 * @write_zeroes: write zeroes commands completed without an error
 * @compares: compare commands completed without an error
 * @flushes: flush commands completed without an error
 * @others: commands of any other opcode completed without an error
 * @errors: commands that completed with an error status or timed out, of
 *	any opcode: counted here only, as fio counts them apart (the worker
 *	stops at the first, so these are it and those in flight with it)
 * @io_count_read: @reads (pynvme's name)
 * @io_count_nonread: the other commands completed without an error
 * @bytes_read: bytes read by commands that completed without an error
 * @bytes_written: bytes written by commands that completed without an error
 * @mseconds: from start to the last completion
 * @cpu_usage: the thread's CPU time over @mseconds, percent of one CPU
 * @cpu: the CPU it ran on
 * @lat_min_ns: shortest latency (of the commands without an error)
 * @lat_avg_ns: mean latency
 * @lat_max_ns: longest latency
 * @percentile_ns: latency at each asked percentile, same order
 * @per_second: I/Os completed without an error in each second (malloc'd,
 *	@nr_seconds): an entry per whole second run (time_ms for a run that
 *	ended by time, else @mseconds), at least one; what completed after
 *	the last whole second (a timed run's drain) counts in the last
 * @nr_seconds: entries of @per_second
 * @last: the last completed commands, failed and timed out ones (an
 *	all-ones CQE, nvmet_cqe_is_timeout()) included, oldest first
 *	(malloc'd, @nr_last)
 * @nr_last: entries of @last
 */
struct nvmet_ioworker_result {
	int error;
	struct nvmet_sqe first_error_sqe;
	struct nvmet_cqe first_error_cqe;
	uint64_t verify_lba;
	uint16_t qid;
	uint64_t reads, writes, trims, write_zeroes, compares, flushes, others;
	uint64_t errors;
	uint64_t io_count_read, io_count_nonread;
	uint64_t bytes_read, bytes_written;
	uint64_t mseconds;
	double cpu_usage;
	int cpu;
	uint64_t lat_min_ns, lat_avg_ns, lat_max_ns;
	uint64_t percentile_ns[NVMET_IOW_MAX_PCT];
	uint32_t *per_second;
	unsigned int nr_seconds;
	struct nvmet_cmdlog_rec *last;
	unsigned int nr_last;
};

/**
 * struct nvmet_ioworker_progress - a live view of a running worker
 * @ios: I/Os completed without an error so far
 * @bytes: bytes they transferred
 * @elapsed_ms: since start
 * @done: the worker has finished
 */
struct nvmet_ioworker_progress {
	uint64_t ios;
	uint64_t bytes;
	uint64_t elapsed_ms;
	bool done;
};

/**
 * nvmet_ioworker_params_init() - the defaults: 4 KiB-ish fixed size (8
 *	LBAs), sequential, 100 percent reads, QD 64, 10 s, CPU picked
 * @p: filled in
 */
void nvmet_ioworker_params_init(struct nvmet_ioworker_params *p);

/**
 * nvmet_ioworker_start() - create the queue pair and start the thread
 * @ns: namespace to work on
 * @p: parameters (copied)
 * @out: the worker
 *
 * Return: 0; -EINVAL for impossible parameters; -E2BIG when an I/O size
 * is over MDTS (the worker is not started); -EBUSY when no free CPU is
 * left; or a negative errno from queue creation.
 */
int nvmet_ioworker_start(struct nvmet_ns *ns, const struct nvmet_ioworker_params *p,
			 struct nvmet_ioworker **out);

/**
 * nvmet_ioworker_progress() - how far a worker got
 * @w: worker
 * @p: filled in
 *
 * Return: 0.
 */
int nvmet_ioworker_progress(struct nvmet_ioworker *w, struct nvmet_ioworker_progress *p);

/**
 * nvmet_ioworker_stop() - ask a worker to finish early (it ends normally)
 * @w: worker
 */
void nvmet_ioworker_stop(struct nvmet_ioworker *w);

/**
 * nvmet_ioworker_close() - wait for a worker, collect its result, free it
 * @w: worker
 * @r: the result (free with nvmet_ioworker_result_free()); may be NULL
 *
 * Return: 0, or a negative errno when the queue pair could not be deleted
 * (the result is still valid).
 */
int nvmet_ioworker_close(struct nvmet_ioworker *w, struct nvmet_ioworker_result *r);

/**
 * nvmet_ioworker_result_free() - free what a result points to
 * @r: result
 */
void nvmet_ioworker_result_free(struct nvmet_ioworker_result *r);

/**
 * struct nvmet_iow_seconds - the per-second series of a run being counted:
 *	what a worker's result gets as @per_second. The library's workers keep
 *	one; an engine of the caller's own that fills a struct
 *	nvmet_ioworker_result keeps one too, so its series follows the same
 *	rules
 * @count: good completions in each second from the start (malloc'd, @cap
 *	entries)
 * @cap: entries allocated
 * @nr: entries up to the last second counted in
 */
struct nvmet_iow_seconds {
	uint32_t *count;
	unsigned int cap;
	unsigned int nr;
};

/**
 * nvmet_iow_seconds_init() - an empty series, allocated for a run
 * @s: the series
 * @time_ms: the run's time, 0 for a run without one
 *
 * Allocates the run's seconds (and two more for the drain) or 4096 of them,
 * so counting rarely has to allocate.
 *
 * Return: 0, or -ENOMEM (@s is empty and can be freed).
 */
int nvmet_iow_seconds_init(struct nvmet_iow_seconds *s, uint64_t time_ms);

/**
 * nvmet_iow_seconds_add() - count a completion in its second
 * @s: the series
 * @ns: when it completed, nanoseconds from the run's start
 *
 * Grows the series when the run lasts longer than allocated (to twice
 * its size, or to the second); a completion that finds no memory for it,
 * or stamped more than 2^26 seconds (about two years) from the start, is
 * not counted: counting never fails.
 */
void nvmet_iow_seconds_add(struct nvmet_iow_seconds *s, uint64_t ns);

/**
 * nvmet_iow_seconds_end() - the series into a result, as @per_second
 * @s: the series; empty afterwards, its memory is @r's
 * @ms: how long the run lasted: its time for a timed run that ran its
 *	course, else to its last completion
 * @r: gets @per_second and @nr_seconds: an entry per whole second of @ms,
 *	at least one (fewer only when memory for them ran out, none when
 *	the series never had any); what was counted after the last whole
 *	second counts in the last entry
 */
void nvmet_iow_seconds_end(struct nvmet_iow_seconds *s, uint64_t ms,
			   struct nvmet_ioworker_result *r);

/**
 * nvmet_iow_seconds_free() - free a series that did not go into a result
 * @s: the series; empty afterwards
 */
void nvmet_iow_seconds_free(struct nvmet_iow_seconds *s);

#ifdef __cplusplus
}
#endif

#endif /* NVMET_IOWORKER_H */
