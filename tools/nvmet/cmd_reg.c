// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_reg.c - reg-read, reg-write, cfg-read, cfg-write: one BAR0 register
 * or configuration space access.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "tool.h"

/* What the four subcommands differ in. */
struct access {
	int bar;		/* BAR0 rather than configuration space */
	int write;
	unsigned int def_width;
	unsigned int widths;	/* bit mask of the widths allowed */
};

static const struct access reg_read = { 1, 0, 4, 1u << 4 | 1u << 8 };
static const struct access reg_write = { 1, 1, 4, 1u << 4 | 1u << 8 };
static const struct access cfg_read = { 0, 0, 4, 1u << 1 | 1u << 2 | 1u << 4 };
static const struct access cfg_write = { 0, 1, 4, 1u << 1 | 1u << 2 | 1u << 4 };

struct request {
	uint32_t offset;
	unsigned int width;
	uint64_t value;
};

/* Return: -1 to go on, else the exit status (0 after --help). */
static int parse_request(const struct cmd *cmd, const struct access *acc, int argc,
			 char **argv, struct request *req)
{
	static const struct option opts[] = {
		{ "width", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	uint32_t width = acc->def_width;
	uint64_t max;
	int c;

	while ((c = nvmet_getopt(cmd, argc, argv, opts)) != -1) {
		if (c != 'w')
			return opt_exit(c);
		if (parse_u32(cmd, "width", optarg, 8, &width))
			return EXIT_USAGE;
		if (!(acc->widths & 1u << width))
			return usage_error(cmd, "width %u not allowed (%s)", width,
					   acc->bar ? "4 or 8" : "1, 2 or 4");
	}
	if (need_args(cmd, argc, argv, acc->write ? 3 : 2, acc->write ? 3 : 2))
		return EXIT_USAGE;
	if (parse_u32(cmd, "OFFSET", argv[optind + 1], acc->bar ? UINT32_MAX : 0xfff,
		      &req->offset))
		return EXIT_USAGE;
	if (req->offset % width)
		return usage_error(cmd, "OFFSET 0x%x is not a multiple of the width %u",
				   req->offset, width);
	max = width == 8 ? UINT64_MAX : (1ull << (8 * width)) - 1;
	if (acc->write && parse_u64(cmd, "VALUE", argv[optind + 2], max, &req->value))
		return EXIT_USAGE;
	req->width = width;
	return -1;
}

/*
 * The offset is checked against the size the module reports; the emulated
 * controller refuses what it does not have (-EINVAL) itself.
 */
static int check_range(const struct cmd *cmd, struct tdev *dev, const struct access *acc,
		       const struct request *req)
{
	struct nvmetest_info info;
	uint64_t size;

	if (!dev->kdev)
		return 0;
	if (get_info(cmd, dev->kdev, &info))
		return EXIT_FAIL;
	size = acc->bar ? info.bar_size[0] : info.cfg_size;
	if (size && (uint64_t)req->offset + req->width > size)
		return fail(cmd, "OFFSET 0x%x is beyond %s (%" PRIu64 " bytes)", req->offset,
			    acc->bar ? "BAR0" : "configuration space", size);
	return 0;
}

static int do_access(struct tdev *dev, const struct access *acc, struct request *req)
{
	uint32_t v32 = (uint32_t)req->value;
	int ret;

	if (acc->bar && acc->write)
		return tdev_reg_write(dev, req->offset, req->width, req->value);
	if (acc->bar)
		return tdev_reg_read(dev, req->offset, req->width, &req->value);
	if (acc->write)
		return tdev_cfg_write(dev, req->offset, req->width, v32);
	ret = tdev_cfg_read(dev, req->offset, req->width, &v32);
	req->value = v32;
	return ret;
}

static int run_access(const struct cmd *cmd, const struct access *acc, int argc, char **argv)
{
	struct tdev dev;
	struct request req = { 0 };
	char what[32];
	int ret;

	ret = parse_request(cmd, acc, argc, argv, &req);
	if (ret >= 0)
		return ret;
	ret = tdev_open(cmd, argv[optind], &dev);
	if (ret)
		return ret;
	ret = check_range(cmd, &dev, acc, &req);
	if (!ret) {
		ret = do_access(&dev, acc, &req);
		snprintf(what, sizeof(what), "offset 0x%x", req.offset);
		if (ret == -EINVAL && dev.ctrl)
			ret = fail(cmd, "%s: not a %s of the emulated controller", what,
				   acc->bar ? "BAR0 register" : "configuration space offset");
		else if (ret)
			ret = errno_fail(cmd, what, ret);
		else if (!acc->write)
			printf("0x%0*" PRIx64 "\n", (int)req.width * 2, req.value);
	}
	tdev_close(&dev);
	return ret;
}

static int run_reg_read(const struct cmd *cmd, int argc, char **argv)
{
	return run_access(cmd, &reg_read, argc, argv);
}

static int run_reg_write(const struct cmd *cmd, int argc, char **argv)
{
	return run_access(cmd, &reg_write, argc, argv);
}

static int run_cfg_read(const struct cmd *cmd, int argc, char **argv)
{
	return run_access(cmd, &cfg_read, argc, argv);
}

static int run_cfg_write(const struct cmd *cmd, int argc, char **argv)
{
	return run_access(cmd, &cfg_write, argc, argv);
}

#define NUMBERS_HELP "Numbers are decimal or 0x hex.\n"

const struct cmd cmd_reg_read = {
	.name = "reg-read",
	.args = "DEV OFFSET [--width 4|8]",
	.summary = "read a BAR0 register",
	.help = "Read the BAR0 register at OFFSET and print its value in hex.\n\n"
		"Options:\n"
		"  --width 4|8     access width in bytes (default 4)\n\n"
		NUMBERS_HELP EMU_DEV_HELP,
	.run = run_reg_read,
	.emu = true,
};

const struct cmd cmd_reg_write = {
	.name = "reg-write",
	.args = "DEV OFFSET VALUE [--width 4|8]",
	.summary = "write a BAR0 register",
	.help = "Write VALUE to the BAR0 register at OFFSET. The module refuses a write\n"
		"into the MSI-X table or PBA, and one setting CC.EN while the controller\n"
		"is disabled (Operation not permitted: 'nvmet reset' enables it).\n\n"
		"Options:\n"
		"  --width 4|8     access width in bytes (default 4)\n\n"
		NUMBERS_HELP EMU_DEV_HELP,
	.run = run_reg_write,
	.emu = true,
};

const struct cmd cmd_cfg_read = {
	.name = "cfg-read",
	.args = "DEV OFFSET [--width 1|2|4]",
	.summary = "read PCI configuration space",
	.help = "Read PCI configuration space at OFFSET and print the value in hex.\n\n"
		"Options:\n"
		"  --width 1|2|4   access width in bytes (default 4)\n\n"
		NUMBERS_HELP EMU_DEV_HELP,
	.run = run_cfg_read,
	.emu = true,
};

const struct cmd cmd_cfg_write = {
	.name = "cfg-write",
	.args = "DEV OFFSET VALUE [--width 1|2|4]",
	.summary = "write PCI configuration space",
	.help = "Write VALUE to PCI configuration space at OFFSET. The module refuses the\n"
		"writes that would take the function from the kernel (Operation not\n"
		"permitted): a BAR or the ROM BAR, memory decode, bus mastering or INTx\n"
		"Disable, the MSI and MSI-X capabilities, Initiate FLR (libnvmet's\n"
		"nvmet_pcie_reset() does an FLR properly), SR-IOV, Resizable BAR, ATS, PRI\n"
		"and PASID; a power state change through PMCSR is done by the PCI core.\n\n"
		"Options:\n"
		"  --width 1|2|4   access width in bytes (default 4)\n\n"
		NUMBERS_HELP EMU_DEV_HELP,
	.run = run_cfg_write,
	.emu = true,
};
