// SPDX-License-Identifier: GPL-2.0
/*
 * st_run.c - run one of the project's tools from a test, both outputs
 * read as they come, and a small JSON reader for what it printed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nvmetest_util.h"
#include "st_run.h"

extern char **environ;

int st_exe_dir(char *dir, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", dir, len - 1);
	char *slash;

	if (n < 0)
		return -errno;
	dir[n] = '\0';
	slash = strrchr(dir, '/');
	if (!slash)
		return -ENOENT;
	*slash = '\0';
	slash = strrchr(dir, '/');
	if (slash && (!strcmp(slash, "/module") || !strcmp(slash, "/lib") ||
		      !strcmp(slash, "/emu") || !strcmp(slash, "/tools")))
		*slash = '\0';
	return 0;
}

int st_find_tool(const char *name, const char *env, char *bin, size_t len)
{
	const char *path = st_env(env);
	char dir[PATH_MAX - 64];
	int ret;

	if (path) {
		snprintf(bin, len, "%s", path);
		return access(bin, X_OK) ? -errno : 0;
	}
	ret = st_exe_dir(dir, sizeof(dir));
	if (ret)
		return ret;
	snprintf(bin, len, "%s/../bin/%s", dir, name);
	return access(bin, X_OK) ? -errno : 0;
}

/* Reads both pipes to the end, whichever has data, so neither fills up. */
static void drain(int out, int err, struct st_run *r)
{
	struct pollfd p[2] = { { out, POLLIN, 0 }, { err, POLLIN, 0 } };
	size_t used[2] = { 0, 0 }, cap[2] = { sizeof(r->out) - 1, sizeof(r->err) - 1 };
	char *buf[2] = { r->out, r->err }, sink[4096];
	int open_fds = 2, i;
	ssize_t n;

	while (open_fds && poll(p, 2, -1) > 0) {
		for (i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			if (used[i] < cap[i])
				n = read(p[i].fd, buf[i] + used[i], cap[i] - used[i]);
			else
				n = read(p[i].fd, sink, sizeof(sink));
			if (n <= 0) {
				p[i].fd = -1;
				open_fds--;
			} else if (used[i] < cap[i]) {
				used[i] += (size_t)n;
			}
		}
	}
	r->out[used[0]] = '\0';
	r->err[used[1]] = '\0';
}

int st_run_tool(const char *bin, const char *const *args, struct st_run *r)
{
	char *argv[40] = { (char *)bin };
	posix_spawn_file_actions_t fa;
	int out[2], err[2], st, i;
	pid_t pid;

	for (i = 0; args[i] && i < 38; i++)
		argv[i + 1] = (char *)args[i];
	/*
	 * Close-on-exec: the tool gets them as its stdout and stderr only, so
	 * that a daemon it starts (tmux's server) cannot hold them open.
	 */
	if (pipe2(out, O_CLOEXEC))
		return -errno;
	if (pipe2(err, O_CLOEXEC)) {
		close(out[0]);
		close(out[1]);
		return -errno;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	posix_spawn_file_actions_addclose(&fa, out[0]);
	posix_spawn_file_actions_addclose(&fa, err[0]);
	st = posix_spawn(&pid, bin, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(out[1]);
	close(err[1]);
	if (!st)
		drain(out[0], err[0], r);
	close(out[0]);
	close(err[0]);
	if (st)
		return -st;
	if (waitpid(pid, &st, 0) != pid)
		return -errno;
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return 0;
}

int st_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		if (*s == '\n' || !s[1])
			n++;
	return n;
}

const char *st_json_ws(const char *p)
{
	while (p && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
		p++;
	return p;
}

static const char *jstr(const char *p)
{
	if (!p || *p++ != '"')
		return NULL;
	for (; *p && *p != '"'; p++) {
		if (*p == '\\' && !*++p)
			return NULL;
	}
	return *p ? p + 1 : NULL;
}

static const char *jlist(const char *p, char close, bool members)
{
	p = st_json_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (members) {
			p = jstr(st_json_ws(p));
			if (!p || *(p = st_json_ws(p)) != ':')
				return NULL;
			p++;
		}
		p = st_json_skip(p);
		if (!p)
			return NULL;
		p = st_json_ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

const char *st_json_skip(const char *p)
{
	char *end;

	p = st_json_ws(p);
	if (!p)
		return NULL;
	switch (*p) {
	case '{':
		return jlist(p, '}', true);
	case '[':
		return jlist(p, ']', false);
	case '"':
		return jstr(p);
	case 't':
		return strncmp(p, "true", 4) ? NULL : p + 4;
	case 'f':
		return strncmp(p, "false", 5) ? NULL : p + 5;
	case 'n':
		return strncmp(p, "null", 4) ? NULL : p + 4;
	}
	strtod(p, &end);
	return end == p ? NULL : end;
}

const char *st_json_get(const char *obj, const char *key)
{
	const char *p = st_json_ws(obj), *k, *kend;
	size_t klen = strlen(key);

	if (!p || *p != '{')
		return NULL;
	p = st_json_ws(p + 1);
	while (*p == '"') {
		k = p + 1;
		kend = jstr(p);
		if (!kend)
			return NULL;
		p = st_json_ws(kend);
		if (*p++ != ':')
			return NULL;
		p = st_json_ws(p);
		if ((size_t)(kend - 1 - k) == klen && !strncmp(k, key, klen))
			return p;
		p = st_json_skip(p);
		if (!p)
			return NULL;
		p = st_json_ws(p);
		if (*p == ',')
			p = st_json_ws(p + 1);
	}
	return NULL;
}

const char *st_json_idx(const char *arr, int idx)
{
	const char *p = st_json_ws(arr);

	if (!p || *p != '[')
		return NULL;
	p = st_json_ws(p + 1);
	while (idx-- > 0 && p && *p != ']') {
		p = st_json_skip(p);
		p = st_json_ws(p);
		if (p && *p == ',')
			p = st_json_ws(p + 1);
	}
	return p && *p != ']' ? p : NULL;
}

double st_json_num(const char *p)
{
	char *end;
	double v;

	if (!p)
		return -1;
	v = strtod(p, &end);
	return end == p ? -1 : v;
}
