// The component-era Astrid host ABI as data: kernel releases v0.6.0 to
// v0.10.4 and main, the instances each registers, their WIT, what gates
// each host function, what cannot succeed although it links, and the
// exports the kernel calls. From the reference
// (shared/reference/astrid-component-abi.md); component_abi_reference_test
// compares it with the reference's tables row by row.
//
// The interfaces are WIT text written in this project
// (component_abi_wit.cc), each once, read on first use into one TypeGraph.
// Queries that need only names (releases, registered instances, name
// resolution) do not read it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "abi/extism_abi.h"  // IdentityLevel
#include "abi/wit_model.h"

namespace astrid {

// What a release's engine accepts (reference section 5).
struct EngineFeatures {
  // As the reference gives it: "46.0.1", or the major version where no
  // Cargo.lock pins one ("43", "45").
  std::string_view wasmtime;
  uint32_t wasmtime_major = 0;
  bool cm_async = false;             // component-model async (wasmtime 46 and later)
  bool fuel = false;                 // calls are metered (consume_fuel; v0.8.0 on)
  bool async_instantiation = false;  // async_support (v0.8.0 on)
  bool function_references = false;  // wasmtime 47's defaults: main only
  bool wasi = false;                 // WASI 0.2.6 linked (v0.6.0 only)
  bool table_limit = false;          // tables of at most max_memory_bytes / 32 elements (main)
  // Every [[component]].capabilities field is merged into [capabilities]
  // (main); before, only fs_read, fs_write, host_process, net, net_bind.
  bool all_component_capabilities = false;
  std::string_view notes;  // the rest of section 5, in words
};

// A memory whose declared minimum is at most this many pages loads, on
// every release (64 MiB; the reference's addendum 6).
inline constexpr uint64_t kComponentMaxMemoryPages = 1024;

struct ComponentRelease {
  std::string_view name;    // "v0.9.1", "main"
  std::string_view commit;  // "7fd2d258"
  // "2026-07-03"; "2026-07-03..2026-07-10" where the reference gives only
  // the range a run of releases falls in.
  std::string_view date;
  bool tagged = true;  // false for main, a branch head still versioned 0.10.4
  // Which of the five distinct host ABIs it serves: "C0" (v0.6.0),
  // "v0.7.0", "v0.8.0", "v0.9.0", "v0.9.1+" (v0.9.1 to v0.10.4 and main).
  std::string_view abi;
  EngineFeatures engine;
  size_t index = 0;  // in component_releases()
};

// v0.6.0 … v0.10.4, then main: the order of the reference's tables.
std::span<const ComponentRelease> component_releases();
// "v0.9.1", "0.9.1" or "main"; nullptr when there is no such release.
const ComponentRelease* find_component_release(std::string_view name);
// "v0.7.0..v0.8.0,v0.9.1..main": runs of consecutive releases, as the
// reference's links_on column writes them; "-" for none.
std::string describe_releases(const std::vector<const ComponentRelease*>& releases);

// --- instances

// An interface as one or more releases serve it under one instance name.
// process@1.0.0 has three shapes (P7, P8, P9), sys@1.0.0 two; every other
// instance one.
struct HostInterface {
  std::string_view name;   // "astrid:process/host@1.0.0"
  std::string_view shape;  // "p8"; empty when the interface has one shape
  // nullptr: linked but not itemised, so served but not type-checked (the
  // WASI 0.2.6 instances of v0.6.0).
  const WitInterface* wit = nullptr;

  const WitFunction* find_function(std::string_view component_name) const;
  std::vector<std::string_view> resources() const;  // those it defines
};

// The instance names a release registers, in the reference's order.
std::vector<std::string_view> registered_instances(const ComponentRelease& release);
// The registered name an import resolves to (reference section 3.2): the
// exact name, else the highest registered version on its semver track
// (`@1` for 1.x.y, `@0.2` for 0.2.x; none for 0.0.x, pre-releases and
// unversioned names; build metadata ignored). Reads no WIT.
std::optional<std::string_view> resolve_instance_name(const ComponentRelease& release, std::string_view import);
// The same, with the interface it names (reads the WIT on first use).
const HostInterface* resolve_instance(const ComponentRelease& release, std::string_view import);
// A registered name's interface on that release, or nullptr.
const HostInterface* host_interface(const ComponentRelease& release, std::string_view registered);

// Every instance name some release registers, for "did you mean".
std::vector<std::string_view> all_instance_names();
std::optional<std::string_view> suggest_instance(std::string_view import);
// The runs of releases that register `instance` (exactly that name):
// "served from v0.9.0", "served until v0.6.0".
struct ReleaseRun {
  const ComponentRelease* first = nullptr;
  const ComponentRelease* last = nullptr;
};
std::vector<ReleaseRun> served_runs(std::string_view instance);
// The releases on which `import` resolves to something.
std::vector<const ComponentRelease*> resolving_releases(std::string_view import);
// The releases on which `import` resolves to an interface that has the
// function (whatever its type).
std::vector<const ComponentRelease*> releases_with_function(std::string_view import, std::string_view function);

// The graph every ABI type lives in, and the model the WIT was read into.
const TypeGraph& component_abi_types();
const WitModel& component_abi_model();

// --- gates (reference section 6)

// What the manifest must grant. Publish and Subscribe are the keys of the
// [publish] and [subscribe] tables; the rest are [capabilities] fields.
enum class ComponentCapability : uint8_t {
  FsRead,
  FsWrite,
  Net,
  NetConnect,
  NetBind,
  HostProcess,
  AllowPersistent,
  Identity,
  Uplink,
  Publish,
  Subscribe,
  IpcPublish,    // v0.6.0 and v0.7.0 only, as the ACLs' fallback
  IpcSubscribe,  // likewise
};
// "fs_read", "allow_persistent", "[publish]", …
std::string_view manifest_key(ComponentCapability capability);

// How an entry of that capability is matched against the call.
enum class EntryMatch : uint8_t {
  Unspecified,    // the reference does not say (v0.6.0)
  Flag,           // a bool that must be true
  FsPath,         // `*`, `cwd://sub`, `home://sub`, or a path prefix; `..` refused
  HostAllowlist,  // the URL's host equals an entry, ends with "." + entry, or the entry is `*`
  HostPort,       // `host:port` or `host:*`, the host exact (case-insensitive)
  HostAnyPort,    // port 0: `host:*` or `host:0`
  AnyEntry,       // any non-empty entry
  UnixEntry,      // an entry beginning `unix:`
  Command,        // cmd equals an entry, or starts with one followed by a space
  TopicPattern,   // a key matches the topic (segments, `*`, trailing `.*`)
  IdentityLevel,  // the list holds the level or a higher one
};

struct GateNeed {
  ComponentCapability capability = ComponentCapability::FsRead;
  EntryMatch match = EntryMatch::Unspecified;
  IdentityLevel level = IdentityLevel::None;  // Identity: the lowest level that grants
  // Consulted instead when the capability's own table is empty.
  std::optional<ComponentCapability> fallback;
  bool operator==(const GateNeed&) const = default;
};

enum class GateKind : uint8_t {
  None,           // nothing is checked
  Capabilities,   // every need must be granted
  AlwaysDenied,   // capability-denied whatever the manifest grants
  LifecycleOnly,  // only inside astrid-install / astrid-upgrade (else not-in-lifecycle)
};

// Checks beyond the manifest.
enum GateCheck : uint8_t {
  kSsrfAirlock = 1,   // resolved addresses the kernel deems unsafe are refused (airlock-rejected)
  kHttpSchemes = 2,   // only http and https URLs
  kLoopbackOnly = 4,  // the host must be loopback
};

struct HostGate {
  GateKind kind = GateKind::None;
  std::vector<GateNeed> needs;
  uint8_t checks = 0;
  bool operator==(const HostGate&) const = default;
};

// "fs_read", "identity: link|admin", "[publish] keys (fallback
// capabilities.ipc_publish when [publish] empty)", "always
// capability-denied", "-".
std::string describe(const HostGate& gate);

// The gate of `function` of the instance `instance` on `release`
// (ungated when the data has none).
const HostGate& host_gate(const ComponentRelease& release, std::string_view instance, std::string_view function);

// --- what links but cannot do its job (reference section 10)

enum class RuntimeKind : uint8_t {
  Placeholder,  // always fails, returns a closed stream, an always-ready pollable, ok(none), or does nothing
  Unreachable,  // a method of a resource no call can create on that release
  Restricted,   // works within limits the manifest does not show
};

struct RuntimeNote {
  RuntimeKind kind = RuntimeKind::Placeholder;
  std::string_view text;  // the reference's wording
};

std::optional<RuntimeNote> runtime_note(const ComponentRelease& release, std::string_view instance,
                                        std::string_view function);

// The function links on `release` but can never succeed there: always
// denied, a placeholder, or unreachable.
bool cannot_succeed(const ComponentRelease& release, std::string_view instance, std::string_view function);

// --- guest exports (reference section 4)

enum class GuestRole : uint8_t { HookTrigger, RunLoop, Install, Upgrade };
std::string_view to_string(GuestRole role);

struct GuestExport {
  std::string_view name;  // "astrid-hook-trigger", "run", "astrid-install", "astrid-upgrade"
  GuestRole role = GuestRole::HookTrigger;
  FuncType type;  // in component_abi_types()
  // Instantiation fails without it (v0.6.0: all four); later releases
  // look exports up when they call them.
  bool required = false;
  // One of the trio the kernel tests for a shared no-op body (section 4.3).
  bool stub_detected = false;
  std::string_view world;  // the WIT world that declares it
};

const std::vector<GuestExport>& guest_exports(const ComponentRelease& release);

// --- a kernel checkout's own WIT (--wit DIR)

// Reads a WIT directory (as read_wit_dir lays it out: a kernel checkout's
// crates/astrid-capsule/wit-staging/) as one more component-era release,
// named "wit" and placed after main: it registers every interface the
// directory and its deps/ define, under its full name, and otherwise
// behaves as main does (gates, runtime notes, engine, guest exports).
// Call it once, before anything is checked; it is then in
// link_releases() and kernel_releases(). Returns why it cannot be read.
std::optional<WitError> load_wit_release(const std::string& dir);
// That release, once loaded, or nullptr.
const ComponentRelease* wit_release();
// What a check evaluates: the tagged releases and main, then the WIT
// release when one is loaded.
std::vector<const ComponentRelease*> link_releases();
// The graph a release's interfaces' types live in: component_abi_types(),
// or the WIT release's own.
const TypeGraph& host_types(const ComponentRelease& release);

// --- the WIT itself

// Reads the ABI's WIT into `into`, as the first query does once; exposed so
// that tests can check it and measure what it costs. Returns the error a
// text has, which a test catches before anyone else could.
std::optional<WitError> load_component_abi_wit(WitModel& into);

}  // namespace astrid
