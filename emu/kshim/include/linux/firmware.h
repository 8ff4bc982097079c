/* SPDX-License-Identifier: MIT */
/*
 * Firmware files are read from kshim_set_firmware_dir() (default
 * /lib/firmware) + "/" + name.  A missing file is -ENOENT.  The data is
 * the file mapped read-only (no copy; rewriting the file while the driver
 * holds it shows through, truncating it faults).  The struct is tracked
 * memory: a firmware never released is reported as a leak at the request's
 * call site.
 */
#ifndef KSHIM_LINUX_FIRMWARE_H
#define KSHIM_LINUX_FIRMWARE_H

#include <linux/device.h>

struct firmware {
	size_t size;
	const u8 *data;
	void *priv;
};

int kshim_request_firmware(const struct firmware **fw, const char *name, struct device *device,
			   bool warn, const char *file, int line);
#define request_firmware(fw, name, device) \
	kshim_request_firmware(fw, name, device, true, __FILE__, __LINE__)
#define firmware_request_nowarn(fw, name, device) \
	kshim_request_firmware(fw, name, device, false, __FILE__, __LINE__)
#define request_firmware_direct(fw, name, device) \
	kshim_request_firmware(fw, name, device, false, __FILE__, __LINE__)
void release_firmware(const struct firmware *fw);

#endif /* KSHIM_LINUX_FIRMWARE_H */
