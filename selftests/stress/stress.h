/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stress.h - what the module's stress programs (nvmetest-fuzz,
 * nvmetest-close-race) share: the device under test and the ways of taking
 * it away and putting it back, the kernel log watch, the leak check run
 * once every file is closed, and their TAP output. Every function returns
 * 0 or a negative errno unless it says otherwise. Names start with sx_.
 */
#ifndef STRESS_H
#define STRESS_H

#include <getopt.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <regex.h>

/* Exit statuses, as kselftest's. */
#define SX_PASS		0
#define SX_FAIL		1
#define SX_USAGE	2
#define SX_SKIP		4

/* A leak check's unbind (a sysfs write) that takes longer hangs. */
#define SX_SYSFS_MS	30000u

/**
 * struct sx_opts - the options every stress program takes
 * @secs: --time SEC, how long it runs
 * @procs: --procs N, how many processes it runs at once
 * @max_procs: the program's limit for @procs
 * @bdf: --bdf BDF, else $NVMETEST_BDF
 * @ko: --ko FILE, else $NVMETEST_KO
 */
struct sx_opts {
	unsigned int secs, procs, max_procs;
	const char *bdf, *ko;
};

/* The getopt_long() entries of struct sx_opts, for a program's table. */
#define SX_LONG_OPTIONS \
	{ "time", required_argument, NULL, 't' }, { "procs", required_argument, NULL, 'p' }, \
	{ "bdf", required_argument, NULL, 'b' }, { "ko", required_argument, NULL, 'k' }

/* Takes getopt_long()'s @c and @arg: 1 when it was one of struct sx_opts, 0 when
 * not, -1 for a bad value. */
int sx_opt(struct sx_opts *o, int c, const char *arg);

/**
 * struct sx_dev - the device under test
 * @bdf: its PCI address
 * @ko: the module file, to load it again
 * @params: the module's parameters when the program started
 * @instance0: N of its /dev/nvmetestN when the program started
 * @cap: the controller's CAP register, as the module read it at probe
 */
struct sx_dev {
	char bdf[32];
	char ko[PATH_MAX];
	char params[1024];
	uint32_t instance0;
	uint64_t cap;
};

/*
 * Finds the device: @bdf (else $NVMETEST_BDF) bound to nvmetest, @ko (else
 * $NVMETEST_KO). -ENODEV (with a reason on stderr) when there is none to
 * test, -EPERM without root.
 */
int sx_dev_init(struct sx_dev *d, const char *bdf, const char *ko);
/* The device node of the function now, within @ms; 0 or -ETIMEDOUT. */
int sx_dev_node(const struct sx_dev *d, char *path, size_t len, unsigned int ms);
/* Brings module, function, binding and node back. */
int sx_dev_restore(const struct sx_dev *d);
/*
 * The same for a task the watch samples (see sx_watch): the selftests'
 * fixed bounds on each step (rescan, probe, node) run out on a slow kernel
 * while the step is still on its way, so after -ETIMEDOUT it goes again,
 * for as long as the watch lets it; any other error (-ENODEV: the function
 * did not come back after a rescan) is returned at once.
 */
int sx_dev_restore_watched(const struct sx_dev *d);

struct sx_kmsg;
/*
 * Finds the device (sx_dev_init()) and starts watching the kernel log
 * (sx_kmsg_open()): SX_PASS, or the status the program exits with (SX_SKIP
 * after a TAP line saying why, SX_FAIL).
 */
int sx_start(const struct sx_opts *o, struct sx_dev *dev, struct sx_kmsg *kmsg);

/* Ways to take the device away from the module under its files. */
enum sx_removal {
	SX_UNBIND,		/* the driver's sysfs unbind */
	SX_PCI_REMOVE,		/* the function's sysfs remove (hot unplug) */
	SX_SYSFS_RESET,		/* the function's sysfs reset (FLR under the driver) */
	SX_NR_REMOVALS,
};
extern const char *const sx_removal_names[SX_NR_REMOVALS];
/* Does it (a sysfs write, waited for: watch the task that calls it, see sx_watch). */
int sx_remove(const struct sx_dev *d, enum sx_removal how);

/**
 * struct sx_kmsg - the kernel log since the program started
 * @fd: /dev/kmsg
 * @re: the report patterns (see sx_kmsg_open())
 * @found_ns: when the first report was seen, 0 before
 * @report: that report's line and the lines after it
 * @len: bytes in @report
 * @dumped: the records being read are the blocked tasks' dump
 *	(sx_log_blocked_tasks()): their stacks are not a report
 */
struct sx_kmsg {
	int fd;
	regex_t re;
	uint64_t found_ns;
	char report[24576];
	size_t len;
	int dumped;
};

/*
 * Opens /dev/kmsg at its end, with the patterns of a kernel report read
 * from the file tools/vm/nvmet-vm uses too: $NVMETEST_KERNEL_REPORTS, else
 * /etc/nvmet-kernel-reports (the VM's copy), else tools/vm/kernel-reports
 * next to the build directory this program runs from.
 */
int sx_kmsg_open(struct sx_kmsg *k);
/*
 * Reads what the kernel logged since the last call; returns 1 once a report
 * was seen (its lines and those of the next seconds gather in @report),
 * 0 before.
 */
int sx_kmsg_poll(struct sx_kmsg *k);
/* Whether the report is complete: a few seconds passed since it began. */
int sx_kmsg_settled(const struct sx_kmsg *k);

/*
 * With every file of the module closed: the module's reference count
 * drops to 0, unbinding and binding again gives the function its instance
 * number back (or a lower one), kmemleak (when the kernel has it) finds
 * nothing the module allocated unreferenced, and rmmod and insmod work.
 * Returns 0 when clean, 1 with the reason in @why, or a negative errno
 * when it could not tell (also with @why).
 */
int sx_leak_check(struct sx_dev *d, char *why, size_t len);

/*
 * The progress watch: tells a call that waits from one that is stuck,
 * without guessing at the machine's speed.
 *
 * Every wait of the module ends on its own within a bound it sets itself:
 * an admin command's timeout (and the wait for a free slot before it, as
 * long again), CAP.TO for each controller disable and enable. Time a task
 * spends computing or waiting for a CPU is the machine's speed, not a
 * wait, and a task waiting on a lock waits for whoever holds it. So the
 * watch samples each task in a call (its state and CPU time, from /proc)
 * and counts only the time it sleeps while nothing else progresses: no
 * task in a call computes, the device raises no interrupt and the caller's
 * count of finished calls stands still. A task whose count passes the
 * bound (sx_stall_bound_ms()) is hung. A task that another keeps waiting
 * for ever while the rest carry on is caught once they stop.
 *
 * That count never runs out under a livelock (a call spinning, an
 * interrupt storm while a call waits for ever): whatever else moves, a
 * task still in the same call SX_WATCH_CEILING bounds after the watch
 * first saw it is hung too. Three: a call may wait out another's full
 * wait (a removal waiting for a command's timeout) and then its own,
 * two bounds; the third is a slow kernel's margin (the debug kernel's
 * slowest removal until the device was back took 20 s of QEMU's 35 s
 * bound). Four would not leave tools/check.sh's VM timeout for a stress
 * run (stress_run) the room to report a livelock of each program.
 */
#define SX_WATCH_CEILING	3u

/**
 * struct sx_task - a task the watch samples
 * @pid: its process
 * @tid: its thread
 * @call: the call it is in (any number that changes from one call to the
 *	next), 0 when it is in none
 * @seen_call: the watch's: @call at the last sample
 * @ticks: the watch's: its CPU time in clock ticks at the last sample
 * @state: the watch's: its state letter at the last sample
 * @stall_ns: the watch's: how long it has slept with nothing progressing
 * @call_ns: the watch's: when it first saw @call
 */
struct sx_task {
	pid_t pid, tid;
	uint64_t call;
	uint64_t seen_call;
	uint64_t ticks;
	char state;
	uint64_t stall_ns;
	uint64_t call_ns;
};

/**
 * struct sx_watch - the watch over a program's tasks
 * @bound_ns: the longest a task may sleep with nothing progressing
 * @ceiling_ns: the longest a task may be in one call, SX_WATCH_CEILING bounds
 * @last_ns: the last sample, 0 before the first
 * @events: the caller's count plus the device's interrupts at the last sample
 * @idle_ns: how long nothing at all has progressed
 * @samples: samples taken
 */
struct sx_watch {
	uint64_t bound_ns;
	uint64_t ceiling_ns;
	uint64_t last_ns;
	uint64_t events;
	uint64_t idle_ns;
	uint64_t samples;
};

/*
 * The bound, in ms, of a sleep of the module with nothing else happening:
 * twice the longer of the module's default admin timeout (its parameter
 * admin_timeout_ms) and @own_ms, the longest timeout the program gives its
 * own commands (a wait for a free slot, then for the command), plus twice
 * CAP.TO of @d (a disable, then an enable).
 */
unsigned int sx_stall_bound_ms(const struct sx_dev *d, unsigned int own_ms);
void sx_watch_init(struct sx_watch *w, unsigned int bound_ms);
/*
 * Samples the @n tasks (at most every SX_WATCH_PERIOD_MS; call it as often
 * as you like), @events being the caller's count of what finished (calls,
 * exits). Returns the index of a hung task, or -1.
 */
#define SX_WATCH_PERIOD_MS	100u
int sx_watch_sample(struct sx_watch *w, struct sx_task *t, unsigned int n, uint64_t events);
/* Whether nothing at all (no task, no event) progressed for the bound. */
int sx_watch_idle(const struct sx_watch *w);
/* Why the watch found @t hung, for a TAP comment: its sleep, or its call's length. */
void sx_watch_why(const struct sx_watch *w, const struct sx_task *t, char *out, size_t len);

/* The kernel stack of a task, on one line, into @out ("" when unreadable). */
void sx_task_stack(pid_t pid, pid_t tid, char *out, size_t len);
/*
 * Asks the kernel to log every task in D state (sysrq w), once a hang is
 * found; @k reads past the dump's records, which are no report, and sees
 * whatever the kernel logs after them.
 */
void sx_log_blocked_tasks(struct sx_kmsg *k);

/* TAP, as the kselftest runner reads it: a plan, then a line per check. */
void sx_tap_plan(const char *prog, int n);
void sx_tap(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Each line of @text as a TAP comment. */
void sx_tap_comment_lines(const char *text);

uint64_t sx_now_ns(void);
/* A positive number from a command-line argument, or -1. */
long sx_parse_positive(const char *s);

#endif /* STRESS_H */
