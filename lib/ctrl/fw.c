// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fw.c - firmware image download from a file, and firmware commit.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nvmet/cmd.h>
#include <nvmet/admin.h>

static uint32_t fw_chunk(struct nvmet_ctrl *ctrl, uint32_t chunk)
{
	uint32_t mdts = nvmet_ctrl_mdts(ctrl);

	if (chunk)
		return chunk % 4 || (mdts && chunk > mdts) ? 0 : chunk;
	return mdts && mdts < NVMET_FW_CHUNK_DEFAULT ? mdts : NVMET_FW_CHUNK_DEFAULT;
}

/* The size of a regular file, a multiple of 4 and not 0. */
static int fw_size(int fd, uint64_t *size)
{
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	if (!S_ISREG(st.st_mode) || st.st_size <= 0 || st.st_size % 4)
		return -EINVAL;
	*size = (uint64_t)st.st_size;
	return 0;
}

static int read_full(int fd, void *p, size_t len, uint64_t offset)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pread(fd, (char *)p + done, len - done, (off_t)(offset + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;	/* the file shrank under us */
		done += (size_t)n;
	}
	return 0;
}

static int fw_send(struct nvmet_ctrl *ctrl, int fd, uint64_t size, uint32_t chunk,
		   struct nvmet_cqe *cqe)
{
	struct nvmet_buf *buf;
	struct nvmet_sqe sqe;
	uint64_t off;
	size_t len;
	int ret;

	ret = nvmet_ctrl_buf_alloc(ctrl, size < chunk ? size : chunk, "fw image", &buf);
	if (ret)
		return ret;
	for (off = 0; off < size; off += len) {
		len = size - off < chunk ? size - off : chunk;
		ret = read_full(fd, buf->va, len, off);
		nvmet_cmd_fw_download(&sqe, off, len);
		if (!ret)
			ret = nvmet_ctrl_admin_sync(ctrl, &sqe, buf, 0, len, NVMET_DIR_TO_DEV, cqe);
		if (ret || !nvmet_cqe_ok(cqe))
			break;
	}
	nvmet_buf_free(buf);
	return ret;
}

int nvmet_ctrl_fw_download_file(struct nvmet_ctrl *ctrl, const char *path, uint32_t chunk,
				struct nvmet_cqe *cqe)
{
	uint64_t size = 0;
	int fd, ret;

	if (!ctrl || !path || !cqe)
		return -EINVAL;
	chunk = fw_chunk(ctrl, chunk);
	if (!chunk)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = fw_size(fd, &size);
	if (!ret)
		ret = fw_send(ctrl, fd, size, chunk, cqe);
	close(fd);
	return ret;
}

int nvmet_ctrl_fw_commit(struct nvmet_ctrl *ctrl, unsigned int slot, unsigned int action,
			 struct nvmet_cqe *cqe)
{
	struct nvmet_sqe sqe;

	/* FS and CA are 3-bit fields: a larger value is not a slot or action. */
	if (!ctrl || !cqe || slot > 7 || action > 7)
		return -EINVAL;
	nvmet_cmd_fw_commit(&sqe, slot, action, 0);
	return nvmet_ctrl_admin_sync(ctrl, &sqe, NULL, 0, 0, NVMET_DIR_NONE, cqe);
}
