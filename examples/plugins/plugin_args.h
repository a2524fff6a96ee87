/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * plugin_args.h - numeric arguments of the example plug-ins of the
 * emulated controller, with a default and a range. Each plug-in refuses
 * keys it does not know with nvmet_emu_args_check() first, and says why it
 * refuses a value with nvmet_emu_plugin_error(), so that a typo never goes
 * unnoticed and the reason reaches the user on the load's error line.
 */
#ifndef PLUGIN_ARGS_H
#define PLUGIN_ARGS_H

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>

#include <nvmet/emu.h>

/**
 * plugin_arg() - a number from the arguments, with a default and a range
 * @args: "key=value;key=value"
 * @key: the key
 * @def: the value when @key is absent
 * @min: smallest value allowed
 * @max: largest value allowed
 * @val: the value
 *
 * Return: 0, or -EINVAL when the value is not a number or out of range.
 */
static inline int plugin_arg(const char *args, const char *key, uint64_t def, uint64_t min,
			     uint64_t max, uint64_t *val)
{
	int ret = nvmet_emu_arg_u64(args ? args : "", key, val);

	if (ret == -ENOENT) {
		*val = def;
		return 0;
	}
	if (ret)
		return ret;
	if ((*val < min || *val > max) && max >= 0xf && max <= 0xffff && !(max & (max + 1)))
		/* Opcodes, status codes and bit masks (0xff, 0x3f): in hexadecimal. */
		return nvmet_emu_plugin_error("%s=%#" PRIx64 " is out of range %#" PRIx64 "..%#"
					      PRIx64, key, *val, min, max);
	if (*val < min || *val > max)
		return nvmet_emu_plugin_error("%s=%" PRIu64 " is out of range %" PRIu64 "..%"
					      PRIu64, key, *val, min, max);
	return 0;
}

/**
 * plugin_arg_present() - whether @key is given at all
 * @args: "key=value;key=value"
 * @key: the key
 *
 * Return: true when present (with a value that may not be a number).
 */
static inline bool plugin_arg_present(const char *args, const char *key)
{
	uint64_t v;

	return nvmet_emu_arg_u64(args ? args : "", key, &v) != -ENOENT;
}

/* Commands that write logical blocks: what read-only media refuses. */
static inline bool plugin_io_modifies(uint8_t opc)
{
	switch (opc) {
	case NVMET_CMD_WRITE:
	case NVMET_CMD_WRITE_UNCOR:
	case NVMET_CMD_WRITE_ZEROES:
	case NVMET_CMD_COPY:
		return true;
	}
	return false;
}

/* "Attempted Write to Read Only Range": Command Specific status 82h, DNR. */
#define PLUGIN_STATUS_READ_ONLY	NVMET_STATUS(NVMET_SCT_CMD_SPECIFIC, NVMET_SC_READ_ONLY_RANGE, 1)

/* SMART / Health Critical Warning bit 3: the media is read only. */
#define PLUGIN_WARN_READ_ONLY	0x08

#endif /* PLUGIN_ARGS_H */
