/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * support/error.h - the reason nvmet_last_error() gives: set by whichever
 * layer refused (an address, an option, a plug-in, a command check), read
 * by the caller after a negative errno. Per thread.
 */
#ifndef NVMET_SUPPORT_ERROR_H
#define NVMET_SUPPORT_ERROR_H

#include <stdarg.h>

#include "support/compiler.h"

NVMET_HIDDEN void nvmet_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same from a va_list. */
NVMET_HIDDEN void nvmet_set_error_v(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

#endif /* NVMET_SUPPORT_ERROR_H */
