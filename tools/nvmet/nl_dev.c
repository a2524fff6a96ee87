// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nl_dev.c - the controller a DEV names, for the subcommands that ask the
 * module over generic netlink without opening the device, and their errors.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "nl_dev.h"

int nl_dev_instance(const struct cmd *cmd, const char *name, uint32_t *instance)
{
	char bdf[13], path[PATH_MAX], real[PATH_MAX];
	const char *base;
	char *end;
	int ret;

	if (!bdf_normalize(name, bdf)) {
		ret = nvmet_pci_kdev_path(bdf, path, sizeof(path));
		if (ret)
			return fail(cmd, "%s: %s (not bound to nvmetest: see nvmet bind)", bdf,
				    strerror(-ret));
		name = path;
	} else if (realpath(name, real)) {
		name = real;
	}
	base = strrchr(name, '/');
	base = base ? base + 1 : name;
	if (strncmp(base, NVMETEST_DEV_PREFIX, strlen(NVMETEST_DEV_PREFIX)))
		return fail(cmd, "%s: not an nvmetest device", name);
	base += strlen(NVMETEST_DEV_PREFIX);
	errno = 0;
	*instance = (uint32_t)strtoul(base, &end, 10);
	if (!*base || *end || errno)
		return fail(cmd, "%s: not an nvmetest device", name);
	return 0;
}

int nl_dev_open(const struct cmd *cmd, struct nvmet_nl **nl)
{
	int ret = nvmet_nl_open(nl);

	if (ret == -ENOENT)
		return fail(cmd, "the nvmetest module is not loaded (no netlink family '%s')",
			    NVMETEST_GENL_NAME);
	return ret ? errno_fail(cmd, "netlink", ret) : 0;
}

int nl_dev_connect(const struct cmd *cmd, const char *dev, const char *why, uint32_t *instance,
		   struct nvmet_nl **nl)
{
	int ret;

	if (is_emu(dev))
		return not_on_emu(cmd, why);
	ret = nl_dev_instance(cmd, dev, instance);
	return ret ? ret : nl_dev_open(cmd, nl);
}

int nl_dev_fail(const struct cmd *cmd, const char *what, uint32_t instance, int ret)
{
	if (ret == -ENODEV)
		return fail(cmd, "%s: no controller nvmetest%" PRIu32, what, instance);
	if (ret == -EPERM || ret == -EACCES)
		return fail(cmd, "%s: %s (needs CAP_NET_ADMIN)", what, strerror(-ret));
	return errno_fail(cmd, what, ret);
}
