// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pcap.c - the capture API: open and close a capture, and record commands,
 * completions, register accesses, MSI-X messages and configuration space
 * accesses, each with its one-line comment.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nvmet/names.h>

#include "pcap_priv.h"

static uint64_t clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int nvmet_pcap_open(const char *path, struct nvmet_pcap **out)
{
	struct nvmet_pcap *pc;
	int ret;

	if (!path || !out)
		return -EINVAL;
	pc = calloc(1, sizeof(*pc));
	if (!pc)
		return -ENOMEM;
	pc->f = fopen(path, "wbe");
	if (!pc->f) {
		ret = -errno;
		free(pc);
		return ret;
	}
	pthread_mutex_init(&pc->lock, NULL);
	pc->ts_off = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_MONOTONIC);
	ret = pcap_write_header(pc);
	if (ret) {
		nvmet_pcap_close(pc);
		return ret;
	}
	*out = pc;
	return 0;
}

int nvmet_pcap_flush(struct nvmet_pcap *pc)
{
	int ret = pcap_lock(pc);

	if (!ret && fflush(pc->f))
		ret = pc->err = -errno;
	return pcap_unlock(pc, ret);
}

int nvmet_pcap_close(struct nvmet_pcap *pc)
{
	int ret;

	if (!pc)
		return 0;
	ret = pc->err;
	if (fclose(pc->f) && !ret)
		ret = -errno;
	pthread_mutex_destroy(&pc->lock);
	free(pc->queues);
	pcap_streams_free(pc);
	free(pc);
	return ret;
}

int pcap_lock(struct nvmet_pcap *pc)
{
	if (!pc)
		return -EINVAL;
	pthread_mutex_lock(&pc->lock);
	return pc->err;
}

int pcap_unlock(struct nvmet_pcap *pc, int ret)
{
	if (pc)
		pthread_mutex_unlock(&pc->lock);
	return ret;
}

static int conn_error(struct nvmet_pcap *pc)
{
	return pc->err ? pc->err : -ENOMEM;
}

int pcap_command_locked(struct nvmet_pcap *pc, uint64_t ts_ns, uint16_t sqid,
			const struct nvmet_sqe *sqe, const char *note)
{
	uint8_t pdu[sizeof(struct nvmet_tcp_cmd)];
	char line[NVMET_CMD_STR_MAX], comment[PCAP_COMMENT_MAX];
	struct pcap_conn *c;

	c = pcap_queue_conn(pc, ts_ns + pc->ts_off, sqid);
	if (!c)
		return conn_error(pc);
	nvmet_cmd_snprint(line, sizeof(line), sqe, sqid);
	snprintf(comment, sizeof(comment), "%s%s%s", line, note ? " " : "", note ? note : "");
	return pcap_tcp_send(pc, c, ts_ns + pc->ts_off, true, pdu, tcp_pdu_cmd(pdu, &pcap_tcp, sqe, 0),
			     comment);
}

int pcap_completion_locked(struct nvmet_pcap *pc, uint64_t ts_ns, uint16_t sqid,
			   const struct nvmet_cqe *cqe, uint64_t latency_ns)
{
	uint8_t pdu[sizeof(struct nvmet_tcp_rsp)];
	char st[NVMET_STATUS_STR_MAX], comment[PCAP_COMMENT_MAX];
	struct pcap_conn *c;

	c = pcap_queue_conn(pc, ts_ns + pc->ts_off, sqid);
	if (!c)
		return conn_error(pc);
	nvmet_status_snprint(st, sizeof(st), cqe->status);
	snprintf(comment, sizeof(comment),
		 "CQE sqid:%u cid:%u %s sqhd:%04x dw0:%08x dw1:%08x lat:%.1fus", sqid, cqe->cid, st,
		 cqe->sqhd, cqe->dw0, cqe->dw1, (double)latency_ns / 1e3);
	return pcap_tcp_send(pc, c, ts_ns + pc->ts_off, false, pdu, tcp_pdu_rsp(pdu, &pcap_tcp, cqe),
			     comment);
}

int nvmet_pcap_command(struct nvmet_pcap *pc, uint64_t ts_ns, uint16_t sqid,
		       const struct nvmet_sqe *sqe)
{
	int ret;

	if (!sqe)
		return -EINVAL;
	ret = pcap_lock(pc);
	if (!ret)
		ret = pcap_command_locked(pc, ts_ns, sqid, sqe, NULL);
	return pcap_unlock(pc, ret);
}

int nvmet_pcap_completion(struct nvmet_pcap *pc, uint64_t ts_ns, uint16_t sqid,
			  const struct nvmet_cqe *cqe, uint64_t latency_ns)
{
	int ret;

	if (!cqe)
		return -EINVAL;
	ret = pcap_lock(pc);
	if (!ret)
		ret = pcap_completion_locked(pc, ts_ns, sqid, cqe, latency_ns);
	return pcap_unlock(pc, ret);
}

static int reg_access(struct nvmet_pcap *pc, uint64_t ts_ns, bool write, uint32_t offset,
		      unsigned int width, uint64_t value, unsigned int dstrd)
{
	uint8_t pdu[sizeof(struct nvmet_tcp_cmd)];
	char name[NVMET_PCAP_REG_NAME_MAX], comment[PCAP_COMMENT_MAX];
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe = { 0 };
	struct pcap_conn *c;
	uint16_t cid;

	c = pcap_regs_conn(pc, ts_ns);
	if (!c)
		return conn_error(pc);
	if (width == 4)
		value = (uint32_t)value;
	nvmet_pcap_reg_name(name, sizeof(name), offset, dstrd);
	snprintf(comment, sizeof(comment), "REG %04" PRIx32 " %s %0*" PRIx64 " (%s)", offset,
		 write ? "<-" : "->", (int)width * 2, value, name);
	cid = pc->reg_cid++;
	tcp_cmd_property(&sqe, cid, write, offset, width, value);
	if (pcap_tcp_send(pc, c, ts_ns, true, pdu, tcp_pdu_cmd(pdu, &pcap_tcp, &sqe, 0), comment))
		return pc->err;
	cqe.cid = cid;
	if (!write) {
		cqe.dw0 = (uint32_t)value;
		cqe.dw1 = (uint32_t)(value >> 32);
	}
	return pcap_tcp_send(pc, c, ts_ns, false, pdu, tcp_pdu_rsp(pdu, &pcap_tcp, &cqe), comment);
}

static int reg_record(struct nvmet_pcap *pc, uint64_t ts_ns, bool write, uint32_t offset,
		      unsigned int width, uint64_t value, unsigned int dstrd)
{
	int ret;

	if (width != 4 && width != 8)
		return -EINVAL;
	ret = pcap_lock(pc);
	if (!ret)
		ret = reg_access(pc, ts_ns + pc->ts_off, write, offset, width, value, dstrd);
	return pcap_unlock(pc, ret);
}

int nvmet_pcap_reg_write(struct nvmet_pcap *pc, uint64_t ts_ns, uint32_t offset,
			 unsigned int width, uint64_t value, unsigned int dstrd)
{
	return reg_record(pc, ts_ns, true, offset, width, value, dstrd);
}

int nvmet_pcap_reg_read(struct nvmet_pcap *pc, uint64_t ts_ns, uint32_t offset,
			unsigned int width, uint64_t value, unsigned int dstrd)
{
	return reg_record(pc, ts_ns, false, offset, width, value, dstrd);
}

static int text_record(struct nvmet_pcap *pc, uint64_t ts_ns, const char *line)
{
	int ret = pcap_lock(pc);

	if (!ret)
		ret = pcap_write_text(pc, ts_ns + pc->ts_off, line);
	return pcap_unlock(pc, ret);
}

int nvmet_pcap_msix(struct nvmet_pcap *pc, uint64_t ts_ns, uint16_t vector)
{
	char line[32];

	snprintf(line, sizeof(line), "MSI vector=%u", vector);
	return text_record(pc, ts_ns, line);
}

static int cfg_record(struct nvmet_pcap *pc, uint64_t ts_ns, bool write, uint32_t offset,
		      unsigned int width, uint32_t value)
{
	char line[48];

	if (width != 1 && width != 2 && width != 4)
		return -EINVAL;
	if (width < 4)
		value &= (1u << (8 * width)) - 1;
	snprintf(line, sizeof(line), "CFG %03" PRIx32 " %s %0*" PRIx32, offset, write ? "<-" : "->",
		 (int)width * 2, value);
	return text_record(pc, ts_ns, line);
}

int nvmet_pcap_cfg_write(struct nvmet_pcap *pc, uint64_t ts_ns, uint32_t offset,
			 unsigned int width, uint32_t value)
{
	return cfg_record(pc, ts_ns, true, offset, width, value);
}

int nvmet_pcap_cfg_read(struct nvmet_pcap *pc, uint64_t ts_ns, uint32_t offset,
			unsigned int width, uint32_t value)
{
	return cfg_record(pc, ts_ns, false, offset, width, value);
}
