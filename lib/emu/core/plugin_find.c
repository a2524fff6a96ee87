// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * plugin_find.c - a plug-in by its name: "corrupt_read" is
 * corrupt_read.so in the first of these directories that has it:
 *
 * 1. each directory of $NVMET_PLUGIN_PATH (':'-separated), in order;
 * 2. the build tree: plugins/ beside the directory of the file holding
 *    libnvmet, which is libnvmet.so or the program linked with libnvmet.a
 *    (build/lib, build/bin, build/selftests are beside build/plugins), or
 *    beside its parent (a selftest in build/selftests/emu);
 * 3. the installed plug-ins: nvmet/plugins beside libnvmet.so, or
 *    ../lib/nvmet/plugins from a program linked with libnvmet.a (both
 *    $(PREFIX)/lib/nvmet/plugins), then NVMET_PLUGINDIR, the directory
 *    libnvmet was built to install them in;
 * 4. the dynamic linker's own search (LD_LIBRARY_PATH, the system's
 *    library directories), with the name as given.
 *
 * A name with a '/' is a path and is used as is. The first file found is
 * the one loaded: a plug-in that fails to load is reported, not skipped.
 */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "support/error.h"

#ifndef NVMET_PLUGINDIR
#define NVMET_PLUGINDIR "/usr/local/lib/nvmet/plugins"
#endif

#define MAX_DIRS	16
#define DIRS_TEXT	400

/* The directory of the file holding this code: libnvmet.so, or the program. */
static int libnvmet_dir(char *dir)
{
	Dl_info info;
	char *slash;

	/* For the program itself dladdr() gives "" (glibc): ask the kernel. */
	if (!dladdr((void *)libnvmet_dir, &info) || !info.dli_fname || !*info.dli_fname ||
	    !realpath(info.dli_fname, dir)) {
		if (!realpath("/proc/self/exe", dir))
			return -1;
	}
	slash = strrchr(dir, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return 0;
}

/* The directories of steps 1 to 3, in order, into @dirs; returns how many. */
static unsigned int plugin_dirs(char dirs[MAX_DIRS][PATH_MAX])
{
	static const char *const beside[] = { "/../plugins", "/../../plugins", "/nvmet/plugins",
					      "/../lib/nvmet/plugins" };
	const char *env = getenv("NVMET_PLUGIN_PATH");
	unsigned int n = 0, i;
	char home[PATH_MAX];

	while (env && *env && n < MAX_DIRS - 5) {
		size_t len = strcspn(env, ":");

		if (len && len < PATH_MAX)
			snprintf(dirs[n++], PATH_MAX, "%.*s", (int)len, env);
		env += len + (env[len] == ':');
	}
	if (!libnvmet_dir(home))
		for (i = 0; i < sizeof(beside) / sizeof(beside[0]); i++)
			if ((size_t)snprintf(dirs[n], PATH_MAX, "%s%s", home, beside[i]) < PATH_MAX)
				n++;
	snprintf(dirs[n++], PATH_MAX, "%s", NVMET_PLUGINDIR);
	return n;
}

/* The directories of @dirs that exist, each once, for a message: "a, b, c". */
static void dirs_text(char dirs[MAX_DIRS][PATH_MAX], unsigned int n, char *out, size_t len)
{
	char real[PATH_MAX], seen[PATH_MAX];
	size_t used = 0;
	unsigned int i, j;

	out[0] = '\0';
	for (i = 0; i < n && used < len; i++) {
		if (!realpath(dirs[i], real))
			continue;
		for (j = 0; j < i; j++)
			if (realpath(dirs[j], seen) && !strcmp(seen, real))
				break;
		if (j == i)
			used += (size_t)snprintf(out + used, len - used, "%s%s", used ? ", " : "",
						 real);
	}
}

/* Why a plug-in that was found does not load (dlerror()), and what to do. */
static void load_error(const char *dlerr)
{
	const char *hint = "";
	char why[256];

	/* dlsym() below reuses dlerror()'s buffer. */
	snprintf(why, sizeof(why), "%s", dlerr ? dlerr : "not a shared object");
	if (!dlsym(RTLD_DEFAULT, "nvmet_emu_plugin_load"))
		hint = " (this program does not export libnvmet's functions to plug-ins:"
		       " link it with $(pkg-config --libs libnvmet-static), see libnvmet(3))";
	else if (strstr(why, "libnvmet.so"))
		hint = " (build plug-ins with $(pkg-config --cflags --libs libnvmet-plugin):"
		       " they take libnvmet from the program that loads them)";
	nvmet_set_error("cannot be loaded (%s)%s", why, hint);
}

void *emu_plugin_open(const char *name)
{
	size_t len = strlen(name);
	const char *ext = len > 3 && !strcmp(name + len - 3, ".so") ? "" : ".so";
	char (*dirs)[PATH_MAX], file[PATH_MAX + 256], where[DIRS_TEXT];
	const char *why;
	unsigned int n, i;
	void *h = NULL;

	if (strchr(name, '/')) {
		h = dlopen(name, RTLD_NOW | RTLD_LOCAL);
		if (!h)
			load_error(dlerror());
		return h;
	}
	dirs = malloc(MAX_DIRS * sizeof(*dirs));
	if (!dirs) {
		nvmet_set_error("out of memory");
		return NULL;
	}
	n = plugin_dirs(dirs);
	for (i = 0; i < n; i++) {
		snprintf(file, sizeof(file), "%s/%s%s", dirs[i], name, ext);
		if (!access(file, F_OK)) {
			h = dlopen(file, RTLD_NOW | RTLD_LOCAL);
			if (!h)
				load_error(dlerror());
			free(dirs);
			return h;
		}
	}
	h = dlopen(name, RTLD_NOW | RTLD_LOCAL);
	why = h ? NULL : dlerror();
	if (why && !strstr(why, "cannot open shared object file")) {
		load_error(why);
	} else if (why) {
		dirs_text(dirs, n, where, sizeof(where));
		nvmet_set_error("no %s%s in $NVMET_PLUGIN_PATH%s%s, nor in the library path",
				name, ext, *where ? ", " : "", where);
	}
	free(dirs);
	return h;
}
