// SPDX-License-Identifier: MIT
/*
 * nvvfio-test: the VMM's side of a vGPU in the ci/vm-test guest.  Opens each
 * VF given on the command line through the kernel's VFIO uAPI (type1
 * container and group: Debian's 6.12 kernels have CONFIG_VFIO_CONTAINER=y
 * and no IOMMUFD), as QEMU's vfio-pci would, and checks what the VFIO
 * variant driver (driver/vgpu/vfio.c, docs/vgpu.md) offers:
 *   - device info: a PCI device with the 9 vfio-pci regions
 *   - region info: BAR0 trapped (read/write, no mmap) and as large as the
 *     VF's BAR0 in sysfs; BAR1 and BAR3 mmap-able, no larger than the VF's;
 *     config space readable
 *   - config space: the VF's vendor, device and class as sysfs shows them
 *   - BAR0: the doorbell (0x30090) takes channel token 0 and refuses a
 *     token the vGPU does not own (-EINVAL); a 2-byte access is refused
 *   - VFIO_DEVICE_RESET succeeds
 * then closes device, group and container (closing destroys the vGPU).
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
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/pci_regs.h>
#include <linux/vfio.h>

#define DOORBELL	0x30090u	/* NV_VIRTUAL_FUNCTION doorbell (docs/vgpu.md) */
#define BAD_TOKEN	0xffffu		/* no vGPU type has that many channels */

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

#define FAIL(...) do { failures++; say("FAIL " __VA_ARGS__); } while (0)

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

static void test_vf(const char *vf)
{
	struct vfio_group_status gs = { .argsz = sizeof(gs) };
	struct vfio_device_info di = { .argsz = sizeof(di) };
	struct vfio_region_info ri[VFIO_PCI_NUM_REGIONS];
	char path[64];
	int container = -1, group = -1, dev = -1, g, before = failures;

	vf_name = vf;
	g = iommu_group();
	if (g < 0) {
		FAIL("no IOMMU group (is the guest booted with intel_iommu=on?)");
		return;
	}
	say("IOMMU group %d", g);
	container = open("/dev/vfio/vfio", O_RDWR);
	if (container < 0) {
		FAIL("open /dev/vfio/vfio: %s", strerror(errno));
		return;
	}
	if (ioctl(container, VFIO_GET_API_VERSION) != VFIO_API_VERSION ||
	    ioctl(container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) != 1) {
		FAIL("the container offers no VFIO API %d with type1v2", VFIO_API_VERSION);
		goto out;
	}
	snprintf(path, sizeof(path), "/dev/vfio/%d", g);
	group = open(path, O_RDWR);
	if (group < 0) {
		FAIL("open %s: %s", path, strerror(errno));
		goto out;
	}
	if (ioctl(group, VFIO_GROUP_GET_STATUS, &gs) || !(gs.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		FAIL("group %d not viable (another device of it is not bound to VFIO)", g);
		goto out;
	}
	if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container) ||
	    ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU)) {
		FAIL("attaching group %d to a type1v2 container: %s", g, strerror(errno));
		goto out;
	}
	/* Opening the device creates the vGPU (docs/vgpu.md). */
	dev = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, vf);
	if (dev < 0) {
		FAIL("VFIO_GROUP_GET_DEVICE_FD: %s", strerror(errno));
		goto out;
	}
	say("opened: vGPU created");
	if (ioctl(dev, VFIO_DEVICE_GET_INFO, &di) || !(di.flags & VFIO_DEVICE_FLAGS_PCI) ||
	    di.num_regions < VFIO_PCI_NUM_REGIONS) {
		FAIL("device info: flags 0x%x, %u regions (%s)", di.flags, di.num_regions,
		     strerror(errno));
		goto out;
	}
	say("device info: flags 0x%x, %u regions, %u irqs", di.flags, di.num_regions, di.num_irqs);
	check_regions(dev, ri);
	check_config(dev, ri[VFIO_PCI_CONFIG_REGION_INDEX].offset);
	check_bar0(dev, ri[VFIO_PCI_BAR0_REGION_INDEX].offset);
	if (ioctl(dev, VFIO_DEVICE_RESET))
		FAIL("VFIO_DEVICE_RESET: %s", strerror(errno));
	else
		say("VFIO_DEVICE_RESET ok");
out:
	if (dev >= 0 && close(dev))
		FAIL("close device: %s", strerror(errno));
	if (group >= 0)
		close(group);
	close(container);
	if (failures == before)
		say("ok");
}

int main(int argc, char **argv)
{
	int i;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fprintf(argc < 2 ? stderr : stdout,
			"usage: nvvfio-test VF...  (PCI addresses of VFs bound to nvidia-vgpu-vfio)\n");
		return argc < 2 ? 2 : 0;
	}
	for (i = 1; i < argc; i++)
		test_vf(argv[i]);
	return failures ? 1 : 0;
}
