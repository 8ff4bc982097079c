// SPDX-License-Identifier: MIT
/*
 * Events: dispatched to the attached client that owns them, logged when
 * only informational, and never confused with replies, also with several
 * concurrent submitters.
 */
#include "common.h"
#include "tclient.h"

static struct nvcore_dev *boot_with_client(struct nvh *h)
{
	struct nvcore_dev *nd = boot_ok(h);

	nvh_tclient_start(NVCORE_API_VERSION);
	return nd;
}

static void stop_with_client(struct nvh *h)
{
	nvh_tclient_stop();
	stop_clean(h);
}

START_TEST(every_event_dispatched_or_logged)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_with_client(&h);
	const struct nvcore_fw_release *r = nd->release;
	u8 payload[512] = { 0 };
	unsigned int i, expect[NVCORE_EVENT_COUNT] = { 0 };

	ck_assert_int_eq(nvh_tc.attach_ret, 0);
	for (i = 0; i < r->num_events; i++) {
		int kind = r->events[i].kind;

		/* INIT_DONE and the sequencer belong to boot; the rest can come any time. */
		if (kind == NVCORE_CORE_EVENT_INIT_DONE || kind == NVCORE_CORE_EVENT_RUN_CPU_SEQUENCER)
			continue;
		if (kind < NVCORE_EVENT_COUNT)
			expect[kind]++;
		ck_assert_int_eq(gspm_queue_event(h.m, kshim_now_ns() + 1000 * i, r->events[i].raw,
						  payload, sizeof(payload)), 0);
	}
	/* An event number no release defines is logged as unknown. */
	ck_assert_int_eq(gspm_queue_event(h.m, kshim_now_ns() + 100000, 0x1fff, payload, 16), 0);
	kshim_run_for(10000000);
	for (i = 0; i < NVCORE_EVENT_COUNT; i++)
		ck_assert_msg(nvh_tc.count[i] == expect[i], "event type %u: %u delivered, %u expected",
			      i, nvh_tc.count[i], expect[i]);
	ck_assert(kshim_log_contains("unknown event 0x1fff"));
	stop_with_client(&h);
}
END_TEST

START_TEST(post_event_goes_to_its_owner_only)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_with_client(&h);
	struct rpc_post_event_v17_00 pe = { .hClient = 0xc1d0ffff };
	u32 raw = nvh_event_raw(nd->release, NVCORE_EVENT_POST_EVENT);

	ck_assert_uint_ne(raw, 0);
	ck_assert_int_eq(gspm_queue_event(h.m, kshim_now_ns() + 1000, raw, &pe, sizeof(pe)), 0);
	pe.hClient = nvcore_client_handle(nvh_tc.client);
	ck_assert_int_eq(gspm_queue_event(h.m, kshim_now_ns() + 2000, raw, &pe, sizeof(pe)), 0);
	kshim_run_for(1000000);
	ck_assert_uint_eq(nvh_tc.count[NVCORE_EVENT_POST_EVENT], 1);
	ck_assert_uint_eq(nvh_tc.last_h_client[NVCORE_EVENT_POST_EVENT], pe.hClient);
	ck_assert(kshim_log_contains("has no attached owner"));
	stop_with_client(&h);
}
END_TEST

struct sub {
	struct nvcore_dev *nd;
	unsigned int salt;
};

static int echo_task(void *arg)
{
	struct sub *s = arg;
	unsigned int i;

	for (i = 0; i < 25; i++)
		if (nvh_echo(s->nd, 200 + 997 * ((s->salt + i) % 40), s->salt * 31 + i))
			return -1;
	return 0;
}

START_TEST(concurrent_submitters_get_their_own_replies)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_with_client(&h);
	struct kshim_task *t[5];
	struct sub s[5];
	u8 payload[64] = { 0 };	/* an rpc_rc_triggered_v17_02 of any release fits */
	u32 raw = nvh_event_raw(nd->release, NVCORE_EVENT_RC_TRIGGERED);
	unsigned int i;

	/* Events keep arriving while five tasks talk to GSP at once. */
	ck_assert_uint_ne(raw, 0);
	for (i = 0; i < 200; i++)
		gspm_queue_event(h.m, kshim_now_ns() + 20000 * i, raw, payload, sizeof(payload));
	for (i = 0; i < 5; i++) {
		s[i] = (struct sub){ nd, i + 1 };
		t[i] = kshim_task_start("echo", echo_task, &s[i]);
	}
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(kshim_task_join(t[i]), 0);
	kshim_run_for(10000000);
	ck_assert_uint_eq(nvh_tc.count[NVCORE_EVENT_RC_TRIGGERED], 200);
	stop_with_client(&h);
}
END_TEST

START_TEST(client_with_newer_api_is_refused)
{
	struct nvh h;

	boot_ok(&h);
	nvh_tclient_start((NVCORE_API_MAJOR + 1) << 16);
	ck_assert_int_eq(nvh_tc.attach_ret, -EPROTONOSUPPORT);
	ck_assert(kshim_log_contains("client asks for nvcore API 2.0"));
	nvh_tclient_stop();
	stop_clean(&h);
}
END_TEST

Suite *events_suite(void)
{
	Suite *s = suite_create("events");
	TCase *t = tcase_create("events");

	tcase_set_timeout(t, 120);
	tcase_add_test(t, every_event_dispatched_or_logged);
	tcase_add_test(t, post_event_goes_to_its_owner_only);
	tcase_add_test(t, concurrent_submitters_get_their_own_replies);
	tcase_add_test(t, client_with_newer_api_is_refused);
	suite_add_tcase(s, t);
	return s;
}
