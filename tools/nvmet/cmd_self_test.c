// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_self_test.c - device-self-test: start, abort or follow a device
 * self-test, with nvme-cli's options.
 */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "printers.h"
#include "tool.h"

#define LOG_SIZE	564

static int read_log(const struct cmd *cmd, struct tdev *dev, uint8_t *log)
{
	struct nvmet_sqe sqe = { 0 };

	nvmet_cmd_get_log_page(&sqe, NVMET_LOG_SELF_TEST, 0xffffffff, LOG_SIZE, NULL);
	return admin_checked(cmd, dev, "Get Log Page (Device Self-test, LID 06h)", &sqe, log,
			     LOG_SIZE, 0, 0, NULL);
}

/*
 * Polls the log until no test is in progress, as nvme-cli does (giving up
 * when the completion has not moved for EDSTT's estimate and a minute),
 * then reports the newest result: a test that did not pass fails.
 */
static int wait_test(const struct cmd *cmd, struct tdev *dev, uint8_t *log)
{
	uint8_t id[4096];
	unsigned int last = 0, result;
	time_t still_since = time(NULL), limit;
	int ret;

	ret = identify(cmd, dev, NVMET_CNS_CTRL, 0, id);
	if (ret)
		return ret;
	limit = (time_t)get_le16(id + 316) * 60 + 60;	/* EDSTT, minutes */
	for (;;) {
		ret = read_log(cmd, dev, log);
		if (ret)
			return ret;
		if (!log[0])
			break;
		if (log[1] != last) {
			last = log[1];
			still_since = time(NULL);
		} else if (time(NULL) - still_since > limit) {
			return fail(cmd, "no progress for %lld s (%u%% done), stopped waiting",
				    (long long)limit, last);
		}
		if (isatty(STDOUT_FILENO)) {
			printf("\rWaiting for self test completion... %3u%%", last);
			fflush(stdout);
		}
		usleep(100000);
	}
	if (isatty(STDOUT_FILENO))
		printf("\n");
	result = log[4] & 0xf;
	if (result == 0xf)
		return fail(cmd, "the self-test left no result in the log");
	if (result)
		return fail(cmd, "the self-test did not pass: result %u (self-test-log -H names it)",
			    result);
	printf("Device self-test completed without error\n");
	return 0;
}

struct self_test_args {
	uint32_t nsid;
	uint32_t stc;
	bool wait;
};

static int take_self_test(const struct cmd *cmd, int c, const char *arg, void *ctx)
{
	struct self_test_args *a = ctx;

	switch (c) {
	case 'w':
		a->wait = true;
		return 0;
	case 'n':
		return parse_u32(cmd, "namespace-id", arg, UINT32_MAX, &a->nsid);
	case 's':
		return parse_u32(cmd, "self-test-code", arg, 0xf, &a->stc);
	}
	return 0;
}

static int run_self_test(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "namespace-id", required_argument, NULL, 'n' },
		{ "self-test-code", required_argument, NULL, 's' },
		{ "wait", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = { "n:s:w", opts, take_self_test, NULL, 0 };
	struct self_test_args a = { .nsid = 0xffffffff };
	struct nvmet_sqe sqe = { 0 };
	struct tdev dev;
	uint8_t *log;
	int ret;

	ret = open_dev_args(cmd, argc, argv, &o, &a, &dev);
	if (ret >= 0)
		return ret;
	log = malloc(LOG_SIZE);
	if (!log) {
		ret = fail(cmd, "out of memory");
	} else if (!a.stc) {
		/* No code: the state of the test in progress, as nvme-cli shows it. */
		ret = read_log(cmd, &dev, log);
		if (!ret && !log[0])
			printf("no self test running\n");
		else if (!ret && a.wait)
			ret = wait_test(cmd, &dev, log);
		else if (!ret)
			printf("progress %u%%\n", log[1]);
	} else {
		nvmet_cmd_self_test(&sqe, a.nsid, a.stc);
		ret = admin_checked(cmd, &dev, "Device Self-test", &sqe, NULL, 0, 0, 0, NULL);
		if (!ret)
			printf("%s\n", a.stc == NVMET_STC_ABORT ? "Aborting device self-test operation" :
			       a.stc == NVMET_STC_EXTENDED ? "Extended Device self-test started" :
			       a.stc == NVMET_STC_SHORT ? "Short Device self-test started" :
			       "Device self-test started");
		if (!ret && a.wait && a.stc != NVMET_STC_ABORT)
			ret = wait_test(cmd, &dev, log);
	}
	tdev_close(&dev);
	free(log);
	return ret;
}

const struct cmd cmd_device_self_test = {
	.name = "device-self-test",
	.args = "DEV [-s CODE] [-n NSID] [-w]",
	.summary = "start, abort or follow a device self-test",
	.help = "Send Device Self-test with the code given, as nvme-cli does; without a code,\n"
		"say whether a test is running and how far it is.\n\n"
		"Options:\n"
		"  -s, --self-test-code CODE  1 short, 2 extended, 0xe vendor specific, 0xf abort;\n"
		"                             0 (default): show the test in progress\n"
		"  -n, --namespace-id NSID    the namespaces to test (default FFFFFFFFh, all)\n"
		"  -w, --wait                 wait for the test to end, then report its result:\n"
		"                             exit 1 when it did not pass\n\n"
		EMU_DEV_HELP,
	.run = run_self_test,
	.emu = true,
};
