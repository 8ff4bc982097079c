// SPDX-License-Identifier: MIT
/* Record an emulated scenario with the driver's recorder (replay.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kshim/sysfs.h>
#include <kshim/vfio.h>
#include <linux/vfio.h>

#include "core.h"
#include "harness.h"
#include "nvvgpu.h"

#include "replay.h"

/* One past the 64 KiB element limit (continuation records both ways), the rest small. */
static const size_t rpc_sizes[] = { 0, 16, 3000, 66 * 1024 };

/* The vgpu scenario boots GSP-RM for two vGPUs. */
static const char *const vgpu_params[] = { "nvcore.vgpu=2", NULL };

int nvt_apply_params(const struct nvt_header *h, FILE *out)
{
	int ret = 0;

	for (size_t i = 0; i < h->nparams; i++) {
		char *p = strdup(h->params[i]), *dot, *eq;

		if (!p)
			return -1;
		dot = strchr(p, '.');
		eq = strchr(p, '=');
		*dot = *eq = 0;		/* the loader checked the shape */
		if (kshim_set_param(p, dot + 1, eq + 1)) {
			fprintf(out, "replay: parameter \"%s\" could not be set\n", h->params[i]);
			ret = -1;
		}
		free(p);
	}
	return ret;
}

static void set_vgpu_params(struct nvh *h)
{
	struct nvt_header hdr = { .params = (char **)vgpu_params, .nparams = 1 };

	nvt_apply_params(&hdr, stderr);
}

/*
 * A vGPU's whole life (docs/vgpu.md): the manager and the VFIO driver bind,
 * two VFs come, VF 0 gets the first type it offers, a VMM opens it (create),
 * resets it and closes it (destroy), the VFs go and both drivers unbind.
 */
static int vgpu_lifecycle(struct nvh *h)
{
	struct vfio_device *vd;
	struct pci_dev *vf;
	char buf[4096], id[16];
	int ret;

	if (nvvgpu_register() || nvvgpu_vfio_register())
		return 1;
	kshim_settle();
	ret = kshim_pci_sriov_numvfs(h->pdev, 2);
	kshim_settle();
	vf = ret ? NULL : kshim_pci_vf(h->pdev, 0);
	if (!vf || kshim_sysfs_read(&vf->dev, "nvidia/creatable_vgpu_types", buf, sizeof(buf)) <= 0 ||
	    sscanf(buf, "ID : vGPU Name %15s", id) != 1 ||
	    kshim_sysfs_write(&vf->dev, "nvidia/current_vgpu_type", id, strlen(id)) < 0 ||
	    !(vd = kshim_vfio_device(vf))) {
		fprintf(stderr, "record: no VF with a vGPU type to open\n");
		ret = 1;
	} else if (kshim_vfio_open(vd)) {
		fprintf(stderr, "record: opening the VF failed\n");
		ret = 1;
	} else {
		if (kshim_vfio_ioctl(vd, VFIO_DEVICE_RESET, NULL)) {
			fprintf(stderr, "record: VFIO_DEVICE_RESET failed\n");
			ret = 1;
		}
		kshim_vfio_close(vd);
		kshim_sysfs_write(&vf->dev, "nvidia/current_vgpu_type", "0", 1);
	}
	if (kshim_pci_sriov_numvfs(h->pdev, 0))
		ret = 1;
	nvvgpu_vfio_unregister();
	nvvgpu_unregister();
	return ret;
}

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
	    strcmp(scenario, "unload") && strcmp(scenario, "refused") && strcmp(scenario, "vgpu")) {
		fprintf(stderr, "record: unknown scenario \"%s\"\n", scenario);
		return 2;
	}
	o.fw_release = release;
	o.trace = true;
	if (seed_set)
		o.seed = seed;
	if (!strcmp(scenario, "vgpu"))
		o.before_probe = set_vgpu_params;
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
	} else if (!strcmp(scenario, "vgpu")) {
		ret = vgpu_lifecycle(&h);
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
	if (!strcmp(scenario, "vgpu")) {
		t->h.params = calloc(2, sizeof(char *));
		if (t->h.params && (t->h.params[0] = strdup(vgpu_params[0])))
			t->h.nparams = 1;
	}
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

