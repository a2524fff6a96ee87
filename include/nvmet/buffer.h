/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/buffer.h - named DMA buffers: memory a controller reaches at a bus
 * address, zero-filled, with data patterns, little-endian field access by
 * byte range, a hex dump and the Dataset Management range layout.
 *
 * The memory comes from a provider (struct nvmet_dma_ops): the kernel
 * module for a real controller, or plain host memory whose bus address is
 * its virtual address, for unit tests and an in-process controller.
 *
 * Every function returns 0 (or a count) on success and a negative errno on
 * failure.
 */
#ifndef NVMET_BUFFER_H
#define NVMET_BUFFER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* Buffer sizes are rounded up to a multiple of this. */
#define NVMET_BUF_ALIGN		4096u
/* Bytes of a buffer name, NUL included. */
#define NVMET_BUF_NAME_LEN	32

/**
 * struct nvmet_dma_ops - a provider of DMA-able memory
 * @alloc: allocate @size bytes (a multiple of NVMET_BUF_ALIGN) contiguous in
 *	bus address space and aligned to NVMET_BUF_ALIGN; set *@va, *@iova and
 *	a *@cookie of the provider's choosing. Returns 0 or a negative errno.
 *	The memory need not be zeroed.
 * @free: release what @alloc returned, given the same size and cookie
 */
struct nvmet_dma_ops {
	int (*alloc)(void *ctx, size_t size, void **va, uint64_t *iova, uint64_t *cookie);
	void (*free)(void *ctx, void *va, size_t size, uint64_t cookie);
};

/**
 * struct nvmet_buf - a named region of DMA-able memory
 * @va: the caller's mapping
 * @iova: the bus address of @va; the region is contiguous from there
 * @size: bytes, a multiple of NVMET_BUF_ALIGN
 * @name: for messages, NUL terminated
 * @priv: the provider and its cookie, for nvmet_buf_free() only
 */
struct nvmet_buf {
	void *va;
	uint64_t iova;
	size_t size;
	char name[NVMET_BUF_NAME_LEN];
	struct {
		const struct nvmet_dma_ops *ops;
		void *ctx;
		uint64_t cookie;
	} priv;
};

/**
 * enum nvmet_pattern - data patterns for nvmet_buf_fill()
 * @NVMET_PATTERN_ZERO: all bytes 0x00
 * @NVMET_PATTERN_ONE: all bytes 0xff
 * @NVMET_PATTERN_DWORD: a 32-bit value repeated, little endian, in phase
 *	with the start of the buffer (byte i is byte i % 4 of the value)
 * @NVMET_PATTERN_RANDOM: pseudo-random data of a given compressibility
 */
enum nvmet_pattern {
	NVMET_PATTERN_ZERO,
	NVMET_PATTERN_ONE,
	NVMET_PATTERN_DWORD,
	NVMET_PATTERN_RANDOM,
};

/**
 * nvmet_buf_alloc_with() - allocate a zero-filled buffer from a provider
 * @ops: the provider
 * @ctx: passed to @ops
 * @size: bytes, rounded up to a multiple of NVMET_BUF_ALIGN
 * @name: copied, truncated to NVMET_BUF_NAME_LEN - 1 characters; may be NULL
 * @out: the new buffer
 *
 * Return: 0, -EINVAL when @size is 0 or @ops or @out is NULL, -ENOMEM, or
 * the provider's negative errno.
 */
int nvmet_buf_alloc_with(const struct nvmet_dma_ops *ops, void *ctx, size_t size,
			 const char *name, struct nvmet_buf **out);

/**
 * nvmet_buf_alloc_host() - allocate a zero-filled buffer of host memory
 * @size: bytes, rounded up to a multiple of NVMET_BUF_ALIGN
 * @name: as for nvmet_buf_alloc_with()
 * @out: the new buffer, whose iova is its virtual address
 *
 * For unit tests and controllers emulated in the same process; no device
 * can reach this memory.
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int nvmet_buf_alloc_host(size_t size, const char *name, struct nvmet_buf **out);

/**
 * nvmet_buf_free() - return a buffer to its provider
 * @buf: buffer, may be NULL
 */
void nvmet_buf_free(struct nvmet_buf *buf);

/**
 * nvmet_buf_fill() - fill part of a buffer with a data pattern
 * @buf: buffer
 * @offset: first byte
 * @len: bytes
 * @type: the pattern
 * @value: for NVMET_PATTERN_DWORD the 32-bit value; for
 *	NVMET_PATTERN_RANDOM the percent of random bytes, 0 (all zero) to 100
 *	(incompressible); ignored otherwise
 * @seed: for NVMET_PATTERN_RANDOM, selects the data; ignored otherwise
 *
 * Random data is laid out per 4 KiB of the buffer: the first @value percent
 * of each 4 KiB are random, the rest zero, so that gzip or zstd bring it to
 * about @value percent of its size. A byte depends only on @seed, @value
 * and its offset in the buffer: filling a range in pieces gives the same
 * bytes as filling it at once.
 *
 * Return: 0, or -EINVAL when the range leaves the buffer, @type is unknown
 * or a percent is over 100.
 */
int nvmet_buf_fill(struct nvmet_buf *buf, size_t offset, size_t len, enum nvmet_pattern type,
		   uint32_t value, uint64_t seed);

/**
 * nvmet_buf_get_uint() - read a little-endian field
 * @buf: buffer
 * @begin: offset of the field's first (least significant) byte
 * @end: offset of its last byte, inclusive
 * @val: the value
 *
 * Return: 0, or -EINVAL when @end < @begin, the field is over 8 bytes or
 * leaves the buffer.
 */
int nvmet_buf_get_uint(const struct nvmet_buf *buf, size_t begin, size_t end, uint64_t *val);

/**
 * nvmet_buf_set_uint() - write a little-endian field
 * @buf: buffer
 * @begin: offset of the field's first (least significant) byte
 * @end: offset of its last byte, inclusive
 * @val: the value
 *
 * Return: 0, -EINVAL as for nvmet_buf_get_uint(), or -ERANGE when @val does
 * not fit in the field (nothing is written then).
 */
int nvmet_buf_set_uint(struct nvmet_buf *buf, size_t begin, size_t end, uint64_t val);

/**
 * nvmet_buf_get_str() - read an ASCII field such as a serial number
 * @buf: buffer
 * @begin: offset of the field's first byte
 * @end: offset of its last byte, inclusive
 * @out: the field without its trailing spaces and NULs, NUL terminated
 * @outlen: bytes at @out
 *
 * Return: 0, -EINVAL when the range is empty, reversed or leaves the
 * buffer, or -ENOSPC when the trimmed field and its NUL do not fit in
 * @outlen (@out is then untouched).
 */
int nvmet_buf_get_str(const struct nvmet_buf *buf, size_t begin, size_t end, char *out,
		      size_t outlen);

/**
 * nvmet_buf_dump() - hex dump part of a buffer, in the format of hexdump -C
 * @buf: buffer
 * @offset: first byte
 * @len: bytes
 * @f: output stream
 *
 * Lines of 16 bytes start with their buffer offset and end with the bytes
 * as ASCII ('.' when not printable). A run of lines equal to the one before
 * is printed as a single "*" line. The last line is the offset after the
 * range; an empty range prints nothing.
 *
 * Return: 0, -EINVAL when the range leaves the buffer or @f is NULL, or
 * -EIO when writing failed.
 */
int nvmet_buf_dump(const struct nvmet_buf *buf, size_t offset, size_t len, FILE *f);

/**
 * nvmet_buf_set_dsm_range() - write one Dataset Management range
 * @buf: buffer holding the range list
 * @index: range number, 0 to 255; the entry is the 16 bytes at @index * 16
 * @slba: starting LBA
 * @nlb: length in logical blocks
 * @attr: context attributes
 *
 * The entry is context attributes (bytes 3:0), length (7:4) and starting
 * LBA (15:8), little endian.
 *
 * Return: 0, or -EINVAL when @index is over 255 or the entry leaves the
 * buffer.
 */
int nvmet_buf_set_dsm_range(struct nvmet_buf *buf, unsigned int index, uint64_t slba,
			    uint32_t nlb, uint32_t attr);

/**
 * nvmet_buf_compare() - compare ranges of two buffers
 * @a: a buffer
 * @a_off: offset in @a
 * @b: another buffer, or @a again
 * @b_off: offset in @b
 * @len: bytes
 *
 * Return: -1 when the ranges are equal, the first differing offset counted
 * from the start of the ranges, or -EINVAL when a range leaves its buffer.
 */
ssize_t nvmet_buf_compare(const struct nvmet_buf *a, size_t a_off, const struct nvmet_buf *b,
			  size_t b_off, size_t len);

#endif /* NVMET_BUFFER_H */
