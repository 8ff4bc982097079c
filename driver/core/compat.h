/* SPDX-License-Identifier: MIT */
/*
 * The kernel APIs whose names changed between the kernels nvcore builds
 * against (Debian 12's 6.1 and the 6.12 backports kernel; docs/operators.md),
 * in one place.  The driver is written against the newest names; each entry
 * here is a feature test the compiler evaluates against the target kernel's
 * own headers (does the header exist, is the macro defined), never a version
 * number, so the same code builds on every kernel in between and the
 * userspace build (emu/kshim, which provides the newest names) passes
 * through untouched.
 */
#ifndef NVCORE_COMPAT_H
#define NVCORE_COMPAT_H

/*
 * get/put_unaligned_le{16,32}: include/linux/unaligned.h since 6.12, before
 * that the architecture's asm/unaligned.h (6.1: arch/x86/include/asm/unaligned.h).
 */
#if __has_include(<linux/unaligned.h>)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * pci_alloc_irq_vectors()'s INTx flag: PCI_IRQ_INTX in include/linux/pci.h
 * today, PCI_IRQ_LEGACY (the same bit 0) in 6.1.
 */
#include <linux/pci.h>
#ifndef PCI_IRQ_INTX
#define PCI_IRQ_INTX	PCI_IRQ_LEGACY
#endif

#endif /* NVCORE_COMPAT_H */
