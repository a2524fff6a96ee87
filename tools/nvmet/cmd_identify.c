// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_identify.c - id-ctrl, id-ns and list-ns, with nvme-cli's options and
 * output forms.
 */
#include <stdlib.h>

#include "printers.h"
#include "tool.h"

#define ID_SIZE 4096

enum { OPT_RAW = 256, OPT_FORCE };

struct id_args {
	struct out out;		/* first: cmd_opts.forms */
	uint32_t nsid;
	bool vs;
	bool raw;	/* nvmet's hex dump of the 4096 bytes */
	bool force;
	bool all;
	int csi;
};

static int take_id(const struct cmd *cmd, int c, const char *arg, void *ctx)
{
	struct id_args *a = ctx;
	uint32_t v;

	switch (c) {
	case 'n':
		return parse_u32(cmd, "namespace-id", arg, UINT32_MAX, &a->nsid);
	case 'y':
		if (parse_u32(cmd, "csi", arg, 0xff, &v))
			return EXIT_USAGE;
		a->csi = (int)v;
		break;
	case 'v':
		a->vs = true;
		break;
	case 'a':
		a->all = true;
		break;
	case OPT_RAW:
		a->raw = true;
		break;
	case OPT_FORCE:
		a->force = true;
		break;
	}
	return 0;
}

static int check_id(const struct cmd *cmd, void *ctx)
{
	const struct id_args *a = ctx;

	if (a->raw && a->out.kind != OUT_NORMAL)
		return usage_error(cmd, "--raw (a hex dump) and -o/-b exclude each other");
	return 0;
}

static int show(const struct cmd *cmd, const struct id_args *a, const uint8_t *id, bool ns)
{
	if (a->raw)
		hexdump(id, ID_SIZE);
	else if (a->out.kind == OUT_BINARY)
		return out_binary(cmd, id, ID_SIZE);
	else if (ns)
		show_id_ns(id, a->nsid, &a->out, a->vs);
	else
		show_id_ctrl(id, &a->out, a->vs);
	return 0;
}

static int run_id_ctrl(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "vendor-specific", no_argument, NULL, 'v' },
		OUT_OPT_FORMAT, OUT_OPT_BINARY, OUT_OPT_HUMAN,
		{ "raw", no_argument, NULL, OPT_RAW },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = { "vo:bH", opts, take_id, check_id, OUT_ALL };
	struct id_args a = { .csi = -1 };
	struct tdev dev;
	uint8_t *id;
	int ret;

	ret = open_dev_args(cmd, argc, argv, &o, &a, &dev);
	if (ret >= 0)
		return ret;
	id = malloc(ID_SIZE);
	ret = id ? identify(cmd, &dev, NVMET_CNS_CTRL, 0, id) : fail(cmd, "out of memory");
	tdev_close(&dev);
	if (!ret)
		ret = show(cmd, &a, id, false);
	free(id);
	return ret;
}

static int run_id_ns(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "namespace-id", required_argument, NULL, 'n' },
		{ "nsid", required_argument, NULL, 'n' },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "vendor-specific", no_argument, NULL, 'v' },
		OUT_OPT_FORMAT, OUT_OPT_BINARY, OUT_OPT_HUMAN,
		{ "raw", no_argument, NULL, OPT_RAW },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = { "n:vo:bH", opts, take_id, check_id, OUT_ALL };
	struct id_args a = { .nsid = 1, .csi = -1 };
	struct tdev dev;
	uint8_t *id;
	int ret;

	ret = open_dev_args(cmd, argc, argv, &o, &a, &dev);
	if (ret >= 0)
		return ret;
	id = malloc(ID_SIZE);
	/* --force: the namespace as allocated, attached to this controller or not. */
	ret = !id ? fail(cmd, "out of memory") :
	      a.force ? identify(cmd, &dev, NVMET_CNS_NS_ALLOC, a.nsid, id) :
			identify_ns(cmd, &dev, a.nsid, id);
	tdev_close(&dev);
	if (!ret)
		ret = show(cmd, &a, id, true);
	free(id);
	return ret;
}

static int check_list_ns(const struct cmd *cmd, void *ctx)
{
	const struct id_args *a = ctx;

	if (!a->nsid)
		return usage_error(cmd, "namespace-id 0: the list starts after NSID - 1, give 1 or"
				   " more");
	return check_id(cmd, ctx);
}

static int run_list_ns(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "namespace-id", required_argument, NULL, 'n' },
		{ "csi", required_argument, NULL, 'y' },
		{ "all", no_argument, NULL, 'a' },
		OUT_OPT_FORMAT,
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = { "n:y:ao:", opts, take_id, check_list_ns, OUT_NO_BINARY };
	struct id_args a = { .nsid = 1, .csi = -1 };
	struct nvmet_identify_opts io = { 0 };
	struct nvmet_sqe sqe;
	struct tdev dev;
	uint8_t *list;
	uint8_t cns;
	int ret;

	ret = open_dev_args(cmd, argc, argv, &o, &a, &dev);
	if (ret >= 0)
		return ret;
	if (a.csi < 0) {
		cns = a.all ? NVMET_CNS_NS_ALLOC_LIST : NVMET_CNS_NS_ACTIVE_LIST;
	} else {
		cns = a.all ? NVMET_CNS_CS_NS_ALLOC_LIST : NVMET_CNS_CS_NS_ACTIVE_LIST;
		io.csi = (uint8_t)a.csi;
	}
	/* The list holds the namespaces above NSID: one below the first wanted. */
	nvmet_cmd_identify(&sqe, cns, a.nsid - 1, &io);
	list = calloc(1, ID_SIZE);
	ret = !list ? fail(cmd, "out of memory") :
	      admin_checked(cmd, &dev, a.all ? "Identify (allocated namespace list)" :
			    "Identify (active namespace list)", &sqe, list, ID_SIZE, 0, 0, NULL);
	tdev_close(&dev);
	if (!ret)
		show_ns_list(list, &a.out);
	free(list);
	return ret;
}

#define ID_FORMS \
	"  -v, --vendor-specific    also the vendor specific bytes, in hex\n" \
	OUT_HELP_FORMAT OUT_HELP_BINARY OUT_HELP_HUMAN \
	"      --raw                the 4096 bytes in hex instead\n\n"

const struct cmd cmd_id_ctrl = {
	.name = "id-ctrl",
	.args = "DEV [-H] [-o normal|json|binary] [-b] [-v] [--raw]",
	.summary = "Identify Controller, every field decoded",
	.help = "Send Identify (CNS 1) and print every field of the controller's data as\n"
		"nvme-cli does: its layout, -H decoding the bits, -o json with its key names\n"
		"and value types (numbers as numbers, 128-bit counters as decimal strings),\n"
		"-o binary the 4096 bytes. An error status is reported and exits 1.\n\n"
		"Options:\n"
		ID_FORMS
		EMU_DEV_HELP,
	.run = run_id_ctrl,
	.emu = true,
};

const struct cmd cmd_id_ns = {
	.name = "id-ns",
	.args = "DEV [-n NSID] [-H] [-o normal|json|binary] [-b] [-v] [--force] [--raw]",
	.summary = "Identify Namespace, every field decoded",
	.help = "Send Identify (CNS 0) and print the namespace's data as nvme-cli does. An\n"
		"error status, and a namespace that is not active (the controller returns\n"
		"zeros for it), are reported and exit 1.\n\n"
		"Options:\n"
		"  -n, --namespace-id NSID  namespace (default 1; --nsid is the same)\n"
		"      --force              the namespace as allocated, attached or not\n"
		"                           (Identify CNS 11h)\n"
		ID_FORMS
		EMU_DEV_HELP,
	.run = run_id_ns,
	.emu = true,
};

const struct cmd cmd_list_ns = {
	.name = "list-ns",
	.args = "DEV [-n NSID] [-a] [-y CSI] [-o normal|json]",
	.summary = "the active (or allocated) namespace identifiers",
	.help = "Send Identify for a namespace list and print it as nvme-cli does, one\n"
		"\"[index]:0xNSID\" a line, or {\"nsid_list\":[{\"nsid\":N}...]} with -o json.\n\n"
		"Options:\n"
		"  -n, --namespace-id NSID  list from this namespace on (default 1)\n"
		"  -a, --all                the allocated namespaces, attached or not (CNS 10h)\n"
		"  -y, --csi CSI            of this I/O command set only (CNS 07h, 1Ah)\n"
		OUT_HELP_FORMAT_NB "\n"
		EMU_DEV_HELP,
	.run = run_list_ns,
	.emu = true,
};
