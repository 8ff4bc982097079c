/* SPDX-License-Identifier: MIT */
/*
 * gsp-model hw half: how the GSP's interrupt reaches the PCI line.  The
 * chain, as the public drivers program and read it (docs/hw-fidelity.md,
 * "Interrupts"):
 *
 *   GSP falcon IRQSTAT & host routing          (OGKM kernel_falcon_ga102.c
 *     host routing = IRQMASK & IRQDEST           kflcnReadIntrStatus_GA102;
 *                  | RISC-V IRQMASK & IRQDEST    nouveau r535_gsp_intr reads
 *                                                the RISC-V IRQMASK)
 *   -> on a rising edge, or on INTR_RETRIGGER    (OGKM kflcnIntrRetrigger_GA100:
 *      while still asserted, the falcon sends     "Retrigger an interrupt
 *      one interrupt message                      message from the engine to
 *                                                 the NV_CTRL tree")
 *   -> which sets bit v % 32 of LEAF(v / 32),    (nouveau core/intr.c
 *      v = the GSP's vector from GSP-RM's         nvkm_intr_xlat; r535_gsp_intr_
 *      GET_KERNEL_TABLE answer                    get_table)
 *   -> & LEAF_EN -> TOP bit v / 64               (nouveau vfn/tu102.c
 *   -> & TOP_EN -> the line                       tu102_vfn_intr_pending)
 *
 * The tree is the PF's virtual-function block at NV_VIRTUAL_FUNCTION_FULL_
 * PHYS_OFFSET (tu102 dev_vm.h; nouveau vfn/ga100.c 0xb80000).  LEAF is
 * write-1-to-clear (nouveau tu102_vfn_intr_reset).  Clearing a leaf does not
 * re-latch a cause the falcon still holds: only a new edge or a retrigger
 * does.  So a driver that never programs the tree never sees an interrupt,
 * and one that never retriggers loses the ones that rose while it serviced.
 *
 * GSP-RM programs the RISC-V IRQMASK/IRQDEST itself; the model's firmware
 * routes SWGEN0 (its message doorbell) and HALT (CrashCat) to the host once
 * the RISC-V core runs it: the two causes OGKM kgspService_TU102 services as
 * host interrupts.  The exact value is an assumption (GSP-RM is not public).
 */
#include <stdio.h>
#include <string.h>

#include "hw_priv.h"

#define INTR_FW_ROUTED		(HW_IRQ_SWGEN0 | HW_IRQ_HALT)

/*
 * The GSP's stall vector GSP-RM reports: an assumption (the value on silicon
 * is not public).  GA10x/AD10x: leaf 4, so a driver that assumes leaf 0 or
 * ignores TOP's two-leaves-per-bit layout fails.  GH100: leaf 8, which only
 * GH100's 16 leaves have (gh100 dev_vm.h LEAF__SIZE_1 16).
 */
#define INTR_VECTOR_GA10X	133u
#define INTR_VECTOR_GH100	269u

static unsigned int leaves(const struct gspm_hw *hw)
{
	return hw->chip->fsp_boot ? NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF__SIZE_1__GH100 :
				    NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF__SIZE_1__GA102;
}

void hw_intr_init(struct gspm_hw *hw)
{
	memset(&hw->intr, 0, sizeof(hw->intr));
	hw->intr.vector = hw->chip->fsp_boot ? INTR_VECTOR_GH100 : INTR_VECTOR_GA10X;
}

uint32_t gspm_hw_gsp_intr_vector(const struct gspm_hw *hw)
{
	return hw->intr.vector;
}

/* GSP-RM sets its routing when it starts (see the top of this file). */
static void fw_routes(struct gspm_hw *hw)
{
	if (hw->riscv_started && !hw->intr.fw_routed) {
		hw->intr.riscv_irqmask = INTR_FW_ROUTED;
		hw->intr.riscv_irqdest = INTR_FW_ROUTED;
		hw->intr.fw_routed = true;
	}
}

/* The falcon's host-routed causes (kflcnReadIntrStatus_GA102). */
static uint32_t host_causes(const struct gspm_hw *hw)
{
	const struct hw_falcon *f = &hw->gsp;

	return f->irqstat & ((f->irqmask & f->irqdest) |
			     (hw->intr.riscv_irqmask & hw->intr.riscv_irqdest));
}

/*
 * TOP's bit for leaf i after leaf[i] or leaf_en[i] changed: each TOP bit
 * covers two leaves (tu102 dev_vm.h; nouveau vfn/tu102.c reads TOP bit
 * leaf / 2).  Kept on every change, so that a read of TOP, and the line's
 * level after every MMIO write, do not walk the leaves.
 */
static void leaf_changed(struct gspm_hw *hw, unsigned int i)
{
	const struct hw_intr *t = &hw->intr;
	unsigned int pair = i & ~1u;
	uint32_t bit = 1u << (i / 2);

	if ((t->leaf[pair] & t->leaf_en[pair]) | (t->leaf[pair + 1] & t->leaf_en[pair + 1]))
		hw->intr.top |= bit;
	else
		hw->intr.top &= ~bit;
}

/* One interrupt message from the falcon: latch the GSP's leaf bit. */
static void message(struct gspm_hw *hw)
{
	uint32_t v = hw->intr.vector;

	hw->intr.leaf[v / 32] |= 1u << (v % 32);
	leaf_changed(hw, v / 32);
	hw->intr.messages++;
}

/*
 * A rising edge of the falcon's output: one message.  Out of line, so that
 * the sample after every MMIO write and cause change, which mostly finds no
 * edge, saves no registers for it.
 */
static __attribute__((noinline)) void rising_edge(struct gspm_hw *hw)
{
	if (hw->intr.drop_edges) {
		/* Fault: this edge never reaches the tree (a lost interrupt). */
		hw->intr.drop_edges--;
		hw->intr.dropped++;
		gspm_log(hw->m, GSPM_LOG_INFO, "fault: GSP interrupt edge dropped");
	} else {
		message(hw);
	}
}

void hw_intr_sample(struct gspm_hw *hw)
{
	bool was = hw->intr.out;

	fw_routes(hw);
	hw->intr.out = host_causes(hw) != 0;
	if (hw->intr.out && !was)
		rising_edge(hw);
}

bool gspm_hw_irq_pending(const struct gspm_hw *hw)
{
	return hw->intr.top & hw->intr.top_en;
}

static bool leaf_index(const struct gspm_hw *hw, uint32_t off, uint32_t base, unsigned int *i)
{
	if (off < base || off >= base + 4 * leaves(hw) || (off & 3))
		return false;
	*i = (off - base) / 4;
	return true;
}

uint32_t hw_intr_riscv_route(struct gspm_hw *hw, bool dest)
{
	fw_routes(hw);
	return dest ? hw->intr.riscv_irqdest : hw->intr.riscv_irqmask;
}

void hw_intr_retrigger(struct gspm_hw *hw, uint32_t val)
{
	if (val & HWF_MASK(NV_PFALCON_FALCON_INTR_RETRIGGER_TRIGGER)) {
		hw->intr.retriggers++;
		fw_routes(hw);
		hw->intr.out = host_causes(hw) != 0;
		if (hw->intr.out)
			message(hw);
	}
}

uint32_t hw_intr_tree_read(const struct gspm_hw *hw, uint32_t off)
{
	unsigned int i;

	off -= HW_INTR_BASE;
	if (leaf_index(hw, off, NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF(0), &i))
		return hw->intr.leaf[i];
	if (leaf_index(hw, off, NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_SET(0), &i) ||
	    leaf_index(hw, off, NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_CLEAR(0), &i))
		return hw->intr.leaf_en[i];
	switch (off) {
	case NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP(0):
		return hw->intr.top;
	case NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_SET(0):
	case NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_CLEAR(0):
		return hw->intr.top_en;
	default:
		return 0;	/* the rest of the block: not modelled */
	}
}

void hw_intr_tree_write(struct gspm_hw *hw, uint32_t off, uint32_t val)
{
	unsigned int i;

	off -= HW_INTR_BASE;
	if (leaf_index(hw, off, NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF(0), &i)) {
		hw->intr.leaf[i] &= ~val;
		leaf_changed(hw, i);
		/* Fault: the falcon keeps sending messages with no cause behind them. */
		if (hw->intr.storm_left && i == hw->intr.vector / 32 &&
		    (val & (1u << (hw->intr.vector % 32)))) {
			hw->intr.storm_left--;
			message(hw);
		}
	} else if (leaf_index(hw, off, NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_SET(0), &i)) {
		hw->intr.leaf_en[i] |= val;
		leaf_changed(hw, i);
	} else if (leaf_index(hw, off, NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_CLEAR(0), &i)) {
		hw->intr.leaf_en[i] &= ~val;
		leaf_changed(hw, i);
	} else if (off == NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_SET(0))
		hw->intr.top_en |= val;
	else if (off == NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_CLEAR(0))
		hw->intr.top_en &= ~val;
	/* Anything else in the block: ignored. */
	gspm_update_irq(hw->m);
}

void hw_intr_drop_edges(struct gspm_hw *hw, uint64_t count)
{
	hw->intr.drop_edges += count ? count : 1;
}

void hw_intr_storm(struct gspm_hw *hw, uint64_t count)
{
	hw->intr.storm_left += count;
	message(hw);
	gspm_update_irq(hw->m);
}

size_t hw_intr_describe(const struct gspm_hw *hw, char *buf, size_t len)
{
	const struct hw_intr *t = &hw->intr;
	uint32_t v = t->vector;

	return (size_t)snprintf(buf, len,
		"  intr: GSP vector %u (leaf %u bit %u), leaf 0x%08x en 0x%08x, top 0x%x en 0x%x, "
		"riscv irqmask 0x%x irqdest 0x%x, %llu messages, %llu retriggers, %llu edges dropped\n",
		v, v / 32, v % 32, t->leaf[v / 32], t->leaf_en[v / 32], t->top, t->top_en,
		t->riscv_irqmask, t->riscv_irqdest, (unsigned long long)t->messages,
		(unsigned long long)t->retriggers, (unsigned long long)t->dropped);
}
