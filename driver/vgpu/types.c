// SPDX-License-Identifier: MIT
/*
 * The vGPU types the manager offers on 570.144.
 *
 * Where they come from (spec/vgpu.md §1.6, §2.4): RFC v2 reads them from
 * the metadata file nvidia/vgpu-570.144.bin (vGPU 18.1), whose records are
 * not public beyond their field names; RFC v1 compiled them in.  This
 * manager compiles them in, as v1 did (assumption until the metadata file
 * is read), and does not push them to GSP-RM with PGPU_ADD_VGPU_TYPE
 * (0x20804003): the NVA081_CTRL_VGPU_INFO records it carries are the
 * metadata file's.  Marked per value:
 *  - AD102: ids 941..950 and names "NVIDIA RTX6000-Ada-{1,2,3,4,6,8,12,16,24,48}Q":
 *    spec/vgpu.md §1.5 (RFC v2 Documentation/gpu/nvidia-vgpu.rst);
 *    max_instance = min(48 / N, 32): 48 GiB board, NVA081_MAX_VGPU_PER_PGPU
 *    (by hand; assumption that no other limit applies);
 *  - GH100: names "NVIDIA H100-{4,5,8,10,16,20,40,80}C" and
 *    max_instance = 80 / N (80 GiB board); **assumption**: the type ids
 *    (numbered here from 1001) are not in our sources;
 *  - fb_length = N GiB, gsp_heap_size = 32 MiB (one VMMU segment),
 *    bar1_length 256 MiB: **assumption** (the metadata's values are not public).
 */
#include <linux/kernel.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "nvvgpu.h"

#define T(i, n, nq, max)	{ .id = (i), .name = (n), .max_instance = (max),	\
				  .fb_length = (u64)(nq) * SZ_1G, .gsp_heap_size = SZ_32M,	\
				  .bar1_length = 256 }

static const struct nvvgpu_type ad102_types[] = {
	T(941, "NVIDIA RTX6000-Ada-1Q", 1, 32),
	T(942, "NVIDIA RTX6000-Ada-2Q", 2, 24),
	T(943, "NVIDIA RTX6000-Ada-3Q", 3, 16),
	T(944, "NVIDIA RTX6000-Ada-4Q", 4, 12),
	T(945, "NVIDIA RTX6000-Ada-6Q", 6, 8),
	T(946, "NVIDIA RTX6000-Ada-8Q", 8, 6),
	T(947, "NVIDIA RTX6000-Ada-12Q", 12, 4),
	T(948, "NVIDIA RTX6000-Ada-16Q", 16, 3),
	T(949, "NVIDIA RTX6000-Ada-24Q", 24, 2),
	T(950, "NVIDIA RTX6000-Ada-48Q", 48, 1),
};

static const struct nvvgpu_type gh100_types[] = {
	T(1001, "NVIDIA H100-4C", 4, 20),
	T(1002, "NVIDIA H100-5C", 5, 16),
	T(1003, "NVIDIA H100-8C", 8, 10),
	T(1004, "NVIDIA H100-10C", 10, 8),
	T(1005, "NVIDIA H100-16C", 16, 5),
	T(1006, "NVIDIA H100-20C", 20, 4),
	T(1007, "NVIDIA H100-40C", 40, 2),
	T(1008, "NVIDIA H100-80C", 80, 1),
};

static const struct nvvgpu_type_table tables[] = {
	{ "ad102", ad102_types, ARRAY_SIZE(ad102_types) },
	{ "gh100", gh100_types, ARRAY_SIZE(gh100_types) },
};

const struct nvvgpu_type_table *nvvgpu_types_for(const char *chip)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tables); i++)
		if (!strcmp(tables[i].chip, chip))
			return &tables[i];
	return NULL;
}
