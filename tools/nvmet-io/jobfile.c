// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * jobfile.c - fio's ini job files: [global] sections whose keys every
 * later job inherits, and one job per other section.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

struct section {
	char name[JOB_NAME_MAX];
	bool global;
	bool named;		/* has its own name= */
	struct kv_list kv;
};

struct jobfile {
	struct section *s;
	unsigned int n;
};

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int add_section(struct jobfile *jf, const char *name, const struct src *src)
{
	struct section *s = realloc(jf->s, (jf->n + 1) * sizeof(*s));

	if (!s)
		return fail("out of memory");
	jf->s = s;
	s = &jf->s[jf->n++];
	memset(s, 0, sizeof(*s));
	if (strlen(name) >= sizeof(s->name) || !*name)
		return usage_error("%s:%u: a section name of 1 to %zu characters", src->file,
				   src->line, sizeof(s->name) - 1);
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->global = !strcmp(name, "global");
	return 0;
}

static int add_key(struct jobfile *jf, char *line, const struct src *src)
{
	char *eq = strchr(line, '='), *name = line, *val = (char *)"1";
	const struct key *k;
	struct section *s;

	if (eq) {
		*eq = '\0';
		val = trim(eq + 1);
	}
	name = trim(name);
	if (!jf->n)
		return usage_error("%s:%u: '%s' before the first [section]", src->file,
				   src->line, name);
	k = key_find(name);
	if (!k)
		return usage_error("%s:%u: unknown key '%s'", src->file, src->line, name);
	if (k->flags & KEY_TOOL)
		return usage_error("%s:%u: %s is a command-line option", src->file, src->line,
				   k->name);
	if (!eq && !(k->flags & KEY_FLAG))
		return usage_error("%s:%u: %s needs a value (%s=...)", src->file, src->line,
				   k->name, k->name);
	s = &jf->s[jf->n - 1];
	if (!strcmp(k->name, "name"))
		s->named = true;
	return kv_add(&s->kv, k, val, src) ? fail("out of memory") : 0;
}

static int read_file(struct jobfile *jf, const char *path)
{
	struct src src = { path, 0 };
	char line[4096], *p;
	int ret = 0;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return fail("%s: %s", path, strerror(errno));
	while (!ret && fgets(line, sizeof(line), f)) {
		src.line++;
		p = trim(line);
		if (!*p || *p == ';' || *p == '#')
			continue;
		if (*p == '[') {
			char *end = strchr(p, ']');

			if (!end || end[1])
				ret = usage_error("%s:%u: not a [section] line", path, src.line);
			else {
				*end = '\0';
				ret = add_section(jf, trim(p + 1), &src);
			}
		} else {
			ret = add_key(jf, p, &src);
		}
	}
	fclose(f);
	return ret;
}

/* A job of section @i: defaults, the [global] keys above it, its own, the command line's. */
static int build_job(struct config *cfg, const struct jobfile *jf, unsigned int i,
		     struct job *j)
{
	unsigned int g;

	job_defaults(j);
	for (g = 0; g < i; g++) {
		if (jf->s[g].global && kv_apply(cfg, j, &jf->s[g].kv))
			return EXIT_USAGE;
	}
	j->in_file = true;
	if (!jf->s[i].named)
		snprintf(j->name, sizeof(j->name), "%s", jf->s[i].name);
	if (kv_apply(cfg, j, &jf->s[i].kv) || kv_apply(cfg, j, &cfg->cli))
		return EXIT_USAGE;
	return 0;
}

static void jobfile_free(struct jobfile *jf)
{
	unsigned int i;

	for (i = 0; i < jf->n; i++)
		kv_free(&jf->s[i].kv);
	free(jf->s);
}

int jobfile_load(struct config *cfg, const char *path)
{
	struct jobfile jf = { NULL, 0 };
	unsigned int i, n = 0;
	int ret;

	ret = read_file(&jf, path);
	for (i = 0; !ret && i < jf.n; i++)
		n += !jf.s[i].global;
	if (!ret && !n)
		ret = usage_error("%s: no job section (only [global])", path);
	if (!ret) {
		cfg->jobs = calloc(n, sizeof(*cfg->jobs));
		if (!cfg->jobs)
			ret = fail("out of memory");
	}
	for (i = 0; !ret && i < jf.n; i++) {
		if (jf.s[i].global)
			continue;
		ret = build_job(cfg, &jf, i, &cfg->jobs[cfg->nr_jobs]);
		cfg->nr_jobs++;
	}
	jobfile_free(&jf);
	return ret;
}
