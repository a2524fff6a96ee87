// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * thread.c - the controller thread of the PCIe front end: it applies the
 * register writes the core has pending, goes round the submission queues
 * while the controller is ready, runs the core's background work, and
 * idles without burning a CPU when there is nothing to do.
 */
#include <errno.h>
#include <sched.h>
#include <sys/prctl.h>
#include <time.h>

#include "pcie.h"

#define EMU_SPIN_ROUNDS		2000		/* idle rounds before yielding */
#define EMU_YIELD_NS		50000000ull	/* idle time before sleeping: 50 ms */
#define EMU_SLEEP_NS		100000		/* sleep between polls when idle */

void emu_thread_kick(struct emu_pcie *p)
{
	if (!atomic_load_explicit(&p->sleeping, memory_order_acquire))
		return;
	pthread_mutex_lock(&p->lock);
	pthread_cond_signal(&p->kick);
	pthread_mutex_unlock(&p->lock);
}

bool emu_thread_self(const struct emu_pcie *p)
{
	return p->thread_started && pthread_equal(pthread_self(), p->thread);
}

/*
 * Nothing to do: spin a little, then yield the CPU (a host that submits
 * a command every millisecond or so still gets an answer at once), and
 * only after 50 ms of nothing sleep between polls, so an idle controller
 * costs no CPU. A register write wakes it at once.
 */
static void emu_idle(struct emu_pcie *p, unsigned int rounds, uint64_t idle_ns)
{
	if (rounds < EMU_SPIN_ROUNDS) {
		__builtin_ia32_pause();
	} else if (idle_ns < EMU_YIELD_NS) {
		sched_yield();
	} else {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += EMU_SLEEP_NS;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&p->lock);
		atomic_store(&p->sleeping, true);
		if (!atomic_load(&p->stop) && !emu_regs_pending(p->emu))
			pthread_cond_timedwait(&p->kick, &p->lock, &ts);
		atomic_store(&p->sleeping, false);
		pthread_mutex_unlock(&p->lock);
	}
}

static void *emu_thread(void *arg)
{
	struct emu_pcie *p = arg;
	struct nvmet_emu *emu = p->emu;
	unsigned int idle = 0;
	uint64_t idle_since = 0;

	/* Sleeps are short: do not let the kernel stretch them. */
	prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
	while (!atomic_load_explicit(&p->stop, memory_order_acquire)) {
		uint64_t now = nvmet_now_ns();
		unsigned int work = 0;

		atomic_fetch_add_explicit(&p->epoch, 1, memory_order_release);
		if (emu_regs_pending(emu)) {
			emu_regs_apply(emu);
			work++;
		}
		if (emu_ready(emu))
			work += emu_queues_round(p, now);
		emu_admin_tick(emu, now);
		if (work) {
			idle = 0;
			continue;
		}
		if (!idle)
			idle_since = now;
		emu_idle(p, idle++, now - idle_since);
	}
	return NULL;
}

int emu_thread_start(struct emu_pcie *p)
{
	int ret;

	if (p->thread_started)
		return 0;
	atomic_store(&p->stop, false);
	ret = -pthread_create(&p->thread, NULL, emu_thread, p);
	if (!ret)
		p->thread_started = true;
	return ret;
}

void emu_thread_stop(struct emu_pcie *p)
{
	if (!p->thread_started)
		return;
	pthread_mutex_lock(&p->lock);
	atomic_store(&p->stop, true);
	pthread_cond_signal(&p->kick);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	p->thread_started = false;
}
