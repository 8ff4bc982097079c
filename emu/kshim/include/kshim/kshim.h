/* SPDX-License-Identifier: MIT */
/*
 * kshim harness API: what tests and the GPU model binding use to drive the
 * userspace implementation of the kernel APIs in include/linux/.
 *
 * Everything runs on one OS thread: driver code runs on cooperative tasks
 * picked by a seeded scheduler, time is virtual, and the same seed gives the
 * same run byte for byte.  Misuse of kernel APIs (lock rules, sleeping in
 * atomic context, leaks, double frees) is recorded as a failure, not a crash.
 */
#ifndef KSHIM_KSHIM_H
#define KSHIM_KSHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct pci_dev;
struct kshim_task;

void kshim_init(uint64_t seed);
unsigned int kshim_fini(void);
/*
 * Restart the PRNG from seed mid-run (logged): what follows is the seed's,
 * e.g. in each fork of one booted run (the stress suite).
 */
void kshim_reseed(uint64_t seed);
uint64_t kshim_seed(void);
uint64_t kshim_rand(void);
uint64_t kshim_now_ns(void);

void kshim_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
unsigned int kshim_failure_count(void);
const char *kshim_failure(unsigned int i);

bool kshim_log_contains(const char *needle);
size_t kshim_log_copy(char *buf, size_t len);
void kshim_log_clear(void);

int kshim_load_modules(void);
void kshim_unload_modules(void);

struct kshim_mmio_ops {
	void *ctx;
	uint32_t (*read32)(void *ctx, uint64_t off);
	void (*write32)(void *ctx, uint64_t off, uint32_t val);
};

/*
 * A PF's SR-IOV extended capability (PCI SR-IOV spec 1.1 §3.3), written into
 * config space at pos; pos 0: the device has none.  VF BAR sizes are per VF
 * and indexed by BAR register: a 64-bit BAR takes its slot and the next.
 */
struct kshim_sriov_desc {
	uint16_t pos;
	uint16_t initial_vfs, total_vfs;
	uint16_t vf_offset, vf_stride, vf_device;
	uint64_t vf_bar_size[6];
	bool vf_bar_64[6];
	/*
	 * What serves the VF BARs: one handler per BAR for all VFs, the offset
	 * counted from VF 0's BAR (VF n's at n * size), as the VF BAR aperture
	 * the capability describes; NULL: reads ~0, logged.
	 */
	const struct kshim_mmio_ops *vf_bar_ops[6];
	/* A VF's function-level reset (pci_try_reset_function); NULL: no FLR. */
	void (*vf_flr)(void *ctx, int vf_id);
	void *vf_flr_ctx;
};

struct kshim_pci_desc {
	uint16_t vendor, device, subsystem_vendor, subsystem_device;
	uint8_t revision;
	uint32_t class_code;
	uint8_t bus, slot, func;
	uint64_t bar_size[6];				/* 0 = absent */
	uint64_t bar_addr[6];				/* 0 = kshim places it */
	const struct kshim_mmio_ops *bar_ops[6];	/* NULL: reads ~0, logged */
	struct kshim_sriov_desc sriov;
	/*
	 * Told the new device before a loaded driver probes it (a hot-add's
	 * owner, whose DMA and interrupt callbacks name it); NULL: not told.
	 */
	void (*added)(void *ctx, struct pci_dev *pdev);
	void *added_ctx;
};

struct pci_dev *kshim_pci_add(const struct kshim_pci_desc *d);
int kshim_pci_probe_result(struct pci_dev *pdev);
void kshim_pci_remove(struct pci_dev *pdev);
void kshim_pci_set_irq(struct pci_dev *pdev, int level);
/*
 * The function sends MSI-X message vector (one vector: 0): delivered to
 * the handler of pci_irq_vector(pdev, 0) while MSI-X is enabled (vectors
 * allocated with PCI_IRQ_MSIX) and unmasked; held pending (PBA) while the
 * vector or the function is masked, sent when both are cleared; dropped
 * while MSI-X is disabled or Bus Master is off (pci_set_master).  kshim_pci_msix_mask sets the vector's mask bit
 * and the Function Mask as a VMM or the host kernel would.
 */
void kshim_pci_msix(struct pci_dev *pdev, unsigned int vector);
void kshim_pci_msix_mask(struct pci_dev *pdev, bool vector_mask, bool function_mask);
bool kshim_pci_msix_pending(struct pci_dev *pdev);
/*
 * What writing n to the PF's sysfs sriov_numvfs does (drivers/pci/iov.c
 * sriov_numvfs_store): range and state checks, then the bound driver's
 * sriov_configure.  0 or the -errno the write would fail with.
 */
int kshim_pci_sriov_numvfs(struct pci_dev *pf, int n);
/* VF vf_id of pf while enabled, else NULL. */
struct pci_dev *kshim_pci_vf(struct pci_dev *pf, int vf_id);
int kshim_dma_read(struct pci_dev *pdev, uint64_t bus_addr, void *buf, size_t len);
int kshim_dma_write(struct pci_dev *pdev, uint64_t bus_addr, const void *buf, size_t len);
/*
 * The CPU address behind [bus_addr, +len) inside one live mapping of pdev,
 * else NULL; valid while the counter kshim_dma_epoch() points at is
 * unchanged (it counts mappings gone: unmapped, freed, torn down).
 */
void *kshim_dma_ptr(struct pci_dev *pdev, uint64_t bus_addr, size_t len);
const uint64_t *kshim_dma_epoch(void);

struct kshim_clock_client {
	void *ctx;
	uint64_t (*next_deadline)(void *ctx);	/* UINT64_MAX: nothing due */
	void (*advance)(void *ctx, uint64_t now_ns);
};
void kshim_add_clock_client(const struct kshim_clock_client *c);
void kshim_remove_clock_client(void *ctx);

struct kshim_task *kshim_task_start(const char *name, int (*fn)(void *), void *arg);
int kshim_task_join(struct kshim_task *t);
void kshim_run_for(uint64_t ns);
void kshim_settle(void);
/*
 * true when kshim runs tasks on threads, all at once (-Dtsan_sync=threads):
 * interleavings are then the OS's, not the seed's, and interrupts arrive on
 * their own thread; false for the default fibers, deterministic per seed.
 */
bool kshim_threaded(void);
/*
 * How often the calling task, blocked, was made runnable by a wake-up of
 * what it waited on (timeouts not counted); 0 outside a task.  A wake-up
 * that finds its condition still false and sleeps again counts too: what
 * a test of who gets woken counts.
 */
unsigned long kshim_wakes(void);

void kshim_set_firmware_dir(const char *dir);
/*
 * Set module parameter `name` of module `modname` as `modprobe` would
 * (before kshim_load_modules).  Returns 0, or -ENOENT for an unknown
 * parameter, -EINVAL for a value its type cannot hold.  kshim_fini()
 * restores every parameter's compiled-in value.
 */
int kshim_set_param(const char *modname, const char *name, const char *value);
void kshim_alloc_fail_after(long n);
/*
 * Allocation failure injection by class (docs/testing.md "Fault injection"):
 * HEAP is kmalloc, kzalloc, krealloc, vmalloc and kvmalloc; DMA is
 * dma_alloc_coherent; FIRMWARE is each request_firmware call (it then fails
 * with -ENOMEM); ANY is all of them.  kshim_alloc_fail_nth(c, n) makes the
 * n-th next allocation of class c fail (0 = the next; -1 off), one armed per
 * class; kshim_alloc_fail_after(n) is kshim_alloc_fail_nth(ANY, n).
 * kshim_alloc_count(c) counts the allocations of c attempted since
 * kshim_init (failed ones included): run once to count a phase's sites.
 * kshim_fini disarms and resets both, and the watch below.
 */
enum kshim_alloc_class {
	KSHIM_ALLOC_ANY,
	KSHIM_ALLOC_HEAP,
	KSHIM_ALLOC_DMA,
	KSHIM_ALLOC_FIRMWARE,
	KSHIM_ALLOC_NCLASSES
};
void kshim_alloc_fail_nth(enum kshim_alloc_class c, long n);
unsigned long kshim_alloc_count(enum kshim_alloc_class c);
/* Called with each allocation attempt's class and call site while set (NULL: off). */
typedef void (*kshim_alloc_watch_fn)(void *ctx, enum kshim_alloc_class c, const char *file,
				     int line);
void kshim_alloc_watch(kshim_alloc_watch_fn fn, void *ctx);
size_t kshim_bytes_allocated(void);
/* Whether DMA memory comes from the page arena (mem.c): not under ASan, TSan or valgrind. */
bool kshim_mem_arena(void);
ssize_t kshim_debugfs_read(const char *path, char *buf, size_t len);
ssize_t kshim_debugfs_write(const char *path, const char *buf, size_t len);

#endif /* KSHIM_KSHIM_H */
