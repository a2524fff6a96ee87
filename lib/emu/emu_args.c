// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * emu_args.c - a plug-in's arguments, "key=value;key=value": values by
 * key.
 */
#include <errno.h>
#include <string.h>

#include "emu_priv.h"

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
	if (ret)
		return ret == -ENAMETOOLONG ? -EINVAL : ret;
	return emu_parse_size(buf, val) ? -EINVAL : 0;
}
