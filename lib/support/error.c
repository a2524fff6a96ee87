// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * error.c - a readable reason for the last failed open or plug-in load,
 * per thread.
 */
#include <stdarg.h>
#include <stdio.h>

#include <nvmet/ctrl.h>

#include "support/error.h"

static __thread char last_error[512];

void nvmet_set_error_v(const char *fmt, va_list ap)
{
	char msg[sizeof(last_error)];

	/* The message may quote the last one. */
	vsnprintf(msg, sizeof(msg), fmt, ap);
	snprintf(last_error, sizeof(last_error), "%s", msg);
}

void nvmet_set_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nvmet_set_error_v(fmt, ap);
	va_end(ap);
}

const char *nvmet_last_error(void)
{
	return last_error;
}
