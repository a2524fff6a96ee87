// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * print_error_log.c - Error Information log entries in nvme-cli's
 * error-log layout and JSON.
 */
#include <inttypes.h>

#include "printers.h"
#include "tool.h"

#define ENTRY_SIZE	64

static const char *trtype_name(uint8_t t)
{
	switch (t) {
	case 0:   return "The transport type is not indicated or the error is not transport related.";
	case 1:   return "RDMA Transport error.";
	case 2:   return "Fibre Channel Transport error.";
	case 3:   return "TCP Transport error.";
	case 254: return "Intra-host Transport error.";
	}
	return "Reserved";
}

static void json_entries(const uint8_t *log, unsigned int entries)
{
	struct json j = { 0 };
	unsigned int i;

	json_obj_open(&j, NULL);
	json_arr_open(&j, "errors");
	for (i = 0; i < entries; i++) {
		const uint8_t *e = log + ENTRY_SIZE * i;

		json_obj_open(&j, NULL);
		json_uint(&j, "error_count", get_le64(e));
		json_uint(&j, "sqid", get_le16(e + 8));
		json_uint(&j, "cmdid", get_le16(e + 10));
		json_uint(&j, "status_field", get_le16(e + 12) >> 1);
		json_uint(&j, "phase_tag", get_le16(e + 12) & 1);
		json_uint(&j, "parm_error_location", get_le16(e + 14));
		json_uint(&j, "lba", get_le64(e + 16));
		json_uint(&j, "nsid", get_le32(e + 24));
		json_uint(&j, "vs", e[28]);
		json_uint(&j, "trtype", e[29]);
		json_uint(&j, "cs", get_le64(e + 32));
		json_uint(&j, "trtype_spec_info", get_le16(e + 40));
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_obj_close(&j);
}

void show_error_log(const uint8_t *log, unsigned int entries, const char *dev,
		    const struct out *o)
{
	char st[NVMET_STATUS_STR_MAX];
	unsigned int i;

	if (o->kind == OUT_JSON) {
		json_entries(log, entries);
		return;
	}
	printf("Error Log Entries for device:%s entries:%u\n", dev, entries);
	printf(".................\n");
	for (i = 0; i < entries; i++) {
		const uint8_t *e = log + ENTRY_SIZE * i;
		uint16_t status = get_le16(e + 12);

		nvmet_status_snprint(st, sizeof(st), status);
		printf(" Entry[%2u]   \n", i);
		printf(".................\n");
		printf("error_count\t: %" PRIu64 "\n", get_le64(e));
		printf("sqid\t\t: %u\n", get_le16(e + 8));
		printf("cmdid\t\t: %#x\n", get_le16(e + 10));
		printf("status_field\t: %#x(%s)\n", status >> 1, st);
		printf("phase_tag\t: %#x\n", status & 1);
		printf("parm_err_loc\t: %#x\n", get_le16(e + 14));
		printf("lba\t\t: %#" PRIx64 "\n", get_le64(e + 16));
		printf("nsid\t\t: %#x\n", get_le32(e + 24));
		printf("vs\t\t: %u\n", e[28]);
		printf("trtype\t\t: %s\n", trtype_name(e[29]));
		printf("cs\t\t: %#" PRIx64 "\n", get_le64(e + 32));
		printf("trtype_spec_info: %#x\n", get_le16(e + 40));
		printf(".................\n");
	}
}
