/* SPDX-License-Identifier: MIT */
/*
 * Firmware files for kshim's request_firmware() and the GSP model's checks:
 * mapped read-only, or served from a process-wide cache filled before the
 * processes that use it fork (fwfile_preload).
 *
 * Why a cache: a conformance suite boots a fresh GPU in a forked process per
 * test case, and a 535.x GSP image is 36 MiB that the driver and the model
 * each read in full.  A preloaded copy lives in anonymous (transparent huge
 * page) memory the children inherit: reading it needs no copy, no fresh
 * pages and no per-page mapping faults (bench/RESULTS.md).  A cached file is
 * used only while it is unchanged (same device, inode, size, mtime).
 */
#ifndef NVCORE_FWFILE_H
#define NVCORE_FWFILE_H

#include <stddef.h>

/*
 * Map @path read-only: *data and *size, 0; or -errno (-ENOENT missing,
 * -EINVAL not a regular file, the error of open/mmap).  An empty file has
 * *data NULL.  The data is const: the cache's copy is shared.
 */
int fwfile_map(const char *path, const void **data, size_t *size);
/* Undo fwfile_map(): unmaps, unless @data is the cache's (kept until exit). */
void fwfile_unmap(const void *data, size_t size);
/* Read @path into the cache: 0 or -errno.  Files already cached are kept. */
int fwfile_preload(const char *path);

#endif /* NVCORE_FWFILE_H */
