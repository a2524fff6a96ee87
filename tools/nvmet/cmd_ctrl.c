// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_ctrl.c - reset and irq: controller reset and interrupt counters.
 */
#include <inttypes.h>

#include "tool.h"

static int run_reset(const struct cmd *cmd, int argc, char **argv)
{
	struct nvmetest_info info;
	struct nvmet_kdev *dev;
	int ret;

	if (!open_only_dev(cmd, argc, argv, &dev, &ret))
		return ret;
	ret = nvmet_kdev_reset(dev);
	if (ret)
		ret = errno_fail(cmd, "reset", ret);
	else
		ret = get_info(cmd, dev, &info);
	if (!ret)
		printf("controller reset (%u resets since probe, %s)\n", info.resets,
		       info.flags & NVMETEST_INFO_READY ? "ready" : "NOT ready");
	nvmet_kdev_close(dev);
	return ret;
}

const struct cmd cmd_reset = {
	.name = "reset",
	.args = "DEV",
	.summary = "reset the controller (CC.EN 1 -> 0 -> 1)",
	.help = "Reset the controller through the module, which brings the admin queue back\n"
		"up. I/O queues are gone afterwards.\n\n"
		DEV_HELP,
	.run = run_reset,
};

static int show_vector(const struct cmd *cmd, struct nvmet_kdev *dev, unsigned int vector,
		       int clear)
{
	uint64_t count;
	int masked, ret;

	ret = nvmet_kdev_irq_get(dev, vector, &count, &masked);
	if (ret)
		return errno_fail(cmd, "irq get", ret);
	printf("vector %u: %" PRIu64 " interrupt%s%s", vector, count, count == 1 ? "" : "s",
	       masked ? " (masked)" : "");
	if (clear) {
		ret = nvmet_kdev_irq_clear(dev, vector);
		if (ret) {
			printf("\n");
			return errno_fail(cmd, "irq clear", ret);
		}
		printf(", cleared");
	}
	printf("\n");
	return 0;
}

static int show_irqs(const struct cmd *cmd, struct nvmet_kdev *dev, int64_t vector, int clear)
{
	struct nvmetest_info info;
	unsigned int v;
	int ret;

	ret = get_info(cmd, dev, &info);
	if (ret)
		return ret;
	if (!info.nr_vectors)
		return fail(cmd, "the device has no interrupt vectors");
	if (vector >= info.nr_vectors)
		return usage_error(cmd, "vector %" PRId64 " out of range (the device has %u)",
				   vector, info.nr_vectors);
	for (v = 0; v < info.nr_vectors && !ret; v++) {
		if (vector < 0 || v == vector)
			ret = show_vector(cmd, dev, v, clear);
	}
	return ret;
}

static int run_irq(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "vector", required_argument, NULL, 'v' },
		{ "clear", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct nvmet_kdev *dev;
	int64_t vector = -1;
	int c, ret, clear = 0;
	uint32_t v;

	while ((c = nvmet_getopt(cmd, argc, argv, opts)) != -1) {
		if (c == 'c')
			clear = 1;
		else if (c != 'v')
			return opt_exit(c);
		else if (parse_u32(cmd, "vector", optarg, 0xffff, &v))
			return EXIT_USAGE;
		else
			vector = v;
	}
	if (need_args(cmd, argc, argv, 1, 1))
		return EXIT_USAGE;
	if (open_dev(cmd, argv[optind], &dev))
		return EXIT_FAIL;
	ret = show_irqs(cmd, dev, vector, clear);
	nvmet_kdev_close(dev);
	return ret;
}

const struct cmd cmd_irq = {
	.name = "irq",
	.args = "DEV [--vector N] [--clear]",
	.summary = "show (and clear) interrupt counts per vector",
	.help = "Print the number of interrupts received on each vector since probe or the\n"
		"last clear, and whether the vector is masked.\n\n"
		"Options:\n"
		"  --vector N  only vector N\n"
		"  --clear     zero the counts after printing them\n\n"
		DEV_HELP,
	.run = run_irq,
};
