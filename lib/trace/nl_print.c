// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nl_print.c - the module's netlink events described on one line, for
 * whoever shows them (nvmet events, nvmet top).
 */
#include <inttypes.h>
#include <stdio.h>

#include <nvmet/names.h>
#include <nvmet/nl.h>

const char *nvmet_nl_event_name(uint32_t type)
{
	switch (type) {
	case NVMETEST_NL_EVENT_AER_COMPLETED:
		return "AER_COMPLETED";
	case NVMETEST_NL_EVENT_TIMED_OUT:
		return "TIMED_OUT";
	case NVMETEST_NL_EVENT_CTRL_FATAL:
		return "CTRL_FATAL";
	case NVMETEST_NL_EVENT_DEVICE_REMOVED:
		return "DEVICE_REMOVED";
	}
	return "UNKNOWN";
}

int nvmet_nl_event_snprint(char *buf, size_t len, const struct nvmet_nl_event *ev)
{
	char what[NVMET_CMD_STR_MAX + NVMET_STATUS_STR_MAX], st[NVMET_STATUS_STR_MAX];

	switch (ev->type) {
	case NVMETEST_NL_EVENT_AER_COMPLETED:
		nvmet_status_snprint(st, sizeof(st), ev->cqe.status);
		snprintf(what, sizeof(what), " type %u info 0x%02x log 0x%02x dw0:%08" PRIx32 " %s",
			 ev->cqe.dw0 & 7, ev->cqe.dw0 >> 8 & 0xff, ev->cqe.dw0 >> 16 & 0xff,
			 ev->cqe.dw0, st);
		break;
	case NVMETEST_NL_EVENT_TIMED_OUT:
		what[0] = ' ';
		nvmet_cmd_snprint(what + 1, sizeof(what) - 1, &ev->sqe, ev->qid);
		break;
	case NVMETEST_NL_EVENT_CTRL_FATAL:
		snprintf(what, sizeof(what), " csts:%08" PRIx32, ev->csts);
		break;
	default:
		what[0] = '\0';
		break;
	}
	return snprintf(buf, len, "[%5" PRIu64 ".%06" PRIu64 "] nvmetest%" PRIu32 " %s %s%s",
			ev->timestamp_ns / 1000000000u, ev->timestamp_ns % 1000000000u / 1000u,
			ev->instance, ev->bdf, nvmet_nl_event_name(ev->type), what);
}
