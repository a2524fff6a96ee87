// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * plugin.c - plug-ins of the emulated controller: load one (found by
 * plugin_find.c), run its setup, and its teardown when it is unloaded
 * or the controller closes.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <nvmet/ctrl.h>

#include "core.h"
#include "support/error.h"

int nvmet_emu_plugin_load(struct nvmet_emu *emu, const char *path, const char *args)
{
	int (*setup)(struct nvmet_emu *, const char *, void **);
	struct emu_plugin *p;
	int ret;

	if (!emu || !path || !*path)
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->path = strdup(path);
	if (!p->path) {
		ret = -ENOMEM;
		goto fail;
	}
	p->handle = emu_plugin_open(path);
	if (!p->handle) {
		ret = -ENOENT;
		goto fail;
	}
	*(void **)&setup = dlsym(p->handle, "nvmet_plugin_setup");
	*(void **)&p->teardown = dlsym(p->handle, "nvmet_plugin_teardown");
	if (!setup) {
		nvmet_set_error("has no nvmet_plugin_setup()");
		ret = -ENOEXEC;
		goto fail;
	}
	/* The setup's reason when it refuses (nvmet_emu_plugin_error()). */
	nvmet_set_error("%s", "");
	ret = setup(emu, args ? args : "", &p->priv);
	if (ret) {
		if (!*nvmet_last_error())
			nvmet_set_error("its setup refused the arguments '%s': %s",
					args ? args : "", strerror(-ret));
		goto fail;
	}
	pthread_mutex_lock(&emu->lock);
	p->next = emu->plugins;
	emu->plugins = p;
	pthread_mutex_unlock(&emu->lock);
	return 0;
fail:
	if (p->handle)
		dlclose(p->handle);
	free(p->path);
	free(p);
	return ret;
}

static void plugin_free(struct nvmet_emu *emu, struct emu_plugin *p)
{
	if (p->teardown)
		p->teardown(emu, p->priv);
	emu_quiesce(emu);
	dlclose(p->handle);
	free(p->path);
	free(p);
}

int nvmet_emu_plugin_unload(struct nvmet_emu *emu, const char *path)
{
	struct emu_plugin **pp, *p = NULL;

	if (!emu || !path)
		return -EINVAL;
	pthread_mutex_lock(&emu->lock);
	for (pp = &emu->plugins; *pp; pp = &(*pp)->next)
		if (!strcmp((*pp)->path, path)) {
			p = *pp;
			*pp = p->next;
			break;
		}
	pthread_mutex_unlock(&emu->lock);
	if (!p)
		return -ENOENT;
	plugin_free(emu, p);
	return 0;
}

void emu_plugins_unload_all(struct nvmet_emu *emu)
{
	struct emu_plugin *p;

	for (;;) {
		pthread_mutex_lock(&emu->lock);
		p = emu->plugins;
		if (p)
			emu->plugins = p->next;
		pthread_mutex_unlock(&emu->lock);
		if (!p)
			break;
		plugin_free(emu, p);
	}
}

int emu_plugin_load_spec(struct nvmet_emu *emu, const char *spec)
{
	char *path = strdup(spec), *colon;
	int ret;

	if (!path)
		return -ENOMEM;
	colon = strchr(path, ':');
	if (colon)
		*colon = '\0';
	ret = nvmet_emu_plugin_load(emu, path, colon ? colon + 1 : "");
	if (ret)
		nvmet_set_error("emu: plugin %s: %s", path, nvmet_last_error());
	free(path);
	return ret;
}
