// SPDX-License-Identifier: GPL-2.0
/*
 * deviations.c - clauses a known device departs from: on that device the
 * test is an expected failure (TAP "# XFAIL"), reported with the clause
 * and what the device does instead. A listed test that passes fails the
 * run, so that this list stays true.
 */
#include <string.h>

#include "conformance.h"

/* QEMU's nvme device as Debian 12 ships it (QEMU 7.2), which the VM tests run against. */
#define QEMU_VID	0x1b36
#define QEMU_MN		"QEMU NVMe Ctrl"

static const struct cf_deviation deviations[] = {
	{ QEMU_VID, QEMU_MN, "admin/log-fw-slot", "Base 2.0 5.16.1.4",
	  "the active slot 1 reports revision '1.0' while Identify Controller FR is QEMU's "
	  "version" },
	{ QEMU_VID, QEMU_MN, "admin/log-reserved-lid", "Base 2.0 5.16",
	  "a reserved log page identifier gets Invalid Field in Command, not Invalid Log Page" },
	{ QEMU_VID, QEMU_MN, "nvm/dsm-deallocate", "NVM 1.0 4.1.5.1 (DLFEAT)",
	  "DLFEAT says deallocated blocks read as zeroes, but on a drive without discard=unmap "
	  "(the VM rig's) the deallocate is dropped and the old data reads back" },
	{ 0, NULL, NULL, NULL, NULL },
};

const struct cf_deviation *cf_deviation_find(const uint8_t *id, const char *test)
{
	char mn[41];
	size_t i;

	nvmet_id_ctrl_mn(id, mn, sizeof(mn));
	for (i = 0; deviations[i].test; i++) {
		if (deviations[i].vid == nvmet_id_ctrl_vid(id) && !strcmp(deviations[i].mn, mn) &&
		    !strcmp(deviations[i].test, test))
			return &deviations[i];
	}
	return NULL;
}
