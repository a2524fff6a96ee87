/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * out.h - the output forms of the commands that print a structure, with
 * nvme-cli's options: -o/--output-format normal|json|binary,
 * -b/--raw-binary (binary), -H/--human-readable (decoded bits).
 */
#ifndef NVMET_OUT_H
#define NVMET_OUT_H

#include <stdbool.h>
#include <stddef.h>

#include "json.h"

struct cmd;

enum out_kind { OUT_NORMAL, OUT_JSON, OUT_BINARY };

/* Which forms a command offers (nvme-cli has no binary form of some). */
#define OUT_ALL		(1u << OUT_NORMAL | 1u << OUT_JSON | 1u << OUT_BINARY)
#define OUT_NO_BINARY	(1u << OUT_NORMAL | 1u << OUT_JSON)

struct out {
	enum out_kind kind;
	bool human;
};

/* The long options behind 'o', 'b' and 'H', for a command's option table. */
#define OUT_OPT_FORMAT	{ "output-format", required_argument, NULL, 'o' }
#define OUT_OPT_BINARY	{ "raw-binary", no_argument, NULL, 'b' }
#define OUT_OPT_HUMAN	{ "human-readable", no_argument, NULL, 'H' }

/* What --help says of them. */
#define OUT_HELP_FORMAT	"  -o, --output-format FMT  normal (the default), json or binary\n"
#define OUT_HELP_FORMAT_NB "  -o, --output-format FMT  normal (the default) or json\n"
#define OUT_HELP_BINARY	"  -b, --raw-binary         the raw data on stdout (-o binary)\n"
#define OUT_HELP_HUMAN	"  -H, --human-readable     decode the fields bit by bit\n"

/*
 * Takes option @c ('o' with @arg, 'b', 'H') into @o. Return: 1 when @c was
 * one of them, 0 when not, or EXIT_USAGE (reported) for a form that is
 * not in @allowed. Where @allowed has no normal form, -o is not an output
 * format (get-log's -o is nvme-cli's --lpo) and is left to the command.
 */
int out_option(const struct cmd *cmd, int c, const char *arg, unsigned int allowed,
	       struct out *o);

/* @len bytes to stdout as they are; 0, or EXIT_FAIL (reported). */
int out_binary(const struct cmd *cmd, const void *buf, size_t len);

/* Kelvin to degrees Celsius as nvme-cli rounds them (0 K: -273). */
static inline long kelvin_to_celsius(unsigned int k)
{
	return (long)k - 273;
}

/* "12.34 kB": @units of @unit_bytes each, with an SI prefix. */
void si_bytes(const uint8_t *le128, unsigned int unit_bytes, char *out, size_t len);

#endif /* NVMET_OUT_H */
