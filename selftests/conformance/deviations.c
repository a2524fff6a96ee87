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
