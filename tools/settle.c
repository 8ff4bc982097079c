// SPDX-License-Identifier: MIT
/* settle.h: replay leniently until the driver's run is a fixed point. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay.h"
#include "settle.h"

#define ROUNDS	6

/* The run with the draft's header (a copy of the draft takes the run's header away to be freed). */
static int take_header(struct nvt_trace *run, const struct nvt_trace *draft)
{
	struct nvt_trace *c = nvt_dup(draft);
	struct nvt_header h;

	if (!c)
		return -1;
	h = run->h;
	run->h = c->h;
	c->h = h;
	nvt_free(c);
	return 0;
}

static char *text_of(const struct nvt_trace *t)
{
	char *text = NULL;
	size_t sz;
	FILE *m = open_memstream(&text, &sz);

	if (!m)
		return NULL;
	if (nvt_write(t, m) | fclose(m)) {
		free(text);
		return NULL;
	}
	return text;
}

struct nvt_trace *gsptrace_settle(const struct nvt_trace *draft,
				  void (*fix)(struct nvt_trace *run), char *err, size_t errlen)
{
	/* The rounds diverge by design: their reports are not the user's business. */
	FILE *sink = fopen("/dev/null", "w");
	struct nvt_replay_opts o = { .lenient = true, .quiet = true, .bundle_dir = "",
				     .out = sink ? sink : stderr };
	const struct nvt_trace *cur = draft;
	struct nvt_trace *run = NULL;
	char *prev = NULL, *text = NULL;
	int round;

	for (round = 0; round < ROUNDS; round++) {
		struct nvt_replay_result res = { 0 };

		nvt_replay(cur, &o, &res);
		if (cur != draft)
			nvt_free((struct nvt_trace *)cur);
		cur = run = res.got;
		if (!run) {
			snprintf(err, errlen, "round %d of the lenient replay gave no run", round + 1);
			break;
		}
		if (fix)
			fix(run);
		if (take_header(run, draft) || !(text = text_of(run))) {
			snprintf(err, errlen, "%s", strerror(errno ? errno : ENOMEM));
			break;
		}
		if (prev && !strcmp(prev, text))
			break;
		free(prev);
		prev = text;
		text = NULL;
	}
	if (sink)
		fclose(sink);
	if (round == ROUNDS)
		snprintf(err, errlen, "the driver's run did not settle in %d lenient replays", ROUNDS);
	if (!text || !run) {
		nvt_free(run);
		run = NULL;
	}
	free(prev);
	free(text);
	return run;
}
