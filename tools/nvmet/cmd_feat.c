// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_feat.c - get-feature and set-feature, with nvme-cli's options: one
 * feature, or every feature the controller knows when no -f is given.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "printers.h"
#include "tool.h"

/* Features are read at most this long (LBA Range Type, Host Memory Buffer). */
#define FEAT_DATA_MAX	4096

struct feat_args {
	struct out out;
	uint32_t fid;
	uint32_t nsid;
	uint32_t sel;
	uint32_t data_len;
	uint32_t cdw11;
	uint32_t cdw12;
	uint32_t uuid;
	uint64_t value;
	const char *file;
	bool have_fid;
	bool have_value;
	bool save;
	bool raw;
	bool set;	/* set-feature: -c is CDW12, -s takes no value */
	size_t len;	/* set-feature: the data it sends */
	uint8_t data[FEAT_DATA_MAX];
};

static int take_feat(const struct cmd *cmd, int c, const char *arg, void *ctx)
{
	struct feat_args *a = ctx;
	int ret;

	/* -b means the data in binary here, not the whole output. */
	ret = c == 'b' ? 0 : out_option(cmd, c, arg, OUT_NO_BINARY, &a->out);
	if (ret)
		return ret == 1 ? 0 : ret;
	switch (c) {
	case 'f':
		a->have_fid = true;
		return parse_u32(cmd, "feature-id", arg, 0xff, &a->fid);
	case 'n':
		return parse_u32(cmd, "namespace-id", arg, UINT32_MAX, &a->nsid);
	case 's':
		if (a->set) {
			a->save = true;
			return 0;
		}
		ret = parse_u32(cmd, "sel", arg, 8, &a->sel);
		if (!ret && a->sel > 3 && a->sel != 8)
			ret = usage_error(cmd, "sel %u: 0 current, 1 default, 2 saved, 3"
					  " supported capabilities, 8 changed", a->sel);
		return ret;
	case 'l':
		return parse_u32(cmd, "data-len", arg, FEAT_DATA_MAX, &a->data_len);
	case 'c':
		return parse_u32(cmd, a->set ? "cdw12" : "cdw11", arg, UINT32_MAX,
				 a->set ? &a->cdw12 : &a->cdw11);
	case 'U':
		return parse_u32(cmd, "uuid-index", arg, 0x7f, &a->uuid);
	case 'v':
		a->have_value = true;
		return parse_u64(cmd, "value", arg, UINT64_MAX, &a->value);
	case 'd':
		a->file = arg;
		return 0;
	case 'b':
		a->raw = true;
		return 0;
	}
	return 0;
}

/*
 * Get Features for @fid with select @sel. Return: 0 with @value and @data
 * filled; -1, unreported, for an Invalid Field or Invalid Namespace status
 * when @quiet_invalid (while listing every feature, as nvme-cli leaves out
 * those the controller does not know or has per namespace only); else
 * EXIT_FAIL, reported.
 */
static int get_one(const struct cmd *cmd, struct tdev *dev, const struct feat_args *a,
		   uint8_t fid, unsigned int sel, uint32_t *value, uint8_t *data, size_t len,
		   bool quiet_invalid)
{
	struct nvmet_feat_opts fo = { .nsid = a->nsid, .uuid_index = a->uuid };
	struct nvmet_sqe sqe = { 0 };
	char what[96];
	struct nvmet_cqe cqe;
	int ret;

	nvmet_cmd_get_features(&sqe, fid, sel, a->cdw11, &fo);
	memset(data, 0, len);
	ret = tdev_admin(dev, &sqe, data, len, 0, 0, &cqe);
	/* Unknown to the controller, or namespace specific (NSID FFFFFFFFh refused). */
	if (!ret && quiet_invalid && !NVMET_CQE_SCT(cqe.status) &&
	    (NVMET_CQE_SC(cqe.status) == NVMET_SC_INVALID_FIELD ||
	     NVMET_CQE_SC(cqe.status) == NVMET_SC_INVALID_NS))
		return -1;
	snprintf(what, sizeof(what), "Get Features (%s, FID %02xh)", feature_name(fid), fid);
	if (admin_report(cmd, what, ret, &cqe))
		return EXIT_FAIL;
	*value = cqe.dw0;
	return 0;
}

/*
 * One feature. With select 8 (changed), it is shown only when the current
 * value is not the default. Return as get_one().
 */
static int show_one(const struct cmd *cmd, struct tdev *dev, const struct feat_args *a,
		    uint8_t fid, bool all, struct json *j)
{
	size_t len = a->sel == 3 ? 0 : a->data_len ? a->data_len : feature_data_len(fid, a->cdw11);
	uint8_t data[FEAT_DATA_MAX], def[FEAT_DATA_MAX];
	uint32_t value, dvalue;
	int ret;

	ret = get_one(cmd, dev, a, fid, a->sel == 8 ? 0 : a->sel, &value, data, len, all);
	if (ret)
		return ret;
	if (a->sel == 8) {
		ret = get_one(cmd, dev, a, fid, 1, &dvalue, def, len, all);
		if (ret)
			return ret;
		if (value == dvalue && !memcmp(data, def, len))
			return 0;
	}
	if (a->raw && len)
		return out_binary(cmd, data, len);
	show_feature(fid, a->sel, value, len ? data : NULL, len, &a->out, j);
	return 0;
}

static int check_get_feature(const struct cmd *cmd, void *ctx)
{
	const struct feat_args *a = ctx;

	if (a->have_fid && !a->fid)
		return usage_error(cmd, "feature-id 0 is reserved");
	if (a->raw && a->out.kind == OUT_JSON)
		return usage_error(cmd, "-b (the data in binary) and -o json exclude each other");
	return 0;
}

static int run_get_feature(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "feature-id", required_argument, NULL, 'f' },
		{ "namespace-id", required_argument, NULL, 'n' },
		{ "sel", required_argument, NULL, 's' },
		{ "data-len", required_argument, NULL, 'l' },
		{ "raw-binary", no_argument, NULL, 'b' },
		{ "cdw11", required_argument, NULL, 'c' },
		{ "uuid-index", required_argument, NULL, 'U' },
		OUT_OPT_HUMAN, OUT_OPT_FORMAT,
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = {
		"f:n:s:l:bc:U:Ho:", opts, take_feat, check_get_feature, 0,
	};
	struct feat_args a = { .nsid = 0xffffffff };
	struct json j = { 0 };
	struct tdev dev;
	bool any = false;
	unsigned int fid;
	int ret;

	ret = open_dev_args(cmd, argc, argv, &o, &a, &dev);
	if (ret >= 0)
		return ret;
	ret = 0;
	if (a.have_fid) {
		ret = show_one(cmd, &dev, &a, (uint8_t)a.fid, false, NULL);
	} else {
		/* Every feature, those the controller refuses with Invalid Field left out. */
		if (a.out.kind == OUT_JSON)
			json_arr_open(&j, NULL);
		for (fid = 1; fid < 0x100 && ret != EXIT_FAIL; fid++) {
			ret = show_one(cmd, &dev, &a, (uint8_t)fid, true,
				       a.out.kind == OUT_JSON ? &j : NULL);
			any |= !ret;
		}
		if (a.out.kind == OUT_JSON && ret != EXIT_FAIL)
			json_arr_close(&j);
		ret = ret == EXIT_FAIL ? ret : any ? 0 : fail(cmd, "no feature answered");
	}
	tdev_close(&dev);
	return ret;
}

const struct cmd cmd_get_feature = {
	.name = "get-feature",
	.args = "DEV [-f FID] [-n NSID] [-s SEL] [-c CDW11] [-l LEN] [-U UUID] [-H] [-b]\n"
		"       [-o normal|json]",
	.summary = "a feature's value (every feature without -f), decoded",
	.help = "Send Get Features and print the value as nvme-cli does:\n"
		"\"get-feature:0x06 (Volatile Write Cache), Current value:0x00000001\", the\n"
		"feature's data in hex, -H the fields of the known features. Without -f, every\n"
		"feature from 01h to FFh that the controller does not refuse with Invalid\n"
		"Field or Invalid Namespace (a JSON array of them with -o json).\n\n"
		"Options:\n"
		"  -f, --feature-id FID     the feature (01h..FFh)\n"
		"  -n, --namespace-id NSID  namespace (default FFFFFFFFh)\n"
		"  -s, --sel SEL            0 current (default), 1 default, 2 saved,\n"
		"                           3 supported capabilities, 8 changed (the features\n"
		"                           whose current value is not the default)\n"
		"  -c, --cdw11 CDW11        feature specific dword 11\n"
		"  -l, --data-len LEN       bytes of data to read (default: the feature's)\n"
		"  -U, --uuid-index UUID    UUID index, 0..127\n"
		"  -b, --raw-binary         the feature's data, raw, on stdout\n"
		"  -H, --human-readable     decode the known features field by field\n"
		OUT_HELP_FORMAT_NB "\n"
		EMU_DEV_HELP,
	.run = run_get_feature,
	.emu = true,
};

/* The data Set Features sends: the file's, stdin's, or the Timestamp from --value. */
static int load_data(const struct cmd *cmd, const struct feat_args *a, uint8_t *data,
		     size_t len)
{
	FILE *f;
	size_t n;
	int bad;

	if (a->fid == NVMET_FEAT_TIMESTAMP && a->value && !a->file) {
		uint64_t v = a->value;
		size_t i;

		for (i = 0; i < len && i < 8; i++, v >>= 8)
			data[i] = (uint8_t)v;
		return 0;
	}
	f = a->file && strcmp(a->file, "-") ? fopen(a->file, "rbe") : stdin;
	if (!f)
		return fail(cmd, "%s: %s", a->file, strerror(errno));
	n = fread(data, 1, len, f);
	bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad)
		return fail(cmd, "%s: read error", a->file ? a->file : "stdin");
	if (n < len)
		memset(data + n, 0, len - n);
	return 0;
}

/* The options together, then the data read (before DEV is opened: stdin may be a pipe). */
static int check_set_feature(const struct cmd *cmd, void *ctx)
{
	struct feat_args *a = ctx;

	if (!a->have_fid || !a->fid)
		return usage_error(cmd, "--feature-id is required (01h..FFh)");
	if (a->value > UINT32_MAX && a->fid != NVMET_FEAT_TIMESTAMP)
		return usage_error(cmd, "--value %#llx does not fit dword 11",
				   (unsigned long long)a->value);
	a->len = a->data_len ? a->data_len : a->fid == 0x0d ? 0 :
		 feature_data_len((uint8_t)a->fid, (uint32_t)a->value);
	return a->len ? load_data(cmd, a, a->data, a->len) : 0;
}

static int run_set_feature(const struct cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "namespace-id", required_argument, NULL, 'n' },
		{ "feature-id", required_argument, NULL, 'f' },
		{ "value", required_argument, NULL, 'v' },
		{ "cdw12", required_argument, NULL, 'c' },
		{ "uuid-index", required_argument, NULL, 'U' },
		{ "data-len", required_argument, NULL, 'l' },
		{ "data", required_argument, NULL, 'd' },
		{ "save", no_argument, NULL, 's' },
		OUT_OPT_HUMAN,
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct cmd_opts o = {
		"n:f:v:c:U:l:d:sH", opts, take_feat, check_set_feature, 0,
	};
	struct feat_args a = { .nsid = 0xffffffff, .set = true };
	struct nvmet_feat_opts fo = { 0 };
	struct nvmet_sqe sqe = { 0 };
	struct nvmet_cqe cqe;
	struct tdev dev;
	char what[96];
	size_t len;
	int ret;

	ret = open_dev_args(cmd, argc, argv, &o, &a, &dev);
	if (ret >= 0)
		return ret;
	len = a.len;
	fo = (struct nvmet_feat_opts){ .nsid = a.nsid, .cdw12 = a.cdw12, .uuid_index = a.uuid };
	nvmet_cmd_set_features(&sqe, (uint8_t)a.fid, a.save,
			       a.fid == NVMET_FEAT_TIMESTAMP && len ? 0 : (uint32_t)a.value, &fo);
	snprintf(what, sizeof(what), "Set Features (%s, FID %02xh)", feature_name((uint8_t)a.fid),
		 a.fid);
	ret = admin_checked(cmd, &dev, what, &sqe, len ? a.data : NULL, len, 1, 0, &cqe);
	tdev_close(&dev);
	if (ret)
		return ret;
	printf("set-feature:%#0*x (%s), value:%#0*llx, cdw12:%#0*x, save:%#x\n", a.fid ? 4 : 2,
	       a.fid, feature_name((uint8_t)a.fid), a.value ? 10 : 8,
	       (unsigned long long)a.value, a.cdw12 ? 10 : 8, a.cdw12, a.save);
	if (a.out.human)
		show_feature_fields((uint8_t)a.fid, (uint32_t)a.value, len ? a.data : NULL, len);
	else if (len)
		hexdump(a.data, len);
	return 0;
}

const struct cmd cmd_set_feature = {
	.name = "set-feature",
	.args = "DEV -f FID [-v VALUE] [-n NSID] [-c CDW12] [-U UUID] [-l LEN] [-d FILE] [-s]\n"
		"       [-H]",
	.summary = "change a feature",
	.help = "Send Set Features and print what was set as nvme-cli does:\n"
		"\"set-feature:0x06 (Volatile Write Cache), value:00000000, cdw12:00000000,\n"
		"save:0\". The features that take data (Timestamp, Host Behavior, LBA Range\n"
		"Type...) read it from FILE, or stdin; the Timestamp may come from --value.\n\n"
		"Options:\n"
		"  -f, --feature-id FID     the feature (required)\n"
		"  -v, --value VALUE        dword 11, the new value of most features\n"
		"  -n, --namespace-id NSID  namespace (default FFFFFFFFh)\n"
		"  -c, --cdw12 CDW12        feature specific dword 12\n"
		"  -U, --uuid-index UUID    UUID index, 0..127\n"
		"  -l, --data-len LEN       bytes of data to send (default: the feature's)\n"
		"  -d, --data FILE          the data ('-' or nothing: stdin)\n"
		"  -s, --save               the value persists across resets and power cycles\n"
		"  -H, --human-readable     decode what was set\n\n"
		EMU_DEV_HELP,
	.run = run_set_feature,
	.emu = true,
};
