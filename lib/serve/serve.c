// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * serve.c - the NVMe/TCP target's life and its event loop: the emulated
 * controller made from its emu: options with this target as its front
 * end, the listening socket, and the loop thread that accepts
 * connections, reads and acts on what arrives, runs the core's background
 * work and the timers (keep-alive, delayed PDUs, stalled peers), and sends
 * what each connection has queued, once per round.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "serve_priv.h"
#include "support/error.h"

#define SRV_EVENTS		64
#define SRV_STALL_DEFAULT_MS	10000u

void srv_log(struct nvmet_serve *s, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!s->log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	s->log(s->log_arg, line);
}

/* "ADDR:PORT" or "[ADDR]:PORT" into its parts. */
static int parse_listen(const char *l, char *addr, size_t alen, char *port, size_t plen)
{
	const char *colon, *a = l;
	size_t n;

	if (!l || !*l)
		return -EINVAL;
	if (*l == '[') {
		const char *close = strchr(l, ']');

		if (!close || close[1] != ':')
			return -EINVAL;
		a = l + 1;
		n = (size_t)(close - a);
		colon = close + 1;
	} else {
		colon = strrchr(l, ':');
		if (!colon || strchr(l, ':') != colon)
			return -EINVAL;
		n = (size_t)(colon - l);
	}
	if (!n || n >= alen || !colon[1] || strlen(colon + 1) >= plen)
		return -EINVAL;
	memcpy(addr, a, n);
	addr[n] = '\0';
	strcpy(port, colon + 1);
	return 0;
}

static int listen_on(struct nvmet_serve *s, const char *listen_spec)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	struct addrinfo *ai;
	char port[16];
	char *end;
	int one = 1, ret, fd;
	long p;

	if (parse_listen(listen_spec, s->addr, sizeof(s->addr), port, sizeof(port))) {
		nvmet_set_error("serve: listen address '%s': want ADDR:PORT or [ADDR]:PORT",
				listen_spec ? listen_spec : "");
		return -EINVAL;
	}
	p = strtol(port, &end, 10);
	if (*end || p < 0 || p > 65535) {
		nvmet_set_error("serve: port '%s': want 0 to 65535", port);
		return -EINVAL;
	}
	ret = getaddrinfo(s->addr, port, &hints, &ai);
	if (ret) {
		nvmet_set_error("serve: %s: %s", s->addr, gai_strerror(ret));
		return -EINVAL;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		ret = -errno;
		freeaddrinfo(ai);
		return ret;
	}
	s->ipv6 = ai->ai_family == AF_INET6;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 64) ||
	    getsockname(fd, (struct sockaddr *)&ss, &sl)) {
		ret = -errno;
		nvmet_set_error("serve: %s: %s", listen_spec, strerror(errno));
		freeaddrinfo(ai);
		close(fd);
		return ret;
	}
	freeaddrinfo(ai);
	s->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port :
						 ((struct sockaddr_in *)&ss)->sin_port);
	s->lfd = fd;
	return 0;
}

static int check_nqn(const char *nqn)
{
	size_t n = strlen(nqn);

	/* The specification's NQN: "nqn." and at most 223 bytes; not the discovery NQN. */
	if (n < 5 || n > 223 || strncmp(nqn, "nqn.", 4) || !strcmp(nqn, NVMET_DISC_NQN)) {
		nvmet_set_error("serve: NQN '%s': want nqn.... of at most 223 bytes, not the"
				" discovery NQN", nqn);
		return -EINVAL;
	}
	return 0;
}

/* The core, from "emu[:OPTIONS]", with this target as its front end and its plug-ins. */
static int make_emu(struct nvmet_serve *s, const char *spec)
{
	struct emu_fabrics fab = { 0 };
	struct emu_opts opts;
	char err[256] = "";
	unsigned int i;
	int ret;

	if (!spec || !strcmp(spec, "emu"))
		spec = "emu:";
	if (strncmp(spec, "emu:", 4)) {
		nvmet_set_error("serve: '%s': want emu:OPTIONS", spec);
		return -EINVAL;
	}
	ret = emu_opts_parse(spec + 4, &opts, err, sizeof(err));
	if (ret) {
		nvmet_set_error("%s", err);
		return ret;
	}
	ret = emu_core_create(&opts, &s->emu);
	if (ret) {
		emu_opts_free(&opts);
		return ret;
	}
	emu_core_attach(s->emu, &srv_fe_ops, s);
	fab.on = true;
	fab.ioccsz = (uint32_t)(sizeof(struct nvmet_sqe) + SRV_ICDATA_MAX) / 16;
	fab.iorcsz = sizeof(struct nvmet_cqe) / 16;
	fab.maxcmd = (uint16_t)(opts.mqes > 1024 ? 1024 : opts.mqes);
	snprintf(fab.subnqn, sizeof(fab.subnqn), "%s", s->nqn);
	emu_core_fabrics(s->emu, &fab);
	for (i = 0; !ret && i < opts.nr_plugins; i++)
		ret = emu_plugin_load_spec(s->emu, opts.plugins[i]);
	emu_opts_free(&opts);
	return ret;
}

static int epoll_add(struct nvmet_serve *s, int fd, void *ptr)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = ptr };

	return epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

int nvmet_serve_create(const struct nvmet_serve_opts *o, struct nvmet_serve **out)
{
	struct nvmet_serve *s;
	int ret;

	if (!o || !out)
		return -EINVAL;
	if (o->poll_us < NVMET_SERVE_POLL_NONE || o->poll_us > NVMET_SERVE_POLL_MAX_US) {
		nvmet_set_error("serve: poll time %d us: want 0 to %d", o->poll_us,
				NVMET_SERVE_POLL_MAX_US);
		return -EINVAL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->lfd = s->epfd = s->evfd = -1;
	s->log = o->log;
	s->log_arg = o->log_arg;
	s->stall_ns = (uint64_t)(o->stall_ms ? o->stall_ms : SRV_STALL_DEFAULT_MS) * 1000000ull;
	/*
	 * After a round with work the loop polls before sleeping in epoll: a
	 * host at queue depth 1 sends its next command within microseconds,
	 * and a sleeping loop's wake-up costs more than that (most of all in
	 * a VM).
	 */
	s->poll_ns = o->poll_us == NVMET_SERVE_POLL_NONE ? 0 :
		     (uint64_t)(o->poll_us ? o->poll_us : NVMET_SERVE_POLL_DEFAULT_US) * 1000ull;
	s->follow_cpu = o->follow_cpu;
	s->cpu = -1;
	s->next_cntlid = 1;
	snprintf(s->nqn, sizeof(s->nqn), "%s", o->nqn ? o->nqn : NVMET_SERVE_DEFAULT_NQN);
	ret = check_nqn(o->nqn ? o->nqn : NVMET_SERVE_DEFAULT_NQN);
	if (!ret)
		ret = listen_on(s, o->listen);
	if (!ret) {
		s->epfd = epoll_create1(EPOLL_CLOEXEC);
		s->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		ret = s->epfd < 0 || s->evfd < 0 ? -errno : 0;
	}
	if (!ret)
		ret = epoll_add(s, s->lfd, &s->lfd);
	if (!ret)
		ret = epoll_add(s, s->evfd, &s->evfd);
	if (!ret)
		ret = make_emu(s, o->emu);
	if (ret) {
		nvmet_serve_destroy(s);
		return ret;
	}
	*out = s;
	return 0;
}

static void accept_all(struct nvmet_serve *s)
{
	for (;;) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		char host[48] = "?", serv[8] = "?", peer[64];
		int fd = accept4(s->lfd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0)
			return;
		getnameinfo((struct sockaddr *)&ss, sl, host, sizeof(host), serv, sizeof(serv),
			    NI_NUMERICHOST | NI_NUMERICSERV);
		snprintf(peer, sizeof(peer), ss.ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s", host,
			 serv);
		if (srv_conn_accept(s, fd, (struct sockaddr *)&ss, sl, peer))
			close(fd);
	}
}

static void wake_drain(struct nvmet_serve *s)
{
	uint64_t v;

	while (read(s->evfd, &v, sizeof(v)) > 0)
		;
}

/* Timers, sending, closing: the end of a round. The earliest thing due (0: none). */
static uint64_t round_end(struct nvmet_serve *s, uint64_t now)
{
	struct srv_conn **pp = &s->conns, *c;
	uint64_t next = srv_kato_check(s, now);

	for (c = s->conns; c; c = c->next) {
		uint64_t t = srv_conn_timers(c, now);

		if (t && (!next || t < next))
			next = t;
		if (c->tx_head && !c->dead)
			srv_conn_flush(c);
		if (c->drain && !c->tx_head)
			c->dead = true;
	}
	while ((c = *pp)) {
		if (c->dead) {
			*pp = c->next;
			srv_conn_close(c);
		} else {
			pp = &c->next;
		}
	}
	return next;
}

static int timeout_ms(uint64_t next, uint64_t now)
{
	uint64_t ms;

	if (!next)
		return SRV_TICK_MS;
	if (next <= now)
		return 0;
	ms = (next - now + 999999) / 1000000;
	return ms > SRV_TICK_MS ? SRV_TICK_MS : (int)ms;
}

void srv_follow_cpu(struct srv_conn *c)
{
	struct nvmet_serve *s = c->s;
	socklen_t len = sizeof(int);
	cpu_set_t set;
	int cpu;

	if (getsockopt(c->fd, SOL_SOCKET, SO_INCOMING_CPU, &cpu, &len) || cpu < 0 ||
	    cpu == s->cpu || cpu >= CPU_SETSIZE)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	/* A CPU outside the thread's cpuset is refused: the thread stays where it is. */
	if (!pthread_setaffinity_np(pthread_self(), sizeof(set), &set))
		s->cpu = cpu;
}

int nvmet_serve_run(struct nvmet_serve *s)
{
	struct epoll_event evs[SRV_EVENTS];
	uint64_t next = 0, busy_ns = 0;
	cpu_set_t affinity;
	int ret = 0;
	bool was = false;

	if (!s)
		return -EINVAL;
	if (!atomic_compare_exchange_strong(&s->running, &was, true))
		return -EBUSY;
	s->loop_tid = pthread_self();
	if (s->follow_cpu && pthread_getaffinity_np(s->loop_tid, sizeof(affinity), &affinity))
		s->follow_cpu = false;
	while (!atomic_load(&s->stop)) {
		uint64_t t = nvmet_now_ns();
		int i, n = epoll_wait(s->epfd, evs, SRV_EVENTS,
				      t - busy_ns < s->poll_ns ? 0 : timeout_ms(next, t));

		if (n < 0 && errno != EINTR) {
			ret = -errno;
			break;
		}
		s->now_ns = nvmet_now_ns();
		if (n > 0)
			busy_ns = s->now_ns;
		for (i = 0; i < n; i++) {
			void *p = evs[i].data.ptr;

			if (p == &s->lfd) {
				accept_all(s);
			} else if (p == &s->evfd) {
				wake_drain(s);
			} else {
				struct srv_conn *c = p;

				if (c->dead)
					continue;
				if (evs[i].events & EPOLLOUT)
					srv_conn_flush(c);
				if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
					srv_conn_input(c);
			}
		}
		if (emu_regs_pending(s->emu))
			emu_regs_apply(s->emu);
		emu_admin_tick(s->emu, s->now_ns);
		next = round_end(s, s->now_ns);
		atomic_fetch_add(&s->epoch, 1);
	}
	/* Stopping: every association ends, every connection closes. */
	if (s->io)
		srv_assoc_end(s, s->io, "the target stops");
	while (s->conns) {
		struct srv_conn *c = s->conns;

		s->conns = c->next;
		srv_conn_close(c);
	}
	if (s->cpu >= 0) {
		pthread_setaffinity_np(s->loop_tid, sizeof(affinity), &affinity);
		s->cpu = -1;
	}
	atomic_fetch_add(&s->epoch, 1);
	atomic_store(&s->running, false);
	return ret;
}

static void *serve_thread(void *arg)
{
	nvmet_serve_run(arg);
	return NULL;
}

int nvmet_serve_start(struct nvmet_serve *s)
{
	int ret;

	if (!s)
		return -EINVAL;
	if (s->thread_started || atomic_load(&s->running))
		return -EBUSY;
	ret = -pthread_create(&s->thread, NULL, serve_thread, s);
	if (!ret)
		s->thread_started = true;
	return ret;
}

void nvmet_serve_stop(struct nvmet_serve *s)
{
	uint64_t one = 1;

	if (!s)
		return;
	atomic_store(&s->stop, true);
	if (s->evfd >= 0 && write(s->evfd, &one, sizeof(one)) < 0) {
		/* The counter is full: the loop wakes anyway. */
	}
}

void nvmet_serve_destroy(struct nvmet_serve *s)
{
	if (!s)
		return;
	nvmet_serve_stop(s);
	if (s->thread_started)
		pthread_join(s->thread, NULL);
	if (s->emu) {
		/* Unloading waits for the loop to go round: it has ended, so at once. */
		emu_plugins_unload_all(s->emu);
		emu_core_destroy(s->emu);
	}
	if (s->lfd >= 0)
		close(s->lfd);
	if (s->epfd >= 0)
		close(s->epfd);
	if (s->evfd >= 0)
		close(s->evfd);
	free(s);
}

struct nvmet_emu *nvmet_serve_emu(struct nvmet_serve *s)
{
	return s ? s->emu : NULL;
}

int nvmet_serve_port(const struct nvmet_serve *s)
{
	return s ? s->port : -EINVAL;
}

const char *nvmet_serve_addr(const struct nvmet_serve *s)
{
	return s ? s->addr : "";
}

const char *nvmet_serve_nqn(const struct nvmet_serve *s)
{
	return s ? s->nqn : "";
}

/* ---- what the core asks of the loop (any thread) ------------------------- */

static bool in_loop(const struct nvmet_serve *s)
{
	return atomic_load(&s->running) && pthread_equal(pthread_self(), s->loop_tid);
}

void srv_kick(void *fe)
{
	struct nvmet_serve *s = fe;
	uint64_t one = 1;

	if (in_loop(s))
		return;
	if (write(s->evfd, &one, sizeof(one)) < 0) {
		/* The counter is full: the loop wakes anyway. */
	}
}

/* Return once the loop went through a round begun after the call (at once when none runs). */
void srv_quiesce(void *fe)
{
	struct nvmet_serve *s = fe;
	unsigned int start = atomic_load(&s->epoch);

	if (in_loop(s))
		return;
	while (atomic_load(&s->running) && atomic_load(&s->epoch) - start < 2) {
		srv_kick(s);
		sched_yield();
	}
}
