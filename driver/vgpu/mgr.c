// SPDX-License-Identifier: MIT
/*
 * The vGPU manager: a client of the core (auxiliary device "nvcore.gsp",
 * API 1.2).  Per PF it keeps the type table and each VF's chosen type; per
 * VF it creates and destroys one vGPU in the order of spec/vgpu.md §2.6 and
 * spec/vgpu.md §2.10, building every firmware command itself (nvvgpu_fw.h) and sending
 * the RM ones through the core's generic calls.  Deviations from the RFC,
 * until the core grows what it lacks (docs/vgpu.md):
 *  - the per-vGPU "GSP client" is a device + subdevice under the manager's
 *    RM client (the core gives one RM client per client);
 *  - the plugin heap's communication pages are reached through the PF's
 *    PRAMIN window instead of a BAR1 mapping (the core has no BAR1 op yet);
 *  - the framebuffer scrub's copy-engine channel lives under a device of
 *    its own for the scrub's duration, and completion is polled on the
 *    semaphore instead of waited for through FIFO_NONSTALL events.
 * The manager's lifetime: a reference per caller (mgr_get/mgr_put), so a
 * sysfs access or VFIO call racing the manager's removal finds it marked
 * gone under its lock instead of freed.
 */
#include <linux/auxiliary_bus.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <nvcore/nvcore.h>

#include "nvvgpu.h"
#include "nvvgpu_fw.h"

#define NUM_PLUGIN_CHANNELS	1	/* spec/vgpu.md §2.6 b (RFC v2) */
#define H_VGPU(gfid, n)		(0x76670000u | (gfid) << 4 | (n))	/* per-vGPU RM handles */

struct nvvgpu {
	u32 gfid;
	const struct nvvgpu_type *type;
	u32 chid_first, chid_count;
	u64 fb, fb_length, heap;
	u32 seq;
};

struct nvvgpu_vf {
	const struct nvvgpu_type *type;	/* chosen, NULL if none */
	struct nvvgpu *vgpu;		/* exists while the VF is open */
};

struct nvvgpu_mgr {
	struct list_head node;
	struct kref ref;		/* the aux device's, and one per mgr_get() */
	struct pci_dev *pf;
	struct nvcore_client *client;
	void __iomem *bar0;
	struct nvvgpu_type_table tbl;	/* from the metadata file (meta.c) */
	u32 chid_total;
	u64 fb_total;
	u64 vmmu_segment;		/* NV2080_CTRL_CMD_GPU_GET_VMMU_SEGMENT_SIZE */
	bool ecc;			/* NV2080_CTRL_CMD_GPU_QUERY_ECC_STATUS units[0] */
	struct mutex lock;		/* gone, vf[], the PRAMIN window */
	bool gone;			/* removed: the client and BAR0 are no more */
	struct nvvgpu_vf vf[NVVGPU_MAX_VGPU_PER_PGPU];
};

static LIST_HEAD(mgrs);
static DEFINE_MUTEX(mgrs_lock);

static void mgr_release(struct kref *ref)
{
	struct nvvgpu_mgr *m = container_of(ref, struct nvvgpu_mgr, ref);

	nvvgpu_meta_free(&m->tbl);
	kfree(m);
}

static void mgr_put(struct nvvgpu_mgr *m)
{
	kref_put(&m->ref, mgr_release);
}

/*
 * The manager of vf's PF, with a reference the caller drops with
 * mgr_put(), and the VF's slot; NULL for no VF or no manager.  Whoever
 * uses it takes m->lock and checks m->gone first.
 */
static struct nvvgpu_mgr *mgr_get(struct pci_dev *vf, struct nvvgpu_vf **slot, u32 *gfid)
{
	struct nvvgpu_mgr *m, *found = NULL;
	int id;

	if (!vf->is_virtfn)
		return NULL;
	id = pci_iov_vf_id(vf);
	if (id < 0 || id >= NVVGPU_MAX_VGPU_PER_PGPU)
		return NULL;
	mutex_lock(&mgrs_lock);
	list_for_each_entry(m, &mgrs, node) {
		if (m->pf == pci_physfn(vf)) {
			found = m;
			kref_get(&m->ref);
			break;
		}
	}
	mutex_unlock(&mgrs_lock);
	if (found) {
		*slot = &found->vf[id];
		*gfid = id + 1;		/* spec/vgpu.md §1.1 */
	}
	return found;
}

/* mgr_get() and m->lock held, or -ENODEV (nothing held) when the manager is gone. */
static struct nvvgpu_mgr *mgr_lock(struct pci_dev *vf, struct nvvgpu_vf **slot, u32 *gfid)
{
	struct nvvgpu_mgr *m = mgr_get(vf, slot, gfid);

	if (!m)
		return ERR_PTR(-ENODEV);
	mutex_lock(&m->lock);
	if (!m->gone)
		return m;
	mutex_unlock(&m->lock);
	mgr_put(m);
	return ERR_PTR(-ENODEV);
}

static void mgr_unlock(struct nvvgpu_mgr *m)
{
	mutex_unlock(&m->lock);
	mgr_put(m);
}

/* Takes no lock: the VFIO driver asks from its probe, under the core's SR-IOV enable. */
bool nvvgpu_available(struct pci_dev *vf)
{
	struct nvvgpu_mgr *m;
	struct nvvgpu_vf *s;
	bool ok;
	u32 gfid;

	m = mgr_get(vf, &s, &gfid);
	if (!m)
		return false;
	ok = !READ_ONCE(m->gone);
	mgr_put(m);
	return ok;
}

/* ---- type selection (spec/vgpu.md §1.5) ------------------------------------ */

int nvvgpu_types_of(struct pci_dev *pf, struct nvvgpu_type *out, unsigned int max)
{
	struct nvvgpu_mgr *m;
	int ret = -ENODEV;

	mutex_lock(&mgrs_lock);
	list_for_each_entry(m, &mgrs, node) {
		if (m->pf == pf) {
			if (max)
				memcpy(out, m->tbl.types, min(max, m->tbl.count) * sizeof(*out));
			ret = m->tbl.count;
			break;
		}
	}
	mutex_unlock(&mgrs_lock);
	return ret;
}

/* The type in use on the PF apart from skip, and how many VFs hold it. */
static const struct nvvgpu_type *type_in_use(struct nvvgpu_mgr *m, const struct nvvgpu_vf *skip,
					     u32 *instances)
{
	const struct nvvgpu_type *t = NULL;
	unsigned int i;

	*instances = 0;
	for (i = 0; i < ARRAY_SIZE(m->vf); i++) {
		if (&m->vf[i] == skip || !m->vf[i].type)
			continue;
		t = m->vf[i].type;
		(*instances)++;
	}
	return t;
}

ssize_t nvvgpu_creatable_types_show(struct pci_dev *vf, char *buf, size_t size)
{
	const struct nvvgpu_type *used;
	struct nvvgpu_mgr *m;
	struct nvvgpu_vf *s;
	u32 gfid, n;
	ssize_t len = 0;
	unsigned int i;

	m = mgr_lock(vf, &s, &gfid);
	if (IS_ERR(m))
		return PTR_ERR(m);
	if (!s->type) {
		used = type_in_use(m, s, &n);
		len = scnprintf(buf, size, "ID    : vGPU Name\n");
		for (i = 0; i < m->tbl.count; i++) {
			const struct nvvgpu_type *t = &m->tbl.types[i];

			if ((used && t != used) || n >= t->max_instance)
				continue;
			len += scnprintf(buf + len, size - len, "%-5u : %s\n", t->id, t->name);
		}
	}
	mgr_unlock(m);
	return len;
}

ssize_t nvvgpu_current_type_show(struct pci_dev *vf, char *buf, size_t size)
{
	struct nvvgpu_mgr *m;
	struct nvvgpu_vf *s;
	ssize_t len;
	u32 gfid;

	m = mgr_lock(vf, &s, &gfid);
	if (IS_ERR(m))
		return PTR_ERR(m);
	len = scnprintf(buf, size, "%u\n", s->type ? s->type->id : 0);
	mgr_unlock(m);
	return len;
}

ssize_t nvvgpu_current_type_store(struct pci_dev *vf, const char *buf, size_t count)
{
	const struct nvvgpu_type *t = NULL, *used;
	struct nvvgpu_mgr *m;
	struct nvvgpu_vf *s;
	unsigned int id, i;
	u32 gfid, n;
	ssize_t ret = count;

	if (kstrtouint(buf, 10, &id))
		return -EINVAL;
	m = mgr_lock(vf, &s, &gfid);
	if (IS_ERR(m))
		return PTR_ERR(m);
	for (i = 0; id && i < m->tbl.count; i++)
		if (m->tbl.types[i].id == id)
			t = &m->tbl.types[i];
	used = type_in_use(m, s, &n);
	if (s->vgpu)
		ret = -EBUSY;
	else if (id && !t)
		ret = -ENODEV;
	else if (t && used && t != used)
		ret = -EINVAL;
	else if (t && n >= t->max_instance)
		ret = -ENOSPC;
	else
		s->type = t;
	mgr_unlock(m);
	if (ret < 0)
		dev_info(&vf->dev, "current_vgpu_type %u refused: %s\n", id,
			 ret == -EBUSY ? "the vGPU exists (VF open)" :
			 ret == -ENODEV ? "no such vGPU type" :
			 ret == -EINVAL ? "another type is in use on the GPU (homogeneous)" :
			 "the type's maximum instances are in use");
	return ret;
}

/* ---- the plugin heap through the PRAMIN window ------------------------------ */

static u32 heap_rd(struct nvvgpu_mgr *m, const struct nvvgpu *v, u32 off)
{
	u64 a = v->heap + off;

	writel((u32)(a >> 16), m->bar0 + NVVGPU_BAR0_WINDOW);
	return readl(m->bar0 + NVVGPU_PRAMIN + (a & 0xffff));
}

static void heap_wr(struct nvvgpu_mgr *m, const struct nvvgpu *v, u32 off, u32 val)
{
	u64 a = v->heap + off;

	writel((u32)(a >> 16), m->bar0 + NVVGPU_BAR0_WINDOW);
	writel(val, m->bar0 + NVVGPU_PRAMIN + (a & 0xffff));
}

static void heap_wr64(struct nvvgpu_mgr *m, const struct nvvgpu *v, u32 off, u64 val)
{
	heap_wr(m, v, off, lower_32_bits(val));
	heap_wr(m, v, off + 4, upper_32_bits(val));
}

/* Poll heap word off until it reads want; -ETIMEDOUT after timeout_ms. */
static int heap_wait(struct nvvgpu_mgr *m, const struct nvvgpu *v, u32 off, u32 want,
		     unsigned int timeout_ms)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);

	for (;;) {
		if (heap_rd(m, v, off) == want)
			return 0;
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
		usleep_range(500, 1000);
	}
}

/* One plugin RPC (spec/vgpu.md §2.8): message, type, sequence, doorbell, answer. */
static int plugin_rpc(struct nvvgpu_mgr *m, struct nvvgpu *v, enum nvvgpu_rpc type,
		      const void *data, u32 size)
{
	const u8 *p = data;
	u32 i, word, result;
	int ret;

	for (i = 0; i < size; i += 4) {
		word = 0;
		memcpy(&word, p + i, min_t(u32, 4, size - i));
		heap_wr(m, v, NVVGPU_MSG_BUFF_OFF + i, word);
	}
	heap_wr(m, v, NVVGPU_CTRL_MSG_TYPE, type);
	heap_wr(m, v, NVVGPU_CTRL_MSG_SEQ, ++v->seq);
	writel(NVVGPU_DOORBELL_VALUE(v->gfid), m->bar0 + NVVGPU_DOORBELL);
	readl(m->bar0 + NVVGPU_DOORBELL);
	ret = heap_wait(m, v, NVVGPU_RESP_BUFF_OFF + NVVGPU_RESP_SEQ_PROCESSED, v->seq,
			NVVGPU_RPC_TIMEOUT_MS);
	if (ret) {
		dev_err(&m->pf->dev, "vGPU GFID %u: plugin RPC %u unanswered after %u ms\n", v->gfid, type,
			NVVGPU_RPC_TIMEOUT_MS);
		return ret;
	}
	result = heap_rd(m, v, NVVGPU_RESP_BUFF_OFF + NVVGPU_RESP_RESULT);
	if (result) {
		dev_err(&m->pf->dev, "vGPU GFID %u: plugin RPC %u failed: result %u\n", v->gfid, type, result);
		return -EREMOTEIO;
	}
	return 0;
}

/* ---- framebuffer scrub (spec/vgpu.md §2.9, RFC v2 patch 12) ---------------------- */

/*
 * The scrub: a copy-engine channel on the vGPU's last channel ID (RFC v2:
 * chid_offset + num_chid - 1), memsets of the guest FB in lines of at most
 * 0x80000000 bytes, the last one releasing 0xdeadbeef into the semaphore
 * page, waited for 4000 ms (spec/vgpu.md §2.9, §2.14).  The methods:
 *  - headers (clc86f.h NVC86F_DMA_*): SEC_OP 31:29 = 1 INC_METHOD,
 *    METHOD_COUNT 28:16, METHOD_SUBCHANNEL 15:13, METHOD_ADDRESS 11:0 in
 *    dwords; SET_OBJECT 0x0 binds the copy engine's class to its subchannel;
 *  - copy engine (clc7b5.h; clb0b5.h for the remap fields): SET_SEMAPHORE_A
 *    0x240 (upper bits), _B 0x244, _PAYLOAD 0x248; SET_DST_PHYS_MODE 0x264 =
 *    0 LOCAL_FB; OFFSET_OUT_UPPER 0x408, _LOWER 0x40c; LINE_LENGTH_IN 0x418
 *    (elements); SET_REMAP_CONST_A 0x700 = 0; SET_REMAP_COMPONENTS 0x708 =
 *    DST_X CONST_A (4), COMPONENT_SIZE FOUR (3 << 16), NUM_DST_COMPONENTS
 *    ONE (0): a memset of 4-byte zeros; LAUNCH_DMA 0x300 = NON_PIPELINED
 *    (2), FLUSH_ENABLE (1 << 2), DST_MEMORY_LAYOUT PITCH (1 << 8),
 *    REMAP_ENABLE (1 << 10), DST_TYPE PHYSICAL (1 << 13), and on the last
 *    line SEMAPHORE_TYPE RELEASE_ONE_WORD_SEMAPHORE (1 << 3).
 */
#define SCRUB_TIMEOUT_MS	4000
#define SCRUB_SEM_DONE		0xdeadbeefu
#define SCRUB_LINE_MAX		0x80000000ull
#define MTH_INC(subch, mthd, n)	(1u << 29 | (u32)(n) << 16 | (u32)(subch) << 13 | (mthd) >> 2)
#define CE_SET_SEMAPHORE_A	0x240u
#define CE_SET_DST_PHYS_MODE	0x264u
#define CE_LAUNCH_DMA		0x300u
#define CE_OFFSET_OUT_UPPER	0x408u
#define CE_LINE_LENGTH_IN	0x418u
#define CE_SET_REMAP_CONST_A	0x700u
#define CE_SET_REMAP_COMPONENTS	0x708u
#define CE_REMAP_MEMSET32	(4u | 3u << 16)
#define CE_LAUNCH_MEMSET	(2u | 1u << 2 | 1u << 8 | 1u << 10 | 1u << 13)
#define CE_LAUNCH_SEM_RELEASE	(1u << 3)
#define SCRUB_HEAD_DWORDS	12u
#define SCRUB_LINE_DWORDS	7u

/* The methods of a scrub of [fb, fb + len) into p; returns how many. */
static u32 scrub_methods(u32 *p, const struct nvcore_chan_info *ci, u64 fb, u64 len)
{
	u32 n = 0, sc = ci->ce_subchannel;

	p[n++] = MTH_INC(sc, 0, 1);
	p[n++] = ci->ce_class;
	p[n++] = MTH_INC(sc, CE_SET_REMAP_CONST_A, 1);
	p[n++] = 0;
	p[n++] = MTH_INC(sc, CE_SET_REMAP_COMPONENTS, 1);
	p[n++] = CE_REMAP_MEMSET32;
	p[n++] = MTH_INC(sc, CE_SET_DST_PHYS_MODE, 1);
	p[n++] = 0;
	p[n++] = MTH_INC(sc, CE_SET_SEMAPHORE_A, 3);
	p[n++] = upper_32_bits(ci->sem_addr);
	p[n++] = lower_32_bits(ci->sem_addr);
	p[n++] = SCRUB_SEM_DONE;
	while (len) {
		u64 line = min(len, SCRUB_LINE_MAX);

		p[n++] = MTH_INC(sc, CE_OFFSET_OUT_UPPER, 2);
		p[n++] = upper_32_bits(fb);
		p[n++] = lower_32_bits(fb);
		p[n++] = MTH_INC(sc, CE_LINE_LENGTH_IN, 1);
		p[n++] = (u32)(line / 4);
		p[n++] = MTH_INC(sc, CE_LAUNCH_DMA, 1);
		fb += line;
		len -= line;
		p[n++] = CE_LAUNCH_MEMSET | (len ? 0 : CE_LAUNCH_SEM_RELEASE);
	}
	return n;
}

/* Zero the vGPU's guest FB through a copy-engine channel (spec/vgpu.md §2.9). */
static int scrub(struct nvvgpu_mgr *m, struct nvvgpu *v)
{
	u32 root = nvcore_client_handle(m->client), gfid = v->gfid;
	unsigned long deadline;
	struct nvcore_chan_info ci;
	struct nvcore_chan *ch;
	u32 *p, n;
	int ret;

	ret = nvcore_rm_alloc(m->client, root, H_VGPU(gfid, 4), NVVGPU_CLASS_DEVICE, NULL, 0, NULL);
	if (ret)
		goto out;
	ret = nvcore_chan_alloc(m->client, H_VGPU(gfid, 4), H_VGPU(gfid, 5), H_VGPU(gfid, 6),
				v->chid_first + v->chid_count - 1, &ch);
	if (ret)
		goto out_device;
	nvcore_chan_info(ch, &ci);
	n = SCRUB_HEAD_DWORDS + SCRUB_LINE_DWORDS * (u32)DIV_ROUND_UP_ULL(v->fb_length, SCRUB_LINE_MAX);
	p = kmalloc_array(n, sizeof(*p), GFP_KERNEL);
	if (!p) {
		ret = -ENOMEM;
		goto out_chan;
	}
	n = scrub_methods(p, &ci, v->fb, v->fb_length);
	nvcore_chan_sem_write(ch, 0, 0);
	ret = nvcore_chan_submit(ch, p, n);
	kfree(p);
	deadline = jiffies + msecs_to_jiffies(SCRUB_TIMEOUT_MS);
	while (!ret && nvcore_chan_sem_read(ch, 0) != SCRUB_SEM_DONE) {
		if (time_after(jiffies, deadline))
			ret = -ETIMEDOUT;
		else
			usleep_range(500, 1000);
	}
out_chan:
	nvcore_chan_free(ch);
out_device:
	nvcore_rm_free(m->client, root, H_VGPU(gfid, 4), NULL);
out:
	if (ret)
		dev_err(&m->pf->dev, "vGPU GFID %u: framebuffer scrub of 0x%llx+0x%llx failed: %d\n",
			gfid, v->fb, v->fb_length, ret);
	return ret;
}

/* ---- create / destroy (spec/vgpu.md §2.6, §2.10) ------------------------------ */

/* The scrub before the FB is freed: a failure is logged, the free goes on (RFC v2 WARNs). */
static void scrub_before_free(struct nvvgpu_mgr *m, struct nvvgpu *v)
{
	if (scrub(m, v))
		dev_warn(&m->pf->dev, "vGPU GFID %u: framebuffer 0x%llx+0x%llx freed unscrubbed\n", v->gfid,
			 v->fb, v->fb_length);
}

static int gfid_control(struct nvvgpu_mgr *m, u32 gfid, u32 cmd)
{
	struct nvvgpu_gfid_params p = { .gfid = gfid };

	return nvcore_rm_control(m->client, H_VGPU(gfid, 2), cmd, &p, sizeof(p), NULL);
}

static int bootload(struct nvvgpu_mgr *m, struct pci_dev *vf, struct nvvgpu *v)
{
	struct nvvgpu_bootload_params *p;
	u32 status = 0;
	int ret, i;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->dbdf = pci_dev_id(vf);		/* domain 0, as the RFC */
	p->vgpu_type = v->type->id;
	p->gfid = v->gfid;
	p->num_channels = v->chid_count;
	p->num_plugin_channels = NUM_PLUGIN_CHANNELS;
	/* Assumption: every engine's channels start at the range's first ID. */
	for (i = 0; i < NVVGPU_MAX_ENGINES; i++)
		p->chid_offset[i] = v->chid_first;
	p->num_guest_fb_segments = 1;
	p->guest_fb_phys_addr[0] = v->fb;
	p->guest_fb_length[0] = v->fb_length;
	p->plugin_heap_phys_addr = v->heap;
	p->plugin_heap_length = v->type->gsp_heap_size;
	p->init_task_log_offset = v->heap + NVVGPU_INIT_LOG_OFF;
	p->init_task_log_size = NVVGPU_INIT_LOG_SIZE;
	p->vgpu_task_log_offset = v->heap + NVVGPU_VGPU_LOG_OFF;
	p->vgpu_task_log_size = NVVGPU_VGPU_LOG_SIZE;
	p->kernel_log_offset = v->heap + NVVGPU_KERNEL_LOG_OFF;
	p->kernel_log_size = NVVGPU_KERNEL_LOG_SIZE;
	ret = nvcore_rm_control(m->client, H_VGPU(v->gfid, 2), NVVGPU_CMD_BOOTLOAD, p, sizeof(*p),
				&status);
	kfree(p);
	if (ret)
		dev_err(&vf->dev, "vGPU GFID %u: BOOTLOAD_GSP_VGPU_PLUGIN_TASK failed: %d (status 0x%x)\n",
			v->gfid, ret, status);
	return ret;
}

/* The RPC channel, the ready magic, then RPC 1, 2 and 13 (spec/vgpu.md §2.6 g, 5). */
static int plugin_start(struct nvvgpu_mgr *m, struct pci_dev *vf, struct nvvgpu *v)
{
	struct nvvgpu_config_params cfg = {
		.dbdf = pci_dev_id(vf),
		.vgpu_device_instance_id = H_VGPU(v->gfid, 1),
		.vgpu_type = v->type->id,
		.num_channels = v->chid_count,
		.num_plugin_channels = NUM_PLUGIN_CHANNELS,
	};
	struct nvvgpu_bme_params bme = { .enable = 1, .allowed = 1 };
	int ret;

	heap_wr(m, v, NVVGPU_CTRL_VERSION, NVVGPU_CTRL_BUFF_VERSION);
	heap_wr64(m, v, NVVGPU_CTRL_RESP_BUFF, NVVGPU_RESP_BUFF_OFF);
	heap_wr64(m, v, NVVGPU_CTRL_MSG_BUFF, NVVGPU_MSG_BUFF_OFF);
	heap_wr64(m, v, NVVGPU_CTRL_MIGRATION_BUFF, NVVGPU_MIGRATION_BUFF_OFF);
	heap_wr64(m, v, NVVGPU_CTRL_ERROR_BUFF, NVVGPU_ERROR_BUFF_OFF);
	ret = heap_wait(m, v, NVVGPU_CTRL_MSG_SEQ, NVVGPU_PLUGIN_BOOTLOADED,
			NVVGPU_BOOTLOAD_TIMEOUT_MS);
	if (ret) {
		dev_err(&vf->dev, "vGPU GFID %u: the plugin did not bootload within %u ms\n", v->gfid,
			NVVGPU_BOOTLOAD_TIMEOUT_MS);
		return ret;
	}
	v->seq = 0;
	ret = plugin_rpc(m, v, NVVGPU_RPC_VERSION_NEGOTIATION, NULL, 0);
	if (!ret)
		ret = plugin_rpc(m, v, NVVGPU_RPC_SETUP_CONFIG_PARAMS_AND_INIT, &cfg, sizeof(cfg));
	if (!ret)
		ret = plugin_rpc(m, v, NVVGPU_RPC_UPDATE_BME_STATE, &bme, sizeof(bme));
	return ret;
}

static void free_device(struct nvvgpu_mgr *m, u32 gfid)
{
	int ret = nvcore_rm_free(m->client, nvcore_client_handle(m->client), H_VGPU(gfid, 1), NULL);

	if (ret)
		dev_warn(&m->pf->dev, "vGPU GFID %u: freeing the GSP client's device failed: %d\n",
			 gfid, ret);
}

/* Stop the plugin: shutdown, then cleanup; failures are logged, the unwind goes on. */
static void plugin_stop(struct nvvgpu_mgr *m, u32 gfid)
{
	int ret = gfid_control(m, gfid, NVVGPU_CMD_SHUTDOWN);

	if (ret)
		dev_warn(&m->pf->dev, "vGPU GFID %u: SHUTDOWN_GSP_VGPU_PLUGIN_TASK failed: %d\n", gfid, ret);
	ret = gfid_control(m, gfid, NVVGPU_CMD_CLEANUP);
	if (ret)
		dev_warn(&m->pf->dev, "vGPU GFID %u: VGPU_PLUGIN_CLEANUP failed: %d\n", gfid, ret);
}

/* Free the "GSP client" (subdevice, then device); failures are logged, the unwind goes on. */
static void free_client(struct nvvgpu_mgr *m, u32 gfid)
{
	int ret = nvcore_rm_free(m->client, H_VGPU(gfid, 1), H_VGPU(gfid, 2), NULL);

	if (ret)
		dev_warn(&m->pf->dev, "vGPU GFID %u: freeing the GSP client's subdevice failed: %d\n",
			 gfid, ret);
	free_device(m, gfid);
}

/*
 * The guest framebuffer (spec/vgpu.md §2.6 c, RFC v2 vgpu.c): the type's
 * fb_length; with ECC on, no more than the FB's share per instance less the
 * plugin heap (and the type's fb_reservation, which our metadata record
 * does not carry: taken as 0, assumption), VMMU-segment aligned down.
 */
static u64 guest_fb_length(const struct nvvgpu_mgr *m, const struct nvvgpu_type *t)
{
	u64 share;

	if (!m->ecc)
		return t->fb_length;
	share = div_u64(ALIGN(m->fb_total, m->vmmu_segment), t->max_instance) - t->gsp_heap_size;
	return ALIGN_DOWN(min(t->fb_length, share), m->vmmu_segment);
}

static int vgpu_create(struct nvvgpu_mgr *m, struct pci_dev *vf, struct nvvgpu_vf *s, u32 gfid)
{
	const struct nvvgpu_type *t = s->type;
	const char *step = "state";
	struct nvvgpu *v;
	int ret = -ENOMEM;

	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		goto err_log;
	v->gfid = gfid;
	v->type = t;
	v->chid_count = rounddown_pow_of_two(m->chid_total / t->max_instance);
	v->fb_length = guest_fb_length(m, t);
	step = "channel IDs";
	ret = nvcore_chid_alloc(m->client, gfid, v->chid_count, &v->chid_first);
	if (ret)
		goto err_free;
	step = "guest framebuffer";
	ret = nvcore_fb_alloc(m->client, gfid, v->fb_length, m->vmmu_segment, &v->fb);
	if (ret)
		goto err_chid;
	step = "framebuffer scrub";
	ret = scrub(m, v);
	if (ret)
		goto err_fb;
	step = "plugin heap";
	ret = nvcore_fb_alloc(m->client, gfid, t->gsp_heap_size, m->vmmu_segment, &v->heap);
	if (ret)
		goto err_fb;
	step = "GSP client device";
	ret = nvcore_rm_alloc(m->client, nvcore_client_handle(m->client), H_VGPU(gfid, 1),
			      NVVGPU_CLASS_DEVICE, NULL, 0, NULL);
	/* Timed out: GSP-RM may have made it all the same, and would keep its handle. */
	if (ret == -ETIMEDOUT)
		goto err_device;
	if (ret)
		goto err_heap;
	step = "GSP client subdevice";
	ret = nvcore_rm_alloc(m->client, H_VGPU(gfid, 1), H_VGPU(gfid, 2), NVVGPU_CLASS_SUBDEVICE,
			      NULL, 0, NULL);
	if (ret)
		goto err_device;
	step = "plugin bootload";
	ret = bootload(m, vf, v);
	if (ret)
		goto err_client;
	step = "plugin start";
	ret = plugin_start(m, vf, v);
	if (ret)
		goto err_plugin;
	s->vgpu = v;
	dev_info(&vf->dev, "vGPU GFID %u created: %s, channels %u+%u, FB 0x%llx, heap 0x%llx\n", gfid,
		 t->name, v->chid_first, v->chid_count, v->fb, v->heap);
	return 0;

err_plugin:
	plugin_stop(m, gfid);
err_client:
	/* The plugin may have had the FB: scrubbed before it is freed, as at destroy. */
	free_client(m, gfid);
	nvcore_fb_free(m->client, gfid, v->heap);
	scrub_before_free(m, v);
	goto err_fb;
err_device:
	free_device(m, gfid);
err_heap:
	nvcore_fb_free(m->client, gfid, v->heap);
err_fb:
	nvcore_fb_free(m->client, gfid, v->fb);
err_chid:
	nvcore_chid_free(m->client, gfid, v->chid_first);
err_free:
	kfree(v);
err_log:
	dev_err(&vf->dev, "vGPU GFID %u: create failed at its %s: %d\n", gfid, step, ret);
	return ret;
}

static void vgpu_destroy(struct nvvgpu_mgr *m, struct nvvgpu_vf *s)
{
	struct nvvgpu *v = s->vgpu;

	plugin_stop(m, v->gfid);
	free_client(m, v->gfid);
	nvcore_fb_free(m->client, v->gfid, v->heap);
	scrub_before_free(m, v);
	nvcore_fb_free(m->client, v->gfid, v->fb);
	nvcore_chid_free(m->client, v->gfid, v->chid_first);
	dev_info(&m->pf->dev, "vGPU GFID %u destroyed\n", v->gfid);
	s->vgpu = NULL;
	kfree(v);
}

int nvvgpu_create(struct pci_dev *vf)
{
	struct nvvgpu_mgr *m;
	struct nvvgpu_vf *s;
	u32 gfid;
	int ret;

	m = mgr_lock(vf, &s, &gfid);
	if (IS_ERR(m))
		return PTR_ERR(m);
	if (!s->type) {
		dev_err(&vf->dev, "a vGPU type must be chosen before opening the VF\n");
		ret = -ENODEV;
	} else if (s->vgpu) {
		ret = -EBUSY;
	} else {
		ret = vgpu_create(m, vf, s, gfid);
	}
	mgr_unlock(m);
	return ret;
}

/* op on the VF's vGPU under the manager's lock; -ENODEV when there is none. */
static int on_vgpu(struct pci_dev *vf, void *arg,
		   int (*op)(struct nvvgpu_mgr *m, struct nvvgpu_vf *s, u32 gfid, void *arg))
{
	struct nvvgpu_mgr *m;
	struct nvvgpu_vf *s;
	u32 gfid;
	int ret;

	m = mgr_lock(vf, &s, &gfid);
	if (IS_ERR(m))
		return PTR_ERR(m);
	ret = s->vgpu ? op(m, s, gfid, arg) : -ENODEV;
	mgr_unlock(m);
	return ret;
}

static int op_destroy(struct nvvgpu_mgr *m, struct nvvgpu_vf *s, u32 gfid, void *arg)
{
	vgpu_destroy(m, s);
	return 0;
}

int nvvgpu_destroy(struct pci_dev *vf)
{
	return on_vgpu(vf, NULL, op_destroy);
}

/* RPC 3 RESET to the VF's plugin, then the FB scrub (spec/vgpu.md §2.9); its resources stay. */
static int op_reset(struct nvvgpu_mgr *m, struct nvvgpu_vf *s, u32 gfid, void *arg)
{
	int ret = plugin_rpc(m, s->vgpu, NVVGPU_RPC_RESET, NULL, 0);

	if (!ret)
		ret = scrub(m, s->vgpu);

	if (!ret)
		dev_info(&m->pf->dev, "vGPU GFID %u reset\n", gfid);
	return ret;
}

int nvvgpu_reset(struct pci_dev *vf)
{
	return on_vgpu(vf, NULL, op_reset);
}

static int op_info(struct nvvgpu_mgr *m, struct nvvgpu_vf *s, u32 gfid, void *arg)
{
	struct nvvgpu_vgpu_info *info = arg;

	info->gfid = gfid;
	info->bar1_length = s->vgpu->type->bar1_length;
	info->num_channels = s->vgpu->chid_count;
	return 0;
}

int nvvgpu_info(struct pci_dev *vf, struct nvvgpu_vgpu_info *info)
{
	return on_vgpu(vf, info, op_info);
}

void nvvgpu_forget_vf(struct pci_dev *vf)
{
	struct nvvgpu_mgr *m;
	struct nvvgpu_vf *s;
	u32 gfid;

	m = mgr_lock(vf, &s, &gfid);
	if (IS_ERR(m))
		return;
	if (!s->vgpu)
		s->type = NULL;
	mgr_unlock(m);
}

/* Destroy the vGPUs of GFIDs above keep and forget their types (VFs going, PF unbinding). */
static void drop_vfs_locked(struct nvvgpu_mgr *m, u32 keep, const char *why)
{
	unsigned int i;

	for (i = keep; i < ARRAY_SIZE(m->vf); i++) {
		if (m->vf[i].vgpu) {
			dev_warn(&m->pf->dev, "vGPU GFID %u still exists at %s; destroying it\n", i + 1, why);
			vgpu_destroy(m, &m->vf[i]);
		}
		m->vf[i].type = NULL;
	}
}

/* ---- the auxiliary driver ------------------------------------------------------ */

static void on_event(struct nvcore_client *client, const struct nvcore_event *ev)
{
	struct nvvgpu_mgr *m = nvcore_client_priv(client);

	mutex_lock(&m->lock);
	if (ev->type == NVCORE_EVENT_SRIOV_CONFIGURE)
		drop_vfs_locked(m, ev->num_vfs, "SR-IOV configure");
	else if (ev->type == NVCORE_EVENT_PF_UNBIND)
		drop_vfs_locked(m, 0, "PF unbind");
	mutex_unlock(&m->lock);
}

static const struct nvcore_client_ops client_ops = { .event = on_event };

/*
 * The metadata file's RM control (meta.c), sent on the manager's subdevice
 * from the file's own bytes; its reply's parameters are not kept.
 */
static int send_types(void *ctx, u32 cmd, const void *params, u32 size)
{
	struct nvvgpu_mgr *m = ctx;
	u32 status = 0;
	int ret;

	ret = nvcore_rm_control_send(m->client, H_VGPU(0, 2), cmd, params, size, &status);
	if (ret)
		dev_err(&m->pf->dev, "vGPU manager: RM control 0x%08x (%u bytes) failed: %d (status 0x%x)\n",
			cmd, size, ret, status);
	return ret;
}

/*
 * What the VMMU segment and ECC are, and the vGPU types (spec/vgpu.md §2.3,
 * spec/vgpu.md §1.6: RFC v2 init_vgpu_mgr and the metadata setup), asked and sent
 * on a device + subdevice of the manager's own.  A failed ECC query leaves
 * ECC off with a log line, as NVIDIA's stack degrades (spec/vgpu.md §5,
 * item 5); a failed VMMU or GSP_GET_FEATURES query or metadata file fails
 * the probe.
 */
static int setup_gpu(struct nvvgpu_mgr *m)
{
	struct nvvgpu_vmmu_segment_params seg = { 0 };
	struct nvvgpu_gsp_features_params feat = { 0 };
	struct nvvgpu_ecc_status_params *ecc;
	u32 root = nvcore_client_handle(m->client), status = 0;
	int ret;

	ret = nvcore_rm_alloc(m->client, root, H_VGPU(0, 1), NVVGPU_CLASS_DEVICE, NULL, 0, NULL);
	if (ret)
		return ret;
	ret = nvcore_rm_alloc(m->client, H_VGPU(0, 1), H_VGPU(0, 2), NVVGPU_CLASS_SUBDEVICE, NULL, 0,
			      NULL);
	if (ret)
		goto out_device;
	ret = nvcore_rm_control(m->client, H_VGPU(0, 2), NVVGPU_CMD_GET_VMMU_SEGMENT_SIZE, &seg,
				sizeof(seg), &status);
	if (!ret && (!is_power_of_2(seg.vmmu_segment_size) || seg.vmmu_segment_size < SZ_32M ||
		     seg.vmmu_segment_size > SZ_512M))
		ret = -EPROTO;
	if (ret) {
		dev_err(&m->pf->dev, "vGPU manager: GET_VMMU_SEGMENT_SIZE failed: %d (status 0x%x, size 0x%llx)\n",
			ret, status, seg.vmmu_segment_size);
		goto out_subdevice;
	}
	m->vmmu_segment = seg.vmmu_segment_size;
	ecc = kzalloc(sizeof(*ecc), GFP_KERNEL);
	if (!ecc) {
		ret = -ENOMEM;
		goto out_subdevice;
	}
	ret = nvcore_rm_control(m->client, H_VGPU(0, 2), NVVGPU_CMD_QUERY_ECC_STATUS, ecc,
				sizeof(*ecc), &status);
	if (ret)
		dev_warn(&m->pf->dev, "vGPU manager: QUERY_ECC_STATUS failed: %d (status 0x%x); ECC taken as off\n",
			 ret, status);
	m->ecc = !ret && ecc->units[0].enabled;
	kfree(ecc);
	/* The running GSP-RM's version names the metadata file (spec/vgpu.md §1.6). */
	ret = nvcore_rm_control(m->client, H_VGPU(0, 2), NVVGPU_CMD_GSP_GET_FEATURES, &feat,
				sizeof(feat), &status);
	if (!ret && (!feat.valid || !memchr(feat.firmware_version, 0, sizeof(feat.firmware_version))))
		ret = -EPROTO;
	if (ret) {
		dev_err(&m->pf->dev, "vGPU manager: GSP_GET_FEATURES failed: %d (status 0x%x, bValid %u%s)\n",
			ret, status, feat.valid,
			memchr(feat.firmware_version, 0, sizeof(feat.firmware_version)) ? "" :
			", firmwareVersion without NUL");
		goto out_subdevice;
	}
	ret = nvvgpu_meta_load(m->pf, feat.firmware_version, send_types, m, &m->tbl);
out_subdevice:
	nvcore_rm_free(m->client, H_VGPU(0, 1), H_VGPU(0, 2), NULL);
out_device:
	nvcore_rm_free(m->client, root, H_VGPU(0, 1), NULL);
	return ret;
}

static int mgr_probe(struct auxiliary_device *adev, const struct auxiliary_device_id *id)
{
	struct nvcore_gpu_info gi;
	struct nvcore_vgpu_info vi;
	struct nvvgpu_mgr *m;
	int ret;

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	mutex_init(&m->lock);
	kref_init(&m->ref);
	m->pf = to_pci_dev(adev->dev.parent);
	ret = nvcore_client_attach(adev, NVCORE_API_VERSION, &client_ops, m, &m->client);
	if (ret)
		goto err_free;
	nvcore_gpu_info(m->client, &gi);
	ret = nvcore_vgpu_info(m->client, &vi);
	if (ret) {
		dev_info(&m->pf->dev, "vGPU manager: vGPU is off on this GPU (nvcore.vgpu): %d\n", ret);
		goto err_detach;
	}
	m->chid_total = vi.chid_count;
	m->fb_total = gi.fb_size;
	ret = setup_gpu(m);
	if (ret)
		goto err_detach;
	m->bar0 = pci_iomap(m->pf, 0, 0);
	if (!m->bar0) {
		ret = -ENOMEM;
		goto err_detach;
	}
	auxiliary_set_drvdata(adev, m);
	mutex_lock(&mgrs_lock);
	list_add_tail(&m->node, &mgrs);
	mutex_unlock(&mgrs_lock);
	dev_info(&m->pf->dev, "vGPU manager: %u vGPU types for %s, VMMU segment %llu MiB, ECC %s\n",
		 m->tbl.count, gi.chip, m->vmmu_segment >> 20, m->ecc ? "on" : "off");
	return 0;

err_detach:
	nvcore_client_detach(m->client);
err_free:
	nvvgpu_meta_free(&m->tbl);
	kfree(m);
	return ret;
}

/*
 * Unlisted first, so no new caller finds it; then, under its lock, what is
 * left is destroyed and the manager marked gone, so a caller that found it
 * before (a sysfs write, a VFIO open) gets -ENODEV and never touches the
 * client or BAR0; the memory goes with the last reference.
 */
static void mgr_remove(struct auxiliary_device *adev)
{
	struct nvvgpu_mgr *m = auxiliary_get_drvdata(adev);

	mutex_lock(&mgrs_lock);
	list_del(&m->node);
	mutex_unlock(&mgrs_lock);
	mutex_lock(&m->lock);
	drop_vfs_locked(m, 0, "manager removal");
	WRITE_ONCE(m->gone, true);
	pci_iounmap(m->pf, m->bar0);
	mutex_unlock(&m->lock);
	/* Outside m->lock: the core's events take it (on_event finds nothing left). */
	nvcore_client_detach(m->client);
	mgr_put(m);
}

static const struct auxiliary_device_id mgr_ids[] = {
	{ .name = "nvcore." NVCORE_AUX_DEV_NAME },
	{ }
};
MODULE_DEVICE_TABLE(auxiliary, mgr_ids);

static struct auxiliary_driver mgr_driver = {
	.name = "vgpu",
	.probe = mgr_probe,
	.remove = mgr_remove,
	.id_table = mgr_ids,
};

int nvvgpu_register(void)
{
	return auxiliary_driver_register(&mgr_driver);
}

void nvvgpu_unregister(void)
{
	auxiliary_driver_unregister(&mgr_driver);
}
