// SPDX-License-Identifier: MIT
/*
 * The framebuffer's contents (rm half): the one store behind every path the
 * model has into FB memory (docs/hw-fidelity.md, "Framebuffer contents"):
 *  - the PRAMIN window (vgpu.c, outside the plugins' shared pages): BAR0
 *    0x700000 shows FB address (NV_PBUS_BAR0_WINDOW << 16) + offset;
 *  - a VF's BAR1 and BAR2 apertures (sriov.c, through vgpu.c's
 *    rm_vgpu_vf_fb_addr): in PHYSICAL mode BAR offset o is the vGPU's FB
 *    address guestFbPhysAddrList[0] + o;
 *  - the copy engine's memset (ce.c), the vGPU manager's scrub.
 * So what a guest writes through its BAR1 is what PRAMIN reads and what a
 * scrub clears.  Hardware keeps FB contents when a vGPU is destroyed: only
 * a scrub clears them.  Assumptions: words never written read 0; at most
 * FB_PAGES_MAX 4 KiB pages (16 MiB) are kept, a write that needs another is
 * dropped and logged as a model error; a page a zero memset covers whole is
 * dropped (it reads 0 all the same).  32-bit words: narrower accesses are
 * split by the host side (kshim memcpy_toio, QEMU's VF ops).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rm_priv.h"

#define FB_PAGES_MAX	4096u		/* kept pages (16 MiB): bounds the model */
#define FB_BUCKETS	256u		/* hash of the page number */

struct fb_page {
	struct fb_page *next;
	uint64_t addr;			/* page-aligned FB address */
	uint8_t data[RM_PAGE];
};

struct rm_fb {
	struct fb_page *bucket[FB_BUCKETS];
	uint32_t pages;
};

static struct fb_page **bucket_of(struct rm_fb *fb, uint64_t page)
{
	return &fb->bucket[(page / RM_PAGE) % FB_BUCKETS];
}

static struct fb_page *page_of(struct rm_fb *fb, uint64_t addr)
{
	uint64_t page = addr & ~(uint64_t)(RM_PAGE - 1);

	for (struct fb_page *pg = *bucket_of(fb, page); pg; pg = pg->next)
		if (pg->addr == page)
			return pg;
	return NULL;
}

void rm_fb_reset(struct gspm_rm *rm)
{
	for (uint32_t i = 0; rm->fb && i < FB_BUCKETS; i++) {
		while (rm->fb->bucket[i]) {
			struct fb_page *pg = rm->fb->bucket[i];

			rm->fb->bucket[i] = pg->next;
			free(pg);
		}
	}
	free(rm->fb);
	rm->fb = NULL;
}

uint32_t rm_fb_read32(struct gspm_rm *rm, uint64_t addr)
{
	const struct fb_page *pg = rm->fb ? page_of(rm->fb, addr) : NULL;

	return pg ? rm_rd32(pg->data, (uint32_t)(addr & (RM_PAGE - 4))) : 0;
}

void rm_fb_write32(struct gspm_rm *rm, uint64_t addr, uint32_t val)
{
	struct fb_page *pg;

	addr &= ~3ull;
	rm_ce_fb_written(rm, addr, addr + 4);
	if (!rm->fb)
		rm->fb = calloc(1, sizeof(*rm->fb));
	if (!rm->fb)
		return;
	pg = page_of(rm->fb, addr);
	if (!pg && !val)
		return;			/* a word never written reads 0 already */
	if (!pg && rm->fb->pages >= FB_PAGES_MAX) {
		gspm_log(rm->m, GSPM_LOG_ERROR, "framebuffer write at 0x%" PRIx64 " dropped: the model keeps at most %u pages",
			 addr, FB_PAGES_MAX);
		return;
	}
	if (!pg) {
		struct fb_page **b = bucket_of(rm->fb, addr & ~(uint64_t)(RM_PAGE - 1));

		pg = calloc(1, sizeof(*pg));
		if (!pg)
			return;
		pg->addr = addr & ~(uint64_t)(RM_PAGE - 1);
		pg->next = *b;
		*b = pg;
		rm->fb->pages++;
	}
	memcpy(pg->data + (addr & (RM_PAGE - 4)), &val, 4);
}

void rm_fb_fill32(struct gspm_rm *rm, uint64_t a, uint64_t b, uint32_t val)
{
	for (uint32_t i = 0; rm->fb && i < FB_BUCKETS; i++) {
		struct fb_page **link = &rm->fb->bucket[i];

		while (*link) {
			struct fb_page *pg = *link;
			uint64_t lo = pg->addr > a ? pg->addr : a;
			uint64_t hi = pg->addr + RM_PAGE < b ? pg->addr + RM_PAGE : b;

			if (!val && lo == pg->addr && hi == pg->addr + RM_PAGE) {
				*link = pg->next;
				free(pg);
				rm->fb->pages--;
				continue;
			}
			for (uint64_t w = (lo + 3) & ~3ull; w + 4 <= hi; w += 4)
				memcpy(pg->data + (w - pg->addr), &val, 4);
			link = &pg->next;
		}
	}
}
