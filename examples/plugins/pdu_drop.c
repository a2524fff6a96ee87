// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * DOC: pdu_drop.so - NVMe/TCP PDUs lost on the way
 *
 * A plug-in for the emulated controller served over NVMe/TCP (nvmet
 * serve), to test a host's transport error recovery: at tcp:pdu:send (or
 * tcp:pdu:recv) it drops PDUs of one type on the I/O queues (or on a given
 * queue), or sends them with a wrong data or header digest. A dropped
 * CapsuleResp leaves the host's command without a completion until its
 * timeout handler runs (Linux's nvme-tcp then resets the association and
 * reconnects); a wrong digest is what a flaky network would produce.
 *
 * @skip PDUs of the type pass first, then @count are dropped (or
 * corrupted), then every one passes again.
 *
 * Arguments ("key=value;key=value"; unknown keys are refused):
 *
 * ============ ==========================================================
 * type=N       PDU type (default 5, CapsuleResp; 7 C2HData, 9 R2T; with
 *              recv=1: 4 CapsuleCmd, 6 H2CData)
 * recv=0|1     1: PDUs received from the host (default 0: sent to it)
 * qid=N        only this queue (default: any I/O queue, none of the admin's)
 * skip=N       PDUs of the type let through first (default 0)
 * count=N      PDUs dropped; 0 drops every one (default 1)
 * digest=0|1|2 0 drop; 1 send with a bad header digest, 2 a bad data
 *              digest (send side, digests negotiated; default 0)
 * ============ ==========================================================
 *
 * Example: "emu:plugin=pdu_drop:type=5;skip=100" - the 101st CapsuleResp of
 * the I/O queues (their Connects' included) never reaches the host.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <nvmet/emu.h>
#include <nvmet/nvme_tcp.h>

#include "plugin_args.h"

struct pdu_drop {
	const char *tap;
	uint8_t type;
	bool any_io_qid;
	uint16_t qid;
	uint64_t skip, count, seen, dropped;
	unsigned int digest;
};

static const char *const keys[] = { "type", "recv", "qid", "skip", "count", "digest", NULL };

static int on_pdu(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct pdu_drop *d = arg;
	const struct nvmet_tcp_hdr *h = (const void *)ev->pdu;

	(void)emu;
	if (h->type != d->type || (d->any_io_qid ? !ev->qid : ev->qid != d->qid))
		return NVMET_EMU_CONTINUE;
	if (d->seen++ < d->skip || (d->count && d->dropped >= d->count))
		return NVMET_EMU_CONTINUE;
	d->dropped++;
	if (d->digest) {
		ev->corrupt = d->digest == 1 ? NVMET_EMU_BAD_HDGST : NVMET_EMU_BAD_DDGST;
		return NVMET_EMU_CONTINUE;
	}
	return NVMET_EMU_DROP;
}

int nvmet_plugin_setup(struct nvmet_emu *emu, const char *args, void **priv)
{
	uint64_t type, recv, qid, skip, count, digest;
	struct pdu_drop *d;
	int ret;

	ret = nvmet_emu_args_check(args, keys);
	if (!ret)
		ret = plugin_arg(args, "type", NVMET_TCP_RSP, 0, NVMET_TCP_R2T, &type);
	if (!ret)
		ret = plugin_arg(args, "recv", 0, 0, 1, &recv);
	if (!ret)
		ret = plugin_arg(args, "qid", 0, 0, UINT16_MAX, &qid);
	if (!ret)
		ret = plugin_arg(args, "skip", 0, 0, UINT64_MAX, &skip);
	if (!ret)
		ret = plugin_arg(args, "count", 1, 0, UINT64_MAX, &count);
	if (!ret)
		ret = plugin_arg(args, "digest", 0, 0, 2, &digest);
	if (ret)
		return ret;
	if (digest && recv)
		return nvmet_emu_plugin_error("digest= is for the PDUs sent (recv=0)");
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->tap = recv ? "tcp:pdu:recv" : "tcp:pdu:send";
	d->type = (uint8_t)type;
	d->any_io_qid = !plugin_arg_present(args, "qid");
	d->qid = (uint16_t)qid;
	d->skip = skip;
	d->count = count;
	d->digest = (unsigned int)digest;
	ret = nvmet_emu_attach(emu, d->tap, on_pdu, d);
	if (ret) {
		free(d);
		return ret;
	}
	*priv = d;
	return 0;
}

void nvmet_plugin_teardown(struct nvmet_emu *emu, void *priv)
{
	struct pdu_drop *d = priv;

	nvmet_emu_detach(emu, d->tap, on_pdu, d);
	free(d);
}
