// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * hello_world.c - write "hello world" to LBA 0 of namespace 1; the write's
 * callback issues the read; the read's callback checks what came back.
 *
 *   hello_world [DEV]      DEV: /dev/nvmetest0 (default) or a PCI address
 *
 * Build: cc hello_world.c $(pkg-config --cflags --libs libnvmet)
 */
#include <stdio.h>
#include <string.h>

#include <nvmet/nvmet.h>

struct hello {
	struct nvmet_ns *ns;
	struct nvmet_qpair *qp;
	struct nvmet_buf *out;
	struct nvmet_buf *in;
	int result;
};

static void read_done(void *arg, const struct nvmet_cpl *cpl)
{
	struct hello *h = arg;

	if (!nvmet_cqe_ok(cpl->cqe)) {
		fprintf(stderr, "read failed: status 0x%04x\n", cpl->cqe->status);
		h->result = 1;
		return;
	}
	printf("read back: %s\n", (const char *)h->in->va);
	h->result = strcmp(h->in->va, "hello world") ? 1 : 0;
}

static void write_done(void *arg, const struct nvmet_cpl *cpl)
{
	struct hello *h = arg;

	if (!nvmet_cqe_ok(cpl->cqe)) {
		fprintf(stderr, "write failed: status 0x%04x\n", cpl->cqe->status);
		h->result = 1;
		return;
	}
	/* A callback may submit more commands. */
	if (nvmet_ns_read(h->ns, h->qp, h->in, 0, 0, 1, read_done, h))
		h->result = 1;
}

int main(int argc, char **argv)
{
	const char *dev = argc > 1 ? argv[1] : "/dev/nvmetest0";
	struct hello h = { .result = 1 };
	struct nvmet_ctrl *ctrl;
	int ret;

	ret = nvmet_ctrl_open(dev, NULL, &ctrl);
	if (ret) {
		fprintf(stderr, "%s: %s\n", dev, strerror(-ret));
		return 1;
	}
	ret = nvmet_ns_open(ctrl, 1, &h.ns);
	if (!ret)
		ret = nvmet_qpair_create(ctrl, NULL, &h.qp);
	if (!ret)
		ret = nvmet_ctrl_buf_alloc(ctrl, 4096, "out", &h.out);
	if (!ret)
		ret = nvmet_ctrl_buf_alloc(ctrl, 4096, "in", &h.in);
	if (!ret) {
		strcpy(h.out->va, "hello world");
		ret = nvmet_ns_write(h.ns, h.qp, h.out, 0, 0, 1, write_done, &h);
	}
	/* The write, then the read its callback submitted. */
	if (!ret)
		ret = nvmet_qpair_waitdone(h.qp, 1, NULL);
	if (!ret && nvmet_qpair_outstanding(h.qp))
		ret = nvmet_qpair_waitdone(h.qp, 1, NULL);
	if (ret)
		fprintf(stderr, "hello_world: %s\n", strerror(-ret));
	nvmet_buf_free(h.in);
	nvmet_buf_free(h.out);
	nvmet_qpair_delete(h.qp);
	nvmet_ns_close(h.ns);
	nvmet_ctrl_close(ctrl);
	return ret ? 1 : h.result;
}
