/* SPDX-License-Identifier: MIT */
/*
 * The harness's side of sysfs (src/sysfs.c): read or write a device
 * attribute as user space reads or writes /sys/.../<group>/<attribute>.
 * path is "<group>/<attribute>", or "<attribute>" for an unnamed group.
 * Returns the show/store result: bytes, or a negative errno; -ENOENT when
 * the device has no such attribute, -EACCES when it is read-only or
 * write-only that way.  read NUL-terminates buf.
 */
#ifndef KSHIM_SYSFS_H
#define KSHIM_SYSFS_H

#include <stddef.h>
#include <sys/types.h>

struct device;

ssize_t kshim_sysfs_read(struct device *dev, const char *path, char *buf, size_t len);
ssize_t kshim_sysfs_write(struct device *dev, const char *path, const char *buf, size_t len);

#endif /* KSHIM_SYSFS_H */
