// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - nvmet: drive an NVMe controller bound to the nvmetest kernel
 * module, or the emulated controller. Dispatches to the subcommands.
 */
#include <string.h>

#include "tool.h"

static const struct cmd *const cmds[] = {
	&cmd_list, &cmd_bind, &cmd_unbind,
	&cmd_info, &cmd_regs,
	&cmd_reg_read, &cmd_reg_write, &cmd_cfg_read, &cmd_cfg_write,
	&cmd_id_ctrl, &cmd_id_ns, &cmd_admin,
	&cmd_reset, &cmd_irq, &cmd_cmdlog, &cmd_rw,
	&cmd_status, &cmd_events, &cmd_serve,
};

#define NR_CMDS (sizeof(cmds) / sizeof(cmds[0]))

static void top_usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: nvmet [--plugin NAME[:ARGS]]... COMMAND [ARGS...]\n"
		   "Test an NVMe controller bound to the nvmetest kernel module, or the\n"
		   "emulated controller.\n\n"
		   "Commands (* also on the emulated controller):\n");
	for (i = 0; i < NR_CMDS; i++)
		fprintf(f, "  %-10s %c %s\n", cmds[i]->name, cmds[i]->emu ? '*' : ' ',
			cmds[i]->summary);
	fprintf(f, "\n" EMU_DEV_HELP
		   "Run 'nvmet COMMAND --help' for the arguments of a command.\n"
		   "Exit status: 0 done; 1 the device cannot do what was asked (no such\n"
		   "device, a namespace not active, beyond the namespace or the controller's\n"
		   "limits, a plug-in that does not load, a failed command); 2 bad usage: the\n"
		   "command line is wrong whatever the device (an unknown option, a bad value,\n"
		   "a bad emu: option, a plug-in refusing its arguments). nvmet-io's the same.\n");
}

static const struct cmd *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < NR_CMDS; i++) {
		if (!strcmp(cmds[i]->name, name))
			return cmds[i];
	}
	return NULL;
}

static int help(int argc, char **argv)
{
	const struct cmd *cmd;

	if (argc < 3) {
		top_usage(stdout);
		return 0;
	}
	cmd = find_cmd(argv[2]);
	if (!cmd) {
		fprintf(stderr, "nvmet: unknown command '%s' (see nvmet --help)\n", argv[2]);
		return EXIT_USAGE;
	}
	cmd_usage(cmd, stdout);
	return 0;
}

/* --plugin before the command: "--plugin SPEC" or "--plugin=SPEC". Returns the args used. */
static int global_plugins(int argc, char **argv)
{
	static const struct cmd top = { .name = "", .args = "", .summary = "", .help = "" };
	int i = 1;

	while (i < argc && !strncmp(argv[i], "--plugin", 8)) {
		if (argv[i][8] == '=') {
			if (plugin_add(&top, argv[i] + 9))
				return -1;
			i++;
		} else if (!argv[i][8]) {
			if (i + 1 == argc) {
				usage_error(&top, "option '--plugin' needs a value");
				return -1;
			}
			if (plugin_add(&top, argv[i + 1]))
				return -1;
			i += 2;
		} else {
			break;
		}
	}
	return i - 1;
}

int main(int argc, char **argv)
{
	const struct cmd *cmd;
	int n;

	n = global_plugins(argc, argv);
	if (n < 0)
		return EXIT_USAGE;
	argc -= n;
	argv += n;
	if (argc < 2) {
		fprintf(stderr, "nvmet: missing command (see nvmet --help)\n");
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		return help(argc, argv);
	cmd = find_cmd(argv[1]);
	if (!cmd) {
		fprintf(stderr, "nvmet: unknown command '%s' (see nvmet --help)\n", argv[1]);
		return EXIT_USAGE;
	}
	if (have_plugins() && !cmd->emu) {
		fprintf(stderr, "nvmet %s: --plugin is for the emulated controller, which this"
			" command does not drive\n", cmd->name);
		return EXIT_USAGE;
	}
	return cmd->run(cmd, argc - 1, argv + 1);
}
