// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * engine_nvmet.c - the nvmet engine: libnvmet's I/O workers on a
 * controller bound to nvmetest or on the emulated controller. Jobs on the
 * same address share one controller handle.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

#define MAX_CTRLS	16
#define MAX_NS		64

static struct {
	char addr[1024];
	struct nvmet_ctrl *ctrl;
} ctrls[MAX_CTRLS];
static unsigned int nr_ctrls;

static struct {
	struct nvmet_ctrl *ctrl;
	uint32_t nsid;
	struct nvmet_ns *ns;
} nss[MAX_NS];
static unsigned int nr_ns;

static bool is_emu(const char *dev)
{
	return !*dev || !strcmp(dev, "emu") || !strncmp(dev, "emu:", 4);
}

static int job_addr(const struct job *j, char *addr, size_t len)
{
	const char *dev = j->dev;
	size_t used;
	unsigned int i;

	if (!is_emu(dev)) {
		if (j->emu[0] || j->nr_plugins)
			return usage_error("--emu and --plugin are for the emulated controller,"
					   " not --dev %s", dev);
		snprintf(addr, len, "%s", dev);
		return 0;
	}
	used = (size_t)snprintf(addr, len, "emu:%s", dev[0] && dev[3] ? dev + 4 : "");
	if (j->emu[0] && used < len)
		used += (size_t)snprintf(addr + used, len - used, "%s%s",
					 addr[used - 1] == ':' ? "" : ",", j->emu);
	/* libnvmet finds a plug-in given by name. */
	for (i = 0; i < j->nr_plugins && used < len; i++)
		used += (size_t)snprintf(addr + used, len - used, "%splugin=%s",
					 addr[used - 1] == ':' ? "" : ",", j->plugins[i]);
	if (used >= len)
		return usage_error("the emulated controller's options are too long");
	return 0;
}

static int get_ctrl(const char *addr, uint32_t timeout_ms, struct nvmet_ctrl **out)
{
	struct nvmet_ctrl_opts opts = { .timeout_ms = timeout_ms };
	const char *why;
	unsigned int i;
	int ret;

	for (i = 0; i < nr_ctrls; i++) {
		if (!strcmp(ctrls[i].addr, addr)) {
			*out = ctrls[i].ctrl;
			return 0;
		}
	}
	if (nr_ctrls == MAX_CTRLS)
		return fail("more than %u devices", MAX_CTRLS);
	ret = nvmet_ctrl_open(addr, &opts, out);
	if (ret) {
		why = nvmet_last_error();
		/* A bad emu: option is bad usage, as for nvmet. */
		if (why && *why && ret == -EINVAL && is_emu(addr))
			return usage_error("%s", why);
		/* No module, no such device: libnvmet says what to do. */
		if (why && *why)
			return fail("%s", why);
		return fail("%s: %s", addr, strerror(-ret));
	}
	snprintf(ctrls[nr_ctrls].addr, sizeof(ctrls[0].addr), "%s", addr);
	ctrls[nr_ctrls++].ctrl = *out;
	return 0;
}

static int get_ns(struct nvmet_ctrl *ctrl, const char *addr, uint32_t nsid, struct nvmet_ns **out)
{
	unsigned int i;
	int ret;

	for (i = 0; i < nr_ns; i++) {
		if (nss[i].ctrl == ctrl && nss[i].nsid == nsid) {
			*out = nss[i].ns;
			return 0;
		}
	}
	if (nr_ns == MAX_NS)
		return fail("more than %u namespaces", MAX_NS);
	ret = nvmet_ns_open(ctrl, nsid, out);
	if (ret == -ENOENT)
		return fail("--nsid: namespace %u of %s is not active", nsid, addr);
	if (ret)
		return fail("namespace %u of %s: %s", nsid, addr, strerror(-ret));
	nss[nr_ns].ctrl = ctrl;
	nss[nr_ns].nsid = nsid;
	nss[nr_ns++].ns = *out;
	return 0;
}

static int nvmet_prepare(struct config *cfg, struct worker *w)
{
	struct nvmet_ctrl *ctrl;
	struct nvmet_ns *ns;
	char addr[1024];
	uint64_t cap = 0;
	int ret;

	ret = job_addr(w->job, addr, sizeof(addr));
	if (!ret)
		ret = get_ctrl(addr, cfg->cmd_timeout_ms, &ctrl);
	if (!ret)
		ret = get_ns(ctrl, addr, w->job->nsid, &ns);
	if (ret)
		return ret;
	w->dev = ns;
	w->geo.lba_size = nvmet_ns_lba_size(ns);
	w->geo.capacity = nvmet_ns_capacity(ns);
	w->geo.mdts = nvmet_ctrl_mdts(ctrl);
	if (!nvmet_ctrl_reg_read(ctrl, NVMET_REG_CAP, 8, &cap))
		w->geo.max_entries = NVMET_CAP_MQES(cap) + 1;
	return job_params(w->job, w->clone, &w->geo, &w->p);
}

static int nvmet_start(struct worker *w)
{
	struct nvmet_ioworker *h;
	char s[32];
	int ret;

	ret = nvmet_ioworker_start(w->dev, &w->p, &h);
	switch (ret) {
	case 0:
		w->h = h;
		return 0;
	case -E2BIG:
		return fail("%s: an I/O size is over the controller's largest transfer (MDTS: %s)",
			    w->job->name, size_str(w->geo.mdts, s, sizeof(s)));
	case -EBUSY:
		return fail("%s: no free CPU left for worker %u (give --share-cpu, or fewer"
			    " --numjobs)", w->job->name, w->clone + 1);
	case -EINVAL:
		return fail("%s: the I/O worker refused these parameters", w->job->name);
	}
	return fail("%s: starting the I/O worker: %s", w->job->name, strerror(-ret));
}

static int nvmet_progress(struct worker *w, struct nvmet_ioworker_progress *pr)
{
	return nvmet_ioworker_progress(w->h, pr);
}

static void nvmet_stop(struct worker *w)
{
	nvmet_ioworker_stop(w->h);
}

static int nvmet_close(struct worker *w)
{
	int ret = nvmet_ioworker_close(w->h, &w->r);

	w->h = NULL;
	if (ret)
		snprintf(w->errmsg, sizeof(w->errmsg), "deleting its queue pair: %s",
			 strerror(-ret));
	return ret;
}

static void nvmet_result_free(struct worker *w)
{
	nvmet_ioworker_result_free(&w->r);
}

static void nvmet_release(struct worker *w)
{
	w->dev = NULL;
}

/* The namespaces and controllers, once every worker is done. */
void nvmet_engine_cleanup(void)
{
	while (nr_ns)
		nvmet_ns_close(nss[--nr_ns].ns);
	while (nr_ctrls)
		nvmet_ctrl_close(ctrls[--nr_ctrls].ctrl);
}

const struct engine_ops nvmet_engine = {
	.name = "nvmet",
	.prepare = nvmet_prepare,
	.start = nvmet_start,
	.progress = nvmet_progress,
	.stop = nvmet_stop,
	.close = nvmet_close,
	.result_free = nvmet_result_free,
	.release = nvmet_release,
};
