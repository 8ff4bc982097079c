/* SPDX-License-Identifier: MIT */
/*
 * struct device: name, parent, driver data, a reference count whose last put
 * calls release(), and dev_*() logging ("<driver> <device>: message").
 */
#ifndef KSHIM_LINUX_DEVICE_H
#define KSHIM_LINUX_DEVICE_H

#include <linux/kernel.h>
#include <linux/once_lite.h>
#include <linux/refcount.h>
#include <linux/sysfs.h>

struct module;

struct bus_type {
	const char *name;
};

struct device_driver {
	const char *name;
	const struct bus_type *bus;
	struct module *owner;
};

struct device {
	struct device *parent;
	const char *init_name;
	const struct bus_type *bus;
	struct device_driver *driver;
	void *driver_data;
	u64 *dma_mask;
	u64 coherent_dma_mask;
	void (*release)(struct device *dev);
	refcount_t kshim_refs;
	char kshim_name[64];
};

static inline const char *dev_name(const struct device *dev)
{
	return dev->kshim_name[0] ? dev->kshim_name : (dev->init_name ? dev->init_name : "");
}

int dev_set_name(struct device *dev, const char *fmt, ...) __printf(2, 3);
const char *dev_driver_string(const struct device *dev);

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

void device_initialize(struct device *dev);
struct device *get_device(struct device *dev);
void put_device(struct device *dev);

void kshim_dev_printk(const char *level, const struct device *dev, const char *fmt, ...)
	__printf(3, 4);

#ifndef dev_fmt
#define dev_fmt(fmt) fmt
#endif

#define dev_emerg(dev, fmt, ...)  kshim_dev_printk(KERN_EMERG, dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_crit(dev, fmt, ...)	  kshim_dev_printk(KERN_CRIT, dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_err(dev, fmt, ...)	  kshim_dev_printk(KERN_ERR, dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)	  kshim_dev_printk(KERN_WARNING, dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...) kshim_dev_printk(KERN_NOTICE, dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)	  kshim_dev_printk(KERN_INFO, dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...)	  kshim_dev_printk(KERN_DEBUG, dev, dev_fmt(fmt), ##__VA_ARGS__)

#define dev_level_once(dev_level, dev, fmt, ...)				\
	DO_ONCE_LITE(dev_level, dev, fmt, ##__VA_ARGS__)
#define dev_err_once(dev, fmt, ...)	dev_level_once(dev_err, dev, fmt, ##__VA_ARGS__)
#define dev_warn_once(dev, fmt, ...)	dev_level_once(dev_warn, dev, fmt, ##__VA_ARGS__)
#define dev_info_once(dev, fmt, ...)	dev_level_once(dev_info, dev, fmt, ##__VA_ARGS__)

#define dev_level_ratelimited(dev_level, dev, fmt, ...)				\
	({									\
		static DEFINE_RATELIMIT_STATE(__rs, DEFAULT_RATELIMIT_INTERVAL,	\
					      DEFAULT_RATELIMIT_BURST);		\
		if (__ratelimit(&__rs))						\
			dev_level(dev, fmt, ##__VA_ARGS__);			\
	})
#define dev_err_ratelimited(dev, fmt, ...) \
	dev_level_ratelimited(dev_err, dev, fmt, ##__VA_ARGS__)
#define dev_warn_ratelimited(dev, fmt, ...) \
	dev_level_ratelimited(dev_warn, dev, fmt, ##__VA_ARGS__)
#define dev_info_ratelimited(dev, fmt, ...) \
	dev_level_ratelimited(dev_info, dev, fmt, ##__VA_ARGS__)

/* Logs at error level (debug for -EPROBE_DEFER) and returns err. */
int dev_err_probe(const struct device *dev, int err, const char *fmt, ...) __printf(3, 4);

#endif /* KSHIM_LINUX_DEVICE_H */
