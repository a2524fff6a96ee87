// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * args.c - a plug-in's arguments, "key=value;key=value": values by
 * key, unknown keys refused, and the reason a setup refuses, reported by
 * the loader.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core.h"
#include "support/error.h"

int nvmet_emu_arg_str(const char *args, const char *key, char *buf, size_t len)
{
	size_t klen;
	const char *p;

	if (!args || !key || !buf || !len || !*key)
		return -EINVAL;
	klen = strlen(key);
	for (p = args; *p;) {
		size_t n = strcspn(p, ";");

		if (n > klen && !strncmp(p, key, klen) && p[klen] == '=') {
			n -= klen + 1;
			if (n >= len)
				return -ENAMETOOLONG;
			memcpy(buf, p + klen + 1, n);
			buf[n] = '\0';
			return 0;
		}
		p += n + (p[n] == ';');
	}
	return -ENOENT;
}

int nvmet_emu_arg_u64(const char *args, const char *key, uint64_t *val)
{
	char buf[64];
	int ret;

	if (!val)
		return -EINVAL;
	ret = nvmet_emu_arg_str(args, key, buf, sizeof(buf));
	if (ret == -ENOENT || (!ret && !emu_parse_size(buf, val)))
		return ret;
	if (ret)
		return nvmet_emu_plugin_error("%s= is not a number", key);
	return nvmet_emu_plugin_error("%s=%s is not a number", key, buf);
}

/* The known keys, for a message: "a, b, c". */
static void keys_text(const char *const *keys, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (; *keys && used < len; keys++)
		used += (size_t)snprintf(out + used, len - used, "%s%s", used ? ", " : "", *keys);
}

int nvmet_emu_args_check(const char *args, const char *const *keys)
{
	const char *p = args ? args : "", *q;
	const char *const *k;
	char known[256];

	if (!keys)
		return -EINVAL;
	keys_text(keys, known, sizeof(known));
	for (; *p; p += strcspn(p, ";"), p += *p == ';') {
		size_t len = strcspn(p, ";"), klen = strcspn(p, "=;");

		if (!len)
			continue;	/* "a=1;;b=2", a trailing ';' */
		if (klen == len)
			return nvmet_emu_plugin_error("'%.*s' is not key=value (arguments: %s)",
						      (int)len, p, *known ? known : "none");
		for (k = keys; *k; k++)
			if (strlen(*k) == klen && !strncmp(p, *k, klen))
				break;
		if (!*k)
			return nvmet_emu_plugin_error("unknown argument '%.*s' (arguments: %s)",
						      (int)klen, p, *known ? known : "none");
		/* The same key again: which one was meant? */
		for (q = args; q < p; q += strcspn(q, ";"), q += *q == ';')
			if (strcspn(q, "=;") == klen && !strncmp(q, p, klen) && q[klen] == '=')
				return nvmet_emu_plugin_error("'%.*s' is given twice", (int)klen, p);
	}
	return 0;
}

int nvmet_emu_plugin_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nvmet_set_error_v(fmt, ap);
	va_end(ap);
	return -EINVAL;
}
