// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * print_smart.c - the SMART / Health Information log in nvme-cli's
 * smart-log layout and JSON.
 */
#include "printers.h"
#include "tool.h"

/* The 128-bit counters, by offset, with their JSON keys and normal labels. */
static const struct {
	uint16_t off;
	const char *key;
	const char *label;
} counters[] = {
	{ 32, "data_units_read", "Data Units Read\t\t\t\t" },
	{ 48, "data_units_written", "Data Units Written\t\t\t" },
	{ 64, "host_read_commands", "host_read_commands\t\t\t" },
	{ 80, "host_write_commands", "host_write_commands\t\t\t" },
	{ 96, "controller_busy_time", "controller_busy_time\t\t\t" },
	{ 112, "power_cycles", "power_cycles\t\t\t\t" },
	{ 128, "power_on_hours", "power_on_hours\t\t\t\t" },
	{ 144, "unsafe_shutdowns", "unsafe_shutdowns\t\t\t" },
	{ 160, "media_errors", "media_errors\t\t\t\t" },
	{ 176, "num_err_log_entries", "num_err_log_entries\t\t\t" },
};

/* The thermal management counters after the temperature sensors. */
static const struct {
	uint16_t off;
	const char *key;
	const char *label;
} thermal[] = {
	{ 216, "thm_temp1_trans_count", "Thermal Management T1 Trans Count\t" },
	{ 220, "thm_temp2_trans_count", "Thermal Management T2 Trans Count\t" },
	{ 224, "thm_temp1_total_time", "Thermal Management T1 Total Time\t" },
	{ 228, "thm_temp2_total_time", "Thermal Management T2 Total Time\t" },
};

static const char *const warning_bits[] = {
	"Available Spare[0]             ", "Temp. Threshold[1]             ",
	"NVM subsystem Reliability[2]   ", "Read-only[3]                   ",
	"Volatile mem. backup failed[4] ", "Persistent Mem. RO[5]          ",
};

static const char *const warning_keys[] = {
	"available_spare", "temp_threshold", "reliability_degraded", "ro", "vmbu_failed",
	"pmr_ro",
};

#define TEMP_SENSORS	200	/* eight 16-bit sensors, Kelvin, 0 when absent */

static void json_smart(const uint8_t *log, bool human)
{
	struct json j = { 0 };
	char key[32];
	unsigned int i;

	json_obj_open(&j, NULL);
	if (human) {
		json_obj_open(&j, "critical_warning");
		json_uint(&j, "value", log[0]);
		for (i = 0; i < 6; i++)
			json_uint(&j, warning_keys[i], log[0] >> i & 1);
		json_obj_close(&j);
	} else {
		json_uint(&j, "critical_warning", log[0]);
	}
	json_uint(&j, "temperature", get_le16(log + 1));
	json_uint(&j, "avail_spare", log[3]);
	json_uint(&j, "spare_thresh", log[4]);
	json_uint(&j, "percent_used", log[5]);
	json_uint(&j, "endurance_grp_critical_warning_summary", log[6]);
	for (i = 0; i < BITS_N(counters); i++)
		json_u128(&j, counters[i].key, log + counters[i].off);
	json_uint(&j, "warning_temp_time", get_le32(log + 192));
	json_uint(&j, "critical_comp_time", get_le32(log + 196));
	for (i = 0; i < 8; i++) {
		unsigned int t = get_le16(log + TEMP_SENSORS + 2 * i);

		if (!t)
			continue;
		snprintf(key, sizeof(key), "temperature_sensor_%u", i + 1);
		json_uint(&j, key, t);
	}
	for (i = 0; i < BITS_N(thermal); i++)
		json_uint(&j, thermal[i].key, get_le32(log + thermal[i].off));
	json_obj_close(&j);
}

void show_smart_log(const uint8_t *log, uint32_t nsid, const char *dev, const struct out *o)
{
	unsigned int i, temp = get_le16(log + 1);
	char dec[40], si[32];

	if (o->kind == OUT_JSON) {
		json_smart(log, o->human);
		return;
	}
	printf("Smart Log for NVME device:%s namespace-id:%x\n", dev, nsid);
	printf("critical_warning\t\t\t: %#x\n", log[0]);
	if (o->human) {
		for (i = 0; i < 6; i++)
			printf("      %s: %u\n", warning_bits[i], log[0] >> i & 1);
	}
	printf("temperature\t\t\t\t: %ld°C (%u Kelvin)\n", kelvin_to_celsius(temp), temp);
	printf("available_spare\t\t\t\t: %u%%\n", log[3]);
	printf("available_spare_threshold\t\t: %u%%\n", log[4]);
	printf("percentage_used\t\t\t\t: %u%%\n", log[5]);
	printf("endurance group critical warning summary: %#x\n", log[6]);
	for (i = 0; i < BITS_N(counters); i++) {
		u128_to_dec(log + counters[i].off, dec);
		printf("%s: %s", counters[i].label, dec);
		if (i < 2) {	/* data units: thousands of 512 bytes */
			si_bytes(log + counters[i].off, 1000 * 512, si, sizeof(si));
			printf(" (%s)", si);
		}
		printf("\n");
	}
	printf("Warning Temperature Time\t\t: %u\n", get_le32(log + 192));
	printf("Critical Composite Temperature Time\t: %u\n", get_le32(log + 196));
	for (i = 0; i < 8; i++) {
		unsigned int t = get_le16(log + TEMP_SENSORS + 2 * i);

		if (t)
			printf("Temperature Sensor %u           : %ld°C (%u Kelvin)\n", i + 1,
			       kelvin_to_celsius(t), t);
	}
	for (i = 0; i < BITS_N(thermal); i++)
		printf("%s: %u\n", thermal[i].label, get_le32(log + thermal[i].off));
}
