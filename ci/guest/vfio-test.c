// SPDX-License-Identifier: MIT
/*
 * nvvfio-test: the VMMs' side of vGPUs in the ci/vm-test guest.  Opens every
 * VF given on the command line at once through the kernel's VFIO uAPI (a
 * type1 container and group each: Debian's 6.12 kernels have
 * CONFIG_VFIO_CONTAINER=y and no IOMMUFD), as one QEMU vfio-pci per VM
 * would, and checks what the VFIO variant driver (driver/vgpu/vfio.c,
 * docs/vgpu.md) offers:
 *   - device info: a PCI device with the 9 vfio-pci regions
 *   - region info: BAR0 trapped (read/write, no mmap) and as large as the
 *     VF's BAR0 in sysfs; BAR1 and BAR3 mmap-able, no larger than the VF's;
 *     config space readable
 *   - config space: the VF's vendor, device and class as sysfs shows them
 *   - BAR0: the doorbell (0x30090) takes channel token 0 and refuses a
 *     token the vGPU does not own (-EINVAL); a 2-byte access is refused
 *   - with every VF open: each VF's MSI-X vector on an eventfd
 *     (VFIO_DEVICE_SET_IRQS), the doorbell vector 0x81 enabled in the VF's
 *     CPU interrupt tree (leaf 4 bit 1, subtree 2: dev_vm.h); ROUNDS rounds,
 *     each ringing every VF in turn (clear the leaf, ring the doorbell) and
 *     then waiting for every VF's message; each eventfd must count exactly
 *     ROUNDS (one MSI-X message per doorbell, none from another VF); with
 *     MSI-X off (SET_IRQS DATA_NONE, count 0) a doorbell adds nothing
 *   - BAR1: a word written through the region (pwrite) and through an mmap
 *     of it reads back on its VF; the other VF's BAR1 holds its own word
 *   - VFIO_DEVICE_RESET succeeds
 * then closes devices, groups and containers (closing destroys the vGPUs).
 * Every expected value comes from sysfs or docs/vgpu.md, not from the
 * driver's answers.  Prints "NVTEST: vfio ..." lines; the last line per VF
 * is "NVTEST: vfio <VF> ok" or a line with FAIL.
 *
 * Usage: nvvfio-test VF...   (VF: a PCI address, e.g. 0000:01:00.4)
 * Exit: 0 every VF passed, 1 a check failed, 2 usage error.
 * Built statically on the host (ci/guest/mkinitramfs).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/pci_regs.h>
#include <linux/vfio.h>

#define DOORBELL	0x30090u	/* NV_VIRTUAL_FUNCTION doorbell (docs/vgpu.md) */
#define BAD_TOKEN	0xffffu		/* no vGPU type has that many channels */
/* The VF's CPU interrupt tree (OGKM dev_vm.h); vector 0x81 = leaf 4 bit 1, subtree 2. */
#define INTR_LEAF_DB	(0x1000u + 4 * 4)
#define INTR_LEAF_EN_DB	(0x1200u + 4 * 4)
#define INTR_TOP_EN_SET	0x1608u
#define DB_BIT		(1u << 1)
#define DB_SUBTREE	(1u << 2)
#define ROUNDS		3
#define MAX_VFS		8

struct vf {
	const char *name;
	int container, group, dev, efd;
	int failures;
	struct vfio_region_info ri[VFIO_PCI_NUM_REGIONS];
};

static const char *vf_name;
static int failures;

static void say(const char *fmt, ...)
{
	va_list ap;

	printf("NVTEST: vfio %s: ", vf_name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* The failures of the VF being checked (at()) count for its "ok" line too. */
static int *vf_failures;

#define FAIL(...) do { failures++; if (vf_failures) (*vf_failures)++; \
		       say("FAIL " __VA_ARGS__); } while (0)

/* A sysfs attribute of the VF as a number; -1 when unreadable. */
static long long sysfs_num(const char *attr)
{
	char path[PATH_MAX], buf[64];
	FILE *f;
	long long v = -1;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s", vf_name, attr);
	f = fopen(path, "r");
	if (f && fgets(buf, sizeof(buf), f))
		v = strtoll(buf, NULL, 0);
	if (f)
		fclose(f);
	return v;
}

/* Size of the VF's resource n from sysfs "resource" (start end flags lines). */
static unsigned long long sysfs_bar_size(int n)
{
	char path[PATH_MAX];
	unsigned long long start = 0, end = 0, flags;
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource", vf_name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	for (i = 0; i <= n; i++) {
		if (fscanf(f, "%llx %llx %llx", &start, &end, &flags) != 3) {
			start = end = 0;
			break;
		}
	}
	fclose(f);
	return end > start ? end - start + 1 : 0;
}

static int iommu_group(void)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group", vf_name);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -1;
	link[n] = 0;
	return atoi(basename(link));
}

static int cfg_read(int dev, uint64_t cfg_off, unsigned int off, unsigned int size, uint32_t *v)
{
	*v = 0;
	return pread(dev, v, size, (off_t)(cfg_off + off)) == (ssize_t)size ? 0 : -1;
}

static void check_regions(int dev, struct vfio_region_info *ri)
{
	static const char *const names[] = { "BAR0", "BAR1", "BAR2", "BAR3", "BAR4",
					     "BAR5", "ROM", "config", "VGA" };
	unsigned int i;

	for (i = 0; i < VFIO_PCI_NUM_REGIONS; i++) {
		ri[i] = (struct vfio_region_info){ .argsz = sizeof(ri[i]), .index = i };
		if (ioctl(dev, VFIO_DEVICE_GET_REGION_INFO, &ri[i])) {
			FAIL("GET_REGION_INFO %s: %s", names[i], strerror(errno));
			continue;
		}
		say("region %s size 0x%llx offset 0x%llx flags 0x%x", names[i],
		    (unsigned long long)ri[i].size, (unsigned long long)ri[i].offset,
		    ri[i].flags);
	}
	if (ri[0].size != sysfs_bar_size(0))
		FAIL("BAR0 region is 0x%llx bytes, the VF's BAR0 0x%llx",
		     (unsigned long long)ri[0].size, sysfs_bar_size(0));
	if ((ri[0].flags & (VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE |
			    VFIO_REGION_INFO_FLAG_MMAP)) !=
	    (VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE))
		FAIL("BAR0 must be read/write and not mmap-able (trapped): flags 0x%x",
		     ri[0].flags);
	if (!ri[1].size || ri[1].size > sysfs_bar_size(1) ||
	    !(ri[1].flags & VFIO_REGION_INFO_FLAG_MMAP))
		FAIL("BAR1 region 0x%llx flags 0x%x: want mmap-able, 1..0x%llx bytes",
		     (unsigned long long)ri[1].size, ri[1].flags, sysfs_bar_size(1));
	if (ri[3].size != sysfs_bar_size(3) || !(ri[3].flags & VFIO_REGION_INFO_FLAG_MMAP))
		FAIL("BAR3 region 0x%llx flags 0x%x: want mmap-able, the VF's 0x%llx bytes",
		     (unsigned long long)ri[3].size, ri[3].flags, sysfs_bar_size(3));
	if (ri[VFIO_PCI_CONFIG_REGION_INDEX].size < PCI_CFG_SPACE_SIZE ||
	    !(ri[VFIO_PCI_CONFIG_REGION_INDEX].flags & VFIO_REGION_INFO_FLAG_READ))
		FAIL("config region 0x%llx bytes flags 0x%x",
		     (unsigned long long)ri[VFIO_PCI_CONFIG_REGION_INDEX].size,
		     ri[VFIO_PCI_CONFIG_REGION_INDEX].flags);
}

static void check_config(int dev, uint64_t cfg)
{
	uint32_t id, class, pos;

	if (cfg_read(dev, cfg, PCI_VENDOR_ID, 4, &id) || cfg_read(dev, cfg, PCI_CLASS_REVISION, 4, &class)) {
		FAIL("config space read: %s", strerror(errno));
		return;
	}
	say("config vendor 0x%04x device 0x%04x class 0x%06x", id & 0xffff, id >> 16, class >> 8);
	if ((id & 0xffff) != sysfs_num("vendor") || (id >> 16) != sysfs_num("device"))
		FAIL("config ids 0x%08x, sysfs says vendor 0x%llx device 0x%llx", id,
		     sysfs_num("vendor"), sysfs_num("device"));
	if ((class >> 8) != sysfs_num("class"))
		FAIL("config class 0x%06x, sysfs says 0x%llx", class >> 8, sysfs_num("class"));
	/* docs/vgpu.md: one PCIe endpoint capability with FLR. */
	if (cfg_read(dev, cfg, PCI_CAPABILITY_LIST, 1, &pos) || !pos ||
	    cfg_read(dev, cfg, pos, 1, &id) || id != PCI_CAP_ID_EXP)
		FAIL("no PCI Express capability in the config space (list at 0x%x)", pos);
}

static void check_bar0(int dev, uint64_t bar0)
{
	uint32_t v = 0;
	uint16_t half = 0;

	if (pwrite(dev, &v, 4, (off_t)(bar0 + DOORBELL)) != 4)
		FAIL("doorbell with token 0: %s", strerror(errno));
	else
		say("doorbell rung with token 0");
	v = BAD_TOKEN;
	errno = 0;
	if (pwrite(dev, &v, 4, (off_t)(bar0 + DOORBELL)) != -1 || errno != EINVAL)
		FAIL("doorbell with foreign token 0x%x not refused with EINVAL (%s)", v,
		     strerror(errno));
	else
		say("doorbell with foreign token 0x%x refused: EINVAL", v);
	errno = 0;
	if (pread(dev, &half, 2, (off_t)bar0) != -1 || errno != EINVAL)
		FAIL("2-byte BAR0 read not refused with EINVAL (%s)", strerror(errno));
	if (pread(dev, &v, 4, (off_t)(bar0 + DOORBELL)) != 4)
		FAIL("BAR0 read at 0x%x: %s", DOORBELL, strerror(errno));
}

/* What follows is about VF v: its messages and failures. */
static void at(struct vf *v)
{
	vf_name = v->name;
	vf_failures = &v->failures;
}

/* Open one VF: its own container and group, then the device (creates the vGPU). */
static int open_vf(struct vf *v)
{
	struct vfio_group_status gs = { .argsz = sizeof(gs) };
	struct vfio_device_info di = { .argsz = sizeof(di) };
	char path[64];
	int g;

	at(v);
	v->container = v->group = v->dev = v->efd = -1;
	g = iommu_group();
	if (g < 0) {
		FAIL("no IOMMU group (is the guest booted with intel_iommu=on?)");
		return -1;
	}
	say("IOMMU group %d", g);
	v->container = open("/dev/vfio/vfio", O_RDWR);
	if (v->container < 0) {
		FAIL("open /dev/vfio/vfio: %s", strerror(errno));
		return -1;
	}
	if (ioctl(v->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION ||
	    ioctl(v->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) != 1) {
		FAIL("the container offers no VFIO API %d with type1v2", VFIO_API_VERSION);
		return -1;
	}
	snprintf(path, sizeof(path), "/dev/vfio/%d", g);
	v->group = open(path, O_RDWR);
	if (v->group < 0) {
		FAIL("open %s: %s", path, strerror(errno));
		return -1;
	}
	if (ioctl(v->group, VFIO_GROUP_GET_STATUS, &gs) || !(gs.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		FAIL("group %d not viable (another device of it is not bound to VFIO)", g);
		return -1;
	}
	if (ioctl(v->group, VFIO_GROUP_SET_CONTAINER, &v->container) ||
	    ioctl(v->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU)) {
		FAIL("attaching group %d to a type1v2 container: %s", g, strerror(errno));
		return -1;
	}
	/* Opening the device creates the vGPU (docs/vgpu.md). */
	v->dev = ioctl(v->group, VFIO_GROUP_GET_DEVICE_FD, v->name);
	if (v->dev < 0) {
		FAIL("VFIO_GROUP_GET_DEVICE_FD: %s", strerror(errno));
		return -1;
	}
	say("opened: vGPU created");
	if (ioctl(v->dev, VFIO_DEVICE_GET_INFO, &di) || !(di.flags & VFIO_DEVICE_FLAGS_PCI) ||
	    di.num_regions < VFIO_PCI_NUM_REGIONS) {
		FAIL("device info: flags 0x%x, %u regions (%s)", di.flags, di.num_regions,
		     strerror(errno));
		return -1;
	}
	say("device info: flags 0x%x, %u regions, %u irqs", di.flags, di.num_regions, di.num_irqs);
	check_regions(v->dev, v->ri);
	check_config(v->dev, v->ri[VFIO_PCI_CONFIG_REGION_INDEX].offset);
	check_bar0(v->dev, v->ri[VFIO_PCI_BAR0_REGION_INDEX].offset);
	return 0;
}

static int bar0_write(struct vf *v, uint32_t off, uint32_t val)
{
	at(v);
	if (pwrite(v->dev, &val, 4, (off_t)(v->ri[VFIO_PCI_BAR0_REGION_INDEX].offset + off)) != 4) {
		FAIL("BAR0 write 0x%x at 0x%x: %s", val, off, strerror(errno));
		return -1;
	}
	return 0;
}

/* The VF's MSI-X vector 0 on an eventfd (fd), or off (fd < 0: DATA_NONE, count 0). */
static int set_msix(struct vf *v, int fd)
{
	_Alignas(struct vfio_irq_set) uint8_t buf[sizeof(struct vfio_irq_set) + sizeof(int32_t)];
	struct vfio_irq_set *set = (struct vfio_irq_set *)buf;
	int32_t efd = fd;

	memset(buf, 0, sizeof(buf));
	set->argsz = sizeof(buf);
	set->flags = VFIO_IRQ_SET_ACTION_TRIGGER |
		     (fd >= 0 ? VFIO_IRQ_SET_DATA_EVENTFD : VFIO_IRQ_SET_DATA_NONE);
	set->index = VFIO_PCI_MSIX_IRQ_INDEX;
	set->count = fd >= 0;
	memcpy(set->data, &efd, sizeof(efd));
	return ioctl(v->dev, VFIO_DEVICE_SET_IRQS, set);
}

/* What the eventfd counted within ms milliseconds of waiting for want. */
static uint64_t counted(int efd, uint64_t want, int ms)
{
	struct pollfd p = { .fd = efd, .events = POLLIN };
	uint64_t total = 0, n;

	for (int waited = 0; waited <= ms; waited += 50) {
		while (read(efd, &n, sizeof(n)) == sizeof(n))
			total += n;
		if (total >= want && want)
			break;
		poll(&p, 1, 50);
	}
	return total;
}

/* Every VF open: interleaved doorbell rounds, each VF's MSI-X on its own eventfd. */
static void interrupts(struct vf *vfs, int n)
{
	struct vfio_irq_info ii = { .argsz = sizeof(ii), .index = VFIO_PCI_MSIX_IRQ_INDEX };
	uint64_t total[MAX_VFS] = { 0 };
	int i, r;

	for (i = 0; i < n; i++) {
		at(&vfs[i]);
		if (ioctl(vfs[i].dev, VFIO_DEVICE_GET_IRQ_INFO, &ii) || ii.count < 1) {
			FAIL("MSI-X: GET_IRQ_INFO count %u (%s)", ii.count, strerror(errno));
			return;
		}
		vfs[i].efd = eventfd(0, EFD_NONBLOCK);
		if (vfs[i].efd < 0 || set_msix(&vfs[i], vfs[i].efd)) {
			FAIL("MSI-X eventfd through SET_IRQS: %s", strerror(errno));
			return;
		}
		/* check_bar0's doorbell left 0x81 pending: cleared before the enables. */
		if (bar0_write(&vfs[i], INTR_LEAF_DB, DB_BIT) ||
		    bar0_write(&vfs[i], INTR_LEAF_EN_DB, DB_BIT) ||
		    bar0_write(&vfs[i], INTR_TOP_EN_SET, DB_SUBTREE))
			return;
	}
	/*
	 * Each round rings every VF, then waits for each VF's message before the
	 * next: MSIs of one vector that reach a CPU before it took the first one
	 * merge in its local APIC (seen under TCG: a VF whose vector sits on a
	 * vCPU that is not running counted 1 of 3 back-to-back rounds), so one
	 * message per VF is outstanding at a time, as a guest driver waits.
	 */
	for (r = 0; r < ROUNDS; r++) {
		for (i = 0; i < n; i++)
			if (bar0_write(&vfs[i], INTR_LEAF_DB, DB_BIT) || bar0_write(&vfs[i], DOORBELL, 0))
				return;
		for (i = 0; i < n; i++)
			total[i] += counted(vfs[i].efd, 1, 5000);
	}
	for (i = 0; i < n; i++) {
		total[i] += counted(vfs[i].efd, 0, 200);	/* and nothing more */
		at(&vfs[i]);
		if (total[i] != ROUNDS)
			FAIL("MSI-X eventfd counted %llu after %d interleaved doorbell rounds, want %d",
			     (unsigned long long)total[i], ROUNDS, ROUNDS);
		else
			say("MSI-X eventfd counted %d after %d interleaved doorbell rounds", ROUNDS, ROUNDS);
	}
	/* MSI-X off: a doorbell's message reaches no eventfd. */
	at(&vfs[0]);
	if (set_msix(&vfs[0], -1)) {
		FAIL("SET_IRQS DATA_NONE count 0: %s", strerror(errno));
		return;
	}
	if (bar0_write(&vfs[0], INTR_LEAF_DB, DB_BIT) || bar0_write(&vfs[0], DOORBELL, 0))
		return;
	if (counted(vfs[0].efd, 0, 500))
		FAIL("MSI-X disabled, yet the eventfd counted a doorbell");
	else
		say("MSI-X disabled: the doorbell reached no eventfd");
}

/* BAR1: each VF's word, through pwrite and through an mmap, stays its own. */
static void fb_bars(struct vf *vfs, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		uint32_t val = 0xf0000000u | (uint32_t)i;

		at(&vfs[i]);
		if (pwrite(vfs[i].dev, &val, 4, (off_t)vfs[i].ri[VFIO_PCI_BAR1_REGION_INDEX].offset) != 4)
			FAIL("BAR1 write: %s", strerror(errno));
	}
	for (i = 0; i < n; i++) {
		const struct vfio_region_info *b1 = &vfs[i].ri[VFIO_PCI_BAR1_REGION_INDEX];
		uint32_t val = 0, want = 0xf0000000u | (uint32_t)i;
		volatile uint32_t *map;

		at(&vfs[i]);
		if (pread(vfs[i].dev, &val, 4, (off_t)b1->offset) != 4 || val != want) {
			FAIL("BAR1 word 0 reads 0x%08x, this VF wrote 0x%08x (%s)", val, want, strerror(errno));
			continue;
		}
		map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, vfs[i].dev, (off_t)b1->offset);
		if (map == MAP_FAILED) {
			FAIL("mmap of BAR1: %s", strerror(errno));
			continue;
		}
		if (map[0] != want)
			FAIL("BAR1 mmap word 0 reads 0x%08x, want 0x%08x", map[0], want);
		map[1] = want ^ 0xffff;
		munmap((void *)map, 4096);
		if (pread(vfs[i].dev, &val, 4, (off_t)b1->offset + 4) != 4 || val != (want ^ 0xffff))
			FAIL("BAR1 word 1 written through mmap reads 0x%08x through pread", val);
		else
			say("BAR1: its own words through pread/pwrite and mmap");
	}
}

static void close_vf(struct vf *v)
{
	at(v);
	if (v->dev >= 0 && ioctl(v->dev, VFIO_DEVICE_RESET))
		FAIL("VFIO_DEVICE_RESET: %s", strerror(errno));
	else if (v->dev >= 0)
		say("VFIO_DEVICE_RESET ok");
	if (v->efd >= 0)
		close(v->efd);
	if (v->dev >= 0 && close(v->dev))
		FAIL("close device: %s", strerror(errno));
	if (v->group >= 0)
		close(v->group);
	if (v->container >= 0)
		close(v->container);
	if (!v->failures)
		say("ok");
}

int main(int argc, char **argv)
{
	struct vf vfs[MAX_VFS];
	int i, n = argc - 1, opened = 0;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fprintf(argc < 2 ? stderr : stdout,
			"usage: nvvfio-test VF...  (PCI addresses of VFs bound to nvidia-vgpu-vfio, at most %d)\n",
			MAX_VFS);
		return argc < 2 ? 2 : 0;
	}
	if (n > MAX_VFS) {
		fprintf(stderr, "nvvfio-test: %d VFs given, at most %d\n", n, MAX_VFS);
		return 2;
	}
	/* All open at once, as VMs run side by side. */
	for (i = 0; i < n; i++) {
		vfs[i] = (struct vf){ .name = argv[i + 1] };
		if (!open_vf(&vfs[i]))
			opened++;
	}
	if (opened == n) {
		interrupts(vfs, n);
		fb_bars(vfs, n);
	}
	for (i = 0; i < n; i++)
		close_vf(&vfs[i]);
	return failures ? 1 : 0;
}
