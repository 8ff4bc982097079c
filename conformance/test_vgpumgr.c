// SPDX-License-Identifier: MIT
/*
 * The vGPU manager (driver/vgpu, docs/vgpu.md) on the core and the model:
 * its refusals, the type attributes' semantics, create/destroy of one and
 * of two vGPUs, every create step failing in turn with nothing left behind,
 * and the model's protocol checks on the vGPU-manager controls and the
 * plugin channel (each fed exactly the bad input).  Runs on AD102 and GH100
 * with 570.144 (meson.build).
 *
 * Expected values from the sources, not from the driver:
 *  - AD102 types 941..950 "NVIDIA RTX6000-Ada-{1..48}Q" (spec/vgpu.md §1.5,
 *    RFC v2 Documentation/gpu/nvidia-vgpu.rst), in that order;
 *  - the errors of current_vgpu_type: -EBUSY open, -ENODEV unknown id,
 *    -EINVAL another type in use, -ENOSPC max_instance (spec/vgpu.md §1.5);
 *  - the creatable list's header "ID    : vGPU Name" (spec/vgpu.md §1.5);
 *  - plugin RPCs 1, 2, 13 (spec/vgpu.md §2.8); the VGPU_MGR_INTERNAL
 *    commands 0x20804001/2/8 (ctrl2080vgpumgrinternal.h); NV_ERR_NOT_SUPPORTED
 *    0x56 (nvstatuscodes.h);
 *  - doorbell BAR0 0xB80000 + 0x2200, value gfid * 32 + 17 (spec/vgpu.md §2.8);
 *  - the scrub leaves zeros (spec/vgpu.md §2.9: memset-style copy-engine
 *    methods); it runs at create, after RESET and before the FB is freed,
 *    and gives up after 4000 ms with -ETIMEDOUT (spec/vgpu.md §2.9, §2.14);
 *  - copy-engine methods (clc7b5.h, clb0b5.h), method headers (clc86f.h),
 *    the usermode doorbell 0xB80000 + 0x30000 + 0x90 (clc361.h, nouveau
 *    nvkm/subdev/vfn), NV_CHANNEL_ALLOC_PARAMS 368 bytes at 570.144 with
 *    flags at 20 and engineType at 128 (alloc_channel.h, by hand).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <kshim/sysfs.h>
#include <kshim/vfio.h>
#include <linux/crc32.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/vfio.h>

#include "common.h"
#include "nvvgpu.h"
#include "nvvgpu_fw.h"

#define CMD_BOOTLOAD		0x20804001u
#define CMD_SHUTDOWN		0x20804002u
#define CMD_CLEANUP		0x20804008u
#define DOORBELL		0xb82200u

/* The types the manager loaded from the metadata file (start() fills them in). */
static struct nvvgpu_type types[NVVGPU_MAX_VGPU_TYPES_PER_PGPU];
static unsigned int ntypes;

/* What the manager loaded (its metadata file): the tests choose from them. */
static void load_types(struct nvh *h)
{
	int n = nvvgpu_types_of(h->pdev, types, ARRAY_SIZE(types));

	ck_assert_int_ge(n, 1);
	ntypes = (unsigned int)n;
}

static void set_vgpu(struct nvh *h)
{
	ck_assert_int_eq(kshim_set_param("nvcore", "vgpu", "2"), 0);
}

/* Boot with nvcore.vgpu=2, the manager and the VFIO driver bound, two VFs enabled. */
static void start(struct nvh *h)
{
	struct nvh_opts o = nvh_defaults();

	o.before_probe = set_vgpu;
	boot_ok_with(h, &o);
	ck_assert_int_eq(nvvgpu_register(), 0);
	ck_assert_int_eq(nvvgpu_vfio_register(), 0);
	kshim_settle();
	ck_assert(kshim_log_contains("vGPU manager: "));
	load_types(h);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h->pdev, 2), 0);
	kshim_settle();
}

static void stop(struct nvh *h)
{
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h->pdev, 0), 0);
	nvvgpu_vfio_unregister();
	nvvgpu_unregister();
	ck_assert(!kshim_log_contains("detached holding"));
	stop_clean(h);
}

static struct pci_dev *vf(struct nvh *h, int id)
{
	struct pci_dev *d = kshim_pci_vf(h->pdev, id);

	ck_assert_ptr_nonnull(d);
	return d;
}

/* The VF's sysfs attributes, as an admin reads and writes them (spec/vgpu.md §1.5). */
static ssize_t choose(struct pci_dev *d, const char *id)
{
	return kshim_sysfs_write(&d->dev, "nvidia/current_vgpu_type", id, strlen(id));
}

static ssize_t creatable(struct pci_dev *d, char *buf, size_t len)
{
	return kshim_sysfs_read(&d->dev, "nvidia/creatable_vgpu_types", buf, len);
}

static ssize_t current_type(struct pci_dev *d, char *buf, size_t len)
{
	return kshim_sysfs_read(&d->dev, "nvidia/current_vgpu_type", buf, len);
}

/* The type with the fewest instances (1) and the one with the most. */
static char few[16], many[16];

static void pick_types(void)
{
	ck_assert_uint_eq(types[ntypes - 1].max_instance, 1);
	snprintf(few, sizeof(few), "%u", types[ntypes - 1].id);
	snprintf(many, sizeof(many), "%u", types[0].id);
}

START_TEST(ad102_types_are_the_specs)
{
	static const char want[] =
		"ID    : vGPU Name\n"
		"941   : NVIDIA RTX6000-Ada-1Q\n"
		"942   : NVIDIA RTX6000-Ada-2Q\n"
		"943   : NVIDIA RTX6000-Ada-3Q\n"
		"944   : NVIDIA RTX6000-Ada-4Q\n"
		"945   : NVIDIA RTX6000-Ada-6Q\n"
		"946   : NVIDIA RTX6000-Ada-8Q\n"
		"947   : NVIDIA RTX6000-Ada-12Q\n"
		"948   : NVIDIA RTX6000-Ada-16Q\n"
		"949   : NVIDIA RTX6000-Ada-24Q\n"
		"950   : NVIDIA RTX6000-Ada-48Q\n";
	char buf[1024];
	struct nvh h;

	if (nvh_target.chip != GSPM_CHIP_AD102)
		return;
	start(&h);
	ck_assert_int_eq(creatable(vf(&h, 0), buf, sizeof(buf)), strlen(want));
	ck_assert_str_eq(buf, want);
	ck_assert_int_eq(current_type(vf(&h, 1), buf, sizeof(buf)), 2);
	ck_assert_str_eq(buf, "0\n");
	stop(&h);
}
END_TEST

START_TEST(type_selection_errors)
{
	char buf[1024], line[96];
	struct nvh h;

	start(&h);
	pick_types();
	ck_assert_int_eq(choose(vf(&h, 0), "abc"), -EINVAL);
	ck_assert_int_eq(choose(vf(&h, 0), "1"), -ENODEV);
	ck_assert(kshim_log_contains("current_vgpu_type 1 refused: no such vGPU type"));
	ck_assert_int_eq(choose(vf(&h, 0), few), (ssize_t)strlen(few));
	current_type(vf(&h, 0), buf, sizeof(buf));
	snprintf(line, sizeof(line), "%s\n", few);
	ck_assert_str_eq(buf, line);
	/* A VF with a type lists nothing; the other VF no type past max_instance 1. */
	ck_assert_int_eq(creatable(vf(&h, 0), buf, sizeof(buf)), 0);
	creatable(vf(&h, 1), buf, sizeof(buf));
	ck_assert_str_eq(buf, "ID    : vGPU Name\n");
	ck_assert_int_eq(choose(vf(&h, 1), few), -ENOSPC);
	ck_assert_int_eq(choose(vf(&h, 1), many), -EINVAL);
	ck_assert(kshim_log_contains("another type is in use on the GPU (homogeneous)"));
	/* Re-choosing the same type on its own VF is no new instance. */
	ck_assert_int_eq(choose(vf(&h, 0), few), (ssize_t)strlen(few));

	/* Homogeneous: once "many" is in use only it is listed. */
	ck_assert_int_eq(choose(vf(&h, 0), "0"), 1);
	ck_assert_int_eq(choose(vf(&h, 0), many), (ssize_t)strlen(many));
	creatable(vf(&h, 1), buf, sizeof(buf));
	snprintf(line, sizeof(line), "ID    : vGPU Name\n%-5s : %s\n", many, types[0].name);
	ck_assert_str_eq(buf, line);

	/* While the vGPU exists the choice is fixed, clearing included. */
	ck_assert_int_eq(nvvgpu_create(vf(&h, 0)), 0);
	ck_assert_int_eq(nvvgpu_create(vf(&h, 0)), -EBUSY);
	ck_assert_int_eq(choose(vf(&h, 0), "0"), -EBUSY);
	ck_assert_int_eq(choose(vf(&h, 0), few), -EBUSY);
	ck_assert_int_eq(nvvgpu_destroy(vf(&h, 0)), 0);
	ck_assert_int_eq(nvvgpu_destroy(vf(&h, 0)), -ENODEV);
	ck_assert_int_eq(choose(vf(&h, 0), "0"), 1);
	/* No type, no vGPU. */
	ck_assert_int_eq(nvvgpu_create(vf(&h, 0)), -ENODEV);
	ck_assert(kshim_log_contains("a vGPU type must be chosen before opening the VF"));
	/* The PF is no VF. */
	ck_assert_int_eq(nvvgpu_create(h.pdev), -ENODEV);
	/* The group is the VFs' (the VFIO driver's), creatable_vgpu_types read-only. */
	ck_assert_int_eq(kshim_sysfs_read(&h.pdev->dev, "nvidia/current_vgpu_type", buf, sizeof(buf)),
			 -ENOENT);
	ck_assert_int_eq(kshim_sysfs_write(&vf(&h, 0)->dev, "nvidia/creatable_vgpu_types", "1", 1),
			 -EACCES);
	ck_assert_int_eq(kshim_sysfs_read(&vf(&h, 0)->dev, "nvidia/vgpu_params", buf, sizeof(buf)),
			 -ENOENT);
	stop(&h);
}
END_TEST

START_TEST(create_and_destroy_one_then_two)
{
	struct nvh h;
	size_t before;

	start(&h);
	pick_types();
	before = kshim_bytes_allocated();
	ck_assert_int_eq(choose(vf(&h, 0), many), (ssize_t)strlen(many));
	ck_assert_int_eq(choose(vf(&h, 1), many), (ssize_t)strlen(many));
	ck_assert_int_eq(nvvgpu_create(vf(&h, 0)), 0);
	ck_assert(kshim_log_contains("vGPU GFID 1 created"));
	ck_assert_int_eq(nvvgpu_destroy(vf(&h, 0)), 0);
	ck_assert(kshim_log_contains("vGPU GFID 1 destroyed"));
	ck_assert_uint_eq(kshim_bytes_allocated(), before);

	ck_assert_int_eq(nvvgpu_create(vf(&h, 0)), 0);
	ck_assert_int_eq(nvvgpu_create(vf(&h, 1)), 0);
	ck_assert(kshim_log_contains("vGPU GFID 2 created"));
	ck_assert_int_eq(nvvgpu_destroy(vf(&h, 1)), 0);
	ck_assert_int_eq(nvvgpu_destroy(vf(&h, 0)), 0);
	ck_assert_uint_eq(kshim_bytes_allocated(), before);
	ck_assert_uint_eq(gspm_violation_count(h.m), 0);
	stop(&h);
}
END_TEST

/* Create fails with want; nothing stays allocated; the next create works. */
static void fails_cleanly(struct nvh *h, int want, const char *msg)
{
	size_t before = kshim_bytes_allocated();

	kshim_log_clear();
	ck_assert_int_eq(nvvgpu_create(vf(h, 0)), want);
	ck_assert_msg(kshim_log_contains(msg), "log lacks \"%s\"", msg);
	ck_assert_uint_eq(kshim_bytes_allocated(), before);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	ck_assert_int_eq(nvvgpu_create(vf(h, 0)), 0);
	ck_assert_int_eq(nvvgpu_destroy(vf(h, 0)), 0);
	ck_assert_uint_eq(kshim_bytes_allocated(), before);
}

START_TEST(each_create_step_fails_cleanly)
{
	struct nvh h;
	size_t before;
	long n;
	int ret;

	start(&h);
	pick_types();
	ck_assert_int_eq(choose(vf(&h, 0), many), (ssize_t)strlen(many));
	/* Every allocation on the way (the manager's and the core's) fails in turn. */
	before = kshim_bytes_allocated();
	for (n = 0;; n++) {
		kshim_alloc_fail_after(n);
		ret = nvvgpu_create(vf(&h, 0));
		kshim_alloc_fail_after(-1);
		if (!ret)
			break;
		ck_assert_uint_eq(kshim_bytes_allocated(), before);
		ck_assert_uint_eq(gspm_violation_count(h.m), 0);
		ck_assert_int_lt(n, 100);
	}
	ck_assert_int_gt(n, 3);
	ck_assert_int_eq(nvvgpu_destroy(vf(&h, 0)), 0);
	ck_assert_uint_eq(kshim_bytes_allocated(), before);

	/* The firmware refuses the bootload. */
	gspm_inject(h.m, GSPM_FAULT_VGPU_CTRL_STATUS, CMD_BOOTLOAD, 0x56, 1);
	fails_cleanly(&h, -EREMOTEIO, "BOOTLOAD_GSP_VGPU_PLUGIN_TASK failed: -121 (status 0x56)");
	/* The plugin never becomes ready: 10 s, then shutdown, cleanup, free. */
	gspm_inject(h.m, GSPM_FAULT_VGPU_PLUGIN_HANG, 1, 0, 1);
	fails_cleanly(&h, -ETIMEDOUT, "vGPU GFID 1: the plugin did not bootload within 10000 ms");
	/* Each plugin RPC fails in turn. */
	gspm_inject(h.m, GSPM_FAULT_VGPU_RPC_RESULT, 1, 7, 1);
	fails_cleanly(&h, -EREMOTEIO, "vGPU GFID 1: plugin RPC 1 failed: result 7");
	gspm_inject(h.m, GSPM_FAULT_VGPU_RPC_RESULT, 2, 8, 1);
	fails_cleanly(&h, -EREMOTEIO, "vGPU GFID 1: plugin RPC 2 failed: result 8");
	gspm_inject(h.m, GSPM_FAULT_VGPU_RPC_RESULT, 13, 9, 1);
	fails_cleanly(&h, -EREMOTEIO, "vGPU GFID 1: plugin RPC 13 failed: result 9");
	stop(&h);
}
END_TEST

/* Disabling the VFs or removing the manager destroys what is left. */
START_TEST(vfs_disabled_under_a_vgpu)
{
	struct nvh h;

	start(&h);
	pick_types();
	ck_assert_int_eq(choose(vf(&h, 1), many), (ssize_t)strlen(many));
	ck_assert_int_eq(nvvgpu_create(vf(&h, 1)), 0);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 0), 0);
	ck_assert(kshim_log_contains("vGPU GFID 2 still exists at SR-IOV configure; destroying it"));
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 2), 0);
	kshim_settle();
	ck_assert_int_eq(choose(vf(&h, 0), many), (ssize_t)strlen(many));
	ck_assert_int_eq(nvvgpu_create(vf(&h, 0)), 0);
	nvvgpu_unregister();
	ck_assert(kshim_log_contains("vGPU GFID 1 still exists at manager removal; destroying it"));
	ck_assert_int_eq(nvvgpu_register(), 0);
	kshim_settle();
	stop(&h);
}
END_TEST

START_TEST(refused_on_ga102_and_without_vgpu)
{
	struct nvh h;
	struct nvh_opts o = nvh_defaults();

	o.chip = GSPM_CHIP_GA102;
	o.before_probe = set_vgpu;
	o.strict = false;
	boot_ok_with(&h, &o);
	ck_assert_int_eq(nvvgpu_register(), 0);
	kshim_settle();
	/* The core runs no vGPU on GA102 (docs/vgpu.md): no manager, whatever nvcore.vgpu says. */
	ck_assert(kshim_log_contains("vGPU manager: vGPU is off on this GPU (nvcore.vgpu): -19"));
	nvvgpu_unregister();
	stop_clean(&h);

	o = nvh_defaults();
	boot_ok_with(&h, &o);
	ck_assert_int_eq(nvvgpu_register(), 0);
	kshim_settle();
	ck_assert(kshim_log_contains("vGPU manager: vGPU is off on this GPU (nvcore.vgpu): -19"));
	nvvgpu_unregister();
	stop_clean(&h);
}
END_TEST

/* Register the manager with fault armed (count 1): its log holds want. */
static void attach_faulted(struct nvh *h, enum gspm_fault fault, u32 function, u64 arg,
			   const char *want)
{
	gspm_inject(h->m, fault, function, arg, 1);
	ck_assert_int_eq(nvvgpu_register(), 0);
	kshim_settle();
	ck_assert_msg(kshim_log_contains(want), "log lacks \"%s\"", want);
}

/*
 * At attach the manager asks the VMMU segment and ECC (spec/vgpu.md §2.3):
 * the model's answers (32 MiB; ECC on GH100 only: its marked assumptions,
 * docs/hw-fidelity.md); a failed ECC query leaves ECC off, a failed VMMU
 * query refuses the GPU, and then no VF is taken by the VFIO driver.
 */
START_TEST(manager_asks_vmmu_and_ecc)
{
	struct nvh h;
	char want[96];

	start(&h);
	snprintf(want, sizeof(want), "VMMU segment 32 MiB, ECC %s",
		 nvh_target.chip == GSPM_CHIP_GH100 ? "on" : "off");
	ck_assert_msg(kshim_log_contains(want), "log lacks \"%s\"", want);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 0), 0);
	nvvgpu_unregister();

	attach_faulted(&h, GSPM_FAULT_VGPU_CTRL_STATUS, 0x2080012f, 0x56,
		       "QUERY_ECC_STATUS failed: -121 (status 0x56); ECC taken as off");
	ck_assert(kshim_log_contains("VMMU segment 32 MiB, ECC off"));
	nvvgpu_unregister();

	attach_faulted(&h, GSPM_FAULT_VGPU_CTRL_STATUS, 0x2080017e, 0x56,
		       "GET_VMMU_SEGMENT_SIZE failed: -121 (status 0x56, size 0x0)");
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 2), 0);
	kshim_settle();
	ck_assert(kshim_log_contains("no vGPU manager serves this VF's GPU"));
	ck_assert_ptr_null(kshim_vfio_device(vf(&h, 0)));
	ck_assert_uint_eq(gspm_violation_count(h.m), 0);
	stop(&h);
}
END_TEST

/* ---- the model's checks, fed by hand through the test client -------------- */

#define H_DEV	0xbeef0001u
#define H_SUB	0xbeef0002u

/*
 * PGPU_ADD_VGPU_TYPE parameters by hand (spec/abi/570.144.layout.tsv, from
 * ctrl2080vgpumgrinternal.h / ctrla081.h): discardVgpuTypes at 0,
 * vgpuInfoCount at 4, vgpuInfo[0x40] of 5224-byte NVA081_CTRL_VGPU_INFO
 * from 8 (vgpuType 0, vgpuName 4, maxInstance 324), 334344 bytes in all.
 */
#define ADD_TYPE_SIZE	334344u
#define INFO_SIZE	5224u
#define TC_TYPE		941u

static u8 add_params[ADD_TYPE_SIZE];

static void add_type_params(bool discard, u32 count, u32 first_id)
{
	memset(add_params, 0, sizeof(add_params));
	add_params[0] = discard;
	memcpy(add_params + 4, &count, 4);
	for (u32 i = 0; i < count && i < 0x40; i++) {
		u32 id = first_id + i, max = 4;

		memcpy(add_params + 8 + i * INFO_SIZE, &id, 4);
		snprintf((char *)add_params + 8 + i * INFO_SIZE + 4, 32, "type %u", id);
		memcpy(add_params + 8 + i * INFO_SIZE + 324, &max, 4);
	}
}

static int add_types(bool discard, u32 count, u32 first_id)
{
	add_type_params(discard, count, first_id);
	return nvcore_rm_control(nvh_tc.client, H_SUB, 0x20804003u, add_params, sizeof(add_params),
				 NULL);
}

static void start_tc(struct nvh *h)
{
	struct nvh_opts o = nvh_defaults();

	o.before_probe = set_vgpu;
	o.strict = false;
	boot_ok_with(h, &o);
	ck_assert_int_eq(nvh_tclient_start(NVCORE_API_VERSION), 0);
	ck_assert_int_eq(nvcore_rm_alloc(nvh_tc.client, nvcore_client_handle(nvh_tc.client), H_DEV,
					 NVVGPU_CLASS_DEVICE, NULL, 0, NULL), 0);
	ck_assert_int_eq(nvcore_rm_alloc(nvh_tc.client, H_DEV, H_SUB, NVVGPU_CLASS_SUBDEVICE, NULL,
					 0, NULL), 0);
	/* What a manager's attach does first: the type the plugins below boot with. */
	ck_assert_int_eq(add_types(true, 1, TC_TYPE), 0);
}

static int ctl_gfid(u32 cmd, u32 gfid)
{
	struct nvvgpu_gfid_params p = { .gfid = gfid };

	return nvcore_rm_control(nvh_tc.client, H_SUB, cmd, &p, sizeof(p), NULL);
}

static int boot_plugin_with(u32 gfid, u64 fb, u64 heap, u64 heap_len, u32 segments)
{
	static struct nvvgpu_bootload_params p;

	memset(&p, 0, sizeof(p));
	p.gfid = gfid;
	p.vgpu_type = TC_TYPE;
	p.num_guest_fb_segments = segments;
	p.guest_fb_phys_addr[0] = fb;
	p.guest_fb_length[0] = 1ull << 30;
	p.plugin_heap_phys_addr = heap;
	p.plugin_heap_length = heap_len;
	return nvcore_rm_control(nvh_tc.client, H_SUB, CMD_BOOTLOAD, &p, sizeof(p), NULL);
}

static int boot_plugin(u32 gfid, u64 fb, u64 heap)
{
	return boot_plugin_with(gfid, fb, heap, 32ull << 20, 1);
}

/* The last violation the model recorded contains s. */
static void violated(struct nvh *h, unsigned int count, const char *s)
{
	ck_assert_uint_eq(gspm_violation_count(h->m), count);
	ck_assert_msg(strstr(gspm_violation(h->m, count - 1), s), "violation \"%s\" lacks \"%s\"",
		      gspm_violation(h->m, count - 1), s);
}

/*
 * The plugin's shared memory at heap + off (spec/vgpu.md §2.8), through
 * BAR0's PRAMIN window (0x700000) once 0x1700 holds heap's 64 KiB block.
 */
static u32 shm_rd(struct nvh *h, u64 heap, u32 off)
{
	return gspm_mmio_read32(h->m, 0x700000 + (heap & 0xffff) + off);
}

static void shm_wr(struct nvh *h, u64 heap, u32 off, u32 val)
{
	gspm_mmio_write32(h->m, 0x700000 + (heap & 0xffff) + off, val);
}

/* One host RPC to GFID 1's plugin: message_type (+4), message_seq_num (+8), the doorbell. */
static void plugin_rpc(struct nvh *h, u64 heap, u32 type, u32 seq)
{
	shm_wr(h, heap, 4, type);
	shm_wr(h, heap, 8, seq);
	gspm_mmio_write32(h->m, DOORBELL, 1 * 32 + 17);
}

/*
 * Freeing the subdevice that booted GFID 1's plugin skips its shutdown and
 * cleanup, and the core then unloads GSP-RM with the GFID leaked: v + 2
 * violations at the stop.
 */
static void free_booted_and_unload(struct nvh *h, unsigned int v)
{
	ck_assert_int_eq(nvcore_rm_free(nvh_tc.client, H_DEV, H_SUB, NULL), 0);
	violated(h, ++v, "FREE 0xbeef0002: GFID 1's plugin (booted on subdevice 0xbeef0002) was not shut down and cleaned up first");
	nvh_tclient_stop();
	kshim_pci_remove(h->pdev);
	h->pdev = NULL;
	violated(h, ++v, "UNLOADING_GUEST_DRIVER: GFID 1's vGPU plugin leaked");
	ck_assert_uint_eq(nvh_stop(h), v);
}

START_TEST(model_flags_wrong_orders)
{
	const u64 fb = 30ull << 30, heap = 29ull << 30;
	struct nvh h;
	unsigned int v = 0;

	start_tc(&h);
	ck_assert_int_eq(ctl_gfid(CMD_SHUTDOWN, 1), -EREMOTEIO);
	violated(&h, ++v, "SHUTDOWN_GSP_VGPU_PLUGIN_TASK: GFID 1 has no running plugin");
	ck_assert_int_eq(ctl_gfid(CMD_CLEANUP, 1), -EREMOTEIO);
	violated(&h, ++v, "VGPU_PLUGIN_CLEANUP: GFID 1's plugin is not booted");
	ck_assert_int_eq(ctl_gfid(CMD_SHUTDOWN, 33), -EREMOTEIO);
	violated(&h, ++v, "GFID 33 is not a VF's (1..32)");
	/* Not a subdevice: NV_ERR_NOT_SUPPORTED 0x56; a wrong size: NV_ERR_INVALID_ARGUMENT 0x1f. */
	{
		struct nvvgpu_gfid_params p = { .gfid = 1 };
		u32 status = 0, two[2] = { 1, 0 };

		ck_assert_int_eq(nvcore_rm_control(nvh_tc.client, H_DEV, CMD_SHUTDOWN, &p, sizeof(p),
						   &status), -EREMOTEIO);
		ck_assert_uint_eq(status, 0x56);
		ck_assert_int_eq(nvcore_rm_control(nvh_tc.client, H_SUB, CMD_SHUTDOWN, two, sizeof(two),
						   &status), -EREMOTEIO);
		ck_assert_uint_eq(status, 0x1f);
		ck_assert_uint_eq(gspm_violation_count(h.m), v);
	}

	ck_assert_int_eq(boot_plugin(1, fb, heap), 0);
	/* Nothing scrubbed the guest FB first (spec/vgpu.md §2.6 c). */
	violated(&h, ++v, "GFID 1: guest framebuffer 0x780000000+0x40000000 was not scrubbed (first unscrubbed byte 0x780000000)");
	ck_assert_int_eq(boot_plugin(1, fb, heap), -EREMOTEIO);
	violated(&h, ++v, "GFID 1 already has a plugin (running)");
	ck_assert_int_eq(boot_plugin(2, fb, heap + (16ull << 20)), -EREMOTEIO);
	violated(&h, ++v, "GFID 2: memory overlaps GFID 1's");
	ck_assert_int_eq(boot_plugin(2, fb + (2ull << 30), fb + (2ull << 30) + (1ull << 29)), -EREMOTEIO);
	violated(&h, ++v, "GFID 2: plugin heap overlaps the guest framebuffer");
	ck_assert_int_eq(ctl_gfid(CMD_CLEANUP, 1), -EREMOTEIO);
	violated(&h, ++v, "VGPU_PLUGIN_CLEANUP: GFID 1's plugin is still running");
	/* The heap holds at least the 0x274000-byte communication buffer (spec/vgpu.md §2.14). */
	ck_assert_int_eq(boot_plugin_with(3, 20ull << 30, 21ull << 30, 0x273000, 1), -EREMOTEIO);
	violated(&h, ++v, "GFID 3: plugin heap 0x540000000+0x273000 is not page aligned or smaller than the 0x274000-byte communication buffer");
	ck_assert_int_eq(boot_plugin_with(3, 20ull << 30, (21ull << 30) + 8, 32ull << 20, 1), -EREMOTEIO);
	violated(&h, ++v, "is not page aligned");
	ck_assert_int_eq(boot_plugin_with(3, 20ull << 30, 21ull << 30, 32ull << 20, 0), -EREMOTEIO);
	violated(&h, ++v, "GFID 3: numGuestFbSegments 0 (first length 0x40000000) is no guest framebuffer");

	/* The plugin channel: a doorbell before the magic, then a bad value. */
	gspm_mmio_write32(h.m, DOORBELL, 1 * 32 + 17);
	violated(&h, ++v, "vGPU doorbell for GFID 1 before its plugin wrote the bootloaded magic");
	gspm_mmio_write32(h.m, DOORBELL, 2 * 32 + 17);
	violated(&h, ++v, "vGPU doorbell value 0x51 is no running plugin's gfid * 32 + 17");
	kshim_run_for(2000000);
	gspm_mmio_write32(h.m, 0x1700, (u32)(heap >> 16));
	ck_assert_uint_eq(shm_rd(&h, heap, 8), 0x4E654A6Fu);
	plugin_rpc(&h, heap, 13, 1);
	violated(&h, v + 2, "vGPU GFID 1: RPC 13 out of order (after RPC 0; the order is 1, 2, then 13)");
	ck_assert_str_eq(gspm_violation(h.m, v), "vGPU GFID 1 RPC 13: control buffer version 0, expected 1");
	v += 2;
	shm_wr(&h, heap, 0, 1);		/* version */
	plugin_rpc(&h, heap, 1, 5);
	violated(&h, ++v, "vGPU GFID 1 RPC 1: message_seq_num 5, expected 2");
	plugin_rpc(&h, heap, 15, 6);
	violated(&h, ++v, "vGPU GFID 1: RPC message type 15 out of range (1..14)");
	/* The answer lands in the response buffer: seq processed 6 at +0x1004. */
	ck_assert_uint_eq(shm_rd(&h, heap, 0x1004), 6);
	/* RPC 3 RESET before the plugin was set up (1, 2, 13). */
	plugin_rpc(&h, heap, 3, 7);
	violated(&h, ++v, "vGPU GFID 1: RPC 3 RESET before the plugin was set up (after RPC 15; 1, 2 and 13 come first)");
	/* VF 0's own doorbell (BAR0 0x30090, dev_vm.h) while its vGPU does not run yet. */
	gspm_vf_mmio_write32(h.m, 0x30090, 0);
	violated(&h, ++v, "VF 0 doorbell 0x0 while GFID 1 has no running vGPU");
	/* Set up by hand (1, 2, 13): then a token past its channels (0 booted). */
	shm_wr(&h, heap, 0x2000 + 28, TC_TYPE);	/* config vgpu_type */
	for (u32 i = 0, rpc[] = { 1, 2, 13 }; i < 3; i++)
		plugin_rpc(&h, heap, rpc[i], 8 + i);
	ck_assert_uint_eq(gspm_violation_count(h.m), v);
	gspm_vf_mmio_write32(h.m, 0x30090, 0);
	violated(&h, ++v, "VF 0 doorbell token 0 is not one of its 0 channels");

	free_booted_and_unload(&h, v);
}
END_TEST

/* ---- the copy engine and the scrub rules, fed through the test client ------- */

#define H_CHAN		0xbeef0003u
#define H_CE		0xbeef0004u
#define PRAMIN		0x700000u
#define BAR0_WINDOW	0x1700u
#define USERMODE_DOORBELL	(0xb80000u + 0x30000u + 0x90u)

/* Method header: SEC_OP INC_METHOD (1) at 31:29, count 28:16, subchannel 15:13, dword address. */
static u32 mth(u32 subch, u32 mthd, u32 n)
{
	return 1u << 29 | n << 16 | subch << 13 | mthd >> 2;
}

/*
 * A memset of [a, a + len) to val on subchannel 4, releasing sem into the
 * semaphore page: SET_OBJECT 0x0, SET_REMAP_CONST_A 0x700, SET_REMAP_COMPONENTS
 * 0x708 = CONST_A (4) | COMPONENT_SIZE FOUR (3 << 16), SET_DST_PHYS_MODE 0x264
 * = LOCAL_FB, SET_SEMAPHORE_A/B/PAYLOAD 0x240, OFFSET_OUT_UPPER/LOWER 0x408,
 * LINE_LENGTH_IN 0x418 (4-byte elements), LAUNCH_DMA 0x300 = NON_PIPELINED |
 * FLUSH | RELEASE_ONE_WORD_SEMAPHORE | DST PITCH | REMAP | DST PHYSICAL.
 */
static int ce_memset(struct nvcore_chan *ch, u64 a, u64 len, u32 val, u32 sem)
{
	struct nvcore_chan_info ci;
	u32 p[20], n = 0;

	nvcore_chan_info(ch, &ci);
	p[n++] = mth(4, 0x000, 1);
	p[n++] = ci.ce_class;
	p[n++] = mth(4, 0x700, 1);
	p[n++] = val;
	p[n++] = mth(4, 0x708, 1);
	p[n++] = 4 | 3 << 16;
	p[n++] = mth(4, 0x264, 1);
	p[n++] = 0;
	p[n++] = mth(4, 0x240, 3);
	p[n++] = (u32)(ci.sem_addr >> 32);
	p[n++] = (u32)ci.sem_addr;
	p[n++] = sem;
	p[n++] = mth(4, 0x408, 2);
	p[n++] = (u32)(a >> 32);
	p[n++] = (u32)a;
	p[n++] = mth(4, 0x418, 1);
	p[n++] = (u32)(len / 4);
	p[n++] = mth(4, 0x300, 1);
	p[n++] = 2 | 1 << 2 | 1 << 3 | 1 << 8 | 1 << 10 | 1 << 13;
	nvcore_chan_sem_write(ch, 0, 0);
	return nvcore_chan_submit(ch, p, n);
}

/* One framebuffer word through the PRAMIN window (NV_PBUS_BAR0_WINDOW = addr >> 16). */
static u32 fb_rd(struct nvh *h, u64 a)
{
	gspm_mmio_write32(h->m, BAR0_WINDOW, (u32)(a >> 16));
	return gspm_mmio_read32(h->m, PRAMIN + (u32)(a & 0xffff));
}

static void fb_wr(struct nvh *h, u64 a, u32 v)
{
	gspm_mmio_write32(h->m, BAR0_WINDOW, (u32)(a >> 16));
	gspm_mmio_write32(h->m, PRAMIN + (u32)(a & 0xffff), v);
}

START_TEST(model_checks_the_copy_engine_and_the_scrub)
{
	const u64 fb = 30ull << 30, heap = 29ull << 30;
	static u8 cp[368];
	struct nvcore_chan_info ci;
	struct nvcore_chan *ch;
	unsigned int v = 0, i;
	struct nvh h;
	u32 ce[2] = { 1, 9 }, bad[8] = { 0 }, hdr, flags, chan_class;
	bool gh100;

	start_tc(&h);
	gh100 = h.o.chip == GSPM_CHIP_GH100;
	chan_class = gh100 ? 0xc86f : 0xc76f;	/* HOPPER_ / AMPERE_CHANNEL_GPFIFO_B (clc86f.h, clc76f.h) */
	ck_assert_int_eq(nvcore_chan_alloc(nvh_tc.client, H_DEV, H_CHAN, H_CE, 2047, &ch), 0);
	nvcore_chan_info(ch, &ci);
	ck_assert_uint_eq(ci.ce_class, gh100 ? 0xc8b5 : 0xc7b5);
	ck_assert_uint_eq(ci.ce_subchannel, 4);

	/* Guest data, then a memset of zeros over it: zeros, and the semaphore released. */
	fb_wr(&h, fb + 0x100, 0x11223344);
	fb_wr(&h, fb + (1ull << 30) - 4, 0x55667788);
	ck_assert_uint_eq(fb_rd(&h, fb + 0x100), 0x11223344);
	ck_assert_int_eq(ce_memset(ch, fb, 1ull << 30, 0, 1), 0);
	ck_assert_uint_eq(nvcore_chan_sem_read(ch, 0), 1);
	ck_assert_uint_eq(fb_rd(&h, fb + 0x100), 0);
	ck_assert_uint_eq(fb_rd(&h, fb + (1ull << 30) - 4), 0);
	/*
	 * The model keeps 4096 FB pages (docs/hw-fidelity.md "Framebuffer
	 * contents"): a 4097th page's write is dropped; a zero memset over whole
	 * pages gives them back, and the next write is kept again.
	 */
	for (i = 0; i < 4096; i++)
		fb_wr(&h, fb + i * 0x1000ull, i + 1);
	fb_wr(&h, fb + 4096 * 0x1000ull, 0x4097);
	ck_assert_uint_eq(fb_rd(&h, fb + 4095 * 0x1000ull), 4096);
	ck_assert_uint_eq(fb_rd(&h, fb + 4096 * 0x1000ull), 0);
	ck_assert_int_eq(ce_memset(ch, fb, 1ull << 30, 0, 1), 0);
	ck_assert_uint_eq(fb_rd(&h, fb + 4095 * 0x1000ull), 0);
	fb_wr(&h, fb + 4096 * 0x1000ull, 0x4097);
	ck_assert_uint_eq(fb_rd(&h, fb + 4096 * 0x1000ull), 0x4097);
	/* A constant other than zero lands as that constant. */
	fb_wr(&h, fb + 0x200, 1);
	ck_assert_int_eq(ce_memset(ch, fb + 0x200, 8, 0xabcd1234, 2), 0);
	ck_assert_uint_eq(fb_rd(&h, fb + 0x200), 0xabcd1234);
	ck_assert_uint_eq(fb_rd(&h, fb + 0x204), 0xabcd1234);
	ck_assert_uint_eq(fb_rd(&h, fb + 0x208), 0);
	ck_assert_uint_eq(gspm_violation_count(h.m), v);
	/* ... which left [fb + 0x200, fb + 0x208) unscrubbed: the bootload names it. */
	ck_assert_int_eq(boot_plugin(1, fb, heap), 0);
	violated(&h, ++v, "GFID 1: guest framebuffer 0x780000000+0x40000000 was not scrubbed (first unscrubbed byte 0x780000200)");

	/* GFID 1 runs: a memset that reaches its FB or heap, or past the FB, is refused. */
	fb_wr(&h, fb, 0x99);
	ck_assert_int_eq(ce_memset(ch, fb - 0x1000, 0x2000, 0, 3), 0);
	violated(&h, ++v, "copy engine: memset 0x77ffff000..0x780001000 reaches GFID 1's running guest framebuffer 0x780000000+0x40000000");
	ck_assert_uint_eq(fb_rd(&h, fb), 0x99);
	ck_assert_int_eq(ce_memset(ch, heap, 0x1000, 0, 4), 0);
	violated(&h, ++v, "copy engine: memset 0x740000000..0x740001000 reaches GFID 1's plugin heap 0x740000000+0x2000000");
	ck_assert_int_eq(ce_memset(ch, 1ull << 40, 0x1000, 0, 5), 0);
	violated(&h, ++v, "copy engine: memset 0x10000000000..0x10000001000 is beyond the");

	/* Shut down and cleaned up: the FB must be scrubbed before anything else happens. */
	ck_assert_int_eq(ctl_gfid(CMD_SHUTDOWN, 1), 0);
	ck_assert_int_eq(ctl_gfid(CMD_CLEANUP, 1), 0);
	ck_assert_int_eq(ce_memset(ch, fb, 1ull << 30, 0, 6), 0);
	ck_assert_uint_eq(gspm_violation_count(h.m), v);
	ck_assert_int_eq(boot_plugin(1, fb, heap), 0);		/* scrubbed: no complaint */
	ck_assert_uint_eq(gspm_violation_count(h.m), v);
	/* Cleaned up again and never scrubbed: owed at the next checkpoint (the unload, below). */
	ck_assert_int_eq(ctl_gfid(CMD_SHUTDOWN, 1), 0);
	ck_assert_int_eq(ctl_gfid(CMD_CLEANUP, 1), 0);

	/* The channel's and the engine's parameters. */
	ck_assert_int_eq(nvcore_rm_alloc(nvh_tc.client, H_DEV, 0xbeef0010, chan_class, bad, sizeof(bad),
					 NULL), -EREMOTEIO);
	violated(&h, ++v, "GSP_RM_ALLOC channel 0xbeef0010 class 0x");
	ck_assert(strstr(gspm_violation(h.m, v - 1), ": paramsSize 32, NV_CHANNEL_ALLOC_PARAMS is 368 bytes"));
	ck_assert_int_eq(nvcore_rm_alloc(nvh_tc.client, H_DEV, 0xbeef0010, chan_class, cp, sizeof(cp),
					 NULL), -EREMOTEIO);
	violated(&h, ++v, "GSP_RM_ALLOC channel 0xbeef0010: flags 0x0 name no channel ID");
	flags = 1u << 21 | 0xffu << 12;		/* USERD_INDEX_PAGE_FIXED, page 0xff: channel 2040 */
	memcpy(cp + 20, &flags, 4);
	cp[128] = 1;				/* engineType NV2080_ENGINE_TYPE_GR0 */
	ck_assert_int_eq(nvcore_rm_alloc(nvh_tc.client, H_DEV, 0xbeef0010, chan_class, cp, sizeof(cp),
					 NULL), -EREMOTEIO);
	violated(&h, ++v, "GSP_RM_ALLOC channel 0xbeef0010: engineType 1 is no copy engine (9..18)");
	ck_assert_int_eq(nvcore_rm_alloc(nvh_tc.client, H_SUB, 0xbeef0010, chan_class, cp, sizeof(cp),
					 NULL), -EREMOTEIO);
	violated(&h, ++v, "GSP_RM_ALLOC channel 0xbeef0010: its parent 0xbeef0002 is no device (class 0x2080)");
	ck_assert_int_eq(nvcore_rm_alloc(nvh_tc.client, H_DEV, 0xbeef0011, ci.ce_class, ce, sizeof(ce),
					 NULL), -EREMOTEIO);
	violated(&h, ++v, "GSP_RM_ALLOC copy engine 0xbeef0011: its parent is no channel");
	/* A doorbell no channel's token matches; methods with no engine bound; a bad opcode. */
	gspm_mmio_write32(h.m, USERMODE_DOORBELL, 0x12345);
	violated(&h, ++v, "usermode doorbell token 0x12345: no scheduled channel with a copy engine has it");
	hdr = mth(3, 0x300, 1);
	ck_assert_int_eq(nvcore_chan_submit(ch, (u32[]){ hdr, 0 }, 2), 0);
	violated(&h, ++v, "channel 2047: method 0x300 on subchannel 3, which holds no copy engine (SET_OBJECT first)");
	ck_assert_int_eq(nvcore_chan_submit(ch, (u32[]){ 7u << 29 }, 1), 0);
	violated(&h, ++v, "channel 2047: method header 0xe0000000 has SEC_OP 7");
	/* The core's own refusals: no dwords, more than a pushbuffer. */
	ck_assert_int_eq(nvcore_chan_submit(ch, &hdr, 0), -EINVAL);
	ck_assert_int_eq(nvcore_chan_submit(ch, &hdr, ci.max_dwords + 1), -EINVAL);
	/* A second channel on the same ID is refused; freed, the ID is free again. */
	{
		struct nvcore_chan *ch2;

		ck_assert_int_eq(nvcore_chan_alloc(nvh_tc.client, H_DEV, 0xbeef0012, 0xbeef0013, 2047, &ch2),
				 -EREMOTEIO);
		violated(&h, ++v, "GSP_RM_ALLOC channel 0xbeef0012: channel ID 2047 is channel 0xbeef0003's");
		ck_assert(ch2 == NULL);
		nvcore_chan_free(ch);
		ck_assert_int_eq(nvcore_chan_alloc(nvh_tc.client, H_DEV, 0xbeef0012, 0xbeef0013, 2047, &ch2),
				 0);
		nvcore_chan_free(ch2);
	}
	ck_assert_uint_eq(gspm_violation_count(h.m), v);
	nvh_tclient_stop();
	kshim_pci_remove(h.pdev);
	h.pdev = NULL;
	violated(&h, ++v, "UNLOADING_GUEST_DRIVER: GFID 1's guest framebuffer 0x780000000+0x40000000 was not scrubbed after VGPU_PLUGIN_CLEANUP (before it is freed) (first unscrubbed byte 0x780000000)");
	ck_assert_uint_eq(nvh_stop(&h), v);
}
END_TEST

/*
 * Allocate channel `handle` under H_DEV by hand, as driver/core/chan.c
 * would: a valid NV_CHANNEL_ALLOC_PARAMS (alloc_channel.h, 368 bytes):
 * gpFifoOffset at 8, gpFifoEntries 16, flags 20, engineType 128,
 * instanceMem.base 144, userdMem.base/size 168/176, mthdbufMem.base 216;
 * flags USERD_INDEX_PAGE_FIXED with page 0xff (channel 2040), engineType
 * NV2080_ENGINE_TYPE_COPY0 (9, cl2080.h), 2 GPFIFO entries; the class
 * HOPPER_ / AMPERE_CHANNEL_GPFIFO_B (clc86f.h, clc76f.h).
 */
static void alloc_channel_by_hand(struct nvh *h, u32 handle, u64 gpfifo, u64 userd, u64 inst,
				  u64 mthd)
{
	static u8 cp[368];
	u32 flags = 1u << 21 | 0xffu << 12, engine = 9, entries = 2;
	u32 chan_class = h->o.chip == GSPM_CHIP_GH100 ? 0xc86f : 0xc76f;
	u64 userd_len = 0x200;

	memset(cp, 0, sizeof(cp));
	memcpy(cp + 8, &gpfifo, 8);
	memcpy(cp + 16, &entries, 4);
	memcpy(cp + 20, &flags, 4);
	memcpy(cp + 128, &engine, 4);
	memcpy(cp + 144, &inst, 8);
	memcpy(cp + 168, &userd, 8);
	memcpy(cp + 176, &userd_len, 8);
	memcpy(cp + 216, &mthd, 8);
	ck_assert_int_eq(nvcore_rm_alloc(nvh_tc.client, H_DEV, handle, chan_class, cp, sizeof(cp), NULL), 0);
}

/*
 * NVA06F_CTRL_CMD_GPFIFO_SCHEDULE (0xa06f0103, {bEnable, bSkipSubmit}: two
 * NvBools, ctrla06f.h) on a channel never bound with NVA06F_CTRL_CMD_BIND
 * (0xa06f0104): RM refuses to schedule an unbound channel (nouveau
 * nvkm/engine/fifo/r535.c binds, then schedules).  The channel itself is
 * valid (alloc_channel_by_hand).
 */
START_TEST(model_checks_schedule_before_bind)
{
	u8 sched[2] = { 1, 0 };
	u32 fw = 0;
	unsigned int v = 0;
	struct nvh h;

	start_tc(&h);
	alloc_channel_by_hand(&h, 0xbeef0020, 0x10000, 0x11000, 0x12000, 0x13000);
	ck_assert_uint_eq(gspm_violation_count(h.m), 0);
	ck_assert_int_ne(nvcore_rm_control(nvh_tc.client, 0xbeef0020, 0xa06f0103, sched, sizeof(sched), &fw), 0);
	violated(&h, ++v, "NVA06F_CTRL_CMD_GPFIFO_SCHEDULE channel 0xbeef0020 before NVA06F_CTRL_CMD_BIND");
	ck_assert_uint_eq(fw, 0x00000040);	/* NV_ERR_INVALID_STATE (nvstatuscodes.h) */
	ck_assert_int_eq(nvcore_rm_free(nvh_tc.client, H_DEV, 0xbeef0020, NULL), 0);
	nvh_tclient_stop();
	ck_assert_uint_eq(nvh_stop(&h), v);
}
END_TEST

/*
 * A GPFIFO entry of no dwords: a channel set up as the core does it (alloc,
 * NVA06F_CTRL_CMD_BIND {engineType}, GPFIFO_SCHEDULE {1, 0}, the copy
 * engine object {version 1, engineType}: driver/core/chan.c's sources), its
 * GPFIFO and USERD in host memory, GPFIFO entry 0 all zeros (GP_ENTRY1
 * LENGTH, bits 30:10, is 0: clc86f.h), USERD GPPut (0x8c, clc36f.h
 * Nvc36fControl) = 1, and the doorbell rung with the channel's
 * NVC36F_CTRL_CMD_GPFIFO_GET_WORK_SUBMIT_TOKEN (0xc36f0108) token.
 */
START_TEST(model_checks_an_empty_gpfifo_entry)
{
	u8 sched[2] = { 1, 0 };
	u32 engine = 9, token = 0, ce[2] = { 1, 9 }, one = 1;
	unsigned int v = 0;
	dma_addr_t bus;
	struct nvh h;
	u8 *mem;

	start_tc(&h);
	mem = dma_alloc_coherent(&h.pdev->dev, 0x4000, &bus, GFP_KERNEL);
	ck_assert(mem != NULL);
	/* GPFIFO, USERD, instance block and method buffer in one page each. */
	alloc_channel_by_hand(&h, 0xbeef0021, bus, bus + 0x1000, bus + 0x2000, bus + 0x3000);
	ck_assert_int_eq(nvcore_rm_control(nvh_tc.client, 0xbeef0021, 0xa06f0104, &engine, 4, NULL), 0);
	ck_assert_int_eq(nvcore_rm_control(nvh_tc.client, 0xbeef0021, 0xa06f0103, sched, sizeof(sched), NULL), 0);
	/* HOPPER_ / AMPERE_DMA_COPY_B (clc8b5.h, clc7b5.h) */
	ck_assert_int_eq(nvcore_rm_alloc(nvh_tc.client, 0xbeef0021, 0xbeef0022,
					 h.o.chip == GSPM_CHIP_GH100 ? 0xc8b5 : 0xc7b5, ce, sizeof(ce), NULL), 0);
	ck_assert_int_eq(nvcore_rm_control(nvh_tc.client, 0xbeef0021, 0xc36f0108, &token, 4, NULL), 0);
	ck_assert_uint_eq(gspm_violation_count(h.m), 0);
	memcpy(mem + 0x1000 + 0x8c, &one, 4);
	gspm_mmio_write32(h.m, USERMODE_DOORBELL, token);
	violated(&h, ++v, "channel 2040: GPFIFO entry of 0 dwords (1..");
	ck_assert_int_eq(nvcore_rm_free(nvh_tc.client, 0xbeef0021, 0xbeef0022, NULL), 0);
	ck_assert_int_eq(nvcore_rm_free(nvh_tc.client, H_DEV, 0xbeef0021, NULL), 0);
	dma_free_coherent(&h.pdev->dev, 0x4000, mem, bus);
	nvh_tclient_stop();
	ck_assert_uint_eq(nvh_stop(&h), v);
}
END_TEST

/*
 * The plugin's first RPC is 2 (CONFIG) instead of 1 (VERSION): set-up goes
 * 1, 2, then 13 (spec/vgpu.md), and model_flags_wrong_orders covers 13 and
 * 3 out of order but not 2.
 */
START_TEST(model_flags_config_before_version)
{
	const u64 fb = 30ull << 30, heap = 29ull << 30;
	unsigned int v = 0;
	struct nvh h;

	start_tc(&h);
	ck_assert_int_eq(boot_plugin(1, fb, heap), 0);
	violated(&h, ++v, "GFID 1: guest framebuffer 0x780000000+0x40000000 was not scrubbed (first unscrubbed byte 0x780000000)");
	kshim_run_for(2000000);
	gspm_mmio_write32(h.m, 0x1700, (u32)(heap >> 16));
	ck_assert_uint_eq(shm_rd(&h, heap, 8), 0x4E654A6Fu);
	shm_wr(&h, heap, 0, 1);		/* version */
	plugin_rpc(&h, heap, 2, 1);	/* CONFIG first */
	violated(&h, ++v, "vGPU GFID 1: RPC 2 out of order (after RPC 0; the order is 1, 2, then 13)");
	free_booted_and_unload(&h, v);
}
END_TEST

/* ---- the VFIO driver, driven as a VMM drives it (kshim/vfio.h) ------------- */

static struct nvh h_vfio;

#define VF_DOORBELL		0x30090u	/* NV_VIRTUAL_FUNCTION_DOORBELL (dev_vm.h) */
#define VF_REGS_END		0x40000u	/* NV_VIRTUAL_FUNCTION ends at 0x3FFFF (dev_vm.h) */
#define VF_REG			0x3100u		/* NV_VIRTUAL_FUNCTION_PRIV_ACCESS_COUNTER_CONFIG */
#define CFG			VFIO_PCI_CONFIG_REGION_INDEX
#define CHIDS			1536u		/* channel IDs 512..2047 for vGPUs (spec/vgpu.md §1.7) */

struct vmm {
	struct vfio_device *vd;
	struct vfio_region_info ri[VFIO_PCI_NUM_REGIONS];
};

static struct vfio_device *vfio_of(struct pci_dev *d)
{
	struct vfio_device *vd = kshim_vfio_device(d);

	ck_assert_ptr_nonnull(vd);
	return vd;
}

/* Open the VF's device and read every region's info, as QEMU's vfio-pci does. */
static int vmm_open(struct vmm *v, struct pci_dev *d)
{
	unsigned int i;
	int ret;

	v->vd = vfio_of(d);
	ret = kshim_vfio_open(v->vd);
	if (ret)
		return ret;
	for (i = 0; i < VFIO_PCI_NUM_REGIONS; i++) {
		v->ri[i] = (struct vfio_region_info){ .argsz = sizeof(v->ri[i]), .index = i };
		ck_assert_int_eq(kshim_vfio_ioctl(v->vd, VFIO_DEVICE_GET_REGION_INFO, &v->ri[i]), 0);
	}
	return 0;
}

static ssize_t cfg_rd(struct vmm *v, u32 off, u32 *val, size_t n)
{
	*val = 0;
	return kshim_vfio_pread(v->vd, val, n, v->ri[CFG].offset + off);
}

static u32 cfg32(struct vmm *v, u32 off)
{
	u32 val;

	ck_assert_int_eq(cfg_rd(v, off, &val, 4), 4);
	return val;
}

static ssize_t cfg_wr(struct vmm *v, u32 off, u32 val, size_t n)
{
	return kshim_vfio_pwrite(v->vd, &val, n, v->ri[CFG].offset + off);
}

static ssize_t bar0_wr(struct vmm *v, u64 off, u32 val)
{
	return kshim_vfio_pwrite(v->vd, &val, 4, v->ri[VFIO_PCI_BAR0_REGION_INDEX].offset + off);
}

static u32 bar0_rd(struct vmm *v, u64 off)
{
	u32 val = 0;

	ck_assert_int_eq(kshim_vfio_pread(v->vd, &val, 4, v->ri[VFIO_PCI_BAR0_REGION_INDEX].offset + off),
			 4);
	return val;
}

/* The channels of a "many" vGPU: prev_pow2(1536 / max_instance) (spec/vgpu.md §2.6 b), by hand. */
static u32 many_channels(void)
{
	u32 n = CHIDS / types[0].max_instance, p = 1;

	while (p * 2 <= n)
		p *= 2;
	return p;
}

static struct gspm_vf_state vf_state(struct nvh *h, int id)
{
	struct gspm_vf_state st;

	gspm_vf_state(h->m, id, &st);
	return st;
}

START_TEST(vfio_open_regions_config_close)
{
	struct vfio_region_info bad = { .argsz = sizeof(bad), .index = VFIO_PCI_NUM_REGIONS };
	struct pci_dev *d;
	struct vmm v;
	size_t before;
	u64 fb;
	u32 x, flrs;

	start(&h_vfio);
	pick_types();
	d = vf(&h_vfio, 0);
	before = kshim_bytes_allocated();
	/* No type chosen: the open is refused (spec/vgpu.md §2.6). */
	ck_assert_int_eq(kshim_vfio_open(vfio_of(d)), -ENODEV);
	ck_assert_int_eq(choose(d, many), (ssize_t)strlen(many));
	flrs = vf_state(&h_vfio, 0).flrs;
	ck_assert_int_eq(vmm_open(&v, d), 0);
	ck_assert(kshim_log_contains("vGPU GFID 1 created"));
	ck_assert_int_eq(choose(d, "0"), -EBUSY);
	/* vfio-pci-core's enable reset the function (an FLR) before the vGPU was made. */
	ck_assert_uint_eq(vf_state(&h_vfio, 0).flrs, flrs + 1);

	/* Regions (spec/vgpu.md §2.7): vfio-pci's index << 40 layout, the VF's BAR sizes. */
	ck_assert_uint_eq(v.ri[CFG].offset, (u64)CFG << 40);
	ck_assert_uint_eq(v.ri[CFG].size, 4096);
	ck_assert_uint_eq(v.ri[0].size, pci_resource_len(d, 0));
	ck_assert_uint_eq(v.ri[0].flags, VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE);
	fb = min_t(u64, (u64)types[0].bar1_length << 20, pci_resource_len(d, 1));
	ck_assert_uint_eq(v.ri[1].size, fb);
	ck_assert_uint_eq(v.ri[1].flags, VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE |
					 VFIO_REGION_INFO_FLAG_MMAP);
	ck_assert_uint_eq(v.ri[2].size, 0);
	ck_assert_uint_eq(v.ri[3].size, pci_resource_len(d, 3));
	ck_assert_uint_eq(v.ri[4].size + v.ri[5].size + v.ri[VFIO_PCI_ROM_REGION_INDEX].size +
			  v.ri[VFIO_PCI_VGA_REGION_INDEX].size, 0);
	ck_assert_int_eq(kshim_vfio_ioctl(v.vd, VFIO_DEVICE_GET_REGION_INFO, &bad), -EINVAL);
	bad = (struct vfio_region_info){ .argsz = 8, .index = 0 };
	ck_assert_int_eq(kshim_vfio_ioctl(v.vd, VFIO_DEVICE_GET_REGION_INFO, &bad), -EINVAL);

	/* Config space: the VF's ids and class, one PCIe capability with FLR. */
	ck_assert_uint_eq(cfg32(&v, PCI_VENDOR_ID), PCI_VENDOR_ID_NVIDIA | (u32)d->device << 16);
	ck_assert(cfg32(&v, PCI_COMMAND) >> 16 & PCI_STATUS_CAP_LIST);
	ck_assert_uint_eq(cfg32(&v, PCI_CLASS_REVISION) >> 8, d->class);
	ck_assert_uint_eq(cfg32(&v, PCI_CAPABILITY_LIST) & 0xff, 0x40);
	ck_assert_uint_eq(cfg32(&v, 0x40) & 0xff, PCI_CAP_ID_EXP);
	ck_assert(cfg32(&v, 0x40 + PCI_EXP_DEVCAP) & PCI_EXP_DEVCAP_FLR);
	/* BAR sizing: all ones back as the size mask; BAR1/2 one 64-bit prefetchable BAR. */
	ck_assert_int_eq(cfg_wr(&v, PCI_BASE_ADDRESS_0, ~0u, 4), 4);
	ck_assert_uint_eq(cfg32(&v, PCI_BASE_ADDRESS_0), (u32)~(pci_resource_len(d, 0) - 1) & ~0xfu);
	ck_assert_int_eq(cfg_wr(&v, PCI_BASE_ADDRESS_1, ~0u, 4), 4);
	ck_assert_uint_eq(cfg32(&v, PCI_BASE_ADDRESS_1), ((u32)~(fb - 1) & ~0xfu) | 0xc);
	ck_assert_int_eq(cfg_wr(&v, PCI_BASE_ADDRESS_2, ~0u, 4), 4);
	ck_assert_uint_eq(cfg32(&v, PCI_BASE_ADDRESS_2), (u32)(~(fb - 1) >> 32));
	ck_assert_int_eq(cfg_wr(&v, PCI_BASE_ADDRESS_5, ~0u, 4), 4);
	ck_assert_uint_eq(cfg32(&v, PCI_BASE_ADDRESS_5), 0);
	/* Read-only ids; COMMAND keeps memory, master and INTx-disable only. */
	ck_assert_int_eq(cfg_wr(&v, PCI_VENDOR_ID, 0xffff, 2), 2);
	ck_assert_uint_eq(cfg32(&v, PCI_VENDOR_ID) & 0xffff, PCI_VENDOR_ID_NVIDIA);
	ck_assert_int_eq(cfg_wr(&v, PCI_COMMAND, 0xffff, 2), 2);
	ck_assert_uint_eq(cfg32(&v, PCI_COMMAND) & 0xffff,
			  PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE);
	ck_assert_uint_eq(cfg32(&v, 0x100), 0);
	/* Malformed accesses: misaligned, odd sizes, past the end. */
	ck_assert_int_eq(cfg_rd(&v, 1, &x, 2), -EINVAL);
	ck_assert_int_eq(cfg_rd(&v, 0, &x, 3), -EINVAL);
	ck_assert_int_eq(cfg_rd(&v, 4096, &x, 4), -EINVAL);
	ck_assert_int_eq(cfg_wr(&v, 2, 0, 4), -EINVAL);
	ck_assert_int_eq(kshim_vfio_pread(v.vd, &x, 4, (u64)VFIO_PCI_NUM_REGIONS << 40), -EINVAL);

	kshim_vfio_close(v.vd);
	ck_assert(kshim_log_contains("vGPU GFID 1 destroyed"));
	ck_assert_int_eq(kshim_vfio_ioctl(v.vd, VFIO_DEVICE_RESET, NULL), -EBADF);
	ck_assert_int_eq(choose(d, "0"), 1);
	ck_assert_uint_eq(kshim_bytes_allocated(), before);
	ck_assert_uint_eq(gspm_violation_count(h_vfio.m), 0);
	stop(&h_vfio);
}
END_TEST

/* Two vGPUs at once: each reaches only its own registers and channels. */
/* Start, both VFs of the "many" type, both open. */
static void open_two(struct vmm *v0, struct vmm *v1)
{
	start(&h_vfio);
	pick_types();
	ck_assert_int_eq(choose(vf(&h_vfio, 0), many), (ssize_t)strlen(many));
	ck_assert_int_eq(choose(vf(&h_vfio, 1), many), (ssize_t)strlen(many));
	ck_assert_int_eq(vmm_open(v0, vf(&h_vfio, 0)), 0);
	ck_assert_int_eq(vmm_open(v1, vf(&h_vfio, 1)), 0);
}

START_TEST(vfio_two_vgpus_are_isolated)
{
	struct vmm v0, v1;
	u32 n;

	open_two(&v0, &v1);
	n = many_channels();
	ck_assert_int_eq(bar0_wr(&v0, VF_REG, 0x1111), 4);
	ck_assert_int_eq(bar0_wr(&v1, VF_REG, 0x2222), 4);
	ck_assert_uint_eq(bar0_rd(&v0, VF_REG), 0x1111);
	ck_assert_int_eq(bar0_wr(&v0, VF_DOORBELL, 0), 4);
	ck_assert_int_eq(bar0_wr(&v1, VF_DOORBELL, n - 1), 4);
	ck_assert_uint_eq(vf_state(&h_vfio, 0).doorbells, 1);
	ck_assert_uint_eq(vf_state(&h_vfio, 1).last_token, n - 1);
	/* A token past the vGPU's channels (another vGPU's), refused before the hardware. */
	kshim_log_clear();
	ck_assert_int_eq(bar0_wr(&v0, VF_DOORBELL, n), -EINVAL);
	ck_assert(kshim_log_contains("refused: the vGPU has channels 0.."));
	ck_assert_uint_eq(vf_state(&h_vfio, 0).doorbells, 1);
	/* Outside the register window, past the BAR, not 32 bits, misaligned. */
	ck_assert_int_eq(bar0_wr(&v0, VF_REGS_END, 1), -EINVAL);
	ck_assert_int_eq(bar0_wr(&v0, v0.ri[0].size, 1), -EINVAL);
	ck_assert_int_eq(kshim_vfio_pwrite(v0.vd, "\1\2", 2, v0.ri[0].offset + VF_REG), -EINVAL);
	ck_assert_int_eq(bar0_wr(&v0, VF_REG + 2, 1), -EINVAL);
	ck_assert_uint_eq(bar0_rd(&v1, VF_REG), 0x2222);
	ck_assert_uint_eq(bar0_rd(&v0, VF_REG), 0x1111);
	ck_assert_uint_eq(vf_state(&h_vfio, 1).doorbells, 1);
	kshim_vfio_close(v1.vd);
	kshim_vfio_close(v0.vd);
	ck_assert_uint_eq(gspm_violation_count(h_vfio.m), 0);
	stop(&h_vfio);
}
END_TEST

struct guest {
	struct vmm *v;
	u32 channels, rung, failed;
};

/* A guest's traffic: 100 doorbells and register writes, 1 ms apart. */
static int guest_traffic(void *arg)
{
	struct guest *g = arg;
	u32 i;

	for (i = 0; i < 100; i++) {
		if (bar0_wr(g->v, VF_DOORBELL, i % g->channels) == 4)
			g->rung++;
		else
			g->failed++;
		if (bar0_wr(g->v, VF_REG, i) != 4)
			g->failed++;
		msleep(1);
	}
	return 0;
}

START_TEST(vfio_reset_and_flr_during_traffic)
{
	struct vmm v0, v1;
	struct guest g = { .v = &v0 };
	struct kshim_task *t;
	u32 x;

	open_two(&v0, &v1);
	g.channels = many_channels();
	ck_assert_int_eq(bar0_wr(&v1, VF_REG, 0x2222), 4);
	t = kshim_task_start("guest0", guest_traffic, &g);
	kshim_run_for(20 * 1000 * 1000);
	/* VFIO_DEVICE_RESET: RPC 3 to the plugin, then the VF's FLR (spec/vgpu.md §2.9). */
	ck_assert_int_eq(kshim_vfio_ioctl(v0.vd, VFIO_DEVICE_RESET, NULL), 0);
	ck_assert(kshim_log_contains("vGPU GFID 1 reset"));
	kshim_run_for(20 * 1000 * 1000);
	/* The guest's own FLR through the emulated PCIe DEVCTL; the bit reads back 0. */
	ck_assert_int_eq(cfg_wr(&v0, 0x40 + PCI_EXP_DEVCTL, PCI_EXP_DEVCTL_BCR_FLR, 2), 2);
	ck_assert_int_eq(cfg_rd(&v0, 0x40 + PCI_EXP_DEVCTL, &x, 2), 2);
	ck_assert_uint_eq(x & PCI_EXP_DEVCTL_BCR_FLR, 0);
	ck_assert_int_eq(kshim_task_join(t), 0);
	ck_assert_uint_eq(g.failed, 0);
	ck_assert_uint_eq(g.rung, 100);
	ck_assert_uint_eq(vf_state(&h_vfio, 0).doorbells, 100);
	ck_assert_uint_eq(vf_state(&h_vfio, 0).resets, 2);
	ck_assert_uint_eq(vf_state(&h_vfio, 0).flrs, 3);	/* open, reset, the guest's */
	/* The other vGPU saw nothing of it. */
	ck_assert_uint_eq(vf_state(&h_vfio, 1).resets, 0);
	ck_assert_uint_eq(vf_state(&h_vfio, 1).flrs, 1);
	ck_assert_uint_eq(bar0_rd(&v1, VF_REG), 0x2222);
	kshim_vfio_close(v0.vd);
	kshim_vfio_close(v1.vd);
	ck_assert_uint_eq(gspm_violation_count(h_vfio.m), 0);
	stop(&h_vfio);
}
END_TEST

static int set_irq_fd(struct vmm *v, u32 index, u32 data, u32 count, int32_t fd)
{
	/* The uAPI's struct vfio_irq_set ends in data[]: one eventfd follows it. */
	_Alignas(struct vfio_irq_set) u8 buf[sizeof(struct vfio_irq_set) + sizeof(int32_t)];
	struct vfio_irq_set *set = (struct vfio_irq_set *)buf;

	memset(buf, 0, sizeof(buf));
	set->argsz = sizeof(buf);
	set->flags = data | VFIO_IRQ_SET_ACTION_TRIGGER;
	set->index = index;
	set->start = 0;
	set->count = count;
	memcpy(set->data, &fd, sizeof(fd));
	return (int)kshim_vfio_ioctl(v->vd, VFIO_DEVICE_SET_IRQS, set);
}

static uint64_t fired(int efd)
{
	uint64_t n = 0;

	return read(efd, &n, sizeof(n)) == sizeof(n) ? n : 0;
}

START_TEST(vfio_interrupts_through_eventfds)
{
	struct vfio_irq_info ii = { .argsz = sizeof(ii), .index = VFIO_PCI_MSIX_IRQ_INDEX };
	struct pci_dev *d;
	struct vmm v;
	int efd = eventfd(0, EFD_NONBLOCK);

	ck_assert_int_ge(efd, 0);
	start(&h_vfio);
	pick_types();
	d = vf(&h_vfio, 0);
	ck_assert_int_eq(choose(d, many), (ssize_t)strlen(many));
	ck_assert_int_eq(vmm_open(&v, d), 0);
	ck_assert_int_eq(kshim_vfio_ioctl(v.vd, VFIO_DEVICE_GET_IRQ_INFO, &ii), 0);
	ck_assert_uint_eq(ii.count, 1);
	ck_assert(ii.flags & VFIO_IRQ_INFO_EVENTFD);
	ck_assert_int_eq(set_irq_fd(&v, VFIO_PCI_MSIX_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD, 1, efd), 0);
	/* The VF's interrupt reaches the eventfd. */
	kshim_pci_set_irq(d, 1);
	kshim_run_for(1000);
	kshim_pci_set_irq(d, 0);
	ck_assert_uint_ge(fired(efd), 1);
	/* DATA_NONE fires it by hand; count 0 turns it off. */
	ck_assert_int_eq(set_irq_fd(&v, VFIO_PCI_MSIX_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE, 1, 0), 0);
	ck_assert_uint_eq(fired(efd), 1);
	ck_assert_int_eq(set_irq_fd(&v, VFIO_PCI_MSIX_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE, 0, 0), 0);
	kshim_pci_set_irq(d, 1);
	kshim_run_for(1000);
	kshim_pci_set_irq(d, 0);
	ck_assert_uint_eq(fired(efd), 0);
	kshim_vfio_close(v.vd);
	close(efd);
	ck_assert_uint_eq(gspm_violation_count(h_vfio.m), 0);
	stop(&h_vfio);
}
END_TEST

static int remove_pf(void *arg)
{
	kshim_pci_remove(arg);
	return 0;
}

/* The PF goes with a VF open: the vGPU is destroyed, the VMM asked to let go (spec/vgpu.md §2.11). */
START_TEST(vfio_pf_unbind_with_an_open_vf)
{
	struct kshim_task *t;
	struct pci_dev *d;
	struct vmm v;
	int req = eventfd(0, EFD_NONBLOCK), i;

	ck_assert_int_ge(req, 0);
	start(&h_vfio);
	pick_types();
	d = vf(&h_vfio, 0);
	ck_assert_int_eq(choose(d, many), (ssize_t)strlen(many));
	ck_assert_int_eq(vmm_open(&v, d), 0);
	ck_assert_int_eq(set_irq_fd(&v, VFIO_PCI_REQ_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD, 1, req), 0);
	t = kshim_task_start("unbind", remove_pf, h_vfio.pdev);
	for (i = 0; i < 1000 && !fired(req); i++)
		kshim_run_for(1000 * 1000);
	ck_assert_int_lt(i, 1000);
	ck_assert(kshim_log_contains("vGPU GFID 1 still exists at PF unbind; destroying it"));
	/* The guest's BAR0 is gone with its vGPU; config space still answers. */
	ck_assert_int_eq(bar0_wr(&v, VF_DOORBELL, 0), -ENODEV);
	ck_assert_uint_eq(cfg32(&v, PCI_VENDOR_ID) & 0xffff, PCI_VENDOR_ID_NVIDIA);
	kshim_vfio_close(v.vd);
	ck_assert(kshim_log_contains("closed; its vGPU was already destroyed"));
	ck_assert_int_eq(kshim_task_join(t), 0);
	h_vfio.pdev = NULL;
	close(req);
	nvvgpu_vfio_unregister();
	nvvgpu_unregister();
	ck_assert_uint_eq(nvh_stop(&h_vfio), 0);
}
END_TEST

static ssize_t region_wr(struct vmm *v, unsigned int index, u64 off, u32 val)
{
	return kshim_vfio_pwrite(v->vd, &val, 4, v->ri[index].offset + off);
}

static u32 region_rd(struct vmm *v, unsigned int index, u64 off)
{
	u32 val = 0;

	ck_assert_int_eq(kshim_vfio_pread(v->vd, &val, 4, v->ri[index].offset + off), 4);
	return val;
}

/*
 * Guest data in the vGPU's FB: the reset and the close leave zeros
 * (spec/vgpu.md §2.9, §2.10).  Words written through the VF's BAR1 (as a
 * guest does) and through the PF's PRAMIN window reach the one FB the model
 * keeps; after VFIO_DEVICE_RESET both read 0 through BAR1 and PRAMIN, and
 * after the close (the vGPU gone, nothing behind BAR1) through PRAMIN.
 */
START_TEST(vfio_reset_and_close_scrub_the_framebuffer)
{
	const unsigned int b1 = VFIO_PCI_BAR1_REGION_INDEX;
	struct gspm_vf_state st;
	struct vmm v;
	u64 fb, end;

	start(&h_vfio);
	pick_types();
	ck_assert_int_eq(choose(vf(&h_vfio, 0), many), (ssize_t)strlen(many));
	ck_assert_int_eq(vmm_open(&v, vf(&h_vfio, 0)), 0);
	st = vf_state(&h_vfio, 0);
	fb = st.fb;
	end = st.fb + st.fb_len;
	ck_assert_uint_ne(st.fb_len, 0);
	/* BAR1 offset o is FB address fb + o (FUNC_BAR1_BLOCK PHYSICAL): PRAMIN sees the guest's words. */
	ck_assert_int_eq(region_wr(&v, b1, 0, 0xdeadbeef), 4);
	ck_assert_int_eq(region_wr(&v, b1, 0x2000, 0x5a5a5a5a), 4);
	ck_assert_uint_eq(fb_rd(&h_vfio, fb), 0xdeadbeef);
	ck_assert_uint_eq(fb_rd(&h_vfio, fb + 0x2000), 0x5a5a5a5a);
	fb_wr(&h_vfio, end - 4, 0xcafef00d);
	ck_assert_uint_eq(fb_rd(&h_vfio, end - 4), 0xcafef00d);
	ck_assert_int_eq(kshim_vfio_ioctl(v.vd, VFIO_DEVICE_RESET, NULL), 0);
	ck_assert_uint_eq(region_rd(&v, b1, 0), 0);
	ck_assert_uint_eq(region_rd(&v, b1, 0x2000), 0);
	ck_assert_uint_eq(fb_rd(&h_vfio, fb), 0);
	ck_assert_uint_eq(fb_rd(&h_vfio, end - 4), 0);
	/* The guest runs again and writes; the close scrubs before the FB is freed. */
	ck_assert_int_eq(region_wr(&v, b1, 0x1000, 0x12345678), 4);
	fb_wr(&h_vfio, fb + 0x3000, 0x87654321);
	ck_assert_uint_eq(region_rd(&v, b1, 0x3000), 0x87654321);
	kshim_vfio_close(v.vd);
	ck_assert(kshim_log_contains("vGPU GFID 1 destroyed"));
	ck_assert_uint_eq(fb_rd(&h_vfio, fb + 0x1000), 0);
	ck_assert_uint_eq(fb_rd(&h_vfio, fb + 0x3000), 0);
	ck_assert_uint_eq(gspm_violation_count(h_vfio.m), 0);
	stop(&h_vfio);
}
END_TEST

/*
 * A copy engine that never finishes (GSPM_FAULT_CE_STALL): the scrub gives
 * up after 4000 ms with -ETIMEDOUT.  At create the open fails with nothing
 * left behind; at reset the ioctl fails, and the model names the FB the
 * guest keeps unscrubbed; at close the FB is freed anyway, logged, and the
 * model names it at the unload.
 */
START_TEST(vfio_scrub_timeouts)
{
	struct nvh_opts o = nvh_defaults();
	struct vfio_device *vd;
	struct vmm v;
	size_t before;

	o.before_probe = set_vgpu;
	o.strict = false;
	boot_ok_with(&h_vfio, &o);
	ck_assert_int_eq(nvvgpu_register(), 0);
	ck_assert_int_eq(nvvgpu_vfio_register(), 0);
	kshim_settle();
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h_vfio.pdev, 2), 0);
	kshim_settle();
	load_types(&h_vfio);
	pick_types();
	vd = vfio_of(vf(&h_vfio, 0));
	ck_assert_int_eq(choose(vf(&h_vfio, 0), many), (ssize_t)strlen(many));

	before = kshim_bytes_allocated();
	{
		char err[128];

		ck_assert_msg(!gspm_fault_arm(h_vfio.m, "hw:ce-stall", NULL, NULL, err, sizeof(err)), "%s", err);
	}
	ck_assert_int_eq(kshim_vfio_open(vd), -ETIMEDOUT);
	ck_assert(kshim_log_contains("vGPU GFID 1: framebuffer scrub of 0x"));
	ck_assert(kshim_log_contains("failed: -110"));
	ck_assert_uint_eq(kshim_bytes_allocated(), before);
	ck_assert_uint_eq(gspm_violation_count(h_vfio.m), 0);

	ck_assert_int_eq(vmm_open(&v, vf(&h_vfio, 0)), 0);
	gspm_inject(h_vfio.m, GSPM_FAULT_CE_STALL, UINT32_MAX, 0, 1);
	ck_assert_int_eq(kshim_vfio_ioctl(v.vd, VFIO_DEVICE_RESET, NULL), -ETIMEDOUT);
	ck_assert_uint_eq(gspm_violation_count(h_vfio.m), 0);
	/* The next plugin command finds the scrub RESET owed still missing. */
	kshim_vfio_close(v.vd);
	ck_assert_uint_eq(gspm_violation_count(h_vfio.m), 1);
	ck_assert_msg(strstr(gspm_violation(h_vfio.m, 0), "SHUTDOWN_GSP_VGPU_PLUGIN_TASK: GFID 1's guest framebuffer 0x") &&
		      strstr(gspm_violation(h_vfio.m, 0), " was not scrubbed after RESET"),
		      "%s", gspm_violation(h_vfio.m, 0));

	ck_assert_int_eq(vmm_open(&v, vf(&h_vfio, 0)), 0);
	gspm_inject(h_vfio.m, GSPM_FAULT_CE_STALL, UINT32_MAX, 0, 1);
	kshim_vfio_close(v.vd);
	ck_assert(kshim_log_contains("vGPU GFID 1: framebuffer 0x"));
	ck_assert(kshim_log_contains("freed unscrubbed"));
	ck_assert_uint_eq(kshim_bytes_allocated(), before);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h_vfio.pdev, 0), 0);
	nvvgpu_vfio_unregister();
	nvvgpu_unregister();
	kshim_pci_remove(h_vfio.pdev);
	h_vfio.pdev = NULL;
	ck_assert_uint_eq(gspm_violation_count(h_vfio.m), 2);
	ck_assert_msg(strstr(gspm_violation(h_vfio.m, 1), "UNLOADING_GUEST_DRIVER: GFID 1's guest framebuffer 0x") &&
		      strstr(gspm_violation(h_vfio.m, 1), " was not scrubbed after VGPU_PLUGIN_CLEANUP"),
		      "%s", gspm_violation(h_vfio.m, 1));
	ck_assert_uint_eq(nvh_stop(&h_vfio), 2);
}
END_TEST

/* Open fails cleanly when the plugin never comes up and at every allocation. */
START_TEST(vfio_open_fails_cleanly)
{
	struct vfio_device *vd;
	size_t before;
	long n;
	int ret;

	start(&h_vfio);
	pick_types();
	vd = vfio_of(vf(&h_vfio, 0));
	ck_assert_int_eq(choose(vf(&h_vfio, 0), many), (ssize_t)strlen(many));
	before = kshim_bytes_allocated();
	gspm_inject(h_vfio.m, GSPM_FAULT_VGPU_PLUGIN_HANG, 1, 0, 1);
	ck_assert_int_eq(kshim_vfio_open(vd), -ETIMEDOUT);
	ck_assert(kshim_log_contains("vGPU GFID 1: the plugin did not bootload within 10000 ms"));
	ck_assert_uint_eq(kshim_bytes_allocated(), before);
	for (n = 0;; n++) {
		kshim_alloc_fail_after(n);
		ret = kshim_vfio_open(vd);
		kshim_alloc_fail_after(-1);
		if (!ret)
			break;
		ck_assert_uint_eq(kshim_bytes_allocated(), before);
		ck_assert_int_lt(n, 100);
	}
	ck_assert_int_gt(n, 3);
	kshim_vfio_close(vd);
	ck_assert_uint_eq(kshim_bytes_allocated(), before);
	ck_assert_uint_eq(gspm_violation_count(h_vfio.m), 0);
	stop(&h_vfio);
}
END_TEST

static int open_vf1(void *arg)
{
	return kshim_vfio_open(arg);
}

static ssize_t store_ret;

static int store_vf0(void *arg)
{
	store_ret = choose(arg, many);
	return 0;
}

static int remove_mgr(void *arg)
{
	nvvgpu_unregister();
	return 0;
}

/*
 * One round of a sysfs write on VF 0 and the manager's removal, both
 * queued on the manager's lock behind an open of VF 1 whose plugin never
 * answers (10 s); store_first: the write is queued first.
 */
static void race_round(struct nvh *h, bool store_first)
{
	struct kshim_task *a, *b, *c;

	gspm_inject(h->m, GSPM_FAULT_VGPU_PLUGIN_HANG, 2, 0, 1);
	a = kshim_task_start("open vf1", open_vf1, vfio_of(vf(h, 1)));
	kshim_run_for(1000 * 1000);
	if (store_first) {
		b = kshim_task_start("sysfs vf0", store_vf0, vf(h, 0));
		kshim_run_for(1000 * 1000);
		c = kshim_task_start("remove manager", remove_mgr, NULL);
	} else {
		c = kshim_task_start("remove manager", remove_mgr, NULL);
		kshim_run_for(1000 * 1000);
		b = kshim_task_start("sysfs vf0", store_vf0, vf(h, 0));
	}
	ck_assert_int_eq(kshim_task_join(a), -ETIMEDOUT);
	ck_assert_int_eq(kshim_task_join(b), 0);
	ck_assert_int_eq(kshim_task_join(c), 0);
}

/*
 * The manager goes while a sysfs write is in flight.  A write that found
 * the manager holds a reference and is answered before the removal goes
 * on; one that comes after the manager was unlisted gets -ENODEV; either
 * way nothing is used after it is freed (the ASan and valgrind builds
 * check) and the manager's memory goes with the last reference.  Then the
 * VF's attributes and its open answer -ENODEV until a manager binds again.
 */
START_TEST(sysfs_write_races_manager_removal)
{
	char buf[256];
	size_t before;

	start(&h_vfio);
	pick_types();
	before = kshim_bytes_allocated();
	ck_assert_int_eq(choose(vf(&h_vfio, 1), many), (ssize_t)strlen(many));
	race_round(&h_vfio, true);
	ck_assert_msg(store_ret == (ssize_t)strlen(many) || store_ret == -ENODEV, "store returned %zd",
		      store_ret);
	ck_assert_int_eq(choose(vf(&h_vfio, 0), many), -ENODEV);
	ck_assert_int_eq(creatable(vf(&h_vfio, 0), buf, sizeof(buf)), -ENODEV);
	ck_assert_int_eq(kshim_vfio_open(vfio_of(vf(&h_vfio, 1))), -ENODEV);

	ck_assert_int_eq(nvvgpu_register(), 0);
	kshim_settle();
	ck_assert_int_eq(choose(vf(&h_vfio, 1), many), (ssize_t)strlen(many));
	race_round(&h_vfio, false);
	ck_assert_int_eq(store_ret, -ENODEV);
	ck_assert_uint_lt(kshim_bytes_allocated(), before);	/* the manager's memory went */

	ck_assert_int_eq(nvvgpu_register(), 0);
	kshim_settle();
	ck_assert_int_eq(choose(vf(&h_vfio, 0), many), (ssize_t)strlen(many));
	ck_assert_uint_eq(gspm_violation_count(h_vfio.m), 0);
	stop(&h_vfio);
}
END_TEST

static int disable_vfs(void *arg)
{
	return kshim_pci_sriov_numvfs(arg, 0);
}

/*
 * The VF goes while a write to its current_vgpu_type is in flight (queued
 * on the manager's lock behind an open whose plugin never answers, the VFs'
 * removal behind it): the removal waits for the write to finish (the
 * group's drain), and whichever came first, the next VF 0 starts without a
 * type (spec/vgpu.md §2.11: the type is forgotten).
 */
START_TEST(sysfs_write_races_vf_removal)
{
	struct kshim_task *a, *b, *c;
	char buf[64];

	start(&h_vfio);
	pick_types();
	ck_assert_int_eq(choose(vf(&h_vfio, 1), many), (ssize_t)strlen(many));
	gspm_inject(h_vfio.m, GSPM_FAULT_VGPU_PLUGIN_HANG, 2, 0, 1);
	a = kshim_task_start("open vf1", open_vf1, vfio_of(vf(&h_vfio, 1)));
	kshim_run_for(1000 * 1000);
	b = kshim_task_start("sysfs vf0", store_vf0, vf(&h_vfio, 0));
	kshim_run_for(1000 * 1000);
	c = kshim_task_start("disable VFs", disable_vfs, h_vfio.pdev);
	ck_assert_int_eq(kshim_task_join(a), -ETIMEDOUT);
	ck_assert_int_eq(kshim_task_join(b), 0);
	ck_assert_int_eq(kshim_task_join(c), 0);
	ck_assert_int_eq(store_ret, (ssize_t)strlen(many));
	ck_assert_int_eq(pci_num_vf(h_vfio.pdev), 0);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h_vfio.pdev, 2), 0);
	kshim_settle();
	ck_assert_int_eq(current_type(vf(&h_vfio, 0), buf, sizeof(buf)), 2);
	ck_assert_str_eq(buf, "0\n");
	ck_assert_uint_eq(gspm_violation_count(h_vfio.m), 0);
	stop(&h_vfio);
}
END_TEST

/* ---- VF interrupts and the VF framebuffer BARs, end to end ------------------ */

/*
 * The VF's CPU interrupt tree (OGKM published/ampere/ga102/dev_vm.h) and the
 * vector a doorbell's completion raises, NV_CTRL_CPU_DOORBELL_VECTORID 0x81
 * (gh100 dev_vm_addendum.h): bit 0x81 % 32 = 1 of leaf 0x81 / 32 = 4, in
 * subtree 4 / 2 = 2 (dev_ctrl.h NV_CTRL_INTR_SUBTREE_TO_LEAF_IDX_START(i) = 2i).
 */
#define VF_INTR_LEAF(i)		(0x1000u + 4 * (i))
#define VF_INTR_LEAF_EN_SET(i)	(0x1200u + 4 * (i))
#define VF_INTR_TOP		0x1600u
#define VF_INTR_TOP_EN_SET	0x1608u
#define VF_INTR_TOP_EN_CLEAR	0x1610u
#define VF_INTR_LEAF_TRIGGER	0x1640u
#define DB_LEAF			4u
#define DB_BIT			(1u << 1)
#define DB_SUBTREE		(1u << 2)

/* The guest enables the doorbell vector's leaf bit and subtree. */
static void enable_db_vector(struct vmm *v)
{
	ck_assert_int_eq(bar0_wr(v, VF_INTR_LEAF_EN_SET(DB_LEAF), DB_BIT), 4);
	ck_assert_int_eq(bar0_wr(v, VF_INTR_TOP_EN_SET, DB_SUBTREE), 4);
}

/* A doorbell with token 0, then time for the model's advance and the IRQ. */
static void ring(struct vmm *v)
{
	ck_assert_int_eq(bar0_wr(v, VF_DOORBELL, 0), 4);
	kshim_run_for(1000);
}

static int msix_eventfd(struct vmm *v)
{
	int efd = eventfd(0, EFD_NONBLOCK);

	ck_assert_int_ge(efd, 0);
	ck_assert_int_eq(set_irq_fd(v, VFIO_PCI_MSIX_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD, 1, efd), 0);
	return efd;
}

/* VF 0 with a type, opened by the VMM, its MSI-X vector 0 on an eventfd. */
static struct pci_dev *open_vf0_with_msix(struct vmm *v, int *efd)
{
	struct pci_dev *d;

	start(&h_vfio);
	pick_types();
	d = vf(&h_vfio, 0);
	ck_assert_int_eq(choose(d, many), (ssize_t)strlen(many));
	ck_assert_int_eq(vmm_open(v, d), 0);
	*efd = msix_eventfd(v);
	return d;
}

START_TEST(vf_msix_after_doorbell_rounds)
{
	struct vmm v;
	int efd;

	open_vf0_with_msix(&v, &efd);
	/* Nothing enabled (the tree's reset value): pending, but no message. */
	ring(&v);
	ck_assert_uint_eq(bar0_rd(&v, VF_INTR_LEAF(DB_LEAF)), DB_BIT);
	ck_assert_uint_eq(bar0_rd(&v, VF_INTR_TOP), 0);
	ck_assert_uint_eq(fired(efd), 0);
	/* Enabling the pending vector's leaf and subtree raises the output: one message. */
	enable_db_vector(&v);
	kshim_run_for(1000);
	ck_assert_uint_eq(bar0_rd(&v, VF_INTR_TOP), DB_SUBTREE);
	ck_assert_uint_eq(fired(efd), 1);
	/* Still pending: another doorbell is no new edge. */
	ring(&v);
	ck_assert_uint_eq(fired(efd), 0);
	/* Three rounds of doorbell, message, the guest clearing the leaf: 3 messages. */
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(bar0_wr(&v, VF_INTR_LEAF(DB_LEAF), DB_BIT), 4);
		ck_assert_uint_eq(bar0_rd(&v, VF_INTR_TOP), 0);
		ring(&v);
	}
	ck_assert_uint_eq(fired(efd), 3);
	ck_assert_uint_eq(vf_state(&h_vfio, 0).doorbells, 5);
	ck_assert_uint_eq(vf_state(&h_vfio, 0).msix_sent, 4);
	/* The guest's own software interrupt (LEAF_TRIGGER, intrSetStallSWIntr). */
	ck_assert_int_eq(bar0_wr(&v, VF_INTR_LEAF(DB_LEAF), DB_BIT), 4);
	ck_assert_int_eq(bar0_wr(&v, VF_INTR_LEAF_TRIGGER, 0x81), 4);
	kshim_run_for(1000);
	ck_assert_uint_eq(fired(efd), 1);
	/* A vector in a disabled subtree (leaf 0, subtree 0) sends nothing. */
	ck_assert_int_eq(bar0_wr(&v, VF_INTR_LEAF_EN_SET(0), 1), 4);
	ck_assert_int_eq(bar0_wr(&v, VF_INTR_LEAF_TRIGGER, 0), 4);
	kshim_run_for(1000);
	ck_assert_uint_eq(bar0_rd(&v, VF_INTR_LEAF(0)), 1);
	ck_assert_uint_eq(fired(efd), 0);
	/* An FLR clears the tree: a doorbell after it is pending and silent again. */
	ck_assert_int_eq(kshim_vfio_ioctl(v.vd, VFIO_DEVICE_RESET, NULL), 0);
	ck_assert_uint_eq(bar0_rd(&v, VF_INTR_LEAF(DB_LEAF)), 0);
	ring(&v);
	ck_assert_uint_eq(fired(efd), 0);
	kshim_vfio_close(v.vd);
	close(efd);
	ck_assert_uint_eq(gspm_violation_count(h_vfio.m), 0);
	stop(&h_vfio);
}
END_TEST

START_TEST(vf_msix_masked_and_disabled)
{
	struct pci_dev *d;
	struct vmm v;
	int efd;

	d = open_vf0_with_msix(&v, &efd);
	enable_db_vector(&v);
	/* The vector masked: the message waits in the PBA, sent at unmask. */
	kshim_pci_msix_mask(d, true, false);
	ring(&v);
	ck_assert_uint_eq(fired(efd), 0);
	ck_assert(kshim_pci_msix_pending(d));
	kshim_pci_msix_mask(d, false, false);
	kshim_run_for(1000);
	ck_assert_uint_eq(fired(efd), 1);
	ck_assert(!kshim_pci_msix_pending(d));
	/* The Function Mask likewise. */
	ck_assert_int_eq(bar0_wr(&v, VF_INTR_LEAF(DB_LEAF), DB_BIT), 4);
	kshim_pci_msix_mask(d, false, true);
	ring(&v);
	ck_assert_uint_eq(fired(efd), 0);
	kshim_pci_msix_mask(d, false, false);
	kshim_run_for(1000);
	ck_assert_uint_eq(fired(efd), 1);
	/* Bus Master off (the VF's COMMAND; open set it, spec/vgpu.md §2.6): no message. */
	ck_assert_int_eq(bar0_wr(&v, VF_INTR_LEAF(DB_LEAF), DB_BIT), 4);
	pci_clear_master(d);
	ring(&v);
	ck_assert_uint_eq(fired(efd), 0);
	ck_assert(!kshim_pci_msix_pending(d));
	pci_set_master(d);
	ck_assert_int_eq(bar0_wr(&v, VF_INTR_LEAF(DB_LEAF), DB_BIT), 4);
	ring(&v);
	ck_assert_uint_eq(fired(efd), 1);
	/* SET_IRQS DATA_NONE with count 0: MSI-X off, the VF's message is dropped. */
	ck_assert_int_eq(set_irq_fd(&v, VFIO_PCI_MSIX_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE, 0, 0), 0);
	ck_assert_int_eq(bar0_wr(&v, VF_INTR_LEAF(DB_LEAF), DB_BIT), 4);
	ring(&v);
	ck_assert_uint_eq(vf_state(&h_vfio, 0).msix_sent, 5);
	ck_assert_uint_eq(fired(efd), 0);
	ck_assert(!kshim_pci_msix_pending(d));
	/* An eventfd of -1 turns it off too. */
	ck_assert_int_eq(set_irq_fd(&v, VFIO_PCI_MSIX_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD, 1, efd), 0);
	ck_assert_int_eq(set_irq_fd(&v, VFIO_PCI_MSIX_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD, 1, -1), 0);
	ck_assert_int_eq(bar0_wr(&v, VF_INTR_LEAF(DB_LEAF), DB_BIT), 4);
	ring(&v);
	ck_assert_uint_eq(vf_state(&h_vfio, 0).msix_sent, 6);
	ck_assert_uint_eq(fired(efd), 0);
	kshim_vfio_close(v.vd);
	close(efd);
	ck_assert_uint_eq(gspm_violation_count(h_vfio.m), 0);
	stop(&h_vfio);
}
END_TEST

START_TEST(vf_msix_reaches_only_its_vgpu)
{
	struct vmm v0, v1;
	int e0, e1;

	open_two(&v0, &v1);
	e0 = msix_eventfd(&v0);
	e1 = msix_eventfd(&v1);
	enable_db_vector(&v0);
	enable_db_vector(&v1);
	/* Interleaved: VF 0, VF 1, VF 0 (cleared between), each counted on its own eventfd. */
	ring(&v0);
	ck_assert_uint_eq(fired(e0), 1);
	ck_assert_uint_eq(fired(e1), 0);
	ck_assert_uint_eq(bar0_rd(&v1, VF_INTR_LEAF(DB_LEAF)), 0);
	ring(&v1);
	ck_assert_uint_eq(fired(e1), 1);
	ck_assert_uint_eq(fired(e0), 0);
	ck_assert_int_eq(bar0_wr(&v0, VF_INTR_LEAF(DB_LEAF), DB_BIT), 4);
	ring(&v0);
	ck_assert_uint_eq(fired(e0), 1);
	ck_assert_uint_eq(fired(e1), 0);
	/* VF 1's software interrupt and enables stay VF 1's. */
	ck_assert_int_eq(bar0_wr(&v1, VF_INTR_TOP_EN_CLEAR, DB_SUBTREE), 4);
	ck_assert_uint_eq(bar0_rd(&v0, VF_INTR_TOP_EN_SET), DB_SUBTREE);
	ck_assert_uint_eq(bar0_rd(&v1, VF_INTR_TOP_EN_SET), 0);
	kshim_vfio_close(v1.vd);
	kshim_vfio_close(v0.vd);
	close(e0);
	close(e1);
	ck_assert_uint_eq(gspm_violation_count(h_vfio.m), 0);
	stop(&h_vfio);
}
END_TEST

START_TEST(vf_fb_bars_reach_only_their_framebuffer)
{
	const unsigned int b1 = VFIO_PCI_BAR1_REGION_INDEX, b3 = VFIO_PCI_BAR3_REGION_INDEX;
	struct gspm_sriov sr;
	struct vmm v0, v1;
	u8 bytes[6] = { 1, 2, 3, 4, 5, 6 }, back[6];
	void *map;
	u64 end;

	open_two(&v0, &v1);
	gspm_pci_sriov(h_vfio.m, &sr);
	/* Each vGPU's BAR1 is its own framebuffer: a word written reads back, the other's is 0. */
	ck_assert_int_eq(region_wr(&v0, b1, 0, 0xa0a0a0a0), 4);
	ck_assert_int_eq(region_wr(&v0, b1, 0x10000, 0xa1a1a1a1), 4);
	ck_assert_uint_eq(region_rd(&v1, b1, 0), 0);
	ck_assert_int_eq(region_wr(&v1, b1, 0, 0xb0b0b0b0), 4);
	ck_assert_uint_eq(region_rd(&v0, b1, 0), 0xa0a0a0a0);
	ck_assert_uint_eq(region_rd(&v0, b1, 0x10000), 0xa1a1a1a1);
	ck_assert_uint_eq(region_rd(&v1, b1, 0), 0xb0b0b0b0);
	ck_assert_uint_eq(region_rd(&v1, b1, 0x10000), 0);
	/* Unaligned byte runs, as vfio_pci_bar_rw passes them on. */
	ck_assert_int_eq(kshim_vfio_pwrite(v0.vd, bytes, sizeof(bytes), v0.ri[b1].offset + 0x2001),
			 (ssize_t)sizeof(bytes));
	ck_assert_int_eq(kshim_vfio_pread(v0.vd, back, sizeof(back), v0.ri[b1].offset + 0x2001),
			 (ssize_t)sizeof(back));
	ck_assert_mem_eq(back, bytes, sizeof(bytes));
	ck_assert_uint_eq(region_rd(&v0, b1, 0x2000), 0x03020100);
	/* The last word of the region, and nothing past it. */
	end = v0.ri[b1].size;
	ck_assert_int_eq(region_wr(&v0, b1, end - 4, 0xa2a2a2a2), 4);
	ck_assert_uint_eq(region_rd(&v0, b1, end - 4), 0xa2a2a2a2);
	ck_assert_int_eq(region_wr(&v0, b1, end, 1), -EINVAL);
	ck_assert_int_eq(kshim_vfio_pwrite(v0.vd, bytes, 6, v0.ri[b1].offset + end - 4), -EINVAL);
	/*
	 * FUNC_BAR1/BAR2_BLOCK reset to PHYSICAL mode (gh100 dev_vm.h): BAR3 offset
	 * o is the same FB address o as BAR1's, the vGPU's own.
	 */
	ck_assert_int_eq(region_wr(&v0, b3, 0x3000, 0xc0c0c0c0), 4);
	ck_assert_uint_eq(region_rd(&v0, b1, 0x3000), 0xc0c0c0c0);
	ck_assert_uint_eq(region_rd(&v0, b3, 0), 0xa0a0a0a0);
	ck_assert_uint_eq(region_rd(&v1, b3, 0x3000), 0);
	ck_assert_uint_eq(region_rd(&v1, b3, 0), 0xb0b0b0b0);
	ck_assert_int_eq(region_wr(&v0, b3, v0.ri[b3].size, 1), -EINVAL);
	/* FUNC_BAR1_BLOCK MODE (9:9) VIRTUAL: not modelled, nothing behind BAR1 until PHYSICAL again. */
	ck_assert_int_eq(bar0_wr(&v0, 0xf60, 1u << 9), 4);
	ck_assert_uint_eq(region_rd(&v0, b1, 0), 0);
	ck_assert_uint_eq(region_rd(&v0, b3, 0), 0xa0a0a0a0);
	ck_assert_int_eq(bar0_wr(&v0, 0xf60, 0), 4);
	ck_assert_uint_eq(region_rd(&v0, b1, 0), 0xa0a0a0a0);
	/* mmap (vfio_pci_core_mmap): BAR1 and BAR3 pages reach the same words; BAR0 is trapped. */
	ck_assert_int_eq(kshim_vfio_mmap(v0.vd, v0.ri[b1].offset, 0x20000, &map), 0);
	ck_assert_uint_eq(readl((char *)map + 0x10000), 0xa1a1a1a1);
	writel(0xa3a3a3a3, (char *)map + 0x4000);
	ck_assert_uint_eq(region_rd(&v0, b1, 0x4000), 0xa3a3a3a3);
	ck_assert_uint_eq(region_rd(&v1, b1, 0x4000), 0);
	ck_assert_int_eq(kshim_vfio_mmap(v1.vd, v1.ri[b3].offset + 0x3000, 0x1000, &map), 0);
	ck_assert_uint_eq(readl(map), 0);
	writel(0xb3b3b3b3, map);
	ck_assert_uint_eq(region_rd(&v1, b1, 0x3000), 0xb3b3b3b3);
	ck_assert_uint_eq(region_rd(&v0, b1, 0x3000), 0xc0c0c0c0);
	ck_assert_int_eq(kshim_vfio_mmap(v0.vd, v0.ri[VFIO_PCI_BAR0_REGION_INDEX].offset, 0x1000, &map),
			 -EINVAL);
	ck_assert_int_eq(kshim_vfio_mmap(v0.vd, v0.ri[b1].offset + end, 0x1000, &map), -EINVAL);
	ck_assert_int_eq(kshim_vfio_mmap(v0.vd, v0.ri[b3].offset, v0.ri[b3].size + 0x1000, &map), -EINVAL);
	/* The model's VF BAR1 aperture: VF 1's slice starts one BAR further. */
	ck_assert_uint_eq(gspm_vf_bar_read32(h_vfio.m, 1, sr.vf_bar1_size), 0xb0b0b0b0);
	kshim_vfio_close(v1.vd);
	kshim_vfio_close(v0.vd);
	/* With the vGPU gone, nothing is behind the VF's BAR1. */
	ck_assert_uint_eq(gspm_vf_bar_read32(h_vfio.m, 1, 0), 0);
	ck_assert_uint_eq(gspm_violation_count(h_vfio.m), 0);
	stop(&h_vfio);
}
END_TEST

/* ---- the vGPU metadata file (driver/vgpu/meta.c, spec/vgpu.md §1.6) ------- */

/*
 * The generated file (emu/fwgen/mkfw.c gen_vgpu_meta), read back, and
 * damaged copies of it, each failing one check.  Offsets by hand from the
 * RFC v2 layout (docs/vgpu.md "The metadata file"): a 232-byte header
 * (crc32 at 8, vgpu_major 16, vgpu_minor 24, gsp_build_version 160,
 * num_blobs 224); blob 0 (AD102, device 0x26b9) at 0xe8 = 232: 16 + 56
 * header bytes, 10 records of 64 bytes from 304 (0x130), then the
 * 334344-byte PGPU_ADD_VGPU_TYPE parameters (spec/abi/570.144.layout.tsv):
 * 72 + 640 + 334344 = 335056 bytes; blob 1 (GH100, 0x2331) at 232 + 335056
 * = 335288 (0x51db8): 72 + 8 x 64 + 334344 = 334928 bytes; 670216 in all,
 * so num_blobs may be 1..(670216 - 232) / 16 = 41874.  The type header's
 * u64 fields follow the blob header: device_id +16, info offset +24, info
 * size +32, kernel_struct_size +40, num_kernel_structs +48, gsp_rmctrl_cmd
 * +56, gsp_rmctrl_size +64.
 */
#define META_NAME	"nvidia/vgpu-570.144.bin"
#define META_SIZE	670216u
#define BLOB0		232u
#define BLOB1		335288u
#define BLOB0_SIZE	335056u
#define BLOB1_SIZE	334928u

static u8 meta_ok[META_SIZE], meta_bad[META_SIZE];
static char meta_dir[64];

static void meta_read(void)
{
	FILE *f = fopen(NVCORE_TEST_FW_DIR "/" META_NAME, "rb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(meta_ok, 1, sizeof(meta_ok), f), META_SIZE);
	ck_assert_int_eq(fgetc(f), EOF);
	fclose(f);
	memcpy(meta_bad, meta_ok, sizeof(meta_bad));
}

static void put64(u8 *b, size_t off, u64 v)
{
	memcpy(b + off, &v, 8);
}

/*
 * The header's crc32: the kernel's crc32_le(0xffffffff, bytes 16..end),
 * not inverted (RFC v2 metadata.c).  crc32_le is the kernel library's (kshim
 * checks it against CRC-32's check value, kshim_test.c); the semantics the
 * RFC relies on are checked by hand in metadata_crc_is_the_kernels.
 */
static void meta_fix_crc(u8 *b, size_t n)
{
	u32 crc = crc32_le(~0u, b + 16, n - 16);

	memcpy(b + 8, &crc, 4);
}

/*
 * Register the manager with meta_bad's first n bytes as the only file in
 * a firmware directory of its own (none at all for n 0), the GPU booted
 * from the test tree: the probe's result as the bus logs it.
 */
static void meta_attach(struct nvh *h, size_t n, bool fix_crc)
{
	char path[128];
	FILE *f;

	snprintf(meta_dir, sizeof(meta_dir), "/tmp/nvvgpu-meta-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(meta_dir));
	snprintf(path, sizeof(path), "%s/nvidia", meta_dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	if (n) {
		if (fix_crc)
			meta_fix_crc(meta_bad, n);
		snprintf(path, sizeof(path), "%s/%s", meta_dir, META_NAME);
		f = fopen(path, "wb");
		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fwrite(meta_bad, 1, n, f), n);
		ck_assert_int_eq(fclose(f), 0);
	}
	kshim_set_firmware_dir(meta_dir);
	kshim_log_clear();
	ck_assert_int_eq(nvvgpu_register(), 0);
	kshim_settle();
	kshim_set_firmware_dir(NVCORE_TEST_FW_DIR);
	if (n) {
		ck_assert_int_eq(unlink(path), 0);
	}
	snprintf(path, sizeof(path), "%s/nvidia", meta_dir);
	ck_assert_int_eq(rmdir(path), 0);
	ck_assert_int_eq(rmdir(meta_dir), 0);
}

/* How often s is in the kernel log. */
static unsigned int log_count(const char *s)
{
	static char log[1 << 16];
	unsigned int n = 0;
	const char *p = log;

	kshim_log_copy(log, sizeof(log));
	while ((p = strstr(p, s))) {
		n++;
		p += strlen(s);
	}
	return n;
}

/*
 * The manager refuses the file: the probe fails with err, one log line
 * names the check (want), no manager is left and nothing stays allocated.
 */
static void meta_refused(struct nvh *h, size_t n, bool fix_crc, int err, const char *want)
{
	size_t before = kshim_bytes_allocated();
	struct nvvgpu_type t;
	char line[256], probe[64];

	meta_attach(h, n, fix_crc);
	snprintf(line, sizeof(line), "vGPU manager: " META_NAME ": %s", want);
	ck_assert_msg(kshim_log_contains(line), "log lacks \"%s\"", line);
	ck_assert_uint_eq(log_count("vGPU manager: " META_NAME), 1);
	snprintf(probe, sizeof(probe), "probe with driver nvidia_vgpu_vfio.vgpu failed with error %d", err);
	ck_assert_msg(kshim_log_contains(probe), "log lacks \"%s\"", probe);
	ck_assert_int_eq(nvvgpu_types_of(h->pdev, &t, 1), -ENODEV);
	nvvgpu_unregister();
	ck_assert_uint_eq(kshim_bytes_allocated(), before);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	memcpy(meta_bad, meta_ok, sizeof(meta_bad));
}

/* Boot with nvcore.vgpu=2 and no manager yet. */
static void start_bare(struct nvh *h)
{
	struct nvh_opts o = nvh_defaults();

	o.before_probe = set_vgpu;
	boot_ok_with(h, &o);
	meta_read();
}

/* crc32_le as the RFC calls it: seed 0xffffffff, no final inversion. */
START_TEST(metadata_crc_is_the_kernels)
{
	/*
	 * By hand: CRC-32 (IEEE, reflected, zlib's crc32()) of "123456789" is
	 * 0xcbf43926, its published check value; crc32_le(~0, ...) leaves out
	 * the final inversion, so it is ~0xcbf43926 = 0x340bc6d9.
	 */
	ck_assert_uint_eq(crc32_le(~0u, (const u8 *)"123456789", 9), 0x340bc6d9);
	/* The generated file's header holds exactly that CRC of its bytes 16..end. */
	meta_read();
	memcpy(meta_bad, meta_ok, sizeof(meta_bad));
	meta_fix_crc(meta_bad, META_SIZE);
	ck_assert_mem_eq(meta_bad, meta_ok, 16);
	ck_assert_mem_eq(meta_ok, "NVVGPUMT", 8);
}
END_TEST

/* Every check of the file, in the RFC's order, each fed the one bad input. */
START_TEST(metadata_each_check_refuses)
{
	static const char *const fields[] = {
		"device_id", "gsp_rmctrl_vgpu_info_offset", "gsp_rmctrl_vgpu_info_size",
		"kernel_struct_size", "num_kernel_structs", "gsp_rmctrl_cmd", "gsp_rmctrl_size",
	};
	struct nvh h;
	char want[200];
	u32 crc;

	start_bare(&h);
	/* No file at all: -ENOENT, naming the file and where to read about it. */
	meta_refused(&h, 0, false, -ENOENT, "cannot load it: -2 (NVIDIA's vGPU metadata file for GSP-RM 570.144");
	/* The file no larger than its header. */
	meta_refused(&h, 232, true, -EINVAL, "232 bytes, no larger than the 232-byte header");
	/* One byte changed past the CRC's start, the CRC left as it was. */
	meta_bad[META_SIZE - 1] ^= 1;
	memcpy(&crc, meta_ok + 8, 4);
	snprintf(want, sizeof(want), "of bytes 16..670215 is not the header's 0x%08x (offset 8)", crc);
	meta_refused(&h, META_SIZE, false, -EINVAL, "CRC32 0x");
	meta_bad[META_SIZE - 1] ^= 1;
	meta_bad[20] ^= 1;
	meta_attach(&h, META_SIZE, false);
	ck_assert_msg(kshim_log_contains(want), "log lacks \"%s\"", want);
	nvvgpu_unregister();
	memcpy(meta_bad, meta_ok, sizeof(meta_bad));
	/* The identifier. */
	meta_bad[7] = 'X';
	meta_refused(&h, META_SIZE, true, -EINVAL, "identifier at offset 0 is not \"NVVGPUMT\"");
	/* num_blobs 0 and one past what the file can hold. */
	put64(meta_bad, 224, 0);
	meta_refused(&h, META_SIZE, true, -EINVAL, "num_blobs 0 at offset 224 is not 1..41874");
	put64(meta_bad, 224, 41875);
	meta_refused(&h, META_SIZE, true, -EINVAL, "num_blobs 41875 at offset 224 is not 1..41874");
	/* Another GSP-RM's file, and versions this driver does not speak. */
	memcpy(meta_bad + 160, "570.145", 7);
	meta_refused(&h, META_SIZE, true, -EINVAL,
		     "gsp_build_version \"570.145\" at offset 160 is not the running GSP-RM's \"570.144\"");
	memset(meta_bad + 160, 'x', 64);
	meta_refused(&h, META_SIZE, true, -EINVAL, "gsp_build_version \"xxxxxxxx");
	put64(meta_bad, 16, 17);
	meta_refused(&h, META_SIZE, true, -EINVAL,
		     "vGPU 17.1 on GSP-RM 570.144 (offset 16) is not a version this driver supports (18.1 on 570.144)");
	put64(meta_bad, 24, 2);
	meta_refused(&h, META_SIZE, true, -EINVAL, "vGPU 18.2 on GSP-RM 570.144 (offset 16) is not");
	/* A blob type past METADATA_BLOB_MAX (only 0, the vGPU type blob, exists). */
	put64(meta_bad, BLOB0, 1);
	meta_refused(&h, META_SIZE, true, -EINVAL,
		     "blob 0 at offset 0xe8: type 1 is not below 1 (METADATA_BLOB_MAX)");
	/* Blob sizes: past the end, no larger than its header, smaller than a type blob's headers. */
	put64(meta_bad, BLOB1 + 8, BLOB1_SIZE + 1);
	meta_refused(&h, META_SIZE, true, -EINVAL,
		     "blob 1 at offset 0x51db8: size 334929 is not 17..334928 (the bytes left)");
	put64(meta_bad, BLOB1 + 8, 16);
	meta_refused(&h, META_SIZE, true, -EINVAL, "blob 1 at offset 0x51db8: size 16 is not 17..334928");
	put64(meta_bad, BLOB1 + 8, 71);
	meta_refused(&h, META_SIZE, true, -EINVAL,
		     "blob 1 at offset 0x51db8: size 71 is smaller than the 72 header bytes of a vGPU type blob");
	/* A third blob whose header would start at the file's end (0xa3a08 = 670216). */
	put64(meta_bad, 224, 3);
	meta_refused(&h, META_SIZE, true, -EINVAL,
		     "blob 2 at offset 0xa3a08: its header runs past the end (670216 bytes)");
	/* Each type header field zero in turn. */
	for (unsigned int f = 0; f < ARRAY_SIZE(fields); f++) {
		put64(meta_bad, BLOB0 + 16 + 8 * f, 0);
		snprintf(want, sizeof(want), "blob 0 at offset 0xe8: vGPU type field %s is 0", fields[f]);
		meta_refused(&h, META_SIZE, true, -EINVAL, want);
	}
	put64(meta_bad, BLOB1 + 56, 0x120804003ull);
	meta_refused(&h, META_SIZE, true, -EINVAL,
		     "blob 1 at offset 0x51db8: device_id 0x2331 (16 bits) or gsp_rmctrl_cmd 0x120804003 (32 bits) out of range");
	/* The records' size, the blob's exact size, the vgpuInfo window. */
	put64(meta_bad, BLOB0 + 16 + 24, 639);
	meta_refused(&h, META_SIZE, true, -EINVAL,
		     "blob 0 at offset 0xe8: kernel_struct_size 639 is not num_kernel_structs 10 (at most 64) x 64 bytes");
	put64(meta_bad, BLOB0 + 16 + 32, 65);
	put64(meta_bad, BLOB0 + 16 + 24, 65 * 64);
	meta_refused(&h, META_SIZE, true, -EINVAL, "blob 0 at offset 0xe8: kernel_struct_size 4160 is not num_kernel_structs 65 (at most 64) x 64 bytes");
	put64(meta_bad, BLOB0 + 64, 334336);
	meta_refused(&h, META_SIZE, true, -EINVAL,
		     "blob 0 at offset 0xe8: size 335056 is not 72 + kernel_struct_size 640 + gsp_rmctrl_size 334336");
	put64(meta_bad, BLOB0 + 16 + 16, 334344);
	meta_refused(&h, META_SIZE, true, -EINVAL,
		     "blob 0 at offset 0xe8: 10 vgpuInfo records of 334344 bytes at 8 do not fit the 334344-byte RM control (at most 1048576)");
	/* A record of no use: max_instance 0 (record 1 at 304 + 64, max_instance at +4). */
	memset(meta_bad + 304 + 64 + 4, 0, 4);
	meta_refused(&h, META_SIZE, true, -EINVAL,
		     "blob 0 record 1 at offset 0x170: a zero id, max_instance, fb_length or gsp_heap_size, or a name without NUL");
	/* No blob for this GPU: both blobs for another device. */
	put64(meta_bad, BLOB0 + 16, 0x1234);
	put64(meta_bad, BLOB1 + 16, 0x1234);
	snprintf(want, sizeof(want), "0 vGPU types for PCI device 0x%04x in its 2 blobs (1..64 are needed)",
		 nvh_target.chip == GSPM_CHIP_GH100 ? 0x2331 : 0x26b9);
	meta_refused(&h, META_SIZE, true, -EINVAL, want);
	/* Nothing was sent: the model holds no type. */
	ck_assert_uint_eq(gspm_vgpu_types(h.m, NULL, 0), 0);
	/* The good file after all that: the manager comes up. */
	meta_attach(&h, META_SIZE, false);
	ck_assert_int_eq(nvvgpu_types_of(h.pdev, NULL, 0), nvh_target.chip == GSPM_CHIP_GH100 ? 8 : 10);
	nvvgpu_unregister();
	stop_clean(&h);
}
END_TEST

/*
 * The blob's control reaches GSP-RM: the model holds the records it was
 * sent.  Expected values: AD102 ids 941..950 and names (spec/vgpu.md §1.5),
 * max_instance min(48 / N, 32) by hand; GH100 the generator's documented
 * assumptions (ids from 1001, 80 / N instances); N GiB of framebuffer,
 * 32 MiB heaps, 256 MiB BAR1 (assumptions, docs/vgpu.md).  A control
 * GSP-RM refuses fails the attach, one line naming it.
 */
START_TEST(metadata_types_reach_the_model)
{
	static const u32 ad_gib[] = { 1, 2, 3, 4, 6, 8, 12, 16, 24, 48 };
	static const u32 gh_gib[] = { 4, 5, 8, 10, 16, 20, 40, 80 };
	bool gh = nvh_target.chip == GSPM_CHIP_GH100;
	const u32 *gib = gh ? gh_gib : ad_gib;
	unsigned int n = gh ? 8 : 10, i;
	struct gspm_vgpu_type got[64];
	size_t before;
	char name[32];
	struct nvh h;

	start_bare(&h);
	meta_attach(&h, META_SIZE, false);
	ck_assert(kshim_log_contains(gh ? "vGPU manager: 8 vGPU types for gh100" :
				     "vGPU manager: 10 vGPU types for ad102"));
	ck_assert_uint_eq(gspm_vgpu_types(h.m, got, 64), n);
	for (i = 0; i < n; i++) {
		if (gh)
			snprintf(name, sizeof(name), "NVIDIA H100-%uC", gib[i]);
		else
			snprintf(name, sizeof(name), "NVIDIA RTX6000-Ada-%uQ", gib[i]);
		ck_assert_uint_eq(got[i].id, (gh ? 1001 : 941) + i);
		ck_assert_str_eq(got[i].name, name);
		ck_assert_uint_eq(got[i].max_instance, gh ? 80 / gib[i] : min(48 / gib[i], 32u));
		ck_assert_uint_eq(got[i].fb_length, (u64)gib[i] << 30);
		ck_assert_uint_eq(got[i].gsp_heap_size, 32ull << 20);
		ck_assert_uint_eq(got[i].bar1_length, 256);
	}
	/* The manager's copy: the same records, for sysfs. */
	load_types(&h);
	ck_assert_uint_eq(ntypes, n);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(types[i].id, got[i].id);
		ck_assert_str_eq(types[i].name, got[i].name);
		ck_assert_uint_eq(types[i].max_instance, got[i].max_instance);
	}
	nvvgpu_unregister();

	/* GSP-RM refuses the upload: the attach fails, nothing stays allocated. */
	before = kshim_bytes_allocated();
	kshim_log_clear();
	attach_faulted(&h, GSPM_FAULT_VGPU_CTRL_STATUS, 0x20804003, 0x1f,
		       "vGPU manager: RM control 0x20804003 (334344 bytes) failed: -121 (status 0x1f)");
	ck_assert(kshim_log_contains("probe with driver nvidia_vgpu_vfio.vgpu failed with error -121"));
	ck_assert_int_eq(nvvgpu_types_of(h.pdev, NULL, 0), -ENODEV);
	nvvgpu_unregister();
	ck_assert_uint_eq(kshim_bytes_allocated(), before);

	/*
	 * GSP_GET_FEATURES names the file: another version is another file
	 * (none here); bValid 0 or a version without NUL refuse the GPU.
	 */
	attach_faulted(&h, GSPM_FAULT_FEATURES_VERSION, 76, 0,
		       "vGPU manager: nvidia/vgpu-9.9.9-gspm.bin: cannot load it: -2");
	nvvgpu_unregister();
	attach_faulted(&h, GSPM_FAULT_FEATURES_VERSION, 76, 1,
		       "vGPU manager: GSP_GET_FEATURES failed: -71 (status 0x0, bValid 1, firmwareVersion without NUL)");
	nvvgpu_unregister();
	attach_faulted(&h, GSPM_FAULT_FEATURES_INVALID, 76, 0,
		       "vGPU manager: GSP_GET_FEATURES failed: -71 (status 0x0, bValid 0)");
	nvvgpu_unregister();
	ck_assert_uint_eq(kshim_bytes_allocated(), before);

	/* Every allocation of the attach failing in turn (the file's included): nothing leaks. */
	for (i = 0;; i++) {
		kshim_alloc_fail_after(i);
		ck_assert_int_eq(nvvgpu_register(), 0);
		kshim_settle();
		kshim_alloc_fail_after(-1);
		if (nvvgpu_types_of(h.pdev, NULL, 0) > 0)
			break;
		nvvgpu_unregister();
		ck_assert_uint_eq(kshim_bytes_allocated(), before);
		ck_assert_uint_lt(i, 200);
	}
	/* Five or more allocations failed in turn (the control is sent from the file: no copy). */
	ck_assert_uint_ge(i, 5);
	nvvgpu_unregister();
	ck_assert_uint_eq(kshim_bytes_allocated(), before);
	ck_assert_uint_eq(gspm_violation_count(h.m), 0);
	stop_clean(&h);
}
END_TEST

/*
 * The model's rules on PGPU_ADD_VGPU_TYPE and on vGPUs of types it does
 * not hold, fed by hand through the test client (start_tc uploaded type
 * 941 with discardVgpuTypes).
 */
START_TEST(model_refuses_types_never_uploaded)
{
	const u64 fb = 30ull << 30, heap = 29ull << 30;
	struct gspm_vgpu_type got[64];
	unsigned int v = 0;
	u32 status = 0;
	struct nvh h;

	start_tc(&h);
	ck_assert_uint_eq(gspm_vgpu_types(h.m, got, 64), 1);
	ck_assert_uint_eq(got[0].id, TC_TYPE);
	ck_assert_str_eq(got[0].name, "type 941");
	ck_assert_uint_eq(got[0].max_instance, 4);
	/* Without discardVgpuTypes the types add up (941 again replaces itself); with it they go. */
	ck_assert_int_eq(add_types(false, 3, 940), 0);
	ck_assert_uint_eq(gspm_vgpu_types(h.m, got, 64), 3);
	ck_assert_uint_eq(got[0].id, TC_TYPE);
	ck_assert_uint_eq(got[1].id, 940);
	ck_assert_uint_eq(got[2].id, 942);
	ck_assert_int_eq(add_types(true, 2, 960), 0);
	ck_assert_uint_eq(gspm_vgpu_types(h.m, got, 64), 2);
	ck_assert_uint_eq(got[0].id, 960);
	/* vgpuInfoCount past NVA081_MAX_VGPU_TYPES_PER_PGPU; too many held; a wrong size. */
	ck_assert_int_eq(add_types(true, 65, 1), -EREMOTEIO);
	violated(&h, ++v, "PGPU_ADD_VGPU_TYPE: vgpuInfoCount 65 is more than NVA081_MAX_VGPU_TYPES_PER_PGPU (64)");
	ck_assert_int_eq(add_types(false, 63, 1), -EREMOTEIO);
	violated(&h, ++v, "PGPU_ADD_VGPU_TYPE: 2 types held and 63 new are more than NVA081_MAX_VGPU_TYPES_PER_PGPU (64)");
	ck_assert_int_eq(nvcore_rm_control(nvh_tc.client, H_SUB, 0x20804003u, add_params, 8, &status),
			 -EREMOTEIO);
	ck_assert_uint_eq(status, 0x1f);
	ck_assert_uint_eq(gspm_vgpu_types(h.m, got, 64), 2);
	/* A bootload of a type GSP-RM does not hold (941 was discarded). */
	ck_assert_int_eq(boot_plugin(1, fb, heap), -EREMOTEIO);
	violated(&h, ++v, "BOOTLOAD_GSP_VGPU_PLUGIN_TASK GFID 1: vGPU type 941 was never uploaded with PGPU_ADD_VGPU_TYPE (2 types held)");
	/* Held again: the bootload goes (unscrubbed FB flagged), then SETUP_CONFIG names type 942. */
	ck_assert_int_eq(add_types(false, 1, TC_TYPE), 0);
	ck_assert_int_eq(boot_plugin(1, fb, heap), 0);
	violated(&h, ++v, "GFID 1: guest framebuffer 0x780000000+0x40000000 was not scrubbed");
	kshim_run_for(2000000);
	gspm_mmio_write32(h.m, 0x1700, (u32)(heap >> 16));
	shm_wr(&h, heap, 0, 1);			/* version */
	shm_wr(&h, heap, 0x2000 + 28, 942);	/* config vgpu_type */
	for (u32 i = 0; i < 2; i++)
		plugin_rpc(&h, heap, i + 1, i + 1);	/* VERSION, CONFIG */
	violated(&h, ++v, "vGPU RPC 2 SETUP_CONFIG_PARAMS_AND_INIT GFID 1: vGPU type 942 was never uploaded with PGPU_ADD_VGPU_TYPE (3 types held)");
	ck_assert_int_eq(ctl_gfid(CMD_SHUTDOWN, 1), 0);
	ck_assert_int_eq(ctl_gfid(CMD_CLEANUP, 1), 0);
	ck_assert_uint_eq(gspm_violation_count(h.m), v);
	nvh_tclient_stop();
	/* ... and the unload names the FB nothing scrubbed after the cleanup. */
	ck_assert_uint_eq(nvh_stop(&h), v + 1);
}
END_TEST

/* A bootload before any PGPU_ADD_VGPU_TYPE: GSP-RM holds no type at all. */
START_TEST(model_refuses_bootload_before_any_upload)
{
	struct nvh_opts o = nvh_defaults();
	struct nvh h;

	o.before_probe = set_vgpu;
	o.strict = false;
	boot_ok_with(&h, &o);
	ck_assert_int_eq(nvh_tclient_start(NVCORE_API_VERSION), 0);
	ck_assert_int_eq(nvcore_rm_alloc(nvh_tc.client, nvcore_client_handle(nvh_tc.client), H_DEV,
					 NVVGPU_CLASS_DEVICE, NULL, 0, NULL), 0);
	ck_assert_int_eq(nvcore_rm_alloc(nvh_tc.client, H_DEV, H_SUB, NVVGPU_CLASS_SUBDEVICE, NULL,
					 0, NULL), 0);
	ck_assert_int_eq(boot_plugin(1, 30ull << 30, 29ull << 30), -EREMOTEIO);
	violated(&h, 1, "BOOTLOAD_GSP_VGPU_PLUGIN_TASK GFID 1: vGPU type 941 before any PGPU_ADD_VGPU_TYPE (0x20804003) upload");
	nvh_tclient_stop();
	ck_assert_uint_eq(nvh_stop(&h), 1);
}
END_TEST

Suite *vgpumgr_suite(void)
{
	Suite *s = suite_create("vgpumgr");
	TCase *tc = tcase_create("vgpumgr");

	tcase_add_test(tc, ad102_types_are_the_specs);
	tcase_add_test(tc, type_selection_errors);
	tcase_add_test(tc, create_and_destroy_one_then_two);
	tcase_add_test(tc, each_create_step_fails_cleanly);
	tcase_add_test(tc, vfs_disabled_under_a_vgpu);
	tcase_add_test(tc, refused_on_ga102_and_without_vgpu);
	tcase_add_test(tc, manager_asks_vmmu_and_ecc);
	tcase_add_test(tc, model_flags_wrong_orders);
	tcase_add_test(tc, model_checks_the_copy_engine_and_the_scrub);
	tcase_add_test(tc, model_checks_schedule_before_bind);
	tcase_add_test(tc, model_checks_an_empty_gpfifo_entry);
	tcase_add_test(tc, model_flags_config_before_version);
	suite_add_tcase(s, tc);

	tc = tcase_create("meta");
	tcase_add_test(tc, metadata_crc_is_the_kernels);
	tcase_add_test(tc, metadata_each_check_refuses);
	tcase_add_test(tc, metadata_types_reach_the_model);
	tcase_add_test(tc, model_refuses_types_never_uploaded);
	tcase_add_test(tc, model_refuses_bootload_before_any_upload);
	suite_add_tcase(s, tc);

	tc = tcase_create("vfio");
	tcase_add_test(tc, vfio_open_regions_config_close);
	tcase_add_test(tc, vfio_two_vgpus_are_isolated);
	tcase_add_test(tc, vfio_reset_and_flr_during_traffic);
	tcase_add_test(tc, vfio_interrupts_through_eventfds);
	tcase_add_test(tc, vfio_pf_unbind_with_an_open_vf);
	tcase_add_test(tc, vfio_open_fails_cleanly);
	tcase_add_test(tc, vfio_reset_and_close_scrub_the_framebuffer);
	tcase_add_test(tc, vfio_scrub_timeouts);
	tcase_add_test(tc, sysfs_write_races_manager_removal);
	tcase_add_test(tc, sysfs_write_races_vf_removal);
	suite_add_tcase(s, tc);

	tc = tcase_create("vfirq");
	tcase_add_test(tc, vf_msix_after_doorbell_rounds);
	tcase_add_test(tc, vf_msix_masked_and_disabled);
	tcase_add_test(tc, vf_msix_reaches_only_its_vgpu);
	tcase_add_test(tc, vf_fb_bars_reach_only_their_framebuffer);
	suite_add_tcase(s, tc);
	return s;
}
