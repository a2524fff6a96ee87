// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_identify.c - id-ctrl and id-ns: Identify Controller and Identify
 * Namespace decoded.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "tool.h"

#define ID_SIZE 4096

/* An ASCII field without its space padding; other bytes shown as '.'. */
static void print_ascii(const char *label, const uint8_t *p, size_t len)
{
	size_t i;

	while (len && (p[len - 1] == ' ' || p[len - 1] == '\0'))
		len--;
	printf("%-10s: ", label);
	for (i = 0; i < len; i++)
		putchar(p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '.');
	putchar('\n');
}

static void print_id_ctrl(const uint8_t *id)
{
	uint32_t ver = get_le32(id + NVMET_ID_CTRL_VER);
	uint8_t sqes = id[NVMET_ID_CTRL_SQES], cqes = id[NVMET_ID_CTRL_CQES];
	uint8_t mdts = id[NVMET_ID_CTRL_MDTS];

	printf("%-10s: 0x%04x\n", "vid", get_le16(id + NVMET_ID_CTRL_VID));
	printf("%-10s: 0x%04x\n", "ssvid", get_le16(id + NVMET_ID_CTRL_SSVID));
	print_ascii("sn", id + NVMET_ID_CTRL_SN, 20);
	print_ascii("mn", id + NVMET_ID_CTRL_MN, 40);
	print_ascii("fr", id + NVMET_ID_CTRL_FR, 8);
	if (mdts)
		printf("%-10s: %u (2^%u minimum pages)\n", "mdts", mdts, mdts);
	else
		printf("%-10s: 0 (no limit)\n", "mdts");
	printf("%-10s: %u\n", "cntlid", get_le16(id + NVMET_ID_CTRL_CNTLID));
	printf("%-10s: 0x%08x (%u.%u.%u)\n", "ver", ver, ver >> 16, (ver >> 8) & 0xff, ver & 0xff);
	printf("%-10s: 0x%04x\n", "oacs", get_le16(id + NVMET_ID_CTRL_OACS));
	printf("%-10s: 0x%04x\n", "oncs", get_le16(id + NVMET_ID_CTRL_ONCS));
	printf("%-10s: %u\n", "nn", get_le32(id + NVMET_ID_CTRL_NN));
	printf("%-10s: 0x%02x (%u..%u bytes)\n", "sqes", sqes, 1u << (sqes & 0xf),
	       1u << (sqes >> 4));
	printf("%-10s: 0x%02x (%u..%u bytes)\n", "cqes", cqes, 1u << (cqes & 0xf),
	       1u << (cqes >> 4));
	printf("%-10s: 0x%02x\n", "vwc", id[NVMET_ID_CTRL_VWC]);
	printf("%-10s: 0x%08x\n", "sgls", get_le32(id + NVMET_ID_CTRL_SGLS));
}

/* Index of the LBA format in use: FLBAS bits 3:0, and 6:5 above 16 formats. */
static unsigned int flbas_index(uint8_t flbas, uint8_t nlbaf)
{
	unsigned int idx = flbas & 0xf;

	if (nlbaf >= 16)
		idx |= (unsigned int)((flbas >> 5) & 3) << 4;
	return idx;
}

static void print_id_ns(const uint8_t *id)
{
	uint8_t nlbaf = id[NVMET_ID_NS_NLBAF], flbas = id[NVMET_ID_NS_FLBAS];
	unsigned int i, cur = flbas_index(flbas, nlbaf);

	printf("%-10s: %" PRIu64 "\n", "nsze", get_le64(id + NVMET_ID_NS_NSZE));
	printf("%-10s: %" PRIu64 "\n", "ncap", get_le64(id + NVMET_ID_NS_NCAP));
	printf("%-10s: %" PRIu64 "\n", "nuse", get_le64(id + NVMET_ID_NS_NUSE));
	printf("%-10s: %u (%u formats)\n", "nlbaf", nlbaf, nlbaf + 1u);
	printf("%-10s: 0x%02x (format %u%s)\n", "flbas", flbas, cur,
	       flbas & 0x10 ? ", extended metadata" : "");
	for (i = 0; i <= nlbaf && i < 64; i++) {
		const uint8_t *f = id + NVMET_ID_NS_LBAF + 4 * i;

		printf("lbaf %2u   : ms:%-3u lbads:%-2u rp:%u (%u bytes)%s\n", i, get_le16(f),
		       f[2], f[3] & 3, f[2] < 32 ? 1u << f[2] : 0, i == cur ? " (in use)" : "");
	}
}

static int run_identify(const struct cmd *cmd, int argc, char **argv, int ns)
{
	static const struct option opts[] = {
		{ "nsid", required_argument, NULL, 'n' },
		{ "raw", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct tdev dev;
	uint32_t nsid = 1;
	int c, ret, raw = 0;
	uint8_t *id;

	while ((c = nvmet_getopt(cmd, argc, argv, ns ? opts : opts + 1)) != -1) {
		if (c == 'r')
			raw = 1;
		else if (c != 'n')
			return opt_exit(c);
		else if (parse_u32(cmd, "nsid", optarg, UINT32_MAX, &nsid))
			return EXIT_USAGE;
	}
	if (need_args(cmd, argc, argv, 1, 1))
		return EXIT_USAGE;
	id = malloc(ID_SIZE);
	if (!id)
		return fail(cmd, "out of memory");
	ret = tdev_open(cmd, argv[optind], &dev);
	if (!ret) {
		ret = ns ? identify_ns(cmd, &dev, nsid, id) :
			   identify(cmd, &dev, NVMET_CNS_CTRL, 0, id);
		tdev_close(&dev);
	}
	if (!ret && raw)
		hexdump(id, ID_SIZE);
	else if (!ret)
		(ns ? print_id_ns : print_id_ctrl)(id);
	free(id);
	return ret;
}

static int run_id_ctrl(const struct cmd *cmd, int argc, char **argv)
{
	return run_identify(cmd, argc, argv, 0);
}

static int run_id_ns(const struct cmd *cmd, int argc, char **argv)
{
	return run_identify(cmd, argc, argv, 1);
}

const struct cmd cmd_id_ctrl = {
	.name = "id-ctrl",
	.args = "DEV [--raw]",
	.summary = "Identify Controller, decoded",
	.help = "Send Identify (CNS 1) and print VID, SSVID, SN, MN, FR, MDTS, CNTLID, VER,\n"
		"OACS, ONCS, NN, SQES, CQES, VWC and SGLS. An error status is reported and\n"
		"exits 1.\n\n"
		"Options:\n"
		"  --raw       dump the 4096 bytes in hex instead\n\n"
		EMU_DEV_HELP,
	.run = run_id_ctrl,
	.emu = true,
};

const struct cmd cmd_id_ns = {
	.name = "id-ns",
	.args = "DEV [--nsid N] [--raw]",
	.summary = "Identify Namespace, decoded",
	.help = "Send Identify (CNS 0) and print NSZE, NCAP, NUSE, NLBAF, FLBAS and the LBA\n"
		"formats with their data size. An error status, and a namespace that is not\n"
		"active (the controller returns zeros for it), are reported and exit 1.\n\n"
		"Options:\n"
		"  --nsid N    namespace (default 1)\n"
		"  --raw       dump the 4096 bytes in hex instead\n\n"
		EMU_DEV_HELP,
	.run = run_id_ns,
	.emu = true,
};
