// SPDX-License-Identifier: MIT
/*
 * The resources the core partitions for vGPUs (spec/vgpu.md §1.1 "the core
 * must partition FB memory and channels"; §1.3 alloc_chids/alloc_fbmem):
 * channel IDs and framebuffer, handed out as ranges, each owned by the
 * client that asked and the GFID it asked for.  One first-fit range
 * allocator serves both; every range is a kernel allocation, so a leak
 * shows in the allocation accounting as well as in the log line that names
 * its GFID when its client detaches.
 */
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/sizes.h>

#include "core.h"

struct nvcore_vgpu_range {
	struct list_head node;
	u64 start, size;
	u32 gfid;
	struct nvcore_client *owner;
};

/*
 * Channel IDs for vGPUs: nvkm keeps 512 for the host and reserves
 * 512..2047 (spec/vgpu.md §1.7, v1 patch 09; the nova-core prototype
 * reports 2048 channels).
 */
#define CHID_FIRST		512
#define CHID_END		2048
/*
 * Framebuffer for vGPUs, **assumption**: GSP-RM is not asked; the core
 * keeps the upper half of the FB below its top 1 GiB (GSP's WPR2 region:
 * heap <= 280 MiB, image, FRTS; and the non-WPR heap), in 32 MiB units
 * (the smallest VMMU segment, NV2080_CTRL_CMD_GPU_GET_VMMU_SEGMENT_SIZE).
 */
#define FB_UNIT			SZ_32M
#define FB_TOP_RESERVED		SZ_1G
/* Ranges one GFID may hold per pool: bounds what a client can pin. */
#define RANGES_PER_GFID		8

void nvcore_vgpu_res_init(struct nvcore_dev *nd)
{
	struct nvcore_sriov_state *s = &nd->core->sriov;
	u64 fb = nd->core->boot.sinfo.fb_length, lo, hi;

	s->chid.what = "channel IDs";
	s->fb.what = "framebuffer bytes";
	if (!s->partitions)
		return;
	s->chid.start = CHID_FIRST;
	s->chid.size = CHID_END - CHID_FIRST;
	lo = ALIGN(fb / 2, FB_UNIT);
	hi = fb > FB_TOP_RESERVED ? ALIGN_DOWN(fb - FB_TOP_RESERVED, FB_UNIT) : 0;
	if (hi > lo) {
		s->fb.start = lo;
		s->fb.size = hi - lo;
	}
	dev_info(nd->dev, "vGPU: channel IDs %llu..%llu, framebuffer 0x%llx..0x%llx\n",
		 s->chid.start, s->chid.start + s->chid.size - 1, s->fb.start,
		 s->fb.start + s->fb.size);
}

/* Called with the sriov lock held. */
static int check_gfid(struct nvcore_dev *nd, u32 gfid, const char *op)
{
	struct nvcore_sriov_state *s = &nd->core->sriov;

	if (!s->partitions) {
		dev_err(nd->dev, "%s: vGPU is off on this GPU (%s)\n", op, s->refused);
		return -ENODEV;
	}
	if (gfid < 1 || gfid > (u32)s->num_vfs) {
		dev_err(nd->dev, "%s: GFID %u has no VF (%d VFs enabled: GFIDs 1..%d)\n", op, gfid,
			s->num_vfs, s->num_vfs);
		return -EINVAL;
	}
	return 0;
}

static int pool_alloc(struct nvcore_client *cl, struct nvcore_vgpu_pool *p, u32 gfid,
		      u64 size, u64 align, u64 *start)
{
	struct nvcore_dev *nd = nvcore_client_dev(cl);
	struct nvcore_sriov_state *s = &nd->core->sriov;
	struct nvcore_vgpu_range *r, *n;
	struct list_head *before;
	unsigned int held = 0;
	u64 at;
	int ret;

	if (!size || !is_power_of_2(align)) {
		dev_err(nd->dev, "allocating %s for GFID %u: size %llu or alignment %llu is invalid\n",
			p->what, gfid, size, align);
		return -EINVAL;
	}
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	mutex_lock(&s->lock);
	ret = check_gfid(nd, gfid, p->what);
	if (ret)
		goto out;
	list_for_each_entry(r, &p->ranges, node)
		held += r->gfid == gfid;
	if (held >= RANGES_PER_GFID) {
		dev_err(nd->dev, "GFID %u already holds %u ranges of %s (the most one GFID may)\n",
			gfid, held, p->what);
		ret = -ENOSPC;
		goto out;
	}
	/* First fit: the gap before each range in order, then the gap after the last. */
	at = ALIGN(p->start, align);
	before = &p->ranges;
	list_for_each_entry(r, &p->ranges, node) {
		if (at + size <= r->start)
			break;
		at = ALIGN(r->start + r->size, align);
		before = &r->node;
	}
	if (at + size > p->start + p->size) {
		dev_err(nd->dev, "no room for %llu %s (alignment %llu) for GFID %u\n", size, p->what,
			align, gfid);
		ret = -ENOSPC;
		goto out;
	}
	*n = (struct nvcore_vgpu_range){ .start = at, .size = size, .gfid = gfid, .owner = cl };
	list_add(&n->node, before);
	*start = at;
	n = NULL;
out:
	mutex_unlock(&s->lock);
	kfree(n);
	return ret;
}

static int pool_free(struct nvcore_client *cl, struct nvcore_vgpu_pool *p, u32 gfid, u64 start)
{
	struct nvcore_dev *nd = nvcore_client_dev(cl);
	struct nvcore_sriov_state *s = &nd->core->sriov;
	struct nvcore_vgpu_range *r, *found = NULL;

	mutex_lock(&s->lock);
	list_for_each_entry(r, &p->ranges, node) {
		if (r->start == start && r->gfid == gfid && r->owner == cl) {
			found = r;
			list_del(&r->node);
			break;
		}
	}
	mutex_unlock(&s->lock);
	if (!found) {
		dev_err(nd->dev, "freeing %s at %llu for GFID %u: this client holds no range there\n",
			p->what, start, gfid);
		return -EINVAL;
	}
	kfree(found);
	return 0;
}

static u64 pool_held(struct nvcore_vgpu_pool *p, u32 gfid, struct nvcore_client *cl)
{
	struct nvcore_vgpu_range *r;
	u64 n = 0;

	list_for_each_entry(r, &p->ranges, node)
		if (r->gfid == gfid && (!cl || r->owner == cl))
			n += r->size;
	return n;
}

int nvcore_chid_alloc(struct nvcore_client *cl, u32 gfid, u32 count, u32 *first)
{
	u64 at;
	int ret = pool_alloc(cl, &nvcore_client_dev(cl)->core->sriov.chid, gfid, count, 1, &at);

	if (!ret)
		*first = (u32)at;
	return ret;
}
EXPORT_SYMBOL_GPL(nvcore_chid_alloc);

int nvcore_chid_free(struct nvcore_client *cl, u32 gfid, u32 first)
{
	return pool_free(cl, &nvcore_client_dev(cl)->core->sriov.chid, gfid, first);
}
EXPORT_SYMBOL_GPL(nvcore_chid_free);

int nvcore_fb_alloc(struct nvcore_client *cl, u32 gfid, u64 size, u64 align, u64 *offset)
{
	return pool_alloc(cl, &nvcore_client_dev(cl)->core->sriov.fb, gfid, size, align, offset);
}
EXPORT_SYMBOL_GPL(nvcore_fb_alloc);

int nvcore_fb_free(struct nvcore_client *cl, u32 gfid, u64 offset)
{
	return pool_free(cl, &nvcore_client_dev(cl)->core->sriov.fb, gfid, offset);
}
EXPORT_SYMBOL_GPL(nvcore_fb_free);

int nvcore_vgpu_info(struct nvcore_client *cl, struct nvcore_vgpu_info *info)
{
	struct nvcore_sriov_state *s = &nvcore_client_dev(cl)->core->sriov;

	memset(info, 0, sizeof(*info));
	if (!s->partitions)
		return -ENODEV;
	mutex_lock(&s->lock);
	info->max_vgpus = s->partitions;
	info->total_vfs = s->total_vfs;
	info->num_vfs = s->num_vfs;
	info->chid_first = (u32)s->chid.start;
	info->chid_count = (u32)s->chid.size;
	info->fb_start = s->fb.start;
	info->fb_size = s->fb.size;
	mutex_unlock(&s->lock);
	return 0;
}
EXPORT_SYMBOL_GPL(nvcore_vgpu_info);

void nvcore_vgpu_usage(struct nvcore_client *cl, u32 gfid, u32 *chids, u64 *fb_bytes)
{
	struct nvcore_sriov_state *s = &nvcore_client_dev(cl)->core->sriov;

	mutex_lock(&s->lock);
	*chids = (u32)pool_held(&s->chid, gfid, cl);
	*fb_bytes = pool_held(&s->fb, gfid, cl);
	mutex_unlock(&s->lock);
}
EXPORT_SYMBOL_GPL(nvcore_vgpu_usage);

u32 nvcore_vgpu_res_held(struct nvcore_dev *nd, u64 *chids, u64 *fb)
{
	struct nvcore_sriov_state *s = &nd->core->sriov;
	struct nvcore_vgpu_range *r;
	struct nvcore_vgpu_pool *pools[] = { &s->chid, &s->fb };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pools); i++) {
		r = list_first_entry_or_null(&pools[i]->ranges, struct nvcore_vgpu_range, node);
		if (r) {
			*chids = pool_held(&s->chid, r->gfid, NULL);
			*fb = pool_held(&s->fb, r->gfid, NULL);
			return r->gfid;
		}
	}
	return 0;
}

void nvcore_vgpu_res_client_gone(struct nvcore_client *cl)
{
	struct nvcore_dev *nd = nvcore_client_dev(cl);
	struct nvcore_sriov_state *s = &nd->core->sriov;
	struct nvcore_vgpu_pool *pools[] = { &s->chid, &s->fb };
	struct nvcore_vgpu_range *r, *tmp;
	unsigned int i;

	mutex_lock(&s->lock);
	for (i = 0; i < ARRAY_SIZE(pools); i++) {
		list_for_each_entry_safe(r, tmp, &pools[i]->ranges, node) {
			if (r->owner != cl)
				continue;
			dev_warn(nd->dev, "client 0x%x detached holding %llu %s at %llu for GFID %u; freeing them\n",
				 nvcore_client_handle(cl), r->size, pools[i]->what, r->start, r->gfid);
			list_del(&r->node);
			kfree(r);
		}
	}
	mutex_unlock(&s->lock);
}
