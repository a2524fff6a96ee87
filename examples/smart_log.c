// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * smart_log.c - print a controller's SMART / Health Information log page,
 * read with one call (nvmet/admin.h), the way pynvme's
 * nvme0.getlogpage(2, buf, 512).waitdone() does.
 *
 *   smart_log [DEV]      DEV: /dev/nvmetest0 (default), a PCI address, or emu:
 *
 * Build: cc smart_log.c $(pkg-config --cflags --libs libnvmet)
 */
#include <stdio.h>
#include <string.h>

#include <nvmet/nvmet.h>

/* Fields of the SMART / Health log: offset of the first and last byte used. */
static const struct {
	const char *name;
	size_t begin, end;
} fields[] = {
	{ "critical_warning", 0, 0 },
	{ "temperature (K)", 1, 2 },
	{ "available_spare (%)", 3, 3 },
	{ "percentage_used (%)", 5, 5 },
	{ "data_units_read", 32, 39 },		/* 128-bit counters: their low half */
	{ "data_units_written", 48, 55 },
	{ "host_read_commands", 64, 71 },
	{ "host_write_commands", 80, 87 },
	{ "power_cycles", 112, 119 },
	{ "power_on_hours", 128, 135 },
	{ "unsafe_shutdowns", 144, 151 },
	{ "media_errors", 160, 167 },
	{ "error_log_entries", 176, 183 },
};

int main(int argc, char **argv)
{
	const char *dev = argc > 1 ? argv[1] : "/dev/nvmetest0";
	char status[NVMET_STATUS_STR_MAX];
	struct nvmet_ctrl *ctrl;
	struct nvmet_buf *buf;
	struct nvmet_cqe cqe;
	uint64_t v;
	size_t i;
	int ret;

	ret = nvmet_ctrl_open(dev, NULL, &ctrl);
	if (ret) {
		fprintf(stderr, "%s: %s\n", dev, *nvmet_last_error() ? nvmet_last_error() :
			strerror(-ret));
		return 1;
	}
	ret = nvmet_ctrl_buf_alloc(ctrl, 512, "smart", &buf);
	/* All namespaces: NSID FFFFFFFFh. */
	if (!ret)
		ret = nvmet_admin_get_log_page_sync(ctrl, NVMET_LOG_SMART, 0xffffffffu, NULL, buf,
						    512, &cqe);
	if (ret) {
		fprintf(stderr, "smart_log: %s\n", strerror(-ret));
	} else if (!nvmet_cqe_ok(&cqe)) {
		nvmet_status_snprint(status, sizeof(status), cqe.status);
		fprintf(stderr, "smart_log: Get Log Page failed: %s\n", status);
		ret = 1;
	} else {
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
			nvmet_buf_get_uint(buf, fields[i].begin, fields[i].end, &v);
			printf("%-22s: %llu\n", fields[i].name, (unsigned long long)v);
		}
	}
	nvmet_buf_free(buf);
	nvmet_ctrl_close(ctrl);
	return ret ? 1 : 0;
}
