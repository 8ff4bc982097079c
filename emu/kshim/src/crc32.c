// SPDX-License-Identifier: MIT
/*
 * crc32_le, the kernel's CRC-32 (bit-reflected polynomial 0xedb88320).  Its
 * own file because it is built optimized in every build type
 * (emu/kshim/meson.build): at -O0 each PCLMULQDQ intrinsic below is a call
 * with its operands through memory, and the vGPU metadata file's CRC took a
 * quarter of an ad102/570.144 stress test in the debug build.
 */
#include <stdbool.h>
#include <stddef.h>
#ifdef __x86_64__
#include <immintrin.h>
#endif

#include <linux/crc32.h>

/*
 * Eight bytes a step through eight tables ("slicing by 8", as lib/crc32.c's
 * CRC_LE_BITS 64 was): a GH100 FMC image is checked at every boot and the
 * vGPU metadata file (670 KB) at every vGPU manager attach.  Table k maps a
 * byte to its CRC contribution k bytes ahead of the register's low byte.
 * On x86-64 with PCLMULQDQ, runs of 64 bytes or more are folded first (the
 * kernel's own crc32_le does the same there, arch/x86/lib/crc32.c), the
 * file's CRC a twelfth of an ad102 stress seed through the tables
 * (bench/RESULTS.md, branch attach).
 */
static u32 crc32_table[8][256];
static bool crc32_clmul;

__attribute__((constructor)) static void crc32_table_init(void)
{
	for (u32 i = 0; i < 256; i++) {
		u32 c = i;

		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
		crc32_table[0][i] = c;
	}
	for (int t = 1; t < 8; t++)
		for (u32 i = 0; i < 256; i++)
			crc32_table[t][i] = (crc32_table[t - 1][i] >> 8) ^
					    crc32_table[0][crc32_table[t - 1][i] & 0xff];
#ifdef __x86_64__
	__builtin_cpu_init();
	crc32_clmul = __builtin_cpu_supports("pclmul");
#endif
}

static u32 crc32_le_tables(u32 crc, const u8 *p, size_t len)
{
	for (; len >= 8; len -= 8, p += 8) {
		u32 lo = crc ^ ((u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24);
		u32 hi = (u32)p[4] | (u32)p[5] << 8 | (u32)p[6] << 16 | (u32)p[7] << 24;

		crc = crc32_table[7][lo & 0xff] ^ crc32_table[6][(lo >> 8) & 0xff] ^
		      crc32_table[5][(lo >> 16) & 0xff] ^ crc32_table[4][lo >> 24] ^
		      crc32_table[3][hi & 0xff] ^ crc32_table[2][(hi >> 8) & 0xff] ^
		      crc32_table[1][(hi >> 16) & 0xff] ^ crc32_table[0][hi >> 24];
	}
	while (len--)
		crc = (crc >> 8) ^ crc32_table[0][(crc ^ *p++) & 0xff];
	return crc;
}

#ifdef __x86_64__
/*
 * Carry-less multiplication folding (Gopal et al., "Fast CRC Computation
 * for Generic Polynomials Using PCLMULQDQ Instruction", Intel, 2009), for
 * the bit-reflected polynomial 0xedb88320: with crc XORed into the first
 * bytes the register starts at 0, and a 128-bit remainder A followed d bits
 * later by B is replaced by A_lo * K_lo ^ A_hi * K_hi ^ B, K the paper's
 * constants x^(d+32) mod P and x^(d-32) mod P, bit-reflected and shifted
 * left one bit (d = 512: four lanes; d = 128: one; recomputed by hand from
 * P = 0x104c11db7 as a check).  What is left, a 16-byte
 * message with the same CRC, goes through the tables.  Returns the CRC of
 * the first *done bytes (a multiple of 16, len >= 64).
 */
__attribute__((target("pclmul,sse2")))
static u32 crc32_fold(u32 crc, const u8 *p, size_t len, size_t *done)
{
	const __m128i k512 = _mm_set_epi64x(0x1c6e41596ll, 0x154442bd4ll);
	const __m128i k128 = _mm_set_epi64x(0x0ccaa009ell, 0x1751997d0ll);
	__m128i x[4], r;
	u8 rest[16];
	size_t n = 64;
	int i;

	for (i = 0; i < 4; i++)
		x[i] = _mm_loadu_si128((const __m128i *)(p + 16 * i));
	x[0] = _mm_xor_si128(x[0], _mm_cvtsi32_si128((int)crc));
	for (; len - n >= 64; n += 64)
		for (i = 0; i < 4; i++)
			x[i] = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x[i], k512, 0x00),
							   _mm_clmulepi64_si128(x[i], k512, 0x11)),
					     _mm_loadu_si128((const __m128i *)(p + n + 16 * i)));
	r = x[0];
	for (i = 1; i < 4; i++)
		r = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(r, k128, 0x00),
						_mm_clmulepi64_si128(r, k128, 0x11)), x[i]);
	for (; len - n >= 16; n += 16)
		r = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(r, k128, 0x00),
						_mm_clmulepi64_si128(r, k128, 0x11)),
				  _mm_loadu_si128((const __m128i *)(p + n)));
	_mm_storeu_si128((__m128i *)rest, r);
	*done = n;
	return crc32_le_tables(0, rest, sizeof(rest));
}
#endif

u32 crc32_le(u32 crc, unsigned char const *p, size_t len)
{
#ifdef __x86_64__
	if (crc32_clmul && len >= 64) {
		size_t done;

		crc = crc32_fold(crc, p, len, &done);
		p += done;
		len -= done;
	}
#endif
	return crc32_le_tables(crc, p, len);
}
