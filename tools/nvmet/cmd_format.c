// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_format.c - format and sanitize: the commands that erase a
 * namespace or the whole subsystem, with nvme-cli's options and its
 * 10-second warning unless --force.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "printers.h"
#include "tool.h"

/* nvme-cli's default timeout for Format NVM: formats take long on real media. */
#define FORMAT_TIMEOUT_MS	600000

/* How long sanitize --wait waits for the operation before giving up. */
#define SANITIZE_WAIT_S		3600

enum { OPT_FORCE = 256, OPT_WAIT };

/* "You have 10 seconds": what nvme-cli does before a format without --force. */
static void last_chance(const char *what)
{
	fprintf(stderr, "You are about to %s.\n"
		"WARNING: Format may irrevocably delete this device's data.\n"
		"You have 10 seconds to press Ctrl-C to cancel this operation.\n\n"
		"Use the force [--force] option to suppress this warning.\n", what);
	sleep(10);
	fprintf(stderr, "Sending format operation ... \n");
}

struct format_args {
	uint32_t nsid;
	uint32_t timeout;
	uint32_t lbaf;
	uint32_t ses;
	uint32_t pi;
	uint32_t pil;
	uint32_t ms;
	uint64_t bs;
	bool have_nsid;
	bool have_lbaf;
	bool reset;
	bool force;
};

static int take_format(const struct cmd *cmd, int c, const char *arg, void *ctx)
{
	struct format_args *a = ctx;
	int ret = 0;

	switch (c) {
	case 'n':
		ret = parse_u32(cmd, "namespace-id", arg, UINT32_MAX, &a->nsid);
		a->have_nsid = true;
		break;
	case 't':
		ret = parse_u32(cmd, "timeout", arg, UINT32_MAX, &a->timeout);
		break;
	case 'l':
		ret = parse_u32(cmd, "lbaf", arg, 63, &a->lbaf);
		a->have_lbaf = true;
		break;
	case 's':
		ret = parse_u32(cmd, "ses", arg, 7, &a->ses);
		break;
	case 'i':
		ret = parse_u32(cmd, "pi", arg, 7, &a->pi);
		break;
	case 'p':
		ret = parse_u32(cmd, "pil", arg, 1, &a->pil);
		break;
	case 'm':
		ret = parse_u32(cmd, "ms", arg, 1, &a->ms);
		break;
	case 'b':
		ret = parse_u64(cmd, "block-size", arg, UINT32_MAX, &a->bs);
		if (!ret && (!a->bs || (a->bs & (a->bs - 1))))
			ret = usage_error(cmd, "block-size %s is not a power of two", arg);
		break;
	case 'r':
		a->reset = true;
		break;
	case OPT_FORCE:
		a->force = true;
		break;
	}
	return ret;
}

static int check_format(const struct cmd *cmd, void *ctx)
{
	const struct format_args *a = ctx;

	if (a->have_lbaf && a->bs)
		return usage_error(cmd, "give --lbaf or --block-size, not both");
	return 0;
}

static const struct option format_opts[] = {
	{ "namespace-id", required_argument, NULL, 'n' },
	{ "timeout", required_argument, NULL, 't' },
	{ "lbaf", required_argument, NULL, 'l' },
	{ "ses", required_argument, NULL, 's' },
	{ "pi", required_argument, NULL, 'i' },
	{ "pil", required_argument, NULL, 'p' },
	{ "ms", required_argument, NULL, 'm' },
	{ "reset", no_argument, NULL, 'r' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "block-size", required_argument, NULL, 'b' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

static const struct cmd_opts format_cmd_opts = {
	"n:t:l:s:i:p:m:rb:", format_opts, take_format, check_format, 0,
};

/* The LBA format of @bs bytes without metadata, or the namespace's own. */
static int choose_lbaf(const struct cmd *cmd, struct tdev *dev, struct format_args *a)
{
	uint8_t *ns = malloc(4096);
	int i, ret;

	if (!ns)
		return fail(cmd, "out of memory");
	ret = identify_ns(cmd, dev, a->nsid, ns);
	if (!ret && a->bs) {
		i = lbaf_by_size(ns, a->bs);
		if (i < 0)
			ret = fail(cmd, "namespace %u has no LBA format of %llu bytes without metadata",
				   a->nsid, (unsigned long long)a->bs);
		else
			a->lbaf = (uint32_t)i;
	} else if (!ret && !a->have_lbaf) {
		a->lbaf = nvmet_id_ns_flbas_index(ns);
	}
	free(ns);
	return ret;
}

static int run_format(const struct cmd *cmd, int argc, char **argv)
{
	struct format_args a = { .timeout = FORMAT_TIMEOUT_MS };
	struct nvmet_format_opts fo;
	struct nvmet_sqe sqe = { 0 };
	struct tdev dev;
	uint8_t *id;
	char what[96];
	int ret;

	ret = open_dev_args(cmd, argc, argv, &format_cmd_opts, &a, &dev);
	if (ret >= 0)
		return ret;
	id = malloc(4096);
	ret = id ? identify(cmd, &dev, NVMET_CNS_CTRL, 0, id) : fail(cmd, "out of memory");
	/* FNA bit 0: a format formats every namespace, so say so in the command. */
	if (!ret && id[524] & 1)
		a.nsid = 0xffffffff;
	else if (!ret && !a.have_nsid)
		ret = usage_error(cmd, "which namespace? -n NSID (or -n 0xffffffff for all of"
				  " them)");
	else if (!ret && !a.nsid)
		ret = usage_error(cmd, "namespace-id 0: give a namespace, or 0xffffffff for all");
	if (!ret && a.nsid != 0xffffffff)
		ret = choose_lbaf(cmd, &dev, &a);
	if (!ret && a.nsid == 0xffffffff && a.bs)
		ret = usage_error(cmd, "--block-size needs one namespace: give --lbaf for all");
	if (!ret) {
		snprintf(what, sizeof(what), "format %s, namespace %#x%s", argv[optind], a.nsid,
			 a.nsid == 0xffffffff ? " (ALL namespaces)" : "");
		if (!a.force)
			last_chance(what);
		fo = (struct nvmet_format_opts){ .mset = a.ms, .pi = a.pi, .pil = a.pil,
						 .ses = a.ses };
		nvmet_cmd_format_nvm(&sqe, a.nsid, a.lbaf, &fo);
		ret = admin_checked(cmd, &dev, "Format NVM", &sqe, NULL, 0, 0, a.timeout, NULL);
	}
	if (!ret) {
		printf("Success formatting namespace:%x\n", a.nsid);
		if (a.reset) {
			ret = tdev_reset(&dev);
			if (ret)
				ret = errno_fail(cmd, "reset after the format", ret);
		}
	}
	tdev_close(&dev);
	free(id);
	return ret;
}

const struct cmd cmd_format = {
	.name = "format",
	.args = "DEV -n NSID [-l LBAF | -b BYTES] [-s SES] [-i PI] [-p PIL] [-m MS] [-t MS]\n"
		"       [-r] [--force]",
	.summary = "Format NVM: a namespace in a new LBA format, or erased",
	.help = "Send Format NVM for namespace NSID (FFFFFFFFh: all; every one anyway when\n"
		"the controller's FNA says a format applies to all) and print\n"
		"\"Success formatting namespace:N\". Without --force it warns and waits 10\n"
		"seconds first, as nvme-cli does.\n\n"
		"Options:\n"
		"  -n, --namespace-id NSID  the namespace (required)\n"
		"  -l, --lbaf LBAF          LBA format, 0..63 (default: the namespace's)\n"
		"  -b, --block-size BYTES   the LBA format of that size without metadata\n"
		"  -s, --ses SES            secure erase: 0 none, 1 user data, 2 crypto\n"
		"  -i, --pi PI              protection information: 0 off, type 1, 2 or 3\n"
		"  -p, --pil PIL            protection information in the first (1) or last (0)\n"
		"                           8 bytes of metadata\n"
		"  -m, --ms MS              1: metadata at the end of each block (extended)\n"
		"  -t, --timeout MS         completion timeout (default 600000)\n"
		"  -r, --reset              reset the controller after the format\n"
		"      --force              no warning, no wait\n\n"
		EMU_DEV_HELP,
	.run = run_format,
	.emu = true,
};

/* ---- sanitize ---------------------------------------------------------- */

struct sanitize_args {
	uint32_t sanact;
	uint32_t owpass;
	uint32_t ovrpat;
	bool ndas;
	bool oipbp;
	bool ause;
	bool wait;
	bool have_sanact;
};

static const char *const sanact_names[] = {
	NULL, "exit-failure", "start-block-erase", "start-overwrite", "start-crypto-erase",
};

/*
 * A number 1..4, or nvme-cli's names for them. The reserved actions (0, 5..7)
 * are refused as every other command here refuses a reserved value: the
 * raw path, nvmet admin, is there to send them on purpose.
 */
static int parse_sanact(const struct cmd *cmd, const char *s, uint32_t *out)
{
	unsigned int i;

	for (i = 1; i < 5; i++) {
		if (!strcmp(s, sanact_names[i])) {
			*out = i;
			return 0;
		}
	}
	if (parse_u32(cmd, "sanact", s, UINT32_MAX, out))
		return EXIT_USAGE;
	if (*out < 1 || *out > 4)
		return usage_error(cmd, "sanact %s: 1 exit-failure, 2 start-block-erase, 3"
				   " start-overwrite or 4 start-crypto-erase (nvmet admin sends"
				   " the reserved ones)", s);
	return 0;
}

static int take_sanitize(const struct cmd *cmd, int c, const char *arg, void *ctx)
{
	struct sanitize_args *a = ctx;

	switch (c) {
	case 'd': a->ndas = true; break;
	case 'i': a->oipbp = true; break;
	case 'u': a->ause = true; break;
	case OPT_WAIT: a->wait = true; break;
	case 'n': return parse_u32(cmd, "owpass", arg, 16, &a->owpass);
	case 'p': return parse_u32(cmd, "ovrpat", arg, UINT32_MAX, &a->ovrpat);
	case 'a':
		a->have_sanact = true;
		return parse_sanact(cmd, arg, &a->sanact);
	}
	return 0;
}

static int check_sanitize(const struct cmd *cmd, void *ctx)
{
	const struct sanitize_args *a = ctx;

	if (!a->have_sanact)
		return usage_error(cmd, "--sanact is required (1..4)");
	if (a->sanact == NVMET_SANACT_EXIT_FAILURE && (a->ause || a->ndas))
		return usage_error(cmd, "--ause and --no-dealloc do not go with exit failure mode");
	if (a->sanact != NVMET_SANACT_OVERWRITE && (a->owpass || a->oipbp || a->ovrpat))
		return usage_error(cmd, "--owpass, --oipbp and --ovrpat are for overwrite (3)");
	return 0;
}

static const struct option sanitize_opts[] = {
	{ "no-dealloc", no_argument, NULL, 'd' },
	{ "oipbp", no_argument, NULL, 'i' },
	{ "owpass", required_argument, NULL, 'n' },
	{ "ause", no_argument, NULL, 'u' },
	{ "sanact", required_argument, NULL, 'a' },
	{ "ovrpat", required_argument, NULL, 'p' },
	{ "wait", no_argument, NULL, OPT_WAIT },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

static const struct cmd_opts sanitize_cmd_opts = {
	"din:ua:p:", sanitize_opts, take_sanitize, check_sanitize, 0,
};

/* Polls the Sanitize Status log until the operation is no longer in progress. */
static int wait_sanitize(const struct cmd *cmd, struct tdev *dev)
{
	struct nvmet_log_opts lo = { 0 };
	struct nvmet_sqe sqe = { 0 };
	uint8_t log[512];
	time_t end = time(NULL) + SANITIZE_WAIT_S;
	unsigned int st;
	int ret;

	for (;;) {
		nvmet_cmd_get_log_page(&sqe, NVMET_LOG_SANITIZE, 0, sizeof(log), &lo);
		ret = admin_checked(cmd, dev, "Get Log Page (Sanitize Status, LID 81h)", &sqe, log,
				    sizeof(log), 0, 0, NULL);
		if (ret)
			return ret;
		st = get_le16(log + 2) & 7;
		if (st != 2)
			break;
		if (time(NULL) > end)
			return fail(cmd, "the sanitize is still in progress after %d s",
				    SANITIZE_WAIT_S);
		usleep(100000);
	}
	if (st == 3)
		return fail(cmd, "the sanitize failed (Sanitize Status log SSTAT 3)");
	printf("Sanitize completed (SSTAT %u)\n", st);
	return 0;
}

static int run_sanitize(const struct cmd *cmd, int argc, char **argv)
{
	struct sanitize_args a = { 0 };
	struct nvmet_sanitize_opts so;
	struct nvmet_sqe sqe = { 0 };
	struct tdev dev;
	int ret;

	ret = open_dev_args(cmd, argc, argv, &sanitize_cmd_opts, &a, &dev);
	if (ret >= 0)
		return ret;
	/* 16 passes are OWPASS 0. */
	so = (struct nvmet_sanitize_opts){ .ause = a.ause, .owpass = a.owpass & 0xf,
					   .oipbp = a.oipbp, .ndas = a.ndas, .ovrpat = a.ovrpat };
	nvmet_cmd_sanitize(&sqe, a.sanact, &so);
	ret = admin_checked(cmd, &dev, "Sanitize", &sqe, NULL, 0, 0, 0, NULL);
	if (!ret && a.wait)
		ret = wait_sanitize(cmd, &dev);
	tdev_close(&dev);
	return ret;
}

const struct cmd cmd_sanitize = {
	.name = "sanitize",
	.args = "DEV -a SANACT [-d] [-i] [-n OWPASS] [-p OVRPAT] [-u] [--wait]",
	.summary = "Sanitize: erase every namespace of the subsystem",
	.help = "Send Sanitize, as nvme-cli does; the operation goes on in the background\n"
		"(sanitize-log shows its progress).\n\n"
		"Options:\n"
		"  -a, --sanact SANACT      1 exit-failure, 2 start-block-erase,\n"
		"                           3 start-overwrite, 4 start-crypto-erase (required;\n"
		"                           the reserved 0, 5..7 are refused: nvmet admin\n"
		"                           sends any Sanitize)\n"
		"  -d, --no-dealloc         no deallocation after the sanitize\n"
		"  -u, --ause               allow unrestricted sanitize exit\n"
		"  -n, --owpass N           overwrite passes, 0..16\n"
		"  -i, --oipbp              invert the overwrite pattern between passes\n"
		"  -p, --ovrpat PATTERN     the overwrite pattern (dword)\n"
		"      --wait               wait for the operation to end (nvmet's own) and\n"
		"                           fail if it failed\n\n"
		EMU_DEV_HELP,
	.run = run_sanitize,
	.emu = true,
};
