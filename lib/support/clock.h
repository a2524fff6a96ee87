/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * support/clock.h - the one clock of libnvmet and its emulated controller:
 * CLOCK_MONOTONIC, in nanoseconds. Inline because the I/O path reads it per
 * batch of completions, and clock_gettime() is a vDSO call, not a syscall.
 */
#ifndef NVMET_SUPPORT_CLOCK_H
#define NVMET_SUPPORT_CLOCK_H

#include <sched.h>
#include <stdint.h>
#include <time.h>

static inline uint64_t nvmet_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static inline uint64_t nvmet_now_ms(void)
{
	return nvmet_now_ns() / 1000000u;
}

/*
 * One round of waiting for something the controller does (a register
 * handshake, an admin completion): give up the CPU for the first
 * @spins < 200 rounds, then sleep 50 us a round.
 */
static inline void nvmet_backoff(unsigned int spins)
{
	struct timespec ts = { .tv_nsec = 50000 };

	if (spins < 200)
		sched_yield();
	else
		nanosleep(&ts, NULL);
}

#endif /* NVMET_SUPPORT_CLOCK_H */
