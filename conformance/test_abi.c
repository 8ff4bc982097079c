// SPDX-License-Identifier: MIT
/*
 * The driver's firmware structures against NVIDIA's layouts.
 *
 * Every offset and size below is computed by the compiler from the driver's
 * own definitions (driver/core/fw/) and compared with the numbers NVIDIA's
 * headers give for the release (driver/core/fw/<release>/layout.tsv, a copy
 * of shared/spec/abi/<release>.layout.tsv); constants are compared with
 * consts.tsv.  Every row of the TSV for a structure the driver defines must
 * be matched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw/535.113.01/abi.h"
#include "fw/release.h"
#include "suites.h"

struct layout_row {
	const char *st, *field;
	size_t off, size;
};

#define S(s) { #s, "(sizeof)", 0, sizeof(struct s) }
#define F(s, f) { #s, #f, offsetof(struct s, f), sizeof(((struct s *)0)->f) }
#define F0(s, f) { #s, #f, offsetof(struct s, f), 0 }

static const struct layout_row ours[] = {
	S(msgqTxHeader),
	F(msgqTxHeader, version),
	F(msgqTxHeader, size),
	F(msgqTxHeader, msgSize),
	F(msgqTxHeader, msgCount),
	F(msgqTxHeader, writePtr),
	F(msgqTxHeader, flags),
	F(msgqTxHeader, rxHdrOff),
	F(msgqTxHeader, entryOff),
	S(msgqRxHeader),
	F(msgqRxHeader, readPtr),
	S(GSP_MSG_QUEUE_ELEMENT),
	F(GSP_MSG_QUEUE_ELEMENT, authTagBuffer),
	F(GSP_MSG_QUEUE_ELEMENT, aadBuffer),
	F(GSP_MSG_QUEUE_ELEMENT, checkSum),
	F(GSP_MSG_QUEUE_ELEMENT, seqNum),
	F(GSP_MSG_QUEUE_ELEMENT, elemCount),
	F(GSP_MSG_QUEUE_ELEMENT, rpc),
	S(rpc_message_header_v),
	F(rpc_message_header_v, header_version),
	F(rpc_message_header_v, signature),
	F(rpc_message_header_v, length),
	F(rpc_message_header_v, function),
	F(rpc_message_header_v, rpc_result),
	F(rpc_message_header_v, rpc_result_private),
	F(rpc_message_header_v, sequence),
	F(rpc_message_header_v, u),
	F0(rpc_message_header_v, rpc_message_data),
	S(MESSAGE_QUEUE_INIT_ARGUMENTS),
	F(MESSAGE_QUEUE_INIT_ARGUMENTS, sharedMemPhysAddr),
	F(MESSAGE_QUEUE_INIT_ARGUMENTS, pageTableEntryCount),
	F(MESSAGE_QUEUE_INIT_ARGUMENTS, cmdQueueOffset),
	F(MESSAGE_QUEUE_INIT_ARGUMENTS, statQueueOffset),
	F(MESSAGE_QUEUE_INIT_ARGUMENTS, locklessCmdQueueOffset),
	F(MESSAGE_QUEUE_INIT_ARGUMENTS, locklessStatQueueOffset),
	S(GSP_SR_INIT_ARGUMENTS),
	F(GSP_SR_INIT_ARGUMENTS, oldLevel),
	F(GSP_SR_INIT_ARGUMENTS, flags),
	F(GSP_SR_INIT_ARGUMENTS, bInPMTransition),
	S(GSP_ARGUMENTS_CACHED),
	F(GSP_ARGUMENTS_CACHED, messageQueueInitArguments),
	F(GSP_ARGUMENTS_CACHED, srInitArguments),
	F(GSP_ARGUMENTS_CACHED, gpuInstance),
	F(GSP_ARGUMENTS_CACHED, profilerArgs),
	S(LibosMemoryRegionInitArgument),
	F(LibosMemoryRegionInitArgument, id8),
	F(LibosMemoryRegionInitArgument, pa),
	F(LibosMemoryRegionInitArgument, size),
	F(LibosMemoryRegionInitArgument, kind),
	F(LibosMemoryRegionInitArgument, loc),
	S(GspFwWprMeta),
	F(GspFwWprMeta, magic),
	F(GspFwWprMeta, revision),
	F(GspFwWprMeta, sysmemAddrOfRadix3Elf),
	F(GspFwWprMeta, sizeOfRadix3Elf),
	F(GspFwWprMeta, sysmemAddrOfBootloader),
	F(GspFwWprMeta, sizeOfBootloader),
	F(GspFwWprMeta, bootloaderCodeOffset),
	F(GspFwWprMeta, bootloaderDataOffset),
	F(GspFwWprMeta, bootloaderManifestOffset),
	F(GspFwWprMeta, sysmemAddrOfSignature),
	F(GspFwWprMeta, sizeOfSignature),
	F(GspFwWprMeta, gspFwHeapFreeListWprOffset),
	F(GspFwWprMeta, unused0),
	F(GspFwWprMeta, unused1),
	F(GspFwWprMeta, gspFwRsvdStart),
	F(GspFwWprMeta, nonWprHeapOffset),
	F(GspFwWprMeta, nonWprHeapSize),
	F(GspFwWprMeta, gspFwWprStart),
	F(GspFwWprMeta, gspFwHeapOffset),
	F(GspFwWprMeta, gspFwHeapSize),
	F(GspFwWprMeta, gspFwOffset),
	F(GspFwWprMeta, bootBinOffset),
	F(GspFwWprMeta, frtsOffset),
	F(GspFwWprMeta, frtsSize),
	F(GspFwWprMeta, gspFwWprEnd),
	F(GspFwWprMeta, fbSize),
	F(GspFwWprMeta, vgaWorkspaceOffset),
	F(GspFwWprMeta, vgaWorkspaceSize),
	F(GspFwWprMeta, bootCount),
	F(GspFwWprMeta, partitionRpcAddr),
	F(GspFwWprMeta, partitionRpcRequestOffset),
	F(GspFwWprMeta, partitionRpcReplyOffset),
	F(GspFwWprMeta, elfCodeOffset),
	F(GspFwWprMeta, elfDataOffset),
	F(GspFwWprMeta, elfCodeSize),
	F(GspFwWprMeta, elfDataSize),
	F(GspFwWprMeta, lsUcodeVersion),
	F(GspFwWprMeta, partitionRpcPadding),
	F(GspFwWprMeta, sysmemAddrOfCrashReportQueue),
	F(GspFwWprMeta, sizeOfCrashReportQueue),
	F(GspFwWprMeta, lsUcodeVersionPadding),
	F(GspFwWprMeta, gspFwHeapVfPartitionCount),
	F(GspFwWprMeta, padding),
	F(GspFwWprMeta, verified),
	S(GspSystemInfo),
	F(GspSystemInfo, gpuPhysAddr),
	F(GspSystemInfo, gpuPhysFbAddr),
	F(GspSystemInfo, gpuPhysInstAddr),
	F(GspSystemInfo, nvDomainBusDeviceFunc),
	F(GspSystemInfo, simAccessBufPhysAddr),
	F(GspSystemInfo, pcieAtomicsOpMask),
	F(GspSystemInfo, consoleMemSize),
	F(GspSystemInfo, maxUserVa),
	F(GspSystemInfo, pciConfigMirrorBase),
	F(GspSystemInfo, pciConfigMirrorSize),
	F(GspSystemInfo, oorArch),
	F(GspSystemInfo, clPdbProperties),
	F(GspSystemInfo, Chipset),
	F(GspSystemInfo, bGpuBehindBridge),
	F(GspSystemInfo, bMnocAvailable),
	F(GspSystemInfo, bUpstreamL0sUnsupported),
	F(GspSystemInfo, bUpstreamL1Unsupported),
	F(GspSystemInfo, bUpstreamL1PorSupported),
	F(GspSystemInfo, bUpstreamL1PorMobileOnly),
	F(GspSystemInfo, upstreamAddressValid),
	F(GspSystemInfo, FHBBusInfo),
	F(GspSystemInfo, chipsetIDInfo),
	F(GspSystemInfo, acpiMethodData),
	F(GspSystemInfo, hypervisorType),
	F(GspSystemInfo, bIsPassthru),
	F(GspSystemInfo, sysTimerOffsetNs),
	F(GspSystemInfo, gspVFInfo),
	S(GspStaticConfigInfo),
	F(GspStaticConfigInfo, grCapsBits),
	F(GspStaticConfigInfo, gidInfo),
	F(GspStaticConfigInfo, gpcInfo),
	F(GspStaticConfigInfo, tpcInfo),
	F(GspStaticConfigInfo, zcullInfo),
	F(GspStaticConfigInfo, SKUInfo),
	F(GspStaticConfigInfo, fbRegionInfoParams),
	F(GspStaticConfigInfo, computeBranding),
	F(GspStaticConfigInfo, sriovCaps),
	F(GspStaticConfigInfo, sriovMaxGfid),
	F(GspStaticConfigInfo, engineCaps),
	F(GspStaticConfigInfo, SM_info),
	F(GspStaticConfigInfo, poisonFuseEnabled),
	F(GspStaticConfigInfo, fb_length),
	F(GspStaticConfigInfo, fbio_mask),
	F(GspStaticConfigInfo, fb_bus_width),
	F(GspStaticConfigInfo, fb_ram_type),
	F(GspStaticConfigInfo, fbp_mask),
	F(GspStaticConfigInfo, l2_cache_size),
	F(GspStaticConfigInfo, gfxpBufferSize),
	F(GspStaticConfigInfo, gfxpBufferAlignment),
	F(GspStaticConfigInfo, gpuNameString),
	F(GspStaticConfigInfo, gpuShortNameString),
	F(GspStaticConfigInfo, gpuNameString_Unicode),
	F(GspStaticConfigInfo, bGpuInternalSku),
	F(GspStaticConfigInfo, bIsQuadroGeneric),
	F(GspStaticConfigInfo, bIsQuadroAd),
	F(GspStaticConfigInfo, bIsNvidiaNvs),
	F(GspStaticConfigInfo, bIsVgx),
	F(GspStaticConfigInfo, bGeforceSmb),
	F(GspStaticConfigInfo, bIsTitan),
	F(GspStaticConfigInfo, bIsTesla),
	F(GspStaticConfigInfo, bIsMobile),
	F(GspStaticConfigInfo, bIsGc6Rtd3Allowed),
	F(GspStaticConfigInfo, bIsGcOffRtd3Allowed),
	F(GspStaticConfigInfo, bIsGcoffLegacyAllowed),
	F(GspStaticConfigInfo, bar1PdeBase),
	F(GspStaticConfigInfo, bar2PdeBase),
	F(GspStaticConfigInfo, bVbiosValid),
	F(GspStaticConfigInfo, vbiosSubVendor),
	F(GspStaticConfigInfo, vbiosSubDevice),
	F(GspStaticConfigInfo, bPageRetirementSupported),
	F(GspStaticConfigInfo, bSplitVasBetweenServerClientRm),
	F(GspStaticConfigInfo, bClRootportNeedsNosnoopWAR),
	F(GspStaticConfigInfo, displaylessMaxHeads),
	F(GspStaticConfigInfo, displaylessMaxResolution),
	F(GspStaticConfigInfo, displaylessMaxPixels),
	F(GspStaticConfigInfo, hInternalClient),
	F(GspStaticConfigInfo, hInternalDevice),
	F(GspStaticConfigInfo, hInternalSubdevice),
	F(GspStaticConfigInfo, bSelfHostedMode),
	F(GspStaticConfigInfo, bAtsSupported),
	F(GspStaticConfigInfo, bIsGpuUefi),
	S(PACKED_REGISTRY_ENTRY),
	F(PACKED_REGISTRY_ENTRY, nameOffset),
	F(PACKED_REGISTRY_ENTRY, type),
	F(PACKED_REGISTRY_ENTRY, data),
	F(PACKED_REGISTRY_ENTRY, length),
	S(PACKED_REGISTRY_TABLE),
	F(PACKED_REGISTRY_TABLE, size),
	F(PACKED_REGISTRY_TABLE, numEntries),
	F0(PACKED_REGISTRY_TABLE, entries),
	S(rpc_run_cpu_sequencer_v17_00),
	F(rpc_run_cpu_sequencer_v17_00, bufferSizeDWord),
	F(rpc_run_cpu_sequencer_v17_00, cmdIndex),
	F(rpc_run_cpu_sequencer_v17_00, regSaveArea),
	F0(rpc_run_cpu_sequencer_v17_00, commandBuffer),
	S(rpc_os_error_log_v17_00),
	F(rpc_os_error_log_v17_00, exceptType),
	F(rpc_os_error_log_v17_00, runlistId),
	F(rpc_os_error_log_v17_00, chid),
	F(rpc_os_error_log_v17_00, errString),
	S(rpc_rc_triggered_v17_02),
	F(rpc_rc_triggered_v17_02, nv2080EngineType),
	F(rpc_rc_triggered_v17_02, chid),
	F(rpc_rc_triggered_v17_02, exceptType),
	F(rpc_rc_triggered_v17_02, scope),
	F(rpc_rc_triggered_v17_02, partitionAttributionId),
	S(rpc_post_event_v17_00),
	F(rpc_post_event_v17_00, hClient),
	F(rpc_post_event_v17_00, hEvent),
	F(rpc_post_event_v17_00, notifyIndex),
	F(rpc_post_event_v17_00, data),
	F(rpc_post_event_v17_00, info16),
	F(rpc_post_event_v17_00, status),
	F(rpc_post_event_v17_00, eventDataSize),
	F(rpc_post_event_v17_00, bNotifyList),
	F0(rpc_post_event_v17_00, eventData),
	S(rpc_gsp_rm_alloc_v03_00),
	F(rpc_gsp_rm_alloc_v03_00, hClient),
	F(rpc_gsp_rm_alloc_v03_00, hParent),
	F(rpc_gsp_rm_alloc_v03_00, hObject),
	F(rpc_gsp_rm_alloc_v03_00, hClass),
	F(rpc_gsp_rm_alloc_v03_00, status),
	F(rpc_gsp_rm_alloc_v03_00, paramsSize),
	F(rpc_gsp_rm_alloc_v03_00, flags),
	F(rpc_gsp_rm_alloc_v03_00, reserved),
	F0(rpc_gsp_rm_alloc_v03_00, params),
	S(rpc_gsp_rm_control_v03_00),
	F(rpc_gsp_rm_control_v03_00, hClient),
	F(rpc_gsp_rm_control_v03_00, hObject),
	F(rpc_gsp_rm_control_v03_00, cmd),
	F(rpc_gsp_rm_control_v03_00, status),
	F(rpc_gsp_rm_control_v03_00, paramsSize),
	F(rpc_gsp_rm_control_v03_00, flags),
	F0(rpc_gsp_rm_control_v03_00, params),
	S(rpc_free_v03_00),
	F(rpc_free_v03_00, params),
	S(NVOS00_PARAMETERS_v03_00),
	F(NVOS00_PARAMETERS_v03_00, hRoot),
	F(NVOS00_PARAMETERS_v03_00, hObjectParent),
	F(NVOS00_PARAMETERS_v03_00, hObjectOld),
	F(NVOS00_PARAMETERS_v03_00, status),
	S(rpc_unloading_guest_driver_v1F_07),
	F(rpc_unloading_guest_driver_v1F_07, bInPMTransition),
	F(rpc_unloading_guest_driver_v1F_07, bGc6Entering),
	F(rpc_unloading_guest_driver_v1F_07, newLevel),
	S(GSP_SEQUENCER_BUFFER_CMD),
	F(GSP_SEQUENCER_BUFFER_CMD, opCode),
	F(GSP_SEQUENCER_BUFFER_CMD, payload),
	S(GSP_SEQ_BUF_PAYLOAD_REG_WRITE),
	F(GSP_SEQ_BUF_PAYLOAD_REG_WRITE, addr),
	F(GSP_SEQ_BUF_PAYLOAD_REG_WRITE, val),
	S(GSP_SEQ_BUF_PAYLOAD_REG_MODIFY),
	F(GSP_SEQ_BUF_PAYLOAD_REG_MODIFY, addr),
	F(GSP_SEQ_BUF_PAYLOAD_REG_MODIFY, mask),
	F(GSP_SEQ_BUF_PAYLOAD_REG_MODIFY, val),
	S(GSP_SEQ_BUF_PAYLOAD_REG_POLL),
	F(GSP_SEQ_BUF_PAYLOAD_REG_POLL, addr),
	F(GSP_SEQ_BUF_PAYLOAD_REG_POLL, mask),
	F(GSP_SEQ_BUF_PAYLOAD_REG_POLL, val),
	F(GSP_SEQ_BUF_PAYLOAD_REG_POLL, timeout),
	F(GSP_SEQ_BUF_PAYLOAD_REG_POLL, error),
	S(GSP_SEQ_BUF_PAYLOAD_DELAY_US),
	F(GSP_SEQ_BUF_PAYLOAD_DELAY_US, val),
	S(GSP_SEQ_BUF_PAYLOAD_REG_STORE),
	F(GSP_SEQ_BUF_PAYLOAD_REG_STORE, addr),
	F(GSP_SEQ_BUF_PAYLOAD_REG_STORE, index),
	S(NV2080_CTRL_GSP_GET_FEATURES_PARAMS),
	F(NV2080_CTRL_GSP_GET_FEATURES_PARAMS, gspFeatures),
	F(NV2080_CTRL_GSP_GET_FEATURES_PARAMS, bValid),
	F(NV2080_CTRL_GSP_GET_FEATURES_PARAMS, bDefaultGspRmGpu),
	F(NV2080_CTRL_GSP_GET_FEATURES_PARAMS, firmwareVersion),
	S(RM_RISCV_UCODE_DESC),
	F(RM_RISCV_UCODE_DESC, version),
	F(RM_RISCV_UCODE_DESC, bootloaderOffset),
	F(RM_RISCV_UCODE_DESC, bootloaderSize),
	F(RM_RISCV_UCODE_DESC, bootloaderParamOffset),
	F(RM_RISCV_UCODE_DESC, bootloaderParamSize),
	F(RM_RISCV_UCODE_DESC, riscvElfOffset),
	F(RM_RISCV_UCODE_DESC, riscvElfSize),
	F(RM_RISCV_UCODE_DESC, appVersion),
	F(RM_RISCV_UCODE_DESC, manifestOffset),
	F(RM_RISCV_UCODE_DESC, manifestSize),
	F(RM_RISCV_UCODE_DESC, monitorDataOffset),
	F(RM_RISCV_UCODE_DESC, monitorDataSize),
	F(RM_RISCV_UCODE_DESC, monitorCodeOffset),
	F(RM_RISCV_UCODE_DESC, monitorCodeSize),
	F(RM_RISCV_UCODE_DESC, bIsMonitorEnabled),
	F(RM_RISCV_UCODE_DESC, swbromCodeOffset),
	F(RM_RISCV_UCODE_DESC, swbromCodeSize),
	F(RM_RISCV_UCODE_DESC, swbromDataOffset),
	F(RM_RISCV_UCODE_DESC, swbromDataSize),
	F(RM_RISCV_UCODE_DESC, fbReservedSize),
	F(RM_RISCV_UCODE_DESC, bSignedAsCode),
};

#define TSV_DIR NVCORE_SOURCE_DIR "/driver/core/fw/535.113.01/"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	ck_assert_msg(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, n + 1);
	ck_assert(fread(buf, 1, n, f) == (size_t)n);
	fclose(f);
	return buf;
}

static const struct layout_row *find(const char *st, const char *field)
{
	size_t i;

	for (i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
		if (!strcmp(ours[i].st, st) && !strcmp(ours[i].field, field))
			return &ours[i];
	return NULL;
}

static bool defined_struct(const char *st)
{
	size_t i;

	for (i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
		if (!strcmp(ours[i].st, st))
			return true;
	return false;
}

START_TEST(layouts_match_release)
{
	char *tsv = slurp(TSV_DIR "layout.tsv"), *line, *save = NULL;
	unsigned int checked = 0, bad = 0, lineno = 0;

	for (line = strtok_r(tsv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char st[96], field[96];
		size_t off, size;
		const struct layout_row *r;

		if (++lineno == 1)
			continue;
		ck_assert_msg(sscanf(line, "%95s %95s %zu %zu", st, field, &off, &size) == 4,
			      "layout.tsv:%u: malformed row '%s'", lineno, line);
		if (!defined_struct(st))
			continue;
		r = find(st, field);
		if (!r) {
			fprintf(stderr, "layout.tsv:%u: %s.%s is not defined by the driver\n",
				lineno, st, field);
			bad++;
			continue;
		}
		if (r->off != off || r->size != size) {
			fprintf(stderr, "layout.tsv:%u: %s.%s is at %zu size %zu in the driver, "
				"%zu size %zu in 535.113.01\n", lineno, st, field, r->off, r->size,
				off, size);
			bad++;
		}
		checked++;
	}
	free(tsv);
	ck_assert_uint_eq(checked, sizeof(ours) / sizeof(ours[0]));
	ck_assert_msg(!bad, "%u layout mismatches", bad);
}
END_TEST

static unsigned long long tsv_const(const char *tsv, const char *name)
{
	char key[128];
	const char *p;

	snprintf(key, sizeof(key), "\n%s\t", name);
	p = strstr(tsv, key);
	ck_assert_msg(p, "consts.tsv has no %s", name);
	return strtoull(p + strlen(key), NULL, 16);
}

START_TEST(constants_match_release)
{
	const struct nvcore_fw_release *r = &nvcore_fw_535_113_01;
	char *tsv = slurp(TSV_DIR "consts.tsv");
	char name[128];
	unsigned int i;

	/* Every function name and number. */
	for (i = 0; i < tsv_const(tsv, "NV_VGPU_MSG_FUNCTION_NUM_FUNCTIONS"); i++) {
		snprintf(name, sizeof(name), "NV_VGPU_MSG_FUNCTION_%s", nvcore_fw_function_name(i));
		ck_assert_msg(tsv_const(tsv, name) == i, "%s is not %u", name, i);
	}
	ck_assert_uint_eq(r->num_functions, tsv_const(tsv, "NV_VGPU_MSG_FUNCTION_NUM_FUNCTIONS"));
	/* Every event of the release is in the driver's table, with its number. */
	for (i = 0; i < r->num_events; i++) {
		snprintf(name, sizeof(name), "NV_VGPU_MSG_EVENT_%s", r->events[i].name);
		ck_assert_msg(tsv_const(tsv, name) == r->events[i].raw, "%s", name);
	}
	ck_assert_uint_eq(r->num_events, tsv_const(tsv, "NV_VGPU_MSG_EVENT_NUM_EVENTS") -
			  tsv_const(tsv, "NV_VGPU_MSG_EVENT_FIRST_EVENT") - 1);
#define C(n) ck_assert_msg(tsv_const(tsv, #n) == (unsigned long long)(n), #n)
	C(NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC);
	C(NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL);
	C(NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD);
	C(NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO);
	C(NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER);
	C(GSP_FW_WPR_META_MAGIC);
	C(GSP_FW_WPR_META_REVISION);
	C(GSP_FW_WPR_META_VERIFIED);
	C(GSP_MSG_QUEUE_ELEMENT_SIZE_MIN);
	C(GSP_MSG_QUEUE_ELEMENT_SIZE_MAX);
	C(GSP_MSG_QUEUE_ELEMENT_HDR_SIZE);
	C(GSP_MSG_QUEUE_RPC_SIZE_MAX);
	C(MSGQ_VERSION);
	C(NV_VGPU_MSG_SIGNATURE_VALID);
	C(NV2080_CTRL_CMD_GSP_GET_FEATURES);
	C(NV2080_GSP_MAX_BUILD_VERSION_LENGTH);
	C(GSP_SEQ_BUF_OPCODE_REG_WRITE);
	C(GSP_SEQ_BUF_OPCODE_CORE_RESUME);
	C(LIBOS_MEMORY_REGION_CONTIGUOUS);
	C(LIBOS_MEMORY_REGION_LOC_SYSMEM);
	C(REGISTRY_TABLE_ENTRY_TYPE_DWORD);
#undef C
	ck_assert_uint_eq(tsv_const(tsv, "NV_VGPU_MSG_HEADER_VERSION_MAJOR_TOT") << 24,
			  NV_VGPU_MSG_HEADER_VERSION);
	free(tsv);
}
END_TEST

Suite *abi_suite(void)
{
	Suite *s = suite_create("abi");
	TCase *tc = tcase_create("535.113.01");

	tcase_add_test(tc, layouts_match_release);
	tcase_add_test(tc, constants_match_release);
	suite_add_tcase(s, tc);
	return s;
}
