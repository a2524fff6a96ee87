// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_admin.c - admin: a raw admin command through the module's
 * passthrough (or libnvmet's admin queue on the emulated controller), its
 * completion printed as it came.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tool.h"

enum { OPT_OPCODE = 256, OPT_NSID, OPT_CDW10, OPT_DATA_LEN = OPT_CDW10 + 6, OPT_WRITE,
       OPT_READ, OPT_TIMEOUT };

struct admin_args {
	struct nvmet_sqe sqe;
	int have_opcode;
	int have_len;
	uint32_t data_len;
	const char *file;
	int read;
	uint32_t timeout_ms;
	uint8_t *data;	/* what --write sends, or room for what --read gets (malloc'd) */
};

static const struct option admin_opts[] = {
	{ "opcode", required_argument, NULL, OPT_OPCODE },
	{ "nsid", required_argument, NULL, OPT_NSID },
	{ "cdw10", required_argument, NULL, OPT_CDW10 },
	{ "cdw11", required_argument, NULL, OPT_CDW10 + 1 },
	{ "cdw12", required_argument, NULL, OPT_CDW10 + 2 },
	{ "cdw13", required_argument, NULL, OPT_CDW10 + 3 },
	{ "cdw14", required_argument, NULL, OPT_CDW10 + 4 },
	{ "cdw15", required_argument, NULL, OPT_CDW10 + 5 },
	{ "data-len", required_argument, NULL, OPT_DATA_LEN },
	{ "write", required_argument, NULL, OPT_WRITE },
	{ "read", no_argument, NULL, OPT_READ },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

static int take_admin(const struct cmd *cmd, int c, const char *arg, void *ctx)
{
	struct admin_args *a = ctx;
	uint32_t *cdw = &a->sqe.cdw10;
	uint32_t v;

	switch (c) {
	case OPT_OPCODE:
		a->have_opcode = 1;
		if (parse_u32(cmd, "opcode", arg, 0xff, &v))
			return EXIT_USAGE;
		a->sqe.opc = (uint8_t)v;
		return 0;
	case OPT_NSID:
		return parse_u32(cmd, "nsid", arg, UINT32_MAX, &a->sqe.nsid);
	case OPT_CDW10 ... OPT_CDW10 + 5:
		return parse_u32(cmd, admin_opts[c - OPT_CDW10 + 2].name, arg, UINT32_MAX,
				 &cdw[c - OPT_CDW10]);
	case OPT_DATA_LEN:
		a->have_len = 1;
		return parse_u32(cmd, "data-len", arg, NVMETEST_ADMIN_MAX_DATA, &a->data_len);
	case OPT_WRITE:
		a->file = arg;
		return 0;
	case OPT_READ:
		a->read = 1;
		return 0;
	case OPT_TIMEOUT:
		return parse_u32(cmd, "timeout", arg, UINT32_MAX, &a->timeout_ms);
	}
	return 0;
}

/*
 * The data to send: the file, zero-padded to --data-len if given, whose
 * size is the file's otherwise.
 */
static int load_file(const struct cmd *cmd, struct admin_args *a, uint8_t **data)
{
	size_t cap = a->have_len ? a->data_len : NVMETEST_ADMIN_MAX_DATA, n;
	FILE *f = strcmp(a->file, "-") ? fopen(a->file, "rbe") : stdin;
	int bad;

	if (!f)
		return fail(cmd, "%s: %s", a->file, strerror(errno));
	*data = calloc(1, cap + 1);
	if (!*data) {
		if (f != stdin)
			fclose(f);
		return fail(cmd, "out of memory");
	}
	n = fread(*data, 1, cap + 1, f);
	bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad)
		return fail(cmd, "%s: read error", a->file);
	if (n > cap)
		return usage_error(cmd, "%s is larger than %zu bytes", a->file, cap);
	if (!a->have_len)
		a->data_len = (uint32_t)n;
	return 0;
}

/* @by: who makes the all-ones completion of a command that timed out. */
static void print_result(uint8_t opc, uint16_t cid, const struct nvmet_cqe *cqe,
			 uint32_t result, uint64_t latency_ns, const char *by)
{
	char st[NVMET_STATUS_STR_MAX];

	nvmet_status_snprint(st, sizeof(st), cqe->status);
	printf("%-8s 0x%02x %s\n", "opcode:", opc, nvmet_admin_opcode_name(opc));
	if (result & NVMETEST_RESULT_TIMED_OUT)
		printf("%-8s TIMED OUT (completion made by %s)\n", "result:", by);
	if (result & NVMETEST_RESULT_ABORTED)
		printf("%-8s ABORTED (reset or removal)\n", "result:");
	printf("%-8s %u\n", "cid:", cid);
	printf("%-8s 0x%08x\n", "dw0:", cqe->dw0);
	printf("%-8s 0x%08x\n", "dw1:", cqe->dw1);
	printf("%-8s 0x%04x\n", "sqhd:", cqe->sqhd);
	printf("%-8s %u\n", "sqid:", cqe->sqid);
	if (result & (NVMETEST_RESULT_TIMED_OUT | NVMETEST_RESULT_ABORTED))
		printf("%-8s none (all-ones completion)\n", "status:");
	else
		printf("%-8s 0x%04x %s sct:%u sc:0x%02x dnr:%u more:%u\n", "status:",
		       cqe->status >> 1, st, NVMET_CQE_SCT(cqe->status), NVMET_CQE_SC(cqe->status),
		       NVMET_CQE_DNR(cqe->status), NVMET_CQE_MORE(cqe->status));
	printf("%-8s %.1f us\n", "latency:", latency_ns / 1000.0);
}

/*
 * After the completion is printed: a command that failed (an error status,
 * a timeout, an abort) is one line on stderr and exit 1, as every nvmet
 * command and nvme-cli's admin-passthru.
 */
static int result_status(const struct cmd *cmd, uint8_t opc, const struct nvmet_cqe *cqe,
			 uint32_t result)
{
	if (result & NVMETEST_RESULT_ABORTED)
		return fail(cmd, "%s: aborted (reset or removal)", nvmet_admin_opcode_name(opc));
	/* A timeout's completion is the all-ones one, which admin_report() names. */
	return admin_report(cmd, nvmet_admin_opcode_name(opc), 0, cqe);
}

static int send_kdev(const struct cmd *cmd, struct nvmet_kdev *dev, struct admin_args *a,
		     uint8_t *data)
{
	struct nvmetest_admin_cmd c = { .timeout_ms = a->timeout_ms };
	struct nvmet_cqe cqe;
	int ret;

	memcpy(c.sqe, &a->sqe, sizeof(c.sqe));
	if (a->data_len) {
		c.flags = a->read ? NVMETEST_ADMIN_DATA_FROM_DEV : NVMETEST_ADMIN_DATA_TO_DEV;
		c.data = (uintptr_t)data;
		c.data_len = a->data_len;
	}
	ret = nvmet_kdev_admin_raw(dev, &c);
	if (ret)
		return errno_fail(cmd, nvmet_admin_opcode_name(a->sqe.opc), ret);
	memcpy(&cqe, c.cqe, sizeof(cqe));
	print_result(c.sqe[0] & 0xff, c.cid, &cqe, c.result, c.latency_ns, "the module");
	return result_status(cmd, c.sqe[0] & 0xff, &cqe, c.result);
}

/* On the emulated controller every opcode reaches it, vendor specific ones too. */
static int send_ctrl(const struct cmd *cmd, struct tdev *dev, struct admin_args *a,
		     uint8_t *data)
{
	struct timespec t0, t1;
	struct nvmet_cqe cqe;
	uint32_t result;
	int ret;

	/* The library's wait polls: what it takes, as seen from here. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = tdev_admin(dev, &a->sqe, data, a->data_len, !a->read, a->timeout_ms, &cqe);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (ret)
		return errno_fail(cmd, nvmet_admin_opcode_name(a->sqe.opc), ret);
	result = nvmet_cqe_is_timeout(&cqe) ? NVMETEST_RESULT_TIMED_OUT : 0;
	print_result(a->sqe.opc, cqe.cid, &cqe, result,
		     (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000000000ull +
		     (uint64_t)t1.tv_nsec - (uint64_t)t0.tv_nsec, "libnvmet");
	return result_status(cmd, a->sqe.opc, &cqe, result);
}

static int send_admin(const struct cmd *cmd, struct tdev *dev, struct admin_args *a,
		      uint8_t *data)
{
	int ret;

	if (dev->kdev)
		ret = send_kdev(cmd, dev->kdev, a, data);
	else
		ret = send_ctrl(cmd, dev, a, data);
	if (!ret && a->read) {
		printf("data:\n");
		hexdump(data, a->data_len);
	}
	return ret;
}

/* The options together, then the data (the file, or room for --read) before DEV is opened. */
static int check_admin(const struct cmd *cmd, void *ctx)
{
	struct admin_args *a = ctx;

	if (!a->have_opcode)
		return usage_error(cmd, "--opcode is required");
	if (a->file && a->read)
		return usage_error(cmd, "--write and --read exclude each other");
	if (a->read && !a->data_len)
		return usage_error(cmd, "--read needs --data-len");
	if (a->data_len && !a->file && !a->read)
		return usage_error(cmd, "--data-len needs --read or --write");
	if (a->file)
		return load_file(cmd, a, &a->data);
	if (a->read) {
		a->data = calloc(1, a->data_len);
		if (!a->data)
			return fail(cmd, "out of memory");
	}
	return 0;
}

static int run_admin(const struct cmd *cmd, int argc, char **argv)
{
	static const struct cmd_opts o = { "", admin_opts, take_admin, check_admin, 0 };
	struct admin_args a = { 0 };
	struct tdev dev;
	int ret;

	ret = open_dev_args(cmd, argc, argv, &o, &a, &dev);
	if (ret < 0) {
		ret = send_admin(cmd, &dev, &a, a.data);
		tdev_close(&dev);
	}
	free(a.data);
	return ret;
}

const struct cmd cmd_admin = {
	.name = "admin",
	.args = "DEV --opcode OPC [--nsid N] [--cdw10 V ... --cdw15 V] [--data-len N]\n"
		"       [--write FILE | --read] [--timeout MS]",
	.summary = "send any admin command and print its completion",
	.help = "Send one admin command through the module and print the completion: CID,\n"
		"DW0, DW1, SQHD, SQID, status (SCT/SC/DNR/MORE) and latency. A command that\n"
		"failed (an error status, a timeout) has its completion printed all the same,\n"
		"then one line on stderr, and exits 1, as nvme-cli's admin-passthru. On the\n"
		"emulated controller every opcode reaches the controller, vendor specific ones\n"
		"(0xc0..0xff) included, for its plug-ins to answer.\n\n"
		"Options:\n"
		"  --opcode OPC    opcode, 0..0xff (required)\n"
		"  --nsid N        namespace identifier (default 0)\n"
		"  --cdw10 V .. --cdw15 V\n"
		"                  command dwords 10 to 15 (default 0)\n"
		"  --data-len N    data transfer length in bytes, at most 2 MiB\n"
		"  --write FILE    send FILE ('-' for stdin) to the controller; its size is\n"
		"                  the length unless --data-len pads it with zeros\n"
		"  --read          receive --data-len bytes and dump them in hex\n"
		"  --timeout MS    completion timeout (default: the module's or libnvmet's,\n"
		"                  10 s)\n\n"
		EMU_DEV_HELP,
	.run = run_admin,
	.emu = true,
};
