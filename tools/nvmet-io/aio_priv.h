/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aio_priv.h - the aio engine's worker, shared by its engine operations
 * (engine_aio.c) and its thread (aio_run.c).
 */
#ifndef NVMET_IO_AIO_PRIV_H
#define NVMET_IO_AIO_PRIV_H

#include <libaio.h>
#include <pthread.h>
#include <stdatomic.h>

#include "tool.h"

#define AIO_ALIGN	4096
#define WAIT_MAX_NS	100000000ull	/* io_getevents wakes up at least this often */

struct slot {
	struct iocb iocb;
	uint64_t submit_ns;
	uint8_t opc;
	uint64_t slba;
	uint32_t nlb;
};

struct pending {
	bool valid;
	struct nvmet_io io;
};

struct aio_worker {
	pthread_t thread;
	struct pending next;
	int fd;
	uint32_t nsid;
	uint32_t lba_size;
	struct nvmet_ioworker_params p;
	struct nvmet_iogen *gen;
	struct nvmet_hist hist;			/* latencies of good completions */
	io_context_t ctx;
	uint8_t *bufs;
	size_t buf_bytes;			/* per slot */
	struct slot *slots;
	struct slot **free_slots;
	unsigned int nr_free;
	uint64_t t0_ns, last_submit_ns, submitted;
	atomic_bool stop, done;
	atomic_uint_fast64_t ios, bytes, elapsed_ms;
	struct nvmet_iow_seconds secs;		/* p.per_second */
	struct nvmet_cmdlog_rec *last;
	unsigned int nr_last, last_head;
	struct nvmet_ioworker_result r;
	double sys_cpu;
	char errmsg[192];
};

/* The worker's thread: runs the workload, fills a->r, sets a->done. */
void *aio_thread(void *arg);

#endif /* NVMET_IO_AIO_PRIV_H */
