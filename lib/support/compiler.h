/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * support/compiler.h - what every part of libnvmet marks its internal
 * functions with: hidden from the shared library's symbol table, so only
 * the API in include/nvmet/ is exported (lib/libnvmet.map lists it).
 */
#ifndef NVMET_SUPPORT_COMPILER_H
#define NVMET_SUPPORT_COMPILER_H

#define NVMET_HIDDEN __attribute__((visibility("hidden")))

#endif /* NVMET_SUPPORT_COMPILER_H */
