/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * support/clock.h - the one clock of libnvmet and its emulated controller:
 * CLOCK_MONOTONIC, in nanoseconds. Inline because the I/O path reads it per
 * batch of completions, and clock_gettime() is a vDSO call, not a syscall.
 */
#ifndef NVMET_SUPPORT_CLOCK_H
#define NVMET_SUPPORT_CLOCK_H

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

#endif /* NVMET_SUPPORT_CLOCK_H */
