/* SPDX-License-Identifier: MIT */
/*
 * booter_load and booter_unload on SEC2 (protocol.md §3.3, §3.4 steps 11 and 16,
 * §4.4; docs/hw-fidelity.md "SEC2 booter load and unload"; nouveau
 * gsp/tu102.c + ga102.c booter ctor, nova firmware/booter.rs, gsp/boot.rs).
 *
 * Identification: SEC2 IMEM from 0 must hold app[0] of one of the booter
 * files (nova/nouveau load app0 to IMEM 0 and DMEM from os_data_offset to
 * DMEM 0).  DMEM must hold the file's os data with the signature the fuse
 * version selects patched at patch_loc - os_data_offset.
 *
 * booter_load then does what the real one does to the host-visible state:
 * it reads GspFwWprMeta from the bus address in SEC2 MAILBOX0/1, checks it
 * (every page of the radix3-mapped GSP image, the bootloader, the
 * signature, the FB layout against the FRTS region FWSEC carved), raises
 * WPR2 over [gspFwWprStart, gspFwWprEnd), writes `verified`, starts the GSP
 * RISC-V core and hands over to the rm half (gspm_rm_start).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_priv.h"
#include "gspm_abi_common.h"
#include "fw/gspm_release.h"

#define PAGE		4096u
#define RADIX_ENTRIES	(PAGE / 8)
#define MiB		(1ull << 20)

_Static_assert(sizeof(struct gspm_wpr_meta) == 256, "GspFwWprMeta is 256 bytes (protocol.md §3.3)");

/*
 * Where app 0 sits in IMEM and which payload bytes it is.  GA10x: IMEM 0
 * from payload app[0].offset (nouveau ga102 booter ctor).  GA100: IMEM
 * app[0].offset from payload os_code_size, behind the OS code (nouveau
 * gsp/tu102.c tu102_gsp_booter_ctor: imem_base_img = nmem_size).
 */
static uint32_t booter_app0_dst(const struct hw_falcon *f, const struct hw_booter *b)
{
	return f->legacy ? b->app0_offset : 0;
}

static const uint8_t *booter_app0_src(const struct hw_falcon *f, const struct hw_booter *b)
{
	return b->payload + (f->legacy ? b->os_code_size : b->app0_offset);
}

static bool booter_imem_is(const struct hw_falcon *f, const struct hw_booter *b)
{
	uint32_t dst = booter_app0_dst(f, b);

	return dst + b->app0_size <= HW_FALCON_IMEM_SIZE &&
	       !memcmp(f->imem + dst, booter_app0_src(f, b), b->app0_size);
}

enum hw_booter_kind hw_booter_identify(const struct gspm_hw *hw, const struct hw_falcon *f)
{
	if (!hw->fw.loaded)
		return HW_BOOTER_NONE;
	if (booter_imem_is(f, &hw->fw.load))
		return HW_BOOTER_LOAD;
	if (booter_imem_is(f, &hw->fw.unload))
		return HW_BOOTER_UNLOAD;
	return HW_BOOTER_NONE;
}

static void booter_fail(struct gspm_hw *hw, struct hw_falcon *f, uint32_t code, const char *result)
{
	hw->last_result = result;
	hw_falcon_halt(hw, f, code);
}

/* The image is neither booter: say where it stops looking like the closer one. */
static void booter_unknown(struct gspm_hw *hw, struct hw_falcon *f)
{
	const struct hw_booter *c[2] = { &hw->fw.load, &hw->fw.unload };
	const char *nm[2] = { "booter_load", "booter_unload" };
	long best_d = -1;
	size_t best_end = 0;
	int best = 0;

	hw->last_image = "SEC2 unknown";
	if (!hw->fw.loaded) {
		hw_violate(hw, "SEC2 falcon: started, but the model has no SEC2 ucode for %s",
			   hw->chip->name);
		booter_fail(hw, f, HW_ERR_UNKNOWN_IMAGE, "no SEC2 ucode modelled");
		return;
	}
	for (int i = 0; i < 2; i++) {
		size_t end = 0;
		uint32_t dst = booter_app0_dst(f, c[i]);
		long d = dst + c[i]->app0_size > HW_FALCON_IMEM_SIZE ? -1 :
			 hw_memdiff(f->imem + dst, booter_app0_src(f, c[i]), c[i]->app0_size, &end);

		if (d > best_d) {
			best_d = d;
			best_end = end;
			best = i;
		}
	}
	{
		uint32_t dst = booter_app0_dst(f, c[best]);
		const uint8_t *src = booter_app0_src(f, c[best]);

		if (best_d < 0)
			best_d = 0;
		hw_violate(hw, "SEC2 falcon: unknown image: IMEM [0x%lx,0x%zx) differs from %s "
			   "app0 (%s payload offset 0x%lx): read 0x%02x, expected 0x%02x",
			   dst + best_d, dst + best_end, nm[best], c[best]->path,
			   (long)(src - c[best]->payload) + best_d, f->imem[dst + best_d],
			   src[best_d]);
	}
	booter_fail(hw, f, HW_ERR_UNKNOWN_IMAGE, "IMEM is not a booter");
}

/*
 * GA100's legacy booter (nouveau gsp/tu102.c tu102_gsp_booter_ctor,
 * falcon/gm200.c gm200_flcn_fw_load/_boot): the OS code at IMEM
 * os_code_offset, app 0 loaded as secure code (IMEMC.SECURE), BOOTVEC =
 * os_code_offset.  Without the secure tag the falcon cannot enter HS mode
 * and the booter does not run.
 */
static bool booter_check_legacy(struct gspm_hw *hw, struct hw_falcon *f,
				const struct hw_booter *b, const char *nm)
{
	size_t end;
	long d;

	if (b->os_code_offset + b->os_code_size > HW_FALCON_IMEM_SIZE ||
	    (d = hw_memdiff(f->imem + b->os_code_offset, b->payload, b->os_code_size, &end)) >= 0) {
		hw_violate(hw, "SEC2 falcon: %s OS code: IMEM at os_code_offset 0x%x does not hold "
			   "payload [0,0x%x) of %s", nm, b->os_code_offset, b->os_code_size, b->path);
		booter_fail(hw, f, HW_ERR_UNKNOWN_IMAGE, "OS code not loaded");
		return false;
	}
	for (uint32_t a = b->app0_offset; a < b->app0_offset + b->app0_size; a += HW_FALCON_BLOCK) {
		if (f->imem_block[a / HW_FALCON_BLOCK] == HW_IMEM_SECURE)
			continue;
		hw_violate(hw, "SEC2 falcon: %s app 0 IMEM block 0x%x was loaded without "
			   "IMEMC.SECURE; the HS code must be written secure (nouveau "
			   "gm200_flcn_fw_load: app 0 with sec = true)", nm, a);
		booter_fail(hw, f, HW_ERR_HS_NOT_SECURE, "HS code not loaded secure");
		return false;
	}
	if (f->bootvec != b->os_code_offset) {
		hw_violate(hw, "SEC2 falcon: %s BOOTVEC=0x%x, expected the OS code at 0x%x "
			   "(gm200_flcn_fw_boot: boot_addr = os_code_offset)", nm, f->bootvec,
			   b->os_code_offset);
		booter_fail(hw, f, HW_ERR_BROM, "bad boot vector");
		return false;
	}
	return true;
}

/* DMEM, signature and boot ROM parameters of an identified booter. */
static bool booter_check_load(struct gspm_hw *hw, struct hw_falcon *f,
			      const struct hw_booter *b, const char *nm)
{
	uint32_t sig_at = b->patch_loc - b->os_data_offset;
	uint32_t fuse_reg = hw_fuse_reg(b->engine_id_mask, b->ucode_id);
	/*
	 * GA10x: fuse register reads 0 -> the last signature.  GA100: the
	 * production signature 0, no fuse (nouveau gm200_flcn_fw_signature on
	 * a falcon whose debug fuse is clear).
	 */
	uint32_t want_idx = f->legacy ? 0 : b->num_sig - 1u;
	uint8_t *want = malloc(b->os_data_size);
	size_t end;
	long d;
	int idx;

	if (!want) {
		gspm_log(hw->m, GSPM_LOG_ERROR, "booter check: out of memory");
		booter_fail(hw, f, HW_ERR_UNKNOWN_IMAGE, "model out of memory");
		return false;
	}
	memcpy(want, b->payload + b->os_data_offset, b->os_data_size);
	memcpy(want + sig_at, f->dmem + sig_at, b->sig_size);
	d = hw_memdiff(f->dmem, want, b->os_data_size, &end);
	free(want);
	if (d >= 0) {
		hw_violate(hw, "SEC2 falcon: DMEM [0x%lx,0x%zx) differs from %s os data (%s payload "
			   "offset 0x%lx): read 0x%02x, expected 0x%02x", d, end, nm, b->path,
			   b->os_data_offset + d, f->dmem[d], b->payload[b->os_data_offset + d]);
		booter_fail(hw, f, HW_ERR_UNKNOWN_IMAGE, "DMEM is not the booter's data");
		return false;
	}
	idx = hw_sig_match(f->dmem + sig_at, b->sigs, b->sig_size, b->num_sig);
	if (idx != (int)want_idx) {
		if (idx < 0)
			hw_violate(hw, "SEC2 falcon: %s signature slot DMEM [0x%x,0x%x) (patch_loc "
				   "0x%x) holds none of the file's %u signatures; fuse register 0x%x "
				   "reads 0, so signature #%u was expected", nm, sig_at,
				   sig_at + b->sig_size, b->patch_loc, b->num_sig, fuse_reg, want_idx);
		else
			hw_violate(hw, "SEC2 falcon: %s signature slot DMEM [0x%x,0x%x) holds "
				   "signature #%d; fuse register 0x%x reads 0, so the last signature "
				   "#%u was expected", nm, sig_at, sig_at + b->sig_size, idx, fuse_reg,
				   want_idx);
		booter_fail(hw, f, HW_ERR_SIGNATURE, "wrong booter signature");
		return false;
	}
	if (f->legacy)
		return booter_check_legacy(hw, f, b, nm);
	if (f->mod_sel != HW_MOD_SEL_ALGO_RSA3K || f->brom_ucode_id != b->ucode_id ||
	    f->brom_engidmask != b->engine_id_mask || f->brom_paraaddr != sig_at ||
	    f->bootvec != b->app0_offset) {
		hw_violate(hw, "SEC2 falcon: %s boot ROM parameters MOD_SEL=0x%x UCODE_ID=0x%x "
			   "ENGIDMASK=0x%x PARAADDR0=0x%x BOOTVEC=0x%x, expected 0x%x 0x%x 0x%x "
			   "0x%x 0x%x", nm, f->mod_sel, f->brom_ucode_id, f->brom_engidmask,
			   f->brom_paraaddr, f->bootvec, HW_MOD_SEL_ALGO_RSA3K, b->ucode_id,
			   b->engine_id_mask, sig_at, b->app0_offset);
		booter_fail(hw, f, HW_ERR_BROM, "bad boot ROM parameters");
		return false;
	}
	return true;
}

/*
 * [addr, addr + len) as the device reads it: in place where the host maps the
 * range in one piece (gspm_dma_ptr: the mappings gspm_dma_read goes through,
 * so the same refusals), else copied into *copy, which the caller frees.  NULL
 * (a violation or an error logged) where the host refuses the read.  Comparing
 * the GSP image in place saves copying its 36 MiB again at every 535.x boot
 * (bench/RESULTS.md, `meson test` round 5).
 */
static const uint8_t *dma_view(struct gspm_hw *hw, uint64_t addr, size_t len, const char *what,
			       uint8_t **copy)
{
	const uint64_t *epoch;
	const uint8_t *p = gspm_dma_ptr(hw->m, addr, len, &epoch);

	*copy = NULL;
	if (p)
		return p;
	*copy = malloc(len ? len : 1);
	if (!*copy) {
		gspm_log(hw->m, GSPM_LOG_ERROR, "%s: out of memory", what);
		return NULL;
	}
	return gspm_dma_read(hw->m, addr, *copy, len, what) ? NULL : *copy;
}

/*
 * How many of the @n level-2 entries at @pa (the first page-aligned) map
 * pages that lie one after another in one host mapping, the first at *got;
 * 0 where the host does not map the first in place.  @left: bytes of the
 * image from the first page on.  Such a run is compared in one piece, and
 * a difference is still reported by its page (check_radix3).
 */
static size_t mapped_run(struct gspm_hw *hw, const uint64_t *pa, size_t n, uint64_t left,
			 const uint8_t **got)
{
	const uint64_t *epoch;
	size_t k;

	*got = gspm_dma_ptr(hw->m, pa[0], left < PAGE ? (size_t)left : PAGE, &epoch);
	if (!*got)
		return 0;
	for (k = 1; k < n && (uint64_t)k * PAGE < left; k++) {
		uint64_t rest = left - (uint64_t)k * PAGE;

		if (pa[k] % PAGE ||
		    (uintptr_t)gspm_dma_ptr(hw->m, pa[k], rest < PAGE ? (size_t)rest : PAGE, &epoch) !=
			    (uintptr_t)*got + (uintptr_t)k * PAGE)
			break;
	}
	return k;
}

/* Every page the radix3 tree maps must be the matching page of .fwimage. */
static bool check_radix3(struct gspm_hw *hw, const struct gspm_wpr_meta *meta)
{
	uint64_t size = meta->sizeOfRadix3Elf, npages = (size + PAGE - 1) / PAGE;
	uint64_t nlvl2 = (npages + RADIX_ENTRIES - 1) / RADIX_ENTRIES;
	uint64_t lvl1_pa, *lvl1 = NULL, *lvl2 = NULL;
	const uint8_t *want, *got;
	uint8_t *copy = NULL;
	bool ok = false;
	char what[96];

	if (size != hw->fw.fwimage_size) {
		hw_violate(hw, "%s: GspFwWprMeta.sizeOfRadix3Elf is 0x%llx, but .fwimage "
			   "of %s is 0x%llx bytes", hw->checker, (unsigned long long)size, hw->fw.gsp_path,
			   (unsigned long long)hw->fw.fwimage_size);
		return false;
	}
	/* nlvl2 <= RADIX_ENTRIES: fwfiles.c refuses a .fwimage over 1 GiB. */
	if (meta->sysmemAddrOfRadix3Elf % PAGE) {
		hw_violate(hw, "%s: GspFwWprMeta.sysmemAddrOfRadix3Elf 0x%llx is not "
			   "page aligned", hw->checker, (unsigned long long)meta->sysmemAddrOfRadix3Elf);
		return false;
	}
	if (gspm_dma_read(hw->m, meta->sysmemAddrOfRadix3Elf, &lvl1_pa, 8,
			  "radix3 level 0 entry 0"))
		return false;
	lvl1 = malloc(PAGE);
	lvl2 = malloc(PAGE);
	if (!lvl1 || !lvl2) {
		gspm_log(hw->m, GSPM_LOG_ERROR, "%s: out of memory", hw->checker);
		goto out;
	}
	if (lvl1_pa % PAGE) {
		hw_violate(hw, "%s: radix3 level 0 entry 0 (level 1 page) 0x%llx is not "
			   "page aligned", hw->checker, (unsigned long long)lvl1_pa);
		goto out;
	}
	if (gspm_dma_read(hw->m, lvl1_pa, lvl1, nlvl2 * 8, "radix3 level 1 page"))
		goto out;
	for (uint64_t i = 0; i < nlvl2; i++) {
		uint64_t n = npages - i * RADIX_ENTRIES;

		if (n > RADIX_ENTRIES)
			n = RADIX_ENTRIES;
		if (lvl1[i] % PAGE) {
			hw_violate(hw, "%s: radix3 level 1 entry %llu (level 2 page) 0x%llx "
				   "is not page aligned", hw->checker, (unsigned long long)i,
				   (unsigned long long)lvl1[i]);
			goto out;
		}
		snprintf(what, sizeof(what), "radix3 level 2 page %llu", (unsigned long long)i);
		if (gspm_dma_read(hw->m, lvl1[i], lvl2, n * 8, what))
			goto out;
		for (uint64_t j = 0, k; j < n; j += k) {
			uint64_t pg = i * RADIX_ENTRIES + j, off = pg * PAGE, q;
			size_t len, end;
			long d;

			if (lvl2[j] % PAGE) {
				hw_violate(hw, "%s: radix3 entry for .fwimage page %llu is "
					   "0x%llx, not page aligned", hw->checker, (unsigned long long)pg,
					   (unsigned long long)lvl2[j]);
				goto out;
			}
			free(copy);
			copy = NULL;
			k = mapped_run(hw, lvl2 + j, n - j, size - off, &got);
			if (!k) {	/* not mapped in place: read through the host, one page */
				k = 1;
				snprintf(what, sizeof(what), "GSP image page %llu via radix3",
					 (unsigned long long)pg);
				got = dma_view(hw, lvl2[j], size - off < PAGE ? (size_t)(size - off) : PAGE,
					       what, &copy);
				if (!got)
					goto out;
			}
			len = size - off < k * PAGE ? (size_t)(size - off) : (size_t)(k * PAGE);
			want = hw->fw.fwimage + off;
			d = hw_memdiff(got, want, len, &end);
			if (d >= 0) {
				/* The page of the run that differs, and the bytes of it that do. */
				q = (uint64_t)d / PAGE;
				got += q * PAGE;
				want += q * PAGE;
				d -= (long)(q * PAGE);
				end = end - q * PAGE < PAGE ? end - q * PAGE : PAGE;
				hw_violate(hw, "%s: radix3 maps .fwimage page %llu to bus "
					   "address 0x%llx, whose bytes [0x%lx,0x%zx) differ from %s "
					   ".fwimage offset 0x%llx: read 0x%02x, expected 0x%02x", hw->checker,
					   (unsigned long long)(pg + q), (unsigned long long)lvl2[j + q], d,
					   end, hw->fw.gsp_path, (unsigned long long)(off + q * PAGE + (uint64_t)d),
					   got[d], want[d]);
				goto out;
			}
		}
	}
	ok = true;
out:
	free(lvl1);
	free(lvl2);
	free(copy);
	return ok;
}

bool hw_check_dma(struct gspm_hw *hw, const char *who, const char *field, uint64_t addr,
		  const uint8_t *want, size_t len, const char *src)
{
	uint8_t *copy;
	const uint8_t *got = dma_view(hw, addr, len, field, &copy);
	size_t end;
	long d;

	if (!got) {
		free(copy);
		return false;
	}
	d = hw_memdiff(got, want, len, &end);
	if (d >= 0)
		hw_violate(hw, "%s: %s at bus address 0x%llx: bytes [0x%lx,0x%zx) differ "
			   "from %s: read 0x%02x, expected 0x%02x", who, field,
			   (unsigned long long)addr, d, end, src, got[d], want[d]);
	free(copy);
	return d < 0;
}

#define LAYOUT_CHECK(cond, ...) do {						\
		if (!(cond)) {							\
			hw_violate(hw, "booter_load: GspFwWprMeta FB layout: " __VA_ARGS__); \
			return false;						\
		}								\
	} while (0)

/* protocol.md §3.3 "FB layout", nouveau tu102_gsp_oneinit/tu102_gsp_wpr_meta_init. */
static bool check_layout(struct gspm_hw *hw, const struct gspm_wpr_meta *m)
{
#define X(f) (unsigned long long)m->f
	LAYOUT_CHECK(m->fbSize == hw->fb_size, "fbSize 0x%llx is not the FB size 0x%llx",
		     X(fbSize), (unsigned long long)hw->fb_size);
	LAYOUT_CHECK(m->frtsOffset == hw->frts_addr && m->frtsSize == hw->frts_size,
		     "frts [0x%llx,+0x%llx) is not the region FWSEC-FRTS carved [0x%llx,+0x%llx)",
		     X(frtsOffset), X(frtsSize), (unsigned long long)hw->frts_addr,
		     (unsigned long long)hw->frts_size);
	LAYOUT_CHECK(m->gspFwWprStart < m->gspFwHeapOffset && m->gspFwHeapOffset < m->gspFwOffset &&
		     m->gspFwOffset < m->bootBinOffset && m->bootBinOffset < m->frtsOffset &&
		     m->frtsOffset < m->gspFwWprEnd && m->gspFwWprEnd <= m->vgaWorkspaceOffset &&
		     m->vgaWorkspaceOffset <= m->fbSize,
		     "order gspFwWprStart 0x%llx < gspFwHeapOffset 0x%llx < gspFwOffset 0x%llx < "
		     "bootBinOffset 0x%llx < frtsOffset 0x%llx < gspFwWprEnd 0x%llx <= "
		     "vgaWorkspaceOffset 0x%llx <= fbSize 0x%llx does not hold",
		     X(gspFwWprStart), X(gspFwHeapOffset), X(gspFwOffset), X(bootBinOffset),
		     X(frtsOffset), X(gspFwWprEnd), X(vgaWorkspaceOffset), X(fbSize));
	LAYOUT_CHECK(m->gspFwWprEnd == m->frtsOffset + m->frtsSize && !(m->gspFwWprEnd % 0x20000),
		     "gspFwWprEnd 0x%llx must be 128 KiB aligned and end the FRTS region",
		     X(gspFwWprEnd));
	LAYOUT_CHECK(m->vgaWorkspaceOffset + m->vgaWorkspaceSize <= m->fbSize,
		     "VGA workspace [0x%llx,+0x%llx) ends past fbSize", X(vgaWorkspaceOffset),
		     X(vgaWorkspaceSize));
	LAYOUT_CHECK(!(m->bootBinOffset % 0x1000) &&
		     m->bootBinOffset + m->sizeOfBootloader <= m->frtsOffset,
		     "boot binary [0x%llx,+0x%llx) must be 4 KiB aligned and below FRTS",
		     X(bootBinOffset), X(sizeOfBootloader));
	LAYOUT_CHECK(!(m->gspFwOffset % 0x10000) &&
		     m->gspFwOffset + m->sizeOfRadix3Elf <= m->bootBinOffset,
		     "GSP image [0x%llx,+0x%llx) must be 64 KiB aligned and below the boot binary",
		     X(gspFwOffset), X(sizeOfRadix3Elf));
	LAYOUT_CHECK(!(m->gspFwHeapOffset % 0x100000) && m->gspFwHeapSize &&
		     m->gspFwHeapOffset + m->gspFwHeapSize <= m->gspFwOffset,
		     "WPR heap [0x%llx,+0x%llx) must be 1 MiB aligned, non-empty, below the image",
		     X(gspFwHeapOffset), X(gspFwHeapSize));
	/*
	 * The heap size is re-derived once its offset is aligned down: up to the
	 * image, in whole MiB (nouveau tu102_gsp_oneinit heap.size =
	 * ALIGN_DOWN(elf.addr - heap.addr, 1M); nova-core FbLayout::new).
	 */
	LAYOUT_CHECK(m->gspFwHeapSize == ((m->gspFwOffset - m->gspFwHeapOffset) & ~0xfffffull),
		     "WPR heap size 0x%llx is not gspFwOffset 0x%llx - gspFwHeapOffset 0x%llx "
		     "aligned down to 1 MiB (0x%llx): re-derive it after aligning the heap offset",
		     X(gspFwHeapSize), X(gspFwOffset), X(gspFwHeapOffset),
		     (X(gspFwOffset) - X(gspFwHeapOffset)) & ~0xfffffull);
	LAYOUT_CHECK(!(m->gspFwWprStart % 0x100000),
		     "gspFwWprStart 0x%llx is not 1 MiB aligned", X(gspFwWprStart));
	/*
	 * GA100 runs LIBOS2: heap = 0 (OS carveout) + 8 MiB (base RM) +
	 * ALIGN(96 KiB per GiB of FB, 1 MiB) + ALIGN(96 MiB client alloc,
	 * 1 MiB), clamped to 64..256 MiB (OGKM gsp_fw_heap.h
	 * GSP_FW_HEAP_PARAM_OS_SIZE_LIBOS2, _BASE_RM_SIZE_TU10X, _SIZE_PER_GB_FB,
	 * _CLIENT_ALLOC_SIZE, GSP_FW_HEAP_SIZE_OVERRIDE_LIBOS2_MIN_MB/_MAX_MB;
	 * nova-core LibosParams::LIBOS2 "Turing and GA100").  Every term is
	 * whole MiB, so the re-derived size equals it exactly.
	 */
	if (hw->chip->legacy_hs) {
		uint64_t gib = (hw->fb_size + (1ull << 30) - 1) >> 30;
		uint64_t want = 8 * MiB + ((96ull * 1024 * gib + MiB - 1) & ~(MiB - 1)) + 96 * MiB;

		want = want < 64 * MiB ? 64 * MiB : want > 256 * MiB ? 256 * MiB : want;
		LAYOUT_CHECK(m->gspFwHeapSize == want,
			     "WPR heap size 0x%llx on %s, expected the LIBOS2 size 0x%llx (no OS "
			     "carveout, 64..256 MiB; a LIBOS3 release's parameters do not apply)",
			     X(gspFwHeapSize), hw->chip->name, (unsigned long long)want);
	}
	LAYOUT_CHECK(m->nonWprHeapOffset + m->nonWprHeapSize <= m->gspFwWprStart &&
		     m->gspFwRsvdStart == m->nonWprHeapOffset,
		     "non-WPR heap [0x%llx,+0x%llx) (gspFwRsvdStart 0x%llx) must sit below "
		     "gspFwWprStart", X(nonWprHeapOffset), X(nonWprHeapSize), X(gspFwRsvdStart));
#undef X
	return true;
}

/*
 * The GSP-RM image behind GspFwWprMeta: every radix3-mapped page is .fwimage,
 * the bootloader and the signature are the files' (booter_load on GA10x,
 * GSP-FMC on GH100).  0, or the HW_ERR_ code with *why set.
 */
uint32_t hw_check_gsp_images(struct gspm_hw *hw, const struct gspm_wpr_meta *meta,
			     const char **why)
{
	const struct hw_fwfiles *fw = &hw->fw;

	if (!check_radix3(hw, meta)) {
		*why = "radix3 image mismatch";
		return HW_ERR_RADIX3;
	}
	if (meta->sizeOfBootloader != fw->bl_payload_size) {
		hw_violate(hw, "%s: GspFwWprMeta.sizeOfBootloader 0x%llx is not the "
			   "bootloader payload size 0x%x (%s)", hw->checker,
			   (unsigned long long)meta->sizeOfBootloader, fw->bl_payload_size, fw->bl_path);
		*why = "bootloader size";
		return HW_ERR_BOOTLOADER;
	}
	if (!hw_check_dma(hw, hw->checker, "GspFwWprMeta.sysmemAddrOfBootloader", meta->sysmemAddrOfBootloader,
			fw->bl_payload, fw->bl_payload_size, fw->bl_path)) {
		*why = "bootloader mismatch";
		return HW_ERR_BOOTLOADER;
	}
	if (meta->bootloaderCodeOffset != fw->bl_monitor_code_offset ||
	    meta->bootloaderDataOffset != fw->bl_monitor_data_offset ||
	    meta->bootloaderManifestOffset != fw->bl_manifest_offset) {
		hw_violate(hw, "%s: GspFwWprMeta bootloader Code/Data/ManifestOffset "
			   "0x%llx/0x%llx/0x%llx, but %s has monitorCode/monitorData/manifest "
			   "0x%x/0x%x/0x%x", hw->checker, (unsigned long long)meta->bootloaderCodeOffset,
			   (unsigned long long)meta->bootloaderDataOffset,
			   (unsigned long long)meta->bootloaderManifestOffset, fw->bl_path,
			   fw->bl_monitor_code_offset, fw->bl_monitor_data_offset,
			   fw->bl_manifest_offset);
		*why = "bootloader offsets";
		return HW_ERR_BOOTLOADER;
	}
	if (meta->sizeOfSignature != fw->signature_size) {
		hw_violate(hw, "%s: GspFwWprMeta.sizeOfSignature 0x%llx is not the size "
			   "0x%x of %s in %s", hw->checker, (unsigned long long)meta->sizeOfSignature,
			   fw->signature_size, fw->sig_section, fw->gsp_path);
		*why = "GSP signature size";
		return HW_ERR_GSP_SIGNATURE;
	}
	{
		char src[600];

		snprintf(src, sizeof(src), "%s of %s", fw->sig_section, fw->gsp_path);
		if (!hw_check_dma(hw, hw->checker, "GspFwWprMeta.sysmemAddrOfSignature", meta->sysmemAddrOfSignature,
				fw->signature, fw->signature_size, src)) {
			*why = "GSP signature mismatch";
			return HW_ERR_GSP_SIGNATURE;
		}
	}
	return 0;
}

#define GSP_BCR_RISCV_BOOT	(HW_BCR_CORE_SELECT_RISCV | HW_BCR_VALID | HW_BCR_BRFETCH)

static void booter_load(struct gspm_hw *hw, struct hw_falcon *f)
{
	uint64_t addr = (uint64_t)f->mailbox1 << 32 | f->mailbox0;
	struct gspm_wpr_meta meta;
	uint64_t verified = GSP_FW_WPR_META_VERIFIED;
	const char *why;
	uint32_t code;

	if (hw->riscv_started) {
		/*
		 * SEC2 restarted while GSP-RM is up: the CPU sequencer's CORE_RESUME
		 * (protocol.md §3.5).  The booter resumes the GSP core and signals
		 * BOOT_STAGE_3_HANDOFF; the image was checked on the first run.
		 */
		hw->gsp.riscv_cpuctl = HW_RISCV_CPUCTL_ACTIVE;
		hw->bsi_scratch_14 |= HWF_MASK(NV_PGC6_BSI_SECURE_SCRATCH_14_BOOT_STAGE_3_HANDOFF);
		hw->last_result = "ok (resume)";
		hw_falcon_halt(hw, f, 0);
		gspm_rm_resumed(gspm_rm_of(hw->m));
		return;
	}
	if (gspm_dma_read(hw->m, addr, &meta, sizeof(meta), "GspFwWprMeta (SEC2 MAILBOX0/1)")) {
		booter_fail(hw, f, HW_ERR_WPR_META, "GspFwWprMeta unreadable");
		return;
	}
	if (meta.magic != GSP_FW_WPR_META_MAGIC || meta.revision != GSP_FW_WPR_META_REVISION) {
		hw_violate(hw, "booter_load: GspFwWprMeta at 0x%llx has magic 0x%016llx revision "
			   "%llu, expected 0x%016llx revision %u", (unsigned long long)addr,
			   (unsigned long long)meta.magic, (unsigned long long)meta.revision,
			   GSP_FW_WPR_META_MAGIC, GSP_FW_WPR_META_REVISION);
		booter_fail(hw, f, HW_ERR_WPR_META, "bad GspFwWprMeta magic/revision");
		return;
	}
	/* FWSEC-FRTS must have raised WPR2 first (protocol.md §3.4 step 6 before 11). */
	if (!hw->wpr2_hi || !hw->frts_done || hw_wpr2_dec(hw->wpr2_lo) != hw->frts_addr) {
		hw_violate(hw, "booter_load: WPR2 (LO=0x%x HI=0x%x) is not the FRTS region; run "
			   "FWSEC-FRTS before booter_load", hw->wpr2_lo, hw->wpr2_hi);
		booter_fail(hw, f, HW_ERR_WPR2, "WPR2 not up from FRTS");
		return;
	}
	if (!check_layout(hw, &meta)) {
		booter_fail(hw, f, HW_ERR_FB_LAYOUT, "bad FB layout");
		return;
	}
	hw->checker = "booter_load";
	code = hw_check_gsp_images(hw, &meta, &why);
	if (code) {
		booter_fail(hw, f, code, why);
		return;
	}
	/*
	 * hw-fidelity step 2: the GSP must have been reset into RISC-V mode with
	 * BCR_CTRL = CORE_SELECT_RISCV | VALID | BRFETCH (OGKM
	 * kflcnRiscvProgramBcr_GA102 with bBRFetch, nouveau ga102_gsp_reset 0x111).
	 */
	/* GA100 has no BCR to program: reset_eng only (nouveau tu102_gsp_reset). */
	if ((!hw->gsp.legacy && (hw->gsp.bcr_ctrl & GSP_BCR_RISCV_BOOT) != GSP_BCR_RISCV_BOOT) ||
	    (hw->gsp.engine & HW_FALCON_ENGINE_RESET)) {
		hw_violate(hw, "booter_load: GSP RISCV BCR_CTRL written 0x%x (ENGINE=0x%x); starting "
			   "the RISC-V core needs BCR_CTRL = 0x%x (CORE_SELECT_RISCV | VALID | "
			   "BRFETCH) after the reset", hw->gsp.bcr_ctrl, hw->gsp.engine,
			   GSP_BCR_RISCV_BOOT);
		booter_fail(hw, f, HW_ERR_CORE_SELECT, "GSP not in RISC-V mode");
		return;
	}

	/* Verified: WPR2 now covers the whole GSP-RM region (protocol.md §3.4 step 11). */
	hw->wpr2_lo = hw_wpr2_enc(meta.gspFwWprStart);
	hw->wpr2_hi = hw_wpr2_enc(meta.gspFwWprEnd - 0x1000);
	if (gspm_dma_write(hw->m, addr + offsetof(struct gspm_wpr_meta, verified), &verified,
			   sizeof(verified), "GspFwWprMeta.verified")) {
		booter_fail(hw, f, HW_ERR_WPR_META, "cannot write verified");
		return;
	}
	hw->gsp.riscv_cpuctl = HW_RISCV_CPUCTL_ACTIVE;
	hw->riscv_started = true;
	hw->os_written = false;
	/*
	 * BOOT_STAGE_3_HANDOFF stays clear: the public drivers poll it only in
	 * CORE_RESUME (OGKM _kgspIsReloadCompleted, nouveau r535, nova
	 * check_reload_completed), for SEC2-RTOS handing GSP-RM back; set here
	 * it would make that poll pass before the resume (assumption).
	 */
	hw->last_result = "ok";
	hw_falcon_halt(hw, f, 0);
	gspm_rm_start(gspm_rm_of(hw->m));
}

static void booter_unload(struct gspm_hw *hw, struct hw_falcon *f)
{
	/* Plain unload: mailboxes 0xff/0xff (GC6 and suspend-to-sysmem not modelled). */
	if (f->mailbox0 != 0xff || f->mailbox1 != 0xff) {
		hw_violate(hw, "booter_unload: SEC2 MAILBOX0/1 = 0x%x/0x%x, expected 0xff/0xff "
			   "(unload; GC6 and suspend are not modelled)", f->mailbox0, f->mailbox1);
		booter_fail(hw, f, HW_ERR_MAILBOX, "bad unload mailboxes");
		return;
	}
	if (!gspm_rm_suspended(gspm_rm_of(hw->m))) {
		hw_violate(hw, "booter_unload: GSP-RM is not suspended (send UNLOADING_GUEST_DRIVER "
			   "and wait for GSP MAILBOX0 == 0x80000000 first)");
		booter_fail(hw, f, HW_ERR_NOT_SUSPENDED, "RM not suspended");
		return;
	}
	/*
	 * nouveau tu102_gsp_fini / r535_gsp_fini and OGKM kgspUnloadRm_IMPL reset
	 * the GSP falcon and run FWSEC-SB before booter-unload.  No public source
	 * shows booter-unload refusing without them (assumption: permissive), so
	 * the model only records it (gspm_stats.booter_unloads_after_sb).
	 */
	hw->booter_unloads++;
	if (hw->sb_since_suspend)
		hw->booter_unloads_after_sb++;
	else
		gspm_log(hw->m, GSPM_LOG_INFO, "booter_unload: no GSP falcon reset + FWSEC-SB since "
			 "GSP-RM suspended (nouveau and OGKM run them first)");
	hw->sb_since_suspend = false;
	hw->wpr2_lo = 0;
	hw->wpr2_hi = 0;
	hw->frts_done = false;
	hw->riscv_started = false;
	hw->gsp.riscv_cpuctl = HW_RISCV_CPUCTL_HALTED;
	hw->last_result = "ok";
	hw_falcon_halt(hw, f, 0);
	gspm_rm_stop(gspm_rm_of(hw->m));
}

void hw_booter_run(struct gspm_hw *hw, struct hw_falcon *f)
{
	enum hw_booter_kind k = hw_booter_identify(hw, f);

	switch (k) {
	case HW_BOOTER_LOAD:
		hw->last_image = "booter_load";
		if (booter_check_load(hw, f, &hw->fw.load, "booter_load"))
			booter_load(hw, f);
		break;
	case HW_BOOTER_UNLOAD:
		hw->last_image = "booter_unload";
		if (booter_check_load(hw, f, &hw->fw.unload, "booter_unload"))
			booter_unload(hw, f);
		break;
	default:
		booter_unknown(hw, f);
		break;
	}
}
