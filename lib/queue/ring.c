// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ring.c - the one ring operation that waits, and so is not inline in
 * nvmet/ring.h: polling a completion queue with a deadline.
 */
#include <sched.h>

#include <nvmet/ring.h>

#include "support/clock.h"

int nvmet_cq_wait(struct nvmet_cq_ring *cq, struct nvmet_cqe *cqes, int n, unsigned int timeout_ms)
{
	uint64_t deadline = nvmet_now_ns() + (uint64_t)timeout_ms * 1000000u;
	int got = 0;

	for (;;) {
		got += nvmet_cq_reap(cq, cqes + got, n - got);
		if (got >= n || nvmet_now_ns() >= deadline)
			return got;
		sched_yield();
	}
}
