// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * capture.c - a plug-in for the emulated controller that writes every
 * event into a capture Wireshark opens (see <nvmet/pcap.h>): commands and
 * completions as NVMe/TCP capsules, one connection per queue, register
 * accesses as Fabrics Property Set/Get with the register named in the
 * packet comment, MSI-X messages and configuration space accesses as
 * lines of text.
 *
 * Served over NVMe/TCP (`nvmet serve emu: --plugin capture:file=F`), the
 * capture is the real thing instead: every connection's bytes as the
 * target read and sent them (tcp:stream:recv and tcp:stream:send), PDUs,
 * data and digests as on the wire, between the real addresses and ports.
 * The commands, completions and property accesses are in those PDUs, so
 * once a connection's bytes are seen nothing is synthesized any more.
 *
 * Arguments ("key=value;key=value"; unknown keys are refused): file=PATH
 * (required); dstrd=N gives the doorbell stride, which is otherwise learnt
 * from CAP when the host reads it (0 until then).
 *
 *   nvmet_ctrl_open("emu:plugin=build/plugins/capture.so:file=/tmp/s.pcapng", ...)
 *   tshark -r /tmp/s.pcapng -Y nvme
 */
#include <errno.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <nvmet/emu.h>
#include <nvmet/pcap.h>

struct capture {
	struct nvmet_emu *emu;
	struct nvmet_pcap *pc;
	atomic_uint dstrd;
	atomic_bool wire;	/* served: the capture holds the connections' own bytes */
};

static void learn_dstrd(struct capture *c, const struct nvmet_emu_event *ev)
{
	if (ev->offset == NVMET_REG_CAP && ev->width == 8)
		atomic_store(&c->dstrd, (unsigned int)(ev->value >> 32) & 0xf);
	else if (ev->offset == NVMET_REG_CAP + 4)
		atomic_store(&c->dstrd, (unsigned int)ev->value & 0xf);
}

static int on_event(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct capture *c = arg;

	(void)emu;
	if (ev->tap == NVMET_EMU_TAP_STREAM_RECV || ev->tap == NVMET_EMU_TAP_STREAM_SEND) {
		atomic_store(&c->wire, true);
		if (!ev->data)
			nvmet_pcap_tcp_end(c->pc, ev->ts_ns, ev->host, ev->ctrl);
		else
			nvmet_pcap_tcp_bytes(c->pc, ev->ts_ns, ev->host, ev->ctrl,
					     ev->tap == NVMET_EMU_TAP_STREAM_RECV, ev->data,
					     ev->data_len);
		return NVMET_EMU_CONTINUE;
	}
	if (atomic_load(&c->wire))
		return NVMET_EMU_CONTINUE;
	switch (ev->tap) {
	case NVMET_EMU_TAP_PCI_REGREAD:
		nvmet_pcap_cfg_read(c->pc, ev->ts_ns, ev->offset, ev->width, (uint32_t)ev->value);
		break;
	case NVMET_EMU_TAP_PCI_REGWRITE:
		nvmet_pcap_cfg_write(c->pc, ev->ts_ns, ev->offset, ev->width, (uint32_t)ev->value);
		break;
	case NVMET_EMU_TAP_MSIX:
		nvmet_pcap_msix(c->pc, ev->ts_ns, ev->vector);
		break;
	case NVMET_EMU_TAP_REGREAD:
		learn_dstrd(c, ev);
		nvmet_pcap_reg_read(c->pc, ev->ts_ns, ev->offset, ev->width, ev->value,
				    atomic_load(&c->dstrd));
		break;
	case NVMET_EMU_TAP_REGWRITE:
		nvmet_pcap_reg_write(c->pc, ev->ts_ns, ev->offset, ev->width, ev->value,
				     atomic_load(&c->dstrd));
		break;
	case NVMET_EMU_TAP_ADMIN_DECODE:
	case NVMET_EMU_TAP_IO_DECODE:
		nvmet_pcap_command(c->pc, ev->ts_ns, ev->sqid, ev->sqe);
		break;
	case NVMET_EMU_TAP_ADMIN_WRITEBACK:
	case NVMET_EMU_TAP_IO_WRITEBACK:
		nvmet_pcap_completion(c->pc, ev->ts_ns, ev->sqid, ev->cqe, ev->latency_ns);
		break;
	default:
		break;
	}
	return NVMET_EMU_CONTINUE;
}

static void detach_all(struct capture *c)
{
	int i;

	for (i = 0; i < NVMET_EMU_TAP_COUNT; i++)
		nvmet_emu_detach(c->emu, nvmet_emu_tap_name((enum nvmet_emu_tap)i), on_event, c);
}

static int capture_open(struct capture *c, const char *args)
{
	static const char *const keys[] = { "file", "dstrd", NULL };
	char path[4096];
	uint64_t dstrd;
	int ret;

	ret = nvmet_emu_args_check(args, keys);
	if (ret)
		return ret;
	ret = nvmet_emu_arg_u64(args, "dstrd", &dstrd);
	if (ret == -EINVAL)
		return ret;
	if (!ret && dstrd > 15)
		return nvmet_emu_plugin_error("dstrd=%" PRIu64 " is out of range 0..15", dstrd);
	if (!ret)
		atomic_store(&c->dstrd, (unsigned int)dstrd);
	ret = nvmet_emu_arg_str(args, "file", path, sizeof(path));
	if (ret == -ENOENT)
		return nvmet_emu_plugin_error("file= is required");
	if (ret)
		return nvmet_emu_plugin_error("file= is too long");
	ret = nvmet_pcap_open(path, &c->pc);
	if (ret)
		nvmet_emu_plugin_error("file=%s: %s", path, strerror(-ret));
	return ret;
}

int nvmet_plugin_setup(struct nvmet_emu *emu, const char *args, void **priv)
{
	struct capture *c = calloc(1, sizeof(*c));
	int i, ret;

	if (!c)
		return -ENOMEM;
	c->emu = emu;
	ret = capture_open(c, args);
	for (i = 0; !ret && i < NVMET_EMU_TAP_COUNT; i++)
		ret = nvmet_emu_attach(emu, nvmet_emu_tap_name((enum nvmet_emu_tap)i), on_event, c);
	if (ret) {
		detach_all(c);
		nvmet_pcap_close(c->pc);
		free(c);
		return ret;
	}
	*priv = c;
	return 0;
}

void nvmet_plugin_teardown(struct nvmet_emu *emu, void *priv)
{
	struct capture *c = priv;

	(void)emu;
	detach_all(c);
	nvmet_pcap_close(c->pc);
	free(c);
}
