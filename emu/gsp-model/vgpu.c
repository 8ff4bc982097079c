// SPDX-License-Identifier: MIT
/*
 * GSP-RM's vGPU-manager side (rm half): the VGPU_MGR_INTERNAL controls a
 * vGPU manager issues on its subdevice to start and stop one GSP plugin task
 * per GFID, the plugin's shared-memory RPC channel at the start of its heap
 * and the doorbell that rings it.  Sources (docs/hw-fidelity.md, "vGPU
 * manager"):
 *  - commands and parameter layouts: OGKM ctrl2080vgpumgrinternal.h
 *    (BOOTLOAD 0x20804001, SHUTDOWN 0x20804002, VGPU_PLUGIN_CLEANUP 0x20804008);
 *  - the order bootload -> ready magic -> RPC 1, 2, 13 and shutdown ->
 *    cleanup -> free: spec/vgpu.md §2.6, §2.10 (RFC v2 vgpu.c, rpc.c);
 *  - GSP_PLUGIN_BOOTLOADED 0x4E654A6F in ctrl.message_seq_num, the control
 *    and response buffer offsets, the doorbell value gfid * 32 + 17 at BAR0
 *    0xB80000 + 0x2200: spec/vgpu.md §2.8 (RFC v2 include/nvrm/vgpu.h, rpc.c;
 *    offsets as the 2026 nova-core tree names them);
 *  - the heap reached through the BAR0 PRAMIN window (NV_PBUS_BAR0_WINDOW
 *    0x1700 = address >> 16, data at 0x700000 + (address & 0xffff)): nouveau
 *    nvkm/subdev/instmem/nv50.c nv50_instobj_rd32/wr32_slow.
 *  - GET_VMMU_SEGMENT_SIZE 0x2080017e {NvU64 vmmuSegmentSize} and
 *    QUERY_ECC_STATUS 0x2080012f (36 units of {enabled, scrubComplete,
 *    supported, 4 x NvU64 counts}, then bFatalPoisonError,
 *    uncorrectableError, flags, grRouteInfo: 1464 bytes): OGKM
 *    ctrl2080gpu.h; the RFC v2 manager asks both at attach (spec/vgpu.md §2.3);
 *  - RPC 3 RESET on VFIO_DEVICE_RESET (spec/vgpu.md §2.8, §2.9);
 *  - PGPU_ADD_VGPU_TYPE 0x20804003 {discardVgpuTypes, vgpuInfoCount,
 *    vgpuInfo[NVA081_MAX_VGPU_TYPES_PER_PGPU = 0x40]}, 334344 bytes, the
 *    records NVA081_CTRL_VGPU_INFO (5224 bytes: vgpuType 0, vgpuName 4,
 *    maxInstance 324, fbLength 392, gspHeapSize 400, bar1Length 432):
 *    ctrl2080vgpumgrinternal.h, ctrla081.h, spec/abi/570.144.layout.tsv;
 *    the host uploads its types before any vGPU (spec/vgpu.md §1.6, §2.4,
 *    RFC v1 explicitly, v2 from the metadata file); inference: GSP-RM
 *    refuses a bootload or SETUP_CONFIG whose vgpuType it does not hold;
 *  - a VF's BAR0: NV_VIRTUAL_FUNCTION_PRIV 0x0..0x2FFFF and
 *    NV_VIRTUAL_FUNCTION 0x30000..0x3FFFF with NV_VIRTUAL_FUNCTION_DOORBELL
 *    at 0x30090 (OGKM dev_vm.h, tu102 and gh100);
 *  - the VF's CPU interrupt tree in NV_VIRTUAL_FUNCTION_PRIV: LEAF(i)
 *    0x1000 + 4i (a 1 written clears), LEAF_EN_SET(i) 0x1200 + 4i,
 *    LEAF_EN_CLEAR(i) 0x1400 + 4i, TOP(0) 0x1600 (bit s: subtree s pending),
 *    TOP_EN_SET(0) 0x1608, TOP_EN_CLEAR(0) 0x1610, LEAF_TRIGGER 0x1640
 *    (VECTOR 11:0): OGKM src/common/inc/swref/published/ampere/ga102/dev_vm.h
 *    (8 leaves; AD102 taken as GA102) and hopper/gh100/dev_vm.h (16 leaves);
 *    vector v is bit v % 32 of leaf v / 32 and subtree s holds leaves 2s and
 *    2s + 1 (nova-core regs.rs, OGKM dev_ctrl.h
 *    NV_CTRL_INTR_SUBTREE_TO_LEAF_IDX_START(i) = 2i); a guest's software
 *    interrupt is a LEAF_TRIGGER write of NV_CTRL_CPU_DOORBELL_VECTORID
 *    0x81 (OGKM intrSetStallSWIntr_TU102; gh100 dev_vm_addendum.h keeps 0x81);
 *  - the VF BAR1 / BAR2 apertures into the vGPU's framebuffer (BAR1 is the
 *    guest's FB BAR, clamped to the type's bar1_length: spec/vgpu.md §2.7);
 *    NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR1_BLOCK_LOW_ADDR 0xF60 and _BAR2_ 0xF70
 *    reset to MODE (9:9) PHYSICAL (gh100 dev_vm.h): the BAR offset is the
 *    function's own FB address, not translated by a page table the guest
 *    built (MODE VIRTUAL, which the model does not run).
 * Assumptions (marked there): the plugin is ready RM_VGPU_BOOT_NS after the
 * bootload; the first three heap pages (control, response, message) are
 * the plugin's own, other framebuffer words are fb.c's store (what PRAMIN,
 * the VF BARs and the copy engine share); RPC payload layouts; the
 * VMMU segment and ECC answers; the VF doorbell's token is one of the
 * vGPU's channels counted from 0; a VF's registers are plain storage that
 * an FLR or a plugin reset clears; a doorbell's work is done at once and
 * announced to the guest with vector 0x81 in the VF's tree; the VF sends
 * its one MSI-X message (vector 0) on each rising edge of its output (an
 * enabled vector pending in an enabled subtree); in PHYSICAL mode VF BAR1
 * and BAR2 offset o is guest FB offset o (the VF's FB address 0 is the
 * start of its partition, the VMMU's translation), cut at the guest FB's
 * end.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rm_priv.h"

/* nvstatuscodes.h (OGKM src/common/sdk/nvidia/inc/nvstatuscodes.h) */
#define NV_ERR_STATE_IN_USE	0x0000003au
#define NV_ERR_INVALID_STATE	0x00000040u

#define VGPU_MAX_GFID		32u		/* NVA081_MAX_VGPU_PER_PGPU (ctrla081.h) */
#define CMD_BOOTLOAD		0x20804001u
#define CMD_SHUTDOWN		0x20804002u
#define CMD_CLEANUP		0x20804008u
/*
 * PGPU_ADD_VGPU_TYPE and its parameters at 570.144 (spec/abi/570.144.layout.tsv,
 * from ctrl2080vgpumgrinternal.h and ctrla081.h NVA081_CTRL_VGPU_INFO).
 */
#define CMD_ADD_TYPE		0x20804003u
#define ADD_TYPE_SIZE		334344u
#define ADD_TYPE_COUNT		4u		/* vgpuInfoCount; discardVgpuTypes at 0 */
#define ADD_TYPE_INFO		8u		/* vgpuInfo[NVA081_MAX_VGPU_TYPES_PER_PGPU] */
#define MAX_TYPES		0x40u		/* NVA081_MAX_VGPU_TYPES_PER_PGPU */
#define INFO_SIZE		5224u
#define INFO_NAME		4u		/* vgpuName[32] */
#define INFO_MAX_INSTANCE	324u
#define INFO_FB_LENGTH		392u
#define INFO_GSP_HEAP		400u
#define INFO_BAR1_LENGTH	432u
#define BL_VGPU_TYPE		8u		/* BOOTLOAD vgpuType */
#define CFG_VGPU_TYPE		28u		/* SETUP_CONFIG vgpu_type (spec/vgpu.md §2.8 order, assumption) */
#define CMD_VMMU_SEGMENT	0x2080017eu	/* NV2080_CTRL_CMD_GPU_GET_VMMU_SEGMENT_SIZE */
#define CMD_ECC_STATUS		0x2080012fu	/* NV2080_CTRL_CMD_GPU_QUERY_ECC_STATUS */
#define ECC_PARAMS_SIZE		1464u		/* by hand, ctrl2080gpu.h */
/*
 * Assumptions: the VMMU segment is 32 MiB (NV2080_CTRL_GPU_VMMU_SEGMENT_SIZE_32MB,
 * the smallest the header names); ECC is on for GH100 (HBM3) and off for
 * AD102 (GDDR6), each board's default as NVIDIA's product pages state it.
 */
#define VMMU_SEGMENT_SIZE	0x02000000ull
#define BL_NUM_CHANNELS		20u
#define BOOTLOAD_PARAMS_SIZE	6616u		/* sizeof(..._BOOTLOAD_GSP_VGPU_PLUGIN_TASK_PARAMS), by hand */
#define BL_GFID			4u
#define BL_NUM_SEGS		368u
#define BL_SEG_ADDR		376u		/* guestFbPhysAddrList[384] */
#define BL_SEG_LEN		3448u		/* guestFbLengthList[384] */
#define BL_HEAP_ADDR		6520u
#define BL_HEAP_LEN		6528u
#define MAX_SEGS		384u
#define COMM_BUFF_SIZE		0x274000ull	/* spec/vgpu.md §2.14, derived */
#define PLUGIN_BOOTLOADED	0x4E654A6Fu
#define RM_VGPU_BOOT_NS		1000000u	/* assumption: 1 ms to bootload */

#define BAR0_WINDOW		0x001700u
#define PRAMIN			0x700000u
#define PRAMIN_END		0x800000u
#define DOORBELL		0xb82200u

/* Control (host -> plugin) and response (plugin -> host) buffers. */
#define CTRL_VERSION		0u
#define CTRL_MSG_TYPE		4u
#define CTRL_SEQ		8u
#define RESP_SEQ_PROCESSED	4u
#define RESP_RESULT		8u
#define CTRL_BUFF_VERSION	1u
#define PAGES			3u		/* control, response, message */
#define PLUGIN_MEM		(PAGES * RM_PAGE)

enum { RPC_VERSION = 1, RPC_CONFIG = 2, RPC_RESET = 3, RPC_BME = 13, RPC_MAX = 15 };

/* A VF's BAR0 (dev_vm.h). */
#define VF_REGS_END		0x40000u
#define VF_DOORBELL		0x30090u
#define VF_INTR_LEAF		0x1000u		/* NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF(i) */
#define VF_INTR_LEAF_EN_SET	0x1200u
#define VF_INTR_LEAF_EN_CLEAR	0x1400u
#define VF_INTR_LEAVES		16u		/* LEAF__SIZE_1: gh100 16, ga102 8 */
#define VF_INTR_TOP		0x1600u
#define VF_INTR_TOP_EN_SET	0x1608u
#define VF_INTR_TOP_EN_CLEAR	0x1610u
#define VF_INTR_LEAF_TRIGGER	0x1640u
#define VF_INTR_VECTOR_MASK	0xfffu		/* LEAF_TRIGGER_VECTOR 11:0 */
#define VF_DOORBELL_VECTOR	0x81u		/* NV_CTRL_CPU_DOORBELL_VECTORID_VALUE_CONSTANT */
#define VF_MSIX_VECTOR		0u		/* assumption: the tree's one message */
#define VF_BAR1_BLOCK		0x0f60u		/* NV_VIRTUAL_FUNCTION_PRIV_FUNC_BAR1_BLOCK_LOW_ADDR */
#define VF_BAR2_BLOCK		0x0f70u		/* ..._FUNC_BAR2_BLOCK_LOW_ADDR */
#define VF_BAR_BLOCK_VIRTUAL	(1u << 9)	/* _MODE 9:9 VIRTUAL */
enum plugin_state { P_NONE, P_BOOTED, P_SHUT };

struct rm_plugin {
	enum plugin_state state;
	uint32_t h_client, h_subdevice;
	uint64_t heap, heap_len, fb, fb_len;
	uint64_t ready_at;
	bool never_ready;
	uint32_t seq, last_rpc;
	uint32_t num_channels;
	bool bme;			/* UPDATE_BME_STATE answered: the guest may run */
	/*
	 * The communication pages (PLUGIN_MEM bytes), allocated at the GFID's
	 * first bootload and kept to the reset: most boots run no plugin, and
	 * 33 arrays of them made the state 400 KiB, allocated and cleared at
	 * every vGPU manager's attach (bench/RESULTS.md, branch attach).
	 */
	uint8_t *mem;
};

/* A VF's CPU interrupt tree (dev_vm.h) and its MSI-X output. */
struct rm_vf_intr {
	uint32_t leaves;	/* the chip's LEAF__SIZE_1 (vf_of sets it) */
	uint32_t leaf[VF_INTR_LEAVES], leaf_en[VF_INTR_LEAVES], top_en;
	bool out;		/* an enabled vector pending in an enabled subtree */
	bool msg_due;		/* out rose: one MSI-X message at the next advance */
};

/* VF n's function: its registers (NULL until written) and what it saw. */
struct rm_vf {
	uint32_t *regs;
	struct rm_vf_intr intr;
	struct gspm_vf_state st;
};

struct rm_vgpu {
	uint32_t window;
	uint32_t n_types;		/* PGPU_ADD_VGPU_TYPE's, per GPU */
	struct gspm_vgpu_type types[MAX_TYPES];
	struct rm_plugin p[VGPU_MAX_GFID + 1];
	struct rm_vf vf[VGPU_MAX_GFID];
};

static struct rm_vgpu *vg(struct gspm_rm *rm)
{
	if (!rm->vgpu)
		rm->vgpu = calloc(1, sizeof(*rm->vgpu));
	return rm->vgpu;
}

void rm_vgpu_reset(struct gspm_rm *rm)
{
	for (uint32_t i = 0; rm->vgpu && i < VGPU_MAX_GFID; i++)
		free(rm->vgpu->vf[i].regs);
	for (uint32_t g = 0; rm->vgpu && g <= VGPU_MAX_GFID; g++)
		free(rm->vgpu->p[g].mem);
	free(rm->vgpu);
	rm->vgpu = NULL;
}

static bool overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* Checks of a bootload's memory against the FB and the other plugins. */
static uint32_t check_bootload(struct gspm_rm *rm, uint32_t gfid, const uint8_t *p)
{
	struct rm_vgpu *v = vg(rm);
	uint64_t heap = rm_rd64(p, BL_HEAP_ADDR), heap_len = rm_rd64(p, BL_HEAP_LEN);
	uint32_t nseg = rm_rd32(p, BL_NUM_SEGS);
	uint64_t fb = rm_rd64(p, BL_SEG_ADDR), fb_len = rm_rd64(p, BL_SEG_LEN);

	if (heap_len < COMM_BUFF_SIZE || heap & (RM_PAGE - 1)) {
		gspm_violate(rm->m, "BOOTLOAD_GSP_VGPU_PLUGIN_TASK GFID %u: plugin heap 0x%" PRIx64 "+0x%" PRIx64 " is not page aligned or smaller than the 0x%llx-byte communication buffer",
			     gfid, heap, heap_len, COMM_BUFF_SIZE);
		return NV_ERR_INVALID_ARGUMENT;
	}
	if (nseg < 1 || nseg > MAX_SEGS || !fb_len) {
		gspm_violate(rm->m, "BOOTLOAD_GSP_VGPU_PLUGIN_TASK GFID %u: numGuestFbSegments %u (first length 0x%" PRIx64 ") is no guest framebuffer",
			     gfid, nseg, fb_len);
		return NV_ERR_INVALID_ARGUMENT;
	}
	if (overlap(heap, heap_len, fb, fb_len)) {
		gspm_violate(rm->m, "BOOTLOAD_GSP_VGPU_PLUGIN_TASK GFID %u: plugin heap overlaps the guest framebuffer", gfid);
		return NV_ERR_INVALID_ARGUMENT;
	}
	for (uint32_t g = 1; g <= VGPU_MAX_GFID; g++) {
		const struct rm_plugin *o = &v->p[g];

		if (g == gfid || o->state == P_NONE)
			continue;
		if (overlap(heap, heap_len, o->heap, o->heap_len) || overlap(fb, fb_len, o->fb, o->fb_len) ||
		    overlap(heap, heap_len, o->fb, o->fb_len) || overlap(fb, fb_len, o->heap, o->heap_len)) {
			gspm_violate(rm->m, "BOOTLOAD_GSP_VGPU_PLUGIN_TASK GFID %u: memory overlaps GFID %u's", gfid, g);
			return NV_ERR_INVALID_ARGUMENT;
		}
	}
	return NV_OK;
}

static const struct gspm_vgpu_type *find_type(const struct rm_vgpu *v, uint32_t id)
{
	for (uint32_t i = 0; i < v->n_types; i++)
		if (v->types[i].id == id)
			return &v->types[i];
	return NULL;
}

/*
 * PGPU_ADD_VGPU_TYPE: GSP-RM keeps the GPU's vGPU types; discardVgpuTypes
 * drops the ones it held first; a type it holds is replaced; at most
 * NVA081_MAX_VGPU_TYPES_PER_PGPU in all.  Inference from the kernel side of
 * the same list (OGKM src/nvidia/src/kernel/virtualization/kernel_vgpu_mgr.c:
 * kvgpumgrSendAllVgpuTypesToGsp sends the whole parameter block with
 * discardVgpuTypes NV_TRUE and vgpuInfoCount = the types;
 * kvgpumgrPgpuAddVgpuType empties the per-pGPU list on discard, finds a
 * type by vgpuType, and refuses a 65th); GSP-RM's own handler is not public.
 */
static uint32_t add_types(struct gspm_rm *rm, const uint8_t *p)
{
	struct rm_vgpu *v = rm->vgpu;
	uint32_t count = rm_rd32(p, ADD_TYPE_COUNT), n = p[0] ? 0 : v->n_types, added = 0;

	if (count > MAX_TYPES) {
		gspm_violate(rm->m, "PGPU_ADD_VGPU_TYPE: vgpuInfoCount %u is more than NVA081_MAX_VGPU_TYPES_PER_PGPU (%u)",
			     count, MAX_TYPES);
		return NV_ERR_INVALID_ARGUMENT;
	}
	for (uint32_t i = 0; i < count; i++) {
		uint32_t id = rm_rd32(p, ADD_TYPE_INFO + i * INFO_SIZE);
		const struct gspm_vgpu_type *old = n == v->n_types ? find_type(v, id) : NULL;

		if (!id) {
			gspm_violate(rm->m, "PGPU_ADD_VGPU_TYPE: vgpuInfo[%u].vgpuType is 0", i);
			return NV_ERR_INVALID_ARGUMENT;
		}
		added += !old;
	}
	if (n + added > MAX_TYPES) {
		gspm_violate(rm->m, "PGPU_ADD_VGPU_TYPE: %u types held and %u new are more than NVA081_MAX_VGPU_TYPES_PER_PGPU (%u)",
			     n, added, MAX_TYPES);
		return NV_ERR_INVALID_ARGUMENT;
	}
	v->n_types = n;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t r = ADD_TYPE_INFO + i * INFO_SIZE, id = rm_rd32(p, r);
		struct gspm_vgpu_type *t = (struct gspm_vgpu_type *)find_type(v, id);

		if (!t)
			t = &v->types[v->n_types++];
		t->id = id;
		memcpy(t->name, p + r + INFO_NAME, sizeof(t->name) - 1);
		t->name[sizeof(t->name) - 1] = 0;
		t->max_instance = rm_rd32(p, r + INFO_MAX_INSTANCE);
		t->fb_length = rm_rd64(p, r + INFO_FB_LENGTH);
		t->gsp_heap_size = rm_rd64(p, r + INFO_GSP_HEAP);
		t->bar1_length = rm_rd64(p, r + INFO_BAR1_LENGTH);
	}
	return NV_OK;
}

unsigned int gspm_vgpu_types(struct gspm *m, struct gspm_vgpu_type *out, unsigned int max)
{
	const struct rm_vgpu *v = gspm_rm_of(m)->vgpu;
	unsigned int n = v ? v->n_types : 0;

	if (n)
		memcpy(out, v->types, (n < max ? n : max) * sizeof(*out));
	return n;
}

/*
 * A vGPU's type must be one PGPU_ADD_VGPU_TYPE uploaded (spec/vgpu.md §2.4:
 * the host pushes the table before any vGPU; inference: GSP-RM looks the
 * bootload's and SETUP_CONFIG's vgpuType up in it).
 */
static bool type_uploaded(struct gspm_rm *rm, const char *what, uint32_t gfid, uint32_t type)
{
	const struct rm_vgpu *v = rm->vgpu;

	if (!v->n_types)
		gspm_violate(rm->m, "%s GFID %u: vGPU type %u before any PGPU_ADD_VGPU_TYPE (0x20804003) upload",
			     what, gfid, type);
	else if (!find_type(v, type))
		gspm_violate(rm->m, "%s GFID %u: vGPU type %u was never uploaded with PGPU_ADD_VGPU_TYPE (%u types held)",
			     what, gfid, type, v->n_types);
	else
		return true;
	return false;
}

/* The two GPU queries a vGPU manager makes at attach (ctrl2080gpu.h). */
static bool gpu_query(struct gspm_rm *rm, const struct rm_object *obj, uint32_t cmd,
		      uint8_t *params, uint32_t size, uint32_t *status)
{
	uint64_t seg = VMMU_SEGMENT_SIZE;

	if (obj->h_class != NV20_SUBDEVICE_0) {
		*status = NV_ERR_NOT_SUPPORTED;
		return true;
	}
	if (size != (cmd == CMD_VMMU_SEGMENT ? 8u : ECC_PARAMS_SIZE)) {
		*status = NV_ERR_INVALID_ARGUMENT;
		return true;
	}
	memset(params, 0, size);
	if (cmd == CMD_VMMU_SEGMENT) {
		memcpy(params, &seg, sizeof(seg));
	} else {
		/* units[0] {enabled, scrubComplete, supported}: ECC on GH100 only. */
		params[0] = params[1] = gspm_cfg(rm->m)->chip == GSPM_CHIP_GH100;
		params[2] = 1;
	}
	*status = NV_OK;
	return true;
}

bool rm_vgpu_control(struct gspm_rm *rm, const struct rm_object *obj, uint32_t cmd,
		     uint8_t *params, uint32_t size, uint32_t *status)
{
	struct rm_plugin *pl;
	uint32_t gfid, want;
	uint64_t arg = 0;

	if (cmd != CMD_BOOTLOAD && cmd != CMD_SHUTDOWN && cmd != CMD_CLEANUP &&
	    cmd != CMD_VMMU_SEGMENT && cmd != CMD_ECC_STATUS && cmd != CMD_ADD_TYPE)
		return false;
	if (rm_take_fault(rm, GSPM_FAULT_VGPU_CTRL_STATUS, cmd, &arg)) {
		*status = (uint32_t)arg;
		return true;
	}
	if (cmd == CMD_VMMU_SEGMENT || cmd == CMD_ECC_STATUS)
		return gpu_query(rm, obj, cmd, params, size, status);
	want = cmd == CMD_BOOTLOAD ? BOOTLOAD_PARAMS_SIZE : cmd == CMD_ADD_TYPE ? ADD_TYPE_SIZE : 4u;
	if (obj->h_class != NV20_SUBDEVICE_0 || size != want || !vg(rm)) {
		*status = !rm->vgpu ? NV_ERR_NO_MEMORY :
			  obj->h_class != NV20_SUBDEVICE_0 ? NV_ERR_NOT_SUPPORTED : NV_ERR_INVALID_ARGUMENT;
		return true;
	}
	if (cmd == CMD_ADD_TYPE) {
		*status = add_types(rm, params);
		return true;
	}
	gfid = rm_rd32(params, cmd == CMD_BOOTLOAD ? BL_GFID : 0);
	if (!gfid || gfid > VGPU_MAX_GFID) {
		gspm_violate(rm->m, "vGPU control 0x%08x: GFID %u is not a VF's (1..%u)", cmd, gfid, VGPU_MAX_GFID);
		*status = NV_ERR_INVALID_ARGUMENT;
		return true;
	}
	pl = &rm->vgpu->p[gfid];
	switch (cmd) {
	case CMD_BOOTLOAD: {
		uint8_t *mem;

		if (pl->state != P_NONE) {
			gspm_violate(rm->m, "BOOTLOAD_GSP_VGPU_PLUGIN_TASK: GFID %u already has a plugin (%s)",
				     gfid, pl->state == P_BOOTED ? "running" : "shut down, not cleaned up");
			*status = NV_ERR_STATE_IN_USE;
			return true;
		}
		if (!type_uploaded(rm, "BOOTLOAD_GSP_VGPU_PLUGIN_TASK", gfid, rm_rd32(params, BL_VGPU_TYPE))) {
			*status = NV_ERR_INVALID_ARGUMENT;
			return true;
		}
		*status = check_bootload(rm, gfid, params);
		if (*status)
			return true;
		mem = pl->mem ? pl->mem : malloc(PLUGIN_MEM);
		if (!mem) {
			*status = NV_ERR_NO_MEMORY;
			return true;
		}
		memset(mem, 0, PLUGIN_MEM);
		rm_ce_checkpoint(rm, "BOOTLOAD_GSP_VGPU_PLUGIN_TASK");
		rm_ce_bootload(rm, gfid, rm_rd64(params, BL_SEG_ADDR), rm_rd64(params, BL_SEG_LEN),
			       rm_rd64(params, BL_HEAP_ADDR), rm_rd64(params, BL_HEAP_LEN));
		memset(pl, 0, sizeof(*pl));
		pl->mem = mem;
		pl->state = P_BOOTED;
		pl->h_client = obj->h_client;
		pl->h_subdevice = obj->h_object;
		pl->heap = rm_rd64(params, BL_HEAP_ADDR);
		pl->heap_len = rm_rd64(params, BL_HEAP_LEN);
		pl->fb = rm_rd64(params, BL_SEG_ADDR);
		pl->fb_len = rm_rd64(params, BL_SEG_LEN);
		pl->num_channels = rm_rd32(params, BL_NUM_CHANNELS);
		pl->ready_at = gspm_now(rm->m) + RM_VGPU_BOOT_NS;
		pl->never_ready = rm_take_fault(rm, GSPM_FAULT_VGPU_PLUGIN_HANG, gfid, NULL);
		return true;
	}
	case CMD_SHUTDOWN:
		if (pl->state != P_BOOTED) {
			gspm_violate(rm->m, "SHUTDOWN_GSP_VGPU_PLUGIN_TASK: GFID %u has no running plugin", gfid);
			*status = NV_ERR_INVALID_STATE;
			return true;
		}
		rm_ce_checkpoint(rm, "SHUTDOWN_GSP_VGPU_PLUGIN_TASK");
		pl->state = P_SHUT;
		*status = NV_OK;
		return true;
	default:
		if (pl->state != P_SHUT) {
			gspm_violate(rm->m, "VGPU_PLUGIN_CLEANUP: GFID %u's plugin is %s (cleanup comes after SHUTDOWN)",
				     gfid, pl->state == P_NONE ? "not booted" : "still running");
			*status = NV_ERR_INVALID_STATE;
			return true;
		}
		pl->state = P_NONE;
		rm_ce_cleanup(rm, gfid);
		*status = NV_OK;
		return true;
	}
}

/* Is h_object h_sub itself or one of its parents in h_client? */
static bool owns(const struct gspm_rm *rm, uint32_t h_client, uint32_t h_object, uint32_t h_sub)
{
	for (unsigned int depth = 0; depth < 8 && h_sub; depth++) {
		unsigned int i;

		if (h_sub == h_object)
			return true;
		for (i = 0; i < rm->n_objs; i++)
			if (rm->objs[i].live && rm->objs[i].h_client == h_client &&
			    rm->objs[i].h_object == h_sub)
				break;
		if (i == rm->n_objs)
			return false;
		h_sub = rm->objs[i].h_parent;
	}
	return false;
}

/* A freed RM object (or its client) that still owns a plugin: a missing unwind step. */
void rm_vgpu_freed(struct gspm_rm *rm, uint32_t h_client, uint32_t h_object)
{
	for (uint32_t g = 1; rm->vgpu && g <= VGPU_MAX_GFID; g++) {
		struct rm_plugin *pl = &rm->vgpu->p[g];

		if (pl->state != P_NONE && pl->h_client == h_client &&
		    (h_object == h_client || owns(rm, h_client, h_object, pl->h_subdevice))) {
			gspm_violate(rm->m, "FREE 0x%x: GFID %u's plugin (booted on subdevice 0x%x) was not shut down and cleaned up first",
				     h_object, g, pl->h_subdevice);
			pl->h_client = 0;	/* orphaned: flagged once, leaked at unload */
		}
	}
}

/* The core unloads GSP-RM: any plugin left is a leaked GFID. */
void rm_vgpu_unloading(struct gspm_rm *rm)
{
	for (uint32_t g = 1; rm->vgpu && g <= VGPU_MAX_GFID; g++)
		if (rm->vgpu->p[g].state != P_NONE)
			gspm_violate(rm->m, "UNLOADING_GUEST_DRIVER: GFID %u's vGPU plugin leaked (never shut down and cleaned up)", g);
}

/* The plugin whose communication pages hold FB address a, or NULL. */
static struct rm_plugin *plugin_at(struct gspm_rm *rm, uint64_t a, uint32_t *off)
{
	for (uint32_t g = 1; rm->vgpu && g <= VGPU_MAX_GFID; g++) {
		struct rm_plugin *pl = &rm->vgpu->p[g];

		if (pl->state != P_NONE && a >= pl->heap && a < pl->heap + PLUGIN_MEM) {
			*off = (uint32_t)(a - pl->heap);
			return pl;
		}
	}
	return NULL;
}

static void plugin_settle(struct gspm_rm *rm, struct rm_plugin *pl)
{
	if (pl->state == P_BOOTED && !pl->never_ready && pl->ready_at &&
	    gspm_now(rm->m) >= pl->ready_at) {
		uint32_t magic = PLUGIN_BOOTLOADED;

		memcpy(pl->mem + CTRL_SEQ, &magic, 4);
		pl->ready_at = 0;
	}
}

static void put32(struct rm_plugin *pl, uint32_t off, uint32_t v)
{
	memcpy(pl->mem + off, &v, 4);
}

/* The VF's function back to its reset state: an FLR, or the plugin's RESET. */
static void vf_reset(struct gspm_rm *rm, uint32_t vf, bool flr)
{
	struct rm_vf *f = &vg(rm)->vf[vf];

	free(f->regs);
	f->regs = NULL;
	memset(&f->intr, 0, sizeof(f->intr));
	if (flr)
		f->st.flrs++;
	else
		f->st.resets++;
}

/* One plugin RPC (spec/vgpu.md §2.8): the order 1, 2, then 13 (§2.6), RESET after. */
static void plugin_rpc(struct gspm_rm *rm, uint32_t gfid, struct rm_plugin *pl)
{
	uint32_t type = rm_rd32(pl->mem, CTRL_MSG_TYPE), seq = rm_rd32(pl->mem, CTRL_SEQ);
	uint64_t result = 0;
	bool in_order = false;

	if (pl->ready_at || pl->never_ready) {
		gspm_violate(rm->m, "vGPU doorbell for GFID %u before its plugin wrote the bootloaded magic", gfid);
		return;
	}
	rm_ce_checkpoint(rm, "vGPU plugin RPC");
	if (rm_rd32(pl->mem, CTRL_VERSION) != CTRL_BUFF_VERSION)
		gspm_violate(rm->m, "vGPU GFID %u RPC %u: control buffer version %u, expected %u",
			     gfid, type, rm_rd32(pl->mem, CTRL_VERSION), CTRL_BUFF_VERSION);
	if (seq != pl->seq + 1)
		gspm_violate(rm->m, "vGPU GFID %u RPC %u: message_seq_num %u, expected %u", gfid, type, seq, pl->seq + 1);
	if (!type || type >= RPC_MAX)
		gspm_violate(rm->m, "vGPU GFID %u: RPC message type %u out of range (1..%u)", gfid, type, RPC_MAX - 1);
	else if ((type == RPC_CONFIG && pl->last_rpc != RPC_VERSION) ||
		 (type == RPC_BME && pl->last_rpc < RPC_CONFIG))
		gspm_violate(rm->m, "vGPU GFID %u: RPC %u out of order (after RPC %u; the order is 1, 2, then 13)",
			     gfid, type, pl->last_rpc);
	else if (type == RPC_RESET && pl->last_rpc != RPC_BME && pl->last_rpc != RPC_RESET)
		gspm_violate(rm->m, "vGPU GFID %u: RPC 3 RESET before the plugin was set up (after RPC %u; 1, 2 and 13 come first)",
			     gfid, pl->last_rpc);
	else if (type == RPC_CONFIG)
		in_order = type_uploaded(rm, "vGPU RPC 2 SETUP_CONFIG_PARAMS_AND_INIT", gfid,
					 rm_rd32(pl->mem, 2 * RM_PAGE + CFG_VGPU_TYPE));
	else
		in_order = true;
	pl->seq = seq;
	pl->last_rpc = type;
	rm_take_fault(rm, GSPM_FAULT_VGPU_RPC_RESULT, type, &result);
	/* What an answered, in-order RPC does: 13 lets the guest run, 3 resets its function. */
	if (in_order && !result && type == RPC_BME)
		pl->bme = true;
	if (in_order && !result && type == RPC_RESET) {
		vf_reset(rm, gfid - 1, false);
		rm_ce_plugin_reset(rm, gfid);
	}
	put32(pl, RM_PAGE + RESP_RESULT, (uint32_t)result);
	put32(pl, RM_PAGE + RESP_SEQ_PROCESSED, seq);
}

/*
 * The plugin whose shared buffer the PRAMIN window shows at BAR0 offset off
 * (a 32-bit aligned word, *in its offset there), settled up to now; NULL
 * where the window shows none.
 */
static uint64_t pramin_addr(struct gspm_rm *rm, uint32_t off)
{
	return ((uint64_t)(rm->vgpu ? rm->vgpu->window : 0) << 16) + (off - PRAMIN);
}

static struct rm_plugin *pramin_plugin(struct gspm_rm *rm, uint32_t off, uint32_t *in)
{
	struct rm_plugin *pl;

	if (!rm->vgpu)
		return NULL;
	pl = plugin_at(rm, pramin_addr(rm, off), in);
	if (!pl || (*in & 3))
		return NULL;
	plugin_settle(rm, pl);
	return pl;
}

bool rm_vgpu_read(struct gspm_rm *rm, uint32_t off, uint32_t *val)
{
	struct rm_plugin *pl;
	uint32_t in;

	if (off == BAR0_WINDOW) {
		*val = rm->vgpu ? rm->vgpu->window : 0;
		return true;
	}
	if (off < PRAMIN || off >= PRAMIN_END)
		return false;
	pl = pramin_plugin(rm, off, &in);
	*val = pl ? rm_rd32(pl->mem, in) : rm_fb_read32(rm, pramin_addr(rm, off));
	return true;
}

bool rm_vgpu_write(struct gspm_rm *rm, uint32_t off, uint32_t val)
{
	struct rm_plugin *pl;
	uint32_t in;

	if (off == BAR0_WINDOW) {
		if (vg(rm))
			rm->vgpu->window = val & 0xffffff;	/* BASE 23:0, target VID_MEM */
		return true;
	}
	if (off == DOORBELL) {
		uint32_t gfid = (val - 17) / 32;

		if (val < 17 || (val - 17) % 32 || !gfid || gfid > VGPU_MAX_GFID || !rm->vgpu ||
		    rm->vgpu->p[gfid].state != P_BOOTED) {
			gspm_violate(rm->m, "vGPU doorbell value 0x%x is no running plugin's gfid * 32 + 17", val);
			return true;
		}
		plugin_settle(rm, &rm->vgpu->p[gfid]);
		plugin_rpc(rm, gfid, &rm->vgpu->p[gfid]);
		return true;
	}
	if (off < PRAMIN || off >= PRAMIN_END)
		return false;
	pl = pramin_plugin(rm, off, &in);
	if (pl)
		put32(pl, in, val);
	else
		rm_fb_write32(rm, pramin_addr(rm, off), val);
	return true;
}

/* ---- the VFs' own BAR0 (sriov.c decodes the aperture) ----------------------- */

/*
 * The tree's output after a change: an enabled vector pending in a leaf whose
 * subtree (leaf / 2) is enabled.  A rising edge owes the host one MSI-X
 * message, sent at the next advance (never from inside an MMIO access).
 */
static void vf_intr_update(struct rm_vf_intr *t)
{
	bool out = false;

	for (uint32_t i = 0; i < t->leaves; i++)
		if ((t->leaf[i] & t->leaf_en[i]) && (t->top_en & (1u << (i / 2))))
			out = true;
	if (out && !t->out)
		t->msg_due = true;
	t->out = out;
}

static void vf_intr_raise(struct rm_vf_intr *t, uint32_t vector)
{
	if (vector / 32 < t->leaves)
		t->leaf[vector / 32] |= 1u << (vector % 32);
	vf_intr_update(t);
}

/* Is off one of the chip's leaves of the register array at base? */
static bool in_leaves(const struct rm_vf_intr *t, uint32_t off, uint32_t base)
{
	return off >= base && off < base + 4 * t->leaves;
}

/* A CPU interrupt tree register of the VF (dev_vm.h); false: not one. */
static bool vf_intr_read(const struct rm_vf_intr *t, uint32_t off, uint32_t *val)
{
	uint32_t i = (off & 0x1ffu) / 4;

	if (in_leaves(t, off, VF_INTR_LEAF))
		*val = t->leaf[i];
	else if (in_leaves(t, off, VF_INTR_LEAF_EN_SET) || in_leaves(t, off, VF_INTR_LEAF_EN_CLEAR))
		*val = t->leaf_en[i];
	else if (off == VF_INTR_TOP) {
		*val = 0;
		for (i = 0; i < t->leaves; i++)
			if (t->leaf[i] & t->leaf_en[i])
				*val |= 1u << (i / 2);
	} else if (off == VF_INTR_TOP_EN_SET || off == VF_INTR_TOP_EN_CLEAR)
		*val = t->top_en;
	else if (off == VF_INTR_LEAF_TRIGGER)
		*val = 0;		/* write-only */
	else
		return false;
	return true;
}

static bool vf_intr_write(struct rm_vf_intr *t, uint32_t off, uint32_t val)
{
	uint32_t i = (off & 0x1ffu) / 4;

	if (in_leaves(t, off, VF_INTR_LEAF))
		t->leaf[i] &= ~val;
	else if (in_leaves(t, off, VF_INTR_LEAF_EN_SET))
		t->leaf_en[i] |= val;
	else if (in_leaves(t, off, VF_INTR_LEAF_EN_CLEAR))
		t->leaf_en[i] &= ~val;
	else if (off == VF_INTR_TOP_EN_SET)
		t->top_en |= val;
	else if (off == VF_INTR_TOP_EN_CLEAR)
		t->top_en &= ~val;
	else if (off == VF_INTR_LEAF_TRIGGER) {
		vf_intr_raise(t, val & VF_INTR_VECTOR_MASK);
		return true;
	} else if (off == VF_INTR_TOP)
		;			/* read-only */
	else
		return false;
	vf_intr_update(t);
	return true;
}

/* VF vf's function, its tree sized for the chip (reset clears it: set again). */
static struct rm_vf *vf_of(struct gspm_rm *rm, uint32_t vf)
{
	struct rm_vf *f = &rm->vgpu->vf[vf];

	f->intr.leaves = gspm_cfg(rm->m)->chip == GSPM_CHIP_GH100 ? 16u : 8u;
	return f;
}

bool rm_vgpu_vf_read(struct gspm_rm *rm, uint32_t vf, uint32_t off, uint32_t *val)
{
	if (vf >= VGPU_MAX_GFID || off >= VF_REGS_END || (off & 3) || !vg(rm))
		return false;
	if (vf_intr_read(&vf_of(rm, vf)->intr, off, val))
		return true;
	*val = rm->vgpu->vf[vf].regs ? rm->vgpu->vf[vf].regs[off / 4] : 0;
	return true;
}

bool rm_vgpu_vf_write(struct gspm_rm *rm, uint32_t vf, uint32_t off, uint32_t val)
{
	struct rm_plugin *pl;
	struct rm_vf *f;

	if (vf >= VGPU_MAX_GFID || off >= VF_REGS_END || (off & 3) || !vg(rm))
		return false;
	f = vf_of(rm, vf);
	pl = &rm->vgpu->p[vf + 1];
	if (off == VF_DOORBELL) {
		if (pl->state != P_BOOTED || !pl->bme) {
			gspm_violate(rm->m, "VF %u doorbell 0x%x while GFID %u has no running vGPU", vf, val, vf + 1);
			return true;
		}
		if (val >= pl->num_channels) {
			gspm_violate(rm->m, "VF %u doorbell token %u is not one of its %u channels", vf, val,
				     pl->num_channels);
			return true;
		}
		f->st.doorbells++;
		f->st.last_token = val;
		/* The channel's work is done: the guest is told in its own tree only. */
		vf_intr_raise(&f->intr, VF_DOORBELL_VECTOR);
		return true;
	}
	if (vf_intr_write(&f->intr, off, val))
		return true;
	if (!f->regs)
		f->regs = calloc(VF_REGS_END / 4, sizeof(uint32_t));
	if (f->regs)
		f->regs[off / 4] = val;
	return true;
}

uint64_t rm_vgpu_next_deadline(const struct gspm_rm *rm, uint64_t now)
{
	for (uint32_t vf = 0; rm->vgpu && vf < VGPU_MAX_GFID; vf++)
		if (rm->vgpu->vf[vf].intr.msg_due)
			return now;
	return UINT64_MAX;
}

void rm_vgpu_deliver(struct gspm_rm *rm)
{
	for (uint32_t vf = 0; rm->vgpu && vf < VGPU_MAX_GFID; vf++) {
		struct rm_vf *f = &rm->vgpu->vf[vf];

		if (!f->intr.msg_due)
			continue;
		f->intr.msg_due = false;
		f->st.msix_sent++;
		gspm_vf_msix(rm->m, vf, VF_MSIX_VECTOR);
	}
}

/* ---- the VF BAR1 and BAR2 apertures: the guest's framebuffer ---------------- */

/*
 * The FB address behind offset off of VF vf's BAR (register index 1: BAR1;
 * 3: BAR2), or false where none is: no running vGPU on the VF, past its
 * guest FB, or the BAR in VIRTUAL mode (not modelled, logged).  PHYSICAL
 * mode: offset o is the guest's FB address o.  Never another vGPU's.
 */
bool rm_vgpu_vf_fb_addr(struct gspm_rm *rm, uint32_t vf, int bar, uint64_t bar_size,
			uint64_t off, uint64_t *addr)
{
	const struct rm_plugin *pl;
	const struct rm_vf *f;

	if (vf >= VGPU_MAX_GFID || !vg(rm) || off >= bar_size)
		return false;
	pl = &rm->vgpu->p[vf + 1];
	f = &rm->vgpu->vf[vf];
	if (pl->state != P_BOOTED || off + 4 > pl->fb_len)
		return false;
	if (f->regs && f->regs[(bar == 1 ? VF_BAR1_BLOCK : VF_BAR2_BLOCK) / 4] & VF_BAR_BLOCK_VIRTUAL) {
		gspm_log(rm->m, GSPM_LOG_ERROR, "VF %u BAR%d in VIRTUAL mode: the model maps only PHYSICAL mode",
			 vf, bar == 1 ? 1 : 2);
		return false;
	}
	*addr = pl->fb + off;
	return true;
}

void rm_vgpu_vf_flr(struct gspm_rm *rm, uint32_t vf)
{
	if (vf < VGPU_MAX_GFID && vg(rm))
		vf_reset(rm, vf, true);
}

void rm_vgpu_vf_state(struct gspm_rm *rm, uint32_t vf, struct gspm_vf_state *st)
{
	memset(st, 0, sizeof(*st));
	if (vf < VGPU_MAX_GFID && vg(rm)) {
		const struct rm_plugin *pl = &rm->vgpu->p[vf + 1];

		*st = rm->vgpu->vf[vf].st;
		if (pl->state != P_NONE) {
			st->fb = pl->fb;
			st->fb_len = pl->fb_len;
		}
	}
}
