// SPDX-License-Identifier: MIT
/* request_firmware() from a directory on the host. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <fwfile.h>

#include <linux/firmware.h>
#include <linux/slab.h>

#include "internal.h"

static char fw_dir[4096] = "/lib/firmware";

void kshim_set_firmware_dir(const char *dir)
{
	snprintf(fw_dir, sizeof(fw_dir), "%s", dir ? dir : "/lib/firmware");
}

/*
 * The data is the file mapped read-only, or the preloaded copy (fwfile.h;
 * struct firmware's data is const): a 36 MiB GSP image is not copied into
 * fresh memory on every request.  The tracked block is the struct; the
 * mappings are kept here, found by the struct's address, so that
 * release_firmware() unmaps only what this file mapped (a double release is
 * kshim_free's to report).
 */
struct fw_map {
	struct fw_map *next;
	const struct firmware *fw;
};

static struct fw_map *maps;

static int load(const char *path, const struct firmware **fw, const char *file, int line)
{
	struct firmware *blob;
	struct fw_map *m;
	const void *data;
	size_t size;
	int err = fwfile_map(path, &data, &size);

	if (err)
		return err == -ENOENT ? -ENOENT : -EIO;
	blob = kshim_alloc(sizeof(*blob), GFP_KERNEL, KSHIM_MEM_FIRMWARE, file, line);
	if (!blob) {
		fwfile_unmap(data, size);
		return -ENOMEM;
	}
	/* An empty file has no mapping: its data is one past the struct (0 bytes). */
	*blob = (struct firmware){ .size = size, .data = data ? data : (const u8 *)(blob + 1) };
	if (data) {
		m = kshim_xzalloc(sizeof(*m));
		*m = (struct fw_map){ .next = maps, .fw = blob };
		maps = m;
	}
	*fw = blob;
	return 0;
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
	for (struct fw_map **pp = &maps; *pp; pp = &(*pp)->next) {
		struct fw_map *m = *pp;

		if (m->fw == fw) {
			fwfile_unmap(fw->data, fw->size);
			*pp = m->next;
			free(m);
			break;
		}
	}
	kshim_free(fw, KSHIM_MEM_FIRMWARE, __FILE__, __LINE__);
}
