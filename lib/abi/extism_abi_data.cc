// The one definition of the Astrid host ABI, transcribed from the reference
// (shared/reference/astrid-host-abi.md, sections 2 to 6). abi_reference_test
// compares it with that document whenever the document is present.

#include "abi/extism_abi.h"

namespace astrid {
namespace {

using enum Group;
using enum ValType;

constexpr bool kBytes = true;  // one i64 result
constexpr bool kNone = false;  // no result

// Release indexes, as in kReleaseNames below.
constexpr size_t kV040 = 2;
constexpr size_t kV050 = 3;

constexpr std::string_view kReleaseNames[] = {"v0.2.0", "v0.3.0", "v0.4.0", "v0.5.0", "v0.5.1"};

Gate gate(Capability cap, std::string_view detail = {}) { return Gate{cap, IdentityLevel::None, detail}; }
Gate identity(IdentityLevel level) { return Gate{Capability::Identity, level, {}}; }
const Gate kUngated{};

Syscall since(size_t release, Syscall s) {
  s.added_in = release;
  return s;
}
Syscall until(size_t release, Syscall s) {
  s.removed_in = release;
  return s;
}

// Kernel registration order: a syscall's number in a release is its position
// among the entries that release has.
const std::vector<Syscall>& syscall_list() {
  using C = Capability;
  using L = IdentityLevel;
  static const std::vector<Syscall> list = {
      {"astrid_fs_exists", {"path"}, kBytes, Filesystem, gate(C::FsRead)},
      {"astrid_fs_mkdir", {"path"}, kNone, Filesystem, gate(C::FsWrite)},
      {"astrid_fs_readdir", {"path"}, kBytes, Filesystem, gate(C::FsRead)},
      {"astrid_fs_stat", {"path"}, kBytes, Filesystem, gate(C::FsRead)},
      {"astrid_fs_unlink", {"path"}, kNone, Filesystem, gate(C::FsWrite)},
      {"astrid_read_file", {"path"}, kBytes, Filesystem, gate(C::FsRead)},
      {"astrid_write_file", {"path", "content"}, kNone, Filesystem, gate(C::FsWrite)},
      {"astrid_ipc_publish", {"topic", "payload"}, kNone, IPC,
       gate(C::IpcPublish, "topic patterns; none declared = denied")},
      {"astrid_ipc_subscribe", {"topic"}, kBytes, IPC,
       gate(C::IpcSubscribe, "topic patterns; none declared = denied")},
      {"astrid_ipc_unsubscribe", {"handle"}, kNone, IPC, kUngated},
      {"astrid_ipc_poll", {"handle"}, kBytes, IPC, kUngated},
      {"astrid_ipc_recv", {"handle", "timeout_ms"}, kBytes, IPC, kUngated},
      {"astrid_uplink_register", {"name", "platform", "profile"}, kBytes, IPC,
       gate(C::Uplink, "`[[uplink]]` entries")},
      {"astrid_uplink_send", {"uplink_id", "platform_user_id", "content"}, kBytes, IPC, kUngated},
      {"astrid_kv_get", {"key"}, kBytes, Storage, gate(C::None, "KV is scoped per capsule")},
      {"astrid_kv_set", {"key", "value"}, kNone, Storage, kUngated},
      {"astrid_kv_delete", {"key"}, kNone, Storage, kUngated},
      {"astrid_kv_list_keys", {"prefix"}, kBytes, Storage, kUngated},
      {"astrid_kv_clear_prefix", {"prefix"}, kBytes, Storage, kUngated},
      {"astrid_get_config", {"key"}, kBytes, Storage, kUngated},
      {"astrid_get_caller", {}, kBytes, Storage, kUngated},
      {"astrid_http_request", {"request_bytes"}, kBytes, Network, gate(C::Net, "host allowlist")},
      {"astrid_trigger_hook", {"event_bytes"}, kBytes, System, kUngated},
      {"astrid_log", {"level", "message"}, kNone, System, kUngated},
      until(kV050, {"astrid_cron_schedule", {"name", "schedule", "payload"}, kNone, System, kUngated}),
      until(kV050, {"astrid_cron_cancel", {"name"}, kNone, System, kUngated}),
      {"astrid_spawn_host", {"cmd_and_args_json"}, kBytes, Process,
       gate(C::HostProcess, "command allowlist")},
      {"astrid_net_bind_unix", {"path"}, kBytes, Network, gate(C::NetBind)},
      {"astrid_net_accept", {"listener_handle"}, kBytes, Network, kUngated},
      {"astrid_net_read", {"stream_handle"}, kBytes, Network, kUngated},
      {"astrid_net_write", {"stream_handle", "data"}, kNone, Network, kUngated},
      {"astrid_elicit", {"request"}, kBytes, Lifecycle, gate(C::InstallHooks)},
      {"astrid_has_secret", {"request"}, kBytes, Lifecycle, kUngated},
      {"astrid_signal_ready", {}, kNone, Lifecycle, kUngated},
      {"astrid_clock_ms", {}, kBytes, System, kUngated},
      {"astrid_get_interceptor_handles", {}, kBytes, Lifecycle, kUngated},
      {"astrid_request_approval", {"request"}, kBytes, System, gate(C::None, "asks a human")},
      {"astrid_identity_resolve", {"request"}, kBytes, Identity, identity(L::Resolve)},
      {"astrid_identity_link", {"request"}, kBytes, Identity, identity(L::Link)},
      {"astrid_identity_unlink", {"request"}, kBytes, Identity, identity(L::Link)},
      {"astrid_identity_create_user", {"request"}, kBytes, Identity, identity(L::Admin)},
      {"astrid_identity_list_links", {"request"}, kBytes, Identity, identity(L::Link)},
      {"astrid_check_capsule_capability", {"request"}, kBytes, Lifecycle, kUngated},
      {"astrid_spawn_background_host", {"request"}, kBytes, Process, gate(C::HostProcess)},
      {"astrid_read_process_logs_host", {"request"}, kBytes, Process, kUngated},
      {"astrid_kill_process_host", {"request"}, kBytes, Process, kUngated},
      {"astrid_net_close_stream", {"stream_handle"}, kNone, Network, kUngated},
      {"astrid_net_poll_accept", {"listener_handle"}, kBytes, Network, kUngated},
      // The reference gives no group for the v0.4.0 additions; they extend
      // astrid_http_request, so they sit with it under Network.
      since(kV040, {"astrid_http_stream_start", {"request_bytes"}, kBytes, Network, gate(C::Net)}),
      since(kV040, {"astrid_http_stream_read", {"handle"}, kBytes, Network, kUngated}),
      since(kV040, {"astrid_http_stream_close", {"handle"}, kNone, Network, kUngated}),
  };
  return list;
}

const std::vector<Release>& release_list() {
  static const std::vector<Release> list = [] {
    std::vector<Release> out;
    for (size_t i = 0; i < std::size(kReleaseNames); ++i) {
      Release r{kReleaseNames[i], i, {}};
      for (const Syscall& s : syscall_list())
        if (s.added_in <= i && (!s.removed_in || i < *s.removed_in)) r.syscalls.push_back(&s);
      out.push_back(std::move(r));
    }
    return out;
  }();
  return list;
}

// extism:host/env, the Extism runtime: the only names Extism accepts there.
const std::vector<HostFunction>& extism_env() {
  static const std::vector<HostFunction> list = {
      {"alloc", {{I64}, {I64}}},
      {"free", {{I64}, {}}},
      {"length", {{I64}, {I64}}},
      {"length_unsafe", {{I64}, {I64}}},
      {"load_u8", {{I64}, {I32}}},
      {"load_u64", {{I64}, {I64}}},
      {"store_u8", {{I64, I32}, {}}},
      {"store_u64", {{I64, I64}, {}}},
      {"input_load_u8", {{I64}, {I32}}},
      {"input_load_u64", {{I64}, {I64}}},
      {"input_set", {{I64, I64}, {}}},
      {"input_length", {{}, {I64}}},
      {"input_offset", {{}, {I64}}},
      {"output_set", {{I64, I64}, {}}},
      {"output_length", {{}, {I64}}},
      {"output_offset", {{}, {I64}}},
      {"error_set", {{I64}, {}}},
      {"error_get", {{}, {I64}}},
      {"reset", {{}, {}}},
      {"memory_bytes", {{}, {I64}}},
      {"config_get", {{I64}, {I64}}},
      {"var_get", {{I64}, {I64}}},
      {"var_set", {{I64, I64}, {}}},
      {"http_request", {{I64, I64}, {I64}}},
      {"http_status_code", {{}, {I32}}},
      {"http_headers", {{}, {I64}}},
      {"log_trace", {{I64}, {}}},
      {"log_debug", {{I64}, {}}},
      {"log_info", {{I64}, {}}},
      {"log_warn", {{I64}, {}}},
      {"log_error", {{I64}, {}}},
      {"get_log_level", {{}, {I32}}},
  };
  return list;
}

// wasi_snapshot_preview1: every function returns an errno (i32) except
// proc_exit, which returns nothing.
HostFunction wasi(std::string_view name, std::vector<ValType> params) {
  return {name, {std::move(params), {I32}}};
}

const std::vector<HostFunction>& wasi_preview1() {
  static const std::vector<HostFunction> list = {
      wasi("args_get", {I32, I32}),
      wasi("args_sizes_get", {I32, I32}),
      wasi("environ_get", {I32, I32}),
      wasi("environ_sizes_get", {I32, I32}),
      wasi("clock_res_get", {I32, I32}),
      wasi("clock_time_get", {I32, I64, I32}),
      wasi("fd_advise", {I32, I64, I64, I32}),
      wasi("fd_allocate", {I32, I64, I64}),
      wasi("fd_close", {I32}),
      wasi("fd_datasync", {I32}),
      wasi("fd_fdstat_get", {I32, I32}),
      wasi("fd_fdstat_set_flags", {I32, I32}),
      wasi("fd_fdstat_set_rights", {I32, I64, I64}),
      wasi("fd_filestat_get", {I32, I32}),
      wasi("fd_filestat_set_size", {I32, I64}),
      wasi("fd_filestat_set_times", {I32, I64, I64, I32}),
      wasi("fd_pread", {I32, I32, I32, I64, I32}),
      wasi("fd_prestat_get", {I32, I32}),
      wasi("fd_prestat_dir_name", {I32, I32, I32}),
      wasi("fd_pwrite", {I32, I32, I32, I64, I32}),
      wasi("fd_read", {I32, I32, I32, I32}),
      wasi("fd_readdir", {I32, I32, I32, I64, I32}),
      wasi("fd_renumber", {I32, I32}),
      wasi("fd_seek", {I32, I64, I32, I32}),
      wasi("fd_sync", {I32}),
      wasi("fd_tell", {I32, I32}),
      wasi("fd_write", {I32, I32, I32, I32}),
      wasi("path_create_directory", {I32, I32, I32}),
      wasi("path_filestat_get", {I32, I32, I32, I32, I32}),
      wasi("path_filestat_set_times", {I32, I32, I32, I32, I64, I64, I32}),
      wasi("path_link", {I32, I32, I32, I32, I32, I32, I32}),
      wasi("path_open", {I32, I32, I32, I32, I32, I64, I64, I32, I32}),
      wasi("path_readlink", {I32, I32, I32, I32, I32, I32}),
      wasi("path_remove_directory", {I32, I32, I32}),
      wasi("path_rename", {I32, I32, I32, I32, I32, I32}),
      wasi("path_symlink", {I32, I32, I32, I32, I32}),
      wasi("path_unlink_file", {I32, I32, I32}),
      wasi("poll_oneoff", {I32, I32, I32, I32}),
      {"proc_exit", {{I32}, {}}},
      wasi("sched_yield", {}),
      wasi("random_get", {I32, I32}),
      wasi("sock_accept", {I32, I32, I32}),
      wasi("sock_recv", {I32, I32, I32, I32, I32, I32}),
      wasi("sock_send", {I32, I32, I32, I32, I32}),
      wasi("sock_shutdown", {I32, I32}),
  };
  return list;
}

// shim: how JavaScript capsules reach syscalls, by number.
const std::vector<HostFunction>& js_shim() {
  static const std::vector<HostFunction> list = {
      {"__invokeHostFunc", {{I32, I64, I64, I64, I64, I64}, {I64}}},
      {"__get_function_arg_type", {{I32, I32}, {I32}}},
      {"__get_function_return_type", {{I32}, {I32}}},
  };
  return list;
}

constexpr bool kKernel = true;    // the kernel calls it
constexpr bool kTooling = false;  // only astrid-sdk or astrid build does

const std::vector<EntryPoint>& entry_point_list() {
  static const std::vector<EntryPoint> list = {
      {"run", "run-loop", "the kernel, once at load", kKernel},
      {"astrid_tool_call", "tool", "the kernel, for each [[tool]] call (up to v0.4.0)", kKernel, kV050},
      {"astrid_hook_trigger", "interceptor", "the kernel, for interceptors and hooks", kKernel},
      {"astrid_install", "installable", "the kernel, at install", kKernel},
      {"astrid_upgrade", "installable", "the kernel, at upgrade", kKernel},
      {"astrid_command_run", "", "generated by astrid-sdk", kTooling},
      {"astrid_cron_trigger", "", "generated by astrid-sdk", kTooling},
      {"astrid_export_schemas", "", "`astrid build`, to extract tool schemas", kTooling},
  };
  return list;
}

}  // namespace

std::span<const Syscall> all_syscalls() { return syscall_list(); }
std::span<const Release> releases() { return release_list(); }

std::span<const HostFunction> host_module_functions(std::string_view module) {
  if (module == kExtismEnvModule) return extism_env();
  if (module == kWasiModule) return wasi_preview1();
  if (module == kShimModule) return js_shim();
  return {};
}

std::span<const EntryPoint> entry_points() { return entry_point_list(); }

std::span<const Group> groups() {
  static constexpr Group kGroups[] = {Filesystem, IPC, Storage, Network, Identity, Process, Lifecycle, System};
  return kGroups;
}

std::span<const std::string_view> host_modules() {
  static constexpr std::string_view kModules[] = {kSyscallModule, kExtismEnvModule, kWasiModule, kWasiUnstableModule,
                                                  kShimModule};
  return kModules;
}

std::span<const ManifestEntryKind> manifest_entry_kinds() {
  static constexpr ManifestEntryKind kKinds[] = {{"tool", "astrid_tool_call"}, {"interceptor", "astrid_hook_trigger"}};
  return kKinds;
}

std::span<const Capability> list_capabilities() {
  using C = Capability;
  static constexpr Capability kList[] = {C::FsRead, C::FsWrite, C::IpcPublish, C::IpcSubscribe,
                                         C::Net,    C::HostProcess, C::NetBind, C::Identity};
  return kList;
}

}  // namespace astrid
