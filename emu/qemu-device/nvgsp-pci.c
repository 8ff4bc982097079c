/* SPDX-License-Identifier: MIT */
/*
 * nvgsp-pci: a QEMU PCI device around emu/gsp-model.
 *
 * The device is a thin adapter (DESIGN.md principle 6, "one model, two
 * hosts"): everything a GPU running GSP-RM does lives in the model; this file
 * only binds the model's host interface to QEMU:
 *
 *   model                          QEMU
 *   gspm_mmio_read32/write32   <-  BAR0 MemoryRegionOps (32-bit accesses)
 *   dma_read/dma_write         ->  pci_dma_read/pci_dma_write (bus master AS)
 *   set_irq (level)            ->  MSI on the rising edge when the guest
 *                                  enabled MSI, else the INTx pin (level)
 *   gspm_advance/next_deadline <-> a QEMU_CLOCK_VIRTUAL timer
 *   log                        ->  trace events nvgsp_model_info/debug,
 *                                  error_report for protocol violations and
 *                                  model errors
 *
 * Usage:
 *   -device nvgsp-pci,chip=ga102,fw=535.113.01,fwdir=/lib/firmware,
 *           seed=0x1234,strict=on[,fault=rpc:GSP_RM_CONTROL:drop]
 *           [,trace=customer.jsonl][,sriov=on]
 *   -trace 'nvgsp_*'    the device's trace events (trace-events), e.g. the
 *                       model's info and debug lines
 *
 * sriov=on (ad102, gh100; a PCIe bus, e.g. q35's pcie-root-port): a PCI
 * Express endpoint with the model's SR-IOV capability; its VFs are nvgsp-vf
 * devices whose BAR0 is the model's VF BAR0 aperture (gspm_vf_mmio_*),
 * whose BAR1 and BAR3 are the model's VF framebuffer apertures
 * (gspm_vf_bar_*), whose FLR is gspm_vf_flr and whose one MSI-X vector
 * (table in BAR0, msix_notify) carries the model's vf_msix messages.
 *
 * trace= plays a recorded trace's firmware side (lib/nvtrace/play.h): the
 * register values it recorded (from the first read, polling loops by their
 * count, then as the model's state goes), the trace's replies, dropped and
 * late answers, WPR2 left up, GSP-RM dying before INIT_DONE, so a real
 * kernel in the guest meets what the recorded machine's firmware did.  (Its post-boot events are not queued here: their
 * times are relative to a probe the device cannot see.)
 *
 * The model's clock is the VM's virtual clock minus the time the model was
 * created, so every model instance (also one recreated by a device reset)
 * starts at 0 ns as the in-process harness's does.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie.h"
#include "hw/pci/pcie_sriov.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "qom/object.h"

#include "gspm.h"
#include "nvtrace.h"
#include "play.h"
#include "trace.h"

#define TYPE_NVGSP_PCI "nvgsp-pci"
OBJECT_DECLARE_SIMPLE_TYPE(NvgspState, NVGSP_PCI)
#define TYPE_NVGSP_VF "nvgsp-vf"
OBJECT_DECLARE_SIMPLE_TYPE(NvgspVfState, NVGSP_VF)

/*
 * Config space with sriov=on (PCIe): the PCI Express endpoint capability at
 * 0x78 after MSI; extended space: ARI at 0x100, ACS at 0x108, the SR-IOV
 * capability where the model says the chip has it (gspm_pci_sriov: 0xbcc on
 * AD102, 0x250 on GH100).  The VFs carry the same PCIe (with FLR), ARI and
 * ACS capabilities.
 */
#define NVGSP_PCIE_CAP  0x78
#define NVGSP_ARI_CAP   0x100
#define NVGSP_ACS_CAP   (NVGSP_ARI_CAP + PCI_ARI_SIZEOF)
#define NVGSP_EXT_END   (NVGSP_ACS_CAP + PCI_ACS_SIZEOF)
/*
 * A VF's MSI-X: the table in BAR0 at NV_VIRTUAL_FUNCTION_PRIV_MSIX_TABLE_ADDR_LO(0)
 * = 0x10000 (OGKM gh100 dev_vm.h, 16 bytes an entry).  Assumptions
 * (docs/hw-fidelity.md): one vector (the model's tree sends vector 0), the
 * PBA in the next 4 KiB page, the capability at 0x60 where the PF has MSI.
 */
#define NVGSP_VF_MSIX_CAP     0x60
#define NVGSP_VF_MSIX_TABLE   0x10000
#define NVGSP_VF_MSIX_PBA     0x11000
#define NVGSP_VF_MSIX_VECTORS 1

struct NvgspState {
    PCIDevice parent_obj;

    MemoryRegion bar0;
    MemoryRegion bar1;
    MemoryRegion bar3;
    QEMUTimer timer;

    struct gspm *m;
    struct gspm_config cfg;
    int64_t t0;          /* virtual clock (ns) at which the model's time is 0 */
    bool touched;        /* the guest accessed BAR0 since the model was created */
    int irq_level;       /* the model's line */
    bool msi_was_enabled;
    unsigned int violations_reported;

    /* properties */
    char *chip;
    char *fw;
    char *fwdir;
    char *fault;
    char *trace;         /* a trace whose firmware side the model plays */
    struct nvt_trace *play_trace;
    struct nvt_plan plan;
    struct nvt_play play;
    uint64_t seed;
    uint64_t fb_size;
    bool strict;
    bool sriov;          /* offer SR-IOV (needs a PCIe bus) */
    struct gspm_sriov iov;   /* the model's SR-IOV layout, with sriov=on */
};

/* A VF: BAR0, BAR1 and BAR3 are its slices of the model's VF apertures. */
struct NvgspVfState {
    PCIDevice parent_obj;

    MemoryRegion bar0;
    MemoryRegion bar1;
    MemoryRegion bar3;
    bool was_enabled;    /* VF Enable was set at the VF's last reset */
};

static const char *const chip_names[] = {
    [GSPM_CHIP_GA102] = "ga102",
    [GSPM_CHIP_AD102] = "ad102",
    [GSPM_CHIP_GH100] = "gh100",
    [GSPM_CHIP_GA100] = "ga100",
};

/* ---- host callbacks the model calls ---------------------------------------- */

static int nvgsp_dma_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
    NvgspState *s = ctx;

    return pci_dma_read(PCI_DEVICE(s), addr, buf, len) == MEMTX_OK ? 0 : -1;
}

static int nvgsp_dma_write(void *ctx, uint64_t addr, const void *buf, size_t len)
{
    NvgspState *s = ctx;

    return pci_dma_write(PCI_DEVICE(s), addr, buf, len) == MEMTX_OK ? 0 : -1;
}

/*
 * The model's line is level-triggered.  MSI is an edge: one message per
 * rising edge is enough because the driver clears the cause (IRQSCLR) before
 * it drains the status queue, and the model lowers the line on that clear,
 * so anything posted afterwards is a new rising edge.
 */
static void nvgsp_update_irq(NvgspState *s, bool rising)
{
    PCIDevice *pdev = PCI_DEVICE(s);

    if (msi_enabled(pdev)) {
        pci_set_irq(pdev, 0);
        if (s->irq_level && (rising || !s->msi_was_enabled)) {
            msi_notify(pdev, 0);
        }
        s->msi_was_enabled = true;
    } else {
        s->msi_was_enabled = false;
        pci_set_irq(pdev, s->irq_level);
    }
}

/* A VF's MSI-X message (gspm_host_ops.vf_msix): QEMU applies enable and masks. */
static void nvgsp_vf_msix(void *ctx, int vf_id, unsigned int vector)
{
    PCIDevice *vf = pcie_sriov_get_vf_at_index(PCI_DEVICE(ctx), vf_id);

    if (!vf || vector >= NVGSP_VF_MSIX_VECTORS) {
        return;
    }
    trace_nvgsp_vf_msix(vf_id, vector, msix_enabled(vf), msix_is_masked(vf, vector));
    msix_notify(vf, vector);
}

static void nvgsp_set_irq(void *ctx, int level)
{
    NvgspState *s = ctx;
    bool rising = level && !s->irq_level;

    trace_nvgsp_irq(level, msi_enabled(PCI_DEVICE(s)));
    s->irq_level = !!level;
    nvgsp_update_irq(s, rising);
}

static void nvgsp_log(void *ctx, enum gspm_log_level level, const char *msg)
{
    NvgspState *s = ctx;

    switch (level) {
    case GSPM_LOG_VIOLATION:
        /* The guest driver broke the protocol: a guest error, always shown. */
        error_report("nvgsp-pci %s: protocol violation: %s",
                     DEVICE(s)->canonical_path ?: TYPE_NVGSP_PCI, msg);
        qemu_log_mask(LOG_GUEST_ERROR, "nvgsp-pci: %s\n", msg);
        break;
    case GSPM_LOG_ERROR:
        error_report("nvgsp-pci: model error: %s", msg);
        break;
    case GSPM_LOG_INFO:
        trace_nvgsp_model_info(msg);
        break;
    case GSPM_LOG_DEBUG:
        trace_nvgsp_model_debug(msg);
        break;
    }
}

/* ---- clock ----------------------------------------------------------------- */

static uint64_t nvgsp_now(NvgspState *s)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - s->t0;

    return now > 0 ? now : 0;
}

/* Let the model run up to now, then sleep until it next needs to run. */
static void nvgsp_run(NvgspState *s)
{
    uint64_t now, dl;

    if (!s->m) {
        return;
    }
    now = nvgsp_now(s);
    gspm_advance(s->m, now);
    dl = gspm_next_deadline(s->m);
    if (dl == UINT64_MAX) {
        timer_del(&s->timer);
        return;
    }
    /* A deadline the model did not consume at now must not spin the loop. */
    if (dl <= now) {
        dl = now + 1;
    }
    timer_mod(&s->timer, s->t0 + dl);
}

static void nvgsp_timer_cb(void *opaque)
{
    nvgsp_run(opaque);
}

/* ---- BAR0 ------------------------------------------------------------------ */

/* Before a register access (PF or VF): the model runs up to now. */
static void nvgsp_catch_up(NvgspState *s)
{
    s->touched = true;
    gspm_advance(s->m, nvgsp_now(s));
}

static uint64_t nvgsp_bar0_read(void *opaque, hwaddr addr, unsigned size)
{
    NvgspState *s = opaque;
    uint32_t val;

    if (!s->m) {
        return UINT32_MAX;      /* what a GPU that fell off the bus reads */
    }
    nvgsp_catch_up(s);
    val = gspm_mmio_read32(s->m, addr);
    if (s->play_trace) {
        /* The model saw the read; the guest gets what the trace recorded. */
        val = nvt_play_read(&s->play, addr, val);
    }
    trace_nvgsp_bar0_read(addr, val);
    nvgsp_run(s);
    return val;
}

static void nvgsp_bar0_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    NvgspState *s = opaque;

    if (!s->m) {
        return;
    }
    trace_nvgsp_bar0_write(addr, val);
    nvgsp_catch_up(s);
    if (s->play_trace) {
        nvt_play_write(&s->play, addr, val);
    }
    gspm_mmio_write32(s->m, addr, val);
    nvgsp_run(s);
}

static const MemoryRegionOps nvgsp_bar0_ops = {
    .read = nvgsp_bar0_read,
    .write = nvgsp_bar0_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    /* GPU registers are 32 bits wide; the driver uses readl/writel only. */
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

/*
 * BAR1 (FB aperture) and BAR3 (RM's instance-memory aperture) exist so the
 * guest sees the real BAR layout and the driver can hand their addresses to
 * GSP-RM; the model does not back them.  Reads return 0, writes are dropped.
 */
static uint64_t nvgsp_aperture_read(void *opaque, hwaddr addr, unsigned size)
{
    qemu_log_mask(LOG_UNIMP, "nvgsp-pci: aperture read at 0x%" HWADDR_PRIx
                  " is not backed\n", addr);
    return 0;
}

static void nvgsp_aperture_write(void *opaque, hwaddr addr, uint64_t val,
                                 unsigned size)
{
    qemu_log_mask(LOG_UNIMP, "nvgsp-pci: aperture write at 0x%" HWADDR_PRIx
                  " is not backed\n", addr);
}

static const MemoryRegionOps nvgsp_aperture_ops = {
    .read = nvgsp_aperture_read,
    .write = nvgsp_aperture_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
};

/* ---- SR-IOV: the VFs ------------------------------------------------------- */

/*
 * A VF's BAR0 is its slice of the model's VF BAR0 aperture (gspm.h:
 * VF n's register r at n * vf_bar0_size + r), the same functions the
 * userspace harness calls; the model's clock runs as for the PF's BAR0.
 */
static uint64_t nvgsp_vf_bar0_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIDevice *vf = opaque;
    NvgspState *s = NVGSP_PCI(pcie_sriov_get_pf(vf));
    unsigned int n = pcie_sriov_vf_number(vf);
    uint32_t val;

    if (!s->m) {
        return UINT32_MAX;
    }
    nvgsp_catch_up(s);
    val = gspm_vf_mmio_read32(s->m, n * s->iov.vf_bar0_size + addr);
    trace_nvgsp_vf_bar0_read(n, addr, val);
    nvgsp_run(s);
    return val;
}

static void nvgsp_vf_bar0_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    PCIDevice *vf = opaque;
    NvgspState *s = NVGSP_PCI(pcie_sriov_get_pf(vf));
    unsigned int n = pcie_sriov_vf_number(vf);

    if (!s->m) {
        return;
    }
    trace_nvgsp_vf_bar0_write(n, addr, val);
    nvgsp_catch_up(s);
    gspm_vf_mmio_write32(s->m, n * s->iov.vf_bar0_size + addr, val);
    nvgsp_run(s);
}

static const MemoryRegionOps nvgsp_vf_bar0_ops = {
    .read = nvgsp_vf_bar0_read,
    .write = nvgsp_vf_bar0_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

/*
 * A VF's BAR1 and BAR3: its slices of the model's VF framebuffer apertures
 * (gspm_vf_bar_*, 32-bit words); narrower accesses are the word's bytes, a
 * narrower write a read-modify-write of its word.
 */
static uint64_t nvgsp_vf_fb_read(PCIDevice *vf, int bar, uint64_t bar_size,
                                 hwaddr addr, unsigned size)
{
    NvgspState *s = NVGSP_PCI(pcie_sriov_get_pf(vf));
    uint64_t base = pcie_sriov_vf_number(vf) * bar_size;
    uint32_t word;

    if (!s->m) {
        return UINT32_MAX;
    }
    nvgsp_catch_up(s);
    word = gspm_vf_bar_read32(s->m, bar, base + (addr & ~3ull));
    return extract32(word, (addr & 3) * 8, size * 8);
}

static void nvgsp_vf_fb_write(PCIDevice *vf, int bar, uint64_t bar_size,
                              hwaddr addr, uint64_t val, unsigned size)
{
    NvgspState *s = NVGSP_PCI(pcie_sriov_get_pf(vf));
    uint64_t base = pcie_sriov_vf_number(vf) * bar_size + (addr & ~3ull);
    uint32_t word = val;

    if (!s->m) {
        return;
    }
    nvgsp_catch_up(s);
    if (size < 4) {
        word = deposit32(gspm_vf_bar_read32(s->m, bar, base), (addr & 3) * 8,
                         size * 8, val);
    }
    gspm_vf_bar_write32(s->m, bar, base, word);
}

static uint64_t nvgsp_vf_bar1_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIDevice *vf = opaque;

    return nvgsp_vf_fb_read(vf, 1, NVGSP_PCI(pcie_sriov_get_pf(vf))->iov.vf_bar1_size,
                            addr, size);
}

static void nvgsp_vf_bar1_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    PCIDevice *vf = opaque;

    nvgsp_vf_fb_write(vf, 1, NVGSP_PCI(pcie_sriov_get_pf(vf))->iov.vf_bar1_size,
                      addr, val, size);
}

static uint64_t nvgsp_vf_bar3_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIDevice *vf = opaque;

    return nvgsp_vf_fb_read(vf, 3, NVGSP_PCI(pcie_sriov_get_pf(vf))->iov.vf_bar2_size,
                            addr, size);
}

static void nvgsp_vf_bar3_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    PCIDevice *vf = opaque;

    nvgsp_vf_fb_write(vf, 3, NVGSP_PCI(pcie_sriov_get_pf(vf))->iov.vf_bar2_size,
                      addr, val, size);
}

/* Accesses of up to 4 bytes within a 32-bit word (8-byte ones QEMU splits). */
static const MemoryRegionOps nvgsp_vf_bar1_ops = {
    .read = nvgsp_vf_bar1_read,
    .write = nvgsp_vf_bar1_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 4, .unaligned = false },
};

static const MemoryRegionOps nvgsp_vf_bar3_ops = {
    .read = nvgsp_vf_bar3_read,
    .write = nvgsp_vf_bar3_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 4, .unaligned = false },
};

/* The ACS extended capability, no capability or control bits set. */
static void nvgsp_acs_init(PCIDevice *pdev)
{
    /*
     * An ACS capability with no control bits tells the guest the function
     * does no peer-to-peer (PCIe r4.0 6.12.1.2): Linux then gives each VF
     * an IOMMU group of its own instead of the PF's.
     */
    pcie_add_capability(pdev, PCI_EXT_CAP_ID_ACS, PCI_ACS_VER, NVGSP_ACS_CAP,
                        PCI_ACS_SIZEOF);
}

/*
 * pcie_sriov_pf_init realizes every VF (disabled) before the PF has set
 * the VF BAR types, so the PF registers the VFs' BARs afterwards
 * (nvgsp_sriov_init); realize only builds the regions and config space.
 */
static void nvgsp_vf_realize(PCIDevice *vf, Error **errp)
{
    NvgspVfState *v = NVGSP_VF(vf);
    NvgspState *s = NVGSP_PCI(pcie_sriov_get_pf(vf));
    uint8_t *conf = vf->config;
    struct gspm_pci_id id;

    gspm_pci_identity(s->m, &id);
    /* Vendor and device read 0xffff (SR-IOV 1.1 3.4.1.1, 3.4.1.2). */
    pci_config_set_revision(conf, id.revision);
    pci_config_set_class(conf, id.class_code >> 8);
    pci_config_set_prog_interface(conf, id.class_code & 0xff);
    pci_set_word(conf + PCI_SUBSYSTEM_VENDOR_ID, id.subsystem_vendor);
    pci_set_word(conf + PCI_SUBSYSTEM_ID, id.subsystem_device);

    if (pcie_endpoint_cap_init(vf, NVGSP_PCIE_CAP) < 0) {
        error_setg(errp, "nvgsp-vf: cannot add the PCI Express capability");
        return;
    }
    pcie_cap_flr_init(vf);
    pcie_ari_init(vf, NVGSP_ARI_CAP);
    nvgsp_acs_init(vf);

    memory_region_init_io(&v->bar0, OBJECT(v), &nvgsp_vf_bar0_ops, vf,
                          "nvgsp-vf-bar0", s->iov.vf_bar0_size);
    memory_region_init_io(&v->bar1, OBJECT(v), &nvgsp_vf_bar1_ops, vf,
                          "nvgsp-vf-bar1", s->iov.vf_bar1_size);
    memory_region_init_io(&v->bar3, OBJECT(v), &nvgsp_vf_bar3_ops, vf,
                          "nvgsp-vf-bar3", s->iov.vf_bar2_size);
    if (msix_init(vf, NVGSP_VF_MSIX_VECTORS, &v->bar0, 0, NVGSP_VF_MSIX_TABLE,
                  &v->bar0, 0, NVGSP_VF_MSIX_PBA, NVGSP_VF_MSIX_CAP, errp) < 0) {
        pcie_cap_exit(vf);
        return;
    }
    msix_vector_use(vf, 0);
}

static void nvgsp_vf_exit(PCIDevice *vf)
{
    NvgspVfState *v = NVGSP_VF(vf);

    msix_vector_unuse(vf, 0);
    msix_uninit(vf, &v->bar0, &v->bar0);
    pcie_cap_exit(vf);
}

static void nvgsp_vf_config_write(PCIDevice *vf, uint32_t addr, uint32_t val,
                                  int len)
{
    pci_default_write_config(vf, addr, val, len);
    pcie_cap_flr_write_config(vf, addr, val, len);
}

/*
 * A VF's reset: QEMU resets a VF when VF Enable sets or clears it and on
 * an FLR.  Only a reset of a VF that was and stays enabled (an FLR, or the
 * machine's reset) is the model's VF FLR.
 */
static void nvgsp_vf_reset(DeviceState *dev)
{
    PCIDevice *vf = PCI_DEVICE(dev);
    NvgspVfState *v = NVGSP_VF(dev);
    NvgspState *s = NVGSP_PCI(pcie_sriov_get_pf(vf));
    bool flr = vf->enabled && v->was_enabled;

    v->was_enabled = vf->enabled;
    if (s->m && flr) {
        trace_nvgsp_vf_flr(pcie_sriov_vf_number(vf));
        gspm_vf_flr(s->m, pcie_sriov_vf_number(vf));
    }
}

/* The PF's SR-IOV, ARI, ACS and PCIe capabilities and the VFs (sriov=on). */
static bool nvgsp_sriov_init(NvgspState *s, Error **errp)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    const uint8_t bar64 = PCI_BASE_ADDRESS_SPACE_MEMORY |
                          PCI_BASE_ADDRESS_MEM_TYPE_64 |
                          PCI_BASE_ADDRESS_MEM_PREFETCH;
    unsigned int i;

    gspm_pci_sriov(s->m, &s->iov);
    if (!s->iov.pos) {
        error_setg(errp, "nvgsp-pci: sriov=on: chip %s has no SR-IOV "
                   "capability (ad102 and gh100 have)", s->chip);
        return false;
    }
    if (s->iov.pos < NVGSP_EXT_END ||
        s->iov.pos + PCI_EXT_CAP_SRIOV_SIZEOF > PCIE_CONFIG_SPACE_SIZE) {
        error_setg(errp, "nvgsp-pci: the model's SR-IOV capability at 0x%x "
                   "collides with the device's extended capabilities",
                   s->iov.pos);
        return false;
    }
    if (pcie_endpoint_cap_init(pdev, NVGSP_PCIE_CAP) < 0) {
        error_setg(errp, "nvgsp-pci: cannot add the PCI Express capability");
        return false;
    }
    pcie_ari_init(pdev, NVGSP_ARI_CAP);
    if (!pcie_sriov_pf_init(pdev, s->iov.pos, TYPE_NVGSP_VF, s->iov.vf_device,
                            s->iov.initial_vfs, s->iov.total_vfs,
                            s->iov.first_vf_offset, s->iov.vf_stride, errp)) {
        pcie_cap_exit(pdev);
        return false;
    }
    nvgsp_acs_init(pdev);
    /* The model's VF BARs: 0 (32-bit), 1-2 and 3-4 (64-bit prefetchable). */
    pcie_sriov_pf_init_vf_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY,
                              s->iov.vf_bar0_size);
    pcie_sriov_pf_init_vf_bar(pdev, 1, bar64, s->iov.vf_bar1_size);
    pcie_sriov_pf_init_vf_bar(pdev, 3, bar64, s->iov.vf_bar2_size);
    for (i = 0; i < s->iov.total_vfs; i++) {
        PCIDevice *vf = pdev->exp.sriov_pf.vf[i];
        NvgspVfState *v = NVGSP_VF(vf);

        pcie_sriov_vf_register_bar(vf, 0, &v->bar0);
        pcie_sriov_vf_register_bar(vf, 1, &v->bar1);
        pcie_sriov_vf_register_bar(vf, 3, &v->bar3);
    }
    return true;
}

/* ---- options --------------------------------------------------------------- */

/* ---- model lifetime -------------------------------------------------------- */

static bool nvgsp_create_model(NvgspState *s, Error **errp)
{
    const struct gspm_host_ops ops = {
        .ctx = s,
        .dma_read = nvgsp_dma_read,
        .dma_write = nvgsp_dma_write,
        .set_irq = nvgsp_set_irq,
        .log = nvgsp_log,
        .vf_msix = nvgsp_vf_msix,
    };
    char err[256] = "";

    s->t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    s->touched = false;
    s->violations_reported = 0;
    if (s->play_trace) {
        nvt_play_config(&s->plan, &s->cfg);
    }
    s->m = gspm_create(&s->cfg, &ops, err, sizeof(err));
    if (!s->m) {
        error_setg(errp, "nvgsp-pci: gsp-model: %s", err);
        return false;
    }
    /*
     * fault= is the model's fault spec (gspm.h gspm_fault_arm, parsed
     * there): armed on every model, at realize and after each device reset.
     * alloc: items are refused, the guest kernel's allocator is not ours.
     */
    if (s->fault && *s->fault &&
        gspm_fault_arm(s->m, s->fault, NULL, NULL, err, sizeof(err))) {
        error_setg(errp, "nvgsp-pci: %s", err);
        gspm_destroy(s->m);
        s->m = NULL;
        return false;
    }
    if (s->play_trace) {
        nvt_play_attach(&s->play, &s->plan, s->m);
    }
    return true;
}

static void nvgsp_free_trace(NvgspState *s)
{
    char what[400];
    size_t rec;

    if (s->play_trace && s->play.plan &&
        nvt_play_reads_check(&s->play, what, sizeof(what), &rec)) {
        warn_report("nvgsp-pci: trace %s: the guest's register reads left the trace: %s",
                    s->trace, what);
    }
    nvt_play_free(&s->play);
    nvt_plan_free(&s->plan);
    nvt_free(s->play_trace);
    s->play_trace = NULL;
}

/* The caller settles the interrupt line. */
static void nvgsp_destroy_model(NvgspState *s)
{
    timer_del(&s->timer);
    if (s->m) {
        unsigned int n = gspm_violation_count(s->m);

        if (n) {
            error_report("nvgsp-pci: model ends with %u protocol violation(s)",
                         n);
        }
        gspm_destroy(s->m);
        s->m = NULL;
    }
    s->irq_level = 0;
}

/* ---- PCI ------------------------------------------------------------------- */

static void nvgsp_config_write(PCIDevice *pdev, uint32_t addr, uint32_t val,
                               int len)
{
    NvgspState *s = NVGSP_PCI(pdev);

    pci_default_write_config(pdev, addr, val, len);
    /* MSI switched on or off: move a pending line to the new mechanism. */
    if (msi_enabled(pdev) != s->msi_was_enabled) {
        nvgsp_update_irq(s, false);
    }
}

/*
 * trace=FILE: the trace must be for this chip and release.  On failure what
 * was loaded stays for the caller's unwind (nvgsp_free_trace).
 */
static bool nvgsp_load_trace(NvgspState *s, const char *chip, Error **errp)
{
    char err[512];

    s->play_trace = nvt_load(s->trace, err, sizeof(err));
    if (!s->play_trace) {
        error_setg(errp, "nvgsp-pci: trace: %s", err);
        return false;
    }
    if (strcmp(s->play_trace->h.chip, chip) || strcmp(s->play_trace->h.release, s->fw)) {
        error_setg(errp, "nvgsp-pci: trace %s is for %s with GSP-RM %s, the device is %s "
                   "with %s", s->trace, s->play_trace->h.chip, s->play_trace->h.release,
                   chip, s->fw);
        return false;
    }
    if (nvt_plan_build(s->play_trace, &s->plan)) {
        error_setg(errp, "nvgsp-pci: trace %s: out of memory", s->trace);
        return false;
    }
    return true;
}

static void nvgsp_realize(PCIDevice *pdev, Error **errp)
{
    NvgspState *s = NVGSP_PCI(pdev);
    uint8_t *conf = pdev->config;
    struct gspm_pci_id id;
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(chip_names); i++) {
        if (s->chip && !strcmp(s->chip, chip_names[i])) {
            break;
        }
    }
    if (i == ARRAY_SIZE(chip_names)) {
        error_setg(errp, "nvgsp-pci: chip must be one of ga102, ad102, gh100, "
                   "ga100");
        return;
    }
    if (!s->fw || !*s->fw) {
        error_setg(errp, "nvgsp-pci: fw (the firmware release, e.g. "
                   "535.113.01) is required");
        return;
    }
    /* From here on every failure leaves through the unwind at the end. */
    timer_init_ns(&s->timer, QEMU_CLOCK_VIRTUAL, nvgsp_timer_cb, s);
    if (s->trace && !nvgsp_load_trace(s, chip_names[i], errp)) {
        goto fail_trace;
    }

    s->cfg = (struct gspm_config) {
        .chip = i,
        .fw_release = s->fw,
        .fw_dir = s->fwdir,     /* NULL: the model uses /lib/firmware */
        .fb_size = s->fb_size,
        .seed = s->seed,
        .strict = s->strict,
    };
    if (!nvgsp_create_model(s, errp)) {
        goto fail_trace;
    }

    gspm_pci_identity(s->m, &id);
    pci_config_set_vendor_id(conf, id.vendor);
    pci_config_set_device_id(conf, id.device);
    pci_config_set_revision(conf, id.revision);
    pci_config_set_class(conf, id.class_code >> 8);
    pci_config_set_prog_interface(conf, id.class_code & 0xff);
    pci_set_word(conf + PCI_SUBSYSTEM_VENDOR_ID, id.subsystem_vendor);
    pci_set_word(conf + PCI_SUBSYSTEM_ID, id.subsystem_device);
    pci_config_set_interrupt_pin(conf, 1);

    /*
     * Config space:
     *   0x40..0x5f  free
     *   0x60        MSI (1 vector, 64-bit), placed by msi_init
     *   0x78        (sriov=on) PCI Express endpoint capability; extended
     *               capabilities ARI, ACS and SR-IOV (NVGSP_PCIE_CAP above)
     * MSI-X is optional for the core (it asks for one vector).
     */
    if (msi_init(pdev, 0x60, 1, true, false, errp) < 0) {
        goto fail_model;
    }
    if (s->sriov && !nvgsp_sriov_init(s, errp)) {
        goto fail_msi;
    }

    memory_region_init_io(&s->bar0, OBJECT(s), &nvgsp_bar0_ops, s,
                          "nvgsp-bar0", id.bar0_size);
    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &s->bar0);
    /* Large apertures: I/O regions, so nothing is allocated for them. */
    memory_region_init_io(&s->bar1, OBJECT(s), &nvgsp_aperture_ops, s,
                          "nvgsp-bar1", id.bar1_size);
    pci_register_bar(pdev, 1, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &s->bar1);
    memory_region_init_io(&s->bar3, OBJECT(s), &nvgsp_aperture_ops, s,
                          "nvgsp-bar3", id.bar3_size);
    pci_register_bar(pdev, 3, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &s->bar3);
    return;

fail_msi:
    msi_uninit(pdev);
fail_model:
    nvgsp_destroy_model(s);
fail_trace:
    nvgsp_free_trace(s);
}

static void nvgsp_exit(PCIDevice *pdev)
{
    NvgspState *s = NVGSP_PCI(pdev);

    if (s->sriov) {
        pcie_sriov_pf_exit(pdev);
        pcie_cap_exit(pdev);
    }
    msi_uninit(pdev);
    nvgsp_destroy_model(s);
    nvgsp_free_trace(s);
}

/*
 * Device reset (system reset, FLR by the guest is not offered): a GPU comes
 * back in the "powered on, GFW boot completed" state, which is exactly a
 * freshly created model.  A model the guest never touched is kept, so the
 * reset at machine start does not load the firmware files twice.
 */
static void nvgsp_reset(DeviceState *dev)
{
    NvgspState *s = NVGSP_PCI(dev);
    Error *err = NULL;

    trace_nvgsp_reset(s->touched);
    /* PCI reset cleared the command register and disabled MSI. */
    s->msi_was_enabled = false;
    if (s->m && s->touched) {
        nvgsp_destroy_model(s);
        if (!nvgsp_create_model(s, &err)) {
            /* The files were there at realize; the device now reads all-ones. */
            error_report_err(err);
        }
    }
    s->irq_level = 0;
    pci_set_irq(PCI_DEVICE(s), 0);
}

static const Property nvgsp_properties[] = {
    DEFINE_PROP_STRING("chip", NvgspState, chip),
    DEFINE_PROP_STRING("fw", NvgspState, fw),
    DEFINE_PROP_STRING("fwdir", NvgspState, fwdir),
    DEFINE_PROP_UINT64("seed", NvgspState, seed, 0),
    DEFINE_PROP_SIZE("fb-size", NvgspState, fb_size, 0),
    DEFINE_PROP_BOOL("strict", NvgspState, strict, true),
    DEFINE_PROP_STRING("fault", NvgspState, fault),
    DEFINE_PROP_STRING("trace", NvgspState, trace),
    DEFINE_PROP_BOOL("sriov", NvgspState, sriov, false),
};

/* The model's state lives outside QEMU's reach: no migration, no snapshots. */
static const VMStateDescription nvgsp_vmstate = {
    .name = TYPE_NVGSP_PCI,
    .unmigratable = true,
};

/*
 * The device is conventional PCI unless sriov=on puts it on a PCIe bus; the
 * PCI core sizes config space (4 KiB for PCIe) from QEMU_PCI_CAP_EXPRESS
 * before PCIDeviceClass.realize runs, so the choice is made here.
 */
static DeviceRealize nvgsp_parent_dc_realize;

static void nvgsp_dc_realize(DeviceState *dev, Error **errp)
{
    NvgspState *s = NVGSP_PCI(dev);
    PCIDevice *pdev = PCI_DEVICE(dev);

    if (s->sriov) {
        if (!pci_bus_is_express(pci_get_bus(pdev))) {
            error_setg(errp, "nvgsp-pci: sriov=on needs a PCI Express bus "
                       "(-machine q35, the device on a pcie-root-port)");
            return;
        }
        pdev->cap_present |= QEMU_PCI_CAP_EXPRESS;
    }
    nvgsp_parent_dc_realize(dev, errp);
}

static void nvgsp_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    device_class_set_parent_realize(dc, nvgsp_dc_realize,
                                    &nvgsp_parent_dc_realize);
    k->realize = nvgsp_realize;
    k->exit = nvgsp_exit;
    k->config_write = nvgsp_config_write;
    /* Placeholders: realize writes the model's identity into config space. */
    k->vendor_id = 0x10de;
    k->device_id = 0xffff;
    k->class_id = PCI_CLASS_DISPLAY_3D;
    dc->desc = "NVIDIA GPU with GSP-RM firmware (nvcore gsp-model)";
    device_class_set_props(dc, nvgsp_properties);
    object_class_property_set_description(klass, "chip",
        "modelled chip: ga102, ad102, gh100, ga100");
    object_class_property_set_description(klass, "fw",
        "GSP-RM firmware release, e.g. 535.113.01");
    object_class_property_set_description(klass, "fwdir",
        "firmware tree in the kernel's layout (default /lib/firmware)");
    object_class_property_set_description(klass, "seed",
        "model PRNG seed (latencies, event timing)");
    object_class_property_set_description(klass, "fb-size",
        "VRAM size (default: the chip's)");
    object_class_property_set_description(klass, "strict",
        "the first protocol violation halts the firmware");
    object_class_property_set_description(klass, "fault",
        "a gsp-model fault spec, e.g. rpc:GSP_RM_CONTROL:status=0x1f@1 or "
        "fw:die+irq:lost*3 (gspm.h gspm_fault_arm, docs/testing.md)");
    object_class_property_set_description(klass, "trace",
        "an nvtrace file (docs/trace-format.md) whose firmware side the model "
        "plays: register reads, replies, dropped/late answers, WPR2 up, GSP-RM dying in init");
    object_class_property_set_description(klass, "sriov",
        "on: a PCI Express device with the model's SR-IOV capability and "
        "VFs (ad102, gh100; needs a PCIe bus)");
    device_class_set_legacy_reset(dc, nvgsp_reset);
    set_bit(DEVICE_CATEGORY_DISPLAY, dc->categories);
    dc->vmsd = &nvgsp_vmstate;
}

static void nvgsp_vf_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = nvgsp_vf_realize;
    k->exit = nvgsp_vf_exit;
    k->config_write = nvgsp_vf_config_write;
    k->vendor_id = 0x10de;
    k->device_id = 0xffff;
    k->class_id = PCI_CLASS_DISPLAY_3D;
    dc->desc = "VF of an nvgsp-pci GPU (created by its sriov=on)";
    dc->user_creatable = false;
    device_class_set_legacy_reset(dc, nvgsp_vf_reset);
    set_bit(DEVICE_CATEGORY_DISPLAY, dc->categories);
    dc->vmsd = &nvgsp_vmstate;
}

static void nvgsp_register_types(void)
{
    /* Conventional PCI, or PCIe with sriov=on (nvgsp_dc_realize). */
    static InterfaceInfo interfaces[] = {
        { INTERFACE_CONVENTIONAL_PCI_DEVICE },
        { INTERFACE_PCIE_DEVICE },
        { },
    };
    static InterfaceInfo vf_interfaces[] = {
        { INTERFACE_PCIE_DEVICE },
        { },
    };
    static const TypeInfo nvgsp_info = {
        .name = TYPE_NVGSP_PCI,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(NvgspState),
        .class_init = nvgsp_class_init,
        .interfaces = interfaces,
    };
    static const TypeInfo nvgsp_vf_info = {
        .name = TYPE_NVGSP_VF,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(NvgspVfState),
        .class_init = nvgsp_vf_class_init,
        .interfaces = vf_interfaces,
    };

    type_register_static(&nvgsp_info);
    type_register_static(&nvgsp_vf_info);
}

type_init(nvgsp_register_types)
