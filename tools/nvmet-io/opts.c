// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * opts.c - the command line: help, one-line error reports, and the
 * options sorted into the run's settings and the jobs' keys.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

static const char help_text[] =
"Usage: nvmet-io [OPTIONS] [JOBFILE]\n"
"Run an I/O workload on an NVMe namespace and report IOPS, bandwidth and\n"
"latency as fio does. Without --dev it runs on libnvmet's emulated controller.\n"
"\n"
"Device:\n"
"  --dev DEV             /dev/nvmetestN, nvmetestN, a PCI address (DDDD:BB:DD.F)\n"
"                        bound to nvmetest, emu:OPTIONS, tcp:ADDR[:PORT]/SUBNQN\n"
"                        (NVMe/TCP, see nvmet(1); ,capture=FILE writes its\n"
"                        PDUs to a pcapng file), or with --engine aio a\n"
"                        block device such as /dev/nvme0n1 (alias --filename)\n"
"  --emu OPTIONS         emulated controller options, e.g. ns=2,size=16T\n"
"  --plugin NAME[:ARGS]  load an emulated-controller plug-in (repeatable): a\n"
"                        path, or a name (corrupt_read) looked for in\n"
"                        $NVMET_PLUGIN_PATH, the build tree's plugins/, then\n"
"                        PREFIX/lib/nvmet/plugins\n"
"  --engine ENGINE       nvmet (poll-mode queue pairs, default) or aio (libaio,\n"
"                        O_DIRECT; libaio is accepted too) (alias --ioengine)\n"
"  --nsid N              namespace (default 1)\n"
"  --cmd-timeout T       a command still not completed after T fails as timed\n"
"                        out (default 10s)\n"
"\n"
"Workload (per job):\n"
"  --name NAME           job name (default job)\n"
"  --rw MODE             read, write, randread, randwrite, rw (or readwrite),\n"
"                        randrw (default read)\n"
"  --rwmixread PCT       percent of reads of rw and randrw (default 50);\n"
"                        --rwmixwrite PCT sets the rest\n"
"  --bs SIZE[-SIZE]      block size, or a range of sizes (default 4k)\n"
"  --bssplit SIZE/PCT:.. sizes with weights, e.g. 4k/50:64k/50\n"
"  --iodepth N           commands in flight per job (default 1)\n"
"  --numjobs N           workers running the job, each on its own CPU and\n"
"                        queue pair (default 1)\n"
"  --cpus_allowed LIST   CPUs the workers are pinned to, e.g. 0-3,6\n"
"  --share-cpu           let workers share a CPU\n"
"  --runtime TIME        stop after TIME (seconds, or with ms, s, m, h)\n"
"  --time_based          run for --runtime even when --size was covered\n"
"  --size SIZE|PCT%      region size (default: to the namespace's end); with\n"
"                        neither --runtime nor --number_ios the job ends when\n"
"                        it has moved SIZE bytes, as fio's\n"
"  --offset SIZE|PCT%    region start (default 0)\n"
"  --offset_increment SIZE|PCT%  worker N of --numjobs starts N of these later\n"
"  --number_ios N        stop after N I/Os\n"
"  --rate_iops N         throttle each worker to N I/Os per second\n"
"  --verify METHOD       verify data inline; any value but 0 turns it on\n"
"                        (--verify=crc32c is on)\n"
"  --seed N              random seed (alias --randseed)\n"
"  --lba-step N          LBAs a sequential stream moves by, may be negative\n"
"                        (default: the I/O size)\n"
"  --lba-align N         LBAs random I/O starts are aligned to (default: the\n"
"                        I/O size)\n"
"  --lba-random PCT      percent of I/Os at random LBAs (default: from --rw)\n"
"  --lba-start LBA       first LBA of a sequential stream\n"
"  --op-mix OP:PCT,..    opcode mix instead of reads and writes, e.g.\n"
"                        read:50,write:30,trim:10,write_zeroes:10; opcodes are\n"
"                        read, write, trim, write_zeroes, compare, flush,\n"
"                        verify, write_uncor or a number\n"
"  --distribution FILE|jedec  random LBAs drawn from 100 equal regions with\n"
"                        the 100 weights of FILE; jedec: the JEDEC client\n"
"                        workload (50% in the first 5%, 30% in the next 15%)\n"
"  --replay FILE         replay lines \"delay_us opcode slba nlb\"\n"
"  --qprio N             queue priority, 0 urgent .. 3 low\n"
"  --ptype TYPE          data written: zero, one, dword, random (default)\n"
"  --pvalue N            the dword, or random data's compressibility percent\n"
"  --stonewall           start when the jobs above have ended (job files)\n"
"  --direct 1            accepted: I/O is always direct\n"
"\n"
"Output:\n"
"  --output-format FMT   normal, json or json+ (several with commas)\n"
"  --output FILE         write the report to FILE instead of stdout\n"
"  --percentile_list L   latency percentiles, e.g. 50:99:99.9\n"
"  --status-interval T   print each job's progress every T\n"
"  --per-second          show each second's I/O count\n"
"  --last-cmds N         show each job's last N commands\n"
"  --plot FILE           draw IOPS over time and the latency distribution\n"
"                        into a PNG (with gnuplot)\n"
"  -h, --help            this help\n"
"\n"
"JOBFILE is fio's ini format: a [global] section and one section per job,\n"
"with the options above as key=value (no dashes). Options given with a\n"
"JOBFILE apply to every job, over the file's values.\n"
"On a terminal a progress line shows IOPS, bandwidth and the time left.\n"
"Exit status: 0 done; 1 the device or the workload is impossible or failed\n"
"(no such device, a namespace not active, an I/O over MDTS, a region beyond the\n"
"namespace, a plug-in that does not load, a command error, a verify\n"
"miscompare); 2 bad usage: the command line is wrong whatever the device (an\n"
"unknown option, a bad value, a bad emu: option, a plug-in refusing its\n"
"arguments). nvmet's the same.\n";

static void usage(FILE *f)
{
	fputs(help_text, f);
}

static void vreport(const char *fmt, va_list ap)
{
	fprintf(stderr, PROG ": ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	return EXIT_FAIL;
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

/* "nvmet-io: --bs: ..." or "nvmet-io: jobs.fio:12: bs: ...". */
int key_error(const struct src *src, const struct key *k, const char *msg)
{
	if (src && src->file)
		return usage_error("%s:%u: %s: %s", src->file, src->line, k->name, msg);
	return usage_error("--%s: %s", k->name, msg);
}

static int long_option(struct config *cfg, int argc, char **argv, int *i, struct job *scratch)
{
	static const struct src cmdline = { NULL, 0 };
	char *arg = argv[*i] + 2, *eq = strchr(arg, '='), name[64];
	const struct key *k;
	const char *val;

	snprintf(name, sizeof(name), "%.*s", (int)(eq ? eq - arg : (long)strlen(arg)), arg);
	if (!strcmp(name, "help")) {
		usage(stdout);
		return 0;
	}
	k = key_find(name);
	if (!k)
		return usage_error("unknown option '--%s' (see nvmet-io --help)", name);
	if (eq)
		val = eq + 1;
	else if (k->flags & KEY_FLAG)
		val = "1";
	else if (*i + 1 < argc)
		val = argv[++*i];
	else
		return usage_error("--%s needs a value", k->name);
	if (key_apply(cfg, scratch, k, val, &cmdline))
		return EXIT_USAGE;
	if (!(k->flags & KEY_TOOL) && kv_add(&cfg->cli, k, val, &cmdline))
		return fail("out of memory");
	return -1;
}

int parse_cmdline(struct config *cfg, int argc, char **argv)
{
	struct job *scratch = malloc(sizeof(*scratch));
	int i, ret = -1;
	bool dashdash = false;

	if (!scratch)
		return fail("out of memory");
	job_defaults(scratch);
	for (i = 1; i < argc && ret < 0; i++) {
		const char *a = argv[i];

		if (!dashdash && (!strcmp(a, "-h") || !strcmp(a, "--help"))) {
			usage(stdout);
			ret = 0;
		} else if (!dashdash && !strcmp(a, "--")) {
			dashdash = true;
		} else if (!dashdash && a[0] == '-' && a[1] == '-') {
			ret = long_option(cfg, argc, argv, &i, scratch);
		} else if (!dashdash && a[0] == '-' && a[1]) {
			ret = usage_error("unknown option '%s' (see nvmet-io --help)", a);
		} else if (cfg->jobfile) {
			ret = usage_error("unexpected argument '%s' (one JOBFILE at most)", a);
		} else {
			cfg->jobfile = a;
		}
	}
	free(scratch);
	return ret;
}
