// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dev.c - opening DEV and the commands every subcommand needs, with their
 * errors reported.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "tool.h"

static const char *open_hint(const char *name, int ret)
{
	char bdf[13];

	switch (ret) {
	case -ENOENT:
		if (bdf_normalize(name, bdf))
			return "";
		return " (no such function, or not bound to nvmetest: see nvmet bind)";
	case -EPROTO:
		return " (the nvmetest module speaks another ABI version)";
	case -EACCES:
	case -EPERM:
		return " (needs root)";
	case -ENOTTY:
		return " (not an nvmetest device, or another ABI version)";
	}
	return "";
}

int open_dev(const struct cmd *cmd, const char *name, struct nvmet_kdev **dev)
{
	char bdf[13], path[PATH_MAX];
	int ret;

	/* libnvmet takes PCI addresses in sysfs spelling only. */
	if (!bdf_normalize(name, bdf))
		name = bdf;
	ret = nvmet_kdev_open(name, dev);
	if (!ret)
		return 0;
	if (name == bdf && !nvmet_pci_kdev_path(bdf, path, sizeof(path)))
		return fail(cmd, "%s: %s: %s%s", bdf, path, strerror(-ret), open_hint(path, ret));
	return fail(cmd, "%s: %s%s", name, strerror(-ret), open_hint(name, ret));
}

int open_only_dev(const struct cmd *cmd, int argc, char **argv, struct nvmet_kdev **dev,
		  int *exit_code)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, { 0 } };
	int c;

	while ((c = nvmet_getopt(cmd, argc, argv, opts)) != -1) {
		*exit_code = opt_exit(c);
		return 0;
	}
	*exit_code = 0;
	if (need_args(cmd, argc, argv, 1, 1))
		*exit_code = EXIT_USAGE;
	else if (open_dev(cmd, argv[optind], dev))
		*exit_code = EXIT_FAIL;
	else
		return 1;
	return 0;
}

int get_info(const struct cmd *cmd, struct nvmet_kdev *dev, struct nvmetest_info *info)
{
	int ret;

	ret = nvmet_kdev_info(dev, info);
	return ret ? errno_fail(cmd, "info", ret) : 0;
}

/* Identify into a 4096-byte @buf; an error status or a timeout is reported. */
int identify(const struct cmd *cmd, struct nvmet_kdev *dev, uint8_t cns, uint32_t nsid,
	     void *buf)
{
	struct nvmet_sqe sqe = { .opc = NVMET_ADM_IDENTIFY, .nsid = nsid, .cdw10 = cns };
	struct nvmet_cqe cqe;
	char st[NVMET_STATUS_STR_MAX];
	int ret;

	memset(buf, 0, 4096);
	ret = nvmet_kdev_admin(dev, &sqe, buf, 4096, 0, 0, &cqe);
	if (ret)
		return errno_fail(cmd, "identify", ret);
	if (nvmet_cqe_is_timeout(&cqe))
		return fail(cmd, "identify (cns %u, nsid %u): timed out", cns, nsid);
	if (NVMET_CQE_STATUS(cqe.status)) {
		nvmet_status_snprint(st, sizeof(st), cqe.status);
		return fail(cmd, "identify (cns %u, nsid %u) failed: %s", cns, nsid, st);
	}
	return 0;
}
