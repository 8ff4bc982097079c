/* SPDX-License-Identifier: MIT */
/*
 * RPC handlers and the RM object table (protocol.md §2.4, §5, §7).
 *
 * A reply carries the command's function number; transport status goes in
 * rpc_result, object-level status (GSP_RM_ALLOC / GSP_RM_CONTROL / FREE)
 * in the payload's `status` with rpc_result 0 (protocol.md §2.1).  Model choices
 * where real RM is closed source:
 *   - unknown hClient                -> NV_ERR_INVALID_OBJECT_HANDLE (0x33)
 *   - known client, unknown hParent  -> NV_ERR_OBJECT_NOT_FOUND (0x57)
 *     (also for FREE / CONTROL of an unknown hObject)
 *   - parent of the wrong class, duplicate handle, malformed params,
 *     hObject != hClient for NV01_ROOT -> NV_ERR_INVALID_ARGUMENT (0x1f)
 *     (real RM has NV_ERR_INSERT_DUPLICATE_NAME / INVALID_OBJECT_PARENT,
 *     which the core does not name)
 *   - unknown class or control cmd   -> NV_ERR_NOT_SUPPORTED (0x56)
 *   - the internal objects (hInternal* in static info) cannot be freed by
 *     the host                       -> NV_ERR_INVALID_OBJECT_HANDLE
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rm_priv.h"

#define HDR(rpc)	((const struct rpc_message_header_v *)(rpc))

/* ---- object table ---------------------------------------------------------- */

static int obj_find(const struct gspm_rm *rm, uint32_t client, uint32_t handle)
{
	for (unsigned int i = 0; i < rm->n_objs; i++)
		if (rm->objs[i].live && rm->objs[i].h_client == client && rm->objs[i].h_object == handle)
			return (int)i;
	return -1;
}

static int obj_add(struct gspm_rm *rm, uint32_t client, uint32_t parent, uint32_t handle,
		   uint32_t cls, bool internal)
{
	if (rm->n_objs == rm->cap_objs) {
		unsigned int cap = rm->cap_objs ? rm->cap_objs * 2 : 16;
		struct rm_object *o = realloc(rm->objs, cap * sizeof(*o));

		if (!o)
			return -1;
		rm->objs = o;
		rm->cap_objs = cap;
	}
	rm->objs[rm->n_objs++] = (struct rm_object){ client, parent, handle, cls, internal, true };
	return 0;
}

/* Free an object and, recursively, everything under it. */
static void obj_free_tree(struct gspm_rm *rm, uint32_t client, uint32_t handle)
{
	int i = obj_find(rm, client, handle);

	if (i < 0)
		return;
	rm->objs[i].live = false;
	for (unsigned int k = 0; k < rm->n_objs; k++)
		if (rm->objs[k].live && rm->objs[k].h_client == client && rm->objs[k].h_parent == handle &&
		    rm->objs[k].h_object != handle)
			obj_free_tree(rm, client, rm->objs[k].h_object);
}

static void obj_compact(struct gspm_rm *rm)
{
	unsigned int w = 0;

	for (unsigned int i = 0; i < rm->n_objs; i++)
		if (rm->objs[i].live)
			rm->objs[w++] = rm->objs[i];
	rm->n_objs = w;
}

int rm_objects_init(struct gspm_rm *rm)
{
	rm->n_objs = 0;
	if (obj_add(rm, rm->h_int_client, 0, rm->h_int_client, NV01_ROOT, true) ||
	    obj_add(rm, rm->h_int_client, rm->h_int_client, rm->h_int_device, NV01_DEVICE_0, true) ||
	    obj_add(rm, rm->h_int_client, rm->h_int_device, rm->h_int_subdevice, NV20_SUBDEVICE_0, true))
		return -1;
	return 0;
}

void rm_objects_free(struct gspm_rm *rm)
{
	rm->n_objs = 0;
}

uint32_t rm_live_objects(const struct gspm_rm *rm)
{
	uint32_t n = 0;

	for (unsigned int i = 0; i < rm->n_objs; i++)
		if (rm->objs[i].live && !rm->objs[i].internal)
			n++;
	return n;
}

size_t rm_objects_describe(const struct gspm_rm *rm, char *buf, size_t len)
{
	size_t n = 0;
	unsigned int shown = 0;

	n = rm_describe_append(buf, len, n, "rm: %u live object(s) (+ internal)\n", rm_live_objects(rm));
	for (unsigned int i = 0; i < rm->n_objs && shown < 32; i++) {
		const struct rm_object *o = &rm->objs[i];

		if (!o->live)
			continue;
		shown++;
		n = rm_describe_append(buf, len, n, "rm:   client 0x%08x object 0x%08x parent 0x%08x class 0x%04x%s\n",
				       o->h_client, o->h_object, o->h_parent, o->h_class,
				       o->internal ? " (internal)" : "");
	}
	return n;
}

/* ---- helpers ---------------------------------------------------------------- */

uint64_t rm_rpc_expected_len(const uint8_t *rpc, uint32_t len)
{
	const uint8_t *p = rpc + RM_RPC_HDR;
	uint32_t have = len - RM_RPC_HDR, ps;

	switch (HDR(rpc)->function) {
	case NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL:
		if (have < sizeof(struct rpc_gsp_rm_control_v03_00))
			return 0;
		memcpy(&ps, p + offsetof(struct rpc_gsp_rm_control_v03_00, paramsSize), 4);
		return sizeof(struct rpc_gsp_rm_control_v03_00) + (uint64_t)ps;
	case NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC:
		if (have < sizeof(struct rpc_gsp_rm_alloc_v03_00))
			return 0;
		memcpy(&ps, p + offsetof(struct rpc_gsp_rm_alloc_v03_00, paramsSize), 4);
		return sizeof(struct rpc_gsp_rm_alloc_v03_00) + (uint64_t)ps;
	default:
		return 0;
	}
}

struct reply {
	bool send;
	uint32_t result;
	uint8_t *payload;	/* rm_buf_get's, or NULL */
	uint32_t len;
	uint8_t *buf;		/* the allocation payload is in; NULL: payload itself */
	uint32_t flip_from;	/* [flip_from, flip_to) of payload still to XOR with RM_ECHO_FLIP, */
	uint32_t flip_to;	/* done as the records are written (the test echo's) */
};

/* A reply payload of len bytes, the first `copy` of them the request's (the rest the handler's to write). */
static void reply_alloc(struct gspm_rm *rm, struct reply *r, const uint8_t *p, uint32_t len,
			uint32_t copy)
{
	r->send = true;
	r->payload = len ? rm_buf_get(rm, len) : NULL;
	r->len = r->payload ? len : 0;
	if (r->payload)
		memcpy(r->payload, p, copy);
}

static void reply_copy(struct gspm_rm *rm, struct reply *r, const uint8_t *p, uint32_t len)
{
	reply_alloc(rm, r, p, len, len);
}

/*
 * The request's reassembly buffer (rm.c asm_finish: p is rm->asm_buf's
 * payload) taken over as the reply's: no copy, the next large command
 * reassembled into the spare (rm_buf_get).  False: p is not in it, or a
 * script is to see the request as it came (gspm_set_script).
 */
static bool reply_take_request(struct gspm_rm *rm, struct reply *r, const uint8_t *p, uint32_t len)
{
	if (rm->script || !rm->asm_buf || p != rm->asm_buf + RM_RPC_HDR)
		return false;
	r->send = true;
	r->buf = rm->asm_buf;
	r->payload = rm->asm_buf + RM_RPC_HDR;
	r->len = len;
	rm->asm_buf = NULL;
	rm->asm_cap = 0;
	return true;
}

/* Given back as a sent reply's is (rm_post_take): kept for the next when it may be. */
static void reply_free(struct gspm_rm *rm, struct reply *r)
{
	rm_buf_put(rm, r->buf ? r->buf : r->payload);
	r->buf = r->payload = NULL;
}

/* ---- pre-boot RPCs ------------------------------------------------------------ */

static void h_set_system_info(struct gspm_rm *rm, const uint8_t *p, uint32_t n)
{
	struct gspm_sysinfo si;

	if (rm->state != RM_PREBOOT)
		gspm_violate(rm->m, "GSP_SET_SYSTEM_INFO sent after boot (it is a pre-boot RPC, protocol.md §3.4 step 8)");
	if (rm->got_sysinfo)
		gspm_violate(rm->m, "GSP_SET_SYSTEM_INFO sent twice");
	if (rm->got_registry)
		gspm_violate(rm->m, "GSP_SET_SYSTEM_INFO queued after SET_REGISTRY (expected first)");
	rm->got_sysinfo = true;
	if (n != rm->rel->sysinfo_size) {
		gspm_violate(rm->m, "GSP_SET_SYSTEM_INFO: payload expected %zu bytes (sizeof(GspSystemInfo)), found %u",
			     rm->rel->sysinfo_size, n);
		return;
	}
	rm->rel->parse_sysinfo(p, &si);
	rm->sysinfo = si;
	/* The model does not know BAR addresses; BAR0 is 16 MiB, so aligned. */
	if (!si.gpu_phys_addr || (si.gpu_phys_addr & ((16u << 20) - 1)))
		gspm_violate(rm->m, "GSP_SET_SYSTEM_INFO: gpuPhysAddr 0x%" PRIx64 " is not a 16 MiB aligned BAR0 address",
			     si.gpu_phys_addr);
	if (si.pci_config_mirror_base != 0x88000)
		gspm_violate(rm->m, "GSP_SET_SYSTEM_INFO: pciConfigMirrorBase expected 0x88000, found 0x%x",
			     si.pci_config_mirror_base);
	if (si.pci_config_mirror_size != 0x1000)
		gspm_violate(rm->m, "GSP_SET_SYSTEM_INFO: pciConfigMirrorSize expected 0x1000, found 0x%x",
			     si.pci_config_mirror_size);
	if (!si.gpu_phys_fb_addr)
		gspm_log(rm->m, GSPM_LOG_INFO, "GSP_SET_SYSTEM_INFO: gpuPhysFbAddr (BAR1) is 0");
	if (si.has_pci_id) {
		struct gspm_pci_id id;
		uint32_t dev, sub;

		gspm_pci_identity(rm->m, &id);
		dev = (uint32_t)id.device << 16 | id.vendor;
		sub = (uint32_t)id.subsystem_device << 16 | id.subsystem_vendor;
		/* r570 takes the PCI identity from the host (protocol.md §2.4). */
		if (si.pci_device_id != dev || si.pci_sub_device_id != sub || si.pci_revision_id != id.revision)
			gspm_violate(rm->m, "GSP_SET_SYSTEM_INFO: PCIDeviceID/PCISubDeviceID/PCIRevisionID expected 0x%08x/0x%08x/0x%x, found 0x%08x/0x%08x/0x%x",
				     dev, sub, id.revision, si.pci_device_id, si.pci_sub_device_id,
				     si.pci_revision_id);
	}
}

static bool str_in(const uint8_t *p, uint32_t n, uint32_t off)
{
	return off < n && memchr(p + off, 0, n - off);
}

static void h_set_registry(struct gspm_rm *rm, const uint8_t *p, uint32_t n)
{
	struct PACKED_REGISTRY_TABLE t;
	uint32_t hdr;

	if (rm->state != RM_PREBOOT)
		gspm_violate(rm->m, "SET_REGISTRY sent after boot (it is a pre-boot RPC, protocol.md §3.4 step 8)");
	if (rm->got_registry)
		gspm_violate(rm->m, "SET_REGISTRY sent twice");
	rm->got_registry = true;
	if (n < sizeof(t)) {
		gspm_violate(rm->m, "SET_REGISTRY: payload of %u bytes is smaller than PACKED_REGISTRY_TABLE", n);
		return;
	}
	memcpy(&t, p, sizeof(t));
	/* NVIDIA: size = whole table; nova: size without the 8-byte header (protocol.md §2.4). */
	if (t.size != n && t.size + 8 != n) {
		gspm_violate(rm->m, "SET_REGISTRY: size expected %u (table bytes, header included), found %u", n, t.size);
		return;
	}
	if (t.numEntries > (n - 8) / sizeof(struct PACKED_REGISTRY_ENTRY)) {
		gspm_violate(rm->m, "SET_REGISTRY: numEntries %u does not fit in %u bytes", t.numEntries, n);
		return;
	}
	hdr = 8 + t.numEntries * (uint32_t)sizeof(struct PACKED_REGISTRY_ENTRY);
	for (uint32_t i = 0; i < t.numEntries; i++) {
		struct PACKED_REGISTRY_ENTRY e;

		memcpy(&e, p + 8 + i * sizeof(e), sizeof(e));
		if (e.nameOffset < hdr || !str_in(p, n, e.nameOffset)) {
			gspm_violate(rm->m, "SET_REGISTRY entry %u: nameOffset 0x%x is not a NUL-terminated key inside the table (strings start at 0x%x, table is 0x%x bytes)",
				     i, e.nameOffset, hdr, n);
			continue;
		}
		if (!p[e.nameOffset]) {
			gspm_violate(rm->m, "SET_REGISTRY entry %u: empty key", i);
			continue;
		}
		switch (e.type) {
		case REGISTRY_TABLE_ENTRY_TYPE_DWORD:
			break;
		case REGISTRY_TABLE_ENTRY_TYPE_BINARY:
		case REGISTRY_TABLE_ENTRY_TYPE_STRING:
			if (e.data < hdr || e.data > n || e.length > n - e.data) {
				gspm_violate(rm->m, "SET_REGISTRY entry %u (%s): data 0x%x + length 0x%x outside the table (0x%x..0x%x)",
					     i, (const char *)p + e.nameOffset, e.data, e.length, hdr, n);
				continue;
			}
			break;
		default:
			gspm_violate(rm->m, "SET_REGISTRY entry %u (%s): type %u is not DWORD/BINARY/STRING",
				     i, (const char *)p + e.nameOffset, e.type);
			continue;
		}
		if (rm->n_regkeys < RM_MAX_REGKEYS) {
			char *k = strdup((const char *)p + e.nameOffset);

			if (k)
				rm->regkeys[rm->n_regkeys++] = k;
		}
	}
}

/* ---- RM API -------------------------------------------------------------------- */

static uint32_t alloc_object(struct gspm_rm *rm, const struct rpc_gsp_rm_alloc_v03_00 *a,
			     const uint8_t *params)
{
	uint32_t status;
	int parent;

	if (a->hClass == NV01_ROOT) {
		if (a->hObject != a->hClient || !a->hClient)
			return NV_ERR_INVALID_ARGUMENT;
		if (a->hParent && a->hParent != a->hClient)
			return NV_ERR_INVALID_ARGUMENT;
		if (obj_find(rm, a->hClient, a->hClient) >= 0)
			return NV_ERR_INVALID_ARGUMENT;		/* duplicate client */
		return obj_add(rm, a->hClient, 0, a->hClient, NV01_ROOT, false) ? NV_ERR_NO_MEMORY : NV_OK;
	}
	if (rm_ce_owns_class(rm, a->hClass)) {
		/* A channel under a device, a copy engine under a channel (ce.c). */
		if (obj_find(rm, a->hClient, a->hClient) < 0)
			return NV_ERR_INVALID_OBJECT_HANDLE;
		parent = obj_find(rm, a->hClient, a->hParent);
		if (parent < 0)
			return NV_ERR_OBJECT_NOT_FOUND;
		if (!a->hObject || obj_find(rm, a->hClient, a->hObject) >= 0)
			return NV_ERR_INVALID_ARGUMENT;
		status = rm_ce_alloc(rm, a->hClient, a->hParent, rm->objs[parent].h_class, a->hObject,
				     a->hClass, params, a->paramsSize);
		if (!status && obj_add(rm, a->hClient, a->hParent, a->hObject, a->hClass, false))
			status = NV_ERR_NO_MEMORY;
		return status;
	}
	if (a->hClass != NV01_DEVICE_0 && a->hClass != NV20_SUBDEVICE_0) {
		gspm_log(rm->m, GSPM_LOG_INFO, "GSP_RM_ALLOC: class 0x%x not modelled", a->hClass);
		return NV_ERR_NOT_SUPPORTED;
	}
	if (obj_find(rm, a->hClient, a->hClient) < 0)
		return NV_ERR_INVALID_OBJECT_HANDLE;
	parent = obj_find(rm, a->hClient, a->hParent);
	if (parent < 0)
		return NV_ERR_OBJECT_NOT_FOUND;
	if (rm->objs[parent].h_class != (a->hClass == NV01_DEVICE_0 ? NV01_ROOT : NV01_DEVICE_0))
		return NV_ERR_INVALID_ARGUMENT;
	if (!a->hObject || obj_find(rm, a->hClient, a->hObject) >= 0)
		return NV_ERR_INVALID_ARGUMENT;
	return obj_add(rm, a->hClient, a->hParent, a->hObject, a->hClass, false) ? NV_ERR_NO_MEMORY : NV_OK;
}

static void h_rm_alloc(struct gspm_rm *rm, const uint8_t *p, uint32_t n, struct reply *r)
{
	struct rpc_gsp_rm_alloc_v03_00 a;

	if (n < sizeof(a)) {
		gspm_violate(rm->m, "GSP_RM_ALLOC: payload of %u bytes is smaller than rpc_gsp_rm_alloc_v03_00 (%zu)", n, sizeof(a));
		r->send = true;
		r->result = NV_ERR_INVALID_ARGUMENT;
		return;
	}
	memcpy(&a, p, sizeof(a));
	/* paramsSize fits n: rm.c dispatches only what rm_rpc_expected_len announced. */
	a.status = alloc_object(rm, &a, p + sizeof(a));
	gspm_log(rm->m, GSPM_LOG_DEBUG, "GSP_RM_ALLOC client 0x%x parent 0x%x object 0x%x class 0x%x -> 0x%x",
		 a.hClient, a.hParent, a.hObject, a.hClass, a.status);
	reply_copy(rm, r, p, n);
	if (!r->payload) {
		r->result = NV_ERR_NO_MEMORY;
		return;
	}
	memcpy(r->payload, &a, sizeof(a));
}

static void h_free(struct gspm_rm *rm, const uint8_t *p, uint32_t n, struct reply *r)
{
	struct rpc_free_v03_00 f;
	int i;

	if (n < sizeof(f)) {
		gspm_violate(rm->m, "FREE: payload of %u bytes is smaller than NVOS00_PARAMETERS (%zu)", n, sizeof(f));
		r->send = true;
		r->result = NV_ERR_INVALID_ARGUMENT;
		return;
	}
	memcpy(&f, p, sizeof(f));
	i = obj_find(rm, f.params.hRoot, f.params.hObjectOld);
	if (obj_find(rm, f.params.hRoot, f.params.hRoot) < 0)
		f.params.status = NV_ERR_INVALID_OBJECT_HANDLE;
	else if (i < 0)
		f.params.status = NV_ERR_OBJECT_NOT_FOUND;
	else if (rm->objs[i].internal)
		f.params.status = NV_ERR_INVALID_OBJECT_HANDLE;
	else {
		rm_vgpu_freed(rm, f.params.hRoot, f.params.hObjectOld);
		if (f.params.hObjectParent && f.params.hObjectParent != rm->objs[i].h_parent)
			gspm_log(rm->m, GSPM_LOG_INFO, "FREE 0x%x: hObjectParent 0x%x is not its parent 0x%x",
				 f.params.hObjectOld, f.params.hObjectParent, rm->objs[i].h_parent);
		if (f.params.hObjectOld == f.params.hRoot) {
			/* Freeing a client frees everything it owns. */
			for (unsigned int k = 0; k < rm->n_objs; k++)
				if (rm->objs[k].h_client == f.params.hRoot)
					rm->objs[k].live = false;
		} else {
			obj_free_tree(rm, f.params.hRoot, f.params.hObjectOld);
		}
		obj_compact(rm);
		rm_ce_freed(rm);
		f.params.status = NV_OK;
	}
	reply_copy(rm, r, p, n);
	if (!r->payload) {
		r->result = NV_ERR_NO_MEMORY;
		return;
	}
	memcpy(r->payload, &f, sizeof(f));
}


/*
 * NV2080_CTRL_CMD_INTERNAL_INTR_GET_KERNEL_TABLE (0x20800a5c): the interrupt
 * vectors GSP-RM assigned (ctrl2080internal.h; nouveau r535_gsp_intr_get_table
 * keeps the vectorStall of the MC_ENGINE_IDX_GSP row and enables that leaf).
 * The parameters are the same in 535.113.01 (nouveau's excerpt) and the
 * later OGKM header: tableLen, 128 entries of an NvU16 and three NvU32
 * (16 bytes each), then seven NvU8 pairs: 4 + 2048 + 14, padded to 2068.
 * Kept local and small: only what the answer writes.
 */
#define KTAB_CMD		0x20800a5cu
#define KTAB_MAX		128u
#define KTAB_ENTRY_SIZE		16u
#define KTAB_SIZE		2068u
/* NV_INTR_VECTOR_INVALID (OGKM intr_common.h): the GSP has no non-stall vector. */
#define KTAB_VECTOR_INVALID	0xffffffffu

static void put_u16(uint8_t *p, uint16_t v) { memcpy(p, &v, sizeof(v)); }
static void put_u32(uint8_t *p, uint32_t v) { memcpy(p, &v, sizeof(v)); }

static uint32_t kernel_table(struct gspm_rm *rm, uint8_t *params, uint32_t size)
{
	uint8_t *e = params + 4;

	if (size != KTAB_SIZE)
		return NV_ERR_INVALID_ARGUMENT;
	memset(params, 0, size);
	/* One row: the GSP.  pmcIntrMask is the pre-Ampere PMC bit: none. */
	put_u32(params, 1);
	put_u16(e, rm->rel->mc_engine_idx_gsp);
	put_u32(e + 4, 0);
	put_u32(e + 8, gspm_hw_gsp_intr_vector(gspm_hw_of(rm->m)));
	put_u32(e + 12, KTAB_VECTOR_INVALID);
	return NV_OK;
}

/* Test-only GET_FEATURES answers (gspm.h GSPM_FAULT_FEATURES_*). */
static void features_faults(struct gspm_rm *rm, struct NV2080_CTRL_GSP_GET_FEATURES_PARAMS *f)
{
	uint64_t arg = 0;

	if (rm_take_fault(rm, GSPM_FAULT_FEATURES_INVALID, NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL, NULL))
		f->bValid = 0;
	if (rm_take_fault(rm, GSPM_FAULT_FEATURES_VERSION, NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL, &arg)) {
		memset(f->firmwareVersion, 0, sizeof(f->firmwareVersion));
		if (arg == 1)
			memset(f->firmwareVersion, '9', sizeof(f->firmwareVersion));
		else
			memcpy(f->firmwareVersion, "9.9.9-gspm", 10);
	}
	if (rm_take_fault(rm, GSPM_FAULT_FEATURES_BITS, NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL, &arg))
		f->gspFeatures = (uint32_t)arg;
}

static void h_rm_control(struct gspm_rm *rm, const uint8_t *p, uint32_t n, struct reply *r)
{
	struct rpc_gsp_rm_control_v03_00 c;
	uint8_t *params;
	int client, obj;
	bool echo;

	if (n < sizeof(c)) {
		gspm_violate(rm->m, "GSP_RM_CONTROL: payload of %u bytes is smaller than rpc_gsp_rm_control_v03_00 (%zu)", n, sizeof(c));
		r->send = true;
		r->result = NV_ERR_INVALID_ARGUMENT;
		return;
	}
	memcpy(&c, p, sizeof(c));
	client = obj_find(rm, c.hClient, c.hClient);
	obj = client < 0 ? -1 : obj_find(rm, c.hClient, c.hObject);
	/*
	 * A control answers in the request's own reassembly buffer, when it
	 * has one (its handler writes the parameters in place: no copy of a
	 * large control, the vGPU manager's 334,344-byte PGPU_ADD_VGPU_TYPE at
	 * every attach), the echo's XOR done as the reply is written into the
	 * status queue (one pass over the bytes); else the echo writes its
	 * parameters from the request's: only the header copied first.
	 */
	echo = obj >= 0 && c.cmd == GSPM_CTRL_CMD_TEST_ECHO;
	if (!reply_take_request(rm, r, p, n))
		reply_alloc(rm, r, p, n, echo ? sizeof(c) : n);
	if (!r->payload) {
		r->result = NV_ERR_NO_MEMORY;
		return;
	}
	/* paramsSize fits n: rm.c dispatches only what rm_rpc_expected_len announced. */
	params = r->payload + sizeof(c);
	if (client < 0) {
		c.status = NV_ERR_INVALID_OBJECT_HANDLE;
		goto out;
	}
	if (obj < 0) {
		c.status = NV_ERR_OBJECT_NOT_FOUND;
		goto out;
	}
	switch (c.cmd) {
	case NV2080_CTRL_CMD_GSP_GET_FEATURES: {
		struct NV2080_CTRL_GSP_GET_FEATURES_PARAMS f;
		size_t vl = strlen(rm->rel->name);

		if (rm->objs[obj].h_class != NV20_SUBDEVICE_0) {
			c.status = NV_ERR_NOT_SUPPORTED;
			break;
		}
		if (c.paramsSize != sizeof(f)) {
			c.status = NV_ERR_INVALID_ARGUMENT;
			break;
		}
		memset(&f, 0, sizeof(f));
		f.gspFeatures = rm->rel->gsp_features;
		f.bValid = 1;
		f.bDefaultGspRmGpu = 1;
		memcpy(f.firmwareVersion, rm->rel->name, vl < sizeof(f.firmwareVersion) ? vl : sizeof(f.firmwareVersion) - 1);
		features_faults(rm, &f);
		memcpy(params, &f, sizeof(f));
		c.status = NV_OK;
		break;
	}
	case KTAB_CMD:
		if (rm->objs[obj].h_class != NV20_SUBDEVICE_0) {
			c.status = NV_ERR_NOT_SUPPORTED;
			break;
		}
		c.status = kernel_table(rm, params, c.paramsSize);
		break;
	case GSPM_CTRL_CMD_TEST_ECHO: {
		/* Bytes after paramsSize (none from nvcore) are copied as they came. */
		uint32_t size = n - sizeof(c) < c.paramsSize ? n - (uint32_t)sizeof(c) : c.paramsSize;

		if (r->buf) {
			r->flip_from = sizeof(c);
			r->flip_to = sizeof(c) + size;
		} else {
			rm_copy_xor(params, p + sizeof(c), size, RM_ECHO_FLIP);
			memcpy(params + size, p + sizeof(c) + size, n - sizeof(c) - size);
		}
		c.status = NV_OK;
		break;
	}
	default:
		if (rm_vgpu_control(rm, &rm->objs[obj], c.cmd, params, c.paramsSize, &c.status) ||
		    rm_ce_control(rm, &rm->objs[obj], c.cmd, params, c.paramsSize, &c.status))
			break;
		gspm_log(rm->m, GSPM_LOG_INFO, "GSP_RM_CONTROL cmd 0x%08x not modelled: NV_ERR_NOT_SUPPORTED", c.cmd);
		c.status = NV_ERR_NOT_SUPPORTED;
		break;
	}
out:
	memcpy(r->payload, &c, sizeof(c));
}

/* FB size: what hw reports to the driver, else the configured size. */
uint64_t rm_fb_size(struct gspm_rm *rm)
{
	uint32_t mb = 0;

	if (gspm_hw_read(gspm_hw_of(rm->m), NV_USABLE_FB_SIZE_IN_MB, &mb) && mb && mb != 0xbadf5040u)
		return (uint64_t)mb << 20;
	return gspm_cfg(rm->m)->fb_size ? gspm_cfg(rm->m)->fb_size : 24ull << 30;
}

static void h_static_info(struct gspm_rm *rm, const uint8_t *p, uint32_t n, struct reply *r)
{
	struct gspm_static_in in;

	if (n != rm->rel->static_info_size) {
		gspm_violate(rm->m, "GET_GSP_STATIC_INFO: payload expected %zu bytes (sizeof(GspStaticConfigInfo)), found %u",
			     rm->rel->static_info_size, n);
		reply_copy(rm, r, p, n);
		r->result = NV_ERR_INVALID_ARGUMENT;
		return;
	}
	for (uint32_t i = 0; i < n; i++)
		if (p[i]) {
			gspm_log(rm->m, GSPM_LOG_INFO, "GET_GSP_STATIC_INFO: request not zeroed (byte 0x%x)", i);
			break;
		}
	memset(&in, 0, sizeof(in));
	in.chip = gspm_cfg(rm->m)->chip;
	gspm_pci_identity(rm->m, &in.pci);
	in.fb_size = rm_fb_size(rm);
	in.h_client = rm->h_int_client;
	in.h_device = rm->h_int_device;
	in.h_subdevice = rm->h_int_subdevice;
	r->send = true;
	r->payload = calloc(1, n);
	r->len = r->payload ? n : 0;
	if (r->payload)
		rm->rel->fill_static_info(r->payload, &in);
}

static void h_unloading(struct gspm_rm *rm, const uint8_t *p, uint32_t n, struct reply *r)
{
	if (n < sizeof(struct rpc_unloading_guest_driver_v1F_07))
		gspm_violate(rm->m, "UNLOADING_GUEST_DRIVER: payload of %u bytes is smaller than rpc_unloading_guest_driver_v1F_07 (%zu)",
			     n, sizeof(struct rpc_unloading_guest_driver_v1F_07));
	rm_vgpu_unloading(rm);
	rm_ce_checkpoint(rm, "UNLOADING_GUEST_DRIVER");
	reply_copy(rm, r, p, n);
	rm->state = RM_SUSPENDING;
	/* GSPM_FAULT_SUSPEND_STUCK: answered, but LIBOS never reports itself suspended. */
	if (rm_take_fault(rm, GSPM_FAULT_SUSPEND_STUCK, NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER, NULL))
		gspm_log(rm->m, GSPM_LOG_INFO, "fault: GSP-RM does not suspend");
	else
		rm->unload_at = gspm_now(rm->m) + RM_UNLOAD_NS;
}

void gspm_rm_set_script(struct gspm_rm *rm, gspm_script_fn fn, void *ctx)
{
	rm->script = fn;
	rm->script_ctx = ctx;
}

/* gspm.h gspm_set_script: let the host's script change the answer in *r. */
static void run_script(struct gspm_rm *rm, uint32_t fn, const uint8_t *p, uint32_t n,
		       struct reply *r, uint64_t *delay)
{
	struct gspm_script_answer a = {
		.send = r->send, .result = r->result, .payload = r->payload, .len = r->len,
	};
	uint8_t *copy = NULL;

	rm->script(rm->script_ctx, rm->script_index++, fn, p, n, &a);
	if (a.payload != r->payload || a.len != r->len) {
		if (a.len) {
			copy = malloc(a.len);
			if (!copy) {
				gspm_log(rm->m, GSPM_LOG_ERROR, "script: out of memory for a %zu-byte answer", a.len);
				a.len = 0;
			} else {
				memcpy(copy, a.payload, a.len);
			}
		}
		reply_free(rm, r);
		r->payload = copy;
		r->len = (uint32_t)a.len;
	}
	if (a.send != r->send || a.result != r->result || a.delay_ns || copy)
		gspm_log(rm->m, GSPM_LOG_INFO, "script: %s answered %s (result 0x%x, %u bytes, %llu ns late)",
			 rm_function_name(rm, fn), a.send ? "with" : "never", a.result, r->len,
			 (unsigned long long)a.delay_ns);
	r->send = a.send;
	r->result = a.result;
	*delay = a.delay_ns;
}

void rm_rpc_dispatch(struct gspm_rm *rm, const uint8_t *rpc, uint32_t len)
{
	uint32_t fn = HDR(rpc)->function;
	const uint8_t *p = rpc + RM_RPC_HDR;
	uint32_t n = len - RM_RPC_HDR;
	struct reply r = { 0 };
	uint64_t arg = 0, delay = 0;
	unsigned int faults = 0;

	if (rm_take_fault(rm, GSPM_FAULT_MMIO_DEAD, fn, NULL)) {
		gspm_log(rm->m, GSPM_LOG_ERROR, "injected: the device falls off the bus on %s",
			 rm_function_name(rm, fn));
		gspm_hw_fall_off_bus(gspm_hw_of(rm->m));
		gspm_rm_die(rm);
		return;
	}
	if (rm_take_fault(rm, GSPM_FAULT_DIE, fn, &arg)) {
		gspm_log(rm->m, GSPM_LOG_ERROR, "injected death on %s", rm_function_name(rm, fn));
		gspm_rm_die(rm);
		/* What the crash leaves in the error mailbox (0: untouched). */
		if (arg)
			gspm_hw_gsp_set_mailbox(gspm_hw_of(rm->m), 0, (uint32_t)arg);
		return;
	}
	switch (fn) {
	case NV_VGPU_MSG_FUNCTION_NOP:
		r.send = true;
		break;
	case NV_VGPU_MSG_FUNCTION_GSP_SET_SYSTEM_INFO:
		h_set_system_info(rm, p, n);	/* no reply (protocol.md §8.1) */
		break;
	case NV_VGPU_MSG_FUNCTION_SET_REGISTRY:
		h_set_registry(rm, p, n);	/* no reply (protocol.md §8.1) */
		break;
	case NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO:
		h_static_info(rm, p, n, &r);
		break;
	case NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC:
		h_rm_alloc(rm, p, n, &r);
		break;
	case NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL:
		h_rm_control(rm, p, n, &r);
		break;
	case NV_VGPU_MSG_FUNCTION_FREE:
		h_free(rm, p, n, &r);
		break;
	case NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER:
		h_unloading(rm, p, n, &r);
		break;
	default:
		/* A number past the release's enum: the host was built for another ABI. */
		if (fn >= rm->rel->num_functions)
			gspm_violate(rm->m, "function %u does not exist in GSP-RM %s (NUM_FUNCTIONS %u)",
				     fn, rm->rel->name, rm->rel->num_functions);
		gspm_log(rm->m, GSPM_LOG_INFO, "%s (function %u) not modelled: NV_ERR_NOT_SUPPORTED",
			 rm_function_name(rm, fn), fn);
		reply_copy(rm, &r, p, n);
		r.result = NV_ERR_NOT_SUPPORTED;
		break;
	}
	if (rm->script)
		run_script(rm, fn, p, n, &r, &delay);
	if (!r.send) {
		reply_free(rm, &r);
		return;
	}
	if (rm_take_fault(rm, GSPM_FAULT_DROP_REPLY, fn, NULL)) {
		gspm_log(rm->m, GSPM_LOG_INFO, "injected: reply to %s dropped", rm_function_name(rm, fn));
		reply_free(rm, &r);
		return;
	}
	if (rm_take_fault(rm, GSPM_FAULT_RPC_STATUS, fn, &arg))
		r.result = (uint32_t)arg;
	if (rm_take_fault(rm, GSPM_FAULT_DELAY_REPLY, fn, &arg))
		delay = arg;
	if (rm_take_fault(rm, GSPM_FAULT_CORRUPT_CHECKSUM, fn, NULL))
		faults |= RM_OUT_CSUM;
	if (rm_take_fault(rm, GSPM_FAULT_CORRUPT_PAYLOAD, fn, NULL))
		faults |= RM_OUT_PAYLOAD;
	if (rm_take_fault(rm, GSPM_FAULT_SEQ_WRONG, fn, NULL))
		faults |= RM_OUT_SEQ_WRONG;
	if (rm_take_fault(rm, GSPM_FAULT_SEQ_DUP, fn, NULL))
		faults |= RM_OUT_SEQ_DUP;
	if (rm_take_fault(rm, GSPM_FAULT_REORDER, fn, NULL))
		faults |= RM_OUT_REORDER;
	if (rm_take_fault(rm, GSPM_FAULT_STALL_CONTINUATION, fn, &arg))
		rm->rest_delay_ns = arg;
	rm_post_take(rm, fn, r.result, r.buf ? r.buf : r.payload, r.payload, r.len, r.flip_from,
		     r.flip_to, delay, faults);
	rm->rest_delay_ns = 0;
}
