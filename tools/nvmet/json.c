// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * json.c - the JSON writer behind -o json. A few dozen lines do what the
 * tool needs (objects, arrays, numbers, strings), so no library is linked
 * for it.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

static void indent(int depth)
{
	int i;

	for (i = 0; i < depth; i++)
		fputs("  ", stdout);
}

/* Bytes in the valid UTF-8 sequence at @p, 0 when it is not one. */
static int utf8_len(const unsigned char *p)
{
	int n, i;

	if (*p >= 0xc2 && *p <= 0xdf)
		n = 2;
	else if (*p >= 0xe0 && *p <= 0xef)
		n = 3;
	else if (*p >= 0xf0 && *p <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	}
	return n;
}

static void put_string(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n;

	putchar('"');
	for (; *p; p++) {
		n = *p >= 0x80 ? utf8_len(p) : 0;
		if (n) {
			/* Text of ours ("70°C") passes as it is. */
			fwrite(p, 1, (size_t)n, stdout);
			p += n - 1;
			continue;
		}
		switch (*p) {
		case '"':  fputs("\\\"", stdout); break;
		case '\\': fputs("\\\\", stdout); break;
		case '\n': fputs("\\n", stdout); break;
		case '\r': fputs("\\r", stdout); break;
		case '\t': fputs("\\t", stdout); break;
		default:
			/* A stray byte of an identify string must not make the document invalid. */
			if (*p < 0x20 || *p > 0x7e)
				printf("\\u%04x", *p);
			else
				putchar(*p);
		}
	}
	putchar('"');
}

/* The separator, indentation and key of the next member. */
static void member(struct json *j, const char *key)
{
	if (j->depth) {
		if (!j->first[j->depth])
			putchar(',');
		putchar('\n');
		j->first[j->depth] = false;
		indent(j->depth);
	}
	if (key) {
		put_string(key);
		putchar(':');
	}
}

static void begin(struct json *j, const char *key, char c)
{
	member(j, key);
	putchar(c);
	if (++j->depth >= JSON_MAX_DEPTH)
		abort();
	j->first[j->depth] = true;
}

static void end(struct json *j, char c)
{
	bool empty = j->first[j->depth];

	j->depth--;
	if (!empty) {
		putchar('\n');
		indent(j->depth);
	}
	putchar(c);
	if (!j->depth)
		putchar('\n');
}

void json_obj_open(struct json *j, const char *key)
{
	begin(j, key, '{');
}

void json_obj_close(struct json *j)
{
	end(j, '}');
}

void json_arr_open(struct json *j, const char *key)
{
	begin(j, key, '[');
}

void json_arr_close(struct json *j)
{
	end(j, ']');
}

void json_uint(struct json *j, const char *key, uint64_t v)
{
	member(j, key);
	printf("%" PRIu64, v);
}

void json_int(struct json *j, const char *key, int64_t v)
{
	member(j, key);
	printf("%" PRId64, v);
}

void json_str(struct json *j, const char *key, const char *s)
{
	member(j, key);
	put_string(s);
}

void u128_to_dec(const uint8_t *le, char *out)
{
	uint8_t n[16];
	char digits[40];
	int len = 0, i, nonzero;

	memcpy(n, le, sizeof(n));
	/* Long division by 10, most significant byte first, until nothing is left. */
	do {
		unsigned int rem = 0;

		nonzero = 0;
		for (i = 15; i >= 0; i--) {
			unsigned int cur = rem << 8 | n[i];

			n[i] = (uint8_t)(cur / 10);
			rem = cur % 10;
			nonzero |= n[i];
		}
		digits[len++] = (char)('0' + rem);
	} while (nonzero);
	for (i = 0; i < len; i++)
		out[i] = digits[len - 1 - i];
	out[len] = '\0';
}

void json_u128(struct json *j, const char *key, const uint8_t *le)
{
	char dec[40];

	u128_to_dec(le, dec);
	json_str(j, key, dec);
}
