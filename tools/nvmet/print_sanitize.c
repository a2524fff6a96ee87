// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * print_sanitize.c - the Sanitize Status log in nvme-cli's sanitize-log
 * layout and JSON.
 */
#include "printers.h"
#include "tool.h"

static const char *const status_names[] = {
	"NVM Subsystem has never been sanitized.",
	"Most Recent Sanitize Command Completed Successfully.",
	"Sanitize in Progress.",
	"Most Recent Sanitize Command Failed.",
	"Most Recent Sanitize Command (No-Deallocate After Sanitize) Completed Successfully.",
};

static const char *status_name(unsigned int st)
{
	return st < BITS_N(status_names) ? status_names[st] : "Unknown";
}

/* The estimated times, by offset, with their JSON keys and labels. */
static const struct {
	uint16_t off;
	const char *key;
	const char *label;
} times[] = {
	{ 8, "time_over_write", "Estimated Time For Overwrite                   " },
	{ 12, "time_block_erase", "Estimated Time For Block Erase                 " },
	{ 16, "time_crypto_erase", "Estimated Time For Crypto Erase                " },
	{ 20, "time_over_write_no_dealloc", "Estimated Time For Overwrite (No-Deallocate)   " },
	{ 24, "time_block_erase_no_dealloc", "Estimated Time For Block Erase (No-Deallocate) " },
	{ 28, "time_crypto_erase_no_dealloc", "Estimated Time For Crypto Erase (No-Deallocate)" },
};

#define SSTAT_IN_PROGRESS	2

static void json_sanitize(const uint8_t *log, const char *dev)
{
	unsigned int sstat = get_le16(log + 2), i;
	struct json j = { 0 };
	char text[128];

	json_obj_open(&j, NULL);
	json_obj_open(&j, dev);
	json_uint(&j, "sprog", get_le16(log));
	json_obj_open(&j, "sstat");
	json_uint(&j, "global_erased", sstat >> 8 & 1);
	json_uint(&j, "no_cmplted_passes", sstat >> 3 & 0x1f);
	snprintf(text, sizeof(text), "(%u) %s", sstat & 7, status_name(sstat & 7));
	json_str(&j, "status", text);
	json_obj_close(&j);
	json_uint(&j, "cdw10_info", get_le32(log + 4));
	for (i = 0; i < BITS_N(times); i++)
		json_uint(&j, times[i].key, get_le32(log + times[i].off));
	json_obj_close(&j);
	json_obj_close(&j);
}

void show_sanitize_log(const uint8_t *log, const char *dev, const struct out *o)
{
	unsigned int sprog = get_le16(log), sstat = get_le16(log + 2), i;

	if (o->kind == OUT_JSON) {
		json_sanitize(log, dev);
		return;
	}
	printf("Sanitize Progress                      (SPROG) :  %u", sprog);
	if (o->human && (sstat & 7) == SSTAT_IN_PROGRESS)
		printf("\t(%f%%)\n", sprog * 100.0 / 0x10000);
	else
		printf("\n");
	printf("Sanitize Status                        (SSTAT) :  %#x\n", sstat & 7);
	if (o->human) {
		printf("\t[2:0]\t%s\n", status_name(sstat & 7));
		printf("\t[7:3]\tNumber of completed passes if most recent operation was"
		       " overwrite:\t%u\n", sstat >> 3 & 0x1f);
		printf("\t  [8]\t%s\n", sstat & 0x100 ?
		       "Global Data Erased set: no NS LB in the NVM subsystem has been written to"
		       " and no PMR in the NVM subsystem has been enabled" :
		       "Global Data Erased cleared: a NS LB in the NVM subsystem has been written"
		       " to or a PMR in the NVM subsystem has been enabled");
	}
	printf("Sanitize Command Dword 10 Information (SCDW10) :  %#x\n", get_le32(log + 4));
	for (i = 0; i < BITS_N(times); i++) {
		uint32_t t = get_le32(log + times[i].off);

		printf("%s:  %u%s\n", times[i].label, t,
		       t == 0xffffffff ? " (No time period reported)" : "");
	}
}
