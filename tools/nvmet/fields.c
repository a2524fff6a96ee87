// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fields.c - tables of fields printed in nvme-cli's normal and JSON forms.
 */
#include <inttypes.h>
#include <string.h>

#include "fields.h"

uint64_t le_uint(const uint8_t *p, unsigned int size)
{
	uint64_t v = 0;

	while (size--)
		v = v << 8 | p[size];
	return v;
}

/* The ASCII field up to its first NUL, into @out (at least @size + 1 bytes). */
static void field_str(const uint8_t *p, unsigned int size, char *out, bool printable)
{
	unsigned int i;

	for (i = 0; i < size && p[i]; i++)
		out[i] = !printable || (p[i] >= 0x20 && p[i] < 0x7f) ? (char)p[i] : '.';
	out[i] = '\0';
}

static void field_bytes(const uint8_t *p, unsigned int size, char *out)
{
	unsigned int i;

	for (i = 0; i < size; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void field_uuid(const uint8_t *p, char *out)
{
	static const int dash[] = { 4, 6, 8, 10 };
	unsigned int i, d = 0;

	for (i = 0; i < 16; i++) {
		if (d < 4 && (int)i == dash[d]) {
			*out++ = '-';
			d++;
		}
		out += sprintf(out, "%02x", p[i]);
	}
}

/* Room for the longest field text: SUBNQN's 256 bytes, or 64 bytes of hex. */
#define TEXT_MAX	260

void print_fields(const uint8_t *base, const struct fld *f, size_t n, int width, bool human)
{
	char text[TEXT_MAX];
	size_t i;

	for (i = 0; i < n; i++) {
		const uint8_t *p = base + f[i].off;
		uint64_t v = f[i].size <= 8 ? le_uint(p, f[i].size) : 0;

		if (f[i].when && !f[i].when(base))
			continue;
		printf("%-*s: ", width, f[i].name);
		switch (f[i].fmt) {
		case FD_DEC:  printf("%" PRIu64 "\n", v); break;
		case FD_HEX:  printf("%#" PRIx64 "\n", v); break;
		case FD_HEX0: printf("%" PRIx64 "\n", v); break;
		case FD_IEEE: printf("%02x%02x%02x\n", p[2], p[1], p[0]); break;
		case FD_STR:
			field_str(p, f[i].size, text, true);
			printf("%s\n", text);
			break;
		case FD_UUID:
			field_uuid(p, text);
			printf("%s\n", text);
			break;
		case FD_U128:
			u128_to_dec(p, text);
			printf("%s\n", text);
			break;
		case FD_BYTES:
			field_bytes(p, f[i].size, text);
			printf("%s\n", text);
			break;
		}
		if (!human)
			continue;
		if (f[i].bits)
			print_bits(v, f[i].bits, f[i].nbits);
		else if (f[i].human)
			f[i].human(v, p);
	}
}

void json_fields(struct json *j, const uint8_t *base, const struct fld *f, size_t n)
{
	char text[TEXT_MAX];
	size_t i;

	for (i = 0; i < n; i++) {
		const uint8_t *p = base + f[i].off;

		if (f[i].when && !f[i].when(base))
			continue;
		switch (f[i].fmt) {
		case FD_STR:
			field_str(p, f[i].size, text, false);
			if (!f[i].json_if_set || text[0])
				json_str(j, f[i].name, text);
			break;
		case FD_UUID:
			field_uuid(p, text);
			json_str(j, f[i].name, text);
			break;
		case FD_U128:
			json_u128(j, f[i].name, p);
			break;
		case FD_BYTES:
			field_bytes(p, f[i].size, text);
			json_str(j, f[i].name, text);
			break;
		default:
			json_uint(j, f[i].name, le_uint(p, f[i].size));
		}
	}
}
