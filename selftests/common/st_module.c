// SPDX-License-Identifier: GPL-2.0
/*
 * st_module.c - loading and unloading nvmetest, binding, removing and
 * rescanning its PCI function, for the selftests that take the device away
 * and must put it back.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "st_module.h"

/* "name=value ..." of every readable parameter of the loaded module. */
void st_read_params(char *out, size_t len)
{
	char path[PATH_MAX], val[256];
	struct dirent *de;
	size_t used = 0;
	FILE *f;
	DIR *d;
	int n;

	out[0] = '\0';
	d = opendir(SYS_MODULE "/parameters");
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), SYS_MODULE "/parameters/%s", de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(val, sizeof(val), f)) {
			val[strcspn(val, "\n")] = '\0';
			if (val[0] && !strchr(val, ' ')) {
				n = snprintf(out + used, len - used, "%s%s=%s", used ? " " : "",
					     de->d_name, val);
				if (n > 0 && (size_t)n < len - used)
					used += (size_t)n;
				else
					out[used] = '\0';
			}
		}
		fclose(f);
	}
	closedir(d);
}

int st_bound_to_module(const char *bdf)
{
	char link[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(link, sizeof(link), SYS_PCI_DEVICES "%s/driver", bdf);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return 0;
	target[n] = '\0';
	base = strrchr(target, '/');
	return !strcmp(base ? base + 1 : target, MODULE);
}

int st_function_present(const char *bdf)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), SYS_PCI_DEVICES "%s", bdf);
	return st_exists(path);
}

/* The device node of @bdf once it exists, within @ms; 0 or -ETIMEDOUT. */
int st_wait_node(const char *bdf, char *path, size_t len, unsigned int ms)
{
	uint64_t deadline = st_now_ns() + (uint64_t)ms * 1000000u;

	do {
		if (!nvmet_pci_kdev_path(bdf, path, len) && st_exists(path))
			return 0;
		st_sleep_ms(10);
	} while (st_now_ns() < deadline);
	return -ETIMEDOUT;
}

int st_load_module(const char *ko, const char *params)
{
	int fd, ret = 0;

	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (syscall(SYS_finit_module, fd, params, 0))
		ret = -errno;
	close(fd);
	return ret;
}

int st_unload_module(void)
{
	return syscall(SYS_delete_module, MODULE, O_NONBLOCK) ? -errno : 0;
}

/*
 * Writes @text to @path from a child process and waits at most @ms for it:
 * a removal path that hangs fails the test instead of hanging it. Returns
 * the write's result, or -ETIMEDOUT (the child is left behind, stuck).
 */
int st_write_file_bounded(const char *path, const char *text, unsigned int ms)
{
	uint64_t deadline = st_now_ns() + (uint64_t)ms * 1000000u;
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(-st_write_file(path, text) & 0xff);
	for (;;) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) ? -WEXITSTATUS(status) : -EINTR;
		if (st_now_ns() > deadline)
			return -ETIMEDOUT;
		st_sleep_ms(5);
	}
}

/* Brings module, function, binding and node back as the tests found them. */
int st_restore(const char *bdf, const char *ko, const char *params)
{
	uint64_t deadline;
	char path[PATH_MAX];
	int ret;

	if (!st_exists(SYS_MODULE)) {
		ret = st_load_module(ko, params);
		if (ret && ret != -EEXIST)
			return ret;
	}
	if (!st_function_present(bdf)) {
		ret = st_write_file_bounded(SYS_RESCAN, "1", SYSFS_WAIT_MS);
		if (ret)
			return ret;
		deadline = st_now_ns() + (uint64_t)SETTLE_MS * 1000000u;
		while (!st_function_present(bdf) && st_now_ns() < deadline)
			st_sleep_ms(10);
		if (!st_function_present(bdf))
			return -ENODEV;
	}
	/* A reloaded module probes the function itself: driver_override names it. */
	deadline = st_now_ns() + 1000ull * 1000000u;
	while (!st_bound_to_module(bdf) && st_now_ns() < deadline)
		st_sleep_ms(10);
	if (!st_bound_to_module(bdf)) {
		ret = nvmet_pci_bind(bdf);
		if (ret)
			return ret;
	}
	return st_wait_node(bdf, path, sizeof(path), SETTLE_MS);
}

/* Opens the device of @bdf again and checks that it answers. */
int st_reopen_works(const char *bdf)
{
	char path[PATH_MAX];
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	int ret;

	ret = st_wait_node(bdf, path, sizeof(path), SETTLE_MS);
	if (ret)
		return ret;
	ret = nvmet_kdev_open(path, &dev);
	if (ret)
		return ret;
	ret = nvmet_kdev_info(dev, &info);
	if (!ret && !(info.flags & NVMETEST_INFO_READY))
		ret = -EIO;
	if (!ret)
		ret = st_identify_works(dev);
	nvmet_kdev_close(dev);
	return ret;
}

