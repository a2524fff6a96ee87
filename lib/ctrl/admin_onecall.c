// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * admin_onecall.c - Identify, Get and Set Features and Get Log Page
 * in one call (nvmet/admin.h): the entry built by nvmet/cmd.h, the data at
 * offset 0 of the buffer in the command's direction, sent with a callback
 * or waited for, both through send() below.
 */
#include <errno.h>
#include <stdbool.h>

#include <nvmet/admin.h>

/*
 * The builders fill any value in, cut to its field; these calls take
 * arguments, and refuse those that do not fit.
 */
#define UUID_INDEX_MAX		0x7fu
#define NUMD_MAX_BYTES		(4ull << 32)	/* 32-bit 0-based dword count */

static bool uuid_ok(unsigned int uuid_index)
{
	return uuid_index <= UUID_INDEX_MAX;
}

/* A transfer a 0-based dword count describes: 4 bytes to 16 GiB, whole dwords. */
static bool numd_ok(uint64_t len)
{
	return len && !(len % 4) && len <= NUMD_MAX_BYTES;
}

/*
 * The entry @sqe (@built: 0, or -EINVAL for arguments that did not fit)
 * with @len bytes of @buf: waited for into @cqe when there is one, else
 * submitted with @cb.
 */
static int send(struct nvmet_ctrl *ctrl, int built, const struct nvmet_sqe *sqe,
		struct nvmet_buf *buf, size_t len, enum nvmet_dir dir, nvmet_cb_t cb,
		void *cb_arg, struct nvmet_cqe *cqe)
{
	if (built)
		return built;
	if (!ctrl || (len && (!buf || len > buf->size)))
		return -EINVAL;
	if (!len)
		dir = NVMET_DIR_NONE;
	if (cqe)
		return nvmet_ctrl_admin_sync(ctrl, sqe, len ? buf : NULL, 0, len, dir, cqe);
	return nvmet_ctrl_admin(ctrl, sqe, len ? buf : NULL, 0, len, dir, cb, cb_arg);
}

static int identify(struct nvmet_ctrl *ctrl, uint8_t cns, uint32_t nsid,
		    const struct nvmet_identify_opts *opts, struct nvmet_buf *buf,
		    nvmet_cb_t cb, void *cb_arg, struct nvmet_cqe *cqe)
{
	int built = !opts || uuid_ok(opts->uuid_index) ? 0 : -EINVAL;
	struct nvmet_sqe sqe;

	nvmet_cmd_identify(&sqe, cns, nsid, opts);

	/* The data structure is always the whole 4096 bytes. */
	if (!buf)
		return -EINVAL;
	return send(ctrl, built, &sqe, buf, NVMET_ID_DATA_SIZE, NVMET_DIR_FROM_DEV, cb, cb_arg,
		    cqe);
}

int nvmet_admin_identify(struct nvmet_ctrl *ctrl, uint8_t cns, uint32_t nsid,
			 const struct nvmet_identify_opts *opts, struct nvmet_buf *buf,
			 nvmet_cb_t cb, void *cb_arg)
{
	return identify(ctrl, cns, nsid, opts, buf, cb, cb_arg, NULL);
}

int nvmet_admin_identify_sync(struct nvmet_ctrl *ctrl, uint8_t cns, uint32_t nsid,
			      const struct nvmet_identify_opts *opts, struct nvmet_buf *buf,
			      struct nvmet_cqe *cqe)
{
	return cqe ? identify(ctrl, cns, nsid, opts, buf, NULL, NULL, cqe) : -EINVAL;
}

static int get_features(struct nvmet_ctrl *ctrl, uint8_t fid, unsigned int sel, uint32_t cdw11,
			const struct nvmet_feat_opts *opts, struct nvmet_buf *buf, size_t len,
			nvmet_cb_t cb, void *cb_arg, struct nvmet_cqe *cqe)
{
	int built = sel <= 7 && (!opts || uuid_ok(opts->uuid_index)) ? 0 : -EINVAL;
	struct nvmet_sqe sqe;

	nvmet_cmd_get_features(&sqe, fid, sel, cdw11, opts);

	return send(ctrl, built, &sqe, buf, len, NVMET_DIR_FROM_DEV, cb, cb_arg, cqe);
}

int nvmet_admin_get_features(struct nvmet_ctrl *ctrl, uint8_t fid, unsigned int sel,
			     uint32_t cdw11, const struct nvmet_feat_opts *opts,
			     struct nvmet_buf *buf, size_t len, nvmet_cb_t cb, void *cb_arg)
{
	return get_features(ctrl, fid, sel, cdw11, opts, buf, len, cb, cb_arg, NULL);
}

int nvmet_admin_get_features_sync(struct nvmet_ctrl *ctrl, uint8_t fid, unsigned int sel,
				  uint32_t cdw11, const struct nvmet_feat_opts *opts,
				  struct nvmet_buf *buf, size_t len, struct nvmet_cqe *cqe)
{
	return cqe ? get_features(ctrl, fid, sel, cdw11, opts, buf, len, NULL, NULL, cqe) :
		     -EINVAL;
}

static int set_features(struct nvmet_ctrl *ctrl, uint8_t fid, bool save, uint32_t cdw11,
			const struct nvmet_feat_opts *opts, struct nvmet_buf *buf, size_t len,
			nvmet_cb_t cb, void *cb_arg, struct nvmet_cqe *cqe)
{
	int built = !opts || uuid_ok(opts->uuid_index) ? 0 : -EINVAL;
	struct nvmet_sqe sqe;

	nvmet_cmd_set_features(&sqe, fid, save, cdw11, opts);

	return send(ctrl, built, &sqe, buf, len, NVMET_DIR_TO_DEV, cb, cb_arg, cqe);
}

int nvmet_admin_set_features(struct nvmet_ctrl *ctrl, uint8_t fid, bool save, uint32_t cdw11,
			     const struct nvmet_feat_opts *opts, struct nvmet_buf *buf, size_t len,
			     nvmet_cb_t cb, void *cb_arg)
{
	return set_features(ctrl, fid, save, cdw11, opts, buf, len, cb, cb_arg, NULL);
}

int nvmet_admin_set_features_sync(struct nvmet_ctrl *ctrl, uint8_t fid, bool save,
				  uint32_t cdw11, const struct nvmet_feat_opts *opts,
				  struct nvmet_buf *buf, size_t len, struct nvmet_cqe *cqe)
{
	return cqe ? set_features(ctrl, fid, save, cdw11, opts, buf, len, NULL, NULL, cqe) :
		     -EINVAL;
}

static int get_log_page(struct nvmet_ctrl *ctrl, uint8_t lid, uint32_t nsid,
			const struct nvmet_log_opts *opts, struct nvmet_buf *buf, size_t len,
			nvmet_cb_t cb, void *cb_arg, struct nvmet_cqe *cqe)
{
	int built = numd_ok(len) && (!opts || (opts->lsp <= 0x7f && uuid_ok(opts->uuid_index))) ?
		    0 : -EINVAL;
	struct nvmet_sqe sqe;

	nvmet_cmd_get_log_page(&sqe, lid, nsid, len, opts);

	return send(ctrl, built, &sqe, buf, len, NVMET_DIR_FROM_DEV, cb, cb_arg, cqe);
}

int nvmet_admin_get_log_page(struct nvmet_ctrl *ctrl, uint8_t lid, uint32_t nsid,
			     const struct nvmet_log_opts *opts, struct nvmet_buf *buf, size_t len,
			     nvmet_cb_t cb, void *cb_arg)
{
	return get_log_page(ctrl, lid, nsid, opts, buf, len, cb, cb_arg, NULL);
}

int nvmet_admin_get_log_page_sync(struct nvmet_ctrl *ctrl, uint8_t lid, uint32_t nsid,
				  const struct nvmet_log_opts *opts, struct nvmet_buf *buf,
				  size_t len, struct nvmet_cqe *cqe)
{
	return cqe ? get_log_page(ctrl, lid, nsid, opts, buf, len, NULL, NULL, cqe) : -EINVAL;
}
