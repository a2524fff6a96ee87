// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_ctrl.c - reset and irq: controller reset and interrupt counters.
 */
#include <inttypes.h>

#include "tool.h"

/* The module counts resets; the emulated controller is a fresh one anyway. */
static int report_reset(const struct cmd *cmd, struct tdev *dev)
{
	struct nvmetest_info info;
	uint64_t csts;
	int ret;

	if (dev->kdev) {
		ret = get_info(cmd, dev->kdev, &info);
		if (!ret)
			printf("controller reset (%u resets since probe, %s)\n", info.resets,
			       info.flags & NVMETEST_INFO_READY ? "ready" : "NOT ready");
		return ret;
	}
	ret = tdev_reg_read(dev, NVMET_REG_CSTS, 4, &csts);
	if (ret)
		return errno_fail(cmd, "CSTS", ret);
	printf("controller reset (%s)\n", csts & NVMET_CSTS_RDY ? "ready" : "NOT ready");
	return 0;
}

static int run_reset(const struct cmd *cmd, int argc, char **argv)
{
	struct tdev dev;
	int ret;

	ret = open_dev_args(cmd, argc, argv, NULL, NULL, &dev);
	if (ret >= 0)
		return ret;
	ret = tdev_reset(&dev);
	if (ret)
		ret = errno_fail(cmd, "reset", ret);
	else
		ret = report_reset(cmd, &dev);
	tdev_close(&dev);
	return ret;
}

const struct cmd cmd_reset = {
	.name = "reset",
	.args = "DEV",
	.summary = "reset the controller (CC.EN 1 -> 0 -> 1)",
	.help = "Reset the controller through the module (or libnvmet, on the emulated\n"
		"controller), which brings the admin queue back up. I/O queues are gone\n"
		"afterwards.\n\n"
		EMU_DEV_HELP,
	.run = run_reset,
	.emu = true,
};

/*
 * NVM Subsystem Reset, where CAP.NSSRS says the controller has it, then a
 * controller reset to bring the admin queue back (libnvmet's
 * nvmet_ctrl_nssr() does both on the emulated controller).
 */
static int subsystem_reset(const struct cmd *cmd, struct tdev *dev)
{
	uint64_t cap;
	int ret;

	ret = tdev_reg_read(dev, NVMET_REG_CAP, 8, &cap);
	if (ret)
		return errno_fail(cmd, "CAP", ret);
	if (!(cap >> 36 & 1))
		return fail(cmd, "NVM Subsystem Reset not supported (CAP.NSSRS is 0)");
	if (dev->ctrl)
		ret = nvmet_ctrl_nssr(dev->ctrl);
	else if (!(ret = tdev_reg_write(dev, NVMET_REG_NSSR, 4, NVMET_NSSR_MAGIC)))
		ret = tdev_reset(dev);
	return ret ? errno_fail(cmd, "subsystem reset", ret) : 0;
}

static int run_subsystem_reset(const struct cmd *cmd, int argc, char **argv)
{
	uint64_t csts;
	struct tdev dev;
	int ret, r;

	ret = open_dev_args(cmd, argc, argv, NULL, NULL, &dev);
	if (ret >= 0)
		return ret;
	ret = subsystem_reset(cmd, &dev);
	if (!ret) {
		r = tdev_reg_read(&dev, NVMET_REG_CSTS, 4, &csts);
		if (r)
			ret = errno_fail(cmd, "CSTS", r);
		else
			printf("NVM subsystem reset (CSTS.NSSRO %u, %s)\n",
			       (unsigned int)(csts >> 4 & 1),
			       csts & NVMET_CSTS_RDY ? "ready" : "NOT ready");
	}
	tdev_close(&dev);
	return ret;
}

const struct cmd cmd_subsystem_reset = {
	.name = "subsystem-reset",
	.args = "DEV",
	.summary = "NVM Subsystem Reset (NSSR), then a controller reset",
	.help = "Write \"NVMe\" to the NSSR register when CAP.NSSRS says the controller has\n"
		"an NVM subsystem reset, then reset the controller so that its admin queue\n"
		"works again; CSTS.NSSRO is shown (write 1 to it to clear it). A controller\n"
		"without one is reported and exits 1, as nvme-cli does. On PCI Express the\n"
		"subsystem reset may take the link down.\n\n"
		EMU_DEV_HELP,
	.run = run_subsystem_reset,
	.emu = true,
};

static int show_vector(const struct cmd *cmd, struct tdev *dev, unsigned int vector,
		       int clear)
{
	uint64_t count;
	int masked, ret;

	ret = tdev_irq_get(dev, vector, &count, &masked);
	if (ret)
		return errno_fail(cmd, "irq get", ret);
	printf("vector %u: %" PRIu64 " interrupt%s%s", vector, count, count == 1 ? "" : "s",
	       masked ? " (masked)" : "");
	if (clear) {
		ret = tdev_irq_clear(dev, vector);
		if (ret) {
			printf("\n");
			return errno_fail(cmd, "irq clear", ret);
		}
		printf(", cleared");
	}
	printf("\n");
	return 0;
}

static int show_irqs(const struct cmd *cmd, struct tdev *dev, int64_t vector, int clear)
{
	unsigned int v, nr_vectors;
	int ret;

	ret = tdev_nr_vectors(dev, &nr_vectors);
	if (ret)
		return dev->kdev ? errno_fail(cmd, "info", ret) : errno_fail(cmd, "MSI-X", ret);
	if (!nr_vectors)
		return fail(cmd, "the device has no interrupt vectors");
	if (vector >= nr_vectors)
		return fail(cmd, "vector %" PRId64 " out of range (the device has %u)",
			    vector, nr_vectors);
	for (v = 0; v < nr_vectors && !ret; v++) {
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
	struct tdev dev;
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
	if (clear && is_emu(argv[optind]))
		return not_on_emu(cmd, "--clear: its counts start at 0 in every invocation");
	ret = tdev_open(cmd, argv[optind], &dev);
	if (ret)
		return ret;
	ret = show_irqs(cmd, &dev, vector, clear);
	tdev_close(&dev);
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
		"  --clear     zero the counts after printing them (module only)\n\n"
		"On the emulated controller the vectors are those of its MSI-X capability, and\n"
		"the counts those of this invocation's controller (the admin queue's on 0).\n\n"
		EMU_DEV_HELP,
	.run = run_irq,
	.emu = true,
};
