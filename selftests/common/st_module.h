/* SPDX-License-Identifier: GPL-2.0 */
/*
 * st_module.h - helpers of the selftests that take the device away (unbind,
 * rmmod, PCI remove, reload with other parameters) and put it back. Each
 * returns 0 or a negative errno unless it says otherwise.
 */
#ifndef ST_MODULE_H
#define ST_MODULE_H

#include <stddef.h>

#include "nvmetest_util.h"

#define MODULE			NVMETEST_DRIVER_NAME
#define SYS_MODULE		"/sys/module/" MODULE
#define SYS_PCI_DEVICES		"/sys/bus/pci/devices/"
#define SYS_RESCAN		"/sys/bus/pci/rescan"
#define SYSFS_WAIT_MS		20000u	/* a sysfs write that hangs longer is a failure */
#define SETTLE_MS		20000u	/* for a node or function to appear: only a slow kernel waits it out */

/* "name=value ..." of every readable parameter of the loaded module. */
void st_read_params(char *out, size_t len);
/* Whether the function at @bdf is bound to nvmetest (1) or not (0). */
int st_bound_to_module(const char *bdf);
/* Whether the function at @bdf exists (1) or not (0). */
int st_function_present(const char *bdf);
/* The device node of @bdf once it exists, within @ms; 0 or -ETIMEDOUT. */
int st_wait_node(const char *bdf, char *path, size_t len, unsigned int ms);
/* finit_module(2) of the file @ko with @params. */
int st_load_module(const char *ko, const char *params);
/* delete_module(2) of nvmetest, without waiting. */
int st_unload_module(void);
/*
 * Writes @text to @path from a child process and waits at most @ms for it:
 * a removal path that hangs fails the test instead of hanging it.
 */
int st_write_file_bounded(const char *path, const char *text, unsigned int ms);
/* Brings module (loaded with @params), function, binding and node back. */
int st_restore(const char *bdf, const char *ko, const char *params);
/* Opens the device of @bdf again and checks that it answers. */
int st_reopen_works(const char *bdf);

/*
 * In a FIXTURE_SETUP() of a test that takes the device away: read
 * NVMETEST_BDF and NVMETEST_KO into @bdfp and @kop, or skip without them or
 * without root.
 */
#define ST_SETUP_NEED_RELOAD(bdfp, kop) do { \
	*(bdfp) = st_env("NVMETEST_BDF"); \
	*(kop) = st_env("NVMETEST_KO"); \
	if (!*(bdfp)) \
		ST_SETUP_SKIP("NVMETEST_BDF is not set (the PCI address of the device)"); \
	if (st_env("NVMETEST_DEV") && !strncmp(st_env("NVMETEST_DEV"), "tcp:", 4)) \
		ST_SETUP_SKIP("NVMETEST_DEV is an NVMe/TCP controller, not the PCI function"); \
	if (!*(kop)) \
		ST_SETUP_SKIP("NVMETEST_KO is not set (the module file, to reload it)"); \
	if (geteuid()) \
		ST_SETUP_SKIP("unbinding and reloading the module need root"); \
} while (0)

#endif /* ST_MODULE_H */
