// SPDX-License-Identifier: MIT
/*
 * nvidia-vgpu-vfio.ko: the vGPU manager (mgr.c) and the VFIO variant driver
 * of its VFs (vfio.c) as one module on top of nvcore.ko and vfio-pci-core.
 * The userspace build links mgr.c, meta.c and vfio.c without this file and
 * registers both drivers from the tests (conformance/test_vgpu*.c).
 */
#include <linux/module.h>

#include "nvvgpu.h"

static int __init nvvgpu_init(void)
{
	int ret = nvvgpu_register();

	if (ret)
		return ret;
	ret = nvvgpu_vfio_register();
	if (ret)
		nvvgpu_unregister();
	return ret;
}

static void __exit nvvgpu_exit(void)
{
	nvvgpu_vfio_unregister();
	nvvgpu_unregister();
}

module_init(nvvgpu_init);
module_exit(nvvgpu_exit);
MODULE_DESCRIPTION("NVIDIA vGPU manager on nvcore and the VFIO variant driver of its VFs");
MODULE_LICENSE("Dual MIT/GPL");
