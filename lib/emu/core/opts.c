// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * opts.c - the emulated controller's address string:
 * "emu:ns=2,lba=4096,size=1T,mdts=7,queues=64,file=PATH,plugin=NAME[:ARGS]".
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

#define EMU_KEYS "ns, lba, size, mdts, queues, mqes, vectors, dstrd, vwc, sgl, file, plugin"

int emu_parse_size(const char *s, uint64_t *out)
{
	unsigned int shift = 0;
	unsigned long long v;
	char *end;

	if (!s || !*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -EINVAL;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	case 'p': case 'P': shift = 50; end++; break;
	case '\0': break;
	default: return -EINVAL;
	}
	if (*end == 'i' || *end == 'B')
		end += *end == 'i' ? (end[1] == 'B' ? 2 : 1) : 1;
	if (*end)
		return -EINVAL;
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	*out = (uint64_t)v << shift;
	return 0;
}

static int opt_uint(const char *key, const char *val, uint64_t min, uint64_t max, uint64_t *out,
		    char *err, size_t errlen)
{
	int ret = emu_parse_size(val, out);

	if (ret || *out < min || *out > max) {
		snprintf(err, errlen, "emu: %s=%s: want a number from %" PRIu64 " to %" PRIu64,
			 key, val, min, max);
		return -EINVAL;
	}
	return 0;
}

static void opts_default(struct emu_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->nr_ns = 1;
	o->lba_size = 512;
	o->ns_bytes = 1ull << 30;
	o->mdts = 7;
	o->queues = 64;
	o->mqes = 1024;
	o->vectors = 0;		/* queues + 1 unless given */
	o->vwc = true;
	o->sgl = true;
}

static int opt_one(struct emu_opts *o, const char *key, const char *val, char *err,
		   size_t errlen)
{
	uint64_t v;
	int ret = 0;

	if (!strcmp(key, "file")) {
		if (!*val || strlen(val) >= sizeof(o->file)) {
			snprintf(err, errlen, "emu: file= needs a path");
			return -EINVAL;
		}
		strcpy(o->file, val);
		return 0;
	}
	if (!strcmp(key, "plugin")) {
		if (!*val || o->nr_plugins >= sizeof(o->plugins) / sizeof(o->plugins[0])) {
			snprintf(err, errlen, *val ? "emu: at most 8 plugin= options" :
				 "emu: plugin= needs a path");
			return -EINVAL;
		}
		o->plugins[o->nr_plugins] = strdup(val);
		if (!o->plugins[o->nr_plugins])
			return -ENOMEM;
		o->nr_plugins++;
		return 0;
	}
	if (!strcmp(key, "ns")) {
		ret = opt_uint(key, val, 0, EMU_MAX_NS, &v, err, errlen);
		o->nr_ns = (unsigned int)v;
	} else if (!strcmp(key, "lba")) {
		ret = opt_uint(key, val, 512, 4096, &v, err, errlen);
		if (!ret && v != 512 && v != 4096) {
			snprintf(err, errlen, "emu: lba=%s: the LBA size is 512 or 4096", val);
			ret = -EINVAL;
		}
		o->lba_size = (uint32_t)v;
	} else if (!strcmp(key, "size")) {
		ret = opt_uint(key, val, 1ull << 20, 1ull << 56, &v, err, errlen);
		o->ns_bytes = v;
	} else if (!strcmp(key, "mdts")) {
		ret = opt_uint(key, val, 0, 12, &v, err, errlen);
		o->mdts = (unsigned int)v;
	} else if (!strcmp(key, "queues")) {
		ret = opt_uint(key, val, 1, 1023, &v, err, errlen);
		o->queues = (unsigned int)v;
	} else if (!strcmp(key, "mqes")) {
		ret = opt_uint(key, val, 2, 65536, &v, err, errlen);
		o->mqes = (unsigned int)v;
	} else if (!strcmp(key, "vectors")) {
		ret = opt_uint(key, val, 1, 2048, &v, err, errlen);
		o->vectors = (unsigned int)v;
	} else if (!strcmp(key, "dstrd")) {
		ret = opt_uint(key, val, 0, 4, &v, err, errlen);
		o->dstrd = (unsigned int)v;
	} else if (!strcmp(key, "vwc")) {
		ret = opt_uint(key, val, 0, 1, &v, err, errlen);
		o->vwc = v;
	} else if (!strcmp(key, "sgl")) {
		ret = opt_uint(key, val, 0, 1, &v, err, errlen);
		o->sgl = v;
	} else {
		snprintf(err, errlen, "emu: unknown option '%s' (options: %s)", key, EMU_KEYS);
		return -EINVAL;
	}
	return ret;
}

int emu_opts_parse(const char *s, struct emu_opts *o, char *err, size_t errlen)
{
	char *copy, *tok, *save = NULL;
	int ret = 0;

	opts_default(o);
	copy = strdup(s ? s : "");
	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok && !ret; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq) {
			snprintf(err, errlen, "emu: '%s': options are key=value (%s)", tok, EMU_KEYS);
			ret = -EINVAL;
			break;
		}
		*eq = '\0';
		ret = opt_one(o, tok, eq + 1, err, errlen);
	}
	free(copy);
	if (!ret && o->ns_bytes % o->lba_size) {
		snprintf(err, errlen, "emu: size is not a multiple of the LBA size %u", o->lba_size);
		ret = -EINVAL;
	}
	if (!o->vectors)
		o->vectors = o->queues + 1 > 2048 ? 2048 : o->queues + 1;
	return ret;
}

void emu_opts_free(struct emu_opts *o)
{
	while (o->nr_plugins)
		free(o->plugins[--o->nr_plugins]);
}
