// SPDX-License-Identifier: GPL-2.0
/*
 * nvmetest-fuzz - a fuzzer of nvmetest's ioctl and mmap interface.
 *
 * Several processes of two threads each call every ioctl of the module,
 * mmap, munmap (whole and partial), mprotect, mremap, poll, fork and close
 * on the device, with arguments that are mostly almost right (valid
 * structures with one field wrong, boundary sizes, bad and half-mapped
 * pointers, handles, queue ids and mmap offsets of other processes) while
 * another process unbinds, hot-removes and resets the function under them
 * and puts it back. It fails on any kernel report (the patterns of
 * tools/vm/kernel-reports, read from /dev/kmsg as they come), a call that
 * hangs, a mapping that shows the wrong page or stays readable after its
 * buffer was freed, the device writing where no command named, and a leak
 * once every file is closed (module reference count, instance number,
 * class devices, kmemleak, rmmod). Run with --help for usage.
 *
 * Two groups aim at the DMA confinement the module promises (without
 * RAW_DPTR no bus address of the caller's reaches the device): "dma" sends
 * commands whose PRPs or metadata pointer name a canary buffer the command
 * does not use, "persist" the commands whose addresses the controller keeps
 * (I/O queues, doorbell buffer, host memory buffer) at the canary or with
 * data in the module's bounce, which the module must refuse; the canary
 * must stay untouched and no freed page may change. The writes the module
 * guards are tried too and must be refused: configuration writes that move
 * a BAR, turn off memory decode or bus mastering, flip INTx Disable, touch
 * the MSI-X capability or start an FLR, and CC.EN set on a controller
 * disabled by hand.
 *
 * What it never does, because the ABI makes the file as strong as /dev/mem
 * there by design: write the admin queue's registers (AQA, ASQ, ACQ) or
 * doorbells, pass raw data pointers (RAW_DPTR) other than zero, or ring a
 * submission queue holding anything but zeros (the module's) or an invalid
 * opcode (the canary's).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "st_module.h"
#include "nvmetest-fuzz/fuzz.h"

/* --- the parent ------------------------------------------------------------------- */

static void print_counts(void)
{
	uint64_t total = 0;
	int op, e;

	for (op = 0; op < NR_OPS; op++)
		for (e = 0; e <= NERR; e++)
			total += S->counts[op][e];
	printf("# %llu calls; by operation: calls, ok, then the errors most seen\n",
	       (unsigned long long)total);
	for (op = 0; op < NR_OPS; op++) {
		uint64_t calls = 0, c[NERR + 1];
		char line[512];
		int n, shown;

		memcpy(c, S->counts[op], sizeof(c));
		for (e = 0; e <= NERR; e++)
			calls += c[e];
		if (!calls)
			continue;
		n = snprintf(line, sizeof(line), "#   %-13s %8llu %8llu ", ops[op].name,
			     (unsigned long long)calls, (unsigned long long)c[0]);
		for (shown = 0; shown < 4; shown++) {
			int best = 0;

			for (e = 1; e <= NERR; e++)
				if (c[e] > c[best] || (best == 0 && c[e]))
					best = e;
			if (!best || !c[best])
				break;
			n += snprintf(line + n, sizeof(line) - (size_t)n, " %s %llu",
				      best == NERR ? "other" : strerrorname_np(best) ?: "?",
				      (unsigned long long)c[best]);
			c[best] = 0;
		}
		printf("%s\n", line);
	}
	printf("# removals: unbind %llu, pci-remove %llu, sysfs-reset %llu (the longest until "
	       "the device was back: %.1f s); forks %llu; "
	       "SIGBUS %llu, SIGSEGV %llu (expected: revoked and unmapped pages)\n",
	       (unsigned long long)S->removals[SX_UNBIND],
	       (unsigned long long)S->removals[SX_PCI_REMOVE],
	       (unsigned long long)S->removals[SX_SYSFS_RESET], (double)S->back_max_ns / 1e9,
	       (unsigned long long)S->forks,
	       (unsigned long long)S->sigbus, (unsigned long long)S->sigsegv);
	printf("# checks: %llu signed pages read back, %llu freed buffers' mappings touched, "
	       "%llu canary checks\n", (unsigned long long)S->sig_checks,
	       (unsigned long long)S->freed_checks, (unsigned long long)S->canary_checks);
}

static void print_recent_calls(void)
{
	unsigned int i, k, n = NR_SLOTS;

	printf("# the last calls of each thread, oldest first:\n");
	for (i = 0; i < n; i++) {
		struct slot *s = &S->slot[i];

		if (!s->pid)
			continue;
		printf("#  pid %d tid %d (%llu calls)%s\n", s->pid, s->tid,
		       (unsigned long long)s->calls, s->since_ns ? ", in the last one now" : "");
		for (k = s->pos > RING ? s->pos - RING : 0; k < s->pos; k++)
			printf("#    %s\n", s->ring[k % RING]);
	}
}

/*
 * One sample of the watch over every thread (the remover's, the forked
 * children's) in a call, with @exits workers gone: the slot of a hung
 * call, or NULL. Progress the caller sees: calls that ended, workers that
 * exited.
 */
static struct slot *watch_slots(struct sx_watch *w, struct sx_task *t, uint64_t exits)
{
	uint64_t ended = exits;
	unsigned int i;
	int h;

	for (i = 0; i < NR_SLOTS; i++) {
		struct slot *s = &S->slot[i];

		ended += __atomic_load_n(&s->calls, __ATOMIC_RELAXED);
		t[i].pid = s->pid;
		t[i].tid = s->tid;
		t[i].call = s->pid && __atomic_load_n(&s->since_ns, __ATOMIC_ACQUIRE) ?
			    s->pos : 0;
	}
	h = sx_watch_sample(w, t, NR_SLOTS, ended);
	return h < 0 ? NULL : &S->slot[h];
}

/*
 * Waits for the workers (set to 0 as they exit, counted in @exits) until all
 * are gone, a call is hung (*@hung), nothing progresses for the watch's
 * bound or @deadline passes (workers busy outside any call); returns how
 * many are left.
 */
static int wait_workers(pid_t *workers, int n, uint64_t *exits, struct sx_watch *w,
			struct sx_task *t, struct slot **hung, struct sx_kmsg *kmsg,
			uint64_t deadline)
{
	int i, status, n_alive;

	for (;;) {
		n_alive = 0;
		for (i = 0; i < n; i++) {
			if (workers[i] <= 0)
				continue;
			if (waitpid(workers[i], &status, WNOHANG) == workers[i])
				workers[i] = 0, (*exits)++;
			else
				n_alive++;
		}
		sx_kmsg_poll(kmsg);
		if (!n_alive)
			return 0;
		if (!*hung)
			*hung = watch_slots(w, t, *exits);
		if (*hung || sx_watch_idle(w) || sx_now_ns() > deadline)
			return n_alive;
		usleep(50000);
	}
}

/* The operations of a group, as a mask of enum op bits. */
static uint64_t group_ops(unsigned int g)
{
	uint64_t mask = 0;
	unsigned int i;

	for (i = 0; i < NR_OPS; i++)
		if (ops[i].group == g)
			mask |= 1ull << i;
	return mask;
}

/* "ioctl,mmap", "-persist", "ioctl,-RESET": groups and operations, in order. */
static int parse_ops(const char *s)
{
	char buf[256], *tok, *save;
	unsigned int i;
	uint64_t mask;
	int neg, any_pos = 0;

	snprintf(buf, sizeof(buf), "%s", s);
	opt.ops = (1ull << NR_OPS) - 1;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		neg = tok[0] == '-';
		tok += neg;
		mask = 0;
		for (i = 0; i < NR_GROUPS; i++)
			if (!strcmp(tok, group_names[i]))
				mask = group_ops(i);
		for (i = 0; i < NR_OPS && !mask; i++)
			if (!strcmp(tok, ops[i].name))
				mask = 1ull << i;
		if (!mask)
			return -1;
		if (!neg && !any_pos++)
			opt.ops = 0;
		if (neg)
			opt.ops &= ~mask;
		else
			opt.ops |= mask;
	}
	/* some thread operation besides the remover's */
	return opt.ops & ~(1ull << OP_REMOVE) ? 0 : -1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " [--time SEC] [--procs N] [--seed N] [--ops LIST] [--bdf BDF]\n"
		"                     [--ko FILE]\n"
		"Fuzzes nvmetest's ioctls and mmap on the device at BDF ($NVMETEST_BDF) with N\n"
		"processes of two threads for SEC seconds (default 60, 4 processes), while one\n"
		"more process unbinds, hot-removes and resets the function and puts it back.\n"
		"Prints TAP: calls made (by operation and result), no kernel report, no hang, the\n"
		"mappings' and DMA checks, no leak (reference count, instance, kmemleak, rmmod\n"
		"and insmod of FILE, $NVMETEST_KO); on a failure, every thread's last calls.\n"
		"A call hangs when it sleeps while nothing else progresses (no call ends, no\n"
		"thread computes, the device raises no interrupt) for longer than the module's\n"
		"own waits allow: twice its admin timeout plus twice CAP.TO; or when it is\n"
		"still the same call after three times that, whatever else progresses.\n"
		"Needs root. Exit 0 passed, 1 failed, 2 usage, 4 skipped (no device).\n"
		"  --ops LIST  what to do, comma separated: groups of operations (ioctl, mmap,\n"
		"              fork, netlink, dma: commands aiming the device at a canary\n"
		"              buffer, persist: commands whose addresses the device keeps, remove)\n"
		"              or single ones by the names the summary prints (RESET, touch);\n"
		"              '-X' drops X, from everything when it comes first (default: all)\n"
		"  --seed N    random seed (default: from the time; printed)\n"
		"  --wait-aer  the first thread starts with a synchronous Asynchronous Event\n"
		"              Request without a timeout, which only an event, a reset or a\n"
		"              removal ends: where the operations cannot end it (no remove,\n"
		"              RESET, PCI_RESET, ADMIN_CMD, ADMIN_SUBMIT, CFG_WRITE, REG_WRITE)\n"
		"              it must be reported hung\n");
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		SX_LONG_OPTIONS, { "seed", required_argument, NULL, 's' },
		{ "ops", required_argument, NULL, 'o' }, { "wait-aer", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	pid_t workers[MAX_PROCS + 1];
	struct sx_task tasks[NR_SLOTS];
	struct sx_watch watch, after_kill;
	struct sx_kmsg kmsg;
	struct sx_dev dev;
	struct slot *hung = NULL;
	char why[4096], stack[2048] = "", hung_call[REC_LEN] = "", hung_why[160] = "";
	uint64_t t0, deadline, exits = 0;
	unsigned int bound_ms;
	int c, i, n_alive, unkillable = 0, leak = -1, leak_checked = 0, ret;

	opt.seed = (uint64_t)time(NULL) ^ (uint64_t)getpid() << 16;
	opt.ops = (1ull << NR_OPS) - 1;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 's':
			opt.seed = strtoull(optarg, NULL, 0);
			break;
		case 'o':
			if (parse_ops(optarg))
				goto bad;
			break;
		case 'w':
			opt.wait_aer = 1;
			break;
		case 'h': usage(stdout); return SX_PASS;
		default:
			if (sx_opt(&opt.sx, c, optarg) <= 0)
				goto bad;
			break;
		}
	}
	if (optind != argc)
		goto bad;

	ret = sx_start(&opt.sx, &dev, &kmsg);
	if (ret != SX_PASS)
		return ret;
	S = mmap(NULL, sizeof(*S), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (S == MAP_FAILED)
		return SX_FAIL;
	if (sx_dev_node(&dev, S->node, sizeof(S->node), SETTLE_MS))
		return SX_FAIL;

	sx_tap_plan(PROG, 5);
	printf("# %s: %u s, %u processes x %u threads, seed %#llx, operations", dev.bdf, opt.sx.secs,
	       opt.sx.procs, THREADS, (unsigned long long)opt.seed);
	for (i = 0; i < NR_GROUPS; i++) {
		uint64_t g = group_ops((unsigned int)i);

		if ((opt.ops & g) == g)
			printf(" %s", group_names[i]);
		else
			for (unsigned int k = 0; k < NR_OPS; k++)
				if (ops[k].group == (unsigned int)i && (opt.ops & (1ull << k)))
					printf(" %s", ops[k].name);
	}
	printf("\n");
	/* the fuzzer's own commands wait at most 1 s (ADMIN), 0.1 s (REAP) */
	bound_ms = sx_stall_bound_ms(&dev, 1000);
	sx_watch_init(&watch, bound_ms);
	memset(tasks, 0, sizeof(tasks));
	printf("# a call is hung after %u ms asleep with nothing progressing%s\n", bound_ms,
	       opt.wait_aer ? "; the first thread waits for an event first" : "");
	fflush(stdout);

	t0 = sx_now_ns();
	for (i = 0; i < (int)opt.sx.procs; i++) {
		workers[i] = fork();
		if (workers[i] == 0)
			worker_main(i);
	}
	workers[opt.sx.procs] = -1;
	if (opt.ops & (1ull << OP_REMOVE)) {
		workers[opt.sx.procs] = fork();
		if (workers[opt.sx.procs] == 0)
			remover_main(&dev);
	}

	/* Watch: a kernel report, a hang, a failed check, or the time is up. */
	deadline = t0 + (uint64_t)opt.sx.secs * 1000000000u;
	while (sx_now_ns() < deadline && !S->failed) {
		if (sx_kmsg_poll(&kmsg))
			break;
		if ((hung = watch_slots(&watch, tasks, exits)))
			break;
		usleep(50000);
	}
	__atomic_store_n(&S->stop, 1, __ATOMIC_RELEASE);

	/*
	 * Everything must end: every call finishes, or the watch finds it hung.
	 * A call in progress now ends within the ceiling, and a worker stops
	 * after its call: one still there after that will not exit.
	 */
	n_alive = wait_workers(workers, (int)opt.sx.procs + 1, &exits, &watch, tasks, &hung, &kmsg,
			       sx_now_ns() + watch.ceiling_ns);
	if (hung) {
		sx_watch_why(&watch, &tasks[hung - S->slot], hung_why, sizeof(hung_why));
		memcpy(hung_call, hung->ring[(hung->pos + RING - 1) % RING], sizeof(hung_call));
		sx_task_stack(hung->pid, hung->tid, stack, sizeof(stack));
	}
	if (hung || n_alive)
		sx_log_blocked_tasks(&kmsg);
	if (n_alive) {
		/* Every wait of the module gives way to a fatal signal. */
		for (i = 0; i <= (int)opt.sx.procs; i++)
			if (workers[i] > 0)
				kill(workers[i], SIGKILL);
		/* then only uninterruptible waits are left, each within the bound */
		sx_watch_init(&after_kill, bound_ms);
		unkillable = wait_workers(workers, (int)opt.sx.procs + 1, &exits, &after_kill,
					  tasks, &(struct slot *){ NULL }, &kmsg,
					  sx_now_ns() + after_kill.bound_ns);
	}

	if (!n_alive && !kmsg.found_ns && !S->failed) {
		leak = sx_leak_check(&dev, why, sizeof(why));
		leak_checked = 1;
		while (sx_kmsg_poll(&kmsg) && !sx_kmsg_settled(&kmsg))
			usleep(100000);
	}
	if (kmsg.found_ns)
		while (!sx_kmsg_settled(&kmsg))
			usleep(100000), sx_kmsg_poll(&kmsg);

	if (!S->counts[OP_INFO][0] && (kmsg.found_ns || hung || S->failed))
		sx_tap(1, "fuzz: the device answered calls # SKIP cut short after %.0f s by the "
		       "failure below", (double)(sx_now_ns() - t0) / 1e9);
	else
		sx_tap(S->counts[OP_INFO][0] > 0, "fuzz: the device answered calls (%.0f s)",
		       (double)(sx_now_ns() - t0) / 1e9);
	print_counts();
	sx_tap(!kmsg.found_ns, "fuzz: no kernel report");
	if (kmsg.found_ns)
		sx_tap_comment_lines(kmsg.report);
	sx_tap(!hung && !n_alive, "fuzz: no call hung (%llu watch samples)",
	       (unsigned long long)watch.samples);
	if (hung)
		printf("# pid %d tid %d %s: %s\n#   kernel stack: %s\n", hung->pid, hung->tid,
		       hung_why, hung_call, stack[0] ? stack : "(not readable)");
	if (n_alive)
		printf("# %d process(es) did not exit%s; after SIGKILL %d still there\n", n_alive,
		       hung ? "" : " with no call in progress, nothing progressing or past the "
		       "ceiling after the stop",
		       unkillable);
	sx_tap(!S->failed, "fuzz: its own checks: mappings show their pages, freed buffers are "
	       "unmapped, the canary is untouched, the device comes back after each removal");
	if (S->failed)
		sx_tap_comment_lines(S->fail);
	if (leak == -1 && !leak_checked)
		sx_tap(1, "fuzz: no leak # SKIP not checked after the failures above");
	else
		sx_tap(leak == 0, "fuzz: no leak: %s", why);
	ret = !S->counts[OP_INFO][0] || kmsg.found_ns || hung || n_alive || S->failed ||
	      (leak_checked && leak);
	if (ret)
		print_recent_calls();
	return ret ? SX_FAIL : SX_PASS;

bad:
	usage(stderr);
	return SX_USAGE;
}
