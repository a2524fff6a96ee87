/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * clock.h - the tools' one clock, CLOCK_MONOTONIC in nanoseconds: the
 * clock libnvmet stamps its commands and events with, so that the tools'
 * own times (nvmet-io's progress and aio latencies, nvmet top's samples)
 * compare with the library's.
 */
#ifndef NVMET_TOOLS_CLOCK_H
#define NVMET_TOOLS_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#endif /* NVMET_TOOLS_CLOCK_H */
