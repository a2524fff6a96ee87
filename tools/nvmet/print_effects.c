// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * print_effects.c - the Commands Supported and Effects log in nvme-cli's
 * effects-log layout and JSON, whose keys name each command as nvme-cli
 * spells it ("ACS_6 (Identify)").
 */
#include "printers.h"
#include "tool.h"

#define IOCS_OFF	1024	/* 256 admin entries, then 256 I/O entries */

/* Bits of an effects entry. */
#define CSUPP	(1u << 0)
#define LBCC	(1u << 1)
#define NCC	(1u << 2)
#define NIC	(1u << 3)
#define CCC	(1u << 4)
#define USS	(1u << 19)

struct opname {
	uint8_t opc;
	const char *name;
};

/* nvme-cli's names: scripts read them in the JSON keys. */
static const struct opname admin_names[] = {
	{ 0x00, "Delete I/O Submission Queue" }, { 0x01, "Create I/O Submission Queue" },
	{ 0x02, "Get Log Page" }, { 0x04, "Delete I/O Completion Queue" },
	{ 0x05, "Create I/O Completion Queue" }, { 0x06, "Identify" }, { 0x08, "Abort" },
	{ 0x09, "Set Features" }, { 0x0a, "Get Features" },
	{ 0x0c, "Asynchronous Event Request" }, { 0x0d, "Namespace Management" },
	{ 0x10, "Firmware Commit" }, { 0x11, "Firmware Image Download" },
	{ 0x14, "Device Self-test" }, { 0x15, "Namespace Attachment" }, { 0x18, "Keep Alive" },
	{ 0x19, "Directive Send" }, { 0x1a, "Directive Receive" },
	{ 0x1c, "Virtualization Management" }, { 0x1d, "NVMe-MI Send" },
	{ 0x1e, "NVMe-MI Receive" }, { 0x7c, "Doorbell Buffer Config" }, { 0x80, "Format NVM" },
	{ 0x81, "Security Send" }, { 0x82, "Security Receive" }, { 0x84, "Sanitize" },
	{ 0x86, "Get LBA Status" },
};

static const struct opname io_names[] = {
	{ 0x00, "Flush" }, { 0x01, "Write" }, { 0x02, "Read" }, { 0x04, "Write Uncorrectable" },
	{ 0x05, "Compare" }, { 0x08, "Write Zeroes" }, { 0x09, "Dataset Management" },
	{ 0x0c, "Verify" }, { 0x0d, "Reservation Register" }, { 0x0e, "Reservation Report" },
	{ 0x11, "Reservation Acquire" }, { 0x15, "Reservation Release" }, { 0x19, "Copy" },
	{ 0x79, "Zone Management Send" }, { 0x7a, "Zone Management Receive" },
	{ 0x7d, "Zone Append" },
};

static const char *op_name(bool admin, unsigned int opc)
{
	const struct opname *t = admin ? admin_names : io_names;
	size_t i, n = admin ? BITS_N(admin_names) : BITS_N(io_names);

	for (i = 0; i < n; i++) {
		if (t[i].opc == opc)
			return t[i].name;
	}
	return "Unknown";
}

static const char *const cse_names[] = {
	"No command restriction", "No other command for same namespace",
	"No other command for any namespace",
};

static void print_entry(bool admin, unsigned int opc, uint32_t e, bool human)
{
	unsigned int cse = (e >> 16) & 7;

	printf(admin ? "ACS%-6u[%-32s] %08x" : "IOCS%-5u[%-32s] %08x", opc, op_name(admin, opc),
	       e);
	if (!human) {
		printf("\n");
		return;
	}
	printf("  CSUPP+  LBCC%c  NCC%c  NIC%c  CCC%c  USS%c  %s\n", e & LBCC ? '+' : '-',
	       e & NCC ? '+' : '-', e & NIC ? '+' : '-', e & CCC ? '+' : '-',
	       e & USS ? '+' : '-', cse < 3 ? cse_names[cse] : "Reserved CSE");
}

/* The supported commands of opcodes @first to @last, under @header if there are any. */
static void print_segment(const uint8_t *log, bool admin, unsigned int first, unsigned int last,
			  const char *header, bool human)
{
	const uint8_t *base = admin ? log : log + IOCS_OFF;
	bool any = false;
	unsigned int opc;

	for (opc = first; opc <= last; opc++) {
		uint32_t e = get_le32(base + 4 * opc);

		if (!(e & CSUPP))
			continue;
		if (!any)
			printf("%s\n", header);
		any = true;
		print_entry(admin, opc, e, human);
	}
	if (any)
		printf("\n");
}

static void json_set(struct json *j, const uint8_t *base, bool admin)
{
	char key[64];
	unsigned int opc;

	json_obj_open(j, admin ? "admin_cmd_set" : "io_cmd_set");
	for (opc = 0; opc < 256; opc++) {
		uint32_t e = get_le32(base + 4 * opc);

		if (!(e & CSUPP))
			continue;
		snprintf(key, sizeof(key), "%s_%u (%s)", admin ? "ACS" : "IOCS", opc,
			 op_name(admin, opc));
		json_uint(j, key, e);
	}
	json_obj_close(j);
}

void show_effects_log(const uint8_t *log, unsigned int csi, const struct out *o)
{
	struct json j = { 0 };

	if (o->kind == OUT_JSON) {
		/* An array of pages, one per command set, as nvme-cli gives it. */
		json_arr_open(&j, NULL);
		json_obj_open(&j, NULL);
		json_uint(&j, "command_set_identifier", csi);
		json_set(&j, log, true);
		json_set(&j, log + IOCS_OFF, false);
		json_obj_close(&j);
		json_arr_close(&j);
		return;
	}
	printf("%s Command Set Log Page\n", csi == 0 ? "NVM" : csi == 2 ? "ZNS" : "Unknown");
	printf("--------------------------------------------------------------------------------\n");
	print_segment(log, true, 0, 0xbe, "Admin Commands", o->human);
	print_segment(log, true, 0xc0, 0xfe, "Vendor Specific Admin Commands", o->human);
	print_segment(log, false, 0, 0x7f, "I/O Commands", o->human);
	print_segment(log, false, 0x80, 0xff, "Vendor Specific I/O Commands", o->human);
}
