/* SPDX-License-Identifier: MIT */
/*
 * sysfs attributes of a device, as drivers register them: an attribute
 * group (a directory when it has a name) of device attributes with
 * show/store.  The harness reads and writes them as user space would
 * (kshim_sysfs_read/write, src/sysfs.c); removing a group waits for the
 * reads and writes in flight, as kernfs does.
 */
#ifndef KSHIM_LINUX_SYSFS_H
#define KSHIM_LINUX_SYSFS_H

#include <linux/compiler.h>
#include <linux/types.h>

struct device;

struct attribute {
	const char *name;
	umode_t mode;
};

struct attribute_group {
	const char *name;
	struct attribute **attrs;
};

struct device_attribute {
	struct attribute attr;
	ssize_t (*show)(struct device *dev, struct device_attribute *attr, char *buf);
	ssize_t (*store)(struct device *dev, struct device_attribute *attr, const char *buf,
			 size_t count);
};

#define __ATTR(_name, _mode, _show, _store) \
	{ .attr = { .name = #_name, .mode = (_mode) }, .show = (_show), .store = (_store) }
#define __ATTR_RO(_name)	__ATTR(_name, 0444, _name##_show, NULL)
#define __ATTR_RW(_name)	__ATTR(_name, 0644, _name##_show, _name##_store)
#define DEVICE_ATTR_RO(_name) \
	struct device_attribute dev_attr_##_name = __ATTR_RO(_name)
#define DEVICE_ATTR_RW(_name) \
	struct device_attribute dev_attr_##_name = __ATTR_RW(_name)

int __must_check device_add_group(struct device *dev, const struct attribute_group *grp);
void device_remove_group(struct device *dev, const struct attribute_group *grp);
int sysfs_emit(char *buf, const char *fmt, ...) __printf(2, 3);

#endif /* KSHIM_LINUX_SYSFS_H */
