// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * out.c - output forms: the -o/-b/-H options, binary output, sizes with
 * SI prefixes.
 */
#include <errno.h>
#include <string.h>

#include "out.h"
#include "tool.h"

int out_option(const struct cmd *cmd, int c, const char *arg, unsigned int allowed,
	       struct out *o)
{
	static const char *const names[] = { "normal", "json", "binary" };
	unsigned int i;

	switch (c) {
	case 'H':
		o->human = true;
		return 1;
	case 'b':
		if (!(allowed & 1u << OUT_BINARY))
			return usage_error(cmd, "no binary output for this command");
		o->kind = OUT_BINARY;
		return 1;
	case 'o':
		if (!(allowed & 1u << OUT_NORMAL))
			return 0;
		for (i = 0; i < 3; i++) {
			if (!strcmp(arg, names[i]) && allowed & 1u << i) {
				o->kind = (enum out_kind)i;
				return 1;
			}
		}
		return usage_error(cmd, "output format '%s' is not one of %s", arg,
				   allowed & 1u << OUT_BINARY ? "normal, json, binary" :
								"normal, json");
	}
	return 0;
}

int out_binary(const struct cmd *cmd, const void *buf, size_t len)
{
	if (fwrite(buf, 1, len, stdout) != len || fflush(stdout))
		return fail(cmd, "writing to stdout: %s", strerror(errno));
	return 0;
}

void si_bytes(const uint8_t *le128, unsigned int unit_bytes, char *out, size_t len)
{
	static const char *const prefix[] = { "", "k", "M", "G", "T", "P", "E", "Z", "Y" };
	long double v = 0;
	unsigned int i;
	int p = 0;

	for (i = 16; i-- > 0;)
		v = v * 256 + le128[i];
	v *= unit_bytes;
	while (v >= 1000 && p < 8) {
		v /= 1000;
		p++;
	}
	snprintf(out, len, "%.2Lf %sB", v, prefix[p]);
}
