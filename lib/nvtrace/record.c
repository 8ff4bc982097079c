// SPDX-License-Identifier: MIT
/* Record an emulated scenario with the driver's recorder (replay.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "harness.h"

#include "replay.h"

/* One past the 64 KiB element limit (continuation records both ways), the rest small. */
static const size_t rpc_sizes[] = { 0, 16, 3000, 66 * 1024 };

int nvt_record_scenario(const char *chip, const char *release, const char *scenario, uint64_t seed,
		    bool seed_set, char **text_out, size_t *len_out)
{
	struct nvh h;
	struct nvh_opts o = nvh_defaults();
	struct nvt_trace *t;
	char err[512], b[32], *text = NULL, *hdr;
	size_t len = 0, i;
	int ret = 0, probe_ret;

	if (nvh_parse_chip(chip, &o.chip)) {
		fprintf(stderr, "record: unknown chip \"%s\"\n", chip);
		return 2;
	}
	if (strcmp(scenario, "boot") && strcmp(scenario, "rpc") && strcmp(scenario, "irq") &&
	    strcmp(scenario, "unload") && strcmp(scenario, "refused")) {
		fprintf(stderr, "record: unknown scenario \"%s\"\n", scenario);
		return 2;
	}
	o.fw_release = release;
	o.trace = true;
	if (seed_set)
		o.seed = seed;
	nvh_start(&h, &o);
	probe_ret = h.probe_ret;
	if (!strcmp(scenario, "refused")) {
		/* A combination nvcore refuses by design: the probe must fail. */
		if (!probe_ret) {
			fprintf(stderr, "record: %s × %s booted; it is not a refused combination\n",
				chip, release);
			ret = 1;
		}
	} else if (probe_ret) {
		fprintf(stderr, "record: probe failed: %d\n", probe_ret);
		ret = 1;
	} else if (!strcmp(scenario, "rpc")) {
		for (i = 0; i < sizeof(rpc_sizes) / sizeof(rpc_sizes[0]); i++)
			if (nvh_echo(nvh_dev(&h), rpc_sizes[i], (unsigned int)i + 1)) {
				fprintf(stderr, "record: echo of %zu bytes failed\n", rpc_sizes[i]);
				ret = 1;
			}
	} else if (!strcmp(scenario, "irq")) {
		const struct nvcore_fw_release *r = nvh_dev(&h)->release;
		uint8_t payload[64];
		unsigned int q = 0;

		for (i = 0; i < sizeof(payload); i++)
			payload[i] = (uint8_t)(i * 3);
		for (i = 0; i < r->num_events && q < 4; i++) {
			if (r->events[i].kind == NVCORE_CORE_EVENT_INIT_DONE ||
			    r->events[i].kind == NVCORE_CORE_EVENT_RUN_CPU_SEQUENCER)
				continue;
			if (gspm_queue_event(h.m, kshim_now_ns() + 20000 * (q + 1), r->events[i].raw,
					     payload, sizeof(payload)))
				ret = 1;
			q++;
		}
		if (gspm_queue_event(h.m, kshim_now_ns() + 20000 * (q + 1), 0x1fff, payload, 16))
			ret = 1;
		kshim_run_for(10000000);
	}
	if (!strcmp(scenario, "unload"))
		nvh_remove(&h);
	text = nvh_trace_collect(&h, &len);
	if (nvh_stop(&h))
		ret = 1;
	if (!text || !len) {
		fprintf(stderr, "record: nothing was recorded\n");
		free(text);
		return 1;
	}
	t = nvt_load_mem("recorded", text, len, err, sizeof(err));
	free(text);
	if (!t) {
		fprintf(stderr, "record: the recorder wrote a bad trace: %s\n", err);
		return 1;
	}
	free(t->h.scenario);
	t->h.scenario = strdup(scenario);
	t->h.has_expect = true;
	free(t->h.expect_probe);
	t->h.expect_probe = strdup(probe_ret ? nvt_errno_name(probe_ret, b, sizeof(b)) : "ok");
	if (!strcmp(scenario, "refused")) {
		t->h.expect_log = calloc(2, sizeof(*t->h.expect_log));
		if (t->h.expect_log &&
		    asprintf(&t->h.expect_log[0], "%s cannot boot GSP-RM %s", chip, release) > 0)
			t->h.nexpect_log = 1;
	}
	hdr = NULL;
	{
		FILE *f = open_memstream(&hdr, &len);

		if (!f || nvt_write(t, f))
			ret = 1;
		if (f)
			fclose(f);
	}
	nvt_free(t);
	*text_out = hdr;
	*len_out = len;
	return ret;
}

