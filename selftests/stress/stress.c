// SPDX-License-Identifier: GPL-2.0
/*
 * stress.c - the device under test, the kernel log watch, the leak check
 * and TAP output of the module's stress programs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "nvmetest_util.h"
#include "st_module.h"
#include "st_run.h"
#include "stress.h"

/* How long a report keeps gathering lines after its first one. */
#define SX_REPORT_SETTLE_NS	3000000000ull
#define SX_SYS_CLASS		"/sys/class/" NVMETEST_DRIVER_NAME
#define SX_KMEMLEAK		"/sys/kernel/debug/kmemleak"

const char *const sx_removal_names[SX_NR_REMOVALS] = {
	[SX_UNBIND] = "unbind",
	[SX_PCI_REMOVE] = "pci-remove",
	[SX_SYSFS_RESET] = "sysfs-reset",
};

uint64_t sx_now_ns(void)
{
	return st_now_ns();
}

int sx_opt(struct sx_opts *o, int c, const char *arg)
{
	long v;

	switch (c) {
	case 't':
		v = sx_parse_positive(arg);
		if (v < 0)
			return -1;
		o->secs = (unsigned int)v;
		return 1;
	case 'p':
		v = sx_parse_positive(arg);
		if (v < 0 || v > o->max_procs)
			return -1;
		o->procs = (unsigned int)v;
		return 1;
	case 'b':
		o->bdf = arg;
		return 1;
	case 'k':
		o->ko = arg;
		return 1;
	default:
		return 0;
	}
}

int sx_start(const struct sx_opts *o, struct sx_dev *dev, struct sx_kmsg *kmsg)
{
	int ret = sx_dev_init(dev, o->bdf, o->ko);

	if (ret) {
		printf("1..0 # SKIP %s\n", ret == -EPERM ? "needs root" : "no nvmetest device");
		return SX_SKIP;
	}
	return sx_kmsg_open(kmsg) ? SX_FAIL : SX_PASS;
}

long sx_parse_positive(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0)
		return -1;
	return v;
}

/* The instance of the function's node (and CAP, with @cap), through NVMETEST_IOC_INFO. */
static int sx_dev_instance(const struct sx_dev *d, uint32_t *instance, uint64_t *cap)
{
	struct nvmetest_info info;
	char path[PATH_MAX];
	int fd, ret;

	ret = sx_dev_node(d, path, sizeof(path), SETTLE_MS);
	if (ret)
		return ret;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = st_ioctl(fd, NVMETEST_IOC_INFO, &info);
	close(fd);
	if (!ret)
		*instance = info.instance;
	if (!ret && cap)
		*cap = info.cap;
	return ret;
}

int sx_dev_init(struct sx_dev *d, const char *bdf, const char *ko)
{
	int ret;

	memset(d, 0, sizeof(*d));
	if (!bdf)
		bdf = st_env("NVMETEST_BDF");
	if (!ko)
		ko = st_env("NVMETEST_KO");
	if (!bdf || !ko) {
		fprintf(stderr, "no device to test: give --bdf and --ko, or set NVMETEST_BDF "
			"(the PCI address of a function bound to nvmetest) and NVMETEST_KO "
			"(the module file)\n");
		return -ENODEV;
	}
	if (geteuid()) {
		fprintf(stderr, "taking the device away and reloading the module need root\n");
		return -EPERM;
	}
	snprintf(d->bdf, sizeof(d->bdf), "%s", bdf);
	snprintf(d->ko, sizeof(d->ko), "%s", ko);
	if (!st_bound_to_module(d->bdf)) {
		fprintf(stderr, "%s is not bound to %s\n", d->bdf, MODULE);
		return -ENODEV;
	}
	st_read_params(d->params, sizeof(d->params));
	ret = sx_dev_instance(d, &d->instance0, &d->cap);
	if (ret)
		fprintf(stderr, "cannot open the device of %s: %s\n", d->bdf, strerror(-ret));
	return ret;
}

int sx_dev_node(const struct sx_dev *d, char *path, size_t len, unsigned int ms)
{
	return st_wait_node(d->bdf, path, len, ms);
}

int sx_dev_restore(const struct sx_dev *d)
{
	return st_restore(d->bdf, d->ko, d->params);
}

int sx_dev_restore_watched(const struct sx_dev *d)
{
	int ret;

	do
		ret = sx_dev_restore(d);
	while (ret == -ETIMEDOUT);
	return ret;
}

int sx_remove(const struct sx_dev *d, enum sx_removal how)
{
	char path[PATH_MAX];

	switch (how) {
	case SX_UNBIND:
		snprintf(path, sizeof(path), "/sys/bus/pci/drivers/%s/unbind", MODULE);
		return st_write_file(path, d->bdf);
	case SX_PCI_REMOVE:
		snprintf(path, sizeof(path), SYS_PCI_DEVICES "%s/remove", d->bdf);
		return st_write_file(path, "1");
	case SX_SYSFS_RESET:
		snprintf(path, sizeof(path), SYS_PCI_DEVICES "%s/reset", d->bdf);
		return st_write_file(path, "1");
	default:
		return -EINVAL;
	}
}

/* The patterns file: see sx_kmsg_open(). */
static FILE *sx_open_patterns(char *path, size_t len)
{
	const char *env = st_env("NVMETEST_KERNEL_REPORTS");
	char dir[PATH_MAX - 64];
	FILE *f;

	if (env) {
		snprintf(path, len, "%s", env);
		return fopen(path, "r");
	}
	snprintf(path, len, "/etc/nvmet-kernel-reports");
	f = fopen(path, "r");
	if (f || st_exe_dir(dir, sizeof(dir)))
		return f;
	/* BUILD/stress/PROG in a checkout: the repo top is two levels up. */
	snprintf(path, len, "%s/../../tools/vm/kernel-reports", dir);
	return fopen(path, "r");
}

int sx_kmsg_open(struct sx_kmsg *k)
{
	char path[PATH_MAX], line[512], re[8192];
	size_t used = 0, n;
	FILE *f;
	int ret;

	memset(k, 0, sizeof(*k));
	k->fd = -1;
	f = sx_open_patterns(path, sizeof(path));
	if (!f) {
		fprintf(stderr, "no kernel report patterns (%s: %s)\n", path, strerror(errno));
		return -ENOENT;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		n = strlen(line);
		if (used + n + 4 > sizeof(re))
			break;
		used += (size_t)sprintf(re + used, "%s(%s)", used ? "|" : "", line);
	}
	fclose(f);
	if (!used) {
		fprintf(stderr, "%s names no pattern\n", path);
		return -EINVAL;
	}
	ret = regcomp(&k->re, re, REG_EXTENDED | REG_NOSUB);
	if (ret) {
		fprintf(stderr, "%s: bad pattern\n", path);
		return -EINVAL;
	}
	k->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (k->fd < 0) {
		ret = -errno;
		fprintf(stderr, "/dev/kmsg: %s\n", strerror(errno));
		regfree(&k->re);
		return ret;
	}
	lseek(k->fd, 0, SEEK_END);
	return 0;
}

/* Keeps a record's text, its escaped newlines ("\x0a") as lines. */
static void sx_kmsg_keep(struct sx_kmsg *k, const char *msg)
{
	const char *esc;
	size_t n;

	for (;;) {
		esc = strstr(msg, "\\x0a");
		n = esc ? (size_t)(esc - msg) : strlen(msg);
		if (k->len + n + 2 > sizeof(k->report))
			return;
		memcpy(k->report + k->len, msg, n);
		k->len += n;
		k->report[k->len++] = '\n';
		k->report[k->len] = '\0';
		if (!esc)
			return;
		msg = esc + 4;
	}
}

int sx_kmsg_poll(struct sx_kmsg *k)
{
	char rec[8192], *msg, *nl;
	ssize_t n;

	for (;;) {
		n = read(k->fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)	/* records overwritten: carry on */
			continue;
		if (n <= 0)
			break;
		rec[n] = '\0';
		/* "prio,seq,usec,flags;message\n" then continuation lines */
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		nl = strchr(msg, '\n');
		if (nl)
			*nl = '\0';
		if (!k->found_ns && !k->dumped && !regexec(&k->re, msg, 0, NULL, 0))
			k->found_ns = sx_now_ns();
		if (k->found_ns && !sx_kmsg_settled(k))
			sx_kmsg_keep(k, msg);
	}
	return k->found_ns != 0;
}

int sx_kmsg_settled(const struct sx_kmsg *k)
{
	return k->found_ns && sx_now_ns() - k->found_ns > SX_REPORT_SETTLE_NS;
}

static int sx_read_text(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

/* The module's reference count: 0 once every file is closed. */
static int sx_module_refcnt(long *cnt)
{
	char buf[32];
	int ret = sx_read_text(SYS_MODULE "/refcnt", buf, sizeof(buf));

	if (ret)
		return ret;
	*cnt = strtol(buf, NULL, 10);
	return 0;
}

/* Class devices of the module: one per bound function, if none leaked. */
static int sx_class_devices(void)
{
	struct dirent *de;
	DIR *dir = opendir(SX_SYS_CLASS);
	int n = 0;

	if (!dir)
		return -errno;
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

/*
 * kmemleak's unreferenced objects whose allocation went through the
 * module, counted (and the first one kept in @why). -ENOENT without
 * kmemleak.
 */
static int sx_kmemleak(char *why, size_t len)
{
	static char text[1 << 20];
	char *entry, *next;
	int n = 0, ret;

	if (access(SX_KMEMLEAK, W_OK))
		return -ENOENT;
	ret = st_write_file(SX_KMEMLEAK, "scan");
	if (ret)
		return ret;
	ret = sx_read_text(SX_KMEMLEAK, text, sizeof(text));
	if (ret)
		return ret;
	for (entry = strstr(text, "unreferenced object"); entry; entry = next) {
		next = strstr(entry + 1, "unreferenced object");
		if (next)
			next[-1] = '\0';
		if (strstr(entry, "[" MODULE "]") && !n++)
			snprintf(why, len, "kmemleak: %s", entry);
	}
	st_write_file(SX_KMEMLEAK, "clear");
	return n;
}

int sx_leak_check(struct sx_dev *d, char *why, size_t len)
{
	uint64_t deadline = sx_now_ns() + 10000000000ull;
	uint32_t instance;
	char unbind[PATH_MAX];
	int ret, leaks;
	long refcnt;

	/* Files of exited processes are closed as they exit: give it time. */
	for (;;) {
		ret = sx_module_refcnt(&refcnt);
		if (ret) {
			snprintf(why, len, "reading %s/refcnt: %s", SYS_MODULE, strerror(-ret));
			return ret;
		}
		if (!refcnt || sx_now_ns() > deadline)
			break;
		st_sleep_ms(50);
	}
	if (refcnt) {
		snprintf(why, len, "the module's reference count is %ld with every file closed",
			 refcnt);
		return 1;
	}

	snprintf(unbind, sizeof(unbind), "/sys/bus/pci/drivers/%s/unbind", MODULE);
	ret = st_write_file_bounded(unbind, d->bdf, SX_SYSFS_MS);
	if (ret) {
		snprintf(why, len, "unbinding %s: %s", d->bdf, strerror(-ret));
		return ret < 0 ? ret : -EIO;
	}
	ret = sx_class_devices();
	if (ret > 0) {
		snprintf(why, len, "%d %s class device(s) left with the function unbound", ret,
			 MODULE);
		return 1;
	}
	leaks = sx_kmemleak(why, len);
	if (leaks > 0)
		return 1;

	ret = sx_dev_restore(d);
	if (!ret)
		ret = sx_dev_instance(d, &instance, NULL);
	if (ret) {
		snprintf(why, len, "binding %s again: %s", d->bdf, strerror(-ret));
		return ret;
	}
	if (instance > d->instance0) {
		snprintf(why, len, "bound again, the function is instance %u, not %u: an earlier "
			 "instance is still held", instance, d->instance0);
		return 1;
	}

	ret = st_unload_module();
	if (ret) {
		snprintf(why, len, "rmmod with every file closed: %s", strerror(-ret));
		return 1;
	}
	ret = sx_dev_restore(d);
	if (!ret)
		ret = st_reopen_works(d->bdf);
	if (ret) {
		snprintf(why, len, "after insmod the device does not work: %s", strerror(-ret));
		return ret;
	}
	snprintf(why, len, "refcount 0, instance %u again, no class device left%s, rmmod and "
		 "insmod work", instance, leaks == 0 ? ", kmemleak clean" : "");
	return 0;
}

void sx_task_stack(pid_t pid, pid_t tid, char *out, size_t len)
{
	char path[64], buf[4096], *p;
	size_t used = 0;
	int n;

	out[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stack", pid, tid);
	if (sx_read_text(path, buf, sizeof(buf)))
		return;
	for (p = strtok(buf, "\n"); p && used + 4 < len; p = strtok(NULL, "\n")) {
		/* "[<0>] nvmetest_ioctl+0x42/0x80 [nvmetest]" */
		if (!strncmp(p, "[<", 2) && strchr(p, ' '))
			p = strchr(p, ' ') + 1;
		n = snprintf(out + used, len - used, "%s%s", used ? " < " : "", p);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
}

void sx_log_blocked_tasks(struct sx_kmsg *k)
{
	sx_kmsg_poll(k);
	/* the write returns once the dump is in the log: what is there now is the dump */
	st_write_file("/proc/sysrq-trigger", "w");
	k->dumped = 1;
	sx_kmsg_poll(k);
	k->dumped = 0;
}

void sx_tap_plan(const char *prog, int n)
{
	printf("TAP version 13\n# %s\n1..%d\n", prog, n);
	fflush(stdout);
}

void sx_tap(int ok, const char *fmt, ...)
{
	static int num;
	va_list ap;

	printf("%s %d ", ok ? "ok" : "not ok", ++num);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void sx_tap_comment_lines(const char *text)
{
	const char *p = text, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		printf("# %.*s\n", (int)(nl - p), p);
		p = *nl ? nl + 1 : nl;
	}
	fflush(stdout);
}
