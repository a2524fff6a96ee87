// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cmdlog_print.c - one line per command of a command log, admin or I/O,
 * in the style of SPDK's nvme_qpair_print_command/print_completion.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <nvmet/names.h>

#include "ctrl/ctrl_priv.h"

static void entry_status(const struct nvmetest_cmdlog_entry *e, char *buf, size_t len)
{
	struct nvmet_cqe cqe;

	memcpy(&cqe, e->cqe, sizeof(cqe));
	if (e->flags & NVMETEST_CMDLOG_DONE)
		nvmet_status_snprint(buf, len, cqe.status);
	else if (e->flags & NVMETEST_CMDLOG_ABORTED)
		snprintf(buf, len, "ABORTED");
	else if (e->flags & NVMETEST_CMDLOG_TIMED_OUT)
		snprintf(buf, len, "TIMED OUT");
	else
		snprintf(buf, len, "PENDING");
}

int nvmet_cmdlog_entry_snprint(char *buf, size_t len, const struct nvmetest_cmdlog_entry *e,
			       uint16_t sqid)
{
	char cmd[NVMET_CMD_STR_MAX], st[NVMET_STATUS_STR_MAX];
	struct nvmet_sqe sqe;

	memcpy(&sqe, e->sqe, sizeof(sqe));
	nvmet_cmd_snprint(cmd, sizeof(cmd), &sqe, sqid);
	entry_status(e, st, sizeof(st));
	if (!e->complete_ns)
		return snprintf(buf, len, "%s -> %s", cmd, st);
	return snprintf(buf, len, "%s -> %s lat:%.1fus", cmd, st,
			(double)(e->complete_ns - e->submit_ns) / 1e3);
}

int nvmet_cmdlog_entry_print(const struct nvmetest_cmdlog_entry *e, uint16_t sqid, FILE *f)
{
	char line[NVMET_CMDLOG_STR_MAX];

	nvmet_cmdlog_entry_snprint(line, sizeof(line), e, sqid);
	if (fprintf(f, "[%6" PRIu64 ".%06" PRIu64 "] %s\n",
		    (uint64_t)(e->submit_ns / 1000000000u), (uint64_t)(e->submit_ns / 1000u % 1000000u),
		    line) < 0)
		return -EIO;
	return 0;
}

int nvmet_ctrl_cmdlog_print(struct nvmet_ctrl *ctrl, unsigned int count, FILE *f)
{
	struct nvmetest_cmdlog_entry log[NVMETEST_CMDLOG_ENTRIES];
	int n, i;

	if (count > NVMETEST_CMDLOG_ENTRIES)
		count = NVMETEST_CMDLOG_ENTRIES;
	/* The library's own admin log when it drives the admin queue, else the transport's. */
	if (ctrl->admin.own)
		n = (int)nvmet_cmdlog_copy(&ctrl->admin.trk.log, log, count);
	else if (ctrl->tp->admin_cmdlog)
		n = ctrl->tp->admin_cmdlog(ctrl, log, count);
	else
		return -EOPNOTSUPP;
	for (i = 0; i < n; i++)
		if (nvmet_cmdlog_entry_print(&log[i], 0, f))
			return -EIO;
	return n;
}
