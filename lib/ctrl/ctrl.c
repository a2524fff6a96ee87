// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ctrl.c - opening, initializing and closing a controller; registers,
 * identify data and DMA buffers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <nvmet/admin.h>
#include <nvmet/ioworker.h>

#include "ctrl_priv.h"

static int ctrl_transport_open(const char *addr, struct nvmet_ctrl *ctrl)
{
	nvmet_set_error("%s", "");
	if (!strncmp(addr, "emu:", 4) || !strcmp(addr, "emu"))
		return nvmet_emu_open(addr[3] ? addr + 4 : "", ctrl);
	if (!strncmp(addr, "tcp:", 4))
		return nvmet_tcp_open(addr + 4, ctrl);
	return nvmet_kmod_open(addr, ctrl);
}

int nvmet_ctrl_open(const char *addr, const struct nvmet_ctrl_opts *opts,
		    struct nvmet_ctrl **out)
{
	struct nvmet_ctrl *ctrl;
	int ret;

	if (!addr || !out)
		return -EINVAL;
	ctrl = calloc(1, sizeof(*ctrl));
	if (!ctrl)
		return -ENOMEM;
	pthread_mutex_init(&ctrl->iow_lock, NULL);
	ctrl->timeout_ms = opts && opts->timeout_ms ? opts->timeout_ms : NVMET_DEFAULT_TIMEOUT_MS;
	ret = ctrl_transport_open(addr, ctrl);
	if (ret) {
		pthread_mutex_destroy(&ctrl->iow_lock);
		free(ctrl);
		return ret;
	}
	ret = ctrl->tp->info(ctrl, &ctrl->info);
	if (!ret) {
		ctrl->qpairs = calloc(ctrl->info.max_qid + 1, sizeof(*ctrl->qpairs));
		if (!ctrl->qpairs)
			ret = -ENOMEM;
	}
	if (!ret)
		ret = nvmet_ctrl_admin_setup(ctrl);
	if (!ret && !(opts && opts->no_init))
		ret = nvmet_ctrl_init(ctrl);
	if (ret) {
		nvmet_ctrl_close(ctrl);
		return ret;
	}
	*out = ctrl;
	return 0;
}

void nvmet_ctrl_close(struct nvmet_ctrl *ctrl)
{
	if (!ctrl)
		return;
	/* Workers end first: their threads use the queues about to go. */
	nvmet_ioworkers_release(ctrl);
	/* AERs (and anything else) still outstanding die with the controller. */
	nvmet_ctrl_admin_forget(ctrl);
	nvmet_ctrl_admin_teardown(ctrl);
	if (ctrl->tpriv)
		ctrl->tp->close(ctrl);
	pthread_mutex_destroy(&ctrl->iow_lock);
	free(ctrl->bufs);
	free(ctrl->qpairs);
	free(ctrl);
}

int nvmet_ctrl_init(struct nvmet_ctrl *ctrl)
{
	int ret = nvmet_ctrl_reset(ctrl);

	if (!ret)
		ret = nvmet_ctrl_identify(ctrl);
	return ret ? ret : nvmet_ctrl_aer_arm_default(ctrl);
}

int nvmet_ctrl_identify(struct nvmet_ctrl *ctrl)
{
	struct nvmet_buf *buf;
	struct nvmet_cqe cqe;
	int ret;

	ret = nvmet_ctrl_buf_alloc(ctrl, NVMET_ID_SIZE, "identify", &buf);
	if (ret)
		return ret;
	ret = nvmet_admin_identify_sync(ctrl, NVMET_CNS_CTRL, 0, NULL, buf, &cqe);
	if (!ret && !nvmet_cqe_ok(&cqe))
		ret = -EIO;
	if (!ret) {
		memcpy(ctrl->id, buf->va, NVMET_ID_SIZE);
		ctrl->id_valid = true;
	}
	nvmet_buf_free(buf);
	return ret;
}

int nvmet_ctrl_ns_list(struct nvmet_ctrl *ctrl, uint32_t *nsids, unsigned int max)
{
	struct nvmet_buf *buf;
	struct nvmet_cqe cqe;
	const uint32_t *list;
	unsigned int n = 0;
	int ret;

	ret = nvmet_ctrl_buf_alloc(ctrl, NVMET_ID_SIZE, "ns list", &buf);
	if (ret)
		return ret;
	ret = nvmet_admin_identify_sync(ctrl, NVMET_CNS_NS_ACTIVE_LIST, 0, NULL, buf, &cqe);
	if (!ret && !nvmet_cqe_ok(&cqe))
		ret = -EIO;
	/* A list of little-endian IDs, ended by the first zero. */
	list = buf->va;
	while (!ret && n < max && n < NVMET_ID_SIZE / 4 && list[n]) {
		nsids[n] = list[n];
		n++;
	}
	nvmet_buf_free(buf);
	return ret ? ret : (int)n;
}

const uint8_t *nvmet_ctrl_id_data(const struct nvmet_ctrl *ctrl)
{
	return ctrl->id_valid ? ctrl->id : NULL;
}

uint32_t nvmet_ctrl_mdts(const struct nvmet_ctrl *ctrl)
{
	unsigned int mdts = ctrl->id[NVMET_ID_CTRL_MDTS];
	uint32_t min_page = 4096u << ((ctrl->info.cap >> 48) & 0xf);

	if (!ctrl->id_valid || !mdts || mdts > 19)
		return 0;
	return min_page << mdts;
}

uint32_t nvmet_ctrl_page_size(const struct nvmet_ctrl *ctrl)
{
	return ctrl->info.page_size;
}

uint32_t nvmet_ctrl_queue_count(const struct nvmet_ctrl *ctrl)
{
	return ctrl->info.max_qid;
}

const char *nvmet_ctrl_transport(const struct nvmet_ctrl *ctrl)
{
	return ctrl->tp->name;
}

int nvmet_ctrl_set_timeout(struct nvmet_ctrl *ctrl, uint32_t timeout_ms)
{
	if (!timeout_ms)
		return -EINVAL;
	ctrl->timeout_ms = timeout_ms;
	return 0;
}

int nvmet_ctrl_reg_read(struct nvmet_ctrl *ctrl, uint32_t offset, unsigned int width,
			uint64_t *val)
{
	return ctrl->tp->reg_read(ctrl, offset, width, val);
}

int nvmet_ctrl_reg_write(struct nvmet_ctrl *ctrl, uint32_t offset, unsigned int width,
			 uint64_t val)
{
	return ctrl->tp->reg_write(ctrl, offset, width, val);
}

int nvmet_ctrl_irq(struct nvmet_ctrl *ctrl, unsigned int vector, uint64_t *count, int *masked)
{
	return ctrl->tp->irq_get(ctrl, vector, count, masked);
}

static int transport_reset(struct nvmet_ctrl *ctrl, int arg)
{
	(void)arg;
	return ctrl->tp->reset(ctrl);
}

int nvmet_ctrl_reset(struct nvmet_ctrl *ctrl)
{
	return nvmet_ctrl_reset_with(ctrl, transport_reset, 0);
}

int nvmet_ctrl_reset_with(struct nvmet_ctrl *ctrl, int (*how)(struct nvmet_ctrl *ctrl, int arg),
			  int arg)
{
	uint32_t q;
	int ret;

	/* Workers' threads own their queue pairs: they end before the pairs are touched. */
	nvmet_ioworkers_end(ctrl, NVMET_IOW_ERR_ABORTED);
	for (q = 1; q <= ctrl->info.max_qid; q++)
		if (ctrl->qpairs[q])
			nvmet_qpair_abort_all(ctrl->qpairs[q]);
	nvmet_ctrl_admin_abort(ctrl);
	ret = how(ctrl, arg);
	/* The module's aborted admin commands come back now, AERs among them. */
	while (ctrl->admin_outstanding || ctrl->aer_outstanding) {
		int n = nvmet_ctrl_admin_poll(ctrl, 1000, NULL);

		if (n < 0)
			return n;
		if (n == 0 && !ctrl->admin_outstanding)
			break;
	}
	if (ret)
		return ret;
	nvmet_qpairs_drop_lost(ctrl);
	for (q = 1; q <= ctrl->info.max_qid && !ret; q++)
		if (ctrl->qpairs[q])
			ret = nvmet_qpair_recreate(ctrl->qpairs[q]);
	return ret ? ret : nvmet_ctrl_aer_arm(ctrl);
}
