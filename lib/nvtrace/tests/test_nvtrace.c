// SPDX-License-Identifier: MIT
/*
 * nvtrace loader/writer: round trip and every kind of load error; the
 * tolerated differences of each source and how a header's own rules extend
 * them (expected values: docs/trace-format.md "Tolerated differences").
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "compare.h"
#include "nvtrace.h"
#include "testutil.h"

#define HDR "{\"nvtrace\":1,\"chip\":\"ga102\",\"pci\":{\"vendor\":\"0x10de\",\"device\":\"0x2236\"," \
	"\"subsystem\":\"0x10de:0x1482\",\"revision\":\"0xa1\"},\"release\":\"535.113.01\"," \
	"\"driver\":\"nvcore 1.0\",\"seed\":\"0x6e76636f7265\",\"source\":\"emulated\"," \
	"\"tolerate\":[{\"rule\":\"dma-remap\"},{\"rule\":\"time\",\"window_ns\":50000000}," \
	"{\"rule\":\"handles\"},{\"rule\":\"ignore\",\"k\":\"wr\",\"reg\":\"0x00110040\"}]," \
	"\"scenario\":\"boot\",\"expect\":{\"probe\":\"-ETIMEDOUT\",\"log\":[\"timed out\"]}}\n"

static const char good[] = HDR
	"{\"t\":0,\"k\":\"rd\",\"d\":\"g\",\"reg\":\"0x00000000\",\"name\":\"BOOT_0\",\"val\":\"0x172000a1\"}\n"
	"{\"t\":1,\"k\":\"rd\",\"d\":\"g\",\"reg\":\"0x00118128\",\"name\":\"PLM\",\"val\":\"0x00000000\",\"n\":7}\n"
	"{\"t\":5,\"k\":\"wr\",\"d\":\"h\",\"reg\":\"0x00110040\",\"name\":\"MAILBOX0\",\"val\":\"0x00001000\"}\n"
	"{\"t\":9,\"k\":\"cmd\",\"d\":\"h\",\"seq\":0,\"fn\":72,\"name\":\"GSP_SET_SYSTEM_INFO\",\"len\":3,\"elems\":1,\"payload\":\"00a1ff\"}\n"
	"{\"t\":9,\"k\":\"msg\",\"d\":\"g\",\"seq\":0,\"fn\":4097,\"name\":\"GSP_INIT_DONE\",\"result\":\"0x00000000\",\"len\":0,\"elems\":1,\"payload\":\"\"}\n"
	"{\"t\":10,\"k\":\"irq\",\"d\":\"g\",\"stat\":\"0x00000040\"}\n"
	"{\"t\":11,\"k\":\"state\",\"d\":\"h\",\"state\":\"ready\"}\n"
	"{\"t\":12,\"k\":\"err\",\"d\":\"h\",\"what\":\"rpc-timeout\",\"fn\":76,\"seq\":3}\n"
	"{\"t\":13,\"k\":\"drop\",\"d\":\"h\",\"count\":4}\n";

/* An old trace (the module wrote seed and tolerate then) still loads and round-trips. */
START_TEST(round_trip)
{
	char err[256];
	struct nvt_trace *t = nvt_load_mem("good", good, strlen(good), err, sizeof(err));
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_msg(t, "%s", err);
	ck_assert_uint_eq(t->n, 9);
	ck_assert_str_eq(t->h.chip, "ga102");
	ck_assert(t->h.has_seed);
	ck_assert_uint_eq(t->h.seed, 0x6e76636f7265ull);
	ck_assert_uint_eq(t->h.ntolerate, 4);
	ck_assert_int_eq(t->h.tolerate[1].rule, NVT_RULE_TIME);
	ck_assert_uint_eq(t->h.tolerate[1].window_ns, 50000000);
	ck_assert(t->h.tolerate[3].has_reg);
	ck_assert_str_eq(t->h.expect_probe, "-ETIMEDOUT");
	ck_assert_uint_eq(t->h.nexpect_log, 1);
	/* A polling loop's repeat count is kept (one read: no "n" written back). */
	ck_assert_uint_eq(t->rec[0].n, 1);
	ck_assert_uint_eq(t->rec[1].n, 7);
	ck_assert_int_eq(t->rec[3].k, NVT_CMD);
	ck_assert_uint_eq(t->rec[3].line, 5);
	ck_assert_uint_eq(t->rec[3].len, 3);
	ck_assert_uint_eq(t->rec[3].payload[1], 0xa1);
	ck_assert_uint_eq(t->rec[4].fn, 0x1001);
	ck_assert_str_eq(t->rec[7].what, "rpc-timeout");
	ck_assert_str_eq(t->rec[7].extra, "{\"fn\":76,\"seq\":3}");
	ck_assert_uint_eq(t->rec[8].count, 4);
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(nvt_write(t, f), 0);
	fclose(f);
	ck_assert_str_eq(buf, good);
	free(buf);
	nvt_free(t);
}
END_TEST

static const struct {
	const char *body, *want;
} bad[] = {
	{ "{\"t\":0,\"k\":\"wr\",\"d\":\"h\",\"reg\":\"0x1\",\"val\":\"0x1\"\n", ":2: bad JSON" },
	{ "{\"t\":0,\"k\":\"zz\",\"d\":\"h\"}\n", ":2: unknown record kind \"zz\"" },
	{ "{\"t\":0,\"k\":\"cmd\",\"d\":\"h\",\"fn\":1,\"len\":0,\"elems\":1,\"payload\":\"\"}\n",
	  ":2: cmd: missing field \"seq\"" },
	{ "{\"t\":0,\"k\":\"cmd\",\"d\":\"h\",\"seq\":0,\"fn\":1,\"len\":1,\"elems\":1,\"payload\":\"0g\"}\n",
	  ":2: cmd: field \"payload\": bad hex" },
	{ "{\"t\":0,\"k\":\"cmd\",\"d\":\"h\",\"seq\":0,\"fn\":1,\"len\":2,\"elems\":1,\"payload\":\"00\"}\n",
	  ":2: cmd: payload has 1 bytes but \"len\" says 2" },
	{ "{\"t\":0,\"k\":\"wr\",\"d\":\"h\",\"reg\":\"0xq\",\"val\":\"0x1\"}\n",
	  ":2: wr: field \"reg\": bad hex" },
	{ "{\"t\":0,\"k\":\"wr\",\"d\":\"g\",\"reg\":\"0x1\",\"val\":\"0x1\"}\n", ":2: wr: direction" },
	{ "{\"t\":0,\"k\":\"rd\",\"d\":\"g\",\"reg\":\"0x1\",\"val\":\"0x1\",\"n\":0}\n",
	  ":2: rd: field \"n\": want an integer 1.." },
	{ "{\"t\":0,\"k\":\"rd\",\"d\":\"g\",\"reg\":\"0x1\",\"val\":\"0x1\",\"n\":\"3\"}\n",
	  ":2: rd: field \"n\": want an integer" },
	{ "{\"t\":5,\"k\":\"state\",\"d\":\"h\",\"state\":\"a\"}\n"
	  "{\"t\":4,\"k\":\"state\",\"d\":\"h\",\"state\":\"b\"}\n", ":3: non-monotonic time" },
};

START_TEST(load_errors)
{
	char err[256], *buf;
	struct nvt_trace *t;

	ck_assert_int_ne(asprintf(&buf, "%s%s", HDR, bad[_i].body), -1);
	t = nvt_load_mem("x.jsonl", buf, strlen(buf), err, sizeof(err));
	ck_assert_msg(!t, "loaded: %s", bad[_i].body);
	ck_assert_msg(strstr(err, bad[_i].want), "got '%s', want '%s'", err, bad[_i].want);
	ck_assert_msg(!strncmp(err, "x.jsonl:", 8), "%s", err);
	free(buf);
}
END_TEST

#define FACTS(source) "{\"nvtrace\":1,\"chip\":\"ga102\",\"pci\":{\"vendor\":\"0x10de\"," \
	"\"device\":\"0x2236\"},\"release\":\"r\",\"driver\":\"d\",\"source\":\"" source "\""

START_TEST(header_errors)
{
	static const char v2[] = "{\"nvtrace\":2,\"chip\":\"ga102\"}\n";
	static const char unknown[] = FACTS("emulator") "}\n";
	static const char nosource[] = "{\"nvtrace\":1,\"chip\":\"ga102\",\"pci\":{\"vendor\":"
		"\"0x10de\",\"device\":\"0x2236\"},\"release\":\"r\",\"driver\":\"d\"}\n";
	static const char badtol[] = FACTS("emulated") ",\"tolerate\":{\"rule\":\"handles\"}}\n";
	static const char badparam[] = FACTS("emulated") ",\"params\":[\"vgpu=2\"]}\n";
	static const char params[] = FACTS("emulated") ",\"params\":[\"nvcore.vgpu=2\"]}\n";
	struct nvt_trace *t;
	char err[256];

	ck_assert(!nvt_load_mem("v", v2, strlen(v2), err, sizeof(err)));
	ck_assert_msg(strstr(err, "v:1: unknown nvtrace version 2"), "%s", err);
	ck_assert(!nvt_load_mem("u.jsonl", unknown, strlen(unknown), err, sizeof(err)));
	ck_assert_str_eq(err, "u.jsonl:1: header: unknown source \"emulator\" "
			      "(emulated, hardware or field:<URL>)");
	ck_assert(!nvt_load_mem("v", nosource, strlen(nosource), err, sizeof(err)));
	ck_assert_msg(strstr(err, "v:1: header: missing field \"source\""), "%s", err);
	ck_assert(!nvt_load_mem("v", badtol, strlen(badtol), err, sizeof(err)));
	ck_assert_msg(strstr(err, "v:1: header: \"tolerate\" must be an array"), "%s", err);
	/* Module parameters: "module.parameter=value", kept through a write. */
	ck_assert(!nvt_load_mem("v", badparam, strlen(badparam), err, sizeof(err)));
	ck_assert_str_eq(err, "v:1: header: params[0]: \"vgpu=2\" is no \"module.parameter=value\"");
	t = nvt_load_mem("v", params, strlen(params), err, sizeof(err));
	ck_assert_msg(t, "%s", err);
	ck_assert_uint_eq(t->h.nparams, 1);
	ck_assert_str_eq(t->h.params[0], "nvcore.vgpu=2");
	{
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);

		ck_assert_int_eq(nvt_write(t, f), 0);
		fclose(f);
		ck_assert_msg(strstr(out, "\"params\":[\"nvcore.vgpu=2\"]"), "%s", out);
		free(out);
	}
	nvt_free(t);
	ck_assert(!nvt_load_mem("v", "", 0, err, sizeof(err)));
	ck_assert_msg(strstr(err, "v:1: empty file"), "%s", err);
	ck_assert(!nvt_load("/nonexistent.jsonl", err, sizeof(err)));
	ck_assert_msg(strstr(err, "/nonexistent.jsonl:0: cannot open"), "%s", err);
}
END_TEST

START_TEST(edit)
{
	char err[256];
	struct nvt_trace *t = nvt_load_mem("good", good, strlen(good), err, sizeof(err));
	struct nvt_trace *c = nvt_dup(t);
	char *a, *b;

	nvt_remove(c, 2, 2);
	ck_assert_uint_eq(c->n, 7);
	ck_assert_int_eq(c->rec[2].k, NVT_MSG);
	a = nvt_format_record(&t->rec[4]);
	b = nvt_format_record(&c->rec[2]);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	nvt_free(c);
	nvt_free(t);
}
END_TEST

/* A field trace has no default rules: each rule is tested alone. */
static const char cmp_hdr[] = FACTS("field:test") ",\"tolerate\":[%s]}\n";

static struct nvt_trace *mk_source(const char *hdr, const char *rules, const char *body)
{
	char err[256], *buf;
	struct nvt_trace *t;

	ck_assert_int_ne(asprintf(&buf, hdr, rules), -1);
	buf = realloc(buf, strlen(buf) + strlen(body) + 1);
	strcat(buf, body);
	t = nvt_load_mem("m", buf, strlen(buf), err, sizeof(err));
	ck_assert_msg(t, "%s", err);
	free(buf);
	return t;
}

static struct nvt_trace *mk(const char *rules, const char *body)
{
	return mk_source(cmp_hdr, rules, body);
}

#define WR(t, reg, val) "{\"t\":" #t ",\"k\":\"wr\",\"d\":\"h\",\"reg\":\"" reg "\",\"name\":\"\",\"val\":\"" val "\"}\n"
#define CMD(t, fn, pl, n) "{\"t\":" #t ",\"k\":\"cmd\",\"d\":\"h\",\"seq\":1,\"fn\":" #fn ",\"name\":\"\",\"len\":" #n ",\"elems\":1,\"payload\":\"" pl "\"}\n"
#define STATE(t, s) "{\"t\":" #t ",\"k\":\"state\",\"d\":\"h\",\"state\":\"" s "\"}\n"
#define RD(t) "{\"t\":" #t ",\"k\":\"rd\",\"d\":\"g\",\"reg\":\"0x0\",\"name\":\"\",\"val\":\"0x1\"}\n"

START_TEST(compare_rules)
{
	struct nvt_cmp_result res;
	struct nvt_trace *a, *b;

	/* Identical host records, different firmware records: same. */
	a = mk("", WR(0, "0x00110040", "0x00001000") RD(1) CMD(2, 76, "0100d0c1aabb", 6));
	b = mk("", WR(0, "0x00110040", "0x00001000") CMD(2, 76, "0100d0c1aabb", 6));
	ck_assert_int_eq(nvt_compare(a, b, NULL, &res), 0);
	ck_assert_uint_eq(res.compared, 2);
	nvt_free(b);
	/* A changed fn: divergence at that record, both values. */
	b = mk("", WR(0, "0x00110040", "0x00001000") CMD(2, 103, "0100d0c1aabb", 6));
	ck_assert_int_eq(nvt_compare(a, b, NULL, &res), 1);
	ck_assert_str_eq(res.first.field, "fn");
	ck_assert_uint_eq(res.first.line_a, 4);
	ck_assert_uint_eq(res.first.line_b, 3);
	ck_assert_ptr_nonnull(strstr(res.first.a, "76"));
	ck_assert_ptr_nonnull(strstr(res.first.b, "103"));
	nvt_free(b);
	/* A payload byte: offset and window. */
	b = mk("", WR(0, "0x00110040", "0x00001000") CMD(2, 76, "0100d0c1aabc", 6));
	ck_assert_int_eq(nvt_compare(a, b, NULL, &res), 1);
	ck_assert_str_eq(res.first.field, "payload");
	ck_assert_int_eq(res.first.payload_off, 5);
	nvt_free(b);
	/* A renamed handle without the rule: divergence; with it: same. */
	b = mk("", WR(0, "0x00110040", "0x00001000") CMD(2, 76, "0200d0c1aabb", 6));
	ck_assert_int_eq(nvt_compare(a, b, NULL, &res), 1);
	nvt_free(a);
	a = mk("{\"rule\":\"handles\"}", WR(0, "0x00110040", "0x00001000") CMD(2, 76, "0100d0c1aabb", 6));
	ck_assert_int_eq(nvt_compare(a, b, NULL, &res), 0);
	nvt_free(a);
	nvt_free(b);
	/* dma-remap: mailbox values may remap, one to one only. */
	a = mk("{\"rule\":\"dma-remap\"}", WR(0, "0x00110040", "0x00001000") WR(1, "0x00110044", "0x00002000")
	       WR(2, "0x00110040", "0x00001000"));
	b = mk("", WR(0, "0x00110040", "0x00005000") WR(1, "0x00110044", "0x00006000")
	       WR(2, "0x00110040", "0x00005000"));
	ck_assert_int_eq(nvt_compare(a, b, NULL, &res), 0);
	nvt_free(b);
	b = mk("", WR(0, "0x00110040", "0x00005000") WR(1, "0x00110044", "0x00006000")
	       WR(2, "0x00110040", "0x00006000"));
	ck_assert_int_eq(nvt_compare(a, b, NULL, &res), 1);
	ck_assert_uint_eq(res.first.line_a, 4);
	ck_assert_str_eq(res.first.field, "val");
	nvt_free(b);
	/* A missing record at the end. */
	b = mk("", WR(0, "0x00110040", "0x00005000") WR(1, "0x00110044", "0x00006000"));
	ck_assert_int_eq(nvt_compare(a, b, NULL, &res), 1);
	ck_assert_str_eq(res.first.field, "end");
	nvt_free(b);
	nvt_free(a);
	/* time window and ignore. */
	a = mk("{\"rule\":\"time\",\"window_ns\":10},{\"rule\":\"ignore\",\"k\":\"cmd\",\"fn\":76}",
	       WR(100, "0x1", "0x1") CMD(200, 76, "00", 1));
	b = mk("", WR(105, "0x1", "0x1"));
	ck_assert_int_eq(nvt_compare(a, b, NULL, &res), 0);
	nvt_free(b);
	b = mk("", WR(150, "0x1", "0x1"));
	ck_assert_int_eq(nvt_compare(a, b, NULL, &res), 1);
	ck_assert_str_eq(res.first.field, "t");
	nvt_free(b);
	nvt_free(a);
}
END_TEST

/*
 * The module's header has no "tolerate": replay uses the source's defaults.
 * From the format document: emulated is dma-remap, time (50 ms), handles;
 * hardware is dma-remap, handles and ignore the GSP's IRQSCLR writes
 * (NV_PGSP_FALCON_IRQSCLR: falcon base 0x110000 + IRQSCLR 0x004) and its
 * IRQSTAT reads (+ 0x008); field traces have none.
 */
START_TEST(source_defaults)
{
	static const char emu[] = FACTS("emulated") "%s}\n", hw[] = FACTS("hardware") "%s}\n",
			  field[] = FACTS("field:https://example.com/1") "%s}\n";
	struct nvt_cmp_result res;
	struct nvt_trace *a, *b;
	struct nvt_rule *r;
	size_t n;

	a = mk_source(emu, "", "");
	ck_assert_uint_eq(a->h.ntolerate, 0);
	ck_assert(!a->h.has_seed);
	r = nvt_rules(&a->h, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(r[0].rule, NVT_RULE_DMA_REMAP);
	ck_assert_int_eq(r[1].rule, NVT_RULE_TIME);
	ck_assert_uint_eq(r[1].window_ns, 50000000);
	ck_assert_int_eq(r[2].rule, NVT_RULE_HANDLES);
	free(r);
	nvt_free(a);

	a = mk_source(hw, "", "");
	r = nvt_rules(&a->h, &n);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(r[0].rule, NVT_RULE_DMA_REMAP);
	ck_assert_int_eq(r[1].rule, NVT_RULE_HANDLES);
	ck_assert_int_eq(r[2].rule, NVT_RULE_IGNORE);
	ck_assert_int_eq(r[2].k, NVT_WR);
	ck_assert(r[2].has_reg && !r[2].has_fn);
	ck_assert_uint_eq(r[2].reg, 0x00110004);
	ck_assert_int_eq(r[3].rule, NVT_RULE_IGNORE);
	ck_assert_int_eq(r[3].k, NVT_RD);
	ck_assert_uint_eq(r[3].reg, 0x00110008);
	free(r);
	nvt_free(a);

	a = mk_source(field, "", "");
	r = nvt_rules(&a->h, &n);
	ck_assert_uint_eq(n, 0);
	free(r);
	nvt_free(a);

	/* Emulated: a renamed handle, a remapped mailbox and 50 ms are tolerated; 50 ms + 1 ns is not. */
	a = mk_source(emu, "", WR(0, "0x00110040", "0x00001000") WR(1, "0x00110044", "0x00002000")
		      CMD(100000000, 76, "0100d0c1aabb", 6));
	b = mk_source(emu, "", WR(0, "0x00110040", "0x00005000") WR(1, "0x00110044", "0x00006000")
		      CMD(150000000, 76, "0200d0c1aabb", 6));
	ck_assert_int_eq(nvt_compare(a, b, NULL, &res), 0);
	ck_assert_uint_eq(res.compared, 3);
	nvt_free(b);
	b = mk_source(emu, "", WR(0, "0x00110040", "0x00005000") WR(1, "0x00110044", "0x00006000")
		      CMD(150000001, 76, "0200d0c1aabb", 6));
	ck_assert_int_eq(nvt_compare(a, b, NULL, &res), 1);
	ck_assert_str_eq(res.first.field, "t");
	ck_assert_uint_eq(res.first.line_a, 4);
	nvt_free(b);
	nvt_free(a);

	/* Hardware: times are not compared and an extra GSP IRQSCLR write is no divergence, */
	a = mk_source(hw, "", WR(0, "0x00110040", "0x00001000") CMD(100, 76, "00", 1));
	b = mk_source(hw, "", WR(5000000000, "0x00110040", "0x00001000")
		      WR(5000000001, "0x00110004", "0x00000040") CMD(9000000000, 76, "00", 1));
	ck_assert_int_eq(nvt_compare(a, b, NULL, &res), 0);
	ck_assert_uint_eq(res.compared, 2);
	nvt_free(b);
	/* but one of SEC2's (0x840004) is. */
	b = mk_source(hw, "", WR(0, "0x00110040", "0x00001000") WR(1, "0x00840004", "0x00000040")
		      CMD(100, 76, "00", 1));
	ck_assert_int_eq(nvt_compare(a, b, NULL, &res), 1);
	ck_assert_uint_eq(res.first.line_b, 3);
	nvt_free(b);
	nvt_free(a);
}
END_TEST

/* A header's own rules extend its source's defaults; its "time" rule sets the window. */
START_TEST(header_rules_extend_defaults)
{
	static const char emu[] = FACTS("emulated") ",\"tolerate\":[%s]}\n";
	struct nvt_cmp_result res;
	struct nvt_trace *a, *b;
	struct nvt_rule *r;
	size_t n;

	a = mk_source(emu, "{\"rule\":\"ignore\",\"k\":\"state\"}",
		      WR(0, "0x00110040", "0x00001000") STATE(1, "a") CMD(2, 76, "0100d0c1", 4));
	r = nvt_rules(&a->h, &n);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(r[3].rule, NVT_RULE_IGNORE);
	ck_assert_int_eq(r[3].k, NVT_STATE);
	free(r);
	/* The defaults still hold (a remapped mailbox, a renamed handle) beside the added rule. */
	b = mk_source(emu, "", WR(0, "0x00110040", "0x00005000") STATE(1, "b")
		      CMD(2, 76, "0200d0c1", 4));
	ck_assert_int_eq(nvt_compare(a, b, NULL, &res), 0);
	ck_assert_uint_eq(res.compared, 2);
	nvt_free(b);
	nvt_free(a);

	/* A 10 ns window replaces the default 50 ms one. */
	a = mk_source(emu, "{\"rule\":\"time\",\"window_ns\":10}", WR(100, "0x1", "0x1"));
	b = mk_source(emu, "", WR(111, "0x1", "0x1"));
	ck_assert_int_eq(nvt_compare(a, b, NULL, &res), 1);
	ck_assert_str_eq(res.first.field, "t");
	nvt_free(b);
	nvt_free(a);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("nvtrace");
	TCase *tc = tcase_create("loader");

	tcase_add_test(tc, round_trip);
	tcase_add_loop_test(tc, load_errors, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, header_errors);
	tcase_add_test(tc, edit);
	tcase_add_test(tc, compare_rules);
	tcase_add_test(tc, source_defaults);
	tcase_add_test(tc, header_rules_extend_defaults);
	suite_add_tcase(s, tc);
	return check_run(s);
}
