// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * read_lba.c - read one block of namespace 1 and print how the command
 * completed: a program built outside the nvmet tree (see the Makefile
 * here), to load plug-ins into the emulated controller.
 *
 *   read_lba DEV LBA       read_lba 'emu:plugin=./media_error.so:lba=3' 3
 *
 * Exit status: 0 when the read completed (whatever its status), 1 when
 * the library refused (the reason on stderr).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nvmet/nvmet.h>

static void done(void *arg, const struct nvmet_cpl *cpl)
{
	*(struct nvmet_cqe *)arg = *cpl->cqe;
}

int main(int argc, char **argv)
{
	char status[NVMET_STATUS_STR_MAX];
	struct nvmet_ctrl *ctrl = NULL;
	struct nvmet_qpair *qp = NULL;
	struct nvmet_buf *buf = NULL;
	struct nvmet_ns *ns = NULL;
	struct nvmet_cqe cqe;
	uint64_t lba;
	int ret;

	if (argc != 3) {
		fprintf(stderr, "usage: read_lba DEV LBA\n");
		return 2;
	}
	lba = strtoull(argv[2], NULL, 0);
	ret = nvmet_ctrl_open(argv[1], NULL, &ctrl);
	if (ret) {
		fprintf(stderr, "read_lba: %s: %s\n", argv[1],
			*nvmet_last_error() ? nvmet_last_error() : strerror(-ret));
		return 1;
	}
	ret = nvmet_ns_open(ctrl, 1, &ns);
	if (!ret)
		ret = nvmet_qpair_create(ctrl, NULL, &qp);
	if (!ret)
		ret = nvmet_ctrl_buf_alloc(ctrl, 4096, "data", &buf);
	if (!ret)
		ret = nvmet_ns_read(ns, qp, buf, 0, lba, 1, done, &cqe);
	if (!ret)
		ret = nvmet_qpair_waitdone(qp, 1, NULL);
	if (!ret) {
		nvmet_status_snprint(status, sizeof(status), cqe.status);
		printf("LBA %llu: %s\n", (unsigned long long)lba, status);
	} else {
		fprintf(stderr, "read_lba: %s\n", strerror(-ret));
	}
	nvmet_buf_free(buf);
	nvmet_qpair_delete(qp);
	nvmet_ns_close(ns);
	nvmet_ctrl_close(ctrl);
	return ret ? 1 : 0;
}
