// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_ns.c - create-ns, delete-ns, attach-ns and detach-ns: Namespace
 * Management and Namespace Attachment with nvme-cli's options.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "printers.h"
#include "tool.h"

/* nvme-cli's default timeout for namespace management. */
#define NS_TIMEOUT_MS	120000
#define CTRL_LIST_MAX	2047

struct ns_args {
	uint64_t nsze;
	uint64_t ncap;
	uint64_t bs;
	const char *nsze_si;
	const char *ncap_si;
	uint64_t nsze_bytes;	/* what nsze_si, ncap_si say */
	uint64_t ncap_bytes;
	uint64_t lbstm;
	uint32_t flbas;
	uint32_t dps;
	uint32_t nmic;
	uint32_t anagrpid;
	uint32_t nvmsetid;
	uint32_t csi;
	uint32_t timeout;
	uint32_t nsid;
	const char *ctrls;
	uint8_t *list;	/* attach-ns, detach-ns: the controller list sent (malloc'd) */
	bool have_flbas;
	bool have_nsid;
	bool ctrl_list;	/* attach-ns, detach-ns: -c is the controller list */
};

static void put_le(uint8_t *p, uint64_t v, unsigned int n)
{
	while (n--) {
		*p++ = (uint8_t)v;
		v >>= 8;
	}
}

/* "1.5G": bytes with an SI suffix (k, M, G, T, P, E; powers of 1000), as nvme-cli takes them. */
static int parse_si(const struct cmd *cmd, const char *what, const char *s, uint64_t *out)
{
	static const char suffixes[] = "kMGTPE";
	const char *p;
	long double v;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		goto bad;
	v = strtold(s, &end);
	if (*end) {
		p = strchr(suffixes, *end);
		if (!p || end[1])
			goto bad;
		for (; p >= suffixes; p--)
			v *= 1000;
	}
	if (v < 1 || v >= 18446744073709551615.0L)
		goto bad;
	*out = (uint64_t)v;
	return 0;
bad:
	return usage_error(cmd, "%s '%s' is not a size (a number, k, M, G, T, P or E after it)",
			   what, s);
}

static int take_ns(const struct cmd *cmd, int c, const char *arg, void *ctx)
{
	struct ns_args *a = ctx;
	int ret;

	switch (c) {
	case 's': return parse_u64(cmd, "nsze", arg, UINT64_MAX, &a->nsze);
	case 'c':
		if (!a->ctrl_list)
			return parse_u64(cmd, "ncap", arg, UINT64_MAX, &a->ncap);
		a->ctrls = arg;
		return 0;
	case 'S': a->nsze_si = arg; return 0;
	case 'C': a->ncap_si = arg; return 0;
	case 'f':
		a->have_flbas = true;
		return parse_u32(cmd, "flbas", arg, 0xff, &a->flbas);
	case 'd': return parse_u32(cmd, "dps", arg, 0xff, &a->dps);
	case 'm': return parse_u32(cmd, "nmic", arg, 0xff, &a->nmic);
	case 'a': return parse_u32(cmd, "anagrp-id", arg, UINT32_MAX, &a->anagrpid);
	case 'i': return parse_u32(cmd, "nvmset-id", arg, 0xffff, &a->nvmsetid);
	case 'y': return parse_u32(cmd, "csi", arg, 0xff, &a->csi);
	case 'l': return parse_u64(cmd, "lbstm", arg, UINT64_MAX, &a->lbstm);
	case 't': return parse_u32(cmd, "timeout", arg, UINT32_MAX, &a->timeout);
	case 'b':
		ret = parse_u64(cmd, "block-size", arg, UINT32_MAX, &a->bs);
		if (!ret && (!a->bs || (a->bs & (a->bs - 1))))
			ret = usage_error(cmd, "block-size %s is not a power of two", arg);
		return ret;
	case 'n':
		a->have_nsid = true;
		return parse_u32(cmd, "namespace-id", arg, UINT32_MAX, &a->nsid);
	}
	return 0;
}

/*
 * The FLBAS for --block-size (the format of that size without metadata,
 * among what all namespaces share: Identify NSID FFFFFFFFh), and the data
 * size of the format in use, for the SI sizes.
 */
static int format_for(const struct cmd *cmd, struct tdev *dev, struct ns_args *a,
		      uint64_t *block)
{
	uint8_t *ns = calloc(1, 4096);
	unsigned int idx;
	int i, ret;

	if (!ns)
		return fail(cmd, "out of memory");
	ret = identify(cmd, dev, NVMET_CNS_NS, 0xffffffff, ns);
	if (!ret && a->bs) {
		i = lbaf_by_size(ns, a->bs);
		if (i < 0)
			ret = fail(cmd, "no LBA format of %llu bytes without metadata",
				   (unsigned long long)a->bs);
		else	/* FLBAS: bits 3:0 of the index, bits 5:4 in FLBAS bits 6:5 */
			a->flbas = (uint32_t)((i & 0xf) | (i >> 4) << 5);
	}
	idx = (a->flbas & 0xf) | ((a->flbas >> 5) & 3) << 4;
	if (!ret && ns[128 + 4 * idx + 2] >= 9 && ns[128 + 4 * idx + 2] < 64)
		*block = 1ull << ns[128 + 4 * idx + 2];
	else if (!ret && (a->nsze_si || a->ncap_si))
		ret = fail(cmd, "LBA format %u has no block size to count the SI sizes in", idx);
	free(ns);
	return ret;
}

static int check_create_ns(const struct cmd *cmd, void *ctx)
{
	struct ns_args *a = ctx;

	if (a->have_flbas && a->bs)
		return usage_error(cmd, "give --flbas or --block-size, not both");
	if ((a->nsze_si && a->nsze) || (a->ncap_si && a->ncap))
		return usage_error(cmd, "give a size in blocks or with an SI suffix, not both");
	if ((!a->nsze && !a->nsze_si) || (!a->ncap && !a->ncap_si))
		return usage_error(cmd, "--nsze and --ncap (or --nsze-si and --ncap-si) are"
				   " required");
	if ((a->nsze_si && parse_si(cmd, "nsze-si", a->nsze_si, &a->nsze_bytes)) ||
	    (a->ncap_si && parse_si(cmd, "ncap-si", a->ncap_si, &a->ncap_bytes)))
		return EXIT_USAGE;
	return 0;
}

static int run_create_ns(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "nsze", required_argument, NULL, 's' },
		{ "ncap", required_argument, NULL, 'c' },
		{ "flbas", required_argument, NULL, 'f' },
		{ "dps", required_argument, NULL, 'd' },
		{ "nmic", required_argument, NULL, 'm' },
		{ "anagrp-id", required_argument, NULL, 'a' },
		{ "nvmset-id", required_argument, NULL, 'i' },
		{ "block-size", required_argument, NULL, 'b' },
		{ "timeout", required_argument, NULL, 't' },
		{ "csi", required_argument, NULL, 'y' },
		{ "lbstm", required_argument, NULL, 'l' },
		{ "nsze-si", required_argument, NULL, 'S' },
		{ "ncap-si", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = {
		"s:c:f:d:m:a:i:b:t:y:l:S:C:", opts, take_ns, check_create_ns, 0,
	};
	struct ns_args a = { .timeout = NS_TIMEOUT_MS };
	struct nvmet_sqe sqe = { 0 };
	uint64_t block = 512;
	struct nvmet_cqe cqe;
	struct tdev dev;
	uint8_t *data;
	int ret;

	ret = open_dev_args(cmd, argc, argv, &o, &a, &dev);
	if (ret >= 0)
		return ret;
	data = calloc(1, 4096);
	ret = data ? 0 : fail(cmd, "out of memory");
	if (!ret && (a.bs || a.nsze_si || a.ncap_si))
		ret = format_for(cmd, &dev, &a, &block);
	if (!ret && a.nsze_si)
		a.nsze = a.nsze_bytes / block;
	if (!ret && a.ncap_si)
		a.ncap = a.ncap_bytes / block;
	if (!ret) {
		/* The host software specified fields of an Identify Namespace structure. */
		put_le(data, a.nsze, 8);
		put_le(data + 8, a.ncap, 8);
		data[26] = (uint8_t)a.flbas;
		data[29] = (uint8_t)a.dps;
		data[30] = (uint8_t)a.nmic;
		put_le(data + 92, a.anagrpid, 4);
		put_le(data + 100, a.nvmsetid, 2);
		put_le(data + 384, a.lbstm, 8);
		nvmet_cmd_ns_mgmt(&sqe, NVMET_NS_MGMT_CREATE, 0, (uint8_t)a.csi);
		ret = admin_checked(cmd, &dev, "Namespace Management (create)", &sqe, data, 4096,
				    1, a.timeout, &cqe);
	}
	if (!ret)
		printf("%s: Success, created nsid:%u\n", cmd->name, cqe.dw0);
	tdev_close(&dev);
	free(data);
	return ret;
}

const struct cmd cmd_create_ns = {
	.name = "create-ns",
	.args = "DEV -s NSZE -c NCAP [-f FLBAS | -b BYTES] [-d DPS] [-m NMIC] [-a ANAGRPID]\n"
		"       [-i NVMSETID] [-y CSI] [-l LBSTM] [-t MS] [-S SIZE] [-C SIZE]",
	.summary = "Namespace Management: create a namespace",
	.help = "Send Namespace Management (create) and print the new namespace's NSID as\n"
		"nvme-cli does (\"create-ns: Success, created nsid:N\"). The namespace is not\n"
		"attached: attach-ns does that.\n\n"
		"Options:\n"
		"  -s, --nsze NSZE          size in blocks\n"
		"  -c, --ncap NCAP          capacity in blocks\n"
		"  -S, --nsze-si SIZE       size in bytes, k/M/G/T suffixes (powers of 1000)\n"
		"  -C, --ncap-si SIZE       capacity the same way\n"
		"  -f, --flbas FLBAS        formatted LBA size (FLBAS field, default 0)\n"
		"  -b, --block-size BYTES   the LBA format of that size without metadata\n"
		"  -d, --dps DPS            data protection settings\n"
		"  -m, --nmic NMIC          multi-path and sharing capabilities\n"
		"  -a, --anagrp-id ID       ANA group identifier\n"
		"  -i, --nvmset-id ID       NVM set identifier\n"
		"  -y, --csi CSI            command set (default 0, NVM)\n"
		"  -l, --lbstm LBSTM        logical block storage tag mask (bytes 391:384 of the\n"
		"                           host software specified fields)\n"
		"  -t, --timeout MS         completion timeout (default 120000)\n\n"
		EMU_DEV_HELP,
	.run = run_create_ns,
	.emu = true,
};

static int check_delete_ns(const struct cmd *cmd, void *ctx)
{
	const struct ns_args *a = ctx;

	if (!a->have_nsid || !a->nsid)
		return usage_error(cmd, "--namespace-id is required (FFFFFFFFh deletes them all)");
	return 0;
}

static int run_delete_ns(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "namespace-id", required_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = { "n:t:", opts, take_ns, check_delete_ns, 0 };
	struct ns_args a = { .timeout = NS_TIMEOUT_MS };
	struct nvmet_sqe sqe = { 0 };
	struct tdev dev;
	int ret;

	ret = open_dev_args(cmd, argc, argv, &o, &a, &dev);
	if (ret >= 0)
		return ret;
	nvmet_cmd_ns_mgmt(&sqe, NVMET_NS_MGMT_DELETE, a.nsid, 0);
	ret = admin_checked(cmd, &dev, "Namespace Management (delete)", &sqe, NULL, 0, 0,
			    a.timeout, NULL);
	tdev_close(&dev);
	if (!ret)
		printf("%s: Success, deleted nsid:%u\n", cmd->name, a.nsid);
	return ret;
}

const struct cmd cmd_delete_ns = {
	.name = "delete-ns",
	.args = "DEV -n NSID [-t MS]",
	.summary = "Namespace Management: delete a namespace",
	.help = "Send Namespace Management (delete) and say so as nvme-cli does.\n\n"
		"Options:\n"
		"  -n, --namespace-id NSID  the namespace (required; FFFFFFFFh: all)\n"
		"  -t, --timeout MS         completion timeout (default 120000)\n\n"
		EMU_DEV_HELP,
	.run = run_delete_ns,
	.emu = true,
};

/* "1,2,3" into a controller list: a count, then the identifiers. */
static int parse_ctrl_list(const struct cmd *cmd, const char *s, uint8_t *list)
{
	unsigned int n = 0;
	const char *p = s;
	uint32_t id;
	char item[16];
	size_t len;

	while (*p) {
		len = strcspn(p, ",");
		if (!len || len >= sizeof(item) || n == CTRL_LIST_MAX)
			return usage_error(cmd, "controllers '%s': a comma separated list of at"
					   " most %u controller identifiers", s, CTRL_LIST_MAX);
		memcpy(item, p, len);
		item[len] = '\0';
		if (parse_u32(cmd, "controller identifier", item, 0xffff, &id))
			return EXIT_USAGE;
		n++;
		list[2 * n] = (uint8_t)id;
		list[2 * n + 1] = (uint8_t)(id >> 8);
		p += len + (p[len] == ',');
	}
	list[0] = (uint8_t)n;
	list[1] = (uint8_t)(n >> 8);
	return 0;
}

/* One namespace, and the controller list parsed before DEV is opened. */
static int check_attach(const struct cmd *cmd, void *ctx)
{
	struct ns_args *a = ctx;

	if (!a->have_nsid || !a->nsid || a->nsid == 0xffffffff)
		return usage_error(cmd, "--namespace-id is required (one namespace)");
	a->list = calloc(1, 4096);
	if (!a->list)
		return fail(cmd, "out of memory");
	return a->ctrls ? parse_ctrl_list(cmd, a->ctrls, a->list) : 0;
}

static int run_attach(const struct cmd *cmd, int argc, char **argv, bool attach)
{
	static const struct option opts[] = {
		{ "namespace-id", required_argument, NULL, 'n' },
		{ "controllers", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = { "n:c:", opts, take_ns, check_attach, 0 };
	struct ns_args a = { .ctrl_list = true };
	struct nvmet_sqe sqe = { 0 };
	uint8_t *list, id[4096];
	struct tdev dev;
	int ret;

	ret = open_dev_args(cmd, argc, argv, &o, &a, &dev);
	list = a.list;
	if (ret >= 0) {
		free(list);
		return ret;
	}
	ret = 0;
	/* Without -c, this controller: its CNTLID. */
	if (!a.ctrls && !(ret = identify(cmd, &dev, NVMET_CNS_CTRL, 0, id))) {
		list[0] = 1;
		list[2] = id[78];
		list[3] = id[79];
	}
	if (!ret) {
		nvmet_cmd_ns_attach(&sqe, attach ? NVMET_NS_ATTACH_CTRLS : NVMET_NS_DETACH_CTRLS,
				    a.nsid);
		ret = admin_checked(cmd, &dev, attach ? "Namespace Attachment (attach)" :
				    "Namespace Attachment (detach)", &sqe, list, 4096, 1, 0, NULL);
	}
	tdev_close(&dev);
	free(list);
	if (!ret)
		printf("%s: Success, nsid:%u\n", cmd->name, a.nsid);
	return ret;
}

static int run_attach_ns(const struct cmd *cmd, int argc, char **argv)
{
	return run_attach(cmd, argc, argv, true);
}

static int run_detach_ns(const struct cmd *cmd, int argc, char **argv)
{
	return run_attach(cmd, argc, argv, false);
}

#define ATTACH_HELP \
	"Options:\n" \
	"  -n, --namespace-id NSID  the namespace (required)\n" \
	"  -c, --controllers LIST   comma separated controller identifiers (default:\n" \
	"                           this controller)\n\n" \
	EMU_DEV_HELP

const struct cmd cmd_attach_ns = {
	.name = "attach-ns",
	.args = "DEV -n NSID [-c CNTLID,...]",
	.summary = "Namespace Attachment: attach a namespace to controllers",
	.help = "Send Namespace Attachment (attach); the namespace becomes active on those\n"
		"controllers. Prints \"attach-ns: Success, nsid:N\" as nvme-cli does.\n\n"
		ATTACH_HELP,
	.run = run_attach_ns,
	.emu = true,
};

const struct cmd cmd_detach_ns = {
	.name = "detach-ns",
	.args = "DEV -n NSID [-c CNTLID,...]",
	.summary = "Namespace Attachment: detach a namespace from controllers",
	.help = "Send Namespace Attachment (detach); the namespace becomes inactive on those\n"
		"controllers. Prints \"detach-ns: Success, nsid:N\" as nvme-cli does.\n\n"
		ATTACH_HELP,
	.run = run_detach_ns,
	.emu = true,
};
