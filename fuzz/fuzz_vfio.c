// SPDX-License-Identifier: MIT
/*
 * (f) The guest-facing side of nvidia-vgpu-vfio (driver/vgpu/vfio.c): what a
 * VMM (and through it a guest) hands the VFIO device, driven through
 * kshim's VMM side (kshim/vfio.h) as conformance/test_vgpumgr.c drives it.
 * The GPU (AD102, 570.144, nvcore.vgpu=2, two VFs, the manager and the
 * VFIO driver bound) boots once per process; every input starts with VF 0
 * closed and without a vGPU type and ends the same way, so inputs do not
 * see each other (each open builds the vGPU, its config space and, through
 * vfio-pci-core's enable, an FLR that clears the VF's registers).
 *
 *   byte 0: the vGPU type chosen for VF 0 (index into the chip's table)
 *   then ops, each a byte (value % OP_NUM) and its arguments:
 *   OPEN                 kshim_vfio_open (at most two opens held)
 *   CLOSE                kshim_vfio_close of one of them
 *   CFG   flags:u8 off:u16 val:u32   config space: flags bit 0 write,
 *                        bits 1-2 size 1, 2, 4 or (3) the byte bits 3-7
 *   BAR0  flags:u8 off:u32 val:u32   BAR0 (the trapped registers): flags
 *                        bit 0 write, bits 1-2 the size as for CFG, bits
 *                        3-4 the offset: the doorbell, off in the VF's
 *                        register window (aligned), off as it is
 *   REGION index:u8 off:u32 count:u8 write:u8   any region index (the
 *                        BAR1/BAR3 paths vfio-pci-core serves included)
 *   IOCTL cmd:u8 fd:u8 bytes[IOCTL_BYTES]   cmd: GET_INFO, GET_REGION_INFO,
 *                        GET_IRQ_INFO, SET_IRQS, RESET, or (else) the
 *                        bytes' first word as the command; the bytes are
 *                        the argument (argsz, flags, index, ...: all
 *                        fuzzed); for SET_IRQS, fd picks the eventfd
 *                        written at data[0]: ours, -1 or a closed one
 *   IRQ   level:u8       the VF's interrupt line (MSI-X to the eventfd)
 *   RUN   us:u8          virtual time passes (us * 100 µs)
 *   TYPE  what:u8        current_vgpu_type: store the type with that index,
 *                        "0" or garbage, or read it / creatable_vgpu_types
 *
 * Findings beside crashes and sanitizer reports (each aborts):
 *  - kshim records a leak or kernel-API misuse;
 *  - a type store succeeds while the vGPU exists (spec/vgpu.md §1.5: -EBUSY);
 *  - a doorbell token at or past the vGPU's channels reaches the hardware,
 *    or anything reaches VF 1's doorbell or resets (never opened here);
 *  - an ioctl writes past the argsz it was given (the VFIO uAPI: the
 *    kernel fills at most argsz bytes);
 *  - the model records a protocol violation (nothing a guest does may
 *    make the host driver break the protocol);
 *  - memory still allocated after the input closed everything.
 */
#include <sys/eventfd.h>
#include <unistd.h>

#include <kshim/sysfs.h>
#include <kshim/vfio.h>
#include <linux/vfio.h>
#include <linux/vfio_pci_core.h>

#include "common.h"
#include "harness.h"
#include "nvvgpu.h"
#include "nvvgpu_fw.h"

enum { OP_OPEN, OP_CLOSE, OP_CFG, OP_BAR0, OP_REGION, OP_IOCTL, OP_IRQ, OP_RUN, OP_TYPE, OP_NUM };

#define IOCTL_BYTES	48
#define ARG_SIZE	256
#define CLOSED_FD	4095	/* no process of ours has that many open */

static struct {
	bool up;
	struct nvh h;
	struct pci_dev *vf, *vf1;
	struct vfio_device *vd;
	struct nvvgpu_type types[NVVGPU_MAX_VGPU_TYPES_PER_PGPU];
	int ntypes;
	int efd;
	unsigned int violations;
	struct gspm_vf_state vf1_state;	/* VF 1's, after the boot */
} g;

static struct {
	unsigned int opens;
	struct nvvgpu_vgpu_info info;
} s;

static void die(const char *what)
{
	unsigned int i;

	for (i = 0; i < kshim_failure_count(); i++)
		fprintf(stderr, "kshim failure: %s\n", kshim_failure(i));
	fprintf(stderr, "fuzz_vfio: %s\n", what);
	abort();
}

static void set_vgpu(struct nvh *h)
{
	if (kshim_set_param("nvcore", "vgpu", "2"))
		die("nvcore.vgpu=2 refused");
}

static void boot(void)
{
	struct nvh_opts o = nvh_defaults();

	o.chip = GSPM_CHIP_AD102;	/* vGPU runs on AD102 and GH100 with 570.144 (docs/vgpu.md) */
	o.fw_release = "570.144";
	o.strict = false;
	o.before_probe = set_vgpu;
	nvh_start(&g.h, &o);
	if (g.h.probe_ret || nvvgpu_register() || nvvgpu_vfio_register())
		die("the GPU or the vGPU manager did not come up");
	kshim_settle();
	if (kshim_pci_sriov_numvfs(g.h.pdev, 2))
		die("enabling two VFs failed");
	kshim_settle();
	g.vf = kshim_pci_vf(g.h.pdev, 0);
	g.vf1 = kshim_pci_vf(g.h.pdev, 1);
	g.vd = g.vf ? kshim_vfio_device(g.vf) : NULL;
	g.ntypes = nvvgpu_types_of(g.h.pdev, g.types, NVVGPU_MAX_VGPU_TYPES_PER_PGPU);
	g.efd = eventfd(0, EFD_NONBLOCK);
	if (!g.vd || !g.vf1 || g.ntypes < 1 || g.efd < 0)
		die("no VFIO device, second VF, type table or eventfd");
	g.violations = gspm_violation_count(g.h.m);
	gspm_vf_state(g.h.m, 1, &g.vf1_state);
	g.up = true;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("NVCORE_BUNDLE_DIR", "off", 1);
	return 0;
}

static ssize_t store_type(const char *val)
{
	return kshim_sysfs_write(&g.vf->dev, "nvidia/current_vgpu_type", val, strlen(val));
}

static void type_name(char *buf, size_t len, unsigned int index)
{
	snprintf(buf, len, "%u", g.types[index % (unsigned int)g.ntypes].id);
}

/* Sizes 1, 2, 4 or the flags' top bits as they are. */
static size_t access_size(u8 flags)
{
	static const size_t sizes[] = { 1, 2, 4 };
	unsigned int sel = (flags >> 1) & 3;

	return sel < 3 ? sizes[sel] : flags >> 3;
}

static void region_rw(unsigned int index, u64 off, size_t count, bool write, u32 val)
{
	struct gspm_vf_state was, now;
	u8 buf[ARG_SIZE];
	ssize_t ret;

	if (count > sizeof(buf))
		count = sizeof(buf);
	memset(buf, 0, sizeof(buf));
	memcpy(buf, &val, sizeof(val));
	off += VFIO_PCI_INDEX_TO_OFFSET(index);
	gspm_vf_state(g.h.m, 0, &was);
	if (write)
		ret = kshim_vfio_pwrite(g.vd, buf, count, off);
	else
		ret = kshim_vfio_pread(g.vd, buf, count, off);
	if (ret > (ssize_t)count)
		die("a region access returned more than it was asked for");
	gspm_vf_state(g.h.m, 0, &now);
	if (now.doorbells != was.doorbells && now.last_token >= s.info.num_channels)
		die("a doorbell token past the vGPU's channels reached the hardware");
}

static void op_bar0(struct fzin *in)
{
	u8 flags = fz_u8(in);
	u32 off = fz_u32(in), val = fz_u32(in);

	switch ((flags >> 3) & 3) {
	case 0:
		off = NVVGPU_VF_DOORBELL;
		break;
	case 1:
		off = off % NVVGPU_VF_REGS_END & ~3u;
		break;
	}
	region_rw(VFIO_PCI_BAR0_REGION_INDEX, off, access_size(flags), flags & 1, val);
}

static void op_ioctl(struct fzin *in)
{
	static const unsigned int cmds[] = { VFIO_DEVICE_GET_INFO, VFIO_DEVICE_GET_REGION_INFO,
					     VFIO_DEVICE_GET_IRQ_INFO, VFIO_DEVICE_SET_IRQS,
					     VFIO_DEVICE_RESET };
	_Alignas(8) u8 arg[ARG_SIZE], before[ARG_SIZE];
	u8 sel = fz_u8(in), fdsel = fz_u8(in);
	unsigned int cmd;
	u32 argsz;
	int32_t fd;

	memset(arg, 0xa5, sizeof(arg));
	fz_take(in, arg, IOCTL_BYTES);
	memcpy(&argsz, arg, 4);
	if (sel % (ARRAY_SIZE(cmds) + 1) < ARRAY_SIZE(cmds))
		cmd = cmds[sel % (ARRAY_SIZE(cmds) + 1)];
	else
		cmd = argsz;
	if (cmd == VFIO_DEVICE_SET_IRQS) {
		fd = fdsel % 3 == 0 ? g.efd : fdsel % 3 == 1 ? -1 : CLOSED_FD;
		memcpy(arg + offsetof(struct vfio_irq_set, data), &fd, sizeof(fd));
	}
	memcpy(before, arg, sizeof(arg));
	kshim_vfio_ioctl(g.vd, cmd, arg);
	/* The uAPI's contract: at most argsz bytes of the argument are written. */
	if (argsz < sizeof(arg) && memcmp(arg + argsz, before + argsz, sizeof(arg) - argsz))
		die("an ioctl wrote past the argsz it was given");
}

static void op_type(struct fzin *in)
{
	u8 what = fz_u8(in);
	char buf[4096];
	ssize_t ret;

	switch (what & 3) {
	case 0:
		type_name(buf, sizeof(buf), what >> 2);
		ret = store_type(buf);
		break;
	case 1:
		ret = store_type("0");
		break;
	case 2:
		ret = store_type("4294967297");
		break;
	default:
		kshim_sysfs_read(&g.vf->dev, what & 4 ? "nvidia/creatable_vgpu_types" :
				 "nvidia/current_vgpu_type", buf, sizeof(buf));
		return;
	}
	if (s.opens && ret >= 0)
		die("current_vgpu_type changed while the vGPU exists");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fzin in = { data, size };
	struct gspm_vf_state other;
	char type[16];
	size_t bytes;
	u64 drained;

	if (!g.up)
		boot();
	kshim_log_clear();
	memset(&s, 0, sizeof(s));
	bytes = kshim_bytes_allocated();
	type_name(type, sizeof(type), fz_u8(&in));
	if (store_type(type) < 0)
		die("choosing VF 0's type failed");

	while (in.n) {
		switch (fz_u8(&in) % OP_NUM) {
		case OP_OPEN:
			if (s.opens < 2 && !kshim_vfio_open(g.vd)) {
				s.opens++;
				if (nvvgpu_info(g.vf, &s.info))
					die("open succeeded without a vGPU");
			}
			break;
		case OP_CLOSE:
			if (s.opens) {
				kshim_vfio_close(g.vd);
				s.opens--;
			}
			break;
		case OP_CFG: {
			u8 flags = fz_u8(&in);
			u16 off = fz_u16(&in);

			region_rw(VFIO_PCI_CONFIG_REGION_INDEX, off, access_size(flags), flags & 1,
			       fz_u32(&in));
			break;
		}
		case OP_BAR0:
			op_bar0(&in);
			break;
		case OP_REGION: {
			u8 index = fz_u8(&in);
			u32 off = fz_u32(&in);
			u8 count = fz_u8(&in);

			region_rw(index, off, count, fz_u8(&in) & 1, 0);
			break;
		}
		case OP_IOCTL:
			op_ioctl(&in);
			break;
		case OP_IRQ:
			kshim_pci_set_irq(g.vf, fz_u8(&in) & 1);
			kshim_run_for(1000);
			break;
		case OP_RUN:
			kshim_run_for((u64)fz_u8(&in) * 100000);
			break;
		case OP_TYPE:
			op_type(&in);
			break;
		}
	}

	/* Back to where every input starts: VF 0 closed, no type, the line low. */
	kshim_pci_set_irq(g.vf, 0);
	while (s.opens--)
		kshim_vfio_close(g.vd);
	if (store_type("0") < 0)
		die("clearing VF 0's type failed");
	kshim_settle();
	while (read(g.efd, &drained, sizeof(drained)) == sizeof(drained))
		;
	gspm_vf_state(g.h.m, 1, &other);
	if (memcmp(&other, &g.vf1_state, sizeof(other)))
		die("VF 1, never opened, saw a doorbell or a reset");
	if (gspm_violation_count(g.h.m) != g.violations)
		die("the model recorded a protocol violation");
	if (kshim_failure_count())
		die("kshim reported a leak or kernel-API misuse");
	if (kshim_bytes_allocated() != bytes)
		die("memory still allocated after the VF closed");
	return 0;
}
