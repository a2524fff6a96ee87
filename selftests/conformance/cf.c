// SPDX-License-Identifier: GPL-2.0
/*
 * cf.c - what the conformance tests share: recording a failure or a skip,
 * commands run to their completion, the namespace's geometry, registers.
 */
#include <endian.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "conformance.h"

static void cf_record(struct cf *t, enum cf_result r, const char *fmt, va_list ap)
{
	if (t->result != CF_PASS)
		return;
	t->result = r;
	vsnprintf(t->msg, sizeof(t->msg), fmt, ap);
}

void cf_fail(struct cf *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cf_record(t, CF_FAIL, fmt, ap);
	va_end(ap);
}

void cf_skip(struct cf *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cf_record(t, CF_SKIP, fmt, ap);
	va_end(ap);
}

const char *cf_status_str(uint16_t status, char *buf, size_t len)
{
	if (status == 0xffff)
		snprintf(buf, len, "no completion (timed out)");
	else
		nvmet_status_snprint(buf, len, status);
	return buf;
}

static void cf_cpl_cb(void *arg, const struct nvmet_cpl *cpl)
{
	*(struct nvmet_cqe *)arg = *cpl->cqe;
}

struct nvmet_cqe cf_admin(struct cf *t, const struct nvmet_sqe *sqe, struct nvmet_buf *buf,
			  size_t len, enum nvmet_dir dir)
{
	struct nvmet_cqe cqe;
	int ret;

	memset(&cqe, 0xff, sizeof(cqe));
	ret = nvmet_ctrl_admin_sync(t->ctrl, sqe, len ? buf : NULL, 0, len,
				    len ? dir : NVMET_DIR_NONE, &cqe);
	if (ret) {
		cf_fail(t, "%s: the library could not send it: %s",
			nvmet_admin_opcode_name(sqe->opc), strerror(-ret));
		memset(&cqe, 0xff, sizeof(cqe));
	}
	return cqe;
}

struct nvmet_cqe cf_io(struct cf *t, struct nvmet_qpair *qp, struct nvmet_sqe *sqe,
		       struct nvmet_buf *buf, size_t off, size_t len)
{
	struct nvmet_cqe cqe;
	int ret;

	memset(&cqe, 0xff, sizeof(cqe));
	ret = nvmet_qpair_submit(qp, sqe, buf, off, buf ? len : 0, cf_cpl_cb, &cqe);
	if (!ret)
		ret = nvmet_qpair_waitdone(qp, 1, NULL);
	if (ret) {
		cf_fail(t, "%s: the library could not run it: %s",
			nvmet_io_opcode_name(sqe->opc), strerror(-ret));
		memset(&cqe, 0xff, sizeof(cqe));
	}
	return cqe;
}

uint32_t cf_lba(const struct cf *t)
{
	return nvmet_ns_lba_size(t->ns);
}

uint64_t cf_nsze(const struct cf *t)
{
	return nvmet_id_ns_nsze(nvmet_ns_id_data(t->ns));
}

struct nvmet_buf *cf_buf(struct cf *t, size_t size, const char *name)
{
	struct nvmet_buf *buf;
	int ret;

	if (t->nbufs == sizeof(t->bufs) / sizeof(t->bufs[0])) {
		cf_fail(t, "the test asked for more than %u buffers", t->nbufs);
		return NULL;
	}
	ret = nvmet_ctrl_buf_alloc(t->ctrl, size, name, &buf);
	if (ret) {
		cf_fail(t, "a %zu-byte buffer: %s", size, strerror(-ret));
		return NULL;
	}
	t->bufs[t->nbufs++] = buf;
	return buf;
}

static struct nvmet_cqe cf_rw(struct cf *t, uint8_t opc, struct nvmet_buf *buf, uint64_t slba,
			      uint32_t nlb, size_t off)
{
	struct nvmet_sqe sqe;

	nvmet_cmd_lba(&sqe, opc, nvmet_ns_nsid(t->ns), slba, nlb, NULL);
	return cf_io(t, t->qp, &sqe, buf, off, (size_t)nlb * cf_lba(t));
}

struct nvmet_cqe cf_write(struct cf *t, uint64_t slba, uint32_t nlb, size_t off)
{
	return cf_rw(t, NVMET_CMD_WRITE, t->out, slba, nlb, off);
}

struct nvmet_cqe cf_read(struct cf *t, uint64_t slba, uint32_t nlb, size_t off)
{
	return cf_rw(t, NVMET_CMD_READ, t->in, slba, nlb, off);
}

uint64_t cf_reg(struct cf *t, uint32_t off, unsigned int width)
{
	uint64_t v = 0;
	int ret = nvmet_ctrl_reg_read(t->ctrl, off, width, &v);

	if (ret)
		cf_fail(t, "reading register %02xh: %s", off, strerror(-ret));
	return v;
}

/*
 * Identify Controller's NVMe over Fabrics fields are reserved on a PCIe
 * controller, and a fabrics controller's IOCCSZ is at least 4 (a 64-byte
 * command capsule): the controller itself says which it is, whatever DEV
 * string reached it.
 */
bool cf_is_pcie(const struct cf *t)
{
	uint32_t ioccsz;

	memcpy(&ioccsz, t->id + NVMET_ID_CTRL_IOCCSZ, sizeof(ioccsz));
	return le32toh(ioccsz) == 0;
}
