/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ioworker_priv.h - I/O worker internals: the generator that decides the
 * next I/O, the in-flight slots, and the worker the thread runs.
 *
 * Threads: nvmet_ioworker_start() and _close() run in the caller's thread,
 * the poll loop in the worker's own. While the thread runs it is the only
 * one touching the queue pair, the slots and the result; the caller sees
 * only the atomics (stop, end, progress). nvmet_ioworkers_end() joins the
 * thread before anything else touches the worker.
 */
#ifndef NVMET_IOWORKER_PRIV_H
#define NVMET_IOWORKER_PRIV_H

#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <nvmet/histogram.h>
#include <nvmet/iogen.h>
#include <nvmet/ioworker.h>

#include "ctrl/ctrl_priv.h"
#include "verify_priv.h"

#define IOW_NLB_MAX	65536u	/* the NLB field's limit */

/**
 * struct nvmet_iogen - what decides the next I/O (nvmet/iogen.h)
 * @rng: xoshiro256** state
 * @opc: the opcode of every I/O when @one_op
 * @one_op: a single opcode
 * @opc_table: the opcode for each percent 0..99 otherwise
 * @nlb: the fixed size, or the smallest of a range
 * @nlb_span: sizes are @nlb + [0, @nlb_span) for a range; 0 when fixed
 * @nr_sizes: entries of a weighted list (0: fixed or range)
 * @size_nlb: the list's sizes
 * @size_cum: cumulative weights
 * @max_nlb: the largest size
 * @rs: first LBA of the region
 * @re: LBA after the region
 * @step: sequential step; 0 for the I/O's size
 * @cur: next sequential LBA
 * @align: alignment of random starts
 * @align_pow2: @align is a power of two
 * @first_aligned: the first aligned start in the region, over @align
 * @fixed_count: aligned starts for the fixed size (when @nlb_span and @nr_sizes are 0)
 * @lba_random: percent of random I/Os
 * @use_dist: draw random LBAs from the 100 regions by weight
 * @dist_cum: cumulative weights
 * @dist_lo: first LBA of each region, and the end
 * @replay: a sequence to replay instead, @nr_replay long
 * @nr_replay: entries of @replay
 * @replay_pos: the next one
 * @has_writes: some I/O may change data
 * @has_data: some I/O moves LBA data (reads, writes, compares, vendor)
 * @has_compare: some I/O is a Compare
 */
struct nvmet_iogen {
	uint64_t rng[4];
	uint8_t opc;
	bool one_op;
	uint8_t opc_table[100];
	uint32_t nlb;
	uint32_t nlb_span;
	unsigned int nr_sizes;
	uint32_t size_nlb[NVMET_IOW_MAX_SIZES];
	uint64_t size_cum[NVMET_IOW_MAX_SIZES];
	uint32_t max_nlb;
	uint64_t rs;
	uint64_t re;
	int64_t step;
	int64_t cur;
	uint64_t align;
	bool align_pow2;
	uint64_t first_aligned;
	uint64_t fixed_count;
	unsigned int lba_random;
	bool use_dist;
	uint64_t dist_cum[NVMET_IOW_REGIONS];
	uint64_t dist_lo[NVMET_IOW_REGIONS + 1];
	const struct nvmet_iow_replay *replay;
	size_t nr_replay;
	size_t replay_pos;
	bool has_writes;
	bool has_data;
	bool has_compare;
};

/**
 * struct iow_slot - a command's part of the worker, by its CID on the
 * worker's queue pair (whose tracker says whether it is in flight)
 * @sqe: as submitted
 * @w: its worker
 * @off: its data in the worker's buffer
 * @slba: first LBA
 * @nlb: LBAs
 * @writer: it changes data (ordering)
 * @vc: what it means for verification (when the worker verifies)
 */
struct iow_slot {
	struct nvmet_sqe sqe;
	struct nvmet_vcmd vc;
	struct nvmet_ioworker *w;
	size_t off;
	uint64_t slba;
	uint32_t nlb;
	bool writer;
};

/**
 * struct nvmet_ioworker - a worker
 * @ctrl: controller (NULL once nvmet_ctrl_close() let go of the worker)
 * @ns: namespace
 * @p: the parameters
 * @qp: its queue pair
 * @buf: data: @p.qdepth slots of @slot_bytes, then the write pattern
 * @slot_bytes: bytes per slot
 * @pattern_off: the write pattern's offset in @buf
 * @lba_size: bytes per LBA
 * @order: commands on overlapping LBAs wait for each other
 * @verify: keep the namespace's verification table right and check reads
 * @nsid: the namespace's id
 * @timeout_ns: how long waiting for the commands in flight may take
 * @gen: the generator
 * @slots: @p.qdepth of them, by CID: the pair's tracker hands out CIDs
 *	from the bottom of its free stack up, so with at most @p.qdepth in
 *	flight they stay below @p.qdepth
 * @pending: the next I/O, decided but not submitted yet
 * @have_pending: @pending is valid
 * @issued: I/Os submitted
 * @stopping: no more submissions; wait for what is in flight
 * @ran_time: it stopped because its time_ms was up
 * @drain_deadline: when waiting stops with NVMET_IOW_ERR_TIMEOUT
 * @finished: the loop ended: completions arriving later are ignored
 * @create_ns: when the thread was created (for nvmet_ioworker_progress())
 * @start_ns: when the loop started
 * @now_ns: the loop's clock, read once per round
 * @time_end_ns: when to stop submitting (time_ms)
 * @due_ns: when the throttle lets the next I/O go
 * @wake_ns: when the I/O waiting for its time may go (0: none waits)
 * @last_submit_ns: when the last I/O was submitted
 * @last_done_ns: when the last one completed
 * @res: the result, filled by the thread
 * @hist: latencies
 * @secs: good completions per second (@p.per_second)
 * @last: the ring of last completed commands (@p.last_cmds entries)
 * @nr_done: commands completed (the ring's position)
 * @nr_ok: commands completed without an error
 * @bytes_done: bytes they moved
 * @stop_req: nvmet_ioworker_stop() was called
 * @end_req: nvmet_ioworkers_end(): end now, without waiting
 * @end_err: the error code to end with
 * @done: the thread has finished
 * @prog_ios: I/Os completed without an error, for nvmet_ioworker_progress()
 * @prog_bytes: bytes, likewise
 * @thread: the thread
 * @started: @thread was created
 * @joined: @thread was joined (under the controller's worker lock)
 * @cpu: CPU the thread is pinned to
 * @prev: the controller's list of workers
 * @next: see @prev
 */
struct nvmet_ioworker {
	struct nvmet_ctrl *ctrl;
	struct nvmet_ns *ns;
	struct nvmet_ioworker_params p;
	struct nvmet_qpair *qp;
	struct nvmet_buf *buf;
	size_t slot_bytes;
	size_t pattern_off;
	uint32_t lba_size;
	bool order;
	bool verify;
	uint32_t nsid;
	uint64_t timeout_ns;
	struct nvmet_iogen gen;
	struct iow_slot *slots;
	struct nvmet_io pending;
	bool have_pending;
	uint64_t issued;
	bool stopping;
	bool ran_time;
	uint64_t drain_deadline;
	bool finished;
	uint64_t create_ns;
	uint64_t start_ns;
	uint64_t now_ns;
	uint64_t time_end_ns;
	uint64_t due_ns;
	uint64_t wake_ns;
	uint64_t last_submit_ns;
	uint64_t last_done_ns;
	struct nvmet_ioworker_result res;
	struct nvmet_hist hist;
	struct nvmet_iow_seconds secs;
	struct nvmet_cmdlog_rec *last;
	uint64_t nr_done;
	uint64_t nr_ok;
	uint64_t bytes_done;
	atomic_bool stop_req;
	atomic_bool end_req;
	atomic_int end_err;
	atomic_bool done;
	_Atomic uint64_t prog_ios;
	_Atomic uint64_t prog_bytes;
	pthread_t thread;
	bool started;
	bool joined;
	int cpu;
	struct nvmet_ioworker *prev;
	struct nvmet_ioworker *next;
};

/* The generator in place (gen.c): checks the parameters against the namespace, 0 or -EINVAL. */
NVMET_HIDDEN int nvmet_iogen_init(struct nvmet_iogen *g, const struct nvmet_ioworker_params *p,
				  uint64_t capacity);
/* Whether @opc moves data to (1) or from (2) the host's buffer, or none (0). */
NVMET_HIDDEN int nvmet_iow_opc_dir(uint8_t opc);
/* Whether @opc changes what the LBAs hold. */
NVMET_HIDDEN bool nvmet_iow_opc_writes(uint8_t opc);

/* The thread (ioworker_run.c). */
NVMET_HIDDEN void *nvmet_iow_thread(void *arg);
/* SIGBUS from revoked mappings: install the handler (once per process). */
NVMET_HIDDEN void nvmet_iow_fault_arm(void);
/* This thread's SIGBUS goes to @jb (NULL: as before). */
NVMET_HIDDEN void nvmet_iow_fault_catch(sigjmp_buf *jb);

/* Give back the CPU the thread held (the thread calls it as it ends). */
NVMET_HIDDEN void nvmet_iow_cpu_put(int cpu);

#endif /* NVMET_IOWORKER_PRIV_H */
