// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * print_fw_log.c - the Firmware Slot Information log in nvme-cli's fw-log
 * layout and JSON.
 */
#include <inttypes.h>

#include "printers.h"
#include "tool.h"

#define FRS_OFF	8	/* seven 8-byte revisions, slots 1 to 7 */

/* A revision's 8 bytes, '.' for what does not print (as nvme-cli shows them). */
static void revision(const uint8_t *frs, char out[9])
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		out[i] = frs[i] >= '!' && frs[i] <= '~' ? (char)frs[i] : '.';
	out[8] = '\0';
}

void show_fw_log(const uint8_t *log, const char *dev, const struct out *o)
{
	struct json j = { 0 };
	char rev[9], key[24], val[48];
	unsigned int i;

	if (o->kind == OUT_JSON) {
		json_obj_open(&j, NULL);
		json_obj_open(&j, dev);
		json_uint(&j, "Active Firmware Slot (afi)", log[0]);
	} else {
		printf("Firmware Log for device:%s\n", dev);
		printf("afi  : %#x\n", log[0]);
	}
	for (i = 0; i < 7; i++) {
		const uint8_t *frs = log + FRS_OFF + 8 * i;

		/* An empty slot reads zeros: nvme-cli skips it. */
		if (!frs[0])
			continue;
		revision(frs, rev);
		if (o->kind == OUT_JSON) {
			snprintf(key, sizeof(key), "Firmware Rev Slot %u", i + 1);
			snprintf(val, sizeof(val), "%" PRIu64 " (%s)", get_le64(frs), rev);
			json_str(&j, key, val);
		} else {
			printf("frs%u : %#016" PRIx64 " (%s)\n", i + 1, get_le64(frs), rev);
		}
	}
	if (o->kind == OUT_JSON) {
		json_obj_close(&j);
		json_obj_close(&j);
	}
}
