// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_cmdlog.c - cmdlog: the module's log of admin commands, one line per
 * command with its completion, or as a capture for Wireshark (--pcap).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <nvmet/pcap.h>

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

static int write_pcap(const struct cmd *cmd, const char *path,
		      const struct nvmetest_cmdlog_entry *log, unsigned int n)
{
	struct nvmet_pcap *pc;
	int ret, ret2;

	ret = nvmet_pcap_open(path, &pc);
	if (ret)
		return errno_fail(cmd, path, ret);
	ret = nvmet_pcap_cmdlog(pc, 0, log, n);
	ret2 = nvmet_pcap_close(pc);
	if (ret || ret2)
		return errno_fail(cmd, path, ret ? ret : ret2);
	printf("%u commands written to %s\n", n, path);
	return 0;
}

static int show_log(const struct cmd *cmd, const char *name, uint32_t count, const char *pcap)
{
	struct nvmetest_cmdlog_entry *log;
	struct nvmet_kdev *dev;
	int i, n, ret;

	log = calloc(count, sizeof(*log));
	if (!log)
		return fail(cmd, "out of memory");
	ret = open_dev(cmd, name, &dev);
	if (!ret) {
		n = nvmet_kdev_cmdlog(dev, log, count);
		if (n < 0)
			ret = errno_fail(cmd, "cmdlog", n);
		else if (n > (int)count)
			n = (int)count;
		if (n >= 0 && pcap)
			ret = write_pcap(cmd, pcap, log, (unsigned int)n);
		for (i = 0; !pcap && i < n; i++)
			print_entry(&log[i]);
		nvmet_kdev_close(dev);
	}
	free(log);
	return ret;
}

struct cmdlog_args {
	uint32_t count;
	const char *pcap;
};

static int take_cmdlog(const struct cmd *cmd, int c, const char *arg, void *ctx)
{
	struct cmdlog_args *a = ctx;

	if (c == 'p') {
		if (!*arg)
			return usage_error(cmd, "--pcap needs a file name");
		a->pcap = arg;
		return 0;
	}
	if (parse_u32(cmd, "count", arg, NVMETEST_CMDLOG_ENTRIES, &a->count))
		return EXIT_USAGE;
	if (!a->count)
		return usage_error(cmd, "count must be at least 1");
	return 0;
}

static int run_cmdlog(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "pcap", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = { "", opts, take_cmdlog, NULL, 0 };
	struct cmdlog_args a = { .count = NVMETEST_CMDLOG_ENTRIES };
	int ret;

	ret = parse_dev_args(cmd, argc, argv, &o, &a);
	return ret >= 0 ? ret : show_log(cmd, argv[optind], a.count, a.pcap);
}

const struct cmd cmd_cmdlog = {
	.name = "cmdlog",
	.args = "DEV [--count N] [--pcap FILE]",
	.summary = "show the module's log of recent admin commands",
	.help = "Print the most recent admin commands, oldest first, one line each:\n"
		"  [time] OPCODE (opc) sqid cid nsid cdw10 cdw11 -> STATUS (sct/sc) sqhd dw0 lat\n"
		"with TIMED OUT, ABORTED or PENDING in place of a status when so.\n\n"
		"Options:\n"
		"  --count N    at most N commands (default and maximum 256)\n"
		"  --pcap FILE  write them instead to FILE, a pcapng capture that Wireshark\n"
		"               and tshark decode (commands and completions as NVMe/TCP\n"
		"               capsules on the admin queue's connection, with latencies)\n\n"
		DEV_HELP,
	.run = run_cmdlog,
};
