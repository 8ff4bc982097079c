/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_MOD_DEVICETABLE_H
#define KSHIM_LINUX_MOD_DEVICETABLE_H

#include <linux/types.h>

#define PCI_ANY_ID	(~0)

struct pci_device_id {
	__u32 vendor, device;
	__u32 subvendor, subdevice;
	__u32 class, class_mask;
	kernel_ulong_t driver_data;
	__u32 override_only;
};

#define AUXILIARY_NAME_SIZE	40
#define AUXILIARY_MODULE_PREFIX	"auxiliary:"

struct auxiliary_device_id {
	char name[AUXILIARY_NAME_SIZE];
	kernel_ulong_t driver_data;
};

#endif /* KSHIM_LINUX_MOD_DEVICETABLE_H */
