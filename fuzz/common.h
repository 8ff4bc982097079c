/* SPDX-License-Identifier: MIT */
/* Reading a fuzz input field by field; an exhausted input reads zeros. */
#ifndef NVCORE_FUZZ_COMMON_H
#define NVCORE_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kshim/kshim.h>

#include "fzdev.h"

struct fzin {
	const uint8_t *p;
	size_t n;
};

static inline void fz_take(struct fzin *in, void *dst, size_t len)
{
	size_t k = len < in->n ? len : in->n;

	memset(dst, 0, len);
	memcpy(dst, in->p, k);
	in->p += k;
	in->n -= k;
}

static inline uint8_t fz_u8(struct fzin *in)
{
	uint8_t v;

	fz_take(in, &v, 1);
	return v;
}

static inline uint16_t fz_u16(struct fzin *in)
{
	uint16_t v;

	fz_take(in, &v, 2);
	return v;
}

static inline uint32_t fz_u32(struct fzin *in)
{
	uint32_t v;

	fz_take(in, &v, 4);
	return v;
}

/* Tear the device down; a leak or kernel-API misuse kshim reports is a finding. */
static inline void fz_finish(struct fzdev *d)
{
	unsigned int i, n = kshim_failure_count();

	for (i = 0; i < n; i++)
		fprintf(stderr, "kshim failure: %s\n", kshim_failure(i));
	if (fzdev_fini(d) || n) {
		fprintf(stderr, "fuzz: kshim reported a leak or kernel-API misuse\n");
		abort();
	}
}

#endif
