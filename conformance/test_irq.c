// SPDX-License-Identifier: MIT
/* Interrupt handling: SWGEN0 cleared before the drain, shared-line behaviour. */
#include "common.h"
#include "regs.h"

START_TEST(swgen0_cleared_and_counted)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	struct gspm_stats st;
	unsigned int i;

	for (i = 0; i < 20; i++)
		ck_assert_int_eq(nvh_echo(nd, 128, i), 0);
	kshim_settle();
	gspm_get_stats(h.m, &st);
	ck_assert_uint_ge(st.irqs_raised, 20);
	/* Nothing left pending once everything was answered. */
	ck_assert_uint_eq(gspm_mmio_read32(h.m, NV_PGSP_FALCON_IRQSTAT) & NV_FALCON_IRQ_SWGEN0, 0);
	stop_clean(&h);
}
END_TEST

START_TEST(irq_without_swgen0_is_not_ours)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);

	/* A shared line raised by another device: the handler must say IRQ_NONE. */
	ck_assert_int_eq(nvcore_irq(nd->core->irq, nd), IRQ_NONE);
	stop_clean(&h);
}
END_TEST

START_TEST(events_during_boot_do_not_lose_init_done)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);

	/* Boot saw the sequencer (SEC2-booter boot only) and informational events before INIT_DONE. */
	if (nvcore_boot_family_of(nd) == &nvcore_boot_ga102)
		ck_assert_uint_gt(nd->core->event_stats[NVCORE_CORE_EVENT_RUN_CPU_SEQUENCER].count, 0);
	ck_assert_uint_gt(nd->core->event_stats[NVCORE_CORE_EVENT_LOG_ONLY].count, 0);
	stop_clean(&h);
}
END_TEST

Suite *irq_suite(void)
{
	Suite *s = suite_create("irq");
	TCase *tc = tcase_create("irq");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, swgen0_cleared_and_counted);
	tcase_add_test(tc, irq_without_swgen0_is_not_ours);
	tcase_add_test(tc, events_during_boot_do_not_lose_init_done);
	suite_add_tcase(s, tc);
	return s;
}
