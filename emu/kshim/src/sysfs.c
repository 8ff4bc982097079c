// SPDX-License-Identifier: MIT
/*
 * Device attribute groups (include/linux/sysfs.h): what
 * device_add_group/device_remove_group register, with the kernel's rules:
 * a group's directory exists once per device (-EEXIST, as
 * sysfs_create_group's duplicate check); show gets a zeroed PAGE_SIZE
 * buffer and store a NUL-terminated copy, as kernfs hands them; removal
 * drains the calls in flight (kernfs_drain) before it returns.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kshim/sysfs.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/sysfs.h>
#include <linux/wait.h>

#include "internal.h"

struct sysfs_group {
	struct list_head node;
	struct device *dev;
	const struct attribute_group *grp;
	unsigned int active;		/* show/store calls in flight */
	bool removing;
	wait_queue_head_t drained;
};

static LIST_HEAD(groups);

static bool same_dir(const struct attribute_group *a, const struct attribute_group *b)
{
	return a == b || (a->name && b->name && !strcmp(a->name, b->name));
}

int device_add_group(struct device *dev, const struct attribute_group *grp)
{
	struct sysfs_group *g;

	list_for_each_entry(g, &groups, node) {
		if (g->dev == dev && same_dir(g->grp, grp)) {
			kshim_fail("sysfs: cannot create duplicate group '%s' on %s", grp->name ? grp->name : "",
				   dev_name(dev));
			return -EEXIST;
		}
	}
	g = kshim_xzalloc(sizeof(*g));
	g->dev = dev;
	g->grp = grp;
	init_waitqueue_head(&g->drained);
	list_add_tail(&g->node, &groups);
	return 0;
}

void device_remove_group(struct device *dev, const struct attribute_group *grp)
{
	struct sysfs_group *g;

	list_for_each_entry(g, &groups, node) {
		if (g->dev == dev && g->grp == grp && !g->removing) {
			g->removing = true;
			wait_event(g->drained, !g->active);
			list_del(&g->node);
			free(g);
			return;
		}
	}
	kshim_fail("device_remove_group of %s: group '%s' was never added", dev_name(dev),
		   grp->name ? grp->name : "");
}

/* Groups a device still has when its driver is gone: the driver forgot to remove them. */
void kshim_sysfs_unbind(struct device *dev)
{
	struct sysfs_group *g, *n;

	list_for_each_entry_safe(g, n, &groups, node) {
		if (g->dev != dev)
			continue;
		kshim_fail("%s: sysfs group '%s' left after its driver unbound (missing device_remove_group)",
			   dev_name(dev), g->grp->name ? g->grp->name : "");
		list_del(&g->node);
		free(g);
	}
}

int sysfs_emit(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, PAGE_SIZE, fmt, ap);
	va_end(ap);
	return n < (int)PAGE_SIZE ? n : (int)PAGE_SIZE - 1;
}

/* The group and attribute path names on dev, counted as in flight; NULL if none. */
static struct sysfs_group *enter(struct device *dev, const char *path, struct device_attribute **out)
{
	const char *slash = strchr(path, '/'), *name = slash ? slash + 1 : path;
	size_t dlen = slash ? (size_t)(slash - path) : 0;
	struct sysfs_group *g;

	list_for_each_entry(g, &groups, node) {
		const char *dir = g->grp->name;

		if (g->dev != dev || g->removing)
			continue;
		if (slash ? !dir || strlen(dir) != dlen || strncmp(dir, path, dlen) : dir != NULL)
			continue;
		for (struct attribute **a = g->grp->attrs; *a; a++) {
			if (!strcmp((*a)->name, name)) {
				*out = container_of(*a, struct device_attribute, attr);
				g->active++;
				return g;
			}
		}
	}
	return NULL;
}

static void leave(struct sysfs_group *g)
{
	if (!--g->active)
		wake_up(&g->drained);
}

ssize_t kshim_sysfs_read(struct device *dev, const char *path, char *buf, size_t len)
{
	struct device_attribute *attr;
	struct sysfs_group *g = enter(dev, path, &attr);
	char *page;
	ssize_t ret;

	if (!g)
		return -ENOENT;
	if (!attr->show || !(attr->attr.mode & 0444)) {
		leave(g);
		return -EACCES;
	}
	page = kshim_xzalloc(PAGE_SIZE);
	ret = attr->show(dev, attr, page);
	leave(g);
	if (ret > (ssize_t)PAGE_SIZE)
		kshim_fail("%s %s: show returned %zd bytes, more than a page", dev_name(dev), path, ret);
	if (ret >= 0 && len) {
		size_t n = min_t(size_t, (size_t)ret, len - 1);

		memcpy(buf, page, n);
		buf[n] = '\0';
	}
	free(page);
	return ret;
}

ssize_t kshim_sysfs_write(struct device *dev, const char *path, const char *buf, size_t len)
{
	struct device_attribute *attr;
	struct sysfs_group *g = enter(dev, path, &attr);
	char *copy;
	ssize_t ret;

	if (!g)
		return -ENOENT;
	if (!attr->store || !(attr->attr.mode & 0222)) {
		leave(g);
		return -EACCES;
	}
	copy = kshim_xzalloc(len + 1);
	memcpy(copy, buf, len);
	ret = attr->store(dev, attr, copy, len);
	free(copy);
	leave(g);
	return ret;
}
