// SPDX-License-Identifier: MIT
/*
 * Clients (the vGPU manager, a future DRM driver) bind to the auxiliary
 * device "nvcore.gsp" and attach with the API version they were built
 * for.  Each attached client gets its own RM client object in GSP-RM, and
 * POST_EVENT notifications for that RM client go only to it; other
 * client-visible events go to every client.
 */
#include <linux/auxiliary_bus.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "core.h"

struct nvcore_client {
	struct list_head node;
	struct nvcore_dev *nd;
	const struct nvcore_client_ops *ops;
	void *priv;
	u32 h_client;
};

/* nouveau's client handle convention (protocol.md §7). */
#define CLIENT_HANDLE_BASE	0xc1d00000u

static void adev_release(struct device *dev)
{
	kfree(container_of(dev, struct auxiliary_device, dev));
}

int nvcore_clients_init(struct nvcore_dev *nd)
{
	struct nvcore_core_state *c = nd->core;
	struct auxiliary_device *adev;
	int ret;

	mutex_init(&c->clients.lock);
	INIT_LIST_HEAD(&c->clients.list);
	adev = kzalloc(sizeof(*adev), GFP_KERNEL);
	if (!adev)
		return -ENOMEM;
	adev->name = NVCORE_AUX_DEV_NAME;
	adev->id = pci_dev_id(nd->pdev);
	adev->dev.parent = nd->dev;
	adev->dev.release = adev_release;
	ret = auxiliary_device_init(adev);
	if (ret) {
		kfree(adev);
		return ret;
	}
	ret = auxiliary_device_add(adev);
	if (ret) {
		auxiliary_device_uninit(adev);
		return ret;
	}
	/* The message work reads it (nvcore_clients_event) while probe goes on. */
	smp_store_release(&c->clients.adev, adev);
	return 0;
}

void nvcore_clients_fini(struct nvcore_dev *nd)
{
	struct nvcore_core_state *c = nd->core;

	if (!c->clients.adev)
		return;
	/* Unbinding the clients detaches them. */
	auxiliary_device_delete(c->clients.adev);
	auxiliary_device_uninit(c->clients.adev);
	WRITE_ONCE(c->clients.adev, NULL);
	WARN_ON(!list_empty(&c->clients.list));
}

void nvcore_clients_event(struct nvcore_dev *nd, const struct nvcore_event *ev)
{
	struct nvcore_core_state *c = nd->core;
	struct nvcore_client *cl;
	bool delivered = false;

	if (!smp_load_acquire(&c->clients.adev))
		return;
	mutex_lock(&c->clients.lock);
	list_for_each_entry(cl, &c->clients.list, node) {
		if (ev->h_client && ev->h_client != cl->h_client)
			continue;
		if (cl->ops->event)
			cl->ops->event(cl, ev);
		delivered = true;
	}
	mutex_unlock(&c->clients.lock);
	if (!delivered)
		dev_info(nd->dev, "GSP event %s (client 0x%x) has no attached owner\n", ev->name,
			 ev->h_client);
}

int nvcore_client_attach(struct auxiliary_device *adev, u32 api_version,
			 const struct nvcore_client_ops *ops, void *priv,
			 struct nvcore_client **out)
{
	/*
	 * The PF's drvdata: the auxiliary device's belongs to the client bound
	 * to it and is cleared when that client unbinds (device_unbind_cleanup).
	 */
	struct nvcore_dev *nd = dev_get_drvdata(adev->dev.parent);
	struct nvcore_core_state *c = nd->core;
	struct nvcore_client *cl;
	u32 status;
	int ret;

	if ((api_version >> 16) != NVCORE_API_MAJOR || (api_version & 0xffff) > NVCORE_API_MINOR) {
		dev_err(&adev->dev,
			"client asks for nvcore API %u.%u; this core offers %u.0 to %u.%u\n",
			api_version >> 16, api_version & 0xffff, NVCORE_API_MAJOR,
			NVCORE_API_MAJOR, NVCORE_API_MINOR);
		return -EPROTONOSUPPORT;
	}
	cl = kzalloc(sizeof(*cl), GFP_KERNEL);
	if (!cl)
		return -ENOMEM;
	cl->nd = nd;
	cl->ops = ops;
	cl->priv = priv;

	mutex_lock(&c->clients.lock);
	cl->h_client = CLIENT_HANDLE_BASE | ++c->clients.next_handle;
	mutex_unlock(&c->clients.lock);
	/* NV01_ROOT: hClient == hObject, no parent. */
	ret = nvcore_rm_alloc_raw(nd, cl->h_client, 0, cl->h_client, NV01_ROOT, NULL, 0, &status);
	if (ret) {
		dev_err(&adev->dev, "could not allocate an RM client: %d (status 0x%x)\n", ret,
			status);
		kfree(cl);
		return ret;
	}
	/* Set before the first event can reach the client's callback (found by TSan). */
	*out = cl;
	mutex_lock(&c->clients.lock);
	list_add_tail(&cl->node, &c->clients.list);
	mutex_unlock(&c->clients.lock);
	return 0;
}
EXPORT_SYMBOL_GPL(nvcore_client_attach);

void nvcore_client_detach(struct nvcore_client *cl)
{
	struct nvcore_dev *nd = cl->nd;

	mutex_lock(&nd->core->clients.lock);
	list_del(&cl->node);
	mutex_unlock(&nd->core->clients.lock);
	nvcore_vgpu_res_client_gone(cl);
	/* Freeing the RM client frees every object under it. */
	nvcore_rm_free_raw(nd, cl->h_client, 0, cl->h_client, NULL);
	kfree(cl);
}
EXPORT_SYMBOL_GPL(nvcore_client_detach);

void *nvcore_client_priv(struct nvcore_client *cl)
{
	return cl->priv;
}
EXPORT_SYMBOL_GPL(nvcore_client_priv);

u32 nvcore_client_handle(struct nvcore_client *cl)
{
	return cl->h_client;
}
EXPORT_SYMBOL_GPL(nvcore_client_handle);

void nvcore_gpu_info(struct nvcore_client *cl, struct nvcore_gpu_info *info)
{
	struct nvcore_dev *nd = cl->nd;

	memset(info, 0, sizeof(*info));
	strscpy(info->chip, nd->chip.name, sizeof(info->chip));
	strscpy(info->name, nd->core->boot.sinfo.gpu_name, sizeof(info->name));
	strscpy(info->fw_version, nd->core->boot.fw_version, sizeof(info->fw_version));
	info->features = nd->core->boot.fw_features;
	info->fb_size = nd->core->boot.sinfo.fb_length;
	info->max_vgpu_gfid = nd->core->boot.sinfo.max_gfid;
}
EXPORT_SYMBOL_GPL(nvcore_gpu_info);

int nvcore_rm_alloc(struct nvcore_client *cl, u32 h_parent, u32 h_object, u32 h_class,
		    void *params, u32 params_size, u32 *fw_status)
{
	return nvcore_rm_alloc_raw(cl->nd, cl->h_client, h_parent, h_object, h_class, params,
				   params_size, fw_status);
}
EXPORT_SYMBOL_GPL(nvcore_rm_alloc);

int nvcore_rm_control(struct nvcore_client *cl, u32 h_object, u32 cmd, void *params,
		      u32 params_size, u32 *fw_status)
{
	return nvcore_rm_control_raw(cl->nd, cl->h_client, h_object, cmd, params, params_size,
				     fw_status);
}
EXPORT_SYMBOL_GPL(nvcore_rm_control);

int nvcore_rm_control_send(struct nvcore_client *cl, u32 h_object, u32 cmd, const void *params,
			   u32 params_size, u32 *fw_status)
{
	return nvcore_rm_control_send_raw(cl->nd, cl->h_client, h_object, cmd, params, params_size,
					  fw_status);
}
EXPORT_SYMBOL_GPL(nvcore_rm_control_send);

int nvcore_rm_free(struct nvcore_client *cl, u32 h_parent, u32 h_object, u32 *fw_status)
{
	return nvcore_rm_free_raw(cl->nd, cl->h_client, h_parent, h_object, fw_status);
}
EXPORT_SYMBOL_GPL(nvcore_rm_free);

struct nvcore_dev *nvcore_client_dev(struct nvcore_client *cl)
{
	return cl->nd;
}

/* Functions only the core sends: boot, registry and unload, and its record splitting. */
static bool core_function(u32 function)
{
	return function == NV_VGPU_MSG_FUNCTION_GSP_SET_SYSTEM_INFO ||
	       function == NV_VGPU_MSG_FUNCTION_SET_REGISTRY ||
	       function == NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER ||
	       function == NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD;
}

int nvcore_client_rpc(struct nvcore_client *cl, u32 function, const void *in, u32 in_len,
		      void *out, u32 out_max, u32 *out_len, u32 *fw_status)
{
	struct nvcore_dev *nd = cl->nd;
	struct nvcore_rpc_req req = {
		.function = function, .in = in, .in_len = in_len, .out = out, .out_max = out_max,
	};
	int ret;

	*out_len = 0;
	if (fw_status)
		*fw_status = NV_OK;
	if (function >= nd->release->num_functions || core_function(function)) {
		dev_err(nd->dev, "client 0x%x: RPC function %u (%s) is not one a client may send\n",
			cl->h_client, function, nvcore_fw_release_function_name(nd->release, function));
		return -EPERM;
	}
	if ((in_len && !in) || (out_max && !out)) {
		dev_err(nd->dev, "client 0x%x: %s with a NULL buffer of %u bytes\n", cl->h_client,
			nvcore_fw_release_function_name(nd->release, function), in_len ? in_len : out_max);
		return -EINVAL;
	}
	ret = nvcore_rpc(nd, &req);
	*out_len = req.out_len;
	if (fw_status)
		*fw_status = req.fw_status;
	return ret;
}
EXPORT_SYMBOL_GPL(nvcore_client_rpc);
