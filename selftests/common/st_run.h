/* SPDX-License-Identifier: GPL-2.0 */
/*
 * st_run.h - run one of the project's tools from a test and read what it
 * printed, JSON included. Every function returns 0 or a negative errno
 * unless it says otherwise.
 */
#ifndef ST_RUN_H
#define ST_RUN_H

#include <stddef.h>

#define ST_RUN_OUT_MAX	(256 * 1024)
#define ST_RUN_ERR_MAX	(16 * 1024)

/* What a run left: exit status (-1 when killed by a signal), stdout, stderr. */
struct st_run {
	int status;
	char out[ST_RUN_OUT_MAX];
	char err[ST_RUN_ERR_MAX];
};

/*
 * The directory the selftests were put in: the running binary's, or its
 * parent when the binary sits in its target's folder (build/selftests/lib/
 * in the tree; the VM has them all in one), so that ../bin, ../plugins and
 * ../examples are beside it either way.
 */
int st_exe_dir(char *dir, size_t len);

/*
 * The tool @name beside the tests (../bin/@name, as in build/ and in the
 * VM), or the path in environment variable @env when set.
 */
int st_find_tool(const char *name, const char *env, char *bin, size_t len);

/* Run @bin with @args (NULL terminated, at most 38); both outputs read as they come. */
int st_run_tool(const char *bin, const char *const *args, struct st_run *r);

/*
 * In a test whose fixture has the tool's path in bin and a struct st_run
 * r: run it with the arguments given; a failure to run it fails the test.
 */
#define ST_RUN(...) do { \
	const char *const args_[] = { __VA_ARGS__, NULL }; \
	ASSERT_EQ(0, st_run_tool(self->bin, args_, &self->r)); \
} while (0)

/* Lines in @s, counting a last one without a newline. */
int st_lines(const char *s);

/*
 * A small JSON reader over text: st_json_skip() checks one value at @p and
 * returns what follows it (NULL when it is not JSON); st_json_get() finds
 * a member of the object at @obj, st_json_idx() element @idx of the array
 * at @arr (NULL when absent); st_json_num() the number at @p (-1 when @p
 * is NULL or no number).
 */
const char *st_json_skip(const char *p);
const char *st_json_ws(const char *p);
const char *st_json_get(const char *obj, const char *key);
const char *st_json_idx(const char *arr, int idx);
double st_json_num(const char *p);

#endif /* ST_RUN_H */
