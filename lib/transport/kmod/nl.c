// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nl.c - a client of the nvmetest generic netlink family (libnl-genl-3):
 * requests and their replies on one socket, events on another.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <nvmet/nl.h>

#include "support/clock.h"

struct nvmet_nl {
	struct nl_sock *req;
	struct nl_sock *ev;
	int family;
	int group;
};

/*
 * One request in progress: what its replies are parsed into and how it
 * ended (a kernel errno, or 0).
 */
struct nl_req {
	int (*parse)(struct nl_req *r, struct genlmsghdr *gh, struct nlattr **tb);
	void *out;
	unsigned int max;
	unsigned int n;
	int err;
	bool done;
};

static const struct nla_policy nl_policy[NVMETEST_NL_A_MAX + 1] = {
	[NVMETEST_NL_A_INSTANCE] = { .type = NLA_U32 },
	[NVMETEST_NL_A_QID] = { .type = NLA_U32 },
	[NVMETEST_NL_A_CQID] = { .type = NLA_U32 },
	[NVMETEST_NL_A_QSIZE] = { .type = NLA_U32 },
	[NVMETEST_NL_A_QFLAGS] = { .type = NLA_U32 },
	[NVMETEST_NL_A_QUEUES] = { .type = NLA_U32 },
	[NVMETEST_NL_A_OUTSTANDING] = { .type = NLA_U32 },
	[NVMETEST_NL_A_SUBMITTED] = { .type = NLA_U64 },
	[NVMETEST_NL_A_COMPLETED] = { .type = NLA_U64 },
	[NVMETEST_NL_A_READ_CMDS] = { .type = NLA_U64 },
	[NVMETEST_NL_A_WRITE_CMDS] = { .type = NLA_U64 },
	[NVMETEST_NL_A_READ_BYTES] = { .type = NLA_U64 },
	[NVMETEST_NL_A_WRITE_BYTES] = { .type = NLA_U64 },
	[NVMETEST_NL_A_CMDLOG_ENTRY] = { .minlen = sizeof(struct nvmetest_cmdlog_entry) },
	[NVMETEST_NL_A_EVENT_TYPE] = { .type = NLA_U32 },
	[NVMETEST_NL_A_EVENT_CQE] = { .minlen = sizeof(struct nvmet_cqe) },
	[NVMETEST_NL_A_EVENT_SQE] = { .minlen = sizeof(struct nvmet_sqe) },
	[NVMETEST_NL_A_BDF] = { .type = NLA_STRING },
	[NVMETEST_NL_A_CSTS] = { .type = NLA_U32 },
	[NVMETEST_NL_A_TIMESTAMP_NS] = { .type = NLA_U64 },
	[NVMETEST_NL_A_PID] = { .type = NLA_U32 },
	[NVMETEST_NL_A_COMM] = { .type = NLA_STRING },
	[NVMETEST_NL_A_LATENCY_NS] = { .type = NLA_U64 },
};

/* A libnl error as an errno, for failures that are not the kernel's answer. */
static int nl_errno(int nle)
{
	switch (nle < 0 ? -nle : nle) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_INTR:
		return -EINTR;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_PERM:
		return -EPERM;
	case NLE_NODEV:
		return -ENODEV;
	case NLE_INVAL:
		return -EINVAL;
	case NLE_BAD_SOCK:
		return -EBADF;
	default:
		return -EIO;
	}
}

static uint32_t get_u32(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u32(tb[type]) : 0;
}

static uint64_t get_u64(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u64(tb[type]) : 0;
}

static int req_valid(struct nl_msg *msg, void *arg)
{
	struct nl_req *r = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[NVMETEST_NL_A_MAX + 1];
	int ret;

	/* After a bad message the rest of a dump is read and dropped. */
	if (r->err)
		return NL_SKIP;
	ret = genlmsg_parse(nlh, 0, tb, NVMETEST_NL_A_MAX, nl_policy);
	if (ret)
		ret = -EPROTO;
	else
		ret = r->parse(r, genlmsg_hdr(nlh), tb);
	if (ret)
		r->err = ret;
	return NL_OK;
}

/* The end of a dump, whose payload is the dump's errno. */
static int req_finish(struct nl_msg *msg, void *arg)
{
	struct nl_req *r = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int err;

	if (nlmsg_datalen(nlh) >= (int)sizeof(err)) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0 && !r->err)
			r->err = err;
	}
	r->done = true;
	return NL_STOP;
}

static int req_ack(struct nl_msg *msg, void *arg)
{
	struct nl_req *r = arg;

	(void)msg;
	r->done = true;
	return NL_STOP;
}

static int req_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nl_req *r = arg;

	(void)nla;
	if (!r->err)
		r->err = e->error < 0 ? e->error : -EPROTO;
	r->done = true;
	return NL_STOP;
}

/*
 * Send @cmd with @instance and, when @qid_set, @qid (and @count when not
 * 0), then take replies until the ack, the end of the dump or an error.
 */
static int request(struct nvmet_nl *nl, uint8_t cmd, bool dump, uint32_t instance, bool qid_set,
		   uint32_t qid, uint32_t count, struct nl_req *r)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int ret = -ENOMEM;

	if (!msg || !cb)
		goto out;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, dump ? NLM_F_DUMP : 0,
			 cmd, NVMETEST_GENL_VERSION) ||
	    nla_put_u32(msg, NVMETEST_NL_A_INSTANCE, instance) ||
	    (qid_set && nla_put_u32(msg, NVMETEST_NL_A_QID, qid)) ||
	    (count && nla_put_u32(msg, NVMETEST_NL_A_COUNT, count)))
		goto out;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, req_valid, r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, req_finish, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, req_ack, r);
	nl_cb_err(cb, NL_CB_CUSTOM, req_error, r);
	ret = nl_send_auto(nl->req, msg);
	if (ret < 0) {
		ret = nl_errno(ret);
		goto out;
	}
	ret = 0;
	while (!r->done) {
		ret = nl_recvmsgs(nl->req, cb);
		if (ret < 0)
			break;
	}
	ret = r->err ? r->err : ret < 0 ? nl_errno(ret) : 0;
out:
	nl_cb_put(cb);
	nlmsg_free(msg);
	return ret;
}

static struct nl_sock *nl_sock_open(void)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (sk && genl_connect(sk)) {
		nl_socket_free(sk);
		sk = NULL;
	}
	return sk;
}

int nvmet_nl_open(struct nvmet_nl **out)
{
	struct nvmet_nl *nl = calloc(1, sizeof(*nl));
	int ret;

	if (!nl)
		return -ENOMEM;
	nl->req = nl_sock_open();
	if (!nl->req) {
		free(nl);
		return -ENOMEM;
	}
	nl->family = genl_ctrl_resolve(nl->req, NVMETEST_GENL_NAME);
	if (nl->family < 0) {
		ret = nl_errno(nl->family);
		nvmet_nl_close(nl);
		return ret;
	}
	*out = nl;
	return 0;
}

void nvmet_nl_close(struct nvmet_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->ev);
	nl_socket_free(nl->req);
	free(nl);
}

static int parse_qpair(struct nl_req *r, struct genlmsghdr *gh, struct nlattr **tb)
{
	struct nvmet_nl_qpair *q = (struct nvmet_nl_qpair *)r->out + r->n;

	if (gh->cmd != NVMETEST_NL_CMD_LIST_QPAIRS || !tb[NVMETEST_NL_A_QID])
		return 0;
	if (r->n++ >= r->max)
		return 0;
	q->qid = (uint16_t)get_u32(tb, NVMETEST_NL_A_QID);
	q->cqid = (uint16_t)get_u32(tb, NVMETEST_NL_A_CQID);
	q->size = get_u32(tb, NVMETEST_NL_A_QSIZE);
	q->flags = get_u32(tb, NVMETEST_NL_A_QFLAGS);
	q->outstanding = get_u32(tb, NVMETEST_NL_A_OUTSTANDING);
	q->submitted = get_u64(tb, NVMETEST_NL_A_SUBMITTED);
	q->completed = get_u64(tb, NVMETEST_NL_A_COMPLETED);
	q->pid = get_u32(tb, NVMETEST_NL_A_PID);
	q->comm[0] = '\0';
	if (tb[NVMETEST_NL_A_COMM])
		nla_strlcpy(q->comm, tb[NVMETEST_NL_A_COMM], sizeof(q->comm));
	q->read_cmds = get_u64(tb, NVMETEST_NL_A_READ_CMDS);
	q->write_cmds = get_u64(tb, NVMETEST_NL_A_WRITE_CMDS);
	q->read_bytes = get_u64(tb, NVMETEST_NL_A_READ_BYTES);
	q->write_bytes = get_u64(tb, NVMETEST_NL_A_WRITE_BYTES);
	q->latency_ns = get_u64(tb, NVMETEST_NL_A_LATENCY_NS);
	return 0;
}

int nvmet_nl_list_qpairs(struct nvmet_nl *nl, uint32_t instance, struct nvmet_nl_qpair *out,
			 unsigned int max)
{
	struct nl_req r = { .parse = parse_qpair, .out = out, .max = max };
	int ret;

	if (max && !out)
		return -EINVAL;
	ret = request(nl, NVMETEST_NL_CMD_LIST_QPAIRS, true, instance, false, 0, 0, &r);
	return ret ? ret : (int)r.n;
}

static int parse_iostat(struct nl_req *r, struct genlmsghdr *gh, struct nlattr **tb)
{
	struct nvmet_nl_iostat *s = r->out;

	if (gh->cmd != NVMETEST_NL_CMD_IOSTAT)
		return 0;
	s->queues = get_u32(tb, NVMETEST_NL_A_QUEUES);
	s->outstanding = get_u32(tb, NVMETEST_NL_A_OUTSTANDING);
	s->submitted = get_u64(tb, NVMETEST_NL_A_SUBMITTED);
	s->completed = get_u64(tb, NVMETEST_NL_A_COMPLETED);
	s->read_cmds = get_u64(tb, NVMETEST_NL_A_READ_CMDS);
	s->write_cmds = get_u64(tb, NVMETEST_NL_A_WRITE_CMDS);
	s->read_bytes = get_u64(tb, NVMETEST_NL_A_READ_BYTES);
	s->write_bytes = get_u64(tb, NVMETEST_NL_A_WRITE_BYTES);
	r->n = 1;
	return 0;
}

int nvmet_nl_iostat(struct nvmet_nl *nl, uint32_t instance, uint16_t qid,
		    struct nvmet_nl_iostat *out)
{
	struct nl_req r = { .parse = parse_iostat, .out = out };
	int ret;

	memset(out, 0, sizeof(*out));
	ret = request(nl, NVMETEST_NL_CMD_IOSTAT, false, instance, qid != NVMET_NL_ALL_QUEUES, qid,
		      0, &r);
	if (!ret && !r.n)
		ret = -EPROTO;
	return ret;
}

/* Every entry of the message: they repeat, so the parsed table holds only the last. */
static int parse_cmdlog(struct nl_req *r, struct genlmsghdr *gh, struct nlattr **tb)
{
	struct nvmetest_cmdlog_entry *out = r->out;
	struct nlattr *a;
	int rem;

	(void)tb;
	if (gh->cmd != NVMETEST_NL_CMD_CMDLOG)
		return 0;
	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem) {
		if (nla_type(a) != NVMETEST_NL_A_CMDLOG_ENTRY || r->n >= r->max)
			continue;
		if (nla_len(a) < (int)sizeof(*out))
			return -EPROTO;
		memcpy(&out[r->n++], nla_data(a), sizeof(*out));
	}
	return 0;
}

int nvmet_nl_cmdlog(struct nvmet_nl *nl, uint32_t instance, uint16_t qid,
		    struct nvmetest_cmdlog_entry *out, unsigned int max)
{
	struct nl_req r = { .parse = parse_cmdlog, .out = out, .max = max };
	int ret;

	if (!max)
		return 0;
	if (!out)
		return -EINVAL;
	ret = request(nl, NVMETEST_NL_CMD_CMDLOG, true, instance, true, qid, max, &r);
	return ret ? ret : (int)r.n;
}

int nvmet_nl_subscribe(struct nvmet_nl *nl)
{
	struct nl_sock *sk;
	int ret;

	if (nl->ev)
		return 0;
	ret = genl_ctrl_resolve_grp(nl->req, NVMETEST_GENL_NAME, NVMETEST_GENL_MCGRP_EVENTS);
	if (ret < 0)
		return nl_errno(ret);
	nl->group = ret;
	sk = nl_sock_open();
	if (!sk)
		return -ENOMEM;
	ret = nl_socket_add_membership(sk, nl->group);
	if (!ret)
		ret = nl_socket_set_nonblocking(sk);
	if (ret) {
		nl_socket_free(sk);
		return nl_errno(ret);
	}
	nl->ev = sk;
	return 0;
}

int nvmet_nl_fd(const struct nvmet_nl *nl)
{
	return nl->ev ? nl_socket_get_fd(nl->ev) : -ENOTCONN;
}

static int parse_event(struct nl_req *r, struct genlmsghdr *gh, struct nlattr **tb)
{
	struct nvmet_nl_event *ev = r->out;

	if (gh->cmd != NVMETEST_NL_CMD_EVENT || !tb[NVMETEST_NL_A_EVENT_TYPE] || r->n)
		return 0;
	memset(ev, 0, sizeof(*ev));
	ev->type = get_u32(tb, NVMETEST_NL_A_EVENT_TYPE);
	ev->instance = get_u32(tb, NVMETEST_NL_A_INSTANCE);
	if (tb[NVMETEST_NL_A_BDF])
		nla_strlcpy(ev->bdf, tb[NVMETEST_NL_A_BDF], sizeof(ev->bdf));
	ev->timestamp_ns = get_u64(tb, NVMETEST_NL_A_TIMESTAMP_NS);
	if (tb[NVMETEST_NL_A_EVENT_CQE])
		memcpy(&ev->cqe, nla_data(tb[NVMETEST_NL_A_EVENT_CQE]), sizeof(ev->cqe));
	if (tb[NVMETEST_NL_A_EVENT_SQE])
		memcpy(&ev->sqe, nla_data(tb[NVMETEST_NL_A_EVENT_SQE]), sizeof(ev->sqe));
	ev->qid = (uint16_t)get_u32(tb, NVMETEST_NL_A_QID);
	ev->csts = get_u32(tb, NVMETEST_NL_A_CSTS);
	r->n = 1;
	return 0;
}

static int seq_any(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

/* Read what waits on the event socket; r.n is 1 once an event came. */
static int event_read(struct nvmet_nl *nl, struct nl_req *r)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int ret;

	if (!cb)
		return -ENOMEM;
	/* Events are not replies: their sequence numbers are 0. */
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, seq_any, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, req_valid, r);
	ret = nl_recvmsgs(nl->ev, cb);
	nl_cb_put(cb);
	if (r->err)
		return r->err;
	if (ret == -NLE_AGAIN)
		return 0;
	if (ret == -NLE_NOMEM)
		return -ENOBUFS;	/* the socket overran: ENOBUFS from recvmsg() */
	return ret < 0 ? nl_errno(ret) : 0;
}

int nvmet_nl_next_event(struct nvmet_nl *nl, struct nvmet_nl_event *ev, int timeout_ms)
{
	struct nl_req r = { .parse = parse_event, .out = ev };
	uint64_t deadline = nvmet_now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);
	struct pollfd pfd = { .fd = nvmet_nl_fd(nl), .events = POLLIN };
	int ret, wait;

	if (!nl->ev)
		return -ENOTCONN;
	for (;;) {
		ret = event_read(nl, &r);
		if (ret || r.n)
			return ret;
		if (timeout_ms < 0) {
			wait = -1;
		} else {
			uint64_t now = nvmet_now_ms();

			if (now >= deadline)
				return -ETIMEDOUT;
			wait = (int)(deadline - now);
		}
		ret = poll(&pfd, 1, wait);
		if (ret < 0 && errno != EINTR)
			return -errno;
	}
}
