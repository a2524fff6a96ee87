// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * admin_fw.c - Firmware Image Download and Firmware Commit: three
 * slots (slot 1 read-only), an image's revision being its first eight
 * bytes, activation at the next controller reset or at once.
 */
#include <stdlib.h>

#include "admin.h"

#define FW_REV_FACTORY	"1.0"
#define FW_IMAGE_MAX	(64u << 20)	/* bytes */


static void fw_activate(struct emu_admin *a, unsigned int slot)
{
	a->fw_active = slot;
	memcpy(a->fw_running, a->fw_rev[slot], sizeof(a->fw_running));
	a->fw_next = 0;
}

void emu_adm_fw_init(struct nvmet_emu *emu)
{
	struct emu_admin *a = &emu->adm;

	nvmet_put_ascii((uint8_t *)a->fw_rev[1], sizeof(a->fw_rev[1]), FW_REV_FACTORY);
	fw_activate(a, 1);
}

static void image_drop(struct emu_admin *a)
{
	free(a->fw_image);
	a->fw_image = NULL;
	a->fw_image_len = 0;
	a->fw_image_cap = 0;
}

void emu_adm_fw_reset(struct nvmet_emu *emu)
{
	struct emu_admin *a = &emu->adm;

	if (a->fw_next)
		fw_activate(a, a->fw_next);
	image_drop(a);
}

static int image_reserve(struct emu_admin *a, size_t need)
{
	size_t cap = a->fw_image_cap ? a->fw_image_cap : 64 * 1024;
	uint8_t *p;

	if (need <= a->fw_image_cap)
		return 0;
	while (cap < need)
		cap *= 2;
	p = realloc(a->fw_image, cap);
	if (!p)
		return -1;
	a->fw_image = p;
	a->fw_image_cap = cap;
	return 0;
}

uint16_t emu_adm_fw_download(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	struct emu_admin *a = &emu->adm;
	uint64_t len = ((uint64_t)cmd->sqe.fw_download.numd + 1) * 4;
	uint64_t off = (uint64_t)cmd->sqe.fw_download.ofst * 4;
	uint16_t st;

	if (!emu_adm_mdts_ok(emu, len))
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	if (!off)
		a->fw_image_len = 0;	/* a new image */
	else if (off != a->fw_image_len)
		return ST_CMD(NVMET_SC_OVERLAPPING_RANGE);
	if (off + len > FW_IMAGE_MAX)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	if (image_reserve(a, off + len))
		return ST_GENERIC(NVMET_SC_INTERNAL);
	st = emu_xfer_from_host(emu, &cmd->sqe, a->fw_image + off, len);
	if (!st)
		a->fw_image_len = off + len;
	return st;
}

/* The revision of the downloaded image: printable ASCII, NUL or space padded. */
static bool image_revision(const struct emu_admin *a, char rev[8])
{
	unsigned int i;
	bool end = false;

	if (a->fw_image_len < 8 || a->fw_image[0] <= ' ' || a->fw_image[0] > '~')
		return false;
	for (i = 0; i < 8; i++) {
		uint8_t c = a->fw_image[i];

		if (!c)
			end = true;
		else if (end || c < ' ' || c > '~')
			return false;
		rev[i] = end ? ' ' : (char)c;
	}
	return true;
}

static uint16_t fw_replace(struct emu_admin *a, unsigned int slot)
{
	char rev[8];

	if (!slot)
		slot = a->fw_active == 2 ? 3 : 2;	/* a writable slot not running */
	if (slot == 1)
		return ST_CMD(NVMET_SC_INVALID_FW_SLOT);	/* read-only */
	if (!image_revision(a, rev))
		return ST_CMD(NVMET_SC_INVALID_FW_IMAGE);
	memcpy(a->fw_rev[slot], rev, sizeof(rev));
	a->fw_last = slot;
	image_drop(a);
	return 0;
}

uint16_t emu_adm_fw_commit(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	struct emu_admin *a = &emu->adm;
	unsigned int fs = cmd->sqe.fw_commit.fs, ca = cmd->sqe.fw_commit.ca;
	uint16_t st;

	if (ca > NVMET_FW_CA_ACTIVATE_NOW)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);	/* reserved, or boot partitions (none here) */
	if (fs > EMU_FW_SLOTS)
		return ST_CMD(NVMET_SC_INVALID_FW_SLOT);
	if (ca == NVMET_FW_CA_REPLACE || ca == NVMET_FW_CA_REPLACE_ACTIVATE) {
		st = fw_replace(a, fs);
		if (st || ca == NVMET_FW_CA_REPLACE)
			return st;
		a->fw_next = a->fw_last;
		return 0;
	}
	if (!fs)
		fs = a->fw_last ? a->fw_last : a->fw_active;
	if (!a->fw_rev[fs][0])
		return ST_CMD(NVMET_SC_INVALID_FW_IMAGE);	/* an empty slot */
	if (ca == NVMET_FW_CA_ACTIVATE) {
		a->fw_next = fs;
		return 0;
	}
	fw_activate(a, fs);
	emu_adm_event(emu, NVMET_AER_TYPE_NOTICE, NVMET_AER_NOTICE_FW_ACT, NVMET_LOG_FW_SLOT, true, false);
	return 0;
}
