// SPDX-License-Identifier: GPL-2.0
/*
 * stress_watch_test.c - the stress programs' progress watch
 * (selftests/stress/watch.c) on a child process that sleeps in a "call":
 * asleep with nothing progressing it is hung after the bound; with
 * something progressing all along (calls ending elsewhere, interrupts) it
 * is still hung once the same call passes the ceiling; calls that keep
 * ending are never hung. No device needed.
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nvmetest_harness.h"
#include "stress.h"

/* Small, so the test is quick: the ceiling is SX_WATCH_CEILING of it. */
#define BOUND_MS	200u

FIXTURE(watch) {
	pid_t kid;
	struct sx_watch w;
	struct sx_task t;
	char why[160];
};

FIXTURE_SETUP(watch)
{
	self->kid = fork();
	ASSERT_LE(0, self->kid);
	if (self->kid == 0) {
		pause();
		_exit(0);
	}
	sx_watch_init(&self->w, BOUND_MS);
	memset(&self->t, 0, sizeof(self->t));
	self->t.pid = self->t.tid = self->kid;
	self->t.call = 1;
}

FIXTURE_TEARDOWN(watch)
{
	if (self->kid > 0) {
		kill(self->kid, SIGKILL);
		waitpid(self->kid, NULL, 0);
	}
}

/*
 * Samples for @ms (at the watch's period) until the task is found hung;
 * @events_step is added to the caller's count each sample, @new_calls
 * starts a new call each sample. Returns the index found, or -1.
 */
static int sample_for(FIXTURE_DATA(watch) *self, unsigned int ms, uint64_t events_step,
		      int new_calls)
{
	uint64_t end = sx_now_ns() + (uint64_t)ms * 1000000u, events = 0;
	int hung = -1;

	while (hung < 0 && sx_now_ns() < end) {
		usleep(SX_WATCH_PERIOD_MS * 1000u);
		events += events_step;
		self->t.call += (uint64_t)new_calls;
		hung = sx_watch_sample(&self->w, &self->t, 1, events);
	}
	if (hung >= 0)
		sx_watch_why(&self->w, &self->t, self->why, sizeof(self->why));
	return hung;
}

/* Nothing progresses: hung once its sleep passes the bound. */
TEST_F(watch, asleep_with_nothing_progressing)
{
	ASSERT_EQ(0, sample_for(self, 50 * BOUND_MS, 0, 0));
	EXPECT_NE(NULL, strstr(self->why, "with nothing progressing"));
	TH_LOG("%s", self->why);
}

/*
 * Something else progresses at every sample, so the sleep never counts (a
 * livelock, an interrupt storm): the same call is hung past the ceiling
 * all the same, not left to the VM's timeout.
 */
TEST_F(watch, same_call_past_the_ceiling)
{
	ASSERT_EQ(0, sample_for(self, 50 * BOUND_MS, 1, 0));
	EXPECT_NE(NULL, strstr(self->why, "in the same call"));
	EXPECT_LE(SX_WATCH_CEILING * BOUND_MS * 1000000ull, self->w.last_ns - self->t.call_ns);
	TH_LOG("%s", self->why);
}

/* Calls that end while others progress: twice the ceiling, none is hung. */
TEST_F(watch, calls_that_end_are_not_hung)
{
	EXPECT_EQ(-1, sample_for(self, 2 * SX_WATCH_CEILING * BOUND_MS, 1, 1));
}

TEST_HARNESS_MAIN
