/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * json.h - a streaming JSON writer for nvmet's -o json, laid out as
 * nvme-cli prints (json-c's pretty form: two spaces per level, no space
 * after the colon) so that a diff between the two tools' output shows
 * values, not layout.
 */
#ifndef NVMET_JSON_H
#define NVMET_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	8

/* One document being written to stdout; zero it before the first call. */
struct json {
	int depth;
	bool first[JSON_MAX_DEPTH];
};

/*
 * @key names the member in an object and is NULL in an array and at the
 * top level. Deeper than JSON_MAX_DEPTH is a programming error (abort).
 */
void json_obj_open(struct json *j, const char *key);
void json_obj_close(struct json *j);
void json_arr_open(struct json *j, const char *key);
void json_arr_close(struct json *j);
void json_uint(struct json *j, const char *key, uint64_t v);
void json_int(struct json *j, const char *key, int64_t v);
/*
 * A string, escaped: control characters, DEL, and bytes that are no part
 * of a valid UTF-8 sequence as \u00XX.
 */
void json_str(struct json *j, const char *key, const char *s);
/* A 128-bit little-endian counter as a decimal string, as nvme-cli prints them. */
void json_u128(struct json *j, const char *key, const uint8_t *le);

/* @le, 16 little-endian bytes, in decimal; @out holds at least 40 bytes. */
void u128_to_dec(const uint8_t *le, char *out);

#endif /* NVMET_JSON_H */
