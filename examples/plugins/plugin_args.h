/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * plugin_args.h - argument checking shared by the example plug-ins of the
 * emulated controller: "key=value;key=value" strings where every key must
 * be known and every value is a number (nvmet_emu_arg_u64()). A plug-in
 * that refuses its arguments says why on stderr and returns -EINVAL from
 * its setup, so that a typo never goes unnoticed.
 */
#ifndef PLUGIN_ARGS_H
#define PLUGIN_ARGS_H

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <nvmet/emu.h>

/**
 * plugin_args_check() - refuse keys the plug-in does not know
 * @name: the plug-in's name, for the message
 * @args: "key=value;key=value" ("" or NULL: none)
 * @keys: the known keys, NULL-terminated
 *
 * Empty pieces ("a=1;;b=2", a trailing ';') are allowed.
 *
 * Return: 0, or -EINVAL for a piece without '=' or an unknown key.
 */
static inline int plugin_args_check(const char *name, const char *args, const char *const *keys)
{
	const char *p = args ? args : "";

	while (*p) {
		size_t len = strcspn(p, ";"), klen = strcspn(p, "=;");
		const char *const *k;

		if (len) {
			for (k = keys; *k; k++)
				if (strlen(*k) == klen && !strncmp(p, *k, klen))
					break;
			if (klen == len || !*k) {
				fprintf(stderr, "%s: %s '%.*s'\n", name,
					klen == len ? "expected key=value, not" : "unknown argument",
					(int)len, p);
				return -EINVAL;
			}
		}
		p += len;
		if (*p == ';')
			p++;
	}
	return 0;
}

/**
 * plugin_arg() - a number from the arguments, with a default and a range
 * @name: the plug-in's name, for the message
 * @args: "key=value;key=value"
 * @key: the key
 * @def: the value when @key is absent
 * @min: smallest value allowed
 * @max: largest value allowed
 * @val: the value
 *
 * Return: 0, or -EINVAL when the value is not a number or out of range.
 */
static inline int plugin_arg(const char *name, const char *args, const char *key, uint64_t def,
			     uint64_t min, uint64_t max, uint64_t *val)
{
	int ret = nvmet_emu_arg_u64(args ? args : "", key, val);

	if (ret == -ENOENT) {
		*val = def;
		return 0;
	}
	if (ret) {
		fprintf(stderr, "%s: %s= needs a number\n", name, key);
		return -EINVAL;
	}
	if ((*val < min || *val > max) && max >= 0xf && max <= 0xffff) {
		/* Opcodes, status codes and bit masks: in hexadecimal. */
		fprintf(stderr, "%s: %s=%#" PRIx64 " is out of range %#" PRIx64 "..%#" PRIx64 "\n",
			name, key, *val, min, max);
		return -EINVAL;
	}
	if (*val < min || *val > max) {
		fprintf(stderr, "%s: %s=%" PRIu64 " is out of range %" PRIu64 "..%" PRIu64 "\n",
			name, key, *val, min, max);
		return -EINVAL;
	}
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
