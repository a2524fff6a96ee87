// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * addr.c - "tcp:ADDR[:PORT]/SUBNQN[,option=value...]": an IPv4 address, an
 * IPv6 one in brackets or a host name, the port (4420 by default), the
 * subsystem NQN, then hostnqn=, hostid=, hdgst=, ddgst=, kato=
 * (milliseconds) and capture= (a file).
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "support/error.h"
#include "tcp.h"

static int bad(const char *what, const char *s)
{
	nvmet_set_error("tcp: %s in '%s' (tcp:ADDR[:PORT]/SUBNQN[,hostnqn=NQN,hostid=UUID,"
			"hdgst=0|1,ddgst=0|1,kato=MS,capture=FILE])", what, s);
	return -EINVAL;
}

/* A UUID, 8-4-4-4-12 hex digits, into its 16 bytes. */
static int parse_uuid(const char *s, uint8_t out[16])
{
	unsigned int i, n = 0;

	for (i = 0; s[i] && n < 32; i++) {
		int v;

		if (s[i] == '-' && (i == 8 || i == 13 || i == 18 || i == 23))
			continue;
		if (s[i] >= '0' && s[i] <= '9')
			v = s[i] - '0';
		else if ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')
			v = (s[i] | 0x20) - 'a' + 10;
		else
			return -EINVAL;
		out[n / 2] = (uint8_t)(n & 1 ? out[n / 2] | v : v << 4);
		n++;
	}
	return n == 32 && !s[i] ? 0 : -EINVAL;
}

static void format_uuid(const uint8_t id[16], char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned int i;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*out++ = '-';
		*out++ = hex[id[i] >> 4];
		*out++ = hex[id[i] & 0xf];
	}
	*out = '\0';
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "0") || !strcmp(v, "1")) {
		*out = v[0] == '1';
		return 0;
	}
	return -EINVAL;
}

static int parse_option(char *opt, struct tcp_addr *a, bool *hostid_set, const char *s)
{
	char *v = strchr(opt, '=');
	char *end;
	unsigned long n;

	if (!v)
		return bad("an option without '='", s);
	*v++ = '\0';
	if (!strcmp(opt, "hostnqn")) {
		if (!*v || strlen(v) >= sizeof(a->hostnqn))
			return bad("hostnqn empty or longer than 255 bytes", s);
		strcpy(a->hostnqn, v);
	} else if (!strcmp(opt, "hostid")) {
		if (parse_uuid(v, a->hostid))
			return bad("hostid not a UUID", s);
		*hostid_set = true;
	} else if (!strcmp(opt, "hdgst")) {
		if (parse_bool(v, &a->hdgst))
			return bad("hdgst not 0 or 1", s);
	} else if (!strcmp(opt, "ddgst")) {
		if (parse_bool(v, &a->ddgst))
			return bad("ddgst not 0 or 1", s);
	} else if (!strcmp(opt, "kato")) {
		errno = 0;
		n = strtoul(v, &end, 10);
		if (!*v || *end || errno || n > UINT32_MAX)
			return bad("kato not a number of milliseconds", s);
		a->kato_ms = (uint32_t)n;
	} else if (!strcmp(opt, "capture")) {
		if (!*v || strlen(v) >= sizeof(a->capture))
			return bad("capture empty or longer than 1023 bytes", s);
		strcpy(a->capture, v);
	} else {
		nvmet_set_error("tcp: unknown option '%s' in '%s'", opt, s);
		return -EINVAL;
	}
	return 0;
}

/* ADDR[:PORT] or [ADDR][:PORT] into @host and @port (pointers into @hp). */
static int split_host(char *hp, char **host, char **port, const char *s)
{
	char *c;

	*port = NULL;
	if (hp[0] == '[') {
		c = strchr(hp, ']');
		if (!c || c == hp + 1)
			return bad("an unclosed or empty '['", s);
		*c++ = '\0';
		*host = hp + 1;
		if (*c == ':')
			*port = c + 1;
		else if (*c)
			return bad("something after ']' that is not ':PORT'", s);
		return 0;
	}
	*host = hp;
	c = strchr(hp, ':');
	if (c && strchr(c + 1, ':'))
		return bad("an IPv6 address not in brackets", s);
	if (c) {
		*c = '\0';
		*port = c + 1;
	}
	return **host ? 0 : bad("no address", s);
}

static int resolve(const char *host, const char *port, struct tcp_addr *a, const char *s)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV };
	struct addrinfo *res;
	char *end;
	unsigned long n;
	int ret;

	errno = 0;
	n = strtoul(port, &end, 10);
	if (!*port || *end || errno || !n || n > 65535)
		return bad("a port that is not 1..65535", s);
	ret = getaddrinfo(host, port, &hints, &res);
	if (ret) {
		nvmet_set_error("tcp: '%s': %s", host, gai_strerror(ret));
		return -EHOSTUNREACH;
	}
	memcpy(&a->ss, res->ai_addr, res->ai_addrlen);
	a->sslen = res->ai_addrlen;
	freeaddrinfo(res);
	/* For messages only: a long host name is cut. */
	if (snprintf(a->name, sizeof(a->name), "%s%.100s%s:%s", strchr(host, ':') ? "[" : "",
		     host, strchr(host, ':') ? "]" : "", port) < 0)
		a->name[0] = '\0';
	return 0;
}

int tcp_addr_parse(const char *s, struct tcp_addr *a)
{
	char buf[1024], *slash, *nqn, *opt, *next, *host, *port;
	bool hostid_set = false;
	char uuid[37];
	int ret;

	memset(a, 0, sizeof(*a));
	if (strlen(s) >= sizeof(buf))
		return bad("an address too long", "tcp:");
	strcpy(buf, s);
	slash = strchr(buf[0] == '[' && strchr(buf, ']') ? strchr(buf, ']') : buf, '/');
	if (!slash)
		return bad("no '/SUBNQN'", s);
	*slash = '\0';
	nqn = slash + 1;
	opt = strchr(nqn, ',');
	if (opt)
		*opt++ = '\0';
	if (!*nqn || strlen(nqn) >= sizeof(a->subnqn))
		return bad("a subsystem NQN empty or longer than 255 bytes", s);
	strcpy(a->subnqn, nqn);
	for (; opt; opt = next) {
		next = strchr(opt, ',');
		if (next)
			*next++ = '\0';
		ret = parse_option(opt, a, &hostid_set, s);
		if (ret)
			return ret;
	}
	ret = split_host(buf, &host, &port, s);
	if (!ret)
		ret = resolve(host, port ? port : "4420", a, s);
	if (ret)
		return ret;
	if (!hostid_set) {
		if (getrandom(a->hostid, sizeof(a->hostid), 0) != sizeof(a->hostid))
			return -EIO;
		/* A version 4 (random) UUID. */
		a->hostid[6] = (uint8_t)((a->hostid[6] & 0x0f) | 0x40);
		a->hostid[8] = (uint8_t)((a->hostid[8] & 0x3f) | 0x80);
	}
	if (!a->hostnqn[0]) {
		format_uuid(a->hostid, uuid);
		snprintf(a->hostnqn, sizeof(a->hostnqn), "nqn.2014-08.org.nvmexpress:uuid:%s", uuid);
	}
	return 0;
}
