// SPDX-License-Identifier: MIT
/*
 * vGPU foundation in the core (docs/vgpu.md): SR-IOV through sriov_numvfs,
 * the refusals, the channel-ID and framebuffer allocators per GFID, the
 * client's own RPCs through the core's submit path, and the events a vGPU
 * manager hears.  Runs on AD102 and GH100 with 570.144 (meson.build); the
 * refusal cases pick their own chip or release.
 *
 * Expected values come from the sources, not from the driver:
 *  - GFID = VF id + 1, GFID 0 the PF (spec/vgpu.md §1.1);
 *  - VF routing ID = PF's + First VF Offset + id * VF Stride, both read
 *    from the PF's SR-IOV capability (PCI SR-IOV spec 1.1 section 3.3.9, 3.3.10);
 *  - TotalVFs 32 = NVA081_MAX_VGPU_PER_PGPU (ctrla081.h; the model's
 *    assumption, docs/hw-fidelity.md);
 *  - vGPU channel IDs 512..2047 (spec/vgpu.md §1.7, nvkm v1 patch 09);
 *  - the framebuffer kept for vGPUs by docs/vgpu.md's rule, by hand;
 *  - rpc_rc_triggered_v17_02.gfid at byte 8 (fw/570.144/layout.tsv);
 *  - the RPC numbers of OGKM g_rpc-structures.h: GET_GSP_STATIC_INFO 65,
 *    GSP_RM_CONTROL 76, SET_REGISTRY 73;
 *  - a copy-engine channel's allocation order: the channel, BIND, GPFIFO_SCHEDULE
 *    (nouveau r535_chan_ramfc_write), the copy engine, then the work-submit
 *    token (ctrlc36f.h); NV01_DEVICE_0 0x80 (cl0080.h).
 */
#include "common.h"
#include "tclient.h"

#define TOTAL_VFS	32
#define CHID_FIRST	512
#define CHID_COUNT	(2048 - 512)
#define MiB		(1ull << 20)
#define GiB		(1ull << 30)

static void set_vgpu(struct nvh *h)
{
	ck_assert_int_eq(kshim_set_param("nvcore", "vgpu", "2"), 0);
}

/* Boot with nvcore.vgpu=2 and the test client attached at API 1.3. */
static struct nvcore_dev *boot_vgpu(struct nvh *h)
{
	struct nvh_opts o = nvh_defaults();
	struct nvcore_dev *nd;

	o.before_probe = set_vgpu;
	nd = boot_ok_with(h, &o);
	ck_assert_int_eq(nvh_tclient_start(NVCORE_API_VERSION), 0);
	ck_assert_uint_eq(NVCORE_API_VERSION, 1u << 16 | 4);	/* 1.4: nvcore_rm_control_send */
	return nd;
}

static void stop(struct nvh *h)
{
	nvh_tclient_stop();
	stop_clean(h);
}

static u16 sriov_word(struct pci_dev *pf, int reg)
{
	u16 pos = pci_find_ext_capability(pf, PCI_EXT_CAP_ID_SRIOV), v = 0;

	ck_assert_uint_ne(pos, 0);
	ck_assert_int_eq(pci_read_config_word(pf, pos + reg, &v), 0);
	return v;
}

START_TEST(vfs_enable_and_disable)
{
	struct nvh h;
	struct nvcore_vgpu_info vi;
	u16 offset, stride;
	int i;

	boot_vgpu(&h);
	ck_assert(kshim_log_contains("vGPU: booting GSP-RM for 2 vGPUs (32 VFs)"));
	ck_assert_int_eq(nvcore_vgpu_info(nvh_tc.client, &vi), 0);
	ck_assert_uint_eq(vi.max_vgpus, 2);
	ck_assert_uint_eq(vi.total_vfs, TOTAL_VFS);
	ck_assert_uint_eq(vi.num_vfs, 0);
	ck_assert_uint_eq(sriov_word(h.pdev, PCI_SRIOV_TOTAL_VF), TOTAL_VFS);

	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 2), 0);
	ck_assert_int_eq(pci_num_vf(h.pdev), 2);
	kshim_settle();
	ck_assert_uint_eq(nvh_tc.count[NVCORE_EVENT_SRIOV_CONFIGURE], 1);
	ck_assert_int_eq(nvh_tc.last_num_vfs, 2);
	offset = sriov_word(h.pdev, PCI_SRIOV_VF_OFFSET);
	stride = sriov_word(h.pdev, PCI_SRIOV_VF_STRIDE);
	ck_assert_uint_eq(sriov_word(h.pdev, PCI_SRIOV_NUM_VF), 2);
	for (i = 0; i < 2; i++) {
		struct pci_dev *vf = kshim_pci_vf(h.pdev, i);
		u32 first;

		ck_assert_ptr_nonnull(vf);
		ck_assert(vf->is_virtfn);
		ck_assert_ptr_eq(pci_physfn(vf), h.pdev);
		ck_assert_uint_eq(pci_dev_id(vf), pci_dev_id(h.pdev) + offset + i * stride);
		ck_assert_int_eq(pci_iov_vf_id(vf), i);
		/* The core never binds a VF. */
		ck_assert_ptr_null(vf->driver);
		/* Its GFID is VF id + 1: one each, and none past the last VF. */
		ck_assert_int_eq(nvcore_chid_alloc(nvh_tc.client, pci_iov_vf_id(vf) + 1, 1, &first), 0);
		ck_assert_int_eq(nvcore_chid_free(nvh_tc.client, pci_iov_vf_id(vf) + 1, first), 0);
	}
	ck_assert_ptr_null(kshim_pci_vf(h.pdev, 2));
	{
		u32 first;

		ck_assert_int_eq(nvcore_chid_alloc(nvh_tc.client, 3, 1, &first), -EINVAL);
		ck_assert(kshim_log_contains("GFID 3 has no VF (2 VFs enabled: GFIDs 1..2)"));
		ck_assert_int_eq(nvcore_chid_alloc(nvh_tc.client, 0, 1, &first), -EINVAL);
	}
	/* Enabled VFs change only through 0 (drivers/pci/iov.c sriov_numvfs_store). */
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 1), -EBUSY);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 0), 0);
	kshim_settle();
	ck_assert_int_eq(pci_num_vf(h.pdev), 0);
	ck_assert_uint_eq(sriov_word(h.pdev, PCI_SRIOV_NUM_VF), 0);
	ck_assert_uint_eq(nvh_tc.count[NVCORE_EVENT_SRIOV_CONFIGURE], 2);
	ck_assert_int_eq(nvh_tc.last_num_vfs, 0);
	/* 0 -> N -> 0 again, as operators' scripts do (spec/vgpu.md §5.7). */
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 1), 0);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 0), 0);
	stop(&h);
}
END_TEST

START_TEST(more_vfs_than_booted_for)
{
	struct nvh h;

	boot_vgpu(&h);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 3), -EINVAL);
	ck_assert(kshim_log_contains("cannot enable 3 VFs: GSP-RM was booted for 2 vGPUs (nvcore.vgpu)"));
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, TOTAL_VFS + 1), -ERANGE);
	ck_assert_int_eq(pci_num_vf(h.pdev), 0);
	ck_assert_uint_eq(nvh_tc.count[NVCORE_EVENT_SRIOV_CONFIGURE], 0);
	stop(&h);
}
END_TEST

START_TEST(vgpu_off_by_default)
{
	struct nvh h;
	struct nvcore_vgpu_info vi;

	boot_ok(&h);
	ck_assert_int_eq(nvh_tclient_start(NVCORE_API_VERSION), 0);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 1), -ENODEV);
	ck_assert(kshim_log_contains("cannot enable VFs: vGPU is off (nvcore.vgpu=0)"));
	ck_assert_int_eq(nvcore_vgpu_info(nvh_tc.client, &vi), -ENODEV);
	stop(&h);
}
END_TEST

static void set_vgpu_33(struct nvh *h)
{
	ck_assert_int_eq(kshim_set_param("nvcore", "vgpu", "33"), 0);
}

/* More vGPUs than the GPU hosts: refused at probe, the PF still works. */
START_TEST(refused_more_vgpus_than_vfs)
{
	struct nvh h;
	struct nvh_opts o = nvh_defaults();

	o.before_probe = set_vgpu_33;
	boot_ok_with(&h, &o);
	ck_assert(kshim_log_contains("vGPU not enabled: nvcore.vgpu=33 is more than the 32 vGPUs this GPU can host"));
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 1), -ENODEV);
	stop_clean(&h);
}
END_TEST

/* A chip vGPU does not run on: no vGPU, the PF still works. */
START_TEST(refused_on_ga102)
{
	struct nvh h;
	struct nvh_opts o = nvh_defaults();
	struct nvcore_vgpu_info vi;
	u32 first;

	o.chip = GSPM_CHIP_GA102;
	o.fw_release = "570.144";
	o.before_probe = set_vgpu;
	boot_ok_with(&h, &o);
	ck_assert(kshim_log_contains("vGPU not enabled: vGPU needs an AD102 or GH100 GPU; this one is ga102"));
	ck_assert_int_eq(nvh_tclient_start(NVCORE_API_VERSION), 0);
	ck_assert_int_eq(nvcore_vgpu_info(nvh_tc.client, &vi), -ENODEV);
	ck_assert_int_eq(nvcore_chid_alloc(nvh_tc.client, 1, 1, &first), -ENODEV);
	ck_assert_int_eq(nvh_echo(nvh_dev(&h), 64, 1), 0);
	stop(&h);
}
END_TEST

/* A release vGPU does not run on: sriov_numvfs is refused with the reason. */
START_TEST(refused_on_535)
{
	struct nvh h;
	struct nvh_opts o = nvh_defaults();

	o.fw_release = "535.261.03";
	o.before_probe = set_vgpu;
	boot_ok_with(&h, &o);
	ck_assert(kshim_log_contains("vGPU not enabled: vGPU needs GSP-RM 570.144; this GPU runs 535.261.03"));
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 1), -ENODEV);
	ck_assert(kshim_log_contains("cannot enable VFs: vGPU needs GSP-RM 570.144; this GPU runs 535.261.03"));
	ck_assert_int_eq(pci_num_vf(h.pdev), 0);
	stop_clean(&h);
}
END_TEST

START_TEST(chids_exhaust_and_free_without_leak)
{
	struct nvh h;
	struct nvcore_vgpu_info vi;
	u32 a, b, c, n;
	u64 fb;
	size_t before;

	boot_vgpu(&h);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 2), 0);
	ck_assert_int_eq(nvcore_vgpu_info(nvh_tc.client, &vi), 0);
	ck_assert_uint_eq(vi.chid_first, CHID_FIRST);
	ck_assert_uint_eq(vi.chid_count, CHID_COUNT);
	before = kshim_bytes_allocated();
	ck_assert_int_eq(nvcore_chid_alloc(nvh_tc.client, 1, 1024, &a), 0);
	ck_assert_uint_eq(a, CHID_FIRST);
	ck_assert_int_eq(nvcore_chid_alloc(nvh_tc.client, 2, 512, &b), 0);
	ck_assert_uint_eq(b, CHID_FIRST + 1024);
	ck_assert_int_eq(nvcore_chid_alloc(nvh_tc.client, 1, 1, &c), -ENOSPC);
	ck_assert(kshim_log_contains("no room for 1 channel IDs"));
	nvcore_vgpu_usage(nvh_tc.client, 1, &n, &fb);
	ck_assert_uint_eq(n, 1024);
	ck_assert_uint_eq(fb, 0);
	/* Only the owning GFID frees a range, and only where one starts. */
	ck_assert_int_eq(nvcore_chid_free(nvh_tc.client, 1, b), -EINVAL);
	ck_assert_int_eq(nvcore_chid_free(nvh_tc.client, 2, b + 1), -EINVAL);
	ck_assert_int_eq(nvcore_chid_free(nvh_tc.client, 1, a), 0);
	/* The freed gap is found again, first fit. */
	ck_assert_int_eq(nvcore_chid_alloc(nvh_tc.client, 2, 16, &c), 0);
	ck_assert_uint_eq(c, CHID_FIRST);
	ck_assert_int_eq(nvcore_chid_free(nvh_tc.client, 2, c), 0);
	ck_assert_int_eq(nvcore_chid_free(nvh_tc.client, 2, b), 0);
	ck_assert_uint_eq(kshim_bytes_allocated(), before);
	nvcore_vgpu_usage(nvh_tc.client, 2, &n, &fb);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 0), 0);
	stop(&h);
}
END_TEST

START_TEST(ranges_per_gfid_are_bounded)
{
	struct nvh h;
	u32 first[9];
	int i;

	boot_vgpu(&h);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 1), 0);
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(nvcore_chid_alloc(nvh_tc.client, 1, 1, &first[i]), 0);
	ck_assert_int_eq(nvcore_chid_alloc(nvh_tc.client, 1, 1, &first[8]), -ENOSPC);
	ck_assert(kshim_log_contains("GFID 1 already holds 8 ranges of channel IDs"));
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(nvcore_chid_free(nvh_tc.client, 1, first[i]), 0);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 0), 0);
	stop(&h);
}
END_TEST

START_TEST(fb_exhausts_and_frees_without_leak)
{
	struct nvh h;
	struct nvcore_vgpu_info vi;
	u64 fbsize, lo, hi, a, b, c;
	size_t before;

	boot_vgpu(&h);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 2), 0);
	ck_assert_int_eq(nvcore_vgpu_info(nvh_tc.client, &vi), 0);
	/* docs/vgpu.md: upper half of the FB below its top 1 GiB, in 32 MiB units. */
	fbsize = nvh_tc.info.fb_size;
	lo = (fbsize / 2 + 32 * MiB - 1) / (32 * MiB) * (32 * MiB);
	hi = (fbsize - GiB) / (32 * MiB) * (32 * MiB);
	ck_assert_uint_eq(vi.fb_start, lo);
	ck_assert_uint_eq(vi.fb_size, hi - lo);
	before = kshim_bytes_allocated();
	ck_assert_int_eq(nvcore_fb_alloc(nvh_tc.client, 1, 32 * MiB, 3, &a), -EINVAL);
	ck_assert(kshim_log_contains("size 33554432 or alignment 3 is invalid"));
	ck_assert_int_eq(nvcore_fb_alloc(nvh_tc.client, 1, 0, 32 * MiB, &a), -EINVAL);
	/* 32 MiB first, then an aligned 1 GiB block leaves a gap below it. */
	ck_assert_int_eq(nvcore_fb_alloc(nvh_tc.client, 1, 32 * MiB, 32 * MiB, &a), 0);
	ck_assert_uint_eq(a, lo);
	ck_assert_int_eq(nvcore_fb_alloc(nvh_tc.client, 2, GiB, GiB, &b), 0);
	ck_assert_uint_eq(b, (lo + 32 * MiB + GiB - 1) / GiB * GiB);
	/* Everything above b: exactly fits, then nothing more does above it. */
	ck_assert_int_eq(nvcore_fb_alloc(nvh_tc.client, 2, hi - (b + GiB), 32 * MiB, &c), 0);
	ck_assert_uint_eq(c, b + GiB);
	ck_assert_int_eq(nvcore_fb_alloc(nvh_tc.client, 1, GiB, 32 * MiB, &c), -ENOSPC);
	ck_assert_int_eq(nvcore_fb_free(nvh_tc.client, 2, b + GiB), 0);
	ck_assert_int_eq(nvcore_fb_free(nvh_tc.client, 2, b), 0);
	ck_assert_int_eq(nvcore_fb_free(nvh_tc.client, 1, a), 0);
	ck_assert_int_eq(nvcore_fb_free(nvh_tc.client, 1, a), -EINVAL);
	ck_assert_uint_eq(kshim_bytes_allocated(), before);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 0), 0);
	stop(&h);
}
END_TEST

START_TEST(disable_refused_while_a_gfid_holds_resources)
{
	struct nvh h;
	u32 first;
	u64 off;

	boot_vgpu(&h);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 2), 0);
	ck_assert_int_eq(nvcore_chid_alloc(nvh_tc.client, 2, 4, &first), 0);
	ck_assert_int_eq(nvcore_fb_alloc(nvh_tc.client, 2, 64 * MiB, 32 * MiB, &off), 0);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 0), -EBUSY);
	ck_assert(kshim_log_contains("cannot disable VFs: GFID 2 still holds 4 channel IDs and 67108864 bytes of framebuffer"));
	ck_assert_int_eq(pci_num_vf(h.pdev), 2);
	/* The clients heard the disable first: a manager frees, then it goes through. */
	ck_assert_int_eq(nvh_tc.last_num_vfs, 0);
	ck_assert_int_eq(nvcore_chid_free(nvh_tc.client, 2, first), 0);
	ck_assert_int_eq(nvcore_fb_free(nvh_tc.client, 2, off), 0);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 0), 0);
	ck_assert_int_eq(pci_num_vf(h.pdev), 0);
	stop(&h);
}
END_TEST

/* What a client leaves allocated is freed and named when it detaches. */
START_TEST(leak_named_at_detach)
{
	struct nvh h;
	u32 first;

	boot_vgpu(&h);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 1), 0);
	ck_assert_int_eq(nvcore_chid_alloc(nvh_tc.client, 1, 16, &first), 0);
	nvh_tclient_stop();
	ck_assert(kshim_log_contains("detached holding 16 channel IDs at 512 for GFID 1; freeing them"));
	/* Nothing holds the GFID now: the VFs can go. */
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 0), 0);
	stop_clean(&h);
}
END_TEST

/* The PF going: the clients hear it while attached; the core disables the VFs. */
START_TEST(pf_unbind_event_and_vfs_removed)
{
	struct nvh h;

	boot_vgpu(&h);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 2), 0);
	nvh_remove(&h);
	ck_assert_uint_eq(nvh_tc.count[NVCORE_EVENT_PF_UNBIND], 1);
	ck_assert(nvh_tc.attached_at[NVCORE_EVENT_PF_UNBIND]);
	ck_assert_ptr_null(nvh_tc.client);
	nvh_tclient_stop();
	/* kshim fails the run if the driver left SR-IOV enabled. */
	stop_clean(&h);
}
END_TEST

START_TEST(device_lost_event_once)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_vgpu(&h);

	nvcore_rpc_fail_all(nd, -ENODEV);
	nvcore_rpc_fail_all(nd, -ENODEV);
	kshim_settle();
	ck_assert_uint_eq(nvh_tc.count[NVCORE_EVENT_DEVICE_LOST], 1);
	ck_assert_int_eq(kshim_pci_sriov_numvfs(h.pdev, 1), -ENODEV);
	ck_assert(kshim_log_contains("cannot enable VFs: the firmware is lost; the GPU needs a reset"));
	stop(&h);
}
END_TEST

/* An RC for a VF's channel reaches the client with the GFID the firmware named. */
START_TEST(rc_event_names_its_gfid)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_vgpu(&h);
	u32 rc[16] = { 0 };
	u32 raw = nvh_event_raw(nd->release, NVCORE_EVENT_RC_TRIGGERED);

	rc[1] = 600;	/* chid */
	rc[2] = 2;	/* gfid, byte 8 */
	ck_assert_uint_ne(raw, 0);
	ck_assert_int_eq(gspm_queue_event(h.m, kshim_now_ns() + 1000, raw, rc, sizeof(rc)), 0);
	kshim_run_for(1000000);
	ck_assert_uint_eq(nvh_tc.count[NVCORE_EVENT_RC_TRIGGERED], 1);
	ck_assert_uint_eq(nvh_tc.last_gfid[NVCORE_EVENT_RC_TRIGGERED], 2);
	stop(&h);
}
END_TEST

#define FN_SET_REGISTRY		73
#define FN_GET_GSP_STATIC_INFO	65
#define FN_GSP_RM_CONTROL	76

/* A client's own RPC: GET_GSP_STATIC_INFO, and an RM control it built. */
START_TEST(client_rpc_runs_what_the_client_built)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_vgpu(&h);
	size_t len = nd->release->static_info_size;
	u8 *buf = calloc(1, len);
	struct nvcore_static_info si;
	/* The control's header and 64 bytes of parameters, u32-aligned like the header. */
	u32 ctl_buf[(sizeof(struct rpc_gsp_rm_control_v03_00) + 64) / 4] = { 0 };
	u32 reply_buf[ARRAY_SIZE(ctl_buf)];
	struct rpc_gsp_rm_control_v03_00 *ctl = (void *)ctl_buf, *reply = (void *)reply_buf;
	const unsigned int nparams = 64;
	u32 out_len, status;
	unsigned int i;

	ck_assert_int_eq(nvcore_client_rpc(nvh_tc.client, FN_GET_GSP_STATIC_INFO, buf, len, buf,
					   len, &out_len, &status), 0);
	ck_assert_uint_eq(out_len, len);
	ck_assert_uint_eq(status, 0);
	nd->release->parse_static_info(buf, &si);
	ck_assert_str_eq(si.gpu_name, nvh_tc.info.name);
	ck_assert_uint_eq(si.fb_length, nvh_tc.info.fb_size);
	free(buf);

	ctl->hClient = nvcore_client_handle(nvh_tc.client);
	ctl->hObject = ctl->hClient;
	ctl->cmd = GSPM_CTRL_CMD_TEST_ECHO;
	ctl->paramsSize = nparams;
	for (i = 0; i < nparams; i++)
		ctl->params[i] = (u8)i;
	ck_assert_int_eq(nvcore_client_rpc(nvh_tc.client, FN_GSP_RM_CONTROL, ctl_buf, sizeof(ctl_buf),
					   reply_buf, sizeof(reply_buf), &out_len, &status), 0);
	ck_assert_uint_eq(out_len, sizeof(reply_buf));
	ck_assert_uint_eq(reply->status, 0);
	for (i = 0; i < nparams; i++)
		ck_assert_uint_eq(reply->params[i], (u8)i ^ 0x5a);

	/* The firmware's failure comes back as -EREMOTEIO with its status. */
	gspm_inject(h.m, GSPM_FAULT_RPC_STATUS, FN_GSP_RM_CONTROL, 0x56, 1);
	ck_assert_int_eq(nvcore_client_rpc(nvh_tc.client, FN_GSP_RM_CONTROL, ctl_buf, sizeof(ctl_buf),
					   reply_buf, sizeof(reply_buf), &out_len, &status), -EREMOTEIO);
	ck_assert_uint_eq(status, 0x56);

	/* The core's own functions and numbers past the release's are refused. */
	ck_assert_int_eq(nvcore_client_rpc(nvh_tc.client, FN_SET_REGISTRY, ctl_buf, sizeof(ctl_buf),
					   NULL, 0, &out_len, NULL), -EPERM);
	ck_assert(kshim_log_contains("RPC function 73 (SET_REGISTRY) is not one a client may send"));
	ck_assert_int_eq(nvcore_client_rpc(nvh_tc.client, nd->release->num_functions, NULL, 0,
					   NULL, 0, &out_len, NULL), -EPERM);
	ck_assert_int_eq(nvcore_client_rpc(nvh_tc.client, FN_GSP_RM_CONTROL, NULL, 16, NULL, 0,
					   &out_len, NULL), -EINVAL);
	stop(&h);
}
END_TEST

/*
 * Copy-engine channels (API 1.3): every allocation the channel makes, and
 * each of its controls (NV_ERR_NOT_SUPPORTED 0x56 = -EREMOTEIO -121), fails
 * in turn and leaves nothing behind, host or firmware side (the same channel
 * ID is taken again at once); a release with no channel parameters refuses
 * them.
 */
#define H_CE_DEV	0xce000001u
#define H_CE_CHAN	0xce000002u
#define H_CE_OBJ	0xce000003u
#define CE_CHID		2047u

START_TEST(ce_channel_steps_fail_cleanly)
{
	static const struct {
		u32 cmd;
		const char *log;
	} steps[] = {
		{ 0xa06f0104, "NVA06F_CTRL_CMD_BIND failed: -121 (status 0x56)" },
		{ 0xa06f0103, "NVA06F_CTRL_CMD_GPFIFO_SCHEDULE failed: -121 (status 0x56)" },
		{ 0xc36f0108, "GPFIFO_GET_WORK_SUBMIT_TOKEN failed: -121 (status 0x56)" },
	};
	struct nvcore_chan *ch;
	struct nvh h;
	size_t before;
	unsigned int i;
	long n;
	int ret;

	boot_vgpu(&h);
	ck_assert_int_eq(nvcore_rm_alloc(nvh_tc.client, nvcore_client_handle(nvh_tc.client), H_CE_DEV,
					 0x80, NULL, 0, NULL), 0);
	before = kshim_bytes_allocated();
	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		gspm_inject(h.m, GSPM_FAULT_VGPU_CTRL_STATUS, steps[i].cmd, 0x56, 1);
		ck_assert_int_eq(nvcore_chan_alloc(nvh_tc.client, H_CE_DEV, H_CE_CHAN, H_CE_OBJ, CE_CHID,
						   &ch), -EREMOTEIO);
		ck_assert(ch == NULL);
		ck_assert_msg(kshim_log_contains(steps[i].log), "no \"%s\"", steps[i].log);
		ck_assert_uint_eq(kshim_bytes_allocated(), before);
	}
	for (n = 0;; n++) {
		kshim_alloc_fail_after(n);
		ret = nvcore_chan_alloc(nvh_tc.client, H_CE_DEV, H_CE_CHAN, H_CE_OBJ, CE_CHID, &ch);
		kshim_alloc_fail_after(-1);
		if (!ret)
			break;
		ck_assert_int_eq(ret, -ENOMEM);
		ck_assert_uint_eq(kshim_bytes_allocated(), before);
		ck_assert_int_lt(n, 100);
	}
	ck_assert_int_ge(n, 3);		/* the channel, its buffer, the parameters */
	nvcore_chan_free(ch);
	ck_assert_uint_eq(kshim_bytes_allocated(), before);
	ck_assert_int_eq(nvcore_rm_free(nvh_tc.client, nvcore_client_handle(nvh_tc.client), H_CE_DEV,
					NULL), 0);
	stop(&h);
}
END_TEST

START_TEST(ce_channel_refused_on_535)
{
	struct nvh_opts o = nvh_defaults();
	struct nvcore_chan *ch;
	struct nvh h;

	o.fw_release = "535.261.03";
	boot_ok_with(&h, &o);
	ck_assert_int_eq(nvh_tclient_start(NVCORE_API_VERSION), 0);
	ck_assert_int_eq(nvcore_chan_alloc(nvh_tc.client, H_CE_DEV, H_CE_CHAN, H_CE_OBJ, CE_CHID, &ch),
			 -EOPNOTSUPP);
	ck_assert(kshim_log_contains("copy-engine channels: none on "));
	ck_assert(kshim_log_contains(" with GSP-RM 535.261.03"));
	stop(&h);
}
END_TEST

/*
 * What GSP-RM is booted with for vGPU (spec/vgpu.md §1.7), read where the
 * firmware reads it: GspSystemInfo.gspVFInfo and SET_REGISTRY as the model
 * receives them, GspFwWprMeta in the buffer handed to the booter.  Offsets:
 * fw/570.144/layout.tsv (gspVFInfo 856: totalVFs, firstVFOffset, three BAR
 * addresses, three 64-bit flags; gspFwHeapSize 128; gspFwHeapVfPartitionCount 240).
 */
#define FN_GSP_SET_SYSTEM_INFO	72
#define VF_INFO			856
#define WPR_HEAP_SIZE		128
#define WPR_VF_PARTITIONS	240

static u8 sysinfo[2048];
static bool sriov_mode_key;

static bool contains(const u8 *p, size_t len, const char *key)
{
	size_t n = strlen(key) + 1, i;

	for (i = 0; i + n <= len; i++)
		if (!memcmp(p + i, key, n))
			return true;
	return false;
}

static void capture(void *ctx, uint64_t index, uint32_t fn, const void *cmd, size_t len,
		    struct gspm_script_answer *a)
{
	if (fn == FN_GSP_SET_SYSTEM_INFO && len <= sizeof(sysinfo))
		memcpy(sysinfo, cmd, len);
	if (fn == FN_SET_REGISTRY)
		sriov_mode_key = contains(cmd, len, "RMSetSriovMode");
}

static void set_vgpu_capture(struct nvh *h)
{
	set_vgpu(h);
	gspm_set_script(h->m, capture, NULL);
}

static u64 le(const u8 *p, int n)
{
	u64 v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

START_TEST(boot_settings_reach_the_firmware)
{
	struct nvh h;
	struct nvh_opts o = nvh_defaults();
	struct nvcore_dev *nd;
	const u8 *meta;

	o.before_probe = set_vgpu_capture;
	nd = boot_ok_with(&h, &o);
	ck_assert(sriov_mode_key);
	ck_assert_uint_ne(le(sysinfo, 8), 0);	/* gpuPhysAddr: it was captured */
	ck_assert_uint_eq(le(sysinfo + VF_INFO, 4), TOTAL_VFS);
	ck_assert_uint_eq(le(sysinfo + VF_INFO + 4, 4), sriov_word(h.pdev, PCI_SRIOV_VF_OFFSET));
	ck_assert_uint_eq(le(sysinfo + VF_INFO + 8, 8), pci_resource_start(h.pdev, PCI_IOV_RESOURCES));
	ck_assert_uint_eq(le(sysinfo + VF_INFO + 16, 8), pci_resource_start(h.pdev, PCI_IOV_RESOURCES + 1));
	ck_assert_uint_eq(le(sysinfo + VF_INFO + 24, 8), pci_resource_start(h.pdev, PCI_IOV_RESOURCES + 3));
	ck_assert_uint_ne(le(sysinfo + VF_INFO + 16, 8), 0);
	ck_assert_uint_eq(sysinfo[VF_INFO + 32], 0);	/* VF BAR0: 32-bit */
	ck_assert_uint_eq(sysinfo[VF_INFO + 33], 1);
	ck_assert_uint_eq(sysinfo[VF_INFO + 34], 1);
	meta = nd->core->boot.wpr_meta.cpu;
	ck_assert_uint_eq(meta[WPR_VF_PARTITIONS], 2);
	ck_assert_uint_eq(le(meta + WPR_HEAP_SIZE, 8), 256 * MiB);
	stop_clean(&h);
}
END_TEST

/* Without vGPU none of it is sent. */
static void capture_only(struct nvh *h)
{
	gspm_set_script(h->m, capture, NULL);
}

START_TEST(no_boot_settings_without_vgpu)
{
	struct nvh h;
	struct nvh_opts o = nvh_defaults();
	struct nvcore_dev *nd;

	o.before_probe = capture_only;
	nd = boot_ok_with(&h, &o);
	ck_assert(!sriov_mode_key);
	ck_assert_uint_ne(le(sysinfo, 8), 0);	/* gpuPhysAddr: it was captured */
	ck_assert_uint_eq(le(sysinfo + VF_INFO, 4), 0);
	ck_assert_uint_eq(le(sysinfo + VF_INFO + 8, 8), 0);
	ck_assert_uint_eq(((const u8 *)nd->core->boot.wpr_meta.cpu)[WPR_VF_PARTITIONS], 0);
	ck_assert_uint_ne(le((const u8 *)nd->core->boot.wpr_meta.cpu + WPR_HEAP_SIZE, 8), 256 * MiB);
	stop_clean(&h);
}
END_TEST

Suite *vgpu_suite(void)
{
	Suite *s = suite_create("vgpu");
	TCase *tc = tcase_create("vgpu");

	tcase_add_test(tc, boot_settings_reach_the_firmware);
	tcase_add_test(tc, no_boot_settings_without_vgpu);
	tcase_add_test(tc, vfs_enable_and_disable);
	tcase_add_test(tc, more_vfs_than_booted_for);
	tcase_add_test(tc, vgpu_off_by_default);
	tcase_add_test(tc, refused_more_vgpus_than_vfs);
	tcase_add_test(tc, refused_on_ga102);
	tcase_add_test(tc, refused_on_535);
	tcase_add_test(tc, chids_exhaust_and_free_without_leak);
	tcase_add_test(tc, ranges_per_gfid_are_bounded);
	tcase_add_test(tc, fb_exhausts_and_frees_without_leak);
	tcase_add_test(tc, disable_refused_while_a_gfid_holds_resources);
	tcase_add_test(tc, leak_named_at_detach);
	tcase_add_test(tc, pf_unbind_event_and_vfs_removed);
	tcase_add_test(tc, device_lost_event_once);
	tcase_add_test(tc, rc_event_names_its_gfid);
	tcase_add_test(tc, client_rpc_runs_what_the_client_built);
	tcase_add_test(tc, ce_channel_steps_fail_cleanly);
	tcase_add_test(tc, ce_channel_refused_on_535);
	suite_add_tcase(s, tc);
	return s;
}
