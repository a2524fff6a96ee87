/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * support/error.h - the reason behind a failure, per thread, for
 * nvmet_last_error(): set where the failure is understood, read by the
 * caller after a negative errno.
 */
#ifndef NVMET_SUPPORT_ERROR_H
#define NVMET_SUPPORT_ERROR_H

#include "support/compiler.h"

NVMET_HIDDEN void nvmet_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* NVMET_SUPPORT_ERROR_H */
