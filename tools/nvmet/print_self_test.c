// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * print_self_test.c - the Device Self-test log in nvme-cli's self-test-log
 * layout and JSON.
 */
#include <inttypes.h>

#include "printers.h"
#include "tool.h"

#define RESULT_OFF	4
#define RESULT_SIZE	28
#define RESULTS_MAX	20

/* Valid Diagnostic Information bits: which of the result's fields hold something. */
#define VDI_NSID	(1u << 0)
#define VDI_FLBA	(1u << 1)
#define VDI_SCT		(1u << 2)
#define VDI_SC		(1u << 3)

#define NOT_USED	0xf

static const char *const result_names[] = {
	"Operation completed without error",
	"Operation was aborted by a Device Self-test command",
	"Operation was aborted by a Controller Level Reset",
	"Operation was aborted due to a removal of a namespace from the namespace inventory",
	"Operation was aborted due to the processing of a Format NVM command",
	"A fatal error or unknown test error occurred while the controller was executing the"
		" device self-test operation and the operation did not complete",
	"Operation completed with a segment that failed and the segment that failed is not known",
	"Operation completed with one or more failed segments and the first segment that failed"
		" is indicated in the SegmentNumber field",
	"Operation was aborted for unknown reason",
	"Operation was aborted due to a sanitize operation",
};

static const char *code_name(unsigned int code)
{
	switch (code) {
	case 1:   return "Short device self-test operation";
	case 2:   return "Extended device self-test operation";
	case 0xe: return "Vendor specific";
	}
	return "Reserved";
}

static void print_result(const uint8_t *r, bool human)
{
	unsigned int op = r[0] & 0xf, code = r[0] >> 4;

	printf("  Operation Result             : %#x", op);
	if (human)
		printf(" %s", op == NOT_USED ? "Entry not used (does not contain a result)" :
			      op < BITS_N(result_names) ? result_names[op] : "Reserved");
	printf("\n");
	if (op == NOT_USED)
		return;
	printf("  Self Test Code               : %x", code);
	if (human)
		printf(" %s", code_name(code));
	printf("\n");
	if (op == 7)
		printf("  Segment Number               : %#x\n", r[1]);
	printf("  Valid Diagnostic Information : %#x\n", r[2]);
	printf("  Power on hours (POH)         : %#" PRIx64 "\n", get_le64(r + 4));
	if (r[2] & VDI_NSID)
		printf("  Namespace Identifier         : %#x\n", get_le32(r + 12));
	if (r[2] & VDI_FLBA)
		printf("  Failing LBA                  : %#" PRIx64 "\n", get_le64(r + 16));
	if (r[2] & VDI_SCT)
		printf("  Status Code Type             : %#x\n", r[24]);
	if (r[2] & VDI_SC) {
		printf("  Status Code                  : %#x", r[25]);
		if (human)
			printf(" %s", nvmet_status_name(r[24] & 7, r[25]));
		printf("\n");
	}
	printf("  Vendor Specific              : %#x %#x\n", r[26], r[27]);
}

static void json_result(struct json *j, const uint8_t *r)
{
	json_obj_open(j, NULL);
	json_uint(j, "Self test result", r[0] & 0xf);
	if ((r[0] & 0xf) != NOT_USED) {
		json_uint(j, "Self test code", r[0] >> 4);
		json_uint(j, "Segment number", r[1]);
		json_uint(j, "Valid Diagnostic Information", r[2]);
		json_uint(j, "Power on hours", get_le64(r + 4));
		if (r[2] & VDI_NSID)
			json_uint(j, "Namespace Identifier", get_le32(r + 12));
		if (r[2] & VDI_FLBA)
			json_uint(j, "Failing LBA", get_le64(r + 16));
		if (r[2] & VDI_SCT)
			json_uint(j, "Status Code Type", r[24]);
		if (r[2] & VDI_SC)
			json_uint(j, "Status Code", r[25]);
		json_uint(j, "Vendor Specific", get_le16(r + 26));
	}
	json_obj_close(j);
}

void show_self_test_log(const uint8_t *log, unsigned int entries, const char *dev,
			const struct out *o)
{
	struct json j = { 0 };
	unsigned int i;

	if (entries > RESULTS_MAX)
		entries = RESULTS_MAX;
	if (o->kind == OUT_JSON) {
		json_obj_open(&j, NULL);
		json_uint(&j, "Current Device Self-Test Operation", log[0]);
		json_uint(&j, "Current Device Self-Test Completion", log[1]);
		json_arr_open(&j, "List of Valid Reports");
		for (i = 0; i < entries; i++)
			json_result(&j, log + RESULT_OFF + RESULT_SIZE * i);
		json_arr_close(&j);
		json_obj_close(&j);
		return;
	}
	printf("Device Self Test Log for NVME device:%s\n", dev);
	printf("Current operation  : %#x\n", log[0]);
	printf("Current Completion : %u%%\n", log[1]);
	for (i = 0; i < entries; i++) {
		printf("Self Test Result[%u]:\n", i);
		print_result(log + RESULT_OFF + RESULT_SIZE * i, o->human);
	}
}
