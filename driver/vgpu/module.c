// SPDX-License-Identifier: MIT
/*
 * nvidia-vgpu-vfio.ko: the vGPU manager (mgr.c) as its own module on top of
 * nvcore.ko.  The userspace build links mgr.c and types.c without this file
 * and registers the driver from the tests (conformance/test_vgpumgr.c).
 */
#include <linux/module.h>

#include "nvvgpu.h"

static int __init nvvgpu_init(void)
{
	return nvvgpu_register();
}

static void __exit nvvgpu_exit(void)
{
	nvvgpu_unregister();
}

module_init(nvvgpu_init);
module_exit(nvvgpu_exit);
MODULE_DESCRIPTION("NVIDIA vGPU manager on nvcore (types, create/destroy per VF)");
MODULE_LICENSE("Dual MIT/GPL");
