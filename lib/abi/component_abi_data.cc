// The tables of the component-era ABI, from the reference
// (shared/reference/astrid-component-abi.md): releases (sections 0 and 5),
// registered instances (2.1), gates (6) and runtime notes (10). The
// interfaces themselves are WIT, in component_abi_wit.cc.
//
// Where the reference says "unverified", the data decides as the kernel
// would, and says so where it does.

#include "abi/component_abi_data.h"

#include <initializer_list>

namespace astrid {
namespace {

// Section 5, in words, for each engine generation.
constexpr std::string_view kEngine43to46 =
    "WebAssembly 2.0 plus multi-memory, relaxed-simd, tail-call, extended-const, memory64, threads and GC types; "
    "off: exception handling, GC, function-references, stack-switching, custom page sizes, wide arithmetic, "
    "and the component-model values, nested names, error-context, fixed-length lists, gc, map, threading and "
    "stackful async features";
constexpr std::string_view kEngine47 =
    "wasmtime 47's WebAssembly 3.0 defaults with GC and exception handling turned off again: function-references "
    "loads here only; GC, exceptions, stack-switching, wide arithmetic, custom page sizes stay off; tables capped "
    "at max_memory_bytes / 32 elements";

constexpr EngineFeatures engine(std::string_view wasmtime, uint32_t major, bool metered) {
  EngineFeatures e;
  e.wasmtime = wasmtime;
  e.wasmtime_major = major;
  e.cm_async = major >= 46;
  e.fuel = metered;
  e.async_instantiation = metered;
  e.wasi = major == 43;
  e.function_references = major >= 47;
  e.table_limit = major >= 47;
  e.all_component_capabilities = major >= 47;
  e.notes = major >= 47 ? kEngine47 : kEngine43to46;
  return e;
}

// Gates, built by name so the table below reads as section 6 does.
using C = ComponentCapability;
using M = EntryMatch;

GateNeed need(C capability, M match, std::optional<C> fallback = std::nullopt) {
  return GateNeed{capability, match, IdentityLevel::None, fallback};
}
HostGate needs(std::initializer_list<GateNeed> list, uint8_t checks = 0) {
  return HostGate{GateKind::Capabilities, list, checks};
}
HostGate identity(IdentityLevel level) { return needs({GateNeed{C::Identity, M::IdentityLevel, level, std::nullopt}}); }
const HostGate kAlwaysDenied{GateKind::AlwaysDenied, {}, 0};
const HostGate kLifecycleOnly{GateKind::LifecycleOnly, {}, 0};

void add(std::vector<GateRule>& rules, std::string_view iface, std::initializer_list<std::string_view> functions,
         size_t since, size_t until, const HostGate& gate) {
  for (std::string_view f : functions) rules.push_back({iface, f, since, until, gate});
}

void add(std::vector<NoteRule>& rules, std::string_view iface, std::initializer_list<std::string_view> functions,
         size_t since, size_t until, RuntimeKind kind, std::string_view text) {
  for (std::string_view f : functions) rules.push_back({iface, f, since, until, RuntimeNote{kind, text}});
}

}  // namespace

std::span<const ComponentRelease> component_releases() {
  // Dates: v0.9.2 to v0.9.4 and v0.10.0 to v0.10.4 have only the range
  // the reference gives for each run.
  static const ComponentRelease kReleases[] = {
      {"v0.6.0", "b8efa7c4", "2026-05-19", true, "C0", engine("43", 43, false), 0},
      {"v0.7.0", "403c4a79", "2026-05-25", true, "v0.7.0", engine("45", 45, false), 1},
      {"v0.8.0", "03604253", "2026-06-11", true, "v0.8.0", engine("45", 45, true), 2},
      {"v0.9.0", "1f8133d9", "2026-07-02", true, "v0.9.0", engine("46.0.1", 46, true), 3},
      {"v0.9.1", "7fd2d258", "2026-07-03", true, "v0.9.1+", engine("46.0.1", 46, true), 4},
      {"v0.9.2", "15d2d768", "2026-07-03..2026-07-10", true, "v0.9.1+", engine("46.0.1", 46, true), 5},
      {"v0.9.3", "3c5b9641", "2026-07-03..2026-07-10", true, "v0.9.1+", engine("46.0.1", 46, true), 6},
      {"v0.9.4", "dcde6f69", "2026-07-03..2026-07-10", true, "v0.9.1+", engine("46.0.1", 46, true), 7},
      {"v0.10.0", "7d3f0c2e", "2026-07-17..2026-07-20", true, "v0.9.1+", engine("46.0.1", 46, true), 8},
      {"v0.10.1", "4771bab3", "2026-07-17..2026-07-20", true, "v0.9.1+", engine("46.0.1", 46, true), 9},
      {"v0.10.2", "fec3ff9a", "2026-07-17..2026-07-20", true, "v0.9.1+", engine("46.0.1", 46, true), 10},
      {"v0.10.3", "84ab7420", "2026-07-17..2026-07-20", true, "v0.9.1+", engine("46.0.1", 46, true), 11},
      {"v0.10.4", "b6bf5d1d", "2026-07-17..2026-07-20", true, "v0.9.1+", engine("46.0.1", 46, true), 12},
      {"main", "010d22d3", "2026-08-22", false, "v0.9.1+", engine("47.0.3", 47, true), 13},
  };
  return kReleases;
}

// Section 2.1, row by row.
std::span<const ServedInstance> served_instances() {
  static constexpr ServedInstance kServed[] = {
      // v0.6.0 (C0): one package and WASI 0.2.6, which is linked but not
      // itemised: served, not type-checked.
      {"astrid:capsule/types@0.1.0", "", kV060, kV070},
      {"astrid:capsule/fs@0.1.0", "", kV060, kV070},
      {"astrid:capsule/ipc@0.1.0", "", kV060, kV070},
      {"astrid:capsule/uplink@0.1.0", "", kV060, kV070},
      {"astrid:capsule/kv@0.1.0", "", kV060, kV070},
      {"astrid:capsule/net@0.1.0", "", kV060, kV070},
      {"astrid:capsule/http@0.1.0", "", kV060, kV070},
      {"astrid:capsule/sys@0.1.0", "", kV060, kV070},
      {"astrid:capsule/process@0.1.0", "", kV060, kV070},
      {"astrid:capsule/elicit@0.1.0", "", kV060, kV070},
      {"astrid:capsule/approval@0.1.0", "", kV060, kV070},
      {"astrid:capsule/identity@0.1.0", "", kV060, kV070},
      {"wasi:io/error@0.2.6", "", kV060, kV070, false},
      {"wasi:io/poll@0.2.6", "", kV060, kV070, false},
      {"wasi:io/streams@0.2.6", "", kV060, kV070, false},
      {"wasi:clocks/wall-clock@0.2.6", "", kV060, kV070, false},
      {"wasi:clocks/monotonic-clock@0.2.6", "", kV060, kV070, false},
      {"wasi:filesystem/types@0.2.6", "", kV060, kV070, false},
      {"wasi:filesystem/preopens@0.2.6", "", kV060, kV070, false},
      {"wasi:random/random@0.2.6", "", kV060, kV070, false},
      {"wasi:random/insecure@0.2.6", "", kV060, kV070, false},
      {"wasi:random/insecure-seed@0.2.6", "", kV060, kV070, false},
      {"wasi:cli/exit@0.2.6", "", kV060, kV070, false},
      {"wasi:cli/environment@0.2.6", "", kV060, kV070, false},
      {"wasi:cli/stdin@0.2.6", "", kV060, kV070, false},
      {"wasi:cli/stdout@0.2.6", "", kV060, kV070, false},
      {"wasi:cli/stderr@0.2.6", "", kV060, kV070, false},
      {"wasi:cli/terminal-input@0.2.6", "", kV060, kV070, false},
      {"wasi:cli/terminal-output@0.2.6", "", kV060, kV070, false},
      {"wasi:cli/terminal-stdin@0.2.6", "", kV060, kV070, false},
      {"wasi:cli/terminal-stdout@0.2.6", "", kV060, kV070, false},
      {"wasi:cli/terminal-stderr@0.2.6", "", kV060, kV070, false},
      {"wasi:sockets/tcp@0.2.6", "", kV060, kV070, false},
      {"wasi:sockets/udp@0.2.6", "", kV060, kV070, false},
      {"wasi:sockets/tcp-create-socket@0.2.6", "", kV060, kV070, false},
      {"wasi:sockets/udp-create-socket@0.2.6", "", kV060, kV070, false},
      {"wasi:sockets/instance-network@0.2.6", "", kV060, kV070, false},
      {"wasi:sockets/network@0.2.6", "", kV060, kV070, false},
      {"wasi:sockets/ip-name-lookup@0.2.6", "", kV060, kV070, false},
      // v0.7.0 on: the inline `world kernel` of bindings.rs, no WASI.
      {"astrid:io/error@1.0.0", "", kV070},
      {"astrid:io/poll@1.0.0", "", kV070},
      {"astrid:io/streams@1.0.0", "", kV070},
      {"astrid:fs/host@1.0.0", "", kV070},
      {"astrid:ipc/host@1.0.0", "", kV070},
      {"astrid:kv/host@1.0.0", "", kV070},
      {"astrid:net/host@1.0.0", "", kV070},
      {"astrid:http/host@1.0.0", "", kV070},
      {"astrid:http/host@1.1.0", "", kV090},
      {"astrid:sys/host@1.0.0", "s7", kV070, kV080},
      {"astrid:sys/host@1.0.0", "s8", kV080},
      // v0.9.0 changed process@1.0.0 in place (the P9 shape); v0.9.1
      // restored P8 there and serves P9 as 1.1.0.
      {"astrid:process/host@1.0.0", "p7", kV070, kV080},
      {"astrid:process/host@1.0.0", "p8", kV080, kV090},
      {"astrid:process/host@1.0.0", "p9", kV090, kV091},
      {"astrid:process/host@1.0.0", "p8", kV091},
      {"astrid:process/host@1.1.0", "p9", kV091},
      {"astrid:uplink/host@1.0.0", "", kV070},
      {"astrid:elicit/host@1.0.0", "", kV070},
      {"astrid:approval/host@1.0.0", "", kV070},
      {"astrid:identity/host@1.0.0", "", kV070},
      {"astrid:guest/lifecycle@1.0.0", "", kV070},  // types only
  };
  return kServed;
}

// Section 6. A function without a rule is ungated.
const std::vector<GateRule>& gate_rules() {
  static const std::vector<GateRule> rules = [] {
    std::vector<GateRule> r;
    using L = IdentityLevel;
    const HostGate fs_read = needs({need(C::FsRead, M::FsPath)});
    const HostGate fs_write = needs({need(C::FsWrite, M::FsPath)});

    // v0.6.0 (C0). The reference's section 6 gives these without matching
    // rules where it writes "net (host allowlist)" and "host_process":
    // Unspecified. Its fs entries (`*`, cwd://, home://) are stated for the
    // component era as a whole: taken to hold here too (unverified).
    add(r, "astrid:capsule/fs", {"fs-exists", "fs-readdir", "fs-stat", "read-file"}, kV060, kV070, fs_read);
    add(r, "astrid:capsule/fs", {"fs-mkdir", "fs-unlink", "write-file"}, kV060, kV070, fs_write);
    add(r, "astrid:capsule/http", {"http-request", "http-stream-start"}, kV060, kV070,
        needs({need(C::Net, M::Unspecified)}));
    add(r, "astrid:capsule/process", {"spawn", "spawn-background"}, kV060, kV070,
        needs({need(C::HostProcess, M::Unspecified)}));
    add(r, "astrid:capsule/net", {"net-bind-unix"}, kV060, kV070, needs({need(C::NetBind, M::AnyEntry)}));
    add(r, "astrid:capsule/ipc", {"ipc-publish"}, kV060, kV070,
        needs({need(C::Publish, M::TopicPattern, C::IpcPublish)}));
    // The table says "uplink=true + publish ACL" (section 6's C0 paragraph
    // names only uplink): the ACL taken to be ipc-publish's, with its
    // ipc_publish fallback, as v0.7.0's publish-as has (unverified).
    add(r, "astrid:capsule/ipc", {"ipc-publish-as"}, kV060, kV070,
        needs({need(C::Uplink, M::Flag), need(C::Publish, M::TopicPattern, C::IpcPublish)}));
    add(r, "astrid:capsule/ipc", {"ipc-subscribe"}, kV060, kV070,
        needs({need(C::Subscribe, M::TopicPattern, C::IpcSubscribe)}));
    add(r, "astrid:capsule/identity", {"identity-resolve"}, kV060, kV070, identity(L::Resolve));
    add(r, "astrid:capsule/identity", {"identity-link", "identity-unlink", "identity-list-links"}, kV060, kV070,
        identity(L::Link));
    add(r, "astrid:capsule/identity", {"identity-create-user"}, kV060, kV070, identity(L::Admin));
    add(r, "astrid:capsule/elicit", {"elicit"}, kV060, kV070, kLifecycleOnly);
    // uplink-register is not gated by capabilities.uplink at v0.6.0.

    // v0.7.0 to main.
    add(r, "astrid:fs/host", {"fs-exists", "fs-readdir", "fs-stat", "read-file"}, kV070, kNoRelease, fs_read);
    add(r, "astrid:fs/host", {"fs-mkdir", "fs-mkdir-all", "write-file", "fs-unlink"}, kV070, kNoRelease, fs_write);
    // http@1.0.0 and @1.1.0 alike (1.1.0 exists from v0.9.0, when the
    // scheme check came).
    const std::initializer_list<std::string_view> kHttpCalls = {"http-request", "http-stream-start",
                                                                "http-request-opts", "http-stream-start-opts"};
    add(r, "astrid:http/host", kHttpCalls, kV070, kV090, needs({need(C::Net, M::HostAllowlist)}, kSsrfAirlock));
    add(r, "astrid:http/host", kHttpCalls, kV090, kNoRelease,
        needs({need(C::Net, M::HostAllowlist)}, kSsrfAirlock | kHttpSchemes));
    // The ipc_publish / ipc_subscribe fallback is v0.7.0's only: v0.8.0
    // removed both fields.
    add(r, "astrid:ipc/host", {"publish"}, kV070, kV080, needs({need(C::Publish, M::TopicPattern, C::IpcPublish)}));
    add(r, "astrid:ipc/host", {"publish"}, kV080, kNoRelease, needs({need(C::Publish, M::TopicPattern)}));
    add(r, "astrid:ipc/host", {"publish-as"}, kV070, kV080,
        needs({need(C::Uplink, M::Flag), need(C::Publish, M::TopicPattern, C::IpcPublish)}));
    add(r, "astrid:ipc/host", {"publish-as"}, kV080, kNoRelease,
        needs({need(C::Uplink, M::Flag), need(C::Publish, M::TopicPattern)}));
    add(r, "astrid:ipc/host", {"subscribe"}, kV070, kV080,
        needs({need(C::Subscribe, M::TopicPattern, C::IpcSubscribe)}));
    add(r, "astrid:ipc/host", {"subscribe"}, kV080, kNoRelease, needs({need(C::Subscribe, M::TopicPattern)}));
    add(r, "astrid:net/host", {"connect-tcp"}, kV070, kNoRelease,
        needs({need(C::NetConnect, M::HostPort)}, kSsrfAirlock));
    add(r, "astrid:net/host", {"lookup-host"}, kV070, kNoRelease, needs({need(C::NetConnect, M::HostAnyPort)}));
    add(r, "astrid:net/host", {"bind-unix"}, kV070, kMain, needs({need(C::NetBind, M::AnyEntry)}));
    add(r, "astrid:net/host", {"bind-unix"}, kMain, kNoRelease, needs({need(C::NetBind, M::UnixEntry)}));
    add(r, "astrid:net/host", {"bind-tcp"}, kV070, kMain, kAlwaysDenied);
    add(r, "astrid:net/host", {"bind-tcp"}, kMain, kNoRelease, needs({need(C::NetBind, M::HostPort)}, kLoopbackOnly));
    add(r, "astrid:net/host", {"udp-bind"}, kV070, kNoRelease, kAlwaysDenied);
    // process@1.0.0 and @1.1.0 alike; spawn-persistent exists from v0.8.0.
    add(r, "astrid:process/host", {"spawn", "spawn-background"}, kV070, kNoRelease,
        needs({need(C::HostProcess, M::Command)}));
    add(r, "astrid:process/host", {"spawn-persistent"}, kV080, kNoRelease,
        needs({need(C::HostProcess, M::Command), need(C::AllowPersistent, M::Flag)}));
    add(r, "astrid:uplink/host", {"uplink-register", "uplink-send"}, kV070, kNoRelease,
        needs({need(C::Uplink, M::Flag)}));
    add(r, "astrid:elicit/host", {"elicit"}, kV070, kV090, kLifecycleOnly);
    add(r, "astrid:identity/host", {"identity-resolve"}, kV070, kNoRelease, identity(L::Resolve));
    add(r, "astrid:identity/host", {"identity-link", "identity-unlink", "identity-list-links"}, kV070, kNoRelease,
        identity(L::Link));
    add(r, "astrid:identity/host", {"identity-create-user"}, kV070, kNoRelease, identity(L::Admin));
    return r;
  }();
  return rules;
}

// Section 10, in the reference's words (its runtime_note column).
const std::vector<NoteRule>& note_rules() {
  static const std::vector<NoteRule> rules = [] {
    std::vector<NoteRule> r;
    using K = RuntimeKind;
    constexpr std::string_view kUnknown = "placeholder: always returns unknown(...)";
    constexpr std::string_view kReady = "placeholder: always-ready pollable";
    constexpr std::string_view kScoped = "scoped to own (principal, capsule) processes";
    add(r, "astrid:fs/host",
        {"fs-open", "fs-stat-symlink", "fs-append", "fs-copy", "fs-rename", "fs-remove-dir-all", "fs-canonicalize",
         "fs-read-link", "fs-hard-link", "[method]file-handle.read-at", "[method]file-handle.write-at",
         "[method]file-handle.sync-data", "[method]file-handle.sync-all", "[method]file-handle.stat",
         "[method]file-handle.set-len"},
        kV070, kNoRelease, K::Placeholder, kUnknown);
    // http@1.0.0 and @1.1.0 alike; trailers and http-upload exist in 1.1.0 only.
    add(r, "astrid:http/host", {"[method]http-stream.subscribe-readable"}, kV070, kNoRelease, K::Placeholder, kReady);
    add(r, "astrid:http/host", {"[method]http-stream.body-stream"}, kV070, kNoRelease, K::Placeholder,
        "placeholder: closed input-stream");
    add(r, "astrid:http/host", {"[method]http-stream.trailers"}, kV090, kNoRelease, K::Placeholder,
        "placeholder: always ok(none)");
    add(r, "astrid:http/host", {"http-upload-start"}, kV090, kNoRelease, K::Placeholder,
        "placeholder: always returns unknown(...) (no gate evaluated)");
    add(r, "astrid:http/host", {"[method]http-upload.body-sink"}, kV090, kNoRelease, K::Unreachable,
        "placeholder: closed output-stream (unreachable)");
    add(r, "astrid:http/host", {"[method]http-upload.subscribe-writable"}, kV090, kNoRelease, K::Unreachable,
        "placeholder: always-ready pollable (unreachable)");
    add(r, "astrid:http/host", {"[method]http-upload.finish"}, kV090, kNoRelease, K::Unreachable,
        "placeholder: always returns unknown(...) (unreachable)");
    add(r, "astrid:ipc/host", {"[method]subscription.subscribe-readiness"}, kV070, kNoRelease, K::Placeholder, kReady);
    add(r, "astrid:net/host", {"bind-unix"}, kV070, kNoRelease, K::Restricted, "needs a kernel-provisioned listener");
    add(r, "astrid:net/host", {"bind-tcp"}, kV070, kMain, K::Placeholder, "placeholder");
    add(r, "astrid:net/host", {"udp-bind"}, kV070, kNoRelease, K::Placeholder, "placeholder");
    // Section 10 also calls tcp-listener.subscribe-readiness an always-ready
    // pollable before main; the table gives the one note that matters
    // there, that no tcp-listener can exist.
    add(r, "astrid:net/host",
        {"[method]tcp-listener.accept", "[method]tcp-listener.poll-accept", "[method]tcp-listener.local-addr",
         "[method]tcp-listener.subscribe-readiness"},
        kV070, kMain, K::Unreachable, "unreachable (bind-tcp always denied)");
    add(r, "astrid:net/host",
        {"[method]udp-socket.send-to", "[method]udp-socket.recv-from", "[method]udp-socket.connect",
         "[method]udp-socket.disconnect", "[method]udp-socket.send", "[method]udp-socket.recv",
         "[method]udp-socket.peer-addr", "[method]udp-socket.set-read-timeout", "[method]udp-socket.local-addr",
         "[method]udp-socket.subscribe-readable"},
        kV070, kNoRelease, K::Unreachable, "unreachable (udp-bind always denied)");
    add(r, "astrid:net/host", {"[method]tcp-stream.subscribe-readable", "[method]unix-listener.subscribe-readiness"},
        kV070, kNoRelease, K::Placeholder, kReady);
    add(r, "astrid:net/host", {"[method]tcp-stream.read-stream"}, kV070, kNoRelease, K::Placeholder,
        "placeholder: closed input-stream");
    add(r, "astrid:net/host", {"[method]tcp-stream.write-stream"}, kV070, kNoRelease, K::Placeholder,
        "placeholder: closed output-stream");
    // process@1.0.0 and @1.1.0 alike; the free functions exist from v0.8.0.
    add(r, "astrid:process/host",
        {"[method]process-handle.write-stdin", "[method]process-handle.close-stdin",
         "[method]process-handle.wait-with-output"},
        kV070, kNoRelease, K::Placeholder, kUnknown);
    add(r, "astrid:process/host", {"[method]process-handle.subscribe-exit", "[method]process-handle.subscribe-logs"},
        kV070, kNoRelease, K::Placeholder, kReady);
    add(r, "astrid:process/host", {"attach", "watch"}, kV080, kNoRelease, K::Placeholder, kUnknown);
    add(r, "astrid:process/host", {"unwatch"}, kV080, kNoRelease, K::Placeholder, "no-op, always ok");
    add(r, "astrid:process/host",
        {"list-processes", "status", "status-many", "read-logs", "read-since", "write-stdin", "close-stdin", "signal",
         "wait", "stop", "release-process"},
        kV080, kNoRelease, K::Restricted, kScoped);
    add(r, "astrid:process/host", {"spawn-persistent"}, kV080, kNoRelease, K::Restricted,
        "persist-unsupported without an authenticated principal");
    return r;
  }();
  return rules;
}

}  // namespace astrid
