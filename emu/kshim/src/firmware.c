// SPDX-License-Identifier: MIT
/* request_firmware() from a directory on the host. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <linux/firmware.h>
#include <linux/slab.h>

#include "internal.h"

static char fw_dir[4096] = "/lib/firmware";

void kshim_set_firmware_dir(const char *dir)
{
	snprintf(fw_dir, sizeof(fw_dir), "%s", dir ? dir : "/lib/firmware");
}

static int load(const char *path, const struct firmware **fw, const char *file, int line)
{
	FILE *f = fopen(path, "rb");
	struct firmware *blob;
	long size;
	int err = 0;

	if (!f)
		return errno == ENOENT ? -ENOENT : -EIO;
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -EIO;
	}
	/* One tracked block: the struct, then the data. */
	blob = kshim_alloc(sizeof(*blob) + (size_t)size, GFP_KERNEL, KSHIM_MEM_FIRMWARE, file,
			   line);
	if (!blob) {
		err = -ENOMEM;
	} else if (fread(blob + 1, 1, (size_t)size, f) != (size_t)size) {
		kshim_free(blob, KSHIM_MEM_FIRMWARE, file, line);
		err = -EIO;
	} else {
		*blob = (struct firmware){ .size = (size_t)size, .data = (const u8 *)(blob + 1) };
		*fw = blob;
	}
	fclose(f);
	return err;
}

int kshim_request_firmware(const struct firmware **fw, const char *name, struct device *device,
			   bool warn, const char *file, int line)
{
	char *path;
	int err;

	*fw = NULL;
	if (!kshim_sleep_ok("request_firmware"))
		return -EINVAL;
	if (!name || !*name)
		return -EINVAL;
	if (kshim_alloc_injected(KSHIM_ALLOC_FIRMWARE, file, line)) {
		printk(KERN_WARNING "kshim: injected failure of request_firmware(%s) at %s:%d\n",
		       name, kshim_site(file), line);
		return -ENOMEM;
	}
	path = kshim_xasprintf("%s/%s", fw_dir, name);
	err = load(path, fw, file, line);
	free(path);
	if (err && warn)
		kshim_dev_printk(KERN_WARNING, device, "Direct firmware load for %s failed with "
				 "error %d", name, err);
	return err;
}

void release_firmware(const struct firmware *fw)
{
	kshim_free(fw, KSHIM_MEM_FIRMWARE, __FILE__, __LINE__);
}
