// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_status.c - status and events: what the module reports over generic
 * netlink, without opening the device: the I/O queue pairs of a controller
 * with their outstanding commands and I/O statistics, and the events of
 * every controller as they come.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <time.h>

#include "nl_dev.h"

static void print_qpair(struct nvmet_nl *nl, uint32_t instance, const struct nvmet_nl_qpair *q)
{
	struct nvmet_nl_iostat s;

	printf("%5u %5u %6u", q->qid, q->cqid, q->size);
	if (!(q->flags & NVMETEST_NL_QPAIR_STATS) ||
	    nvmet_nl_iostat(nl, instance, q->qid, &s)) {
		printf("  (no statistics)%s\n", q->flags & NVMETEST_NL_QPAIR_ORPHAN ? " orphan" : "");
		return;
	}
	printf(" %11" PRIu32 " %10" PRIu64 " %10" PRIu64 " %9" PRIu64 " %9" PRIu64
	       " %12" PRIu64 " %12" PRIu64 "%s\n", s.outstanding, s.submitted, s.completed,
	       s.read_cmds, s.write_cmds, s.read_bytes, s.write_bytes,
	       q->flags & NVMETEST_NL_QPAIR_ORPHAN ? " orphan" : "");
}

static int show_status(const struct cmd *cmd, struct nvmet_nl *nl, uint32_t instance)
{
	struct nvmet_nl_qpair *qs = NULL;
	struct nvmet_nl_iostat all;
	int n, max = 0, i, ret;

	/* The count comes first; ask again if queues came meanwhile. */
	do {
		free(qs);
		max = max ? max * 2 : 64;
		qs = calloc((size_t)max, sizeof(*qs));
		if (!qs)
			return fail(cmd, "out of memory");
		n = nvmet_nl_list_qpairs(nl, instance, qs, (unsigned int)max);
	} while (n > max);
	if (n < 0) {
		free(qs);
		return nl_dev_fail(cmd, "list queue pairs", instance, n);
	}
	printf("nvmetest%" PRIu32 ": %d I/O queue pair%s\n", instance, n, n == 1 ? "" : "s");
	if (n)
		printf("%5s %5s %6s %11s %10s %10s %9s %9s %12s %12s\n", "qid", "cqid", "size",
		       "outstanding", "submitted", "completed", "reads", "writes", "read-bytes",
		       "write-bytes");
	for (i = 0; i < n; i++)
		print_qpair(nl, instance, &qs[i]);
	free(qs);
	ret = nvmet_nl_iostat(nl, instance, NVMET_NL_ALL_QUEUES, &all);
	if (ret)
		return nl_dev_fail(cmd, "I/O statistics", instance, ret);
	printf("all %" PRIu32 " queue%s with statistics: %" PRIu32 " outstanding, %" PRIu64
	       " submitted, %" PRIu64 " completed, %" PRIu64 " reads (%" PRIu64 " bytes), %"
	       PRIu64 " writes (%" PRIu64 " bytes)\n", all.queues, all.queues == 1 ? "" : "s",
	       all.outstanding, all.submitted, all.completed, all.read_cmds, all.read_bytes,
	       all.write_cmds, all.write_bytes);
	return 0;
}

static int run_status(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, { 0 } };
	struct nvmet_nl *nl;
	uint32_t instance;
	int c, ret;

	while ((c = nvmet_getopt(cmd, argc, argv, opts)) != -1)
		return opt_exit(c);
	if (need_args(cmd, argc, argv, 1, 1))
		return EXIT_USAGE;
	ret = nl_dev_connect(cmd, argv[optind], "it asks the nvmetest module over netlink",
			     &instance, &nl);
	if (ret)
		return ret;
	ret = show_status(cmd, nl, instance);
	nvmet_nl_close(nl);
	return ret;
}

const struct cmd cmd_status = {
	.name = "status",
	.args = "DEV",
	.summary = "queue pairs, outstanding commands and I/O statistics (netlink)",
	.help = "Ask the module, over its generic netlink family, for the controller's I/O\n"
		"queue pairs and, for those whose owner publishes them (libnvmet's queue\n"
		"pairs do), their counters; one line per submission queue:\n"
		"  qid cqid size outstanding submitted completed reads writes read-bytes\n"
		"  write-bytes\n"
		"then the sums over every queue with statistics. The device is not opened:\n"
		"this works while another program drives it. Needs CAP_NET_ADMIN.\n\n"
		DEV_HELP,
	.run = run_status,
};

static void print_event(const struct nvmet_nl_event *ev)
{
	char line[NVMET_NL_EVENT_STR_MAX];

	nvmet_nl_event_snprint(line, sizeof(line), ev);
	printf("%s\n", line);
	fflush(stdout);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int watch_events(const struct cmd *cmd, struct nvmet_nl *nl, uint32_t count,
			int timeout_ms)
{
	struct nvmet_nl_event ev;
	uint64_t deadline = 0, now;
	uint32_t seen = 0;
	int ret, wait = -1;

	if (timeout_ms >= 0)
		deadline = now_ms() + (uint64_t)timeout_ms;
	while (!count || seen < count) {
		if (timeout_ms >= 0) {
			now = now_ms();
			wait = now < deadline ? (int)(deadline - now) : 0;
		}
		ret = nvmet_nl_next_event(nl, &ev, wait);
		if (ret == -ETIMEDOUT)
			break;
		if (ret == -ENOBUFS) {
			fprintf(stderr, "nvmet %s: events were lost (not read fast enough)\n",
				cmd->name);
			continue;
		}
		if (ret)
			return errno_fail(cmd, "events", ret);
		print_event(&ev);
		seen++;
	}
	if (count && seen < count)
		return fail(cmd, "timed out after %" PRIu32 " of %" PRIu32 " events", seen, count);
	return 0;
}

static int run_events(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	uint32_t count = 0, ms;
	int c, ret, timeout_ms = -1;
	struct nvmet_nl *nl;

	while ((c = nvmet_getopt(cmd, argc, argv, opts)) != -1) {
		if (c == 'n') {
			if (parse_u32(cmd, "count", optarg, UINT32_MAX, &count))
				return EXIT_USAGE;
			if (!count)
				return usage_error(cmd, "count must be at least 1");
		} else if (c == 't') {
			if (parse_u32(cmd, "timeout", optarg, INT32_MAX, &ms))
				return EXIT_USAGE;
			timeout_ms = (int)ms;
		} else {
			return opt_exit(c);
		}
	}
	if (need_args(cmd, argc, argv, 0, 0))
		return EXIT_USAGE;
	ret = nl_dev_open(cmd, &nl);
	if (ret)
		return ret;
	ret = nvmet_nl_subscribe(nl);
	if (ret)
		ret = nl_dev_fail(cmd, "subscribe", 0, ret);
	else
		ret = watch_events(cmd, nl, count, timeout_ms);
	nvmet_nl_close(nl);
	return ret;
}

const struct cmd cmd_events = {
	.name = "events",
	.args = "[--count N] [--timeout MS]",
	.summary = "print the module's events as they come (netlink)",
	.help = "Join the module's netlink event group and print every event of every bound\n"
		"controller, one line each:\n"
		"  [time] nvmetestN BDF AER_COMPLETED type T info 0xII log 0xLL dw0:DW0 STATUS\n"
		"  [time] nvmetestN BDF TIMED_OUT OPCODE (opc) sqid cid ...\n"
		"  [time] nvmetestN BDF CTRL_FATAL csts:CSTS\n"
		"  [time] nvmetestN BDF DEVICE_REMOVED\n"
		"with the CLOCK_MONOTONIC time of the event. Needs CAP_NET_ADMIN.\n\n"
		"Options:\n"
		"  --count N     stop after N events; exit 1 if --timeout ends the wait first\n"
		"  --timeout MS  stop after MS milliseconds (default: wait for ever)\n",
	.run = run_events,
};
