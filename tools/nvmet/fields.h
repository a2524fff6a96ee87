/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fields.h - a structure described as a table of fields, printed in
 * nvme-cli's "name : value" layout (with -H decoding under a field) and
 * as JSON members with nvme-cli's key names and value types.
 */
#ifndef NVMET_FIELDS_H
#define NVMET_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bits.h"
#include "json.h"

enum fld_fmt {
	FD_DEC,		/* decimal; a JSON number */
	FD_HEX,		/* 0x hex ("0" for zero, as %#x); a JSON number */
	FD_HEX0,	/* "%x", no 0x; a JSON number */
	FD_STR,		/* ASCII up to the first NUL, padding kept; a JSON string */
	FD_IEEE,	/* three bytes, most significant first, in hex; a JSON number */
	FD_UUID,	/* 8-4-4-4-12 hex digits; a JSON string */
	FD_U128,	/* a 128-bit counter in decimal; a JSON string */
	FD_BYTES,	/* the bytes in hex, in order (NGUID, EUI64); a JSON string */
};

/**
 * struct fld - one field
 * @name: its name in the output and JSON key
 * @off: byte offset in the structure
 * @size: bytes (integers up to 8, little endian)
 * @fmt: how it is shown (enum fld_fmt)
 * @bits: its -H decoding, or NULL
 * @nbits: entries of @bits
 * @human: its -H decoding when a table does not do (called with the field's
 *	value and its bytes), or NULL
 * @when: shown only when this returns true for the structure, or NULL
 * @json_if_set: left out of the JSON when zero or empty (nvme-cli's subnqn)
 */
struct fld {
	const char *name;
	uint16_t off;
	uint16_t size;
	uint8_t fmt;
	const struct bitf *bits;
	uint8_t nbits;
	void (*human)(uint64_t v, const uint8_t *p);
	bool (*when)(const uint8_t *base);
	bool json_if_set;
};

#define FLD(n, o, s, f)		{ n, o, s, f, NULL, 0, NULL, NULL, false }
#define FLDB(n, o, s, f, b)	{ n, o, s, f, b, BITS_N(b), NULL, NULL, false }
#define FLDH(n, o, s, f, h)	{ n, o, s, f, NULL, 0, h, NULL, false }

/* An integer of @size (at most 8) little-endian bytes at @p. */
uint64_t le_uint(const uint8_t *p, unsigned int size);

/* Each field as "NAME<pad to @width>: value", -H decoding after it when @human. */
void print_fields(const uint8_t *base, const struct fld *f, size_t n, int width, bool human);
/* Each field as a member of the JSON object being written. */
void json_fields(struct json *j, const uint8_t *base, const struct fld *f, size_t n);

#endif /* NVMET_FIELDS_H */
