// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pci_sysfs.c - handing PCI functions to nvmetest and back, and finding
 * their /dev/nvmetestN, through sysfs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nvmet/kdev.h>

#define PCI_DEVICES	"/sys/bus/pci/devices"
#define PCI_DRIVERS	"/sys/bus/pci/drivers"
#define PCI_PROBE	"/sys/bus/pci/drivers_probe"
#define KDEV_CLASS	"/sys/class/" NVMETEST_DRIVER_NAME

static int is_lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* DDDD:BB:DD.F in lower-case hex as sysfs spells it; device <= 0x1f, function <= 7. */
static int bdf_valid(const char *bdf)
{
	static const char form[] = "xxxx:xx:xx.x";
	size_t i;

	if (strlen(bdf) != sizeof(form) - 1)
		return 0;
	for (i = 0; form[i]; i++) {
		if (form[i] == 'x' && !is_lower_hex(bdf[i]))
			return 0;
		if (form[i] != 'x' && bdf[i] != form[i])
			return 0;
	}
	return bdf[8] <= '1' && bdf[11] <= '7';
}

static int path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -errno : 0;
}

static int sysfs_write(const char *path, const char *text)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != len)
		ret = -EIO;
	close(fd);
	return ret;
}

static int bdf_write(const char *bdf, const char *attr, const char *text)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/%s", bdf, attr);
	return sysfs_write(path, text);
}

int nvmet_pci_driver(const char *bdf, char *name, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver", bdf);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0) {
		if (errno != ENOENT)
			return -errno;
		n = 0;
	}
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) >= len)
		return -ENAMETOOLONG;
	strcpy(name, base);
	return 0;
}

static int bdf_check(const char *bdf)
{
	char path[PATH_MAX];

	if (!bdf_valid(bdf))
		return -EINVAL;
	snprintf(path, sizeof(path), PCI_DEVICES "/%s", bdf);
	return path_exists(path);
}

static int bound_to_nvmetest(const char *bdf)
{
	char drv[NAME_MAX + 1];
	int ret;

	ret = nvmet_pci_driver(bdf, drv, sizeof(drv));
	if (ret)
		return ret;
	return !strcmp(drv, NVMETEST_DRIVER_NAME);
}

static int driver_unbind(const char *drv, const char *bdf)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), PCI_DRIVERS "/%s/unbind", drv);
	return sysfs_write(path, bdf);
}

/* Clear driver_override and let the kernel probe @bdf with its usual driver. */
static int reprobe_default(const char *bdf)
{
	int ret;

	ret = bdf_write(bdf, "driver_override", "\n");
	if (ret)
		return ret;
	/* Fails when no driver wants the function; that is not an error here. */
	sysfs_write(PCI_PROBE, bdf);
	return 0;
}

int nvmet_pci_bind(const char *bdf)
{
	char drv[NAME_MAX + 1];
	int ret, probe;

	ret = bdf_check(bdf);
	if (ret)
		return ret;
	if (path_exists(PCI_DRIVERS "/" NVMETEST_DRIVER_NAME))
		return -ENODEV;
	ret = nvmet_pci_driver(bdf, drv, sizeof(drv));
	if (ret)
		return ret;
	ret = bdf_write(bdf, "driver_override", NVMETEST_DRIVER_NAME);
	if (ret)
		return ret;
	if (!strcmp(drv, NVMETEST_DRIVER_NAME))
		return 0;
	if (drv[0]) {
		ret = driver_unbind(drv, bdf);
		if (ret)
			goto restore;
	}
	probe = sysfs_write(PCI_PROBE, bdf);
	ret = bound_to_nvmetest(bdf);
	if (ret == 1)
		return 0;
	if (!ret)
		ret = probe ? probe : -EIO;
restore:
	reprobe_default(bdf);
	return ret;
}

int nvmet_pci_unbind(const char *bdf)
{
	int ret;

	ret = bdf_check(bdf);
	if (ret)
		return ret;
	ret = bound_to_nvmetest(bdf);
	if (ret < 0)
		return ret;
	if (ret) {
		ret = driver_unbind(NVMETEST_DRIVER_NAME, bdf);
		if (ret)
			return ret;
	}
	return reprobe_default(bdf);
}

static int set_kdev_path(const char *name, char *path, size_t len)
{
	int n;

	n = snprintf(path, len, "/dev/%s", name);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* /sys/class/nvmetest/NAME/device resolves to the PCI function's directory. */
static int class_dev_is(const char *name, const char *bdf)
{
	char link[PATH_MAX], *real;
	const char *base;
	int match;

	snprintf(link, sizeof(link), KDEV_CLASS "/%s/device", name);
	real = realpath(link, NULL);
	if (!real)
		return 0;
	base = strrchr(real, '/');
	match = base && !strcmp(base + 1, bdf);
	free(real);
	return match;
}

static int find_in_dir(const char *dir, const char *bdf, char *path, size_t len)
{
	struct dirent *de;
	DIR *d;
	int ret = -ENOENT;

	d = opendir(dir);
	if (!d)
		return -ENOENT;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (bdf && !class_dev_is(de->d_name, bdf))
			continue;
		ret = set_kdev_path(de->d_name, path, len);
		break;
	}
	closedir(d);
	return ret;
}

int nvmet_pci_kdev_path(const char *bdf, char *path, size_t len)
{
	char dir[PATH_MAX];
	int ret;

	ret = bdf_check(bdf);
	if (ret)
		return ret;
	ret = bound_to_nvmetest(bdf);
	if (ret <= 0)
		return ret ? ret : -ENOENT;
	ret = find_in_dir(KDEV_CLASS, bdf, path, len);
	if (ret != -ENOENT)
		return ret;
	snprintf(dir, sizeof(dir), PCI_DEVICES "/%s/" NVMETEST_DRIVER_NAME, bdf);
	return find_in_dir(dir, NULL, path, len);
}
