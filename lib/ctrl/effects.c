// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * effects.c - which commands a controller supports, and their
 * effects, from the Commands Supported and Effects log page.
 */
#include <errno.h>

#include <nvmet/admin.h>
#include <nvmet/id.h>

#define CSE_LOG_SIZE		4096
#define CSE_IO_OFFSET		1024	/* admin entries first, 256 of 4 bytes */
#define ID_CTRL_LPA_CSE		(1u << 1)

int nvmet_ctrl_cmd_effects(struct nvmet_ctrl *ctrl, uint8_t opcode, bool admin,
			   uint32_t *effects)
{
	const uint8_t *id = nvmet_ctrl_id_data(ctrl);
	size_t at = (admin ? 0 : CSE_IO_OFFSET) + 4u * opcode;
	struct nvmet_buf *buf;
	struct nvmet_cqe cqe;
	uint64_t v;
	int ret;

	if (!ctrl || !effects)
		return -EINVAL;
	if (id && !(nvmet_id_ctrl_lpa(id) & ID_CTRL_LPA_CSE))
		return -EOPNOTSUPP;
	ret = nvmet_ctrl_buf_alloc(ctrl, CSE_LOG_SIZE, "effects log", &buf);
	if (ret)
		return ret;
	ret = nvmet_admin_get_log_page_sync(ctrl, NVMET_LOG_CMD_EFFECTS, 0xffffffffu, NULL, buf,
					    CSE_LOG_SIZE, &cqe);
	if (!ret && !nvmet_cqe_ok(&cqe))
		ret = -EIO;
	if (!ret)
		ret = nvmet_buf_get_uint(buf, at, at + 3, &v);
	if (!ret)
		*effects = (uint32_t)v;
	nvmet_buf_free(buf);
	return ret;
}

int nvmet_ctrl_supports(struct nvmet_ctrl *ctrl, uint8_t opcode, bool admin, bool *yes)
{
	uint32_t effects;
	int ret;

	if (!yes)
		return -EINVAL;
	ret = nvmet_ctrl_cmd_effects(ctrl, opcode, admin, &effects);
	if (!ret)
		*yes = effects & NVMET_CSE_CSUPP;
	return ret;
}
