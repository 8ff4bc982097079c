/* SPDX-License-Identifier: MIT */
/*
 * Rows for the structures every release shares (fw/gsp_abi.h).  Included
 * in the row table of each abi_<release>.c, so the offsets are computed
 * once per release, against that release's build of gsp_abi.h.
 */
#define ABI_SHARED_ROWS \
	ABI_S(msgqTxHeader), \
	ABI_F(msgqTxHeader, version), \
	ABI_F(msgqTxHeader, size), \
	ABI_F(msgqTxHeader, msgSize), \
	ABI_F(msgqTxHeader, msgCount), \
	ABI_F(msgqTxHeader, writePtr), \
	ABI_F(msgqTxHeader, flags), \
	ABI_F(msgqTxHeader, rxHdrOff), \
	ABI_F(msgqTxHeader, entryOff), \
	ABI_S(msgqRxHeader), \
	ABI_F(msgqRxHeader, readPtr), \
	ABI_S(GSP_MSG_QUEUE_ELEMENT), \
	ABI_F(GSP_MSG_QUEUE_ELEMENT, authTagBuffer), \
	ABI_F(GSP_MSG_QUEUE_ELEMENT, aadBuffer), \
	ABI_F(GSP_MSG_QUEUE_ELEMENT, checkSum), \
	ABI_F(GSP_MSG_QUEUE_ELEMENT, seqNum), \
	ABI_F(GSP_MSG_QUEUE_ELEMENT, elemCount), \
	ABI_F(GSP_MSG_QUEUE_ELEMENT, rpc), \
	ABI_S(rpc_message_header_v), \
	ABI_F(rpc_message_header_v, header_version), \
	ABI_F(rpc_message_header_v, signature), \
	ABI_F(rpc_message_header_v, length), \
	ABI_F(rpc_message_header_v, function), \
	ABI_F(rpc_message_header_v, rpc_result), \
	ABI_F(rpc_message_header_v, rpc_result_private), \
	ABI_F(rpc_message_header_v, sequence), \
	ABI_F(rpc_message_header_v, u), \
	ABI_F0(rpc_message_header_v, rpc_message_data), \
	ABI_S(GSP_SR_INIT_ARGUMENTS), \
	ABI_F(GSP_SR_INIT_ARGUMENTS, oldLevel), \
	ABI_F(GSP_SR_INIT_ARGUMENTS, flags), \
	ABI_F(GSP_SR_INIT_ARGUMENTS, bInPMTransition), \
	ABI_S(LibosMemoryRegionInitArgument), \
	ABI_F(LibosMemoryRegionInitArgument, id8), \
	ABI_F(LibosMemoryRegionInitArgument, pa), \
	ABI_F(LibosMemoryRegionInitArgument, size), \
	ABI_F(LibosMemoryRegionInitArgument, kind), \
	ABI_F(LibosMemoryRegionInitArgument, loc), \
	ABI_S(PACKED_REGISTRY_ENTRY), \
	ABI_F(PACKED_REGISTRY_ENTRY, nameOffset), \
	ABI_F(PACKED_REGISTRY_ENTRY, type), \
	ABI_F(PACKED_REGISTRY_ENTRY, data), \
	ABI_F(PACKED_REGISTRY_ENTRY, length), \
	ABI_S(PACKED_REGISTRY_TABLE), \
	ABI_F(PACKED_REGISTRY_TABLE, size), \
	ABI_F(PACKED_REGISTRY_TABLE, numEntries), \
	ABI_F0(PACKED_REGISTRY_TABLE, entries), \
	ABI_S(rpc_run_cpu_sequencer_v17_00), \
	ABI_F(rpc_run_cpu_sequencer_v17_00, bufferSizeDWord), \
	ABI_F(rpc_run_cpu_sequencer_v17_00, cmdIndex), \
	ABI_F(rpc_run_cpu_sequencer_v17_00, regSaveArea), \
	ABI_F0(rpc_run_cpu_sequencer_v17_00, commandBuffer), \
	ABI_S(rpc_post_event_v17_00), \
	ABI_F(rpc_post_event_v17_00, hClient), \
	ABI_F(rpc_post_event_v17_00, hEvent), \
	ABI_F(rpc_post_event_v17_00, notifyIndex), \
	ABI_F(rpc_post_event_v17_00, data), \
	ABI_F(rpc_post_event_v17_00, info16), \
	ABI_F(rpc_post_event_v17_00, status), \
	ABI_F(rpc_post_event_v17_00, eventDataSize), \
	ABI_F(rpc_post_event_v17_00, bNotifyList), \
	ABI_F0(rpc_post_event_v17_00, eventData), \
	ABI_S(rpc_gsp_rm_alloc_v03_00), \
	ABI_F(rpc_gsp_rm_alloc_v03_00, hClient), \
	ABI_F(rpc_gsp_rm_alloc_v03_00, hParent), \
	ABI_F(rpc_gsp_rm_alloc_v03_00, hObject), \
	ABI_F(rpc_gsp_rm_alloc_v03_00, hClass), \
	ABI_F(rpc_gsp_rm_alloc_v03_00, status), \
	ABI_F(rpc_gsp_rm_alloc_v03_00, paramsSize), \
	ABI_F(rpc_gsp_rm_alloc_v03_00, flags), \
	ABI_F(rpc_gsp_rm_alloc_v03_00, reserved), \
	ABI_F0(rpc_gsp_rm_alloc_v03_00, params), \
	ABI_S(rpc_gsp_rm_control_v03_00), \
	ABI_F(rpc_gsp_rm_control_v03_00, hClient), \
	ABI_F(rpc_gsp_rm_control_v03_00, hObject), \
	ABI_F(rpc_gsp_rm_control_v03_00, cmd), \
	ABI_F(rpc_gsp_rm_control_v03_00, status), \
	ABI_F(rpc_gsp_rm_control_v03_00, paramsSize), \
	ABI_F(rpc_gsp_rm_control_v03_00, flags), \
	ABI_F0(rpc_gsp_rm_control_v03_00, params), \
	ABI_S(rpc_free_v03_00), \
	ABI_F(rpc_free_v03_00, params), \
	ABI_S(NVOS00_PARAMETERS_v03_00), \
	ABI_F(NVOS00_PARAMETERS_v03_00, hRoot), \
	ABI_F(NVOS00_PARAMETERS_v03_00, hObjectParent), \
	ABI_F(NVOS00_PARAMETERS_v03_00, hObjectOld), \
	ABI_F(NVOS00_PARAMETERS_v03_00, status), \
	ABI_S(rpc_unloading_guest_driver_v1F_07), \
	ABI_F(rpc_unloading_guest_driver_v1F_07, bInPMTransition), \
	ABI_F(rpc_unloading_guest_driver_v1F_07, bGc6Entering), \
	ABI_F(rpc_unloading_guest_driver_v1F_07, newLevel), \
	ABI_S(GSP_SEQUENCER_BUFFER_CMD), \
	ABI_F(GSP_SEQUENCER_BUFFER_CMD, opCode), \
	ABI_F(GSP_SEQUENCER_BUFFER_CMD, payload), \
	ABI_S(GSP_SEQ_BUF_PAYLOAD_REG_WRITE), \
	ABI_F(GSP_SEQ_BUF_PAYLOAD_REG_WRITE, addr), \
	ABI_F(GSP_SEQ_BUF_PAYLOAD_REG_WRITE, val), \
	ABI_S(GSP_SEQ_BUF_PAYLOAD_REG_MODIFY), \
	ABI_F(GSP_SEQ_BUF_PAYLOAD_REG_MODIFY, addr), \
	ABI_F(GSP_SEQ_BUF_PAYLOAD_REG_MODIFY, mask), \
	ABI_F(GSP_SEQ_BUF_PAYLOAD_REG_MODIFY, val), \
	ABI_S(GSP_SEQ_BUF_PAYLOAD_REG_POLL), \
	ABI_F(GSP_SEQ_BUF_PAYLOAD_REG_POLL, addr), \
	ABI_F(GSP_SEQ_BUF_PAYLOAD_REG_POLL, mask), \
	ABI_F(GSP_SEQ_BUF_PAYLOAD_REG_POLL, val), \
	ABI_F(GSP_SEQ_BUF_PAYLOAD_REG_POLL, timeout), \
	ABI_F(GSP_SEQ_BUF_PAYLOAD_REG_POLL, error), \
	ABI_S(GSP_SEQ_BUF_PAYLOAD_DELAY_US), \
	ABI_F(GSP_SEQ_BUF_PAYLOAD_DELAY_US, val), \
	ABI_S(GSP_SEQ_BUF_PAYLOAD_REG_STORE), \
	ABI_F(GSP_SEQ_BUF_PAYLOAD_REG_STORE, addr), \
	ABI_F(GSP_SEQ_BUF_PAYLOAD_REG_STORE, index), \
	ABI_S(NV2080_CTRL_GSP_GET_FEATURES_PARAMS), \
	ABI_F(NV2080_CTRL_GSP_GET_FEATURES_PARAMS, gspFeatures), \
	ABI_F(NV2080_CTRL_GSP_GET_FEATURES_PARAMS, bValid), \
	ABI_F(NV2080_CTRL_GSP_GET_FEATURES_PARAMS, bDefaultGspRmGpu), \
	ABI_F(NV2080_CTRL_GSP_GET_FEATURES_PARAMS, firmwareVersion), \
	ABI_S(RM_RISCV_UCODE_DESC), \
	ABI_F(RM_RISCV_UCODE_DESC, version), \
	ABI_F(RM_RISCV_UCODE_DESC, bootloaderOffset), \
	ABI_F(RM_RISCV_UCODE_DESC, bootloaderSize), \
	ABI_F(RM_RISCV_UCODE_DESC, bootloaderParamOffset), \
	ABI_F(RM_RISCV_UCODE_DESC, bootloaderParamSize), \
	ABI_F(RM_RISCV_UCODE_DESC, riscvElfOffset), \
	ABI_F(RM_RISCV_UCODE_DESC, riscvElfSize), \
	ABI_F(RM_RISCV_UCODE_DESC, appVersion), \
	ABI_F(RM_RISCV_UCODE_DESC, manifestOffset), \
	ABI_F(RM_RISCV_UCODE_DESC, manifestSize), \
	ABI_F(RM_RISCV_UCODE_DESC, monitorDataOffset), \
	ABI_F(RM_RISCV_UCODE_DESC, monitorDataSize), \
	ABI_F(RM_RISCV_UCODE_DESC, monitorCodeOffset), \
	ABI_F(RM_RISCV_UCODE_DESC, monitorCodeSize), \
	ABI_F(RM_RISCV_UCODE_DESC, bIsMonitorEnabled), \
	ABI_F(RM_RISCV_UCODE_DESC, swbromCodeOffset), \
	ABI_F(RM_RISCV_UCODE_DESC, swbromCodeSize), \
	ABI_F(RM_RISCV_UCODE_DESC, swbromDataOffset), \
	ABI_F(RM_RISCV_UCODE_DESC, swbromDataSize), \
	ABI_F(RM_RISCV_UCODE_DESC, fbReservedSize), \
	ABI_F(RM_RISCV_UCODE_DESC, bSignedAsCode),

/* GspFwWprMeta fields every release has (flags, padding, pmuReservedSize differ). */
#define ABI_WPR_META_SHARED_ROWS \
	ABI_S(GspFwWprMeta), \
	ABI_F(GspFwWprMeta, magic), \
	ABI_F(GspFwWprMeta, revision), \
	ABI_F(GspFwWprMeta, sysmemAddrOfRadix3Elf), \
	ABI_F(GspFwWprMeta, sizeOfRadix3Elf), \
	ABI_F(GspFwWprMeta, sysmemAddrOfBootloader), \
	ABI_F(GspFwWprMeta, sizeOfBootloader), \
	ABI_F(GspFwWprMeta, bootloaderCodeOffset), \
	ABI_F(GspFwWprMeta, bootloaderDataOffset), \
	ABI_F(GspFwWprMeta, bootloaderManifestOffset), \
	ABI_F(GspFwWprMeta, sysmemAddrOfSignature), \
	ABI_F(GspFwWprMeta, sizeOfSignature), \
	ABI_F(GspFwWprMeta, gspFwHeapFreeListWprOffset), \
	ABI_F(GspFwWprMeta, unused0), \
	ABI_F(GspFwWprMeta, unused1), \
	ABI_F(GspFwWprMeta, gspFwRsvdStart), \
	ABI_F(GspFwWprMeta, nonWprHeapOffset), \
	ABI_F(GspFwWprMeta, nonWprHeapSize), \
	ABI_F(GspFwWprMeta, gspFwWprStart), \
	ABI_F(GspFwWprMeta, gspFwHeapOffset), \
	ABI_F(GspFwWprMeta, gspFwHeapSize), \
	ABI_F(GspFwWprMeta, gspFwOffset), \
	ABI_F(GspFwWprMeta, bootBinOffset), \
	ABI_F(GspFwWprMeta, frtsOffset), \
	ABI_F(GspFwWprMeta, frtsSize), \
	ABI_F(GspFwWprMeta, gspFwWprEnd), \
	ABI_F(GspFwWprMeta, fbSize), \
	ABI_F(GspFwWprMeta, vgaWorkspaceOffset), \
	ABI_F(GspFwWprMeta, vgaWorkspaceSize), \
	ABI_F(GspFwWprMeta, bootCount), \
	ABI_F(GspFwWprMeta, partitionRpcAddr), \
	ABI_F(GspFwWprMeta, partitionRpcRequestOffset), \
	ABI_F(GspFwWprMeta, partitionRpcReplyOffset), \
	ABI_F(GspFwWprMeta, elfCodeOffset), \
	ABI_F(GspFwWprMeta, elfDataOffset), \
	ABI_F(GspFwWprMeta, elfCodeSize), \
	ABI_F(GspFwWprMeta, elfDataSize), \
	ABI_F(GspFwWprMeta, lsUcodeVersion), \
	ABI_F(GspFwWprMeta, partitionRpcPadding), \
	ABI_F(GspFwWprMeta, sysmemAddrOfCrashReportQueue), \
	ABI_F(GspFwWprMeta, sizeOfCrashReportQueue), \
	ABI_F(GspFwWprMeta, lsUcodeVersionPadding), \
	ABI_F(GspFwWprMeta, gspFwHeapVfPartitionCount), \
	ABI_F(GspFwWprMeta, padding), \
	ABI_F(GspFwWprMeta, verified),

/* Constants every release defines the same way (fw/gsp_abi.h). */
#define ABI_SHARED_CONSTS \
	ABI_C(NV_VGPU_MSG_FUNCTION_NOP), \
	ABI_C(NV_VGPU_MSG_FUNCTION_SET_GUEST_SYSTEM_INFO), \
	ABI_C(NV_VGPU_MSG_FUNCTION_FREE), \
	ABI_C(NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER), \
	ABI_C(NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO), \
	ABI_C(NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD), \
	ABI_C(NV_VGPU_MSG_FUNCTION_GSP_SET_SYSTEM_INFO), \
	ABI_C(NV_VGPU_MSG_FUNCTION_SET_REGISTRY), \
	ABI_C(NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL), \
	ABI_C(NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC), \
	ABI_C(NV_VGPU_MSG_FUNCTION_NUM_FUNCTIONS), \
	{ "NV_VGPU_MSG_EVENT_FIRST_EVENT", NV_VGPU_MSG_FIRST_EVENT }, \
	ABI_C(NV_VGPU_MSG_EVENT_NUM_EVENTS), \
	ABI_C(GSP_FW_WPR_META_MAGIC), \
	ABI_C(GSP_FW_WPR_META_REVISION), \
	ABI_C(GSP_FW_WPR_META_VERIFIED), \
	ABI_C(GSP_MSG_QUEUE_ELEMENT_SIZE_MIN), \
	ABI_C(GSP_MSG_QUEUE_ELEMENT_SIZE_MAX), \
	ABI_C(GSP_MSG_QUEUE_ELEMENT_HDR_SIZE), \
	ABI_C(GSP_MSG_QUEUE_RPC_SIZE_MAX), \
	ABI_C(MSGQ_VERSION), \
	ABI_C(NV_VGPU_MSG_SIGNATURE_VALID), \
	ABI_C(NV2080_CTRL_CMD_GSP_GET_FEATURES), \
	ABI_C(NV2080_GSP_MAX_BUILD_VERSION_LENGTH), \
	ABI_C(GSP_SEQ_BUF_OPCODE_REG_WRITE), \
	ABI_C(GSP_SEQ_BUF_OPCODE_REG_MODIFY), \
	ABI_C(GSP_SEQ_BUF_OPCODE_REG_POLL), \
	ABI_C(GSP_SEQ_BUF_OPCODE_DELAY_US), \
	ABI_C(GSP_SEQ_BUF_OPCODE_REG_STORE), \
	ABI_C(GSP_SEQ_BUF_OPCODE_CORE_RESET), \
	ABI_C(GSP_SEQ_BUF_OPCODE_CORE_START), \
	ABI_C(GSP_SEQ_BUF_OPCODE_CORE_WAIT_FOR_HALT), \
	ABI_C(GSP_SEQ_BUF_OPCODE_CORE_RESUME), \
	ABI_C(LIBOS_MEMORY_REGION_NONE), \
	ABI_C(LIBOS_MEMORY_REGION_CONTIGUOUS), \
	ABI_C(LIBOS_MEMORY_REGION_RADIX3), \
	ABI_C(LIBOS_MEMORY_REGION_LOC_NONE), \
	ABI_C(LIBOS_MEMORY_REGION_LOC_SYSMEM), \
	ABI_C(LIBOS_MEMORY_REGION_LOC_FB), \
	ABI_C(REGISTRY_TABLE_ENTRY_TYPE_DWORD), \
	ABI_C(REGISTRY_TABLE_ENTRY_TYPE_BINARY), \
	ABI_C(REGISTRY_TABLE_ENTRY_TYPE_STRING)
