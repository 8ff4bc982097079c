// SPDX-License-Identifier: MIT
/*
 * The vGPU metadata file (spec/vgpu.md §1.6, §2.4; RFC v2 metadata.c and
 * metadata_vgpu_type.c): where the manager's vGPU types come from.  NVIDIA
 * ships nvidia/vgpu-<GSP-RM version>.bin; the manager checks it in the
 * RFC's order, sends each of its GPU's vGPU-type blobs' RM control to
 * GSP-RM verbatim (PGPU_ADD_VGPU_TYPE, 0x20804003) and keeps the blob's
 * records for sysfs.  No type is compiled in; only the versions this driver
 * speaks are (supported[], the RFC's supported_version_list).
 *
 * Layout (nvvgpu_fw.h, docs/vgpu.md "The metadata file"): the 232-byte
 * header, then num_blobs blobs {u64 type, u64 size, data}; a vGPU-type blob
 * (type 0) holds the 56-byte type header, its kernel records, then the
 * control's parameters.  Every bad input fails the load with -EINVAL and
 * one log line naming the check and the offset (blob index) it failed at.
 * The file is little-endian, as the hosts the RFC runs on.
 */
#include <linux/crc32.h>
#include <linux/device.h>
#include <linux/firmware.h>
#include <linux/kernel.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "nvvgpu.h"
#include "nvvgpu_fw.h"

/* The RFC v2 supported_version_list: vGPU 18.1 on GSP-RM 570.144 (spec/vgpu.md §1.6). */
static const struct {
	u64 major, minor;
	const char *gsp;
} supported[] = {
	{ 18, 1, "570.144" },
};

/*
 * An RM control's parameters are at most 1 MiB (OGKM
 * src/nvidia/inc/kernel/rmapi/param_copy.h RMAPI_PARAM_COPY_MAX_PARAMS_SIZE).
 */
#define RMCTRL_MAX		SZ_1M
#define BLOB_HDRS		(sizeof(struct nvvgpu_meta_blob) + sizeof(struct nvvgpu_meta_vgpu_type_hdr))

struct meta {
	struct pci_dev *pf;
	const char *name;
	const u8 *data;
	size_t size;
	u64 num_blobs;
};

#define bad(mt, fmt, ...)	\
	dev_err(&(mt)->pf->dev, "vGPU manager: %s: " fmt "\n", (mt)->name, ##__VA_ARGS__)

/* The header's checks, in the RFC's order. */
static int check_header(struct meta *mt, const char *gsp_version)
{
	struct nvvgpu_meta_hdr h;
	size_t max_blobs;
	unsigned int i;
	u32 crc;

	if (mt->size <= sizeof(h)) {
		bad(mt, "%zu bytes, no larger than the %zu-byte header", mt->size, sizeof(h));
		return -EINVAL;
	}
	memcpy(&h, mt->data, sizeof(h));
	crc = crc32_le(~0u, mt->data + NVVGPU_META_CRC_START, mt->size - NVVGPU_META_CRC_START);
	if (crc != h.crc32) {
		bad(mt, "CRC32 0x%08x of bytes %u..%zu is not the header's 0x%08x (offset %zu)", crc,
		    NVVGPU_META_CRC_START, mt->size - 1, h.crc32, offsetof(struct nvvgpu_meta_hdr, crc32));
		return -EINVAL;
	}
	if (memcmp(h.identifier, NVVGPU_META_IDENTIFIER, sizeof(h.identifier))) {
		bad(mt, "identifier at offset 0 is not \"%s\"", NVVGPU_META_IDENTIFIER);
		return -EINVAL;
	}
	max_blobs = (mt->size - sizeof(h)) / sizeof(struct nvvgpu_meta_blob);
	if (!h.num_blobs || h.num_blobs > max_blobs) {
		bad(mt, "num_blobs %llu at offset %zu is not 1..%zu", h.num_blobs,
		    offsetof(struct nvvgpu_meta_hdr, num_blobs), max_blobs);
		return -EINVAL;
	}
	if (strnlen(h.gsp_build_version, sizeof(h.gsp_build_version)) == sizeof(h.gsp_build_version) ||
	    strcmp(h.gsp_build_version, gsp_version)) {
		bad(mt, "gsp_build_version \"%.*s\" at offset %zu is not the running GSP-RM's \"%s\"",
		    (int)sizeof(h.gsp_build_version), h.gsp_build_version,
		    offsetof(struct nvvgpu_meta_hdr, gsp_build_version), gsp_version);
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(supported); i++)
		if (h.vgpu_major == supported[i].major && h.vgpu_minor == supported[i].minor &&
		    !strcmp(h.gsp_build_version, supported[i].gsp))
			break;
	if (i == ARRAY_SIZE(supported)) {
		bad(mt, "vGPU %llu.%llu on GSP-RM %s (offset %zu) is not a version this driver supports (18.1 on 570.144)",
		    h.vgpu_major, h.vgpu_minor, h.gsp_build_version,
		    offsetof(struct nvvgpu_meta_hdr, vgpu_major));
		return -EINVAL;
	}
	mt->num_blobs = h.num_blobs;
	return 0;
}

/* A vGPU-type blob's header and records (at off, size bytes in all): valid? */
static int check_type_blob(struct meta *mt, unsigned int i, size_t off, u64 size,
			   const struct nvvgpu_meta_vgpu_type_hdr *t)
{
	static const char *const names[] = {
		"device_id", "gsp_rmctrl_vgpu_info_offset", "gsp_rmctrl_vgpu_info_size",
		"kernel_struct_size", "num_kernel_structs", "gsp_rmctrl_cmd", "gsp_rmctrl_size",
	};
	const u64 *field = &t->device_id;
	const u8 *rec = mt->data + off + BLOB_HDRS;
	unsigned int f, r;

	for (f = 0; f < ARRAY_SIZE(names); f++) {
		if (!field[f]) {
			bad(mt, "blob %u at offset 0x%zx: vGPU type field %s is 0", i, off, names[f]);
			return -EINVAL;
		}
	}
	if (t->device_id > U16_MAX || t->gsp_rmctrl_cmd > U32_MAX) {
		bad(mt, "blob %u at offset 0x%zx: device_id 0x%llx (16 bits) or gsp_rmctrl_cmd 0x%llx (32 bits) out of range",
		    i, off, t->device_id, t->gsp_rmctrl_cmd);
		return -EINVAL;
	}
	if (t->num_kernel_structs > NVVGPU_MAX_VGPU_TYPES_PER_PGPU ||
	    t->kernel_struct_size != t->num_kernel_structs * sizeof(struct nvvgpu_meta_type)) {
		bad(mt, "blob %u at offset 0x%zx: kernel_struct_size %llu is not num_kernel_structs %llu (at most %u) x %zu bytes",
		    i, off, t->kernel_struct_size, t->num_kernel_structs,
		    NVVGPU_MAX_VGPU_TYPES_PER_PGPU, sizeof(struct nvvgpu_meta_type));
		return -EINVAL;
	}
	if (size - BLOB_HDRS < t->kernel_struct_size ||
	    size - BLOB_HDRS - t->kernel_struct_size != t->gsp_rmctrl_size) {
		bad(mt, "blob %u at offset 0x%zx: size %llu is not %zu + kernel_struct_size %llu + gsp_rmctrl_size %llu",
		    i, off, size, BLOB_HDRS, t->kernel_struct_size, t->gsp_rmctrl_size);
		return -EINVAL;
	}
	if (t->gsp_rmctrl_size > RMCTRL_MAX || t->gsp_rmctrl_vgpu_info_offset > t->gsp_rmctrl_size ||
	    t->gsp_rmctrl_vgpu_info_size > t->gsp_rmctrl_size ||
	    t->num_kernel_structs * t->gsp_rmctrl_vgpu_info_size >
	    t->gsp_rmctrl_size - t->gsp_rmctrl_vgpu_info_offset) {
		bad(mt, "blob %u at offset 0x%zx: %llu vgpuInfo records of %llu bytes at %llu do not fit the %llu-byte RM control (at most %u)",
		    i, off, t->num_kernel_structs, t->gsp_rmctrl_vgpu_info_size,
		    t->gsp_rmctrl_vgpu_info_offset, t->gsp_rmctrl_size, RMCTRL_MAX);
		return -EINVAL;
	}
	for (r = 0; r < t->num_kernel_structs; r++, rec += sizeof(struct nvvgpu_meta_type)) {
		struct nvvgpu_meta_type k;

		memcpy(&k, rec, sizeof(k));
		if (!k.id || !k.max_instance || !k.fb_length || !k.gsp_heap_size ||
		    !memchr(k.name, 0, sizeof(k.name))) {
			bad(mt, "blob %u record %u at offset 0x%zx: a zero id, max_instance, fb_length or gsp_heap_size, or a name without NUL",
			    i, r, (size_t)(rec - mt->data));
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * Walk the blobs: check each (setup false; *ntypes counts pf's records),
 * or send pf's blobs' controls and copy their records into tbl (setup true).
 */
static int walk(struct meta *mt, bool setup, unsigned int *ntypes, struct nvvgpu_type_table *tbl,
		int (*send)(void *ctx, u32 cmd, const void *params, u32 size), void *ctx)
{
	size_t off = sizeof(struct nvvgpu_meta_hdr);
	unsigned int i, r;
	int ret;

	for (i = 0; i < mt->num_blobs; i++) {
		struct nvvgpu_meta_vgpu_type_hdr t;
		struct nvvgpu_meta_blob b;
		const u8 *rec;

		if (mt->size - off < sizeof(b)) {
			bad(mt, "blob %u at offset 0x%zx: its header runs past the end (%zu bytes)", i, off,
			    mt->size);
			return -EINVAL;
		}
		memcpy(&b, mt->data + off, sizeof(b));
		if (b.type >= NVVGPU_META_BLOB_MAX) {
			bad(mt, "blob %u at offset 0x%zx: type %llu is not below %u (METADATA_BLOB_MAX)", i,
			    off, b.type, NVVGPU_META_BLOB_MAX);
			return -EINVAL;
		}
		if (b.size <= sizeof(b) || b.size > mt->size - off) {
			bad(mt, "blob %u at offset 0x%zx: size %llu is not %zu..%zu (the bytes left)", i, off,
			    b.size, sizeof(b) + 1, mt->size - off);
			return -EINVAL;
		}
		if (b.size < BLOB_HDRS) {
			bad(mt, "blob %u at offset 0x%zx: size %llu is smaller than the %zu header bytes of a vGPU type blob",
			    i, off, b.size, BLOB_HDRS);
			return -EINVAL;
		}
		memcpy(&t, mt->data + off + sizeof(b), sizeof(t));
		rec = mt->data + off + BLOB_HDRS;
		if (!setup) {
			ret = check_type_blob(mt, i, off, b.size, &t);
			if (ret)
				return ret;
			if (t.device_id == mt->pf->device)
				*ntypes += t.num_kernel_structs;
		} else if (t.device_id == mt->pf->device) {
			/*
			 * Sent from the file as request_firmware() mapped it
			 * (read-only), its reply dropped: no copy
			 * (nvcore_rm_control_send).  send logs its failure.
			 */
			ret = send(ctx, t.gsp_rmctrl_cmd, rec + t.kernel_struct_size,
				   t.gsp_rmctrl_size);
			if (ret)
				return ret;
			for (r = 0; r < t.num_kernel_structs; r++, rec += sizeof(struct nvvgpu_meta_type)) {
				struct nvvgpu_type *d = &tbl->types[tbl->count++];
				struct nvvgpu_meta_type k;

				memcpy(&k, rec, sizeof(k));
				d->id = k.id;
				d->max_instance = k.max_instance;
				strscpy(d->name, k.name, sizeof(d->name));
				d->fb_length = k.fb_length;
				d->gsp_heap_size = k.gsp_heap_size;
				d->bar1_length = (u32)min_t(u64, k.bar1_length, U32_MAX);
			}
		}
		off += b.size;
	}
	return 0;
}

int nvvgpu_meta_load(struct pci_dev *pf, const char *gsp_version,
		     int (*send)(void *ctx, u32 cmd, const void *params, u32 size), void *ctx,
		     struct nvvgpu_type_table *tbl)
{
	const struct firmware *fw;
	unsigned int ntypes = 0;
	char name[32 + NVVGPU_GSP_VERSION_LEN];
	struct meta mt = { .pf = pf, .name = name };
	int ret;

	tbl->types = NULL;
	tbl->count = 0;
	snprintf(name, sizeof(name), NVVGPU_META_PATH, gsp_version);
	ret = request_firmware(&fw, name, &pf->dev);
	if (ret) {
		dev_err(&pf->dev, "vGPU manager: %s: cannot load it: %d (NVIDIA's vGPU metadata file for GSP-RM %s, docs/vgpu.md)\n",
			name, ret, gsp_version);
		return ret;
	}
	mt.data = fw->data;
	mt.size = fw->size;
	ret = check_header(&mt, gsp_version);
	if (!ret)
		ret = walk(&mt, false, &ntypes, NULL, NULL, NULL);
	if (!ret && (!ntypes || ntypes > NVVGPU_MAX_VGPU_TYPES_PER_PGPU)) {
		bad(&mt, "%u vGPU types for PCI device 0x%04x in its %llu blobs (1..%u are needed)", ntypes,
		    pf->device, mt.num_blobs, NVVGPU_MAX_VGPU_TYPES_PER_PGPU);
		ret = -EINVAL;
	}
	if (!ret) {
		tbl->types = kcalloc(ntypes, sizeof(*tbl->types), GFP_KERNEL);
		ret = tbl->types ? walk(&mt, true, NULL, tbl, send, ctx) : -ENOMEM;
		if (ret)
			nvvgpu_meta_free(tbl);
	}
	release_firmware(fw);
	return ret;
}

void nvvgpu_meta_free(struct nvvgpu_type_table *tbl)
{
	kfree(tbl->types);
	tbl->types = NULL;
	tbl->count = 0;
}
