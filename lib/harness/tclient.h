/* SPDX-License-Identifier: MIT */
/*
 * The conformance suites' client driver: binds the core's auxiliary device
 * "nvcore.gsp" like the vGPU manager would, attaches with a chosen API
 * version, reads gpu_info and counts the events the core hands it.
 */
#ifndef NVH_TCLIENT_H
#define NVH_TCLIENT_H

#include <nvcore/nvcore.h>

struct nvh_tclient {
	u32 api_version;		/* asked for at attach */
	int attach_ret;
	struct nvcore_client *client;
	struct nvcore_gpu_info info;	/* read right after attach */
	unsigned int count[NVCORE_EVENT_COUNT];
	u32 last_h_client[NVCORE_EVENT_COUNT];	/* owner of the last event per type */
	u32 last_gfid[NVCORE_EVENT_COUNT];	/* GFID of the last event per type */
	int last_num_vfs;			/* of the last SRIOV_CONFIGURE */
	bool attached_at[NVCORE_EVENT_COUNT];	/* the last event came while attached */
};

extern struct nvh_tclient nvh_tc;

/* Register the client driver (it binds and attaches at once); 0 or -errno. */
int nvh_tclient_start(u32 api_version);
void nvh_tclient_stop(void);
/* The raw number the release uses for a client-visible event type, 0 if none. */
u32 nvh_event_raw(const struct nvcore_fw_release *r, enum nvcore_event_type type);

#endif
