#include "abi/migration.h"

namespace astrid {
namespace {

constexpr std::string_view kFs = "astrid:fs/host@1.0.0";
constexpr std::string_view kIpc = "astrid:ipc/host@1.0.0";
constexpr std::string_view kKv = "astrid:kv/host@1.0.0";
constexpr std::string_view kNet = "astrid:net/host@1.0.0";
constexpr std::string_view kHttp = "astrid:http/host@1.1.0";
constexpr std::string_view kSys = "astrid:sys/host@1.0.0";
constexpr std::string_view kProcess = "astrid:process/host@1.1.0";
constexpr std::string_view kIdentity = "astrid:identity/host@1.0.0";
constexpr std::string_view kElicit = "astrid:elicit/host@1.0.0";

// clang-format off
constexpr PortTarget kTargets[] = {
    {"astrid_read_file", kFs, "read-file", ""},
    {"astrid_write_file", kFs, "write-file", ""},
    {"astrid_fs_exists", kFs, "fs-exists", ""},
    {"astrid_fs_mkdir", kFs, "fs-mkdir", ""},
    {"astrid_fs_readdir", kFs, "fs-readdir", ""},
    {"astrid_fs_stat", kFs, "fs-stat", ""},
    {"astrid_fs_unlink", kFs, "fs-unlink", ""},
    {"astrid_ipc_publish", kIpc, "publish", "grant the topic as a [publish] key (ipc_publish is ignored from v0.8.0)"},
    {"astrid_ipc_subscribe", kIpc, "subscribe", "returns a subscription resource; grant the pattern as a [subscribe] key"},
    {"astrid_ipc_unsubscribe", "", "", "drop the subscription resource that subscribe returned"},
    {"astrid_ipc_poll", kIpc, "[method]subscription.poll", ""},
    {"astrid_ipc_recv", kIpc, "[method]subscription.recv", ""},
    {"astrid_get_interceptor_handles", kIpc, "get-interceptor-bindings", ""},
    {"astrid_kv_get", kKv, "kv-get", ""},
    {"astrid_kv_set", kKv, "kv-set", ""},
    {"astrid_kv_delete", kKv, "kv-delete", ""},
    {"astrid_kv_list_keys", kKv, "kv-list-keys", ""},
    {"astrid_kv_clear_prefix", kKv, "kv-clear-prefix", ""},
    {"astrid_net_bind_unix", kNet, "bind-unix", "returns a unix-listener resource"},
    {"astrid_net_accept", kNet, "[method]unix-listener.accept", ""},
    {"astrid_net_poll_accept", kNet, "[method]unix-listener.poll-accept", ""},
    {"astrid_net_read", kNet, "[method]tcp-stream.read", ""},
    {"astrid_net_write", kNet, "[method]tcp-stream.write", ""},
    {"astrid_net_close_stream", "", "", "drop the tcp-stream resource (or call [method]tcp-stream.shutdown)"},
    {"astrid_http_request", kHttp, "http-request", ""},
    {"astrid_http_stream_start", kHttp, "http-stream-start", "returns an http-stream resource"},
    {"astrid_http_stream_read", kHttp, "[method]http-stream.read-chunk", ""},
    {"astrid_http_stream_close", kHttp, "[method]http-stream.close", ""},
    {"astrid_log", kSys, "log", ""},
    {"astrid_get_config", kSys, "get-config", ""},
    {"astrid_get_caller", kSys, "get-caller", ""},
    {"astrid_clock_ms", kSys, "clock-ms", ""},
    {"astrid_signal_ready", kSys, "signal-ready", ""},
    {"astrid_check_capsule_capability", kSys, "check-capsule-capability", ""},
    {"astrid_cron_schedule", "", "", "the component era has no cron: schedule from a run loop (sys sleep-ns)"},
    {"astrid_cron_cancel", "", "", "the component era has no cron"},
    {"astrid_trigger_hook", "", "", "the component era has no hook trigger for capsules: publish an event instead"},
    {"astrid_spawn_host", kProcess, "spawn", ""},
    {"astrid_spawn_background_host", kProcess, "spawn-background", "returns a process-handle resource"},
    {"astrid_read_process_logs_host", kProcess, "[method]process-handle.read-logs", ""},
    {"astrid_kill_process_host", kProcess, "[method]process-handle.kill", ""},
    {"astrid_identity_resolve", kIdentity, "identity-resolve", ""},
    {"astrid_identity_link", kIdentity, "identity-link", ""},
    {"astrid_identity_unlink", kIdentity, "identity-unlink", ""},
    {"astrid_identity_list_links", kIdentity, "identity-list-links", ""},
    {"astrid_identity_create_user", kIdentity, "identity-create-user", ""},
    {"astrid_elicit", kElicit, "elicit", "no longer only inside install and upgrade hooks (v0.9.0 on)"},
    {"astrid_has_secret", kElicit, "has-secret", ""},
    {"astrid_request_approval", "astrid:approval/host@1.0.0", "request-approval", ""},
    {"astrid_uplink_register", "astrid:uplink/host@1.0.0", "uplink-register", "needs uplink = true under [capabilities]"},
    {"astrid_uplink_send", "astrid:uplink/host@1.0.0", "uplink-send", "needs uplink = true under [capabilities]"},
};
// clang-format on

}  // namespace

std::span<const PortTarget> port_targets() { return kTargets; }

const PortTarget* port_target(std::string_view syscall) {
  for (const PortTarget& t : kTargets)
    if (t.syscall == syscall) return &t;
  return nullptr;
}

}  // namespace astrid
