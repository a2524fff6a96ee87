// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_fw.c - fw-download and fw-commit, with nvme-cli's options.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "printers.h"
#include "tool.h"

/* The most fw-download sends in one invocation. */
#define FW_MAX		(64u << 20)
/* nvme-cli's piece size, and the most one piece may be here. */
#define XFER_DEF	4096
#define XFER_MAX	(1u << 20)

/* Firmware Commit statuses that mean "done, the new image runs after a reset". */
#define SC_FW_NEEDS_CONV_RESET		0x0b
#define SC_FW_NEEDS_SUBSYS_RESET	0x10
#define SC_FW_NEEDS_RESET		0x11
#define SC_OVERLAPPING_RANGE		0x14

static int read_image(const struct cmd *cmd, const char *path, uint8_t **buf, size_t *len)
{
	struct stat st;
	FILE *f;
	int ret = 0;

	f = fopen(path, "rbe");
	if (!f)
		return fail(cmd, "%s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		fclose(f);
		return fail(cmd, "%s: not a regular file", path);
	}
	if (!st.st_size || st.st_size % 4 || (uint64_t)st.st_size > FW_MAX) {
		fclose(f);
		return usage_error(cmd, "%s: %lld bytes: an image is a multiple of 4 bytes, at"
				   " most %u MiB", path, (long long)st.st_size, FW_MAX >> 20);
	}
	*len = (size_t)st.st_size;
	*buf = malloc(*len);
	if (!*buf)
		ret = fail(cmd, "out of memory");
	else if (fread(*buf, 1, *len, f) != *len)
		ret = fail(cmd, "%s: read error", path);
	fclose(f);
	if (ret) {
		free(*buf);
		*buf = NULL;
	}
	return ret;
}

struct fw_args {
	const char *file;
	uint32_t xfer;
	uint32_t offset;	/* dwords */
	bool progress;
	bool ignore_ovr;
	uint8_t *img;		/* fw-download: the image, read before DEV is opened */
	size_t len;
	uint32_t slot;		/* fw-commit */
	uint32_t action;
	uint32_t bpid;
};

static int take_download(const struct cmd *cmd, int c, const char *arg, void *ctx)
{
	struct fw_args *a = ctx;

	switch (c) {
	case 'f': a->file = arg; break;
	case 'p': a->progress = true; break;
	case 'i': a->ignore_ovr = true; break;
	case 'x':
		if (parse_u32(cmd, "xfer", arg, XFER_MAX, &a->xfer))
			return EXIT_USAGE;
		if (!a->xfer || a->xfer % 4096)
			return usage_error(cmd, "xfer %u is not a multiple of 4096", a->xfer);
		break;
	case 'o':
		return parse_u32(cmd, "offset (dwords)", arg, FW_MAX / 4, &a->offset);
	}
	return 0;
}

static int check_download(const struct cmd *cmd, void *ctx)
{
	struct fw_args *a = ctx;

	if (!a->file)
		return usage_error(cmd, "--fw FILE is required");
	return read_image(cmd, a->file, &a->img, &a->len);
}

static int run_fw_download(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fw", required_argument, NULL, 'f' },
		{ "xfer", required_argument, NULL, 'x' },
		{ "offset", required_argument, NULL, 'o' },
		{ "progress", no_argument, NULL, 'p' },
		{ "ignore-ovr", no_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = { "f:x:o:pi", opts, take_download, check_download, 0 };
	struct fw_args a = { .xfer = XFER_DEF };
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	size_t len, done, n;
	struct tdev dev;
	uint8_t *img;
	char what[64];
	int ret;

	ret = open_dev_args(cmd, argc, argv, &o, &a, &dev);
	img = a.img;
	len = a.len;
	if (ret >= 0) {
		free(img);
		return ret;
	}
	ret = 0;
	/* The image goes in pieces of --xfer bytes, at --offset dwords on. */
	for (done = 0; !ret && done < len; done += n) {
		n = len - done < a.xfer ? len - done : a.xfer;
		if (a.progress)
			printf("Firmware download: transferring 0x%08zx/0x%08zx bytes: %03d%%\r",
			       done, len, (int)(100 * done / len));
		memset(&sqe, 0, sizeof(sqe));
		nvmet_cmd_fw_download(&sqe, (uint64_t)a.offset * 4 + done, n);
		snprintf(what, sizeof(what), "Firmware Image Download (bytes %zu..%zu)", done,
			 done + n - 1);
		ret = tdev_admin(&dev, &sqe, img + done, n, 1, 0, &cqe);
		/* Overlapping Range: an image downloaded over what is there, if allowed. */
		if (!ret && a.ignore_ovr && NVMET_CQE_SCT(cqe.status) == 1 &&
		    NVMET_CQE_SC(cqe.status) == SC_OVERLAPPING_RANGE)
			continue;
		ret = admin_report(cmd, what, ret, &cqe);
	}
	if (!ret) {
		if (a.progress)
			printf("\n");
		printf("Firmware download success\n");
	}
	tdev_close(&dev);
	free(img);
	return ret;
}

const struct cmd cmd_fw_download = {
	.name = "fw-download",
	.args = "DEV --fw FILE [-x XFER] [-o OFFSET] [-p] [-i]",
	.summary = "Firmware Image Download of an image file",
	.help = "Send the image in FILE with Firmware Image Download, XFER bytes at a time,\n"
		"and print \"Firmware download success\"; fw-commit then commits it to a slot.\n\n"
		"Options:\n"
		"  -f, --fw FILE            the image, a multiple of 4 bytes (required)\n"
		"  -x, --xfer XFER          bytes per command, a multiple of 4096 (default 4096)\n"
		"  -o, --offset OFFSET      where the file starts in the image, in dwords\n"
		"  -p, --progress           show the progress\n"
		"  -i, --ignore-ovr         carry on over Overlapping Range statuses\n\n"
		EMU_DEV_HELP,
	.run = run_fw_download,
	.emu = true,
};

static const char *reset_kind(unsigned int sc)
{
	switch (sc) {
	case SC_FW_NEEDS_CONV_RESET:	return "conventional";
	case SC_FW_NEEDS_SUBSYS_RESET:	return "subsystem";
	}
	return "any controller";
}

static int take_commit(const struct cmd *cmd, int c, const char *arg, void *ctx)
{
	struct fw_args *a = ctx;

	switch (c) {
	case 's': return parse_u32(cmd, "slot", arg, 7, &a->slot);
	case 'a': return parse_u32(cmd, "action", arg, 7, &a->action);
	case 'b': return parse_u32(cmd, "bpid", arg, 1, &a->bpid);
	}
	return 0;
}

static int check_commit(const struct cmd *cmd, void *ctx)
{
	const struct fw_args *a = ctx;

	if (a->action == 4 || a->action == 5)
		return usage_error(cmd, "action %u is reserved (0..3, 6, 7)", a->action);
	return 0;
}

static int run_fw_commit(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "slot", required_argument, NULL, 's' },
		{ "action", required_argument, NULL, 'a' },
		{ "bpid", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = { "s:a:b:", opts, take_commit, check_commit, 0 };
	struct fw_args a = { 0 };
	struct nvmet_sqe sqe = { 0 };
	char what[64];
	struct nvmet_cqe cqe;
	struct tdev dev;
	unsigned int sc;
	int ret;

	ret = open_dev_args(cmd, argc, argv, &o, &a, &dev);
	if (ret >= 0)
		return ret;
	nvmet_cmd_fw_commit(&sqe, a.slot, a.action, a.bpid);
	snprintf(what, sizeof(what), "Firmware Commit (action %u, slot %u)", a.action, a.slot);
	ret = tdev_admin(&dev, &sqe, NULL, 0, 0, 0, &cqe);
	tdev_close(&dev);
	sc = NVMET_CQE_SC(cqe.status);
	if (!ret && NVMET_CQE_SCT(cqe.status) == 1 && (sc == SC_FW_NEEDS_CONV_RESET ||
	    sc == SC_FW_NEEDS_SUBSYS_RESET || sc == SC_FW_NEEDS_RESET)) {
		printf("Success activating firmware action:%u slot:%u", a.action, a.slot);
		if (a.action >= 6)
			printf(" bpid:%u", a.bpid);
		printf(", but firmware requires %s reset\n", reset_kind(sc));
	} else if (admin_report(cmd, what, ret, &cqe)) {
		return EXIT_FAIL;
	} else {
		printf("Success committing firmware action:%u slot:%u", a.action, a.slot);
		if (a.action >= 6)
			printf(" bpid:%u", a.bpid);
		printf("\n");
	}
	printf("Multiple Update Detected (MUD) Value: %u\n", cqe.dw0);
	return 0;
}

const struct cmd cmd_fw_commit = {
	.name = "fw-commit",
	.args = "DEV [-s SLOT] [-a ACTION] [-b BPID]",
	.summary = "Firmware Commit: a downloaded image to a slot, activated",
	.help = "Send Firmware Commit and say what happened as nvme-cli does: committed, or\n"
		"activated and waiting for a reset (a status the specification counts as\n"
		"success); any other status fails.\n\n"
		"Options:\n"
		"  -s, --slot SLOT          firmware slot 0..7 (0: the controller chooses)\n"
		"  -a, --action ACTION      0 replace, 1 replace and activate at the next\n"
		"                           reset, 2 activate at the next reset, 3 activate now,\n"
		"                           6 replace boot partition, 7 mark it active\n"
		"  -b, --bpid BPID          boot partition 0 or 1 (actions 6 and 7)\n\n"
		EMU_DEV_HELP,
	.run = run_fw_commit,
	.emu = true,
};
