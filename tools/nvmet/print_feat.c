// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * print_feat.c - a feature's value as get-feature prints it: nvme-cli's
 * "get-feature:0x01 (Arbitration), Current value:0x00000007" line, -H
 * decoding the known features field by field, and JSON with nvme-cli's
 * keys ("name", "Current", "High Priority Weight (HPW)"...).
 */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "fields.h"
#include "printers.h"
#include "tool.h"

const char *feature_name(uint8_t fid)
{
	switch (fid) {
	case 0x01: return "Arbitration";
	case 0x02: return "Power Management";
	case 0x03: return "LBA Range Type";
	case 0x04: return "Temperature Threshold";
	case 0x05: return "Error Recovery";
	case 0x06: return "Volatile Write Cache";
	case 0x07: return "Number of Queues";
	case 0x08: return "Interrupt Coalescing";
	case 0x09: return "Interrupt Vector Configuration";
	case 0x0a: return "Write Atomicity Normal";
	case 0x0b: return "Async Event Configuration";
	case 0x0c: return "Autonomous Power State Transition";
	case 0x0d: return "Host Memory Buffer";
	case 0x0e: return "Timestamp";
	case 0x0f: return "Keep Alive Timer";
	case 0x10: return "Host Controlled Thermal Management";
	case 0x11: return "Non-Operational Power State Config";
	case 0x12: return "Read Recovery Level";
	case 0x13: return "Predictable Latency Mode Config";
	case 0x14: return "Predictable Latency Mode Window";
	case 0x15: return "LBA Status Interval";
	case 0x16: return "Host Behavior";
	case 0x17: return "Sanitize";
	case 0x18: return "Endurance Event Group Configuration";
	case 0x19: return "I/O Command Set Profile";
	case 0x1a: return "Spinup Control";
	case 0x7d: return "Enhanced Controller Metadata";
	case 0x7e: return "Controller Metadata";
	case 0x7f: return "Namespace Metadata";
	case 0x80: return "Software Progress";
	case 0x81: return "Host Identifier";
	case 0x82: return "Reservation Notification Mask";
	case 0x83: return "Reservation Persistence";
	case 0x84: return "Namespace Write Protect";
	}
	return "Unknown";
}

size_t feature_data_len(uint8_t fid, uint32_t cdw11)
{
	switch (fid) {
	case 0x03: return 4096;		/* 64 LBA range entries */
	case 0x0c: return 256;		/* 32 APST entries */
	case 0x0d: return 4096;		/* Host Memory Buffer attributes */
	case 0x0e: return 8;		/* Timestamp */
	case 0x13: return 512;		/* PLM configuration */
	case 0x16: return 512;		/* Host Behavior */
	case 0x81: return cdw11 & 1 ? 16 : 8;	/* 128-bit host identifier when EXHID */
	}
	return 0;
}

/* One decoded field of a feature. */
enum ff_kind {
	FF_NUM,		/* a number */
	FF_DESC,	/* a number and what it means */
	FF_STR,		/* words */
	FF_TEMP,	/* a temperature in Kelvin */
	FF_UNIT,	/* a number with its unit */
};

struct ffield {
	const char *label;
	const char *abbr;	/* the specification's abbreviation, or NULL */
	uint8_t kind;
	uint64_t num;
	const char *str;	/* FF_DESC, FF_STR; FF_UNIT: the unit */
};

#define FF_MAX	16

struct fdecode {
	struct ffield f[FF_MAX];
	unsigned int n;
};

static void add(struct fdecode *d, const char *label, const char *abbr, enum ff_kind kind,
		uint64_t num, const char *str)
{
	if (d->n < FF_MAX)
		d->f[d->n++] = (struct ffield){ label, abbr, kind, num, str };
}

static const char *yes_no(bool b, const char *yes, const char *no)
{
	return b ? yes : no;
}

static const char *const wh_names[] = {
	"No Workload", "Extended Idle Period with a Burst of Random Writes",
	"Heavy Sequential Writes",
};

static const char *const thsel_names[] = {
	"Over Temperature Threshold", "Under Temperature Threshold",
};

static const char *const tmpsel_names[] = {
	"Composite Temperature", "Temperature Sensor 1", "Temperature Sensor 2",
	"Temperature Sensor 3", "Temperature Sensor 4", "Temperature Sensor 5",
	"Temperature Sensor 6", "Temperature Sensor 7", "Temperature Sensor 8",
};

static const char *name_of(const char *const *names, size_t n, uint64_t v)
{
	return v < n ? names[v] : "Reserved";
}

/* The Asynchronous Event Configuration bits nvme-cli names, highest first. */
static const struct {
	uint8_t bit;
	const char *label;
} aec_bits[] = {
	{ 31, "Discovery Log Page Change Notices" },
	{ 27, "Zone Descriptor Changed Notices" },
	{ 15, "Normal NVM Subsystem Shutdown" },
	{ 14, "Endurance Group Event Aggregate Log Change Notices" },
	{ 13, "LBA Status Information Notices" },
	{ 12, "Predictable Latency Event Aggregate Log Change Notices" },
	{ 11, "Asymmetric Namespace Access Change Notices" },
	{ 10, "Telemetry Log Notices" },
	{ 9, "Firmware Activation Notices" },
	{ 8, "Namespace Attribute Notices" },
};

static void decode_timestamp(struct fdecode *d, const uint8_t *data, size_t len)
{
	static char when[64];
	uint64_t ms;
	time_t t;
	struct tm tm;

	if (!data || len < 8)
		return;
	ms = le_uint(data, 6);
	t = (time_t)(ms / 1000);
	if (!gmtime_r(&t, &tm) || !strftime(when, sizeof(when), "%a %b %e %H:%M:%S %Y UTC", &tm))
		snprintf(when, sizeof(when), "-");
	add(d, "timestamp", NULL, FF_NUM, ms, NULL);
	add(d, "timestamp string", NULL, FF_STR, 0, when);
	add(d, "timestamp origin", NULL, FF_STR, 0,
	    yes_no(data[6] & 2, "The Timestamp field was initialized with a Timestamp value"
			       " using a Set Features command.",
		   "The Timestamp field was initialized to 0 by a Controller Level Reset."));
	add(d, "synch", NULL, FF_STR, 0,
	    yes_no(data[6] & 1, "The controller may have stopped counting during vendor"
			       " specific intervals after the Timestamp value was initialized.",
		   "The controller counted time in milliseconds continuously since the"
		   " Timestamp value was initialized."));
}

/* The fields of feature @fid whose DW0 is @v (and data @data); none for the unknown ones. */
static void decode(uint8_t fid, uint32_t v, const uint8_t *data, size_t len, struct fdecode *d)
{
	static char ab[16];
	unsigned int i;

	switch (fid) {
	case 0x01:
		add(d, "High Priority Weight", "HPW", FF_NUM, (v >> 24) + 1, NULL);
		add(d, "Medium Priority Weight", "MPW", FF_NUM, ((v >> 16) & 0xff) + 1, NULL);
		add(d, "Low Priority Weight", "LPW", FF_NUM, ((v >> 8) & 0xff) + 1, NULL);
		if ((v & 7) == 7)
			snprintf(ab, sizeof(ab), "No limit");
		else
			snprintf(ab, sizeof(ab), "%u", 1u << (v & 7));
		add(d, "Arbitration Burst", "AB", FF_STR, 0, ab);
		break;
	case 0x02:
		add(d, "Workload Hint", "WH", FF_DESC, (v >> 5) & 7,
		    name_of(wh_names, BITS_N(wh_names), (v >> 5) & 7));
		add(d, "Power State", "PS", FF_NUM, v & 0x1f, NULL);
		break;
	case 0x03:
		add(d, "Number of LBA Ranges", "NUM", FF_NUM, (v & 0x3f) + 1, NULL);
		break;
	case 0x04:
		add(d, "Threshold Type Select", "THSEL", FF_DESC, (v >> 20) & 3,
		    name_of(thsel_names, BITS_N(thsel_names), (v >> 20) & 3));
		add(d, "Threshold Temperature Select", "TMPSEL", FF_DESC, (v >> 16) & 0xf,
		    name_of(tmpsel_names, BITS_N(tmpsel_names), (v >> 16) & 0xf));
		add(d, "Temperature Threshold", "TMPTH", FF_TEMP, v & 0xffff, NULL);
		break;
	case 0x05:
		add(d, "Deallocated or Unwritten Logical Block Error Enable", "DULBE", FF_STR, 0,
		    yes_no(v & 0x10000, "Enabled", "Disabled"));
		add(d, "Time Limited Error Recovery", "TLER", FF_UNIT, (v & 0xffff) * 100ull, "ms");
		break;
	case 0x06:
		add(d, "Volatile Write Cache Enable", "WCE", FF_STR, 0,
		    yes_no(v & 1, "Enabled", "Disabled"));
		break;
	case 0x07:
		add(d, "Number of IO Completion Queues Allocated", "NCQA", FF_NUM, (v >> 16) + 1,
		    NULL);
		add(d, "Number of IO Submission Queues Allocated", "NSQA", FF_NUM,
		    (v & 0xffff) + 1, NULL);
		break;
	case 0x08:
		add(d, "Aggregation Time", "TIME", FF_UNIT, ((v >> 8) & 0xff) * 100ull, "usec");
		add(d, "Aggregation Threshold", "THR", FF_NUM, (v & 0xff) + 1, NULL);
		break;
	case 0x09:
		add(d, "Coalescing Disable", "CD", FF_STR, 0, yes_no(v & 0x10000, "True", "False"));
		add(d, "Interrupt Vector", "IV", FF_NUM, v & 0xffff, NULL);
		break;
	case 0x0a:
		add(d, "Disable Normal", "DN", FF_STR, 0, yes_no(v & 1, "True", "False"));
		break;
	case 0x0b:
		for (i = 0; i < BITS_N(aec_bits); i++)
			add(d, aec_bits[i].label, NULL, FF_STR, 0,
			    yes_no(v >> aec_bits[i].bit & 1, "Send async event",
				   "Do not send async event"));
		add(d, "SMART / Health Critical Warnings", NULL, FF_STR, 0,
		    yes_no(v & 0xff, "Send async event", "Do not send async event"));
		break;
	case 0x0c:
		add(d, "Autonomous Power State Transition Enable", "APSTE", FF_STR, 0,
		    yes_no(v & 1, "Enabled", "Disabled"));
		break;
	case 0x0d:
		add(d, "Enable Host Memory", "EHM", FF_STR, 0, yes_no(v & 1, "Enabled", "Disabled"));
		if (data && len >= 16) {
			add(d, "Host Memory Buffer Size", "HSIZE", FF_NUM, get_le32(data), NULL);
			add(d, "Host Memory Descriptor List Address", "HMDLAL", FF_NUM,
			    get_le32(data + 4), NULL);
			add(d, "Host Memory Descriptor List Address", "HMDLAU", FF_NUM,
			    get_le32(data + 8), NULL);
			add(d, "Host Memory Descriptor List Entry Count", "HMDLEC", FF_NUM,
			    get_le32(data + 12), NULL);
		}
		break;
	case 0x0e:
		decode_timestamp(d, data, len);
		break;
	case 0x0f:
		add(d, "Keep Alive Timeout (KATO) in milliseconds", NULL, FF_NUM, v, NULL);
		break;
	case 0x10:
		add(d, "Thermal Management Temperature 1", "TMT1", FF_TEMP, v >> 16, NULL);
		add(d, "Thermal Management Temperature 2", "TMT2", FF_TEMP, v & 0xffff, NULL);
		break;
	case 0x11:
		add(d, "Non-Operational Power State Permissive Mode Enable", "NOPPME", FF_STR, 0,
		    yes_no(v & 1, "True", "False"));
		break;
	case 0x12:
		add(d, "Read Recovery Level", "RRL", FF_NUM, v & 0xf, NULL);
		break;
	case 0x16:
		if (data && len >= 1)
			add(d, "Advanced Command Retry Enable", "ACRE", FF_STR, 0,
			    yes_no(data[0] & 1, "True", "False"));
		break;
	case 0x17:
		add(d, "No-Deallocate Response Mode", "NODRM", FF_NUM, v & 1, NULL);
		break;
	case 0x19:
		add(d, "I/O Command Set Profile", NULL, FF_STR, 0, yes_no(v & 1, "True", "False"));
		break;
	}
}

/* The label and abbreviation as one key: "High Priority Weight (HPW)". */
static const char *key_of(const struct ffield *f, char *buf, size_t len)
{
	if (!f->abbr)
		return f->label;
	snprintf(buf, len, "%s (%s)", f->label, f->abbr);
	return buf;
}

static void print_decoded(const struct fdecode *d)
{
	size_t w = 0, l;
	unsigned int i;

	/* nvme-cli aligns the colons, the abbreviations pushed right against them. */
	for (i = 0; i < d->n; i++) {
		l = strlen(d->f[i].label) + (d->f[i].abbr ? strlen(d->f[i].abbr) + 3 : 0);
		if (l > w)
			w = l;
	}
	for (i = 0; i < d->n; i++) {
		const struct ffield *f = &d->f[i];

		if (f->abbr)
			printf("\t%s%*s(%s): ", f->label,
			       (int)(w - strlen(f->label) - strlen(f->abbr) - 2), "", f->abbr);
		else
			printf("\t%-*s: ", (int)w, f->label);
		switch (f->kind) {
		case FF_NUM:  printf("%" PRIu64 "\n", f->num); break;
		case FF_DESC: printf("%" PRIu64 " - %s\n", f->num, f->str); break;
		case FF_STR:  printf("%s\n", f->str); break;
		case FF_TEMP:
			printf("%ld°C (%u Kelvin)\n", kelvin_to_celsius((unsigned int)f->num),
			       (unsigned int)f->num);
			break;
		case FF_UNIT: printf("%" PRIu64 " %s\n", f->num, f->str); break;
		}
	}
}

static void json_decoded(struct json *j, const struct fdecode *d)
{
	char key[96], sub[48], val[48];
	unsigned int i;

	for (i = 0; i < d->n; i++) {
		const struct ffield *f = &d->f[i];
		const char *k = key_of(f, key, sizeof(key));

		switch (f->kind) {
		case FF_NUM:
			json_uint(j, k, f->num);
			break;
		case FF_DESC:
			json_uint(j, k, f->num);
			snprintf(sub, sizeof(sub), "%s description", f->abbr);
			json_str(j, sub, f->str);
			break;
		case FF_STR:
			json_str(j, k, f->str);
			break;
		case FF_TEMP:
			snprintf(val, sizeof(val), "%ld°C", kelvin_to_celsius((unsigned int)f->num));
			json_str(j, k, val);
			snprintf(sub, sizeof(sub), "%s kelvin", f->abbr);
			snprintf(val, sizeof(val), "%u K", (unsigned int)f->num);
			json_str(j, sub, val);
			break;
		case FF_UNIT:
			snprintf(val, sizeof(val), "%" PRIu64 " %s", f->num, f->str);
			json_str(j, k, val);
			break;
		}
	}
}

static const char *sel_name(unsigned int sel)
{
	static const char *const names[] = {
		"Current", "Default", "Saved", "Supported capabilities",
	};

	if (sel < 4)
		return names[sel];
	return sel == 8 ? "Changed" : "Reserved";
}

/* Select 3's answer: what may be done with the feature. */
static const char *const caps[] = { "saveable", "per-namespace", "changeable" };

static void json_feature(struct json *j, uint8_t fid, unsigned int sel, uint32_t value,
			 const struct fdecode *d)
{
	char text[32];
	unsigned int i;

	json_obj_open(j, NULL);
	snprintf(text, sizeof(text), "%#0*x", fid ? 4 : 2, fid);
	json_str(j, "feature", text);
	json_str(j, "name", feature_name(fid));
	snprintf(text, sizeof(text), "%#0*x", value ? 10 : 8, value);
	json_str(j, sel_name(sel), text);
	if (sel == 3) {
		snprintf(text, sizeof(text), "Feature: %#0*x: select", fid ? 4 : 2, fid);
		json_arr_open(j, text);
		for (i = 0; i < 3; i++) {
			if (value >> i & 1)
				json_str(j, NULL, caps[i]);
		}
		json_arr_close(j);
	}
	json_decoded(j, d);
	json_obj_close(j);
}

void show_feature_fields(uint8_t fid, uint32_t value, const uint8_t *data, size_t len)
{
	struct fdecode d = { .n = 0 };

	decode(fid, value, data, len, &d);
	print_decoded(&d);
}

void show_feature(uint8_t fid, unsigned int sel, uint32_t value, const uint8_t *data,
		  size_t len, const struct out *o, struct json *j)
{
	struct fdecode d = { .n = 0 };
	struct json own = { 0 };
	unsigned int i;

	if (sel != 3)
		decode(fid, value, data, len, &d);
	if (o->kind == OUT_JSON) {
		json_feature(j ? j : &own, fid, sel, value, &d);
		return;
	}
	printf("get-feature:%#0*x (%s), %s value:%#0*x\n", fid ? 4 : 2, fid, feature_name(fid),
	       sel_name(sel), value ? 10 : 8, value);
	if (sel == 3) {
		for (i = 0; i < 3; i++) {
			if (value >> i & 1)
				printf("  Feature is %s\n", caps[i]);
		}
	} else if (o->human && d.n) {
		print_decoded(&d);
	} else if (data && len) {
		hexdump(data, len);
	}
}
