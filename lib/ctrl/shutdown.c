// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * shutdown.c - shutdown notification (CC.SHN, CSTS.SHST) and NVM
 * subsystem reset.
 */
#include <errno.h>
#include <time.h>

#include <nvmet/ctrl.h>
#include <nvmet/id.h>

#include "support/clock.h"
#include "workload/verify_priv.h"

#define SHUTDOWN_POLL_NS	1000000L

/* The longer of RTD3E (microseconds) and CAP.TO (500 ms units), in ms. */
static uint64_t shutdown_timeout_ms(struct nvmet_ctrl *ctrl, uint64_t cap)
{
	const uint8_t *id = nvmet_ctrl_id_data(ctrl);
	uint64_t rtd3e_ms = id ? ((uint64_t)nvmet_id_ctrl_rtd3e(id) + 999) / 1000 : 0;
	uint64_t to_ms = (uint64_t)NVMET_CAP_TO(cap) * 500;

	return rtd3e_ms > to_ms ? rtd3e_ms : to_ms;
}

static int shutdown_wait(struct nvmet_ctrl *ctrl, uint64_t timeout_ms)
{
	const struct timespec poll = { .tv_nsec = SHUTDOWN_POLL_NS };
	uint64_t deadline = nvmet_now_ms() + timeout_ms;
	uint64_t csts;
	int ret;

	for (;;) {
		ret = nvmet_ctrl_reg_read(ctrl, NVMET_REG_CSTS, 4, &csts);
		if (ret)
			return ret;
		if (csts == 0xffffffffu)
			return -ENODEV;
		if ((csts & NVMET_CSTS_SHST_MASK) == NVMET_CSTS_SHST_CMPLT)
			return 0;
		if (nvmet_now_ms() > deadline)
			return -ETIMEDOUT;
		nanosleep(&poll, NULL);
	}
}

int nvmet_ctrl_shutdown(struct nvmet_ctrl *ctrl, bool abrupt)
{
	uint64_t cap, cc, epoch;
	int ret;

	if (!ctrl)
		return -EINVAL;
	ret = nvmet_ctrl_reg_read(ctrl, NVMET_REG_CAP, 8, &cap);
	if (!ret)
		ret = nvmet_ctrl_reg_read(ctrl, NVMET_REG_CC, 4, &cc);
	if (ret)
		return ret;
	cc &= ~(uint64_t)NVMET_CC_SHN_MASK;
	cc |= abrupt ? NVMET_CC_SHN_ABRUPT : NVMET_CC_SHN_NORMAL;
	epoch = nvmet_verify_epoch_begin();
	ret = nvmet_ctrl_reg_write(ctrl, NVMET_REG_CC, 4, cc);
	if (!ret)
		ret = shutdown_wait(ctrl, shutdown_timeout_ms(ctrl, cap));
	/* A normal shutdown makes what was written durable, as a flush does. */
	if (!ret && !abrupt)
		nvmet_verify_ctrl_flushed(ctrl, epoch);
	return ret;
}

int nvmet_ctrl_nssr(struct nvmet_ctrl *ctrl)
{
	uint64_t cap;
	int ret;

	if (!ctrl)
		return -EINVAL;
	ret = nvmet_ctrl_reg_read(ctrl, NVMET_REG_CAP, 8, &cap);
	if (ret)
		return ret;
	if (!NVMET_CAP_NSSRS(cap))
		return -EOPNOTSUPP;
	ret = nvmet_ctrl_reg_write(ctrl, NVMET_REG_NSSR, 4, NVMET_NSSR_MAGIC);
	return ret ? ret : nvmet_ctrl_reset(ctrl);
}
