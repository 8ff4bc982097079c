// SPDX-License-Identifier: MIT
/* The device core (names, references, dev_*() logging) and the auxiliary bus. */
#include <stdlib.h>

#include <linux/auxiliary_bus.h>
#include <linux/device.h>

#include "internal.h"

#define MAX_AUX		64

static const struct bus_type auxiliary_bus_type = { .name = "auxiliary" };
static struct auxiliary_device *aux_devs[MAX_AUX];
static struct auxiliary_driver *aux_drvs[MAX_AUX];

int dev_set_name(struct device *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dev->kshim_name, sizeof(dev->kshim_name), fmt, ap);
	va_end(ap);
	return 0;
}

const char *dev_driver_string(const struct device *dev)
{
	if (dev->driver && dev->driver->name)
		return dev->driver->name;
	return dev->bus ? dev->bus->name : "";
}

void device_initialize(struct device *dev)
{
	refcount_set(&dev->kshim_refs, 1);
}

struct device *get_device(struct device *dev)
{
	if (dev)
		refcount_inc(&dev->kshim_refs);
	return dev;
}

void put_device(struct device *dev)
{
	if (!dev || !refcount_dec_and_test(&dev->kshim_refs))
		return;
	if (dev->release)
		dev->release(dev);
	else
		kshim_fail("Device '%s' does not have a release() function, it is broken "
			   "and must be fixed", dev_name(dev));
}

static void dev_vprintk(const struct device *dev, const char *fmt, va_list ap)
{
	char prefix[160];

	if (dev)
		snprintf(prefix, sizeof(prefix), "%s%s%s: ", dev_driver_string(dev),
			 *dev_driver_string(dev) ? " " : "", dev_name(dev));
	else
		snprintf(prefix, sizeof(prefix), "(NULL device *): ");
	kshim_log_write(prefix, fmt, ap);
}

void kshim_dev_printk(const char *level, const struct device *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dev_vprintk(dev, fmt, ap);
	va_end(ap);
}

int dev_err_probe(const struct device *dev, int err, const char *fmt, ...)
{
	char *msg;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		abort();
	va_end(ap);
	kshim_dev_printk(err == -EPROBE_DEFER ? KERN_DEBUG : KERN_ERR, dev, "error %d: %s",
			 err, msg);
	free(msg);
	return err;
}

/* What the driver core does after remove() or a failed probe(). */
void kshim_unbind_cleanup(struct device *dev)
{
	kshim_sysfs_unbind(dev);
	dev->driver = NULL;
	dev_set_drvdata(dev, NULL);
}

static bool slot_add(void **slots, void *p, const char *what)
{
	for (int i = 0; i < MAX_AUX; i++) {
		if (!slots[i]) {
			slots[i] = p;
			return true;
		}
	}
	kshim_fail("too many %s (max %d)", what, MAX_AUX);
	return false;
}

static void slot_del(void **slots, void *p)
{
	for (int i = 0; i < MAX_AUX; i++)
		if (slots[i] == p)
			slots[i] = NULL;
}

/* "<modname>.<name>" of a device named "<modname>.<name>.<id>". */
static const struct auxiliary_device_id *aux_match(const struct auxiliary_device *auxdev,
						   const struct auxiliary_driver *drv)
{
	const char *name = dev_name(&auxdev->dev);
	size_t len = (size_t)(strrchr(name, '.') - name);

	for (const struct auxiliary_device_id *id = drv->id_table; id->name[0]; id++)
		if (strlen(id->name) == len && !strncmp(id->name, name, len))
			return id;
	return NULL;
}

static void aux_bind(struct auxiliary_device *auxdev, struct auxiliary_driver *drv)
{
	const struct auxiliary_device_id *id;
	int err;

	if (auxdev->dev.driver || !(id = aux_match(auxdev, drv)))
		return;
	auxdev->dev.driver = &drv->driver;
	kshim_callout(err = drv->probe(auxdev, id));
	if (err) {
		if (err != -ENODEV && err != -ENXIO)
			kshim_dev_printk(KERN_WARNING, &auxdev->dev,
					 "probe with driver %s failed with error %d",
					 drv->driver.name, err);
		kshim_unbind_cleanup(&auxdev->dev);
	}
}

static void aux_unbind(struct auxiliary_device *auxdev)
{
	struct auxiliary_driver *drv;

	if (!auxdev->dev.driver)
		return;
	drv = to_auxiliary_drv(auxdev->dev.driver);
	if (drv->remove)
		kshim_callout(drv->remove(auxdev));
	kshim_unbind_cleanup(&auxdev->dev);
}

int auxiliary_device_init(struct auxiliary_device *auxdev)
{
	if (!auxdev->dev.parent) {
		printk(KERN_ERR "auxiliary_device has a NULL dev->parent\n");
		return -EINVAL;
	}
	if (!auxdev->name) {
		printk(KERN_ERR "auxiliary_device has a NULL name\n");
		return -EINVAL;
	}
	auxdev->dev.bus = &auxiliary_bus_type;
	device_initialize(&auxdev->dev);
	return 0;
}

int __auxiliary_device_add(struct auxiliary_device *auxdev, const char *modname)
{
	if (!modname) {
		kshim_dev_printk(KERN_ERR, &auxdev->dev, "auxiliary device modname is NULL");
		return -EINVAL;
	}
	dev_set_name(&auxdev->dev, "%s.%s.%u", modname, auxdev->name, auxdev->id);
	for (int i = 0; i < MAX_AUX; i++) {
		if (aux_devs[i] && !strcmp(dev_name(&aux_devs[i]->dev), dev_name(&auxdev->dev))) {
			printk(KERN_ERR "sysfs: cannot create duplicate filename '%s'\n",
			       dev_name(&auxdev->dev));
			return -EEXIST;
		}
	}
	if (!slot_add((void **)aux_devs, auxdev, "auxiliary devices"))
		return -ENOMEM;
	for (int i = 0; i < MAX_AUX && !auxdev->dev.driver; i++)
		if (aux_drvs[i])
			aux_bind(auxdev, aux_drvs[i]);
	return 0;
}

void auxiliary_device_delete(struct auxiliary_device *auxdev)
{
	aux_unbind(auxdev);
	slot_del((void **)aux_devs, auxdev);
}

int __auxiliary_driver_register(struct auxiliary_driver *auxdrv, struct module *owner,
				const char *modname)
{
	if (WARN_ON(!auxdrv->probe) || WARN_ON(!auxdrv->id_table))
		return -EINVAL;
	auxdrv->driver.name = auxdrv->name ? kshim_xasprintf("%s.%s", modname, auxdrv->name)
					   : kshim_xasprintf("%s", modname);
	auxdrv->driver.bus = &auxiliary_bus_type;
	auxdrv->driver.owner = owner;
	if (!slot_add((void **)aux_drvs, auxdrv, "auxiliary drivers")) {
		free((char *)auxdrv->driver.name);
		return -ENOMEM;
	}
	for (int i = 0; i < MAX_AUX; i++)
		if (aux_devs[i])
			aux_bind(aux_devs[i], auxdrv);
	return 0;
}

void auxiliary_driver_unregister(struct auxiliary_driver *auxdrv)
{
	for (int i = 0; i < MAX_AUX; i++)
		if (aux_devs[i] && aux_devs[i]->dev.driver == &auxdrv->driver)
			aux_unbind(aux_devs[i]);
	slot_del((void **)aux_drvs, auxdrv);
	free((char *)auxdrv->driver.name);
	auxdrv->driver.name = NULL;
}

void kshim_bus_fini(void)
{
	for (int i = 0; i < MAX_AUX; i++) {
		if (aux_devs[i])
			kshim_fail("auxiliary device %s not deleted before kshim_fini",
				   dev_name(&aux_devs[i]->dev));
		if (aux_drvs[i]) {
			kshim_fail("auxiliary driver %s not unregistered before kshim_fini",
				   aux_drvs[i]->driver.name);
			free((char *)aux_drvs[i]->driver.name);
		}
		aux_devs[i] = NULL;
		aux_drvs[i] = NULL;
	}
}
