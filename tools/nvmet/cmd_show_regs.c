// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_show_regs.c - show-regs: the controller registers as nvme-cli shows
 * them (nvmet's regs is the short form).
 */
#include <stdlib.h>
#include <string.h>

#include "printers.h"
#include "tool.h"

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
	uint64_t v;
	uint32_t off;
	int ret;

	ret = open_dev_args(cmd, argc, argv, &opt, &o, &dev);
	if (ret >= 0)
		return ret;
	regs = calloc(1, REGS_SIZE);
	ret = regs ? 0 : fail(cmd, "out of memory");
	/* Dword by dword, as the registers are read: 64-bit ones in two halves. */
	for (off = 0; !ret && off < REGS_SIZE; off += 4) {
		ret = tdev_reg_read(&dev, off, 4, &v);
		if (ret)
			ret = fail(cmd, "register read at 0x%x: %s", off, strerror(-ret));
		else
			put_le32(regs + off, (uint32_t)v);
	}
	if (!ret && o.kind == OUT_BINARY)
		ret = out_binary(cmd, regs, REGS_SIZE);
	else if (!ret)
		show_regs(regs, &o);
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
		"-o binary the 0xe1c bytes.\n\n"
		"Options:\n"
		OUT_HELP_FORMAT OUT_HELP_HUMAN "\n"
		EMU_DEV_HELP,
	.run = run_show_regs,
	.emu = true,
};
