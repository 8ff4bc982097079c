/* SPDX-License-Identifier: MIT */
/*
 * One release's structures and constants as the driver defines them, for
 * the abi suite (test_abi.c) to compare with the release's layout.tsv and
 * consts.tsv.  abi_rows.py generates one abi_<release>.c per release from
 * those TSVs, each filling one struct abi_release whose every number the
 * compiler computes from the release's fw/<release>/abi.h, and the list
 * abi_releases[].
 */
#ifndef NVCORE_ABI_CHECK_H
#define NVCORE_ABI_CHECK_H

#include <stddef.h>

#include "fw/release.h"

struct layout_row {
	const char *st, *field;
	size_t off, size;
};

struct const_row {
	const char *name;
	unsigned long long value;
};

struct abi_release {
	const struct nvcore_fw_release *rel;
	const struct layout_row *rows;
	size_t n_rows;
	const struct const_row *consts;
	size_t n_consts;
};

extern const struct abi_release *const abi_releases[];
extern const unsigned int abi_num_releases;

#define ABI_S(s) { #s, "(sizeof)", 0, sizeof(struct s) }
#define ABI_F(s, f) { #s, #f, offsetof(struct s, f), sizeof(((struct s *)0)->f) }
#define ABI_F0(s, f) { #s, #f, offsetof(struct s, f), 0 }

#define ABI_RELEASE(sym, release, rows_, consts_)				\
	const struct abi_release sym = {					\
		.rel = &(release),						\
		.rows = rows_,							\
		.n_rows = sizeof(rows_) / sizeof(rows_[0]),			\
		.consts = consts_,						\
		.n_consts = sizeof(consts_) / sizeof(consts_[0]),		\
	}

#endif
