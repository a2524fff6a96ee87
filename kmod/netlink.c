// SPDX-License-Identifier: GPL-2.0
/*
 * netlink.c - the generic netlink family "nvmetest": the I/O queues, I/O
 * statistics and command logs of bound controllers for any process that
 * asks (with CAP_NET_ADMIN), and events multicast to the "events" group:
 * AER completed, admin command timed out, controller fatal status, device
 * removed.
 *
 * Requests name a controller by instance. A request looks the controller
 * up, holds a reference, state_rwsem for read (so removal waits, as for an
 * ioctl) and ctrl->lock (queues and statistics regions change under it).
 * Dumps keep no reference between their calls: each call looks again.
 */
#include <linux/mutex.h>
#include <linux/pid.h>
#include <net/genetlink.h>

#include "core.h"

enum nvmetest_nl_groups {
	NVMETEST_NL_GRP_EVENTS,
};

/* Bound controllers by instance, for requests. */
static DEFINE_MUTEX(nvmetest_nl_ctrls_lock);
static struct nvmetest_ctrl *nvmetest_nl_ctrls[NVMETEST_MAX_CTRLS];

/**
 * struct nvmetest_nl_dump - where a dump is, kept in netlink_callback.ctx
 * @instance: the controller
 * @qid: CMDLOG: the queue
 * @next: LIST_QPAIRS: the next qid to look at; CMDLOG: the next sequence
 *	number to send
 * @last: CMDLOG: the last sequence number to send
 */
struct nvmetest_nl_dump {
	u32 instance;
	u32 qid;
	u64 next;
	u64 last;
};

static struct genl_family nvmetest_nl_family;

static const struct nla_policy nvmetest_nl_policy[NVMETEST_NL_A_MAX + 1] = {
	[NVMETEST_NL_A_INSTANCE] = { .type = NLA_U32 },
	[NVMETEST_NL_A_QID] = { .type = NLA_U32 },
	[NVMETEST_NL_A_COUNT] = { .type = NLA_U32 },
};

void nvmetest_nl_ctrl_add(struct nvmetest_ctrl *ctrl)
{
	mutex_lock(&nvmetest_nl_ctrls_lock);
	nvmetest_nl_ctrls[ctrl->instance] = ctrl;
	mutex_unlock(&nvmetest_nl_ctrls_lock);
}

void nvmetest_nl_ctrl_del(struct nvmetest_ctrl *ctrl)
{
	mutex_lock(&nvmetest_nl_ctrls_lock);
	nvmetest_nl_ctrls[ctrl->instance] = NULL;
	mutex_unlock(&nvmetest_nl_ctrls_lock);
}

/*
 * The controller of @instance, referenced, with state_rwsem held for read
 * and ctrl->lock held; or an ERR_PTR (-ENODEV when there is none).
 */
static struct nvmetest_ctrl *nvmetest_nl_lock(u32 instance)
{
	struct nvmetest_ctrl *ctrl = NULL;
	int ret = -ENODEV;

	mutex_lock(&nvmetest_nl_ctrls_lock);
	if (instance < NVMETEST_MAX_CTRLS)
		ctrl = nvmetest_nl_ctrls[instance];
	if (ctrl)
		get_device(&ctrl->dev);
	mutex_unlock(&nvmetest_nl_ctrls_lock);
	if (!ctrl)
		return ERR_PTR(-ENODEV);
	if (down_read_killable(&ctrl->state_rwsem)) {
		ret = -EINTR;
		goto err_put;
	}
	if (ctrl->dead)
		goto err_up;
	if (mutex_lock_killable(&ctrl->lock)) {
		ret = -EINTR;
		goto err_up;
	}
	return ctrl;

err_up:
	up_read(&ctrl->state_rwsem);
err_put:
	put_device(&ctrl->dev);
	return ERR_PTR(ret);
}

static void nvmetest_nl_unlock(struct nvmetest_ctrl *ctrl)
{
	mutex_unlock(&ctrl->lock);
	up_read(&ctrl->state_rwsem);
	put_device(&ctrl->dev);
}

static struct nvmetest_nl_dump *nvmetest_nl_dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct nvmetest_nl_dump) > sizeof(cb->ctx));
	return (struct nvmetest_nl_dump *)cb->ctx;
}

static void *nvmetest_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			   &nvmetest_nl_family, NLM_F_MULTI, cmd);
}

/* A dump request's attributes, with the instance it must carry. */
static int nvmetest_nl_dump_attrs(struct netlink_callback *cb, struct nlattr **tb)
{
	int ret;

	ret = genlmsg_parse(cb->nlh, &nvmetest_nl_family, tb, NVMETEST_NL_A_MAX,
			    nvmetest_nl_policy, cb->extack);
	if (ret)
		return ret;
	if (!tb[NVMETEST_NL_A_INSTANCE]) {
		NL_SET_ERR_MSG(cb->extack, "the controller instance is missing");
		return -EINVAL;
	}
	return 0;
}

static int nvmetest_nl_put_u64(struct sk_buff *skb, int type, u64 value)
{
	return nla_put_u64_64bit(skb, type, value, NVMETEST_NL_A_PAD);
}

/* The counters every reply about a queue's statistics carries. */
static int nvmetest_nl_put_counters(struct sk_buff *skb, const struct nvmetest_qstats *st)
{
	return nla_put_u32(skb, NVMETEST_NL_A_OUTSTANDING, st->outstanding) ||
	       nvmetest_nl_put_u64(skb, NVMETEST_NL_A_SUBMITTED, st->submitted) ||
	       nvmetest_nl_put_u64(skb, NVMETEST_NL_A_COMPLETED, st->completed) ||
	       nvmetest_nl_put_u64(skb, NVMETEST_NL_A_READ_CMDS, st->read_cmds) ||
	       nvmetest_nl_put_u64(skb, NVMETEST_NL_A_WRITE_CMDS, st->write_cmds) ||
	       nvmetest_nl_put_u64(skb, NVMETEST_NL_A_READ_BYTES, st->read_bytes) ||
	       nvmetest_nl_put_u64(skb, NVMETEST_NL_A_WRITE_BYTES, st->write_bytes) ?
	       -EMSGSIZE : 0;
}

static int nvmetest_nl_put_qpair(struct sk_buff *skb, struct netlink_callback *cb,
				 const struct nvmetest_ioq *sq)
{
	struct nvmetest_qstats st;
	bool stats = !nvmetest_qstats_get(sq, &st);
	bool latency = stats && sq->stats_version >= 2;
	u32 flags = (stats ? NVMETEST_NL_QPAIR_STATS : 0) |
		    (latency ? NVMETEST_NL_QPAIR_LATENCY : 0) |
		    (sq->orphan ? NVMETEST_NL_QPAIR_ORPHAN : 0);
	void *hdr;

	BUILD_BUG_ON(sizeof(sq->comm) > NVMETEST_NL_COMM_LEN);
	hdr = nvmetest_nl_dump_hdr(skb, cb, NVMETEST_NL_CMD_LIST_QPAIRS);
	if (!hdr)
		return -EMSGSIZE;
	/* The dump runs for the requester: its PID namespace numbers the creator. */
	if (nla_put_u32(skb, NVMETEST_NL_A_QID, sq->qid) ||
	    nla_put_u32(skb, NVMETEST_NL_A_CQID, sq->cqid) ||
	    nla_put_u32(skb, NVMETEST_NL_A_QSIZE, sq->size) ||
	    nla_put_u32(skb, NVMETEST_NL_A_QFLAGS, flags) ||
	    nla_put_u32(skb, NVMETEST_NL_A_PID, pid_vnr(sq->creator)) ||
	    nla_put_string(skb, NVMETEST_NL_A_COMM, sq->comm))
		goto cancel;
	if (stats && nvmetest_nl_put_counters(skb, &st))
		goto cancel;
	if (latency && nvmetest_nl_put_u64(skb, NVMETEST_NL_A_LATENCY_NS, st.latency_ns))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int nvmetest_nl_list_start(struct netlink_callback *cb)
{
	struct nvmetest_nl_dump *d = nvmetest_nl_dump_ctx(cb);
	struct nlattr *tb[NVMETEST_NL_A_MAX + 1];
	struct nvmetest_ctrl *ctrl;
	int ret;

	ret = nvmetest_nl_dump_attrs(cb, tb);
	if (ret)
		return ret;
	d->instance = nla_get_u32(tb[NVMETEST_NL_A_INSTANCE]);
	d->next = 1;
	/* An unknown controller fails the request, not the dump. */
	ctrl = nvmetest_nl_lock(d->instance);
	if (IS_ERR(ctrl)) {
		NL_SET_ERR_MSG(cb->extack, "no such controller");
		return PTR_ERR(ctrl);
	}
	nvmetest_nl_unlock(ctrl);
	return 0;
}

static int nvmetest_nl_list_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nvmetest_nl_dump *d = nvmetest_nl_dump_ctx(cb);
	struct nvmetest_ctrl *ctrl;
	u64 q;

	ctrl = nvmetest_nl_lock(d->instance);
	if (IS_ERR(ctrl))
		return PTR_ERR(ctrl);
	for (q = d->next; q <= ctrl->ioq_slots; q++)
		if (ctrl->sqs[q] && nvmetest_nl_put_qpair(skb, cb, ctrl->sqs[q]))
			break;
	d->next = q;
	nvmetest_nl_unlock(ctrl);
	return skb->len;
}

static void nvmetest_nl_add(struct nvmetest_qstats *sum, const struct nvmetest_qstats *st)
{
	sum->outstanding += st->outstanding;
	sum->submitted += st->submitted;
	sum->completed += st->completed;
	sum->read_cmds += st->read_cmds;
	sum->write_cmds += st->write_cmds;
	sum->read_bytes += st->read_bytes;
	sum->write_bytes += st->write_bytes;
}

/* The header of SQ @qid's region; ctrl->lock held. */
static int nvmetest_nl_sq_stats(struct nvmetest_ctrl *ctrl, u32 qid, struct nvmetest_qstats *st,
				struct netlink_ext_ack *extack)
{
	int ret;

	if (qid < 1 || qid > ctrl->ioq_slots) {
		NL_SET_ERR_MSG(extack, "qid outside 1..max_qid");
		return -EINVAL;
	}
	if (!ctrl->sqs[qid]) {
		NL_SET_ERR_MSG(extack, "no such SQ");
		return -ENOENT;
	}
	ret = nvmetest_qstats_get(ctrl->sqs[qid], st);
	if (ret == -ENOENT)
		NL_SET_ERR_MSG(extack, "the SQ has no statistics region");
	else if (ret)
		NL_SET_ERR_MSG(extack, "the SQ's statistics region lost its header");
	return ret;
}

static int nvmetest_nl_iostat_reply(struct genl_info *info, const struct nvmetest_qstats *st,
				    u32 queues)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &nvmetest_nl_family, 0, NVMETEST_NL_CMD_IOSTAT);
	if (!hdr)
		goto err;
	if ((info->attrs[NVMETEST_NL_A_QID] &&
	     nla_put_u32(msg, NVMETEST_NL_A_QID, nla_get_u32(info->attrs[NVMETEST_NL_A_QID]))) ||
	    nla_put_u32(msg, NVMETEST_NL_A_QUEUES, queues) ||
	    nvmetest_nl_put_counters(msg, st))
		goto err;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int nvmetest_nl_iostat(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *qid = info->attrs[NVMETEST_NL_A_QID];
	struct nvmetest_qstats sum = {}, st;
	struct nvmetest_ctrl *ctrl;
	u32 queues = 0, q;
	int ret = 0;

	if (GENL_REQ_ATTR_CHECK(info, NVMETEST_NL_A_INSTANCE))
		return -EINVAL;
	ctrl = nvmetest_nl_lock(nla_get_u32(info->attrs[NVMETEST_NL_A_INSTANCE]));
	if (IS_ERR(ctrl)) {
		GENL_SET_ERR_MSG(info, "no such controller");
		return PTR_ERR(ctrl);
	}
	if (qid) {
		ret = nvmetest_nl_sq_stats(ctrl, nla_get_u32(qid), &sum, info->extack);
		queues = 1;
	} else {
		for (q = 1; q <= ctrl->ioq_slots; q++) {
			if (!ctrl->sqs[q] || nvmetest_qstats_get(ctrl->sqs[q], &st))
				continue;
			nvmetest_nl_add(&sum, &st);
			queues++;
		}
	}
	nvmetest_nl_unlock(ctrl);
	return ret ? ret : nvmetest_nl_iostat_reply(info, &sum, queues);
}

/* The newest sequence number of the queue's log and its ring size; ctrl->lock held. */
static int nvmetest_nl_log_span(struct nvmetest_ctrl *ctrl, u32 qid, u64 *last, u64 *ring,
				struct netlink_ext_ack *extack)
{
	struct nvmetest_qstats st;
	int ret;

	if (!qid) {
		spin_lock(&ctrl->aq.lock);
		*last = ctrl->cmdlog.seq;
		spin_unlock(&ctrl->aq.lock);
		*ring = NVMETEST_CMDLOG_ENTRIES;
		return 0;
	}
	ret = nvmetest_nl_sq_stats(ctrl, qid, &st, extack);
	if (ret)
		return ret;
	*last = st.next_seq ? st.next_seq - 1 : 0;
	*ring = ctrl->sqs[qid]->stats_entries;
	return 0;
}

static int nvmetest_nl_cmdlog_start(struct netlink_callback *cb)
{
	struct nvmetest_nl_dump *d = nvmetest_nl_dump_ctx(cb);
	struct nlattr *tb[NVMETEST_NL_A_MAX + 1];
	struct nvmetest_ctrl *ctrl;
	u64 count = U64_MAX, last, ring;
	int ret;

	ret = nvmetest_nl_dump_attrs(cb, tb);
	if (ret)
		return ret;
	if (!tb[NVMETEST_NL_A_QID]) {
		NL_SET_ERR_MSG(cb->extack, "the qid is missing");
		return -EINVAL;
	}
	d->instance = nla_get_u32(tb[NVMETEST_NL_A_INSTANCE]);
	d->qid = nla_get_u32(tb[NVMETEST_NL_A_QID]);
	if (tb[NVMETEST_NL_A_COUNT])
		count = nla_get_u32(tb[NVMETEST_NL_A_COUNT]);
	ctrl = nvmetest_nl_lock(d->instance);
	if (IS_ERR(ctrl)) {
		NL_SET_ERR_MSG(cb->extack, "no such controller");
		return PTR_ERR(ctrl);
	}
	ret = nvmetest_nl_log_span(ctrl, d->qid, &last, &ring, cb->extack);
	nvmetest_nl_unlock(ctrl);
	if (ret)
		return ret;
	count = min3(count, ring, last);
	d->next = last - count + 1;
	d->last = last;
	return 0;
}

/* The entry of command @seq, if its slot still holds it; ctrl->lock held. */
static bool nvmetest_nl_log_entry(struct nvmetest_ctrl *ctrl, u32 qid, u64 seq,
				  struct nvmetest_cmdlog_entry *e)
{
	if (qid) {
		/* The queue or its region went since the dump started: stop. */
		if (qid > ctrl->ioq_slots || !ctrl->sqs[qid] || !ctrl->sqs[qid]->stats_obj)
			return false;
		return nvmetest_qstats_entry(ctrl->sqs[qid], seq, e);
	}
	spin_lock(&ctrl->aq.lock);
	*e = ctrl->cmdlog.entries[seq % NVMETEST_CMDLOG_ENTRIES];
	spin_unlock(&ctrl->aq.lock);
	return e->seq == seq;
}

static int nvmetest_nl_cmdlog_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nvmetest_nl_dump *d = nvmetest_nl_dump_ctx(cb);
	struct nvmetest_cmdlog_entry e;
	struct nvmetest_ctrl *ctrl;
	void *hdr;

	if (d->next > d->last)
		return 0;
	ctrl = nvmetest_nl_lock(d->instance);
	if (IS_ERR(ctrl))
		return PTR_ERR(ctrl);
	hdr = nvmetest_nl_dump_hdr(skb, cb, NVMETEST_NL_CMD_CMDLOG);
	if (!hdr || nla_put_u32(skb, NVMETEST_NL_A_QID, d->qid)) {
		if (hdr)
			genlmsg_cancel(skb, hdr);
		goto out;
	}
	for (; d->next <= d->last; d->next++) {
		if (!nvmetest_nl_log_entry(ctrl, d->qid, d->next, &e))
			continue;
		if (nla_put(skb, NVMETEST_NL_A_CMDLOG_ENTRY, sizeof(e), &e))
			break;
	}
	genlmsg_end(skb, hdr);
out:
	nvmetest_nl_unlock(ctrl);
	return skb->len;
}

static const struct genl_ops nvmetest_nl_ops[] = {
	{
		.cmd = NVMETEST_NL_CMD_LIST_QPAIRS,
		.flags = GENL_ADMIN_PERM,
		.start = nvmetest_nl_list_start,
		.dumpit = nvmetest_nl_list_dump,
	},
	{
		.cmd = NVMETEST_NL_CMD_IOSTAT,
		.flags = GENL_ADMIN_PERM,
		.doit = nvmetest_nl_iostat,
	},
	{
		.cmd = NVMETEST_NL_CMD_CMDLOG,
		.flags = GENL_ADMIN_PERM,
		.start = nvmetest_nl_cmdlog_start,
		.dumpit = nvmetest_nl_cmdlog_dump,
	},
};

#ifdef NVMETEST_GENL_EVENTS
static const struct genl_multicast_group nvmetest_nl_mcgrps[] = {
	[NVMETEST_NL_GRP_EVENTS] = {
		.name = NVMETEST_GENL_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};
#endif

/*
 * Every command is checked strictly (reserved header bits, unknown
 * attributes): resv_start_op is our first command. The handlers sleep on
 * a controller's lock, so they run in parallel rather than under the
 * global genetlink mutex.
 */
static struct genl_family nvmetest_nl_family __ro_after_init = {
	.name = NVMETEST_GENL_NAME,
	.version = NVMETEST_GENL_VERSION,
	.maxattr = NVMETEST_NL_A_MAX,
	.policy = nvmetest_nl_policy,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = nvmetest_nl_ops,
	.n_ops = ARRAY_SIZE(nvmetest_nl_ops),
	.resv_start_op = NVMETEST_NL_CMD_LIST_QPAIRS,
#ifdef NVMETEST_GENL_EVENTS
	.mcgrps = nvmetest_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(nvmetest_nl_mcgrps),
#endif
};

/**
 * struct nvmetest_nl_ev - what an event carries besides its type
 * @cqe: the completion, or NULL
 * @sqe: the command, or NULL
 * @csts: the CSTS register (NVMETEST_NL_EVENT_CTRL_FATAL)
 */
struct nvmetest_nl_ev {
	const u32 *cqe;
	const u32 *sqe;
	u32 csts;
};

static void nvmetest_nl_event(struct nvmetest_ctrl *ctrl, u32 type,
			      const struct nvmetest_nl_ev *ev, gfp_t gfp)
{
	struct sk_buff *skb;
	void *hdr;

	if (!IS_ENABLED(NVMETEST_GENL_EVENTS) ||
	    !genl_has_listeners(&nvmetest_nl_family, &init_net, NVMETEST_NL_GRP_EVENTS))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, gfp);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &nvmetest_nl_family, 0, NVMETEST_NL_CMD_EVENT);
	if (!hdr)
		goto err;
	if (nla_put_u32(skb, NVMETEST_NL_A_EVENT_TYPE, type) ||
	    nla_put_u32(skb, NVMETEST_NL_A_INSTANCE, ctrl->instance) ||
	    nla_put_string(skb, NVMETEST_NL_A_BDF, pci_name(ctrl->pdev)) ||
	    nvmetest_nl_put_u64(skb, NVMETEST_NL_A_TIMESTAMP_NS, ktime_get_ns()))
		goto err;
	if (ev->cqe && nla_put(skb, NVMETEST_NL_A_EVENT_CQE, 4 * sizeof(u32), ev->cqe))
		goto err;
	if (ev->sqe && (nla_put_u32(skb, NVMETEST_NL_A_QID, 0) ||
			nla_put(skb, NVMETEST_NL_A_EVENT_SQE, 16 * sizeof(u32), ev->sqe)))
		goto err;
	if (type == NVMETEST_NL_EVENT_CTRL_FATAL && nla_put_u32(skb, NVMETEST_NL_A_CSTS, ev->csts))
		goto err;
	genlmsg_end(skb, hdr);
	/* -ESRCH: the last listener left meanwhile. */
	genlmsg_multicast(&nvmetest_nl_family, skb, 0, NVMETEST_NL_GRP_EVENTS, gfp);
	return;

err:
	nlmsg_free(skb);
}

/* The controller completed an AER; may be called under aq.lock. */
void nvmetest_nl_aer_completed(struct nvmetest_ctrl *ctrl, const u32 *cqe)
{
	struct nvmetest_nl_ev ev = { .cqe = cqe };

	nvmetest_nl_event(ctrl, NVMETEST_NL_EVENT_AER_COMPLETED, &ev, GFP_ATOMIC);
}

void nvmetest_nl_timed_out(struct nvmetest_ctrl *ctrl, const u32 *sqe, gfp_t gfp)
{
	struct nvmetest_nl_ev ev = { .sqe = sqe };

	nvmetest_nl_event(ctrl, NVMETEST_NL_EVENT_TIMED_OUT, &ev, gfp);
}

void nvmetest_nl_ctrl_fatal(struct nvmetest_ctrl *ctrl, u32 csts, gfp_t gfp)
{
	struct nvmetest_nl_ev ev = { .csts = csts };

	nvmetest_nl_event(ctrl, NVMETEST_NL_EVENT_CTRL_FATAL, &ev, gfp);
}

void nvmetest_nl_removed(struct nvmetest_ctrl *ctrl)
{
	struct nvmetest_nl_ev ev = {};

	nvmetest_nl_event(ctrl, NVMETEST_NL_EVENT_DEVICE_REMOVED, &ev, GFP_KERNEL);
}

int nvmetest_nl_init(void)
{
	return genl_register_family(&nvmetest_nl_family);
}

void nvmetest_nl_exit(void)
{
	genl_unregister_family(&nvmetest_nl_family);
}
