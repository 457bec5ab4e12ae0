// The Astrid host ABI as data: kernel releases, their syscall tables, and the
// other import modules the kernel provides. Everything that checks, prints or
// documents the ABI reads it from here; abi_data.cc holds the one definition.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "wasm/signature.h"

namespace astrid {

// Import modules the Astrid kernel links (reference section 4).
inline constexpr std::string_view kSyscallModule = "extism:host/user";
inline constexpr std::string_view kExtismEnvModule = "extism:host/env";
inline constexpr std::string_view kWasiModule = "wasi_snapshot_preview1";
inline constexpr std::string_view kShimModule = "shim";
// WASI snapshot 0, which Extism registers beside preview1: its imports link,
// but the reference does not list their types, so they are not checked.
inline constexpr std::string_view kWasiUnstableModule = "wasi_unstable";
// The one non-function import the kernel's modules provide: Extism's
// kernel instance exports its memory.
inline constexpr std::string_view kExtismMemory = "memory";

enum class Group { Filesystem, IPC, Storage, Network, Identity, Process, Lifecycle, System };
std::string_view to_string(Group group);
// Every group, in the order astrid-sys lists them (and reports group by).
std::span<const Group> groups();

// The modules the kernel links, in the order messages name them.
std::span<const std::string_view> host_modules();

// What the kernel checks before it runs a syscall: the `Capsule.toml`
// capability that must be declared, or a restriction of another kind.
enum class Capability {
  None,
  FsRead,
  FsWrite,
  IpcPublish,
  IpcSubscribe,
  Uplink,
  Net,
  HostProcess,
  NetBind,
  Identity,      // with a level, below
  InstallHooks,  // not a capability: only callable inside install/upgrade
};

// The manifest key of a capability ("fs_read"); empty for None/InstallHooks.
std::string_view manifest_key(Capability cap);

// What a manifest list of this capability holds, as a placeholder an author
// must replace: "<host, e.g. api.example.com>". Empty for None/InstallHooks.
std::string_view manifest_placeholder(Capability cap);

// Identity levels are ordered: admin implies link implies resolve.
enum class IdentityLevel { None, Resolve, Link, Admin };
std::string_view to_string(IdentityLevel level);
std::optional<IdentityLevel> parse_identity_level(std::string_view text);

// How far a capability reaches outside the capsule; `diff` groups changes by
// it. The reference does not rank capabilities: this ranking is astrid-abi's.
enum class Risk { Low, Medium, High };
std::string_view to_string(Risk risk);
Risk risk_of(Capability cap, IdentityLevel level);

struct Gate {
  Capability capability = Capability::None;
  IdentityLevel identity = IdentityLevel::None;
  // What the reference adds in parentheses, e.g. "host allowlist".
  std::string_view detail;
};

// "fs_read", "identity: link", "net (host allowlist)", "—": the gate as the
// reference's table writes it.
std::string describe_gate(const Gate& gate);

struct Syscall {
  std::string_view name;
  std::vector<std::string_view> args;  // each one i64
  bool returns_bytes;                  // one i64 result, else none
  Group group;
  Gate gate;
  // Indexes into releases(): the first release that has it, and the first
  // that no longer does (absent: still there in the newest).
  size_t added_in = 0;
  std::optional<size_t> removed_in = std::nullopt;

  FuncSig signature() const;
  // Its C prototype, every value a uint64_t: "uint64_t astrid_read_file(uint64_t path)".
  std::string c_prototype() const;
};

struct Release {
  std::string_view name;  // "v0.2.0"
  size_t index;           // position in releases()
  // This release's table; a syscall's number is its position here.
  std::vector<const Syscall*> syscalls;

  const Syscall* find(std::string_view name) const;
  std::optional<size_t> number_of(std::string_view name) const;
};

// Kernel releases, oldest first.
std::span<const Release> releases();
const Release& default_release();
// Accepts "v0.2.0" and "0.2.0"; nullptr when there is no such release.
const Release* find_release(std::string_view name);
std::string release_names(std::string_view separator);
// The release list by index, as findings' release sets name them.
size_t release_count();
std::string_view release_name(size_t index);
// "all", or release names: the releases, oldest first, without repeats; or
// the first name that is not a release.
std::variant<std::vector<const Release*>, std::string> parse_releases(const std::vector<std::string>& names);

// Every syscall any release has, in kernel registration order.
std::span<const Syscall> all_syscalls();
const Syscall* find_any_syscall(std::string_view name);

struct HostFunction {
  std::string_view name;
  FuncSig signature;
};

// A module the kernel provides besides the syscalls, or nullptr.
std::span<const HostFunction> host_module_functions(std::string_view module);
bool is_host_module(std::string_view module);  // includes kSyscallModule

// The exports the kernel and the Astrid tooling call (reference section 5).
struct EntryPoint {
  std::string_view name;
  std::string_view role;  // "tool", "run-loop", ... or empty
  std::string_view caller;
  // Whether the kernel calls it (an entry point that makes the capsule
  // something), or only the SDK's tooling does (astrid_export_schemas).
  bool kernel_calls = false;
  // The first release that no longer calls it (v0.5.0 stopped dispatching
  // [[tool]] calls to astrid_tool_call); absent: every release does.
  std::optional<size_t> until = std::nullopt;

  bool called_by(const Release& release) const { return kernel_calls && (!until || release.index < *until); }
};
std::span<const EntryPoint> entry_points();
const EntryPoint* find_entry_point(std::string_view name);
// "run, astrid_hook_trigger, ...": the entry points a release calls.
std::string kernel_entry_points(const Release& release);
FuncSig entry_point_signature();  // () -> i32 for all of them

// Load limits (reference section 6).
inline constexpr uint64_t kMaxMemoryPages = 1024;
inline constexpr uint64_t kWasmPageBytes = 64 * 1024;
inline constexpr uint64_t kMaxMemoryMiB = kMaxMemoryPages * kWasmPageBytes >> 20;

// The syscall a run loop calls once its subscriptions are active: the
// kernel waits for it.
inline constexpr std::string_view kReadySyscall = "astrid_signal_ready";
// The entry point that makes a capsule a run loop, and the install hooks
// (the only place the install-gated syscalls work).
const EntryPoint& run_loop_entry();
std::vector<std::string_view> install_hooks();

// The manifest tables whose entries the kernel dispatches to an entry
// point: [[tool]] to astrid_tool_call, [[interceptor]] to
// astrid_hook_trigger.
struct ManifestEntryKind {
  std::string_view table;
  std::string_view entry_point;
};
std::span<const ManifestEntryKind> manifest_entry_kinds();

// The capabilities a manifest grants as a list of values ([capabilities]
// fs_read = [...]); uplink is granted by [[uplink]] entries.
std::span<const Capability> list_capabilities();

// The first release that numbered a syscall differently from the release
// before it, and the first syscall it renumbered: what JavaScript capsules,
// which call syscalls by number, must be rebuilt for.
struct Renumbering {
  const Release* release;
  std::string_view first;
};
std::optional<Renumbering> first_renumbering();

}  // namespace astrid
