// SPDX-License-Identifier: MIT
/*
 * Interrupt handling: SWGEN0 cleared before the drain, shared-line
 * behaviour, the PF interrupt tree, retrigger and polling.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"

/* @n echoes of @len bytes (sequence numbers from @seq), then every interrupt handled. */
static void echoes_settled(struct nvcore_dev *nd, unsigned int n, size_t len, u32 seq)
{
	for (unsigned int i = 0; i < n; i++)
		ck_assert_int_eq(nvh_echo(nd, len, seq + i), 0);
	kshim_settle();
}

/* Nothing left pending once everything was answered (SWGEN0 not stuck). */
static void swgen0_clear(struct nvh *h)
{
	ck_assert_uint_eq(gspm_mmio_read32(h->m, NV_PGSP_FALCON_IRQSTAT) & NV_FALCON_IRQ_SWGEN0, 0);
}

START_TEST(swgen0_cleared_and_counted)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	struct gspm_stats st;

	echoes_settled(nd, 20, 128, 0);
	gspm_get_stats(h.m, &st);
	ck_assert_uint_ge(st.irqs_raised, 20);
	swgen0_clear(&h);
	stop_clean(&h);
}
END_TEST

START_TEST(irq_without_swgen0_is_not_ours)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);

	/* A shared line raised by another device: the handler must say IRQ_NONE. */
	ck_assert_int_eq(nvcore_irq(nd->core->intr.irq, nd), IRQ_NONE);
	stop_clean(&h);
}
END_TEST

START_TEST(events_during_boot_do_not_lose_init_done)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);

	/* Boot saw the sequencer (SEC2-booter boot only) and informational events before INIT_DONE. */
	if (nvcore_boot_family_of(nd) == &nvcore_boot_ga102)
		ck_assert_uint_gt(nd->core->rpc.event_stats[NVCORE_CORE_EVENT_RUN_CPU_SEQUENCER].count, 0);
	ck_assert_uint_gt(nd->core->rpc.event_stats[NVCORE_CORE_EVENT_LOG_ONLY].count, 0);
	stop_clean(&h);
}
END_TEST

/*
 * The model's "N messages, R retriggers, D edges dropped" counters
 * (gspm_describe, intr.c).
 */
static void intr_counters(struct nvh *h, unsigned long long *msgs, unsigned long long *dropped)
{
	static char buf[16384];
	const char *p;
	unsigned long long retr;

	gspm_describe(h->m, buf, sizeof(buf));
	p = strstr(buf, "riscv irqmask");
	ck_assert_ptr_nonnull(p);
	p = strchr(p, ',');
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(sscanf(p, ", %llu messages, %llu retriggers, %llu edges dropped",
				msgs, &retr, dropped), 3);
}

START_TEST(tree_enabled_for_the_firmware_vector)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	u32 v = nd->core->intr.vector;

	/* The model's GSP-RM reports 133 (GA10x/AD10x) or 269 (GH100), docs/hw-fidelity.md. */
	ck_assert_uint_eq(v, nd->chip.fsp_boot ? 269 : 133);
	ck_assert(nd->core->intr.enabled);
	ck_assert(gspm_mmio_read32(h.m, NV_PF_INTR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_SET(v / 32))) &
		  (1u << (v % 32)));
	ck_assert(gspm_mmio_read32(h.m, NV_PF_INTR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_SET(0))) &
		  (1u << (v / 64)));
	stop_clean(&h);
}
END_TEST

START_TEST(lost_interrupt_recovered_by_poll)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	unsigned long long m0, m1, d;

	kshim_settle();
	intr_counters(&h, &m0, &d);
	ck_assert_uint_eq(d, 0);
	/* The next interrupt never reaches the tree: the reply comes by the poll. */
	gspm_inject(h.m, GSPM_FAULT_IRQ_DROP_EDGE, UINT32_MAX, 0, 1);
	ck_assert_int_eq(nvh_echo(nd, 64, 1), 0);
	/* ... and interrupts flow again afterwards (SWGEN0 was not left stuck). */
	echoes_settled(nd, 10, 64, 2);
	intr_counters(&h, &m1, &d);
	ck_assert_uint_eq(d, 1);
	ck_assert_uint_ge(m1 - m0, 10);
	swgen0_clear(&h);
	stop_clean(&h);
}
END_TEST

START_TEST(replies_arrive_by_polling_without_the_tree)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	u32 v = nd->core->intr.vector;

	/* As if the leaf had never been enabled: no interrupt at all. */
	gspm_mmio_write32(h.m, NV_PF_INTR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_CLEAR(v / 32)),
			  1u << (v % 32));
	ck_assert_int_eq(nvh_echo(nd, 128, 7), 0);
	ck_assert_int_eq(nvh_echo(nd, 128, 8), 0);
	gspm_mmio_write32(h.m, NV_PF_INTR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_SET(v / 32)),
			  1u << (v % 32));
	stop_clean(&h);
}
END_TEST

Suite *irq_suite(void)
{
	return suite_of("irq", "irq", 120, (const TTest *[]){
		swgen0_cleared_and_counted, irq_without_swgen0_is_not_ours,
		events_during_boot_do_not_lose_init_done, tree_enabled_for_the_firmware_vector,
		lost_interrupt_recovered_by_poll, replies_arrive_by_polling_without_the_tree, NULL });
}
