// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pcap_stream.c - real NVMe/TCP connections in a capture: the bytes each
 * side sent, as they were sent (PDUs, digests, padding, a PDU cut across
 * reads), in frames between the connection's own addresses and ports. A
 * connection is known by its two endpoints: the first bytes of a new pair
 * open it with a handshake, its end closes it with FINs, and the same
 * pair seen again is a new connection.
 */
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>

#include "pcap_priv.h"

/* @sa's address and port; -EAFNOSUPPORT unless IPv4 or IPv6. */
static int endpoint(const struct sockaddr *sa, bool *v6, uint8_t ip[16], uint16_t *port)
{
	const struct sockaddr_in *in4 = (const void *)sa;
	const struct sockaddr_in6 *in6 = (const void *)sa;

	if (!sa)
		return -EINVAL;
	memset(ip, 0, 16);
	if (sa->sa_family == AF_INET) {
		*v6 = false;
		memcpy(ip, &in4->sin_addr, 4);
		*port = ntohs(in4->sin_port);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		*v6 = true;
		memcpy(ip, &in6->sin6_addr, 16);
		*port = ntohs(in6->sin6_port);
		return 0;
	}
	return -EAFNOSUPPORT;
}

/* The connection's key: both endpoints, of one family. */
static int conn_key(const struct sockaddr *host, const struct sockaddr *ctrl,
		    struct pcap_conn *key)
{
	bool v6;
	int ret;

	memset(key, 0, sizeof(*key));
	ret = endpoint(host, &key->v6, key->host_ip, &key->host_port);
	if (!ret)
		ret = endpoint(ctrl, &v6, key->ctrl_ip, &key->ctrl_port);
	if (!ret && v6 != key->v6)
		ret = -EINVAL;
	return ret;
}

static struct pcap_conn **conn_find(struct nvmet_pcap *pc, const struct pcap_conn *key)
{
	struct pcap_conn **pp;

	for (pp = &pc->streams; *pp; pp = &(*pp)->next) {
		const struct pcap_conn *c = *pp;

		if (c->v6 == key->v6 && c->host_port == key->host_port &&
		    c->ctrl_port == key->ctrl_port && !memcmp(c->host_ip, key->host_ip, 16) &&
		    !memcmp(c->ctrl_ip, key->ctrl_ip, 16))
			return pp;
	}
	return pp;
}

int nvmet_pcap_tcp_bytes(struct nvmet_pcap *pc, uint64_t ts_ns, const struct sockaddr *host,
			 const struct sockaddr *ctrl, bool to_ctrl, const void *buf, size_t len)
{
	struct pcap_conn key, **pp, *c;
	int ret;

	if (!buf && len)
		return -EINVAL;
	ret = conn_key(host, ctrl, &key);
	if (ret)
		return ret;
	ret = pcap_lock(pc);
	if (ret)
		return pcap_unlock(pc, ret);
	ts_ns += pc->ts_off;
	pp = conn_find(pc, &key);
	c = *pp;
	if (!c) {
		c = malloc(sizeof(*c));
		if (!c)
			return pcap_unlock(pc, -ENOMEM);
		*c = key;
		*pp = c;
		ret = pcap_tcp_handshake(pc, c, ts_ns);
		c->open = true;
	}
	if (!ret && len)
		ret = pcap_tcp_send(pc, c, ts_ns, to_ctrl, buf, len, NULL);
	return pcap_unlock(pc, ret);
}

int nvmet_pcap_tcp_end(struct nvmet_pcap *pc, uint64_t ts_ns, const struct sockaddr *host,
		       const struct sockaddr *ctrl)
{
	struct pcap_conn key, **pp, *c;
	int ret;

	ret = conn_key(host, ctrl, &key);
	if (ret)
		return ret;
	ret = pcap_lock(pc);
	if (ret)
		return pcap_unlock(pc, ret);
	pp = conn_find(pc, &key);
	c = *pp;
	if (!c)
		return pcap_unlock(pc, -ENOENT);
	*pp = c->next;
	ret = pcap_tcp_fin(pc, c, ts_ns + pc->ts_off);
	free(c);
	return pcap_unlock(pc, ret);
}

void pcap_streams_free(struct nvmet_pcap *pc)
{
	while (pc->streams) {
		struct pcap_conn *c = pc->streams;

		pc->streams = c->next;
		free(c);
	}
}
