// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_show_regs.c - show-regs: the controller registers as nvme-cli shows
 * them (nvmet's regs is the short form).
 */
#include <stdlib.h>
#include <string.h>

#include "printers.h"
#include "tool.h"

/* Dword by dword, as the registers are read: 64-bit ones in two halves. */
static int read_bar(const struct cmd *cmd, struct tdev *dev, uint8_t *regs)
{
	uint32_t off;
	uint64_t v;
	int ret;

	for (off = 0; off < REGS_SIZE; off += 4) {
		ret = tdev_reg_read(dev, off, 4, &v);
		if (ret)
			return fail(cmd, "register read at 0x%x: %s", off, strerror(-ret));
		put_le32(regs + off, (uint32_t)v);
	}
	return 0;
}

/*
 * The properties a fabrics controller has, each with one Property Get (CAP
 * in one 8-byte read: a target need not take it in halves); the rest of
 * @regs all ones, as nvme-cli leaves what a fabrics controller lacks.
 */
static int read_props(const struct cmd *cmd, struct tdev *dev, uint8_t *regs)
{
	static const struct {
		uint32_t off;
		unsigned int width;
		const char *name;
	} props[] = {
		{ NVMET_REG_CAP, 8, "CAP" }, { NVMET_REG_VS, 4, "VS" }, { NVMET_REG_CC, 4, "CC" },
		{ NVMET_REG_CSTS, 4, "CSTS" }, { NVMET_REG_NSSR, 4, "NSSR" },
	};
	unsigned int i;
	uint64_t v;
	int ret;

	memset(regs, 0xff, REGS_SIZE);
	for (i = 0; i < BITS_N(props); i++) {
		/* NSSR is reserved where CAP.NSSRS says there is no subsystem reset. */
		if (props[i].off == NVMET_REG_NSSR && !NVMET_CAP_NSSRS(get_le64(regs)))
			continue;
		ret = tdev_reg_read(dev, props[i].off, props[i].width, &v);
		if (ret)
			return fail(cmd, "Property Get of %s: %s", props[i].name,
				    nvmet_last_error()[0] ? nvmet_last_error() : strerror(-ret));
		put_le32(regs + props[i].off, (uint32_t)v);
		if (props[i].width == 8)
			put_le32(regs + props[i].off + 4, (uint32_t)(v >> 32));
	}
	return 0;
}

static int run_show_regs(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		OUT_OPT_FORMAT, OUT_OPT_HUMAN,
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	/* -o and -H, its only options. */
	static const struct cmd_opts opt = { "o:H", opts, NULL, NULL, OUT_ALL };
	struct out o = { 0 };
	struct tdev dev;
	uint8_t *regs;
	bool fabrics;
	int ret;

	ret = open_dev_args(cmd, argc, argv, &opt, &o, &dev);
	if (ret >= 0)
		return ret;
	fabrics = tdev_fabrics(&dev);
	regs = calloc(1, REGS_SIZE);
	ret = !regs ? fail(cmd, "out of memory") :
	      fabrics ? read_props(cmd, &dev, regs) : read_bar(cmd, &dev, regs);
	if (!ret && o.kind == OUT_BINARY)
		ret = out_binary(cmd, regs, REGS_SIZE);
	else if (!ret)
		show_regs(regs, fabrics, &o);
	tdev_close(&dev);
	free(regs);
	return ret;
}

const struct cmd cmd_show_regs = {
	.name = "show-regs",
	.args = "DEV [-H] [-o normal|json|binary]",
	.summary = "the controller registers, as nvme-cli shows them",
	.help = "Read the registers from 0 to 0xe1b and print them as nvme-cli's show-regs\n"
		"does: CAP, VS, CC, CSTS, NSSR, CRTO, INTMS, INTMC, AQA, ASQ, ACQ, the CMB, boot\n"
		"partition and PMR registers; -H decodes each; -o json gives them as numbers,\n"
		"-o binary the 0xe1c bytes.\n"
		"A controller over a fabric (tcp:) has properties instead, and only these:\n"
		"CAP, VS, CC, CSTS, and NSSR where CAP.NSSRS says it has a subsystem reset;\n"
		"each is read with one Property Get and only they are printed (as nvme-cli\n"
		"does on a fabrics controller), in the JSON too; -o binary gives the same\n"
		"0xe1c bytes with all ones where there is no property.\n\n"
		"Options:\n"
		OUT_HELP_FORMAT OUT_HELP_HUMAN "\n"
		EMU_DEV_HELP,
	.run = run_show_regs,
	.emu = true,
};
