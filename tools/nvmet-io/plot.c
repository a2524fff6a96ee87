// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * plot.c - --plot FILE: a PNG with each worker's IOPS over time (its
 * per-second counts) and its latency percentiles, drawn by gnuplot from a
 * generated script on a pipe.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tool.h"

static bool in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char dir[PATH_MAX + 64];
	const char *p, *colon;

	for (p = path ? path : "/usr/bin:/bin"; p && *p; p = colon ? colon + 1 : NULL) {
		colon = strchr(p, ':');
		snprintf(dir, sizeof(dir), "%.*s/%s", (int)(colon ? colon - p : (long)strlen(p)),
			 p, prog);
		if (!access(dir, X_OK))
			return true;
	}
	return false;
}

/* gnuplot's single-quoted string: a quote is doubled. */
static void quoted(FILE *g, const char *s)
{
	fputc('\'', g);
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', g);
		fputc(*s, g);
	}
	fputc('\'', g);
}

static void title(FILE *g, const struct worker *w, unsigned int n)
{
	char t[JOB_NAME_MAX + 16];

	if (n > 1 && w->job->numjobs > 1)
		snprintf(t, sizeof(t), "%s (%u)", w->job->name, w->clone + 1);
	else
		snprintf(t, sizeof(t), "%s", w->job->name);
	fputs(" title ", g);
	quoted(g, t);
}

static void data(FILE *g, struct worker *w, unsigned int n)
{
	unsigned int i, s;

	for (i = 0; i < n; i++) {
		const struct nvmet_ioworker_result *r = &w[i].r;

		/* One entry per second run, the stragglers counted in the last. */
		fprintf(g, "$iops%u << EOD\n", i);
		for (s = 0; s < r->nr_seconds; s++)
			fprintf(g, "%u %u\n", s + 1, r->per_second[s]);
		if (!r->nr_seconds)
			fprintf(g, "0 0\n");
		fprintf(g, "EOD\n$lat%u << EOD\n", i);
		/* x: the number of nines, -log10(1 - p/100); y: latency in usec. */
		for (s = 0; s < w[i].p.nr_percentiles; s++)
			fprintf(g, "%f %f\n", -log10(1.0 - w[i].p.percentiles[s] / 100.0),
				(double)r->percentile_ns[s] / 1000.0);
		if (!w[i].p.nr_percentiles)
			fprintf(g, "0 %f\n", (double)r->lat_avg_ns / 1000.0);
		fprintf(g, "EOD\n");
	}
}

static void script(FILE *g, const char *path, struct worker *w, unsigned int n)
{
	unsigned int i;

	fprintf(g, "set terminal pngcairo size 1400,560 noenhanced\nset output ");
	quoted(g, path);
	fprintf(g, "\n");
	data(g, w, n);
	fprintf(g, "set multiplot layout 1,2 title 'nvmet-io'\n"
		   "set grid\nset key below\n"
		   "set title 'IOPS over time'\nset xlabel 'time (s)'\nset ylabel 'IOPS'\n"
		   "set yrange [0:*]\nset format y '%%.1s%%c'\nplot");
	for (i = 0; i < n; i++) {
		fprintf(g, "%s $iops%u using 1:2 with linespoints pt 7 ps 0.5", i ? "," : "", i);
		title(g, &w[i], n);
	}
	fprintf(g, "\nset title 'latency distribution'\nset xlabel 'percentile'\n"
		   "set ylabel 'latency (usec)'\nset logscale y\nset autoscale y\n"
		   "set format y '%%g'\n"
		   "set xtics ('0' 0, '90' 1, '99' 2, '99.9' 3, '99.99' 4, '99.999' 5)\n"
		   "set xrange [0:*]\nplot");
	for (i = 0; i < n; i++) {
		fprintf(g, "%s $lat%u using 1:2 with linespoints pt 7 ps 0.5", i ? "," : "", i);
		title(g, &w[i], n);
	}
	fprintf(g, "\nunset multiplot\nset output\n");
}

int plot(const char *path, struct worker *w, unsigned int n)
{
	struct stat st;
	FILE *g;
	int status;

	if (!in_path("gnuplot"))
		return fail("--plot: gnuplot not found (apt-get install gnuplot-nox)");
	unlink(path);
	g = popen("gnuplot", "w");
	if (!g)
		return fail("--plot: running gnuplot: %s", strerror(errno));
	script(g, path, w, n);
	status = pclose(g);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status))
		return fail("--plot: gnuplot failed (exit %d)",
			    status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	if (stat(path, &st) || !st.st_size)
		return fail("--plot: gnuplot wrote no %s", path);
	return 0;
}
