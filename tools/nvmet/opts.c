// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * opts.c - option parsing, help and one-line error reports of subcommands.
 */
#include <stdarg.h>
#include <string.h>

#include "out.h"
#include "tool.h"

void cmd_usage(const struct cmd *cmd, FILE *f)
{
	fprintf(f, "Usage: nvmet %s%s%s\n%s", cmd->name, cmd->args[0] ? " " : "", cmd->args,
		cmd->help);
}

/* @opts with --plugin added when the command works on the emulator. */
static const struct option *with_plugin(const struct cmd *cmd, const struct option *opts)
{
	static struct option all[32];
	size_t n;

	if (!cmd->emu)
		return opts;
	for (n = 0; opts[n].name; n++)
		;
	if (n + 2 > sizeof(all) / sizeof(all[0]))
		return opts;
	memcpy(all, opts, n * sizeof(*opts));
	all[n] = (struct option){ "plugin", required_argument, NULL, OPT_PLUGIN };
	all[n + 1] = (struct option){ 0 };
	return all;
}

/*
 * getopt_long() with the tool's conventions: every subcommand takes -h and
 * --help, and a bad option is reported on one line, by name. --plugin is
 * taken here for the commands that work on the emulator. @shortopts are the
 * short options beside -h, in getopt's spelling ("n:bH").
 */
int nvmet_getopt_short(const struct cmd *cmd, int argc, char **argv, const char *shortopts,
		       const struct option *opts)
{
	const struct option *all = with_plugin(cmd, opts);
	char spec[64];
	int c;

	snprintf(spec, sizeof(spec), ":h%s", shortopts);
	opterr = 0;
	do {
		c = getopt_long(argc, argv, spec, all, NULL);
		if (c == OPT_PLUGIN && plugin_add(cmd, optarg))
			return OPT_BAD;
	} while (c == OPT_PLUGIN);
	switch (c) {
	case 'h':
		cmd_usage(cmd, stdout);
		return OPT_HELP;
	case ':':
		usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		return OPT_BAD;
	case '?':
		if (optopt)
			usage_error(cmd, "unknown option '-%c'", optopt);
		else
			usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		return OPT_BAD;
	}
	return c;
}

int nvmet_getopt(const struct cmd *cmd, int argc, char **argv, const struct option *opts)
{
	return nvmet_getopt_short(cmd, argc, argv, "", opts);
}

int opt_exit(int c)
{
	return c == OPT_HELP ? 0 : EXIT_USAGE;
}

/* Checks the number of positional arguments left after the options. */
int need_args(const struct cmd *cmd, int argc, char **argv, int min, int max)
{
	int n = argc - optind;

	if (n < min)
		return usage_error(cmd, "missing argument (usage: nvmet %s %s)", cmd->name,
				   cmd->args);
	if (n > max)
		return usage_error(cmd, "unexpected argument '%s'", argv[optind + max]);
	return 0;
}

int parse_dev_args(const struct cmd *cmd, int argc, char **argv, const struct cmd_opts *o,
		   void *ctx)
{
	static const struct option help_only[] = { { "help", no_argument, NULL, 'h' }, { 0 } };
	int c, ret;

	while ((c = nvmet_getopt_short(cmd, argc, argv, o ? o->shortopts : "",
				       o ? o->opts : help_only)) != -1) {
		if (c == OPT_HELP || c == OPT_BAD)
			return opt_exit(c);
		/* (A command without options, o NULL, gets no further.) */
		ret = o->forms ? out_option(cmd, c, optarg, o->forms, ctx) : 0;
		if (ret == 1)
			continue;
		if (ret || (o->take && o->take(cmd, c, optarg, ctx)))
			return EXIT_USAGE;
	}
	if (need_args(cmd, argc, argv, 1, 1))
		return EXIT_USAGE;
	ret = o && o->check ? o->check(cmd, ctx) : 0;
	return ret ? ret : -1;
}

static void vreport(const struct cmd *cmd, const char *fmt, va_list ap)
{
	fprintf(stderr, "nvmet%s%s: ", cmd->name[0] ? " " : "", cmd->name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int usage_error(const struct cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(cmd, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

int fail(const struct cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(cmd, fmt, ap);
	va_end(ap);
	return EXIT_FAIL;
}

int errno_fail(const struct cmd *cmd, const char *what, int ret)
{
	return fail(cmd, "%s: %s", what, strerror(-ret));
}
