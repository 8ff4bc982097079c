// SPDX-License-Identifier: MIT
/*
 * Firmware trace recorder: what crossed the host/GSP boundary, as nvtrace v1
 * JSON Lines (docs/trace-format.md).
 *
 * Each device has a bounded ring of formatted text.  Records are appended
 * whole under a spinlock and drained whole by debugfs readers, so the ring
 * never holds a torn line.  Recording never sleeps and never waits: a record
 * that does not fit is counted and a "drop" record takes its place as soon
 * as there is room again.  The header line is not kept in the ring: the
 * first read after enabling produces it from the identity probe found, which
 * is only known after the first register accesses (BOOT_0/BOOT_42) have been
 * recorded.
 *
 * The recording of a probe that failed outlives its device (it is what a
 * support engineer needs most); it goes away when the device probes again
 * or the module unloads.  Without a recording, a failed probe leaves nothing.
 */
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "core.h"
#include "regs.h"

static bool trace;
module_param(trace, bool, 0444);
MODULE_PARM_DESC(trace,
		 "Record the firmware trace from probe on (debugfs nvcore/<pci-bdf>/trace; default off)");

static unsigned int trace_kb = 4096;
module_param(trace_kb, uint, 0444);
MODULE_PARM_DESC(trace_kb, "Size of each device's trace ring in KiB (default 4096)");

/* The userspace build (emu/kshim + gsp-model) defines it "emulated". */
#ifndef NVCORE_TRACE_SOURCE
#define NVCORE_TRACE_SOURCE	"hardware"
#endif

#define RECORD_HEAD_MAX		256		/* a record without its payload */
#define READ_CHUNK		(256u << 10)	/* > the longest record (64 KiB payload) */

struct nvcore_trace {
	struct list_head node;		/* in recorders */
	struct nvcore_dev *nd;		/* NULL once a failed probe left it behind */
	char name[32];			/* the PCI device name */
	struct dentry *dir;

	/* Header identity (static strings: they outlive nd). */
	const char *chip, *release;
	u16 vendor, device, sub_vendor, sub_device;
	u8 revision;
	u64 bar[PCI_STD_NUM_BARS];	/* bus addresses, 0 if absent */

	/* The ring; a leaf lock, taken from any context. */
	spinlock_t lock;
	bool on, header_pending;
	ktime_t start;
	char *buf;
	size_t size;
	u64 head, tail;			/* free-running byte counts */
	u64 lost;			/* records lost since the last drop record */
	/*
	 * A register read not yet in the ring: identical consecutive reads
	 * (polling) become one record with a repeat count "n".
	 */
	struct {
		bool valid;
		u32 reg, val;
		u64 n;
		s64 t;
		const char *name;
	} rd;
	u64 dropped;			/* records lost this recording (trace_dropped) */

	/* Drained text not yet copied to the reader. */
	struct mutex read_lock;
	char *out;
	size_t out_len, out_pos;
};

/* recorders_lock orders recorder lifetime, enable and nd->trace_on. */
static LIST_HEAD(recorders);
static DEFINE_MUTEX(recorders_lock);
static struct dentry *debugfs_root;

/* ---- protocol registers (docs/trace-format.md "Protocol registers") -------- */

struct trace_reg {
	u32 addr;
	const char *name;
};

#define REG(r)			{ r, #r }
#define FALCON_REG(base, pfx, r)	{ base + NV_FALCON_##r, pfx "_FALCON_" #r }
#define FALCON_REGS(base, pfx)						\
	FALCON_REG(base, pfx, MAILBOX0), FALCON_REG(base, pfx, MAILBOX1),	\
	FALCON_REG(base, pfx, IRQSTAT), FALCON_REG(base, pfx, IRQSCLR),	\
	FALCON_REG(base, pfx, IRQMSET), FALCON_REG(base, pfx, IRQMCLR),	\
	FALCON_REG(base, pfx, OS), FALCON_REG(base, pfx, CPUCTL),		\
	FALCON_REG(base, pfx, CPUCTL_ALIAS), FALCON_REG(base, pfx, BOOTVEC),	\
	{ base + NV_RISCV_OFFSET + NV_RISCV_CPUCTL, pfx "_RISCV_CPUCTL" },	\
	{ base + NV_RISCV_OFFSET + NV_RISCV_BCR_CTRL, pfx "_RISCV_BCR_CTRL" }

static const struct trace_reg protocol_regs[] = {
	REG(NV_PMC_BOOT_0),
	REG(NV_PMC_BOOT_42),
	FALCON_REGS(NV_PGSP_BASE, "NV_PGSP"),
	FALCON_REGS(NV_PSEC_BASE, "NV_PSEC"),
	{ NV_PGSP_QUEUE_HEAD(0), "NV_PGSP_QUEUE_HEAD(0)" },
	{ NV_PGSP_MAILBOX(0), "NV_PGSP_MAILBOX(0)" },
	{ NV_PGSP_MAILBOX(1), "NV_PGSP_MAILBOX(1)" },
	{ NV_PGSP_MAILBOX(2), "NV_PGSP_MAILBOX(2)" },
	{ NV_PGSP_MAILBOX(3), "NV_PGSP_MAILBOX(3)" },
	REG(NV_PFB_PRI_MMU_WPR2_ADDR_LO),
	REG(NV_PFB_PRI_MMU_WPR2_ADDR_HI),
	REG(NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0),
	REG(NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK),
	REG(NV_USABLE_FB_SIZE_IN_MB),
	REG(NV_THERM_I2CS_SCRATCH),
	{ NV_PFSP_QUEUE_HEAD(0), "NV_PFSP_QUEUE_HEAD(0)" },
	{ NV_PFSP_QUEUE_TAIL(0), "NV_PFSP_QUEUE_TAIL(0)" },
	{ NV_PFSP_MSGQ_HEAD(0), "NV_PFSP_MSGQ_HEAD(0)" },
	{ NV_PFSP_MSGQ_TAIL(0), "NV_PFSP_MSGQ_TAIL(0)" },
	{ NV_PFSP_EMEMC(0), "NV_PFSP_EMEMC(0)" },
};

static const char *protocol_reg_name(u32 addr)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(protocol_regs); i++)
		if (protocol_regs[i].addr == addr)
			return protocol_regs[i].name;
	return NULL;
}

/* ---- the ring ----------------------------------------------------------------- */

static size_t ring_free(const struct nvcore_trace *tr)
{
	return tr->size - (size_t)(tr->head - tr->tail);
}

static void ring_put(struct nvcore_trace *tr, const char *src, size_t n)
{
	size_t at = tr->head % tr->size, first = min(n, tr->size - at);

	memcpy(tr->buf + at, src, first);
	memcpy(tr->buf, src + first, n - first);
	tr->head += n;
}

static void ring_put_hex(struct nvcore_trace *tr, const u8 *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t at, span, i;
	char *d;

	while (n) {
		at = tr->head % tr->size;
		span = min(n, (tr->size - at) / 2);
		if (!span) {
			/* One character left before the wrap: split a byte across it. */
			char two[2] = { digits[*p >> 4], digits[*p & 0xf] };

			ring_put(tr, two, 2);
			p++;
			n--;
			continue;
		}
		d = tr->buf + at;
		for (i = 0; i < span; i++) {
			*d++ = digits[p[i] >> 4];
			*d++ = digits[p[i] & 0xf];
		}
		tr->head += 2 * (u64)span;
		p += span;
		n -= span;
	}
}

/* The drop record for what was lost since the last one; false if it does not fit. */
static bool put_drop(struct nvcore_trace *tr, s64 t)
{
	char line[RECORD_HEAD_MAX];
	size_t n;

	if (!tr->lost)
		return true;
	n = scnprintf(line, sizeof(line), "{\"t\":%lld,\"k\":\"drop\",\"d\":\"h\",\"count\":%llu}\n",
		      (long long)t, (unsigned long long)tr->lost);
	if (n > ring_free(tr))
		return false;
	ring_put(tr, line, n);
	tr->lost = 0;
	return true;
}

/* Put the pending coalesced read into the ring (or count it lost).  Lock held. */
static void put_pending_rd(struct nvcore_trace *tr)
{
	char line[RECORD_HEAD_MAX];
	size_t n;

	if (!tr->rd.valid)
		return;
	tr->rd.valid = false;
	if (!put_drop(tr, tr->rd.t))
		goto lost;
	n = scnprintf(line, sizeof(line),
		      "{\"t\":%lld,\"k\":\"rd\",\"d\":\"g\",\"reg\":\"0x%08x\",\"name\":\"%s\",\"val\":\"0x%08x\"",
		      (long long)tr->rd.t, tr->rd.reg, tr->rd.name, tr->rd.val);
	if (tr->rd.n > 1)
		n += scnprintf(line + n, sizeof(line) - n, ",\"n\":%llu",
			       (unsigned long long)tr->rd.n);
	n += scnprintf(line + n, sizeof(line) - n, "}\n");
	if (n <= ring_free(tr)) {
		ring_put(tr, line, n);
		return;
	}
lost:
	tr->lost++;
	tr->dropped++;
}

#define PAYLOAD_OPEN	",\"payload\":\""
#define PAYLOAD_CLOSE	"\"}\n"

/*
 * Append one record: `{"t":T,` + fmt + [`,"payload":"<hex>"`] + `}`.
 *
 * Everything happens under the ring's spinlock, formatting included: t is
 * read there so that it never goes backwards in the ring, the fixed part is
 * one bounded snprintf into a small stack buffer, and the payload (up to
 * 64 KiB, 128 KiB of hex: too large for a stack or per-cpu buffer, and an
 * allocation could fail or sleep) is hex-encoded straight into the ring, so
 * the recorder needs no memory but the ring.  The lock is a leaf: no caller
 * ever waits on anything while holding it.
 */
static __printf(4, 5) void emit(struct nvcore_dev *nd, const void *payload, size_t plen,
				const char *fmt, ...)
{
	struct nvcore_trace *tr = nd->trace;
	char line[RECORD_HEAD_MAX];
	unsigned long flags;
	size_t n, need;
	va_list ap;
	s64 t;

	if (!tr)
		return;
	spin_lock_irqsave(&tr->lock, flags);
	if (!tr->on || !tr->buf)
		goto out;
	t = ktime_to_ns(ktime_sub(ktime_get(), tr->start));
	put_pending_rd(tr);
	if (!put_drop(tr, t))
		goto lost;
	n = scnprintf(line, sizeof(line), "{\"t\":%lld,", (long long)t);
	va_start(ap, fmt);
	n += vscnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	need = n + (payload ? strlen(PAYLOAD_OPEN) + 2 * plen + strlen(PAYLOAD_CLOSE) : 2);
	if (need > ring_free(tr))
		goto lost;
	ring_put(tr, line, n);
	if (payload) {
		ring_put(tr, PAYLOAD_OPEN, strlen(PAYLOAD_OPEN));
		ring_put_hex(tr, payload, plen);
		ring_put(tr, PAYLOAD_CLOSE, strlen(PAYLOAD_CLOSE));
	} else {
		ring_put(tr, "}\n", 2);
	}
	goto out;
lost:
	tr->lost++;
	tr->dropped++;
out:
	spin_unlock_irqrestore(&tr->lock, flags);
}

/* ---- records ------------------------------------------------------------------- */

/* A read: held back while the same register keeps returning the same value. */
static void trace_rd(struct nvcore_trace *tr, u32 reg, u32 val, const char *name)
{
	unsigned long flags;

	spin_lock_irqsave(&tr->lock, flags);
	if (tr->on && tr->buf) {
		if (tr->rd.valid && tr->rd.reg == reg && tr->rd.val == val) {
			tr->rd.n++;
		} else {
			put_pending_rd(tr);
			tr->rd.valid = true;
			tr->rd.reg = reg;
			tr->rd.val = val;
			tr->rd.name = name;
			tr->rd.n = 1;
			tr->rd.t = ktime_to_ns(ktime_sub(ktime_get(), tr->start));
		}
	}
	spin_unlock_irqrestore(&tr->lock, flags);
}

void nvcore_trace_reg(struct nvcore_dev *nd, bool write, u32 reg, u32 val)
{
	const char *name = protocol_reg_name(reg);

	if (!name || !nd->trace)
		return;
	if (!write)
		trace_rd(nd->trace, reg, val, name);
	else
		emit(nd, NULL, 0, "\"k\":\"wr\",\"d\":\"h\",\"reg\":\"0x%08x\",\"name\":\"%s\",\"val\":\"0x%08x\"",
		     reg, name, val);
}

static const char *function_name(struct nvcore_dev *nd, u32 fn)
{
	const struct nvcore_fw_event *ev;

	if (!nd->release)
		return "UNKNOWN";
	if (fn < NV_VGPU_MSG_FIRST_EVENT)
		return nvcore_fw_release_function_name(nd->release, fn);
	ev = nvcore_fw_event_lookup(nd->release, fn);
	return ev ? ev->name : "UNKNOWN_EVENT";
}

/* len: the element's RPC bytes (header included) as written. */
void nvcore_trace_cmd(struct nvcore_dev *nd, u32 seq, u32 elems,
		      const struct rpc_message_header_v *rpc, u32 len)
{
	u32 plen = len - sizeof(*rpc);

	if (!READ_ONCE(nd->trace_on))
		return;
	emit(nd, rpc->rpc_message_data, plen,
	     "\"k\":\"cmd\",\"d\":\"h\",\"seq\":%u,\"fn\":%u,\"name\":\"%s\",\"len\":%u,\"elems\":%u",
	     seq, rpc->function, function_name(nd, rpc->function), plen, elems);
}

/* len: the element's RPC bytes (header included) the driver consumed. */
void nvcore_trace_msg(struct nvcore_dev *nd, u32 seq, u32 elems,
		      const struct rpc_message_header_v *rpc, u32 len)
{
	u32 plen = len > sizeof(*rpc) ? len - (u32)sizeof(*rpc) : 0;

	if (!READ_ONCE(nd->trace_on))
		return;
	emit(nd, rpc->rpc_message_data, plen,
	     "\"k\":\"msg\",\"d\":\"g\",\"seq\":%u,\"fn\":%u,\"name\":\"%s\",\"result\":\"0x%08x\",\"len\":%u,\"elems\":%u",
	     seq, rpc->function, function_name(nd, rpc->function), rpc->rpc_result, plen, elems);
}

void nvcore_trace_irq(struct nvcore_dev *nd, u32 stat)
{
	if (READ_ONCE(nd->trace_on))
		emit(nd, NULL, 0, "\"k\":\"irq\",\"d\":\"g\",\"stat\":\"0x%08x\"", stat);
}

void nvcore_trace_state(struct nvcore_dev *nd, const char *state)
{
	if (READ_ONCE(nd->trace_on))
		emit(nd, NULL, 0, "\"k\":\"state\",\"d\":\"h\",\"state\":\"%s\"", state);
}

void nvcore_trace_rpc_timeout(struct nvcore_dev *nd, u32 function, unsigned int timeout_ms)
{
	if (READ_ONCE(nd->trace_on))
		emit(nd, NULL, 0,
		     "\"k\":\"err\",\"d\":\"h\",\"what\":\"rpc-timeout\",\"fn\":%u,\"name\":\"%s\",\"timeout_ms\":%u",
		     function, function_name(nd, function), timeout_ms);
}

/* ---- header and readers ---------------------------------------------------------- */

/*
 * The header holds only what the module knows: the device, the release and
 * where the recording comes from.  How a replay may differ is gsptrace's
 * business (keyed on "source"), and an emulator's seed is its harness's.
 */
static size_t format_header(struct nvcore_trace *tr, char *buf, size_t len)
{
	unsigned int i;
	size_t n;

	n = scnprintf(buf, len,
		      "{\"nvtrace\":1,\"chip\":\"%s\",\"pci\":{\"vendor\":\"0x%04x\",\"device\":\"0x%04x\","
		      "\"subsystem\":\"0x%04x:0x%04x\",\"revision\":\"0x%02x\",\"bdf\":\"%s\",\"bar\":[",
		      tr->chip ?: "unknown", tr->vendor, tr->device, tr->sub_vendor, tr->sub_device,
		      tr->revision, tr->name);
	/* The platform's layout, which the driver hands to the firmware: replay rebuilds it. */
	for (i = 0; i < PCI_STD_NUM_BARS; i++)
		n += scnprintf(buf + n, len - n, "%s\"0x%llx\"", i ? "," : "",
			       (unsigned long long)tr->bar[i]);
	return n + scnprintf(buf + n, len - n,
			     "]},\"release\":\"%s\",\"driver\":\"nvcore %s\",\"source\":\"%s\"}\n",
			     tr->release ?: "unknown", NVCORE_VERSION, NVCORE_TRACE_SOURCE);
}

/*
 * Move the next chunk of the ring to tr->out: whole lines only, unless one
 * line is longer than the chunk (then it leaves in pieces, in order).
 */
static void refill(struct nvcore_trace *tr)
{
	unsigned long flags;
	size_t n = 0, used, take, at, first, i;

	tr->out_pos = 0;
	tr->out_len = 0;
	spin_lock_irqsave(&tr->lock, flags);
	put_pending_rd(tr);
	if (tr->header_pending) {
		n = format_header(tr, tr->out, READ_CHUNK);
		tr->header_pending = false;
	}
	used = (size_t)(tr->head - tr->tail);
	take = min(used, READ_CHUNK - n);
	if (take) {
		at = tr->tail % tr->size;
		first = min(take, tr->size - at);
		memcpy(tr->out + n, tr->buf + at, first);
		memcpy(tr->out + n + first, tr->buf, take - first);
	}
	if (take < used) {
		for (i = take; i > 0 && tr->out[n + i - 1] != '\n'; i--)
			;
		if (i)
			take = i;
	}
	tr->tail += take;
	spin_unlock_irqrestore(&tr->lock, flags);
	tr->out_len = n + take;
}

static ssize_t trace_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct nvcore_trace *tr = file->private_data;
	size_t n, i;
	ssize_t ret;

	mutex_lock(&tr->read_lock);
	if (!tr->out) {
		tr->out = kvmalloc(READ_CHUNK, GFP_KERNEL);
		if (!tr->out) {
			ret = -ENOMEM;
			goto out;
		}
	}
	if (tr->out_pos == tr->out_len)
		refill(tr);
	n = min(count, tr->out_len - tr->out_pos);
	/* A reader sees whole lines whenever one fits in its buffer. */
	if (n < tr->out_len - tr->out_pos) {
		for (i = n; i > 0 && tr->out[tr->out_pos + i - 1] != '\n'; i--)
			;
		if (i)
			n = i;
	}
	if (copy_to_user(ubuf, tr->out + tr->out_pos, n)) {
		ret = -EFAULT;
		goto out;
	}
	tr->out_pos += n;
	*ppos += n;
	ret = n;
out:
	mutex_unlock(&tr->read_lock);
	return ret;
}

static const struct file_operations trace_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = trace_read,
};

/* Starting a recording discards what an earlier one left undrained. */
static int set_enabled(struct nvcore_trace *tr, bool on)
{
	unsigned long flags;
	char *buf = NULL;

	lockdep_assert_held(&recorders_lock);
	if (on && !tr->buf) {
		buf = kvmalloc((size_t)max(trace_kb, 1u) << 10, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
	}
	mutex_lock(&tr->read_lock);
	spin_lock_irqsave(&tr->lock, flags);
	if (buf) {
		tr->buf = buf;
		tr->size = (size_t)max(trace_kb, 1u) << 10;
	}
	if (on && !tr->on) {
		tr->head = 0;
		tr->tail = 0;
		tr->lost = 0;
		tr->dropped = 0;
		tr->rd.valid = false;
		tr->start = ktime_get();
		tr->header_pending = true;
		tr->out_pos = 0;
		tr->out_len = 0;
	}
	/* The end of a recording says what it lost last, if there is room. */
	if (!on && tr->on) {
		put_pending_rd(tr);
		put_drop(tr, ktime_to_ns(ktime_sub(ktime_get(), tr->start)));
	}
	tr->on = on;
	spin_unlock_irqrestore(&tr->lock, flags);
	mutex_unlock(&tr->read_lock);
	if (tr->nd)
		WRITE_ONCE(tr->nd->trace_on, on);
	return 0;
}

static ssize_t enable_write(struct file *file, const char __user *ubuf, size_t count,
			    loff_t *ppos)
{
	struct nvcore_trace *tr = file->private_data;
	char b[8] = "";
	bool on;
	int ret;

	if (copy_from_user(b, ubuf, min(count, sizeof(b) - 1)))
		return -EFAULT;
	ret = kstrtobool(b, &on);
	if (ret)
		return ret;
	mutex_lock(&recorders_lock);
	ret = set_enabled(tr, on);
	mutex_unlock(&recorders_lock);
	return ret ?: (ssize_t)count;
}

static ssize_t enable_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct nvcore_trace *tr = file->private_data;
	char b[2] = { READ_ONCE(tr->on) ? '1' : '0', '\n' };

	return simple_read_from_buffer(ubuf, count, ppos, b, sizeof(b));
}

static const struct file_operations enable_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = enable_read,
	.write = enable_write,
};

/* ---- lifetime ---------------------------------------------------------------------- */

/*
 * Taking a recorder away is two steps: recorder_unlink() detaches it from
 * the list and its device under recorders_lock; recorder_destroy() then
 * removes its debugfs files without that lock held, since debugfs_remove()
 * waits for a trace_enable write in progress, which may be waiting for it.
 */
static void recorder_unlink(struct nvcore_trace *tr)
{
	lockdep_assert_held(&recorders_lock);
	list_del(&tr->node);
	if (tr->nd) {
		WRITE_ONCE(tr->nd->trace_on, false);
		tr->nd->trace = NULL;
		tr->nd = NULL;
	}
}

static void recorder_destroy(struct nvcore_trace *tr)
{
	if (!tr)
		return;
	debugfs_remove_recursive(tr->dir);
	kvfree(tr->buf);
	kvfree(tr->out);
	kfree(tr);
}

void nvcore_trace_probe(struct nvcore_dev *nd)
{
	struct pci_dev *pdev = nd->pdev;
	struct nvcore_trace *tr, *old = NULL;
	unsigned int i;

	/* A recording a failed probe of this device left behind. */
	mutex_lock(&recorders_lock);
	list_for_each_entry(tr, &recorders, node)
		if (!strcmp(tr->name, pci_name(pdev))) {
			recorder_unlink(tr);
			old = tr;
			break;
		}
	mutex_unlock(&recorders_lock);
	recorder_destroy(old);

	mutex_lock(&recorders_lock);
	tr = kzalloc(sizeof(*tr), GFP_KERNEL);
	if (!tr)
		goto out;
	strscpy(tr->name, pci_name(pdev), sizeof(tr->name));
	tr->nd = nd;
	tr->vendor = pdev->vendor;
	tr->device = pdev->device;
	tr->sub_vendor = pdev->subsystem_vendor;
	tr->sub_device = pdev->subsystem_device;
	tr->revision = pdev->revision;
	for (i = 0; i < PCI_STD_NUM_BARS; i++)
		tr->bar[i] = pci_resource_len(pdev, i) ? pci_resource_start(pdev, i) : 0;
	spin_lock_init(&tr->lock);
	mutex_init(&tr->read_lock);
	list_add_tail(&tr->node, &recorders);
	nd->trace = tr;

	tr->dir = debugfs_create_dir(tr->name, debugfs_root);
	debugfs_create_file("trace", 0400, tr->dir, tr, &trace_fops);
	debugfs_create_file("trace_enable", 0600, tr->dir, tr, &enable_fops);
	debugfs_create_u64("trace_dropped", 0400, tr->dir, &tr->dropped);

	if (trace && set_enabled(tr, true))
		dev_warn(nd->dev, "trace: no memory for a %u KiB ring; not recording\n", trace_kb);
out:
	mutex_unlock(&recorders_lock);
}

void nvcore_trace_identity(struct nvcore_dev *nd)
{
	struct nvcore_trace *tr = nd->trace;
	unsigned long flags;

	if (!tr)
		return;
	spin_lock_irqsave(&tr->lock, flags);
	tr->chip = nd->chip.name;
	tr->release = nd->release ? nd->release->version : NULL;
	spin_unlock_irqrestore(&tr->lock, flags);
}

/*
 * The device goes away (or never came up): its recording stays readable, or
 * is dropped if nothing was ever recorded.
 */
static void detach(struct nvcore_dev *nd)
{
	struct nvcore_trace *tr, *gone = NULL;

	mutex_lock(&recorders_lock);
	tr = nd->trace;
	if (tr) {
		WRITE_ONCE(nd->trace_on, false);
		nd->trace = NULL;
		tr->nd = NULL;
		if (!tr->buf) {
			recorder_unlink(tr);
			gone = tr;
		}
	}
	mutex_unlock(&recorders_lock);
	recorder_destroy(gone);
}

/*
 * Remove (rmmod, unbind): like a failed probe, a recording stays readable
 * until the module exits or the device probes again, so the unload itself
 * (UNLOADING_GUEST_DRIVER, booter-unload, "unloaded") can be drained after
 * the device is gone.
 */
void nvcore_trace_remove(struct nvcore_dev *nd)
{
	detach(nd);
}

void nvcore_trace_probe_failed(struct nvcore_dev *nd, int err)
{
	/* %pe: the spelling the header's "expect" uses ("-ETIMEDOUT"). */
	if (READ_ONCE(nd->trace_on))
		emit(nd, NULL, 0, "\"k\":\"err\",\"d\":\"h\",\"what\":\"probe-failed\",\"err\":\"%pe\"",
		     ERR_PTR(err));
	nvcore_trace_identity(nd);
	detach(nd);
}

int nvcore_trace_module_init(void)
{
	debugfs_root = debugfs_create_dir("nvcore", NULL);
	return 0;
}

void nvcore_trace_module_exit(void)
{
	struct nvcore_trace *tr;

	for (;;) {
		mutex_lock(&recorders_lock);
		tr = list_first_entry_or_null(&recorders, struct nvcore_trace, node);
		if (tr)
			recorder_unlink(tr);
		mutex_unlock(&recorders_lock);
		if (!tr)
			break;
		recorder_destroy(tr);
	}
	debugfs_remove_recursive(debugfs_root);
	debugfs_root = NULL;
}
