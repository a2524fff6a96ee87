// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_pci.c - list, bind, unbind: PCI NVMe functions and their drivers.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

#define PCI_DEVICES	"/sys/bus/pci/devices"
#define NVME_CLASS	0x010800u	/* mass storage, non-volatile memory */

static int read_hex_attr(const char *bdf, const char *attr, unsigned long *value)
{
	char path[PATH_MAX], text[32], *end;
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/%s", bdf, attr);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	ok = fgets(text, sizeof(text), f) != NULL;
	fclose(f);
	if (!ok)
		return -EIO;
	*value = strtoul(text, &end, 16);
	return end == text ? -EIO : 0;
}

static int is_nvme(const char *bdf, unsigned long *class_code)
{
	return !read_hex_attr(bdf, "class", class_code) && (*class_code & ~0xffUL) == NVME_CLASS;
}

/* The bound driver's name, or "-" when there is none. */
static void driver_name(const char *bdf, char *name, size_t len)
{
	if (nvmet_pci_driver(bdf, name, len) || !name[0])
		snprintf(name, len, "-");
}

static int not_dot(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

static void list_one(const char *bdf, unsigned long class_code, int *header)
{
	unsigned long vendor = 0, device = 0;
	char drv[PATH_MAX], node[PATH_MAX] = "-";

	read_hex_attr(bdf, "vendor", &vendor);
	read_hex_attr(bdf, "device", &device);
	driver_name(bdf, drv, sizeof(drv));
	if (!strcmp(drv, NVMETEST_DRIVER_NAME) && nvmet_pci_kdev_path(bdf, node, sizeof(node)))
		snprintf(node, sizeof(node), "?");
	if (!*header) {
		printf("%-13s %-9s %-6s %-10s %s\n", "ADDRESS", "ID", "CLASS", "DRIVER", "DEVICE");
		*header = 1;
	}
	printf("%-13s %04lx:%04lx %06lx %-10s %s\n", bdf, vendor, device, class_code, drv, node);
}

static int run_list(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, { 0 } };
	struct dirent **names;
	unsigned long class_code;
	int c, i, n, header = 0;

	while ((c = nvmet_getopt(cmd, argc, argv, opts)) != -1)
		return opt_exit(c);
	if (need_args(cmd, argc, argv, 0, 0))
		return EXIT_USAGE;
	n = scandir(PCI_DEVICES, &names, not_dot, alphasort);
	if (n < 0)
		return errno_fail(cmd, PCI_DEVICES, -errno);
	for (i = 0; i < n; i++) {
		if (is_nvme(names[i]->d_name, &class_code))
			list_one(names[i]->d_name, class_code, &header);
		free(names[i]);
	}
	free(names);
	if (!header)
		fprintf(stderr, "nvmet list: no NVMe PCI functions (class 0108xx)\n");
	return 0;
}

const struct cmd cmd_list = {
	.name = "list",
	.args = "",
	.summary = "list PCI NVMe functions, their drivers and nvmetest devices",
	.help = "List the PCI functions of class 0108xx (NVMe) with their IDs, bound driver\n"
		"and, when bound to nvmetest, the /dev/nvmetestN node.\n",
	.run = run_list,
};

static int run_bind(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	char bdf[13], node[PATH_MAX];
	unsigned long class_code;
	int c, force = 0, ret;

	while ((c = nvmet_getopt(cmd, argc, argv, opts)) != -1) {
		if (c != 'f')
			return opt_exit(c);
		force = 1;
	}
	if (need_args(cmd, argc, argv, 1, 1) || parse_bdf(cmd, argv[optind], bdf))
		return EXIT_USAGE;
	if (!force && !read_hex_attr(bdf, "class", &class_code) && !is_nvme(bdf, &class_code))
		return fail(cmd, "%s is not an NVMe controller (class %06lx); --force"
			    " binds it anyway", bdf, class_code);
	ret = nvmet_pci_bind(bdf);
	if (ret == -ENODEV)
		return fail(cmd, "%s: %s (is the nvmetest module loaded?)", bdf, strerror(-ret));
	if (ret)
		return errno_fail(cmd, bdf, ret);
	if (nvmet_pci_kdev_path(bdf, node, sizeof(node)))
		snprintf(node, sizeof(node), "no device node yet");
	printf("%s: bound to %s (%s)\n", bdf, NVMETEST_DRIVER_NAME, node);
	return 0;
}

const struct cmd cmd_bind = {
	.name = "bind",
	.args = "BDF [--force]",
	.summary = "hand a PCI function to nvmetest",
	.help = "Unbind the PCI function at BDF (DDDD:BB:DD.F) from its driver and bind it to\n"
		"nvmetest, through driver_override. The nvmetest module must be loaded.\n\n"
		"Options:\n"
		"  --force     bind even a function whose class is not NVMe\n",
	.run = run_bind,
};

static int run_unbind(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, { 0 } };
	char bdf[13], drv[PATH_MAX];
	int c, ret, was_ours;

	while ((c = nvmet_getopt(cmd, argc, argv, opts)) != -1)
		return opt_exit(c);
	if (need_args(cmd, argc, argv, 1, 1) || parse_bdf(cmd, argv[optind], bdf))
		return EXIT_USAGE;
	driver_name(bdf, drv, sizeof(drv));
	was_ours = !strcmp(drv, NVMETEST_DRIVER_NAME);
	ret = nvmet_pci_unbind(bdf);
	if (ret)
		return errno_fail(cmd, bdf, ret);
	driver_name(bdf, drv, sizeof(drv));
	printf("%s: %s %s, driver now: %s\n", bdf, was_ours ? "released from" : "was not bound to",
	       NVMETEST_DRIVER_NAME, strcmp(drv, "-") ? drv : "none");
	return 0;
}

const struct cmd cmd_unbind = {
	.name = "unbind",
	.args = "BDF",
	.summary = "take a PCI function back from nvmetest",
	.help = "Unbind the PCI function at BDF from nvmetest, clear its driver_override and\n"
		"let the kernel probe it again, so its usual driver (nvme) gets it back.\n",
	.run = run_unbind,
};
