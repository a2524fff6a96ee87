/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * error_priv.h - the reason nvmet_last_error() gives: set by whichever
 * layer refused (an address, an option, a plug-in), read by the caller.
 */
#ifndef NVMET_ERROR_PRIV_H
#define NVMET_ERROR_PRIV_H

#include <stdarg.h>

/* The message nvmet_last_error() returns, for this thread. */
__attribute__((visibility("hidden"), format(printf, 1, 2)))
void nvmet_set_error(const char *fmt, ...);
/* The same from a va_list. */
__attribute__((visibility("hidden"), format(printf, 1, 0)))
void nvmet_set_error_v(const char *fmt, va_list ap);

#endif /* NVMET_ERROR_PRIV_H */
