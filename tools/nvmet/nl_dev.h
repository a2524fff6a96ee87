/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nl_dev.h - what the subcommands that ask the module over generic netlink
 * (status, events, top) share: the controller a DEV names, the family
 * opened, and its errors reported.
 */
#ifndef NVMET_NL_DEV_H
#define NVMET_NL_DEV_H

#include <stdint.h>

#include <nvmet/nl.h>

#include "tool.h"

/* The N of DEV's /dev/nvmetestN; EXIT_FAIL (reported) when DEV is none. */
int nl_dev_instance(const struct cmd *cmd, const char *name, uint32_t *instance);

/* The family opened, or EXIT_FAIL reported (the module not loaded, say so). */
int nl_dev_open(const struct cmd *cmd, struct nvmet_nl **nl);

/*
 * DEV's controller and the family opened, for a command that asks the
 * module about it; the emulated controller refused because @why. 0, or the
 * exit status (reported).
 */
int nl_dev_connect(const struct cmd *cmd, const char *dev, const char *why, uint32_t *instance,
		   struct nvmet_nl **nl);

/* Reports a failed request about controller @instance; returns EXIT_FAIL. */
int nl_dev_fail(const struct cmd *cmd, const char *what, uint32_t instance, int ret);

#endif /* NVMET_NL_DEV_H */
