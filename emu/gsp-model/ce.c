// SPDX-License-Identifier: MIT
/*
 * GSP-RM's copy-engine channels and the copy engine (rm half): what a vGPU
 * manager's framebuffer scrub uses (spec/vgpu.md §2.9, RFC v2 patch 12), and
 * the framebuffer the scrub clears.  Sources (docs/hw-fidelity.md, "Copy
 * engine and framebuffer scrub"):
 *  - the channel's allocation parameters, NV_CHANNEL_ALLOC_PARAMS at 570.144
 *    (368 bytes: engineType at 128, userdMem at 168, internalFlags at 244;
 *    by hand from OGKM alloc/alloc_channel.h), the channel ID carried as
 *    NVOS04_FLAGS_CHANNEL_USERD_INDEX_PAGE_VALUE (20:12) * 8 +
 *    USERD_INDEX_VALUE (10:8) with USERD_INDEX_PAGE_FIXED (21:21) set
 *    (nouveau nvkm/engine/fifo/r535.c r535_chan_ramfc_write, CHID_PER_USERD 8);
 *  - BIND 0xa06f0104 {engineType}, GPFIFO_SCHEDULE 0xa06f0103 {bEnable,
 *    bSkipSubmit}, GET_WORK_SUBMIT_TOKEN 0xc36f0108 {workSubmitToken}
 *    (ctrla06fgpfifo.h, ctrlc36f.h; nouveau binds, then schedules); the
 *    token is (runlist << 16) | chid (nouveau r535_chan_doorbell_handle);
 *  - the classes: AMPERE_CHANNEL_GPFIFO_B 0xc76f + AMPERE_DMA_COPY_B 0xc7b5
 *    (AD102: nouveau nvkm/engine/fifo/ga102.c, ce/ga102.c), HOPPER_CHANNEL_GPFIFO_A 0xc86f + HOPPER_DMA_COPY_A 0xc8b5
 *    (GH100); the copy engine's allocation {version, engineType}, VERSION_1
 *    an NV2080_ENGINE_TYPE (clc1b5sw.h), COPY0..COPY9 = 9..18 (cl2080.h);
 *  - the doorbell: NOTIFY_CHANNEL_PENDING (clc361.h, 0x90) of the usermode
 *    region at BAR0 0xb80000 + 0x30000 (nouveau nvkm/subdev/vfn);
 *  - USERD GPGet 0x88 / GPPut 0x8c; GP entry GET (31:2), GET_HI (7:0),
 *    LENGTH (30:10) in dwords; method headers SEC_OP (31:29: 1 INC, 3
 *    NON_INC, 4 IMMD, 5 ONE_INC), COUNT (28:16), SUBCHANNEL (15:13),
 *    ADDRESS (11:0, dwords); SET_OBJECT 0x0 (clc86f.h, clc76f.h);
 *  - copy-engine methods SET_SEMAPHORE_A/B/PAYLOAD 0x240/0x244/0x248,
 *    SET_DST_PHYS_MODE 0x264 (TARGET 1:0, 0 LOCAL_FB), LAUNCH_DMA 0x300
 *    (DATA_TRANSFER_TYPE 1:0, SEMAPHORE_TYPE 4:3 with 1 = RELEASE_ONE_WORD,
 *    DST_MEMORY_LAYOUT 8:8 PITCH, MULTI_LINE_ENABLE 9:9, REMAP_ENABLE 10:10,
 *    DST_TYPE 13:13 PHYSICAL), OFFSET_OUT_UPPER/LOWER 0x408/0x40c, PITCH_OUT
 *    0x414, LINE_LENGTH_IN 0x418, LINE_COUNT 0x41c, SET_REMAP_CONST_A 0x700,
 *    SET_REMAP_COMPONENTS 0x708 (DST_X 2:0 with 4 = CONST_A, COMPONENT_SIZE
 *    17:16, NUM_DST_COMPONENTS 25:24) (clc7b5.h; clb0b5.h for the remap
 *    fields, unchanged since); a memset is a remapped transfer of CONST_A;
 *  - the scrub's rules: the guest FB is scrubbed at allocation, after RPC 3
 *    RESET and before it is freed (spec/vgpu.md §2.6 c, §2.9, §2.10).
 * Assumptions (marked there): the channel's GPU addresses are bus addresses
 * of host memory (no VA space); the work runs at the doorbell, at once;
 * one runlist (0); the memset writes the framebuffer contents fb.c keeps
 * (PRAMIN and the VF BARs write them too); the instance block, RAMFC and
 * method buffer are checked for presence only.  While a trace plays
 * (gspm_set_script) the scrub rules only log: replay re-issues RPCs, not
 * the host's memsets.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rm_priv.h"

#define NV_ERR_INVALID_STATE	0x00000040u	/* nvstatuscodes.h */
#define NV_ERR_STATE_IN_USE	0x0000003au

#define CHAN_PARAMS_SIZE	368u
#define CP_GPFIFO_OFFSET	8u
#define CP_GPFIFO_ENTRIES	16u
#define CP_FLAGS		20u
#define CP_ENGINE_TYPE		128u
#define CP_INSTANCE_MEM		144u		/* NV_MEMORY_DESC_PARAMS {base, size, addressSpace, cacheAttrib} */
#define CP_USERD_MEM		168u
#define CP_MTHDBUF_MEM		216u
#define FLAGS_USERD_INDEX(f)	(((f) >> 8) & 7u)
#define FLAGS_USERD_PAGE(f)	(((f) >> 12) & 0x1ffu)
#define FLAGS_USERD_PAGE_FIXED	(1u << 21)
#define CHID_PER_USERD		8u
#define MAX_CHID		2048u
#define ENGINE_COPY0		9u
#define ENGINE_COPY9		18u
#define USERD_SIZE		0x200u
#define USERD_GP_GET		0x88u
#define USERD_GP_PUT		0x8cu
#define CMD_SCHEDULE		0xa06f0103u
#define CMD_BIND		0xa06f0104u
#define CMD_TOKEN		0xc36f0108u
#define DOORBELL		(0xb80000u + 0x30090u)
#define RUNLIST			0u		/* assumption: one runlist */

/* Methods (byte addresses). */
#define M_SET_OBJECT		0x000u
#define M_SEM_A			0x240u
#define M_SEM_B			0x244u
#define M_SEM_PAYLOAD		0x248u
#define M_DST_PHYS_MODE		0x264u
#define M_LAUNCH_DMA		0x300u
#define M_OFFSET_OUT_UPPER	0x408u
#define M_OFFSET_OUT_LOWER	0x40cu
#define M_PITCH_OUT		0x414u
#define M_LINE_LENGTH_IN	0x418u
#define M_LINE_COUNT		0x41cu
#define M_REMAP_CONST_A		0x700u
#define M_REMAP_COMPONENTS	0x708u
#define LD_TRANSFER(v)		((v) & 3u)
#define LD_SEM_TYPE(v)		(((v) >> 3) & 3u)
#define LD_DST_PITCH		(1u << 8)
#define LD_MULTI_LINE		(1u << 9)
#define LD_REMAP		(1u << 10)
#define LD_DST_PHYSICAL		(1u << 13)
#define REMAP_DST_X(v)		((v) & 7u)
#define REMAP_CONST_A		4u
#define REMAP_COMP_BYTES(v)	((((v) >> 16) & 3u) + 1u)
#define REMAP_DST_COMPS(v)	((((v) >> 24) & 3u) + 1u)

#define MAX_CHANS		8u
#define MAX_CLEAN		64u
#define MAX_PENDING		(2u * 32u)
#define MAX_PB_DWORDS		0x10000u

struct ce_chan {
	bool live, bound, scheduled;
	uint32_t h_client, h_chan, h_ce;
	uint32_t chid, engine, chan_class, ce_class;
	uint64_t gpfifo, userd;
	uint32_t entries, gp_get;
	uint32_t subch_class[8];
	/* Copy-engine method state. */
	uint32_t sem_a, sem_b, payload, dst_phys, pitch_out, line_len, line_count;
	uint32_t out_upper, out_lower, const_a, remap;
};

struct interval {
	uint64_t a, b;			/* [a, b) */
};

/* A vGPU's memory as its bootload gave it. */
struct partition {
	bool live, open;		/* open: its guest FB may be scrubbed (after RESET) */
	uint64_t fb, fb_len, heap, heap_len;
};

/* FB that must be scrubbed before the next checkpoint. */
struct pending {
	uint32_t gfid;
	const char *why;
	struct interval r;
};

struct rm_ce {
	struct ce_chan ch[MAX_CHANS];
	struct interval clean[MAX_CLEAN];	/* zero since a scrub, sorted, disjoint */
	unsigned int n_clean;
	struct partition part[33];
	struct pending pend[MAX_PENDING];
	unsigned int n_pend;
};

static struct rm_ce *ce(struct gspm_rm *rm)
{
	if (!rm->ce)
		rm->ce = calloc(1, sizeof(*rm->ce));
	return rm->ce;
}

void rm_ce_reset(struct gspm_rm *rm)
{
	free(rm->ce);
	rm->ce = NULL;
}

static uint32_t chan_class(const struct gspm_rm *rm)
{
	switch (gspm_cfg(rm->m)->chip) {
	case GSPM_CHIP_AD102:
		return 0xc76f;
	case GSPM_CHIP_GH100:
		return 0xc86f;
	default:
		return 0;
	}
}

static uint32_t ce_class(const struct gspm_rm *rm)
{
	return chan_class(rm) == 0xc86f ? 0xc8b5 : chan_class(rm) ? 0xc7b5 : 0;
}

bool rm_ce_owns_class(const struct gspm_rm *rm, uint32_t h_class)
{
	return h_class && (h_class == chan_class(rm) || h_class == ce_class(rm));
}

/* ---- the clean set and the pending scrubs ------------------------------------ */

static void clean_sub(struct rm_ce *c, uint64_t a, uint64_t b)
{
	struct interval out[MAX_CLEAN];
	unsigned int n = 0;

	for (unsigned int i = 0; i < c->n_clean; i++) {
		struct interval x = c->clean[i];

		if (x.b <= a || x.a >= b) {
			out[n++] = x;
			continue;
		}
		if (x.a < a && n < MAX_CLEAN)
			out[n++] = (struct interval){ x.a, a };
		if (x.b > b && n < MAX_CLEAN)
			out[n++] = (struct interval){ b, x.b };
	}
	memcpy(c->clean, out, n * sizeof(out[0]));
	c->n_clean = n;
}

static void clean_add(struct rm_ce *c, uint64_t a, uint64_t b)
{
	unsigned int i, j;

	clean_sub(c, a, b);
	/* Merge with neighbours that touch [a, b). */
	for (i = 0; i < c->n_clean; i++) {
		if (c->clean[i].b == a)
			a = c->clean[i].a;
		if (c->clean[i].a == b)
			b = c->clean[i].b;
	}
	clean_sub(c, a, b);
	if (c->n_clean == MAX_CLEAN)
		return;		/* full: it stays unclean, the conservative answer */
	for (i = 0; i < c->n_clean && c->clean[i].a < a; i++)
		;
	for (j = c->n_clean; j > i; j--)
		c->clean[j] = c->clean[j - 1];
	c->clean[i] = (struct interval){ a, b };
	c->n_clean++;
}

/* The first byte of [a, b) not zero since a scrub, or b when all are. */
static uint64_t first_unclean(const struct rm_ce *c, uint64_t a, uint64_t b)
{
	for (unsigned int i = 0; i < c->n_clean; i++)
		if (c->clean[i].a <= a && c->clean[i].b > a)
			return c->clean[i].b >= b ? b : c->clean[i].b;
	return a;
}

static void expect_scrub(struct gspm_rm *rm, uint32_t gfid, const char *why, uint64_t a, uint64_t len)
{
	struct rm_ce *c = ce(rm);

	if (!c)
		return;
	clean_sub(c, a, a + len);
	if (c->n_pend < MAX_PENDING)
		c->pend[c->n_pend++] = (struct pending){ gfid, why, { a, a + len } };
}

/* Drop the pending scrubs now done; a reset's partition closes again. */
static void pending_settle(struct rm_ce *c)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < c->n_pend; i++) {
		struct pending *p = &c->pend[i];

		if (first_unclean(c, p->r.a, p->r.b) < p->r.b) {
			c->pend[n++] = *p;
			continue;
		}
		if (!strcmp(p->why, "RESET")) {
			c->part[p->gfid].open = false;
			/* The guest runs again: its FB is its own. */
			clean_sub(c, p->r.a, p->r.b);
		}
	}
	c->n_pend = n;
}

/*
 * How a broken scrub rule is reported: a violation, except while a trace
 * plays (gspm_set_script): replay re-issues the workload's RPCs, not the
 * host's DMA work between them (the memsets), so there it is only logged.
 */
static enum gspm_log_level scrub_rule_level(const struct gspm_rm *rm)
{
	return rm->script ? GSPM_LOG_INFO : GSPM_LOG_VIOLATION;
}

void rm_ce_checkpoint(struct gspm_rm *rm, const char *when)
{
	struct rm_ce *c = rm->ce;

	if (!c)
		return;
	for (unsigned int i = 0; i < c->n_pend; i++) {
		const struct pending *p = &c->pend[i];

		gspm_log(rm->m, scrub_rule_level(rm), "%s: GFID %u's guest framebuffer 0x%" PRIx64 "+0x%" PRIx64 " was not scrubbed after %s (first unscrubbed byte 0x%" PRIx64 ")",
			     when, p->gfid, p->r.a, p->r.b - p->r.a, p->why,
			     first_unclean(c, p->r.a, p->r.b));
		if (!strcmp(p->why, "RESET"))
			c->part[p->gfid].open = false;
	}
	c->n_pend = 0;
}

void rm_ce_bootload(struct gspm_rm *rm, uint32_t gfid, uint64_t fb, uint64_t fb_len,
		    uint64_t heap, uint64_t heap_len)
{
	struct rm_ce *c = ce(rm);
	uint64_t at;

	if (!c || gfid > 32)
		return;
	at = first_unclean(c, fb, fb + fb_len);
	if (at < fb + fb_len)
		gspm_log(rm->m, scrub_rule_level(rm), "BOOTLOAD_GSP_VGPU_PLUGIN_TASK GFID %u: guest framebuffer 0x%" PRIx64 "+0x%" PRIx64 " was not scrubbed (first unscrubbed byte 0x%" PRIx64 ")",
			     gfid, fb, fb_len, at);
	c->part[gfid] = (struct partition){ true, false, fb, fb_len, heap, heap_len };
	clean_sub(c, fb, fb + fb_len);		/* the guest's from now on */
}

void rm_ce_plugin_reset(struct gspm_rm *rm, uint32_t gfid)
{
	struct rm_ce *c = ce(rm);

	if (!c || gfid > 32 || !c->part[gfid].live)
		return;
	c->part[gfid].open = true;
	expect_scrub(rm, gfid, "RESET", c->part[gfid].fb, c->part[gfid].fb_len);
}

void rm_ce_cleanup(struct gspm_rm *rm, uint32_t gfid)
{
	struct rm_ce *c = ce(rm);

	if (!c || gfid > 32 || !c->part[gfid].live)
		return;
	c->part[gfid].live = false;
	expect_scrub(rm, gfid, "VGPU_PLUGIN_CLEANUP (before it is freed)", c->part[gfid].fb,
		     c->part[gfid].fb_len);
}

void rm_ce_fb_written(struct gspm_rm *rm, uint64_t a, uint64_t b)
{
	if (rm->ce)
		clean_sub(rm->ce, a, b);
}

/* ---- RM objects: the channel and the copy engine ------------------------------- */

static struct ce_chan *chan_by_handle(struct rm_ce *c, uint32_t h_client, uint32_t h_chan)
{
	for (unsigned int i = 0; i < MAX_CHANS; i++)
		if (c->ch[i].live && c->ch[i].h_client == h_client && c->ch[i].h_chan == h_chan)
			return &c->ch[i];
	return NULL;
}

static uint32_t chan_alloc(struct gspm_rm *rm, struct rm_ce *c, uint32_t h_client, uint32_t h_chan,
			   const uint8_t *p, uint32_t size)
{
	uint32_t flags, chid, engine, entries;
	uint64_t gpfifo, userd, userd_len;
	struct ce_chan *ch = NULL;

	if (size != CHAN_PARAMS_SIZE) {
		gspm_violate(rm->m, "GSP_RM_ALLOC channel 0x%x class 0x%x: paramsSize %u, NV_CHANNEL_ALLOC_PARAMS is %u bytes",
			     h_chan, chan_class(rm), size, CHAN_PARAMS_SIZE);
		return NV_ERR_INVALID_ARGUMENT;
	}
	flags = rm_rd32(p, CP_FLAGS);
	chid = FLAGS_USERD_PAGE(flags) * CHID_PER_USERD + FLAGS_USERD_INDEX(flags);
	engine = rm_rd32(p, CP_ENGINE_TYPE);
	entries = rm_rd32(p, CP_GPFIFO_ENTRIES);
	gpfifo = rm_rd64(p, CP_GPFIFO_OFFSET);
	userd = rm_rd64(p, CP_USERD_MEM);
	userd_len = rm_rd64(p, CP_USERD_MEM + 8);
	if (!(flags & FLAGS_USERD_PAGE_FIXED) || chid >= MAX_CHID) {
		gspm_violate(rm->m, "GSP_RM_ALLOC channel 0x%x: flags 0x%x name no channel ID (USERD_INDEX_PAGE_FIXED with page * 8 + index below %u)",
			     h_chan, flags, MAX_CHID);
		return NV_ERR_INVALID_ARGUMENT;
	}
	if (engine < ENGINE_COPY0 || engine > ENGINE_COPY9) {
		gspm_violate(rm->m, "GSP_RM_ALLOC channel 0x%x: engineType %u is no copy engine (%u..%u)",
			     h_chan, engine, ENGINE_COPY0, ENGINE_COPY9);
		return NV_ERR_INVALID_ARGUMENT;
	}
	if (!gpfifo || (gpfifo & 7) || entries < 2 || (entries & (entries - 1))) {
		gspm_violate(rm->m, "GSP_RM_ALLOC channel 0x%x: GPFIFO at 0x%" PRIx64 " with %u entries (8-byte aligned, a power of two >= 2)",
			     h_chan, gpfifo, entries);
		return NV_ERR_INVALID_ARGUMENT;
	}
	if (!userd || (userd & (USERD_SIZE - 1)) || userd_len < USERD_SIZE ||
	    !rm_rd64(p, CP_INSTANCE_MEM) || !rm_rd64(p, CP_MTHDBUF_MEM)) {
		gspm_violate(rm->m, "GSP_RM_ALLOC channel 0x%x: USERD 0x%" PRIx64 "+0x%" PRIx64 " (0x200-aligned, 0x200 bytes), instance 0x%" PRIx64 ", method buffer 0x%" PRIx64,
			     h_chan, userd, userd_len, rm_rd64(p, CP_INSTANCE_MEM), rm_rd64(p, CP_MTHDBUF_MEM));
		return NV_ERR_INVALID_ARGUMENT;
	}
	for (unsigned int i = 0; i < MAX_CHANS; i++) {
		if (c->ch[i].live && c->ch[i].chid == chid) {
			gspm_violate(rm->m, "GSP_RM_ALLOC channel 0x%x: channel ID %u is channel 0x%x's", h_chan,
				     chid, c->ch[i].h_chan);
			return NV_ERR_STATE_IN_USE;
		}
		if (!c->ch[i].live && !ch)
			ch = &c->ch[i];
	}
	if (!ch)
		return NV_ERR_NO_MEMORY;
	*ch = (struct ce_chan){ .live = true, .h_client = h_client, .h_chan = h_chan, .chid = chid,
				.engine = engine, .chan_class = chan_class(rm), .gpfifo = gpfifo,
				.userd = userd, .entries = entries };
	return NV_OK;
}

static uint32_t ce_alloc(struct gspm_rm *rm, struct ce_chan *ch, uint32_t h_ce, const uint8_t *p,
			 uint32_t size)
{
	if (!ch) {
		gspm_violate(rm->m, "GSP_RM_ALLOC copy engine 0x%x: its parent is no channel", h_ce);
		return NV_ERR_INVALID_ARGUMENT;
	}
	if (size != 8 || rm_rd32(p, 0) != 1 || rm_rd32(p, 4) != ch->engine) {
		gspm_violate(rm->m, "GSP_RM_ALLOC copy engine 0x%x: parameters of %u bytes {version %u, engineType %u}, expected 8 {1, the channel's %u}",
			     h_ce, size, size >= 4 ? rm_rd32(p, 0) : 0, size >= 8 ? rm_rd32(p, 4) : 0, ch->engine);
		return NV_ERR_INVALID_ARGUMENT;
	}
	if (ch->h_ce) {
		gspm_violate(rm->m, "GSP_RM_ALLOC copy engine 0x%x: channel 0x%x has one (0x%x)", h_ce,
			     ch->h_chan, ch->h_ce);
		return NV_ERR_STATE_IN_USE;
	}
	ch->h_ce = h_ce;
	ch->ce_class = ce_class(rm);
	return NV_OK;
}

uint32_t rm_ce_alloc(struct gspm_rm *rm, uint32_t h_client, uint32_t h_parent, uint32_t parent_class,
		     uint32_t h_object, uint32_t h_class, const uint8_t *params, uint32_t size)
{
	struct rm_ce *c = ce(rm);

	if (!c)
		return NV_ERR_NO_MEMORY;
	if (h_class == chan_class(rm) && parent_class != NV01_DEVICE_0) {
		gspm_violate(rm->m, "GSP_RM_ALLOC channel 0x%x: its parent 0x%x is no device (class 0x%x)",
			     h_object, h_parent, parent_class);
		return NV_ERR_INVALID_ARGUMENT;
	}
	if (h_class == chan_class(rm))
		return chan_alloc(rm, c, h_client, h_object, params, size);
	return ce_alloc(rm, chan_by_handle(c, h_client, h_parent), h_object, params, size);
}

/* After a FREE: forget the channels and copy engines whose objects are gone. */
void rm_ce_freed(struct gspm_rm *rm)
{
	for (unsigned int i = 0; rm->ce && i < MAX_CHANS; i++) {
		struct ce_chan *ch = &rm->ce->ch[i];
		bool chan = false, eng = false;

		if (!ch->live)
			continue;
		for (unsigned int k = 0; k < rm->n_objs; k++) {
			const struct rm_object *o = &rm->objs[k];

			if (!o->live || o->h_client != ch->h_client)
				continue;
			chan |= o->h_object == ch->h_chan;
			eng |= ch->h_ce && o->h_object == ch->h_ce;
		}
		if (!chan)
			ch->live = false;
		else if (!eng)
			ch->h_ce = 0;
	}
}

bool rm_ce_control(struct gspm_rm *rm, const struct rm_object *obj, uint32_t cmd, uint8_t *params,
		   uint32_t size, uint32_t *status)
{
	struct ce_chan *ch;

	uint64_t arg = 0;

	if (cmd != CMD_BIND && cmd != CMD_SCHEDULE && cmd != CMD_TOKEN)
		return false;
	if (rm_take_fault(rm, GSPM_FAULT_VGPU_CTRL_STATUS, cmd, &arg)) {
		*status = (uint32_t)arg;
		return true;
	}
	ch = rm->ce ? chan_by_handle(rm->ce, obj->h_client, obj->h_object) : NULL;
	if (!ch) {
		*status = NV_ERR_NOT_SUPPORTED;
		return true;
	}
	if (size != (cmd == CMD_SCHEDULE ? 2u : 4u)) {
		*status = NV_ERR_INVALID_ARGUMENT;
		return true;
	}
	*status = NV_OK;
	switch (cmd) {
	case CMD_BIND:
		if (rm_rd32(params, 0) != ch->engine) {
			gspm_violate(rm->m, "NVA06F_CTRL_CMD_BIND channel 0x%x: engineType %u, the channel's is %u",
				     ch->h_chan, rm_rd32(params, 0), ch->engine);
			*status = NV_ERR_INVALID_ARGUMENT;
		}
		ch->bound = !*status;
		break;
	case CMD_SCHEDULE:
		if (params[0] && !ch->bound) {
			gspm_violate(rm->m, "NVA06F_CTRL_CMD_GPFIFO_SCHEDULE channel 0x%x before NVA06F_CTRL_CMD_BIND",
				     ch->h_chan);
			*status = NV_ERR_INVALID_STATE;
		}
		ch->scheduled = params[0] && !*status;
		break;
	default: {
		uint32_t token = RUNLIST << 16 | ch->chid;

		memcpy(params, &token, 4);
		break;
	}
	}
	return true;
}

/* ---- the copy engine ------------------------------------------------------------ */

/* Can [a, b) be written by a scrub?  Names the first rule it breaks. */
static bool scrub_allowed(struct gspm_rm *rm, struct rm_ce *c, uint64_t a, uint64_t b)
{
	uint64_t fb = rm_fb_size(rm);

	if (b > fb || b < a) {
		gspm_violate(rm->m, "copy engine: memset 0x%" PRIx64 "..0x%" PRIx64 " is beyond the 0x%" PRIx64 "-byte framebuffer",
			     a, b, fb);
		return false;
	}
	for (uint32_t g = 1; g <= 32; g++) {
		const struct partition *p = &c->part[g];

		if (!p->live)
			continue;
		if (a < p->heap + p->heap_len && p->heap < b) {
			gspm_violate(rm->m, "copy engine: memset 0x%" PRIx64 "..0x%" PRIx64 " reaches GFID %u's plugin heap 0x%" PRIx64 "+0x%" PRIx64,
				     a, b, g, p->heap, p->heap_len);
			return false;
		}
		if (a < p->fb + p->fb_len && p->fb < b &&
		    (!p->open || a < p->fb || b > p->fb + p->fb_len)) {
			gspm_violate(rm->m, "copy engine: memset 0x%" PRIx64 "..0x%" PRIx64 " reaches GFID %u's %s guest framebuffer 0x%" PRIx64 "+0x%" PRIx64,
				     a, b, g, p->open ? "resetting" : "running", p->fb, p->fb_len);
			return false;
		}
	}
	return true;
}

static void memset_fb(struct gspm_rm *rm, struct rm_ce *c, uint64_t a, uint64_t b, uint32_t v)
{
	rm_fb_fill32(rm, a, b, v);
	if (!v)
		clean_add(c, a, b);
	else
		clean_sub(c, a, b);
}

static void launch_dma(struct gspm_rm *rm, struct rm_ce *c, struct ce_chan *ch, uint32_t ld)
{
	if (LD_TRANSFER(ld)) {
		uint64_t dst = (uint64_t)ch->out_upper << 32 | ch->out_lower;
		uint64_t elem = (uint64_t)REMAP_COMP_BYTES(ch->remap) * REMAP_DST_COMPS(ch->remap);
		uint64_t line = (uint64_t)ch->line_len * elem;
		uint32_t lines = ld & LD_MULTI_LINE ? ch->line_count : 1;
		uint64_t pitch = ld & LD_MULTI_LINE ? ch->pitch_out : line;

		if (!(ld & LD_REMAP) || REMAP_DST_X(ch->remap) != REMAP_CONST_A ||
		    REMAP_COMP_BYTES(ch->remap) != 4 || REMAP_DST_COMPS(ch->remap) != 1 ||
		    !(ld & LD_DST_PHYSICAL) || ch->dst_phys != 0 || !(ld & LD_DST_PITCH)) {
			gspm_log(rm->m, GSPM_LOG_INFO, "copy engine channel %u: LAUNCH_DMA 0x%x (remap 0x%x, phys mode %u) is not a physical pitch memset of one 4-byte CONST_A: not modelled",
				 ch->chid, ld, ch->remap, ch->dst_phys);
		} else if (lines && line && pitch >= line) {
			uint64_t end = dst + (lines - 1) * pitch + line;

			if (scrub_allowed(rm, c, dst, end))
				for (uint32_t l = 0; l < lines; l++)
					memset_fb(rm, c, dst + l * pitch, dst + l * pitch + line, ch->const_a);
			pending_settle(c);
		}
	}
	if (LD_SEM_TYPE(ld) == 1) {
		uint64_t sem = (uint64_t)(ch->sem_a & 0x1ffffff) << 32 | ch->sem_b;

		gspm_dma_write(rm->m, sem, &ch->payload, 4, "copy-engine semaphore release");
	}
}

static void method(struct gspm_rm *rm, struct rm_ce *c, struct ce_chan *ch, uint32_t subch,
		   uint32_t addr, uint32_t data)
{
	if (addr == M_SET_OBJECT) {
		if (!ch->h_ce || data != ch->ce_class)
			gspm_violate(rm->m, "channel %u: SET_OBJECT 0x%x on subchannel %u, the channel's copy engine is 0x%x",
				     ch->chid, data, subch, ch->h_ce ? ch->ce_class : 0);
		else
			ch->subch_class[subch] = data;
		return;
	}
	if (addr < 0x100)
		return;		/* the channel class's own methods: not modelled */
	if (ch->subch_class[subch] != ch->ce_class || !ch->ce_class) {
		gspm_violate(rm->m, "channel %u: method 0x%x on subchannel %u, which holds no copy engine (SET_OBJECT first)",
			     ch->chid, addr, subch);
		return;
	}
	switch (addr) {
	case M_SEM_A: ch->sem_a = data; break;
	case M_SEM_B: ch->sem_b = data; break;
	case M_SEM_PAYLOAD: ch->payload = data; break;
	case M_DST_PHYS_MODE: ch->dst_phys = data & 3; break;
	case M_OFFSET_OUT_UPPER: ch->out_upper = data; break;
	case M_OFFSET_OUT_LOWER: ch->out_lower = data; break;
	case M_PITCH_OUT: ch->pitch_out = data; break;
	case M_LINE_LENGTH_IN: ch->line_len = data; break;
	case M_LINE_COUNT: ch->line_count = data; break;
	case M_REMAP_CONST_A: ch->const_a = data; break;
	case M_REMAP_COMPONENTS: ch->remap = data; break;
	case M_LAUNCH_DMA: launch_dma(rm, c, ch, data); break;
	default: break;
	}
}

/* Run the methods of one pushbuffer segment; false on a malformed header. */
static bool run_segment(struct gspm_rm *rm, struct rm_ce *c, struct ce_chan *ch, const uint32_t *dw,
			uint32_t n)
{
	for (uint32_t i = 0; i < n;) {
		uint32_t h = dw[i++], op = h >> 29, count = (h >> 16) & 0x1fff;
		uint32_t subch = (h >> 13) & 7, addr = (h & 0xfff) << 2;

		if (op == 4) {		/* IMMD_DATA_METHOD */
			method(rm, c, ch, subch, addr, count);
			continue;
		}
		if (op != 1 && op != 3 && op != 5) {
			gspm_violate(rm->m, "channel %u: method header 0x%08x has SEC_OP %u (1 INC, 3 NON_INC, 4 IMMD, 5 ONE_INC)",
				     ch->chid, h, op);
			return false;
		}
		if (count > n - i) {
			gspm_violate(rm->m, "channel %u: method header 0x%08x wants %u dwords, the segment has %u left",
				     ch->chid, h, count, n - i);
			return false;
		}
		for (uint32_t k = 0; k < count; k++)
			method(rm, c, ch, subch, op == 3 || (op == 5 && k) ? addr + (op == 5) * 4 : addr + 4 * k,
			       dw[i + k]);
		i += count;
	}
	return true;
}

static void fetch(struct gspm_rm *rm, struct rm_ce *c, struct ce_chan *ch)
{
	uint32_t put;

	if (gspm_dma_read(rm->m, ch->userd + USERD_GP_PUT, &put, 4, "USERD GP_PUT"))
		return;
	if (put >= ch->entries) {
		gspm_violate(rm->m, "channel %u: GP_PUT %u past its %u GPFIFO entries", ch->chid, put, ch->entries);
		return;
	}
	while (ch->gp_get != put) {
		uint32_t e[2], len, *dw;
		uint64_t pb;

		if (gspm_dma_read(rm->m, ch->gpfifo + ch->gp_get * 8ull, e, 8, "GPFIFO entry"))
			return;
		pb = (uint64_t)(e[1] & 0xff) << 32 | (e[0] & ~3u);
		len = (e[1] >> 10) & 0x1fffff;
		ch->gp_get = (ch->gp_get + 1) % ch->entries;
		if (!len || len > MAX_PB_DWORDS) {
			gspm_violate(rm->m, "channel %u: GPFIFO entry of %u dwords (1..%u)", ch->chid, len, MAX_PB_DWORDS);
			continue;
		}
		dw = malloc(len * 4ull);
		if (!dw)
			return;
		if (!gspm_dma_read(rm->m, pb, dw, len * 4ull, "pushbuffer"))
			run_segment(rm, c, ch, dw, len);
		free(dw);
	}
	gspm_dma_write(rm->m, ch->userd + USERD_GP_GET, &ch->gp_get, 4, "USERD GP_GET");
}

bool rm_ce_write(struct gspm_rm *rm, uint32_t off, uint32_t val)
{
	struct ce_chan *ch = NULL;

	if (off != DOORBELL)
		return false;
	for (unsigned int i = 0; rm->ce && i < MAX_CHANS; i++)
		if (rm->ce->ch[i].live && (RUNLIST << 16 | rm->ce->ch[i].chid) == val)
			ch = &rm->ce->ch[i];
	if (!ch || !ch->scheduled || !ch->h_ce) {
		gspm_violate(rm->m, "usermode doorbell token 0x%x: no scheduled channel with a copy engine has it", val);
		return true;
	}
	if (rm_take_fault(rm, GSPM_FAULT_CE_STALL, ch->chid, NULL))
		return true;
	fetch(rm, rm->ce, ch);
	return true;
}
