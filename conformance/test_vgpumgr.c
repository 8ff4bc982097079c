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
 *  - doorbell BAR0 0xB80000 + 0x2200, value gfid * 32 + 17 (spec/vgpu.md §2.8).
 */
#include <string.h>

#include "common.h"
#include "nvvgpu.h"
#include "nvvgpu_fw.h"

#define CMD_BOOTLOAD		0x20804001u
#define CMD_SHUTDOWN		0x20804002u
#define CMD_CLEANUP		0x20804008u
#define DOORBELL		0xb82200u

static void set_vgpu(struct nvh *h)
{
	ck_assert_int_eq(kshim_set_param("nvcore", "vgpu", "2"), 0);
}

/* Boot with nvcore.vgpu=2, the manager bound, two VFs enabled. */
static void start(struct nvh *h)
{
	struct nvh_opts o = nvh_defaults();

	o.before_probe = set_vgpu;
	boot_ok_with(h, &o);
	ck_assert_int_eq(nvvgpu_register(), 0);
	kshim_settle();
	ck_assert(kshim_log_contains("vGPU manager: "));
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h->pdev, 2), 0);
	kshim_settle();
}

static void stop(struct nvh *h)
{
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h->pdev, 0), 0);
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

static ssize_t choose(struct pci_dev *d, const char *id)
{
	return nvvgpu_current_type_store(d, id, strlen(id));
}

static const struct nvvgpu_type_table *table(void)
{
	const struct nvvgpu_type_table *t = nvvgpu_types_for(gspm_chip_name(nvh_target.chip));

	ck_assert_ptr_nonnull(t);
	return t;
}

/* The type with the fewest instances (1) and the one with the most. */
static char few[16], many[16];

static void pick_types(void)
{
	const struct nvvgpu_type_table *t = table();

	ck_assert_uint_eq(t->types[t->count - 1].max_instance, 1);
	snprintf(few, sizeof(few), "%u", t->types[t->count - 1].id);
	snprintf(many, sizeof(many), "%u", t->types[0].id);
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
	ck_assert_int_eq(nvvgpu_creatable_types_show(vf(&h, 0), buf, sizeof(buf)), strlen(want));
	ck_assert_str_eq(buf, want);
	ck_assert_int_eq(nvvgpu_current_type_show(vf(&h, 1), buf, sizeof(buf)), 2);
	ck_assert_str_eq(buf, "0\n");
	stop(&h);
}
END_TEST

START_TEST(type_selection_errors)
{
	char buf[1024], line[64];
	struct nvh h;

	start(&h);
	pick_types();
	ck_assert_int_eq(choose(vf(&h, 0), "abc"), -EINVAL);
	ck_assert_int_eq(choose(vf(&h, 0), "1"), -ENODEV);
	ck_assert(kshim_log_contains("current_vgpu_type 1 refused: no such vGPU type"));
	ck_assert_int_eq(choose(vf(&h, 0), few), (ssize_t)strlen(few));
	nvvgpu_current_type_show(vf(&h, 0), buf, sizeof(buf));
	snprintf(line, sizeof(line), "%s\n", few);
	ck_assert_str_eq(buf, line);
	/* A VF with a type lists nothing; the other VF no type past max_instance 1. */
	ck_assert_int_eq(nvvgpu_creatable_types_show(vf(&h, 0), buf, sizeof(buf)), 0);
	nvvgpu_creatable_types_show(vf(&h, 1), buf, sizeof(buf));
	ck_assert_str_eq(buf, "ID    : vGPU Name\n");
	ck_assert_int_eq(choose(vf(&h, 1), few), -ENOSPC);
	ck_assert_int_eq(choose(vf(&h, 1), many), -EINVAL);
	ck_assert(kshim_log_contains("another type is in use on the GPU (homogeneous)"));
	/* Re-choosing the same type on its own VF is no new instance. */
	ck_assert_int_eq(choose(vf(&h, 0), few), (ssize_t)strlen(few));

	/* Homogeneous: once "many" is in use only it is listed. */
	ck_assert_int_eq(choose(vf(&h, 0), "0"), 1);
	ck_assert_int_eq(choose(vf(&h, 0), many), (ssize_t)strlen(many));
	nvvgpu_creatable_types_show(vf(&h, 1), buf, sizeof(buf));
	snprintf(line, sizeof(line), "ID    : vGPU Name\n%-5s : %s\n", many, table()->types[0].name);
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
	boot_ok_with(&h, &o);
	ck_assert_int_eq(nvvgpu_register(), 0);
	kshim_settle();
	ck_assert(kshim_log_contains("vGPU manager: needs an AD102 or GH100 GPU on GSP-RM 570.144; this one is ga102 on 570.144"));
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

/* ---- the model's checks, fed by hand through the test client -------------- */

#define H_DEV	0xbeef0001u
#define H_SUB	0xbeef0002u

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
	ck_assert_uint_eq(gspm_mmio_read32(h.m, 0x700000 + (heap & 0xffff) + 8), 0x4E654A6Fu);
	gspm_mmio_write32(h.m, 0x700000 + (heap & 0xffff) + 4, 13);	/* message_type */
	gspm_mmio_write32(h.m, 0x700000 + (heap & 0xffff) + 8, 1);	/* message_seq_num */
	gspm_mmio_write32(h.m, DOORBELL, 1 * 32 + 17);
	violated(&h, v + 2, "vGPU GFID 1: RPC 13 out of order (after RPC 0; the order is 1, 2, then 13)");
	ck_assert_str_eq(gspm_violation(h.m, v), "vGPU GFID 1 RPC 13: control buffer version 0, expected 1");
	v += 2;
	gspm_mmio_write32(h.m, 0x700000 + (heap & 0xffff), 1);		/* version */
	gspm_mmio_write32(h.m, 0x700000 + (heap & 0xffff) + 4, 1);
	gspm_mmio_write32(h.m, 0x700000 + (heap & 0xffff) + 8, 5);
	gspm_mmio_write32(h.m, DOORBELL, 1 * 32 + 17);
	violated(&h, ++v, "vGPU GFID 1 RPC 1: message_seq_num 5, expected 2");
	gspm_mmio_write32(h.m, 0x700000 + (heap & 0xffff) + 4, 15);
	gspm_mmio_write32(h.m, 0x700000 + (heap & 0xffff) + 8, 6);
	gspm_mmio_write32(h.m, DOORBELL, 1 * 32 + 17);
	violated(&h, ++v, "vGPU GFID 1: RPC message type 15 out of range (1..14)");
	/* The answer lands in the response buffer: seq processed 6 at +0x1004. */
	ck_assert_uint_eq(gspm_mmio_read32(h.m, 0x700000 + (heap & 0xffff) + 0x1004), 6);

	/* Freeing the subdevice that booted a plugin skips shutdown and cleanup. */
	ck_assert_int_eq(nvcore_rm_free(nvh_tc.client, H_DEV, H_SUB, NULL), 0);
	violated(&h, ++v, "FREE 0xbeef0002: GFID 1's plugin (booted on subdevice 0xbeef0002) was not shut down and cleaned up first");
	/* ... and the core unloads GSP-RM with the GFID leaked. */
	nvh_tclient_stop();
	kshim_pci_remove(h.pdev);
	h.pdev = NULL;
	violated(&h, ++v, "UNLOADING_GUEST_DRIVER: GFID 1's vGPU plugin leaked");
	ck_assert_uint_eq(nvh_stop(&h), v);
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
	tcase_add_test(tc, model_flags_wrong_orders);
	suite_add_tcase(s, tc);
	return s;
}
