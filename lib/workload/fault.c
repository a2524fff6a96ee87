// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fault.c - a device that goes away under a running worker.
 *
 * When the module loses its device (unbind, removal) it revokes the
 * mappings of the queues and buffers, and the next touch raises SIGBUS.
 * A worker's thread polls those mappings all the time, so it would take
 * the whole program down. A SIGBUS handler installed with the first
 * worker sends a worker's thread back to where it started, which ends the
 * worker with NVMET_IOW_ERR_DEVICE; a SIGBUS anywhere else goes to what
 * handled it before (by default, the end of the process as usual).
 */
#include <pthread.h>
#include <signal.h>
#include <string.h>

#include "ioworker_priv.h"

static pthread_once_t fault_once = PTHREAD_ONCE_INIT;
static struct sigaction fault_old;
static __thread sigjmp_buf *fault_jump;

static void fault_handler(int sig, siginfo_t *si, void *uc)
{
	if (fault_jump)
		siglongjmp(*fault_jump, 1);
	if (fault_old.sa_flags & SA_SIGINFO) {
		if (fault_old.sa_sigaction) {
			fault_old.sa_sigaction(sig, si, uc);
			return;
		}
	} else if (fault_old.sa_handler != SIG_DFL && fault_old.sa_handler != SIG_IGN) {
		fault_old.sa_handler(sig);
		return;
	}
	/* The default: the faulting access runs again and ends the process. */
	signal(SIGBUS, SIG_DFL);
}

static void fault_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fault_handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &fault_old);
}

void nvmet_iow_fault_arm(void)
{
	pthread_once(&fault_once, fault_install);
}

void nvmet_iow_fault_catch(sigjmp_buf *jb)
{
	fault_jump = jb;
}
