// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_cmdlog.c - cmdlog: the module's log of admin commands, one line per
 * command with its completion.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

static void print_latency(uint64_t ns)
{
	if (ns < 10000000u)
		printf(" lat:%.1fus", ns / 1000.0);
	else
		printf(" lat:%.3fms", ns / 1000000.0);
}

static void print_completion(const struct nvmetest_cmdlog_entry *e)
{
	struct nvmet_cqe cqe;
	char st[NVMET_STATUS_STR_MAX];

	if (e->flags & NVMETEST_CMDLOG_TIMED_OUT)
		printf("TIMED OUT");
	else if (e->flags & NVMETEST_CMDLOG_ABORTED)
		printf("ABORTED");
	else if (!(e->flags & NVMETEST_CMDLOG_DONE)) {
		printf("PENDING\n");
		return;
	} else {
		memcpy(&cqe, e->cqe, sizeof(cqe));
		nvmet_status_snprint(st, sizeof(st), cqe.status);
		printf("%s sqhd:%04x dw0:%08x", st, cqe.sqhd, cqe.dw0);
	}
	if (e->complete_ns >= e->submit_ns && e->complete_ns)
		print_latency(e->complete_ns - e->submit_ns);
	printf("\n");
}

static void print_entry(const struct nvmetest_cmdlog_entry *e)
{
	struct nvmet_sqe sqe;
	char line[NVMET_CMD_STR_MAX];

	memcpy(&sqe, e->sqe, sizeof(sqe));
	nvmet_cmd_snprint(line, sizeof(line), &sqe, 0);
	printf("[%5" PRIu64 ".%06" PRIu64 "] %s -> ", (uint64_t)e->submit_ns / 1000000000u,
	       (uint64_t)e->submit_ns % 1000000000u / 1000u, line);
	print_completion(e);
}

static int run_cmdlog(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct nvmetest_cmdlog_entry *log;
	uint32_t count = NVMETEST_CMDLOG_ENTRIES;
	struct nvmet_kdev *dev;
	int c, i, n, ret;

	while ((c = nvmet_getopt(cmd, argc, argv, opts)) != -1) {
		if (c != 'n')
			return opt_exit(c);
		if (parse_u32(cmd, "count", optarg, NVMETEST_CMDLOG_ENTRIES, &count))
			return EXIT_USAGE;
		if (!count)
			return usage_error(cmd, "count must be at least 1");
	}
	if (need_args(cmd, argc, argv, 1, 1))
		return EXIT_USAGE;
	log = calloc(count, sizeof(*log));
	if (!log)
		return fail(cmd, "out of memory");
	ret = open_dev(cmd, argv[optind], &dev);
	if (!ret) {
		n = nvmet_kdev_cmdlog(dev, log, count);
		if (n < 0)
			ret = errno_fail(cmd, "cmdlog", n);
		for (i = 0; i < n && i < (int)count; i++)
			print_entry(&log[i]);
		nvmet_kdev_close(dev);
	}
	free(log);
	return ret;
}

const struct cmd cmd_cmdlog = {
	.name = "cmdlog",
	.args = "DEV [--count N]",
	.summary = "show the module's log of recent admin commands",
	.help = "Print the most recent admin commands, oldest first, one line each:\n"
		"  [time] OPCODE (opc) sqid cid nsid cdw10 cdw11 -> STATUS (sct/sc) sqhd dw0 lat\n"
		"with TIMED OUT, ABORTED or PENDING in place of a status when so.\n\n"
		"Options:\n"
		"  --count N   at most N commands (default and maximum 256)\n\n"
		DEV_HELP,
	.run = run_cmdlog,
};
