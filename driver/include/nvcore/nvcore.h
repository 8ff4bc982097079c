/* SPDX-License-Identifier: MIT */
/*
 * nvcore client API: what a client driver (the vGPU manager, a future DRM
 * driver) sees of the core.  Firmware-neutral: no GSP-RM structure layout
 * or release-specific number appears here.  A client binds to the core's
 * auxiliary device "nvcore.gsp" and attaches with the API version it was
 * built against; the core refuses a major version it does not offer.
 */
#ifndef NVCORE_CLIENT_H
#define NVCORE_CLIENT_H

#include <linux/types.h>

/*
 * A minor version adds a guarantee a client may rely on; an older core
 * refuses a client that asks for a newer minor.  1.1: nvcore_rm_free()
 * succeeds once the firmware is lost.  1.2: vGPU support (SR-IOV events,
 * channel-ID and framebuffer allocators per GFID, nvcore_client_rpc()).
 * 1.3: copy-engine channels (nvcore_chan_*).  1.4: nvcore_rm_control_send().
 */
#define NVCORE_API_MAJOR	1
#define NVCORE_API_MINOR	4
#define NVCORE_API_VERSION	((NVCORE_API_MAJOR << 16) | NVCORE_API_MINOR)

/* Name of the auxiliary device the core publishes per GPU. */
#define NVCORE_AUX_DEV_NAME	"gsp"

struct auxiliary_device;
struct nvcore_client;

/* Events, in firmware-neutral terms (each release maps its own numbers). */
enum nvcore_event_type {
	NVCORE_EVENT_POST_EVENT,
	NVCORE_EVENT_RC_TRIGGERED,
	NVCORE_EVENT_MMU_FAULT_QUEUED,
	NVCORE_EVENT_OS_ERROR_LOG,
	NVCORE_EVENT_VGPU_PLUGIN_TRIGGERED,
	NVCORE_EVENT_VGPU_CONFIG,
	NVCORE_EVENT_MIG_CI_CONFIG_UPDATE,
	NVCORE_EVENT_LOCKDOWN_NOTICE,
	NVCORE_EVENT_NVLINK_FAULT,
	/* The core's own (1.2), not the firmware's: */
	NVCORE_EVENT_SRIOV_CONFIGURE,	/* VFs enabled or disabled: num_vfs */
	NVCORE_EVENT_PF_UNBIND,		/* the PF driver goes; its VFs go next */
	NVCORE_EVENT_DEVICE_LOST,	/* the firmware is lost; the GPU needs a reset */
	NVCORE_EVENT_COUNT
};

struct nvcore_event {
	enum nvcore_event_type type;
	const char *name;	/* the firmware's event name, for logs */
	u32 h_client;		/* the RM client it concerns, 0 if none */
	const void *data;	/* raw payload, valid during the callback */
	u32 len;
	u32 gfid;		/* RC_TRIGGERED: the function whose channel faulted (0: the PF) */
	int num_vfs;		/* SRIOV_CONFIGURE: VFs now enabled (GFIDs 1..num_vfs) */
};

struct nvcore_client_ops {
	/* Called in process context (the core's event work), never under a spinlock. */
	void (*event)(struct nvcore_client *client, const struct nvcore_event *ev);
};

/* Firmware-neutral summary of the GPU and its firmware. */
struct nvcore_gpu_info {
	char chip[16];		/* "ga102" */
	char name[64];		/* "NVIDIA A10" */
	char fw_version[64];	/* as the firmware reports it; "N/A" if it does not */
	u64 fb_size;
	u32 features;		/* NVCORE_FEATURE_* */
	u32 max_vgpu_gfid;
};

#define NVCORE_FEATURE_UVM			(1u << 0)
/* The firmware runs the vGPU-GSP MIG refactoring (570: gspFeatures bit 1). */
#define NVCORE_FEATURE_VGPU_MIG_REFACTORING	(1u << 1)

int nvcore_client_attach(struct auxiliary_device *adev, u32 api_version,
			 const struct nvcore_client_ops *ops, void *priv,
			 struct nvcore_client **out);
void nvcore_client_detach(struct nvcore_client *client);
void *nvcore_client_priv(struct nvcore_client *client);
void nvcore_gpu_info(struct nvcore_client *client, struct nvcore_gpu_info *info);

/*
 * RM object calls on the client's own RM client handle.  Return 0, a
 * negative errno when the call could not be carried out, or -EREMOTEIO when
 * the firmware ran it and reported a failure; *fw_status (may be NULL) then
 * holds the firmware's status, NV_OK otherwise.  Once the firmware is lost
 * (the GPU needs a reset) calls fail with -ENODEV, but nvcore_rm_free()
 * succeeds: the firmware's objects are gone with it, so a client tears down
 * the same way on a dead GPU as on a live one (since API 1.1).
 *
 * params is sent from and answered into in place: the core neither copies
 * nor allocates in proportion to params_size, and params is written only
 * when the call returns 0 (on failure it is left as it was), with one
 * exception: a reply larger than one message (about 64 KiB) is written as
 * its records arrive, so a firmware failing in the middle of one (-ENODEV,
 * -EIO, or -EREMOTEIO with NV_ERR_GENERIC) may leave part of it in params.
 * A call never returns while the core is writing params, nor is params
 * written after the call returned (a caller does not time out once its
 * reply has begun to arrive).  It must stay valid until the call returns.
 */
u32 nvcore_client_handle(struct nvcore_client *client);
int nvcore_rm_alloc(struct nvcore_client *client, u32 h_parent, u32 h_object,
		    u32 h_class, void *params, u32 params_size, u32 *fw_status);
int nvcore_rm_control(struct nvcore_client *client, u32 h_object, u32 cmd,
		      void *params, u32 params_size, u32 *fw_status);
/*
 * nvcore_rm_control() for parameters the client only sends (1.4): params is
 * read, never written, and may be read-only memory (a table uploaded from a
 * firmware file as request_firmware() mapped it: no writable copy); the
 * reply, parameters included, is received and checked as any reply (the
 * same errors), its parameters then dropped (as nouveau's
 * nvkm_gsp_rm_ctrl_wr, include/nvkm/subdev/gsp.h, pushes a control with no
 * reply for its caller).
 */
int nvcore_rm_control_send(struct nvcore_client *client, u32 h_object, u32 cmd,
			   const void *params, u32 params_size, u32 *fw_status);
int nvcore_rm_free(struct nvcore_client *client, u32 h_parent, u32 h_object,
		   u32 *fw_status);


/*
 * One firmware RPC the client built itself (function and payload after the
 * RPC header), run through the core's submit path: sequence-matched,
 * timed, in the RPC history and statistics.  Returns like the calls above;
 * the reply's first out_max bytes land in out (*out_len: how many).  The
 * core refuses the functions that are its own (boot, registry, unload,
 * continuation records) with -EPERM.
 */
int nvcore_client_rpc(struct nvcore_client *client, u32 function, const void *in,
		      u32 in_len, void *out, u32 out_max, u32 *out_len, u32 *fw_status);

/*
 * vGPU (1.2).  Each vGPU is one SR-IOV VF; its GFID is pci_iov_vf_id(vf) + 1
 * (GFID 0 is the PF).  The core hands out channel IDs and framebuffer in
 * ranges, each owned by the calling client and one GFID of an enabled VF;
 * what a client still holds when it detaches is freed and logged as a
 * leak, and VFs cannot be disabled while their GFIDs hold anything.  All
 * return -ENODEV when this GPU does not run vGPU (nvcore.vgpu).
 */
struct nvcore_vgpu_info {
	u32 max_vgpus;		/* vGPUs the firmware was booted for */
	u32 total_vfs;		/* the PF's SR-IOV TotalVFs */
	u32 num_vfs;		/* enabled now */
	u32 chid_first, chid_count;	/* the channel IDs kept for vGPUs */
	u64 fb_start, fb_size;		/* the framebuffer kept for vGPUs */
};
int nvcore_vgpu_info(struct nvcore_client *client, struct nvcore_vgpu_info *info);
int nvcore_chid_alloc(struct nvcore_client *client, u32 gfid, u32 count, u32 *first);
int nvcore_chid_free(struct nvcore_client *client, u32 gfid, u32 first);
int nvcore_fb_alloc(struct nvcore_client *client, u32 gfid, u64 size, u64 align, u64 *offset);
int nvcore_fb_free(struct nvcore_client *client, u32 gfid, u64 offset);
/* What this client holds for gfid. */
void nvcore_vgpu_usage(struct nvcore_client *client, u32 gfid, u32 *chids, u64 *fb_bytes);

/*
 * Copy-engine channels (1.3): a GPFIFO channel on a channel ID the client
 * names, with a copy-engine object on it, under an RM device the client
 * owns; the client builds its own methods (the channel class's method
 * headers and the copy engine's methods) and the core only carries them:
 * it copies them into the channel's pushbuffer, writes one GPFIFO entry and
 * rings the doorbell with the channel's work-submit token.  Completion is
 * the client's to see, through a semaphore it has the engine release into
 * the channel's semaphore page (sem_addr, sem_read).  The channel's GPU
 * addresses are bus addresses of system memory.  Returns like the RM calls
 * above; -EOPNOTSUPP where the chip or firmware has no such channel here.
 * A client frees its channels before it detaches.
 */
struct nvcore_chan;
struct nvcore_chan_info {
	u32 ce_class;		/* the copy engine's class (e.g. 0xc7b5) */
	u32 ce_subchannel;	/* the subchannel it is bound to */
	u64 sem_addr;		/* GPU address of the 4 KiB semaphore page */
	u32 max_dwords;		/* the most one submit carries */
};
int nvcore_chan_alloc(struct nvcore_client *client, u32 h_device, u32 h_chan, u32 h_ce, u32 chid,
		      struct nvcore_chan **out);
void nvcore_chan_info(const struct nvcore_chan *chan, struct nvcore_chan_info *info);
/* The 32-bit word at byte offset off of the semaphore page; set it before a submit. */
u32 nvcore_chan_sem_read(const struct nvcore_chan *chan, u32 off);
void nvcore_chan_sem_write(struct nvcore_chan *chan, u32 off, u32 val);
/* -EBUSY while the previous submission is not fetched yet; -EINVAL: no or too many dwords. */
int nvcore_chan_submit(struct nvcore_chan *chan, const u32 *dwords, u32 count);
void nvcore_chan_free(struct nvcore_chan *chan);

#endif
