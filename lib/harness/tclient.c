// SPDX-License-Identifier: MIT
#include <string.h>

#include <linux/auxiliary_bus.h>

#include <kshim/kshim.h>

#include "fw/release.h"
#include "tclient.h"

struct nvh_tclient nvh_tc;

static void on_event(struct nvcore_client *cl, const struct nvcore_event *ev)
{
	nvh_tc.count[ev->type]++;
	nvh_tc.last_h_client[ev->type] = ev->h_client;
	nvh_tc.last_gfid[ev->type] = ev->gfid;
	nvh_tc.attached_at[ev->type] = nvh_tc.client == cl;
	if (ev->type == NVCORE_EVENT_SRIOV_CONFIGURE)
		nvh_tc.last_num_vfs = ev->num_vfs;
}

static const struct nvcore_client_ops ops = { .event = on_event };

static int tclient_probe(struct auxiliary_device *adev, const struct auxiliary_device_id *id)
{
	nvh_tc.attach_ret = nvcore_client_attach(adev, nvh_tc.api_version, &ops, NULL,
						 &nvh_tc.client);
	if (!nvh_tc.attach_ret)
		nvcore_gpu_info(nvh_tc.client, &nvh_tc.info);
	return nvh_tc.attach_ret;
}

static void tclient_remove(struct auxiliary_device *adev)
{
	nvcore_client_detach(nvh_tc.client);
	nvh_tc.client = NULL;
}

static const struct auxiliary_device_id tclient_ids[] = {
	{ .name = "nvcore." NVCORE_AUX_DEV_NAME },
	{ }
};

static struct auxiliary_driver tclient = {
	.name = "testclient",
	.probe = tclient_probe,
	.remove = tclient_remove,
	.id_table = tclient_ids,
};

int nvh_tclient_start(u32 api_version)
{
	int ret;

	memset(&nvh_tc, 0, sizeof(nvh_tc));
	nvh_tc.api_version = api_version;
	ret = auxiliary_driver_register(&tclient);
	kshim_settle();
	return ret ? ret : nvh_tc.attach_ret;
}

void nvh_tclient_stop(void)
{
	auxiliary_driver_unregister(&tclient);
}

u32 nvh_event_raw(const struct nvcore_fw_release *r, enum nvcore_event_type type)
{
	unsigned int i;

	for (i = 0; i < r->num_events; i++)
		if (r->events[i].kind == (int)type)
			return r->events[i].raw;
	return 0;
}
