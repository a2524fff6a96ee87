// SPDX-License-Identifier: GPL-2.0
/*
 * st_tshark.c - run tshark on a capture and split what it prints into
 * rows and fields.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "st_tshark.h"

int st_tshark_have(void)
{
	const char *path = getenv("PATH");
	char dir[4096], exe[4200];
	size_t n;

	while (path && *path) {
		n = strcspn(path, ":");
		if (n && n < sizeof(dir)) {
			memcpy(dir, path, n);
			dir[n] = '\0';
			snprintf(exe, sizeof(exe), "%s/tshark", dir);
			if (!access(exe, X_OK))
				return 1;
		}
		path += n;
		if (*path == ':')
			path++;
	}
	return 0;
}

static int build_command(char *cmd, size_t len, const char *file, const char *opts,
			 const char *filter, const char *const *fields)
{
	size_t used;
	int i;

	if (strchr(file, '\'') || strchr(filter, '\''))
		return -EINVAL;
	used = (size_t)snprintf(cmd, len, "tshark -2 -r '%s' %s -Y '%s' -T fields -E occurrence=f",
				file, opts, filter);
	for (i = 0; fields[i] && used < len; i++)
		used += (size_t)snprintf(cmd + used, len - used, " -e %s", fields[i]);
	if (used + 20 >= len)
		return -ENAMETOOLONG;
	strcat(cmd, " 2>/dev/null");
	return 0;
}

static int add_row(struct st_rows *rows, char *line)
{
	char **cell;
	unsigned int f;
	char *tab;

	line[strcspn(line, "\r\n")] = '\0';
	cell = realloc(rows->cell, (rows->n + 1) * rows->nf * sizeof(*cell));
	if (!cell)
		return -ENOMEM;
	rows->cell = cell;
	cell += rows->n * rows->nf;
	for (f = 0; f < rows->nf; f++) {
		tab = line ? strchr(line, '\t') : NULL;
		if (tab)
			*tab = '\0';
		cell[f] = strdup(line ? line : "");
		line = tab ? tab + 1 : NULL;
	}
	rows->n++;
	for (f = 0; f < rows->nf; f++)
		if (!cell[f])
			return -ENOMEM;
	return 0;
}

int st_tshark_fields(const char *file, const char *filter, const char *const *fields,
		     struct st_rows *out)
{
	return st_tshark_fields_opts(file, "", filter, fields, out);
}

int st_tshark_fields_opts(const char *file, const char *opts, const char *filter,
			  const char *const *fields, struct st_rows *out)
{
	char cmd[8192], *line = NULL;
	size_t cap = 0;
	FILE *p;
	int ret;

	memset(out, 0, sizeof(*out));
	while (fields[out->nf])
		out->nf++;
	ret = build_command(cmd, sizeof(cmd), file, opts, filter, fields);
	if (ret)
		return ret;
	p = popen(cmd, "r");
	if (!p)
		return -errno;
	while (!ret && getline(&line, &cap, p) > 0)
		ret = add_row(out, line);
	free(line);
	if (pclose(p) && !ret)
		ret = -EIO;
	return ret;
}

const char *st_cell(const struct st_rows *rows, unsigned int r, unsigned int f)
{
	if (r >= rows->n || f >= rows->nf || !rows->cell[r * rows->nf + f])
		return "";
	return rows->cell[r * rows->nf + f];
}

int st_find_row(const struct st_rows *rows, unsigned int f, const char *val)
{
	unsigned int r;

	for (r = 0; r < rows->n; r++)
		if (!strcmp(st_cell(rows, r, f), val))
			return (int)r;
	return -1;
}

void st_rows_free(struct st_rows *rows)
{
	unsigned int i;

	for (i = 0; i < rows->n * rows->nf; i++)
		free(rows->cell[i]);
	free(rows->cell);
	memset(rows, 0, sizeof(*rows));
}
