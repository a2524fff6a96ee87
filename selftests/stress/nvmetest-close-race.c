// SPDX-License-Identifier: GPL-2.0
/*
 * nvmetest-close-race - programs closing their file the moment poll()
 * reports POLLHUP, while the device is unbound or hot-removed, over and
 * over: the race between a file's release and the module's removal path
 * (commands in flight settled into a file that is going away).
 *
 * Each round: a few child processes open the device, leave an Asynchronous
 * Event Request in flight (no timeout), submit an Identify and map a DMA
 * buffer and the doorbells, then wait in poll(); the parent removes the
 * device (sysfs unbind or PCI remove, alternately) a moment after they are
 * ready. On POLLHUP a child closes its file at once (or exits with it
 * open, or closes it under a thread blocked in ADMIN_REAP), then unmaps.
 * The parent puts the device back and goes again. It fails on any kernel
 * report, a child or removal that does not finish, and a leak once it is
 * done. Run with --help for usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nvmetest_util.h"
#include "st_module.h"
#include "stress.h"

#define PROG		"nvmetest-close-race"
#define MAX_KIDS	8
#define READY_MS	15000u
/* The longest timeout of its own commands: the reaper's REAP. */
#define REAP_MS		10000u
#define PG		4096u

enum variant {
	V_CLOSE,		/* close on POLLHUP, then unmap */
	V_EXIT,			/* exit on POLLHUP with the file open and mapped */
	V_CLOSE_UNDER_REAP,	/* close on POLLHUP while a thread waits in ADMIN_REAP */
	NR_VARIANTS,
};

static const char *const variant_names[NR_VARIANTS] = {
	"close", "exit", "close under a waiting reap",
};

static struct sx_opts opt = { .secs = 30, .procs = 3, .max_procs = MAX_KIDS };

static void *reaper(void *arg)
{
	struct nvmetest_admin_cmd done[4];
	struct nvmetest_admin_reap r = {
		.cmds = (uintptr_t)done, .count = 4, .timeout_ms = REAP_MS,
	};
	int fd = (int)(intptr_t)arg;

	while (ioctl(fd, NVMETEST_IOC_ADMIN_REAP, &r) == 0 || errno == EINTR)
		r.count = 4;
	return NULL;
}

static int submit(int fd, uint8_t opc, uint32_t cdw10, void *data, uint32_t len, uint32_t flags)
{
	struct nvmetest_admin_cmd c = { .flags = flags, .data_len = len };

	c.sqe[0] = opc;
	c.sqe[10] = cdw10;
	c.data = (uintptr_t)data;
	return st_ioctl(fd, NVMETEST_IOC_ADMIN_SUBMIT, &c);
}

/* A child: everything set up, ready said, then close (or exit) on POLLHUP. */
static void kid_main(const char *node, enum variant v, int ready_fd)
{
	static char id[PG];
	struct nvmetest_buf b = { .size = 4 * PG };
	struct pollfd p = { .events = POLLIN };
	struct nvmetest_admin_cmd done[4];
	struct nvmetest_admin_reap r = { .cmds = (uintptr_t)done, .count = 4 };
	struct nvmetest_info info;
	pthread_t th;
	void *buf = MAP_FAILED, *db = MAP_FAILED;
	int fd;

	fd = open(node, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		_exit(10);
	if (st_ioctl(fd, NVMETEST_IOC_INFO, &info))
		_exit(11);
	/* in flight until the device goes: the controller holds AERs */
	submit(fd, 0x0c, 0, NULL, 0, NVMETEST_ADMIN_NO_TIMEOUT);
	submit(fd, 0x06, 1, id, PG, NVMETEST_ADMIN_DATA_FROM_DEV);
	if (!st_ioctl(fd, NVMETEST_IOC_BUF_ALLOC, &b))
		buf = mmap(NULL, b.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			   (off_t)b.mmap_offset);
	if (info.db_size)
		db = mmap(NULL, info.db_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (v == V_CLOSE_UNDER_REAP)
		pthread_create(&th, NULL, reaper, (void *)(intptr_t)fd);
	if (write(ready_fd, "r", 1) != 1)
		_exit(12);
	close(ready_fd);

	p.fd = fd;
	for (;;) {
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			_exit(13);
		if (p.revents & (POLLHUP | POLLERR))
			break;
		if ((p.revents & POLLIN) && v != V_CLOSE_UNDER_REAP)
			ioctl(fd, NVMETEST_IOC_ADMIN_REAP, &r);
	}
	if (v == V_EXIT)
		_exit(0);
	close(fd);
	if (buf != MAP_FAILED)
		munmap(buf, b.size);
	if (db != MAP_FAILED)
		munmap(db, info.db_size);
	_exit(0);
}

/*
 * Waits for the @n processes (the children and the removal's writer) under
 * the watch @w: returns how many are still running, with *@hung the index
 * of one the watch found hung (-1 if none; then nothing at all progressed)
 * and why in @why when any is left. Each process is one call of the
 * watch's, from its first sample to its exit: the watch's ceiling bounds
 * the wait.
 */
static int wait_kids(pid_t *kids, int n, struct sx_watch *w, int *hung, int *bad_exit,
		     char *why, size_t len)
{
	struct sx_task t[MAX_KIDS + 1];
	uint64_t exits = 0;
	int i, left, status;

	memset(t, 0, sizeof(t));
	for (i = 0; i < n; i++)
		t[i].pid = t[i].tid = kids[i];
	for (;;) {
		left = 0;
		for (i = 0; i < n; i++) {
			if (!kids[i])
				continue;
			if (waitpid(kids[i], &status, WNOHANG) == kids[i]) {
				if (!WIFEXITED(status) || WEXITSTATUS(status))
					bad_exit[i] = status;
				kids[i] = 0;
				exits++;
			} else {
				left++;
			}
			t[i].call = kids[i] != 0;
		}
		if (!left)
			return 0;
		*hung = sx_watch_sample(w, t, (unsigned int)n, exits);
		if (*hung >= 0)
			sx_watch_why(w, &t[*hung], why, len);
		else if (sx_watch_idle(w))
			snprintf(why, len, "with nothing at all progressing for the bound");
		if (*hung >= 0 || sx_watch_idle(w))
			return left;
		usleep(5000);
	}
}

/*
 * Brings the device back in a child the watch samples: 0, a negative
 * errno, or 1 when the watch found it hung (why in @why, its kernel stack
 * in @stack).
 */
static int restore(const struct sx_dev *dev, unsigned int bound_ms, char *why, size_t why_len,
		   char *stack, size_t len, struct sx_kmsg *kmsg)
{
	struct sx_watch w;
	pid_t pid;
	int status = 0, hung;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(-sx_dev_restore_watched(dev) & 0xff);
	sx_watch_init(&w, bound_ms);
	if (wait_kids(&pid, 1, &w, &hung, &status, why, why_len)) {
		sx_task_stack(pid, pid, stack, len);
		sx_log_blocked_tasks(kmsg);
		kill(pid, SIGKILL);
		return 1;
	}
	if (!status)
		return 0;
	return WIFEXITED(status) ? -WEXITSTATUS(status) : -EINTR;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " [--time SEC] [--procs N] [--bdf BDF] [--ko FILE]\n"
		"For SEC seconds (default 30), rounds of N processes (default 3) that close\n"
		"their file of the device at BDF ($NVMETEST_BDF) on POLLHUP, with commands in\n"
		"flight and memory mapped, while the device is unbound or hot-removed, then put\n"
		"back. Prints TAP: rounds done, no kernel report, nothing hung, no leak (checked\n"
		"with rmmod and insmod of FILE, $NVMETEST_KO). Needs root. Exit 0 passed,\n"
		"1 failed, 2 usage, 4 skipped (no device).\n");
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		SX_LONG_OPTIONS, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	unsigned int rounds = 0, by_variant[NR_VARIANTS] = { 0 }, by_removal[SX_NR_REMOVALS] = { 0 };
	pid_t kids[MAX_KIDS + 1] = { 0 };
	int status[MAX_KIDS + 1] = { 0 };
	struct sx_watch watch;
	unsigned int bound_ms;
	char node[PATH_MAX], why[4096] = "", stack[2048] = "", hang[384] = "", hung_why[160];
	struct sx_kmsg kmsg;
	struct sx_dev dev;
	uint64_t t0, end;
	int c, i, n, ret, left = 0, bad_exit = 0, leak = 0, leak_checked = 0, pipefd[2], hung;
	int fork_err;

	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return SX_PASS;
		}
		if (sx_opt(&opt, c, optarg) <= 0)
			goto bad;
	}
	if (optind != argc)
		goto bad;

	ret = sx_start(&opt, &dev, &kmsg);
	if (ret != SX_PASS)
		return ret;
	signal(SIGPIPE, SIG_IGN);
	sx_tap_plan(PROG, 4);
	bound_ms = sx_stall_bound_ms(&dev, REAP_MS);
	printf("# %s: %u s, %u processes a round; a process or removal is hung after %u ms "
	       "asleep with nothing progressing\n", dev.bdf, opt.secs, opt.procs, bound_ms);
	fflush(stdout);

	t0 = sx_now_ns();
	end = t0 + (uint64_t)opt.secs * 1000000000u;
	srandom((unsigned int)t0);
	while (sx_now_ns() < end && !sx_kmsg_poll(&kmsg) && !left && !hang[0]) {
		enum sx_removal how = rounds % 2 ? SX_PCI_REMOVE : SX_UNBIND;
		char ready[MAX_KIDS];

		ret = restore(&dev, bound_ms, hung_why, sizeof(hung_why), stack, sizeof(stack), &kmsg);
		if (!ret)
			ret = sx_dev_node(&dev, node, sizeof(node), SETTLE_MS);
		if (ret) {
			snprintf(hang, sizeof(hang), "bringing %s back %s%s", dev.bdf,
				 ret > 0 ? "hung: " : "failed: ", ret > 0 ? hung_why : strerror(-ret));
			break;
		}
		if (pipe(pipefd))
			break;
		fork_err = 0;
		for (i = 0; i < (int)opt.procs; i++) {
			enum variant var = (enum variant)((rounds + (unsigned int)i) % NR_VARIANTS);

			kids[i] = fork();
			if (kids[i] < 0) {
				fork_err = errno;
				kids[i] = 0;
				break;
			}
			if (kids[i] == 0) {
				close(pipefd[0]);
				kid_main(node, var, pipefd[1]);
			}
			by_variant[var]++;
		}
		close(pipefd[1]);
		/* all set up (or gone: a short read), then a moment, then the removal */
		for (n = 0; n < (int)opt.procs; n += (int)ret) {
			struct pollfd p = { .fd = pipefd[0], .events = POLLIN };

			if (poll(&p, 1, READY_MS) <= 0)
				break;
			ret = read(pipefd[0], ready, sizeof(ready));
			if (ret <= 0)
				break;
		}
		close(pipefd[0]);
		usleep((useconds_t)(random() % 3000));
		/* the removal's writer, watched with the children */
		if (!fork_err) {
			kids[opt.procs] = fork();
			if (kids[opt.procs] < 0)
				fork_err = errno, kids[opt.procs] = 0;
			else if (kids[opt.procs] == 0)
				_exit(-sx_remove(&dev, how) & 0xff);
		}
		if (fork_err) {
			/* the round cannot run: its children go, as any process does */
			for (i = 0; i < (int)opt.procs; i++)
				if (kids[i])
					kill(kids[i], SIGKILL);
			sx_watch_init(&watch, bound_ms);
			wait_kids(kids, (int)opt.procs, &watch, &hung, status, why, sizeof(why));
			snprintf(hang, sizeof(hang), "round %u: fork: %s", rounds + 1,
				 strerror(fork_err));
			break;
		}
		sx_watch_init(&watch, bound_ms);
		left = wait_kids(kids, (int)opt.procs + 1, &watch, &hung, status, hung_why,
				 sizeof(hung_why));
		by_removal[how] += !status[opt.procs];
		for (i = 0; i < (int)opt.procs; i++)
			if (status[i])
				bad_exit = status[i];
		if (left) {
			for (i = 0; hung < 0 && !kids[i]; i++)
				;
			i = hung >= 0 ? hung : i;
			sx_task_stack(kids[i], kids[i], stack, sizeof(stack));
			sx_log_blocked_tasks(&kmsg);
			snprintf(hang, sizeof(hang), "%d process(es) still running after the %s, "
				 "%s pid %d %s", left, sx_removal_names[how],
				 i == (int)opt.procs ? "the removal's writer" : "a child", kids[i],
				 hung_why);
			for (i = 0; i <= (int)opt.procs; i++)
				if (kids[i])
					kill(kids[i], SIGKILL);
			break;
		}
		memset(status, 0, sizeof(status));
		rounds++;
	}

	if (!hang[0] && !kmsg.found_ns) {
		ret = restore(&dev, bound_ms, hung_why, sizeof(hung_why), stack, sizeof(stack), &kmsg);
		leak = ret ? ret : sx_leak_check(&dev, why, sizeof(why));
		leak_checked = 1;
		if (ret)
			snprintf(why, sizeof(why), "bringing %s back %s%s%s%s", dev.bdf,
				 ret > 0 ? "hung: " : "failed: ", ret > 0 ? hung_why : strerror(-ret),
				 ret > 0 ? "; kernel stack: " : "", ret > 0 ? stack : "");
	}
	if (kmsg.found_ns)
		while (!sx_kmsg_settled(&kmsg))
			usleep(100000), sx_kmsg_poll(&kmsg);
	else
		sx_kmsg_poll(&kmsg);

	if (!rounds && (kmsg.found_ns || hang[0]))
		sx_tap(1, "close-race: rounds done # SKIP the first was cut short by the failure below");
	else
		sx_tap(rounds > 0 && !bad_exit, "close-race: %u rounds in %.0f s, every process set up",
		       rounds, (double)(sx_now_ns() - t0) / 1e9);
	printf("# removals: unbind %u, pci-remove %u; processes: %u %s, %u %s, %u %s\n",
	       by_removal[SX_UNBIND], by_removal[SX_PCI_REMOVE], by_variant[V_CLOSE],
	       variant_names[V_CLOSE], by_variant[V_EXIT], variant_names[V_EXIT],
	       by_variant[V_CLOSE_UNDER_REAP], variant_names[V_CLOSE_UNDER_REAP]);
	if (bad_exit)
		printf("# a child ended with wait status %#x (exit 10-13: a step of its set-up "
		       "failed)\n", bad_exit);
	sx_tap(!kmsg.found_ns, "close-race: no kernel report");
	if (kmsg.found_ns)
		sx_tap_comment_lines(kmsg.report);
	sx_tap(!hang[0], "close-race: every removal and every process finished");
	if (hang[0])
		printf("# %s\n#   kernel stack: %s\n", hang, stack[0] ? stack : "(not readable)");
	if (!leak_checked)
		sx_tap(1, "close-race: no leak # SKIP not checked after the failures above");
	else
		sx_tap(leak == 0, "close-race: no leak: %s", why);
	return rounds == 0 || bad_exit || kmsg.found_ns || hang[0] || leak ? SX_FAIL : SX_PASS;

bad:
	usage(stderr);
	return SX_USAGE;
}
