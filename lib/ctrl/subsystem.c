// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * subsystem.c - subsystem power cycles, by slot power control or by the
 * caller's callbacks, and bringing the controller back afterwards.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <nvmet/ioworker.h>
#include <nvmet/subsystem.h>

#include "ctrl_priv.h"
#include "workload/verify_priv.h"

#define SLOTS	"/sys/bus/pci/slots"

static int sysfs_put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n < 0 ? -errno : 0;
}

int nvmet_subsystem_slot(struct nvmet_ctrl *ctrl, char *name, size_t len)
{
	char path[PATH_MAX], addr[32];
	size_t dlen = strlen(ctrl->info.bdf);
	struct dirent *de;
	int ret = -ENOENT;
	FILE *f;
	DIR *d;

	/* A slot's address is the function's without ".F". */
	if (dlen < 3)
		return -ENOENT;
	d = opendir(SLOTS);
	if (!d)
		return -ENOENT;
	while (ret == -ENOENT && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), SLOTS "/%s/address", de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(addr, sizeof(addr), f) && !strncmp(addr, ctrl->info.bdf, dlen - 2) &&
		    (addr[dlen - 2] == '\n' || addr[dlen - 2] == '\0')) {
			snprintf(path, sizeof(path), SLOTS "/%s/power", de->d_name);
			if (access(path, W_OK))
				ret = -ENOENT;
			else if (strlen(de->d_name) >= len)
				ret = -ENAMETOOLONG;
			else
				ret = (snprintf(name, len, "%s", de->d_name), 0);
		}
		fclose(f);
	}
	closedir(d);
	return ret;
}

struct slot_power {
	char power[PATH_MAX];
};

static int slot_off(void *arg)
{
	return sysfs_put(((struct slot_power *)arg)->power, "0");
}

static int slot_on(void *arg)
{
	return sysfs_put(((struct slot_power *)arg)->power, "1");
}

static int transport_off(void *arg)
{
	struct nvmet_ctrl *ctrl = arg;

	return ctrl->tp->power(ctrl, 0);
}

static int transport_on(void *arg)
{
	struct nvmet_ctrl *ctrl = arg;

	return ctrl->tp->power(ctrl, 1);
}

/* Bring the controller back once the function is on the bus again. */
static int ctrl_return(struct nvmet_ctrl *ctrl)
{
	int ret;

	if (!ctrl->tp->reopen)
		return -EOPNOTSUPP;
	nvmet_ctrl_bufs_drop(ctrl);
	ret = ctrl->tp->reopen(ctrl);
	if (!ret)
		ret = nvmet_ctrl_bufs_refill(ctrl);
	/* The default init: reset (which re-creates the queue pairs), identify, AERs. */
	return ret ? ret : nvmet_ctrl_init(ctrl);
}

int nvmet_subsystem_power_cycle(struct nvmet_ctrl *ctrl, const struct nvmet_power_ops *ops,
				unsigned int off_ms)
{
	struct timespec off = { .tv_sec = off_ms / 1000, .tv_nsec = (off_ms % 1000) * 1000000L };
	struct nvmet_power_ops slot_ops = { .off = slot_off, .on = slot_on };
	struct slot_power slot;
	char name[64];
	uint32_t q;
	int ret;

	if (!ops && ctrl->tp->power) {
		/* The emulated controller powers itself off and on. */
		slot_ops.off = transport_off;
		slot_ops.on = transport_on;
		slot_ops.arg = ctrl;
		ops = &slot_ops;
	}
	if (!ops) {
		ret = nvmet_subsystem_slot(ctrl, name, sizeof(name));
		if (ret)
			return ret;
		snprintf(slot.power, sizeof(slot.power), SLOTS "/%s/power", name);
		slot_ops.arg = &slot;
		ops = &slot_ops;
	}
	if (!ops->off || !ops->on)
		return -EINVAL;
	nvmet_ioworkers_end(ctrl, NVMET_IOW_ERR_ABORTED);
	for (q = 1; q <= ctrl->info.max_qid; q++)
		if (ctrl->qpairs[q])
			nvmet_qpair_forget(ctrl->qpairs[q]);
	nvmet_ctrl_admin_forget(ctrl);
	ret = ops->off(ops->arg);
	if (ret)
		return ret;
	/* What the volatile write cache held is gone, or may be. */
	nvmet_verify_power_lost(ctrl);
	nanosleep(&off, NULL);
	ret = ops->on(ops->arg);
	return ret ? ret : ctrl_return(ctrl);
}
