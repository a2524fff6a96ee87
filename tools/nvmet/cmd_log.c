// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_log.c - the log page commands of nvme-cli: smart-log, error-log,
 * fw-log, effects-log, self-test-log, sanitize-log, and get-log for any
 * log page, raw.
 */
#include <stdlib.h>
#include <string.h>

#include "printers.h"
#include "tool.h"

/* What nvme-cli (libnvme) moves per Get Log Page: larger logs go in pieces, by offset. */
#define LOG_PIECE	4096
/* The most get-log reads in one invocation. */
#define LOG_MAX		(16u << 20)

#define SMART_SIZE	512
#define ERROR_ENTRY	64
#define FW_SIZE		512
#define EFFECTS_SIZE	4096
#define SELF_TEST_SIZE	564
#define SANITIZE_SIZE	512

static const char *log_name(uint8_t lid)
{
	switch (lid) {
	case NVMET_LOG_ERROR:		return "Error Information";
	case NVMET_LOG_SMART:		return "SMART / Health Information";
	case NVMET_LOG_FW_SLOT:		return "Firmware Slot Information";
	case NVMET_LOG_CHANGED_NS:	return "Changed Namespace List";
	case NVMET_LOG_CMD_EFFECTS:	return "Commands Supported and Effects";
	case NVMET_LOG_SELF_TEST:	return "Device Self-test";
	case NVMET_LOG_SANITIZE:	return "Sanitize Status";
	}
	return NULL;
}

/* Get Log Page for @len bytes into @buf, in pieces; a failure reported, naming the log. */
static int get_log(const struct cmd *cmd, struct tdev *dev, uint8_t lid, uint32_t nsid,
		   const struct nvmet_log_opts *opts, uint8_t *buf, size_t len)
{
	struct nvmet_log_opts o = opts ? *opts : (struct nvmet_log_opts){ 0 };
	const char *name = log_name(lid);
	struct nvmet_sqe sqe;
	char what[96];
	size_t done, n;
	int ret;

	if (name)
		snprintf(what, sizeof(what), "Get Log Page (%s, LID %02xh)", name, lid);
	else
		snprintf(what, sizeof(what), "Get Log Page (LID %02xh)", lid);
	for (done = 0; done < len; done += n) {
		n = len - done < LOG_PIECE ? len - done : LOG_PIECE;
		memset(&sqe, 0, sizeof(sqe));
		nvmet_cmd_get_log_page(&sqe, lid, nsid, n, &o);
		ret = admin_checked(cmd, dev, what, &sqe, buf + done, n, 0, 0, NULL);
		if (ret)
			return ret;
		o.offset += n;
	}
	return 0;
}

struct log_args {
	struct out out;		/* first: cmd_opts.forms */
	uint32_t nsid;
	uint32_t entries;
	uint32_t csi;
	bool rae;
	/* get-log */
	uint32_t lid;
	uint32_t len;
	uint32_t aen;
	uint64_t lpo;
	uint32_t lsp;
	uint32_t lsi;
	uint32_t uuid;
	bool ot;
	bool have_lid;
};

static int take_log(const struct cmd *cmd, int c, const char *arg, void *ctx)
{
	struct log_args *a = ctx;
	int ret;

	switch (c) {
	case 'n':
		return parse_u32(cmd, "namespace-id", arg, UINT32_MAX, &a->nsid);
	case 'e':
		ret = parse_u32(cmd, "entries", arg, UINT32_MAX, &a->entries);
		if (!ret && !a->entries)
			ret = usage_error(cmd, "the number of entries must not be 0");
		return ret;
	case 'c':
	case 'y':
		return parse_u32(cmd, "csi", arg, 0xff, &a->csi);
	case 'r':
		a->rae = true;
		return 0;
	case 'v':
		a->out.human = true;
		return 0;
	case 'i':
		a->have_lid = true;
		return parse_u32(cmd, "log-id", arg, 0xff, &a->lid);
	case 'l':
		return parse_u32(cmd, "log-len", arg, LOG_MAX, &a->len);
	case 'a':
		return parse_u32(cmd, "aen", arg, UINT32_MAX, &a->aen);
	case 'o':	/* get-log's, whose -o is no output format */
		return parse_u64(cmd, "lpo", arg, UINT64_MAX, &a->lpo);
	case 's':
		return parse_u32(cmd, "lsp", arg, 0x7f, &a->lsp);
	case 'S':
		return parse_u32(cmd, "lsi", arg, 0xffff, &a->lsi);
	case 'U':
		return parse_u32(cmd, "uuid-index", arg, 0x7f, &a->uuid);
	case 'O':
		a->ot = true;
		return 0;
	}
	return 0;
}

typedef void show_fn(const uint8_t *log, const struct log_args *a, const char *dev);

/* Reads @len bytes of log @lid from the open @dev and prints them with @show, or raw (-b). */
static int read_and_show(const struct cmd *cmd, struct tdev *dev, const struct log_args *a,
			 uint8_t lid, uint32_t nsid, const struct nvmet_log_opts *lo, size_t len,
			 show_fn *show)
{
	uint8_t *log;
	int ret;

	log = calloc(1, len);
	if (!log)
		return fail(cmd, "out of memory");
	ret = get_log(cmd, dev, lid, nsid, lo, log, len);
	if (!ret && a->out.kind == OUT_BINARY)
		ret = out_binary(cmd, log, len);
	else if (!ret)
		show(log, a, tdev_name(dev));
	free(log);
	return ret;
}

/*
 * The same, DEV and the options (@o, into @a: the NSID, and CSI and RAE
 * for the logs that take them) from the command line.
 */
static int run_one_log(const struct cmd *cmd, int argc, char **argv, const struct cmd_opts *o,
		       struct log_args *a, uint8_t lid, size_t len, show_fn *show)
{
	struct nvmet_log_opts lo = { 0 };
	struct tdev dev;
	int ret;

	ret = open_dev_args(cmd, argc, argv, o, a, &dev);
	if (ret >= 0)
		return ret;
	/* What the logs' own options set; the others leave them 0. */
	lo.csi = (uint8_t)a->csi;
	lo.rae = a->rae;
	ret = read_and_show(cmd, &dev, a, lid, a->nsid, &lo, len, show);
	tdev_close(&dev);
	return ret;
}

/* ---- smart-log ---------------------------------------------------------- */

static void show_smart(const uint8_t *log, const struct log_args *a, const char *dev)
{
	show_smart_log(log, a->nsid, dev, &a->out);
}

static int run_smart_log(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "namespace-id", required_argument, NULL, 'n' },
		OUT_OPT_FORMAT, OUT_OPT_BINARY, OUT_OPT_HUMAN,
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = { "n:o:bH", opts, take_log, NULL, OUT_ALL };
	struct log_args a = { .nsid = 0xffffffff };

	return run_one_log(cmd, argc, argv, &o, &a, NVMET_LOG_SMART, SMART_SIZE, show_smart);
}

const struct cmd cmd_smart_log = {
	.name = "smart-log",
	.args = "DEV [-n NSID] [-H] [-o normal|json|binary] [-b]",
	.summary = "the SMART / Health Information log",
	.help = "Read the SMART / Health Information log (LID 02h) and print it as nvme-cli\n"
		"does; 128-bit counters are decimal strings in the JSON.\n\n"
		"Options:\n"
		"  -n, --namespace-id NSID  of this namespace (default FFFFFFFFh: the\n"
		"                           controller)\n"
		OUT_HELP_FORMAT OUT_HELP_BINARY
		"  -H, --human-readable     decode the critical warning bits\n\n"
		EMU_DEV_HELP,
	.run = run_smart_log,
	.emu = true,
};

/* ---- error-log ---------------------------------------------------------- */

static void show_errors(const uint8_t *log, const struct log_args *a, const char *dev)
{
	show_error_log(log, a->entries, dev, &a->out);
}

static int run_error_log(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "log-entries", required_argument, NULL, 'e' },
		OUT_OPT_FORMAT, OUT_OPT_BINARY,
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = { "e:o:b", opts, take_log, NULL, OUT_ALL };
	struct log_args a = { .entries = 64 };
	struct tdev dev;
	uint8_t *id;
	int ret;

	ret = open_dev_args(cmd, argc, argv, &o, &a, &dev);
	if (ret >= 0)
		return ret;
	id = malloc(4096);
	ret = id ? identify(cmd, &dev, NVMET_CNS_CTRL, 0, id) : fail(cmd, "out of memory");
	/* No more entries than the controller keeps (ELPE + 1), as nvme-cli reads. */
	if (!ret && a.entries > id[262] + 1u)
		a.entries = id[262] + 1u;
	if (!ret)
		ret = read_and_show(cmd, &dev, &a, NVMET_LOG_ERROR, 0xffffffff, NULL,
				    (size_t)a.entries * ERROR_ENTRY, show_errors);
	tdev_close(&dev);
	free(id);
	return ret;
}

const struct cmd cmd_error_log = {
	.name = "error-log",
	.args = "DEV [-e N] [-o normal|json|binary] [-b]",
	.summary = "the Error Information log entries",
	.help = "Read the Error Information log (LID 01h) and print its entries as nvme-cli\n"
		"does: at most as many as the controller keeps (ELPE + 1).\n\n"
		"Options:\n"
		"  -e, --log-entries N      entries to read (default 64)\n"
		OUT_HELP_FORMAT OUT_HELP_BINARY "\n"
		EMU_DEV_HELP,
	.run = run_error_log,
	.emu = true,
};

/* ---- fw-log --------------------------------------------------------------- */

static void show_fw(const uint8_t *log, const struct log_args *a, const char *dev)
{
	show_fw_log(log, dev, &a->out);
}

static int run_fw_log(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		OUT_OPT_FORMAT, OUT_OPT_BINARY,
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = { "o:b", opts, take_log, NULL, OUT_ALL };
	struct log_args a = { .nsid = 0xffffffff };

	return run_one_log(cmd, argc, argv, &o, &a, NVMET_LOG_FW_SLOT, FW_SIZE, show_fw);
}

const struct cmd cmd_fw_log = {
	.name = "fw-log",
	.args = "DEV [-o normal|json|binary] [-b]",
	.summary = "the Firmware Slot Information log",
	.help = "Read the Firmware Slot Information log (LID 03h): the active slot and the\n"
		"revision in each slot, as nvme-cli prints them.\n\n"
		"Options:\n"
		OUT_HELP_FORMAT OUT_HELP_BINARY "\n"
		EMU_DEV_HELP,
	.run = run_fw_log,
	.emu = true,
};

/* ---- effects-log ---------------------------------------------------------- */

static void show_effects(const uint8_t *log, const struct log_args *a, const char *dev)
{
	(void)dev;
	show_effects_log(log, a->csi, &a->out);
}

static int run_effects_log(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		OUT_OPT_FORMAT, OUT_OPT_HUMAN, OUT_OPT_BINARY,
		{ "csi", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = { "o:Hbc:", opts, take_log, NULL, OUT_ALL };
	struct log_args a = { 0 };

	return run_one_log(cmd, argc, argv, &o, &a, NVMET_LOG_CMD_EFFECTS, EFFECTS_SIZE,
			   show_effects);
}

const struct cmd cmd_effects_log = {
	.name = "effects-log",
	.args = "DEV [-c CSI] [-H] [-o normal|json|binary] [-b]",
	.summary = "the Commands Supported and Effects log",
	.help = "Read the Commands Supported and Effects log (LID 05h) and list the supported\n"
		"commands with their effects, as nvme-cli does.\n\n"
		"Options:\n"
		"  -c, --csi CSI            of this I/O command set (default 0, NVM)\n"
		OUT_HELP_FORMAT OUT_HELP_BINARY
		"  -H, --human-readable     name each effect bit\n\n"
		EMU_DEV_HELP,
	.run = run_effects_log,
	.emu = true,
};

/* ---- self-test-log -------------------------------------------------------- */

static void show_self_test(const uint8_t *log, const struct log_args *a, const char *dev)
{
	show_self_test_log(log, a->entries, dev, &a->out);
}

static int run_self_test_log(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dst-entries", required_argument, NULL, 'e' },
		OUT_OPT_FORMAT, OUT_OPT_BINARY, OUT_OPT_HUMAN,
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = { "e:o:bHv", opts, take_log, NULL, OUT_ALL };
	struct log_args a = { .entries = 20, .nsid = 0xffffffff };

	return run_one_log(cmd, argc, argv, &o, &a, NVMET_LOG_SELF_TEST, SELF_TEST_SIZE,
			   show_self_test);
}

const struct cmd cmd_self_test_log = {
	.name = "self-test-log",
	.args = "DEV [-e N] [-H] [-o normal|json|binary] [-b]",
	.summary = "the Device Self-test log",
	.help = "Read the Device Self-test log (LID 06h): the operation in progress and the\n"
		"newest results, as nvme-cli prints them.\n\n"
		"Options:\n"
		"  -e, --dst-entries N      results to show (default and most: 20)\n"
		OUT_HELP_FORMAT OUT_HELP_BINARY
		"  -H, -v, --human-readable, --verbose\n"
		"                           name the results and codes\n\n"
		EMU_DEV_HELP,
	.run = run_self_test_log,
	.emu = true,
};

/* ---- sanitize-log --------------------------------------------------------- */

static void show_sanitize(const uint8_t *log, const struct log_args *a, const char *dev)
{
	show_sanitize_log(log, dev, &a->out);
}

static int run_sanitize_log(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rae", no_argument, NULL, 'r' },
		OUT_OPT_FORMAT, OUT_OPT_HUMAN, OUT_OPT_BINARY,
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = { "ro:Hb", opts, take_log, NULL, OUT_ALL };
	struct log_args a = { 0 };

	return run_one_log(cmd, argc, argv, &o, &a, NVMET_LOG_SANITIZE, SANITIZE_SIZE,
			   show_sanitize);
}

const struct cmd cmd_sanitize_log = {
	.name = "sanitize-log",
	.args = "DEV [-r] [-H] [-o normal|json|binary] [-b]",
	.summary = "the Sanitize Status log",
	.help = "Read the Sanitize Status log (LID 81h): progress, status and the estimated\n"
		"times, as nvme-cli prints them.\n\n"
		"Options:\n"
		"  -r, --rae                retain the asynchronous event\n"
		OUT_HELP_FORMAT OUT_HELP_BINARY OUT_HELP_HUMAN "\n"
		EMU_DEV_HELP,
	.run = run_sanitize_log,
	.emu = true,
};

/* ---- get-log ---------------------------------------------------------------- */

static int check_get_log(const struct cmd *cmd, void *ctx)
{
	struct log_args *a = ctx;

	if (a->aen) {
		/* An AEN's DW0 names the log to read (bits 23:16), 4096 bytes of it. */
		a->lid = (a->aen >> 16) & 0xff;
		a->len = 4096;
	} else if (!a->have_lid) {
		return usage_error(cmd, "--log-id is required (or --aen)");
	}
	if (!a->len)
		return usage_error(cmd, "--log-len is required, a multiple of 4 from 4");
	if (a->len % 4)
		return usage_error(cmd, "--log-len %u is not a multiple of 4 (Get Log Page moves"
				   " dwords)", a->len);
	if (a->lpo % 4)
		return usage_error(cmd, "--lpo %llu is not a multiple of 4",
				   (unsigned long long)a->lpo);
	return 0;
}

static int run_get_log(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "namespace-id", required_argument, NULL, 'n' },
		{ "log-id", required_argument, NULL, 'i' },
		{ "log-len", required_argument, NULL, 'l' },
		{ "aen", required_argument, NULL, 'a' },
		{ "lpo", required_argument, NULL, 'o' },
		{ "lsp", required_argument, NULL, 's' },
		{ "lsi", required_argument, NULL, 'S' },
		{ "rae", no_argument, NULL, 'r' },
		{ "uuid-index", required_argument, NULL, 'U' },
		OUT_OPT_BINARY,
		{ "csi", required_argument, NULL, 'y' },
		{ "ot", no_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	/* nvme-cli's -o is --lpo here: get-log has no -o output format. */
	static const struct cmd_opts o = {
		"n:i:l:a:o:s:S:rU:by:O", opts, take_log, check_get_log, 1u << OUT_BINARY,
	};
	struct log_args a = { .nsid = 0xffffffff };
	struct nvmet_log_opts lo;
	struct tdev dev;
	uint8_t *log;
	int ret;

	ret = open_dev_args(cmd, argc, argv, &o, &a, &dev);
	if (ret >= 0)
		return ret;
	lo = (struct nvmet_log_opts){ .lsp = a.lsp, .rae = a.rae, .lsi = (uint16_t)a.lsi,
				      .offset = a.lpo, .ot = a.ot, .csi = (uint8_t)a.csi,
				      .uuid_index = a.uuid };
	log = calloc(1, a.len);
	ret = log ? get_log(cmd, &dev, (uint8_t)a.lid, a.nsid, &lo, log, a.len) :
		    fail(cmd, "out of memory");
	if (!ret && a.out.kind == OUT_BINARY) {
		ret = out_binary(cmd, log, a.len);
	} else if (!ret) {
		printf("Device:%s log-id:%u namespace-id:%#x\n", tdev_name(&dev), a.lid, a.nsid);
		hexdump(log, a.len);
	}
	tdev_close(&dev);
	free(log);
	return ret;
}

const struct cmd cmd_get_log = {
	.name = "get-log",
	.args = "DEV -i LID -l LEN [-n NSID] [-o OFF] [-s LSP] [-S LSI] [-r] [-U UUID]\n"
		"       [-y CSI] [-O] [-a AEN] [-b]",
	.summary = "any log page, in hex or raw",
	.help = "Read LEN bytes of log page LID and dump them in hex as nvme-cli does (or raw\n"
		"with -b). A log longer than 4096 bytes is read in pieces of 4096, by offset.\n\n"
		"Options:\n"
		"  -i, --log-id LID         the log page identifier (required)\n"
		"  -l, --log-len LEN        bytes, a multiple of 4, at most 16 MiB (required)\n"
		"  -n, --namespace-id NSID  namespace (default FFFFFFFFh)\n"
		"  -o, --lpo OFF            log page offset in bytes\n"
		"  -s, --lsp LSP            log specific field, 0..127\n"
		"  -S, --lsi LSI            log specific identifier\n"
		"  -r, --rae                retain the asynchronous event\n"
		"  -U, --uuid-index UUID    UUID index, 0..127\n"
		"  -y, --csi CSI            command set identifier\n"
		"  -O, --ot                 the offset is an index, not bytes\n"
		"  -a, --aen AEN            read the log an asynchronous event's DW0 names\n"
		"                           (4096 bytes of it)\n"
		OUT_HELP_BINARY "\n"
		EMU_DEV_HELP,
	.run = run_get_log,
	.emu = true,
};
