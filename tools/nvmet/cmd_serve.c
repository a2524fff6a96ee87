// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_serve.c - serve: the emulated controller over NVMe/TCP, for a real
 * host driver (Linux's nvme-tcp through nvme-cli) to meet, until SIGINT or
 * SIGTERM; the connections, disconnections and protocol errors logged.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nvmet/serve.h>

#include "tool.h"

#define SERVE_LISTEN_DEFAULT	"127.0.0.1:4420"
/* --poll without a time: long enough to span a host's turn around under TCG. */
#define SERVE_POLL_ON_US	1000

static struct nvmet_serve *serving;

static void on_signal(int sig)
{
	(void)sig;
	nvmet_serve_stop(serving);
}

static void log_line(void *arg, const char *line)
{
	struct timespec ts;
	struct tm tm;

	(void)arg;
	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	fprintf(stderr, "%02d:%02d:%02d.%03ld nvmet serve: %s\n", tm.tm_hour, tm.tm_min,
		tm.tm_sec, ts.tv_nsec / 1000000, line);
}

static int run_serve(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "nqn", required_argument, NULL, 'n' },
		{ "poll", optional_argument, NULL, 'p' },
		{ "follow-cpu", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct nvmet_serve_opts o = { .listen = SERVE_LISTEN_DEFAULT, .log = log_line };
	struct sigaction sa = { .sa_handler = on_signal };
	const char *addr;
	uint32_t us;
	char *emu;
	int c, ret;

	while ((c = nvmet_getopt(cmd, argc, argv, opts)) != -1) {
		switch (c) {
		case 'l': o.listen = optarg; break;
		case 'n': o.nqn = optarg; break;
		case 'f': o.follow_cpu = true; break;
		case 'p':
			us = SERVE_POLL_ON_US;
			if (optarg && parse_u32(cmd, "poll", optarg, NVMET_SERVE_POLL_MAX_US, &us))
				return EXIT_USAGE;
			o.poll_us = us ? (int)us : NVMET_SERVE_POLL_NONE;
			break;
		default: return opt_exit(c);
		}
	}
	ret = need_args(cmd, argc, argv, 1, 1);
	if (ret)
		return ret;
	if (!is_emu(argv[optind]))
		return usage_error(cmd, "'%s': serve serves the emulated controller (emu:OPTIONS)",
				   argv[optind]);
	emu = emu_address(argv[optind]);
	if (!emu)
		return fail(cmd, "out of memory");
	o.emu = emu;
	ret = nvmet_serve_create(&o, &serving);
	free(emu);
	if (ret) {
		if (ret == -EINVAL)
			return usage_error(cmd, "%s", nvmet_last_error());
		return fail(cmd, "%s", nvmet_last_error()[0] ? nvmet_last_error() : strerror(-ret));
	}
	addr = nvmet_serve_addr(serving);
	printf("nvmet serve: %s on %s port %d\n", nvmet_serve_nqn(serving), addr,
	       nvmet_serve_port(serving));
	printf("nvme connect -t tcp -a %s -s %d -n %s\n", addr, nvmet_serve_port(serving),
	       nvmet_serve_nqn(serving));
	fflush(stdout);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	ret = nvmet_serve_run(serving);
	log_line(NULL, ret ? strerror(-ret) : "stopped");
	nvmet_serve_destroy(serving);
	serving = NULL;
	return ret ? EXIT_FAIL : 0;
}

const struct cmd cmd_serve = {
	.name = "serve",
	.args = "emu[:OPTIONS] [--listen ADDR:PORT] [--nqn NQN] [--poll[=USEC]] [--follow-cpu]",
	.summary = "serve the emulated controller over NVMe/TCP",
	.help = "Serve the emulated controller over NVMe/TCP, so that a host's own driver\n"
		"(Linux's nvme-tcp, through nvme connect) meets it, plug-ins included, until\n"
		"SIGINT or SIGTERM. Prints the nvme connect line first; logs connections,\n"
		"disconnections and protocol errors on stderr. The port also answers for the\n"
		"discovery subsystem (nvme discover lists the subsystem). One host at a time:\n"
		"a new admin connection takes the controller over from the previous one.\n\n"
		"  --listen ADDR:PORT  address to listen on ([ADDR]:PORT for IPv6; port 0\n"
		"                      takes a free one); default " SERVE_LISTEN_DEFAULT "\n"
		"  --nqn NQN           the subsystem's NQN; default " NVMET_SERVE_DEFAULT_NQN "\n"
		"  --poll[=USEC]       after a PDU, keep polling the sockets USEC microseconds\n"
		"                      (at most 1000000; 0: none) before sleeping, so that the\n"
		"                      host's next command finds the target awake; --poll alone:\n"
		"                      1000 us; default 50 us\n"
		"  --follow-cpu        move to the CPU the host's I/O queue traffic arrives on,\n"
		"                      as Linux's nvmet-tcp runs a queue's work: on loopback, the\n"
		"                      host's submitting CPU, so neither wakes the other across\n"
		"                      CPUs (most worth it in a VM with few vCPUs)\n\n"
		EMU_DEV_HELP,
	.run = run_serve,
	.emu = true,
};
