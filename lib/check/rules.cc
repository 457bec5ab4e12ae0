// The rule catalogue. `astrid-abi rules`, the README's rule list and the man
// page are written from these entries; rules_test keeps the docs in step.
#include "check/rules.h"

#include <fmt/format.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "abi/extism_abi.h"

namespace astrid {
namespace {

// The texts below name facts of the ABI; these come from its data, so that
// a change there cannot leave the documentation behind. Each is made once
// and lives as long as the catalogue.
const std::string& text(std::string s) {
  static std::vector<std::unique_ptr<std::string>> kept;
  kept.push_back(std::make_unique<std::string>(std::move(s)));
  return *kept.back();
}

// "v0.4.0": the last release that calls astrid_tool_call.
std::string last_tool_call_release() {
  const EntryPoint* e = find_entry_point("astrid_tool_call");
  return e && e->until ? std::string(releases()[*e->until - 1].name) : std::string(releases().back().name);
}

std::string first_renumbered_release() {
  const auto r = first_renumbering();
  return r ? std::string(r->release->name) : std::string("a later release");
}

constexpr bool kBlocksLoad = true;  // the kernel refuses to load the capsule
constexpr bool kLoads = false;      // it loads, and then something goes wrong, or could

const std::vector<Rule>& rule_list() {
  using enum Severity;
  static const std::vector<Rule> list = {
      {"unknown-syscall", Error, kBlocksLoad, "an extism:host/user import that the kernel release does not register",
       "The Extism linker refuses to instantiate a module with an import the kernel never registered: the capsule "
       "does not load at all. Usually a misspelling, or a syscall of another kernel release.",
       "(import \"extism:host/user\" \"astrid_read_fle\" ...)  ->  (import \"extism:host/user\" \"astrid_read_file\" "
       "(func (param i64) (result i64)))"},
      {"mistyped-syscall", Error, kBlocksLoad, "a syscall imported with a function type other than the kernel's",
       "The kernel registers every syscall with one type: an i64 per argument and one i64 result when it returns "
       "bytes. An import of another type fails to link, and the capsule does not load.",
       "(func (param i32) (result i32))  ->  (func (param i64) (result i64))"},
      {"missing-syscall", Error, kLoads, "a syscall named by --require or --require-all that the capsule does not import",
       "SDK bindings and capsules that promise a set of syscalls should import them all; a missing one means a "
       "binding that was never declared.",
       "add (import \"extism:host/user\" \"astrid_log\" (func (param i64 i64)))"},
      {"unknown-host-function", Error, kBlocksLoad,
       "an extism:host/env, wasi_snapshot_preview1 or shim import that the kernel does not provide",
       "Extism rejects every extism:host/env import outside its runtime's functions, and the kernel links only the "
       "WASI preview1 and shim functions it knows; the capsule does not load.",
       "(import \"wasi_snapshot_preview1\" \"fd_wirte\" ...)  ->  (import \"wasi_snapshot_preview1\" \"fd_write\" "
       "(func (param i32 i32 i32 i32) (result i32)))"},
      {"mistyped-host-function", Error, kBlocksLoad, "an extism:host/env, WASI or shim import with the wrong function type",
       "The kernel registers each of these functions with one type; an import of another type fails to link.",
       "(import \"extism:host/env\" \"alloc\" (func (param i32) (result i32)))  ->  (func (param i64) (result i64))"},
      {"unknown-import-module", Error, kBlocksLoad, "an import from a module the Astrid kernel does not provide",
       "The kernel links only extism:host/user, extism:host/env, wasi_snapshot_preview1, wasi_unstable and shim; an "
       "import from any other module cannot be resolved and the capsule does not load.",
       "(import \"env\" \"astrid_log\" ...)  ->  (import \"extism:host/user\" \"astrid_log\" (func (param i64 i64)))"},
      {"non-function-import", Error, kBlocksLoad, "a memory, table, global or tag imported from a kernel module",
       "The kernel's modules provide functions only, and Extism's kernel instance its memory (extism:host/env "
       "\"memory\"); importing anything else from them cannot be linked.",
       "remove (import \"extism:host/env\" \"memory\" (memory 1)) and define the memory in the module"},
      {"unchecked-import", Note, kLoads, "imports from a module (or WASI 0.2 interface, on v0.6.0) the kernel links but whose types are not known here",
       "Extism registers WASI snapshot 0 (wasi_unstable) beside preview1, so its imports link; the reference does not "
       "list their types, so astrid-abi cannot tell a mis-typed one from a right one.",
       "(import \"wasi_unstable\" \"fd_write\" ...)  ->  (import \"wasi_snapshot_preview1\" \"fd_write\" "
       "(func (param i32 i32 i32 i32) (result i32)))"},
      {"javascript-capsule", Note, kLoads, "a JavaScript capsule: Extism shim calls by number, or a ComponentizeJS component importing whole interfaces",
       text(fmt::format("A JavaScript capsule chooses its syscalls at run time by number, so which syscalls it uses "
                        "cannot be checked statically, and syscall numbers differ between kernel releases ({} "
                        "renumbered them). A ComponentizeJS component imports host functions by the interfaces its "
                        "world names, whether the script calls them or not, so its list is what it may call.",
                        first_renumbered_release())),
       "build the capsule against the js-pdk of the kernel release it will run on"},
      {"memory-limit", Error, kBlocksLoad,
       text(fmt::format("a linear memory (of a module, or of a component's core module) whose minimum is above the "
                        "kernel's {} pages ({} MiB)",
                        kMaxMemoryPages, kMaxMemoryMiB)),
       text(fmt::format("The kernel caps linear memory at {} pages; a module whose memory minimum is larger cannot be "
                        "instantiated.",
                        kMaxMemoryPages)),
       "(memory 2048)  ->  (memory 16); with wasm-ld, lower --initial-memory"},
      {"mistyped-entry-point", Error, kLoads, "an entry-point export that is not a () -> i32 function",
       text(fmt::format("The kernel and astrid-sdk call run, astrid_tool_call (kernels up to {}), astrid_hook_trigger, "
                        "astrid_install, astrid_upgrade and the SDK entry points as Extism functions of type {}; any "
                        "other export under those names fails when called.",
                        last_tool_call_release(), format_arrow(entry_point_signature()))),
       "(func (export \"run\") (param i32))  ->  (func (export \"run\") (result i32))"},
      {"no-entry-point", Note, kLoads, "the capsule exports none of the entry points the kernel calls (for a component: astrid-hook-trigger, a real run or hook)",
       text(fmt::format("Without run, astrid_hook_trigger, an install hook or (kernels up to {}) astrid_tool_call, the "
                        "kernel has nothing to call: fine for a library component, a mistake for anything else. The "
                        "SDK's build-time exports (astrid_export_schemas, ...) do not count: the kernel never calls "
                        "them.",
                        last_tool_call_release())),
       "export the entry point, e.g. (func (export \"astrid_tool_call\") (result i32) ...)"},
      {"missing-signal-ready", Warning, kLoads, "a run-loop capsule that never imports astrid_signal_ready (signal-ready for a component)",
       "The kernel waits for a run-loop capsule (one that exports run) to call astrid_signal_ready once its "
       "subscriptions are active; one that cannot call it keeps the kernel waiting.",
       "add (import \"extism:host/user\" \"astrid_signal_ready\" (func)) and call it when ready"},
      {"elicit-outside-install", Warning, kLoads, "astrid_elicit (elicit, up to v0.8.0) imported by a capsule without install or upgrade hooks",
       "astrid_elicit works only inside the astrid_install and astrid_upgrade hooks; a capsule that exports neither "
       "has every call to it refused.",
       "export astrid_install (or astrid_upgrade) and elicit there"},
      {"undeclared-capability", Error, kLoads,
       "a gated syscall whose capability Capsule.toml does not grant",
       "The kernel checks the manifest before it runs a gated syscall, and every list defaults to empty, which means "
       "denied: the capsule loads, then has every such call refused at run time. Identity levels nest (admin implies "
       "link implies resolve); capsule-wide and per-component capabilities add up.",
       "astrid_http_request imported, no net hosts  ->  [capabilities] net = [\"api.github.com\"]"},
      {"unused-capability", Warning, kLoads,
       "a capability Capsule.toml grants that no imported syscall can use",
       "The manifest is the capsule's statement of least privilege: a capability no syscall uses only widens what a "
       "compromised or buggy capsule could be allowed later, and hides real changes in review.",
       "[capabilities] host_process = [\"git\"] with no astrid_spawn_host import  ->  remove the host_process line"},
      {"missing-entry-point", Error, kLoads,
       "a manifest entry whose entry point the capsule does not export",
       text(fmt::format("Kernels {} to {} call astrid_tool_call for every [[tool]] (later ones no longer read [[tool]]), "
                        "and every release calls astrid_hook_trigger for [[interceptor]] entries; without the export, "
                        "the call fails. [env] entries need no export: the kernel's onboarding asks the user.",
                        releases().front().name, last_tool_call_release())),
       "[[tool]] name = \"read_file\"  ->  export (func (export \"astrid_tool_call\") (result i32) ...)"},
      {"missing-component-file", Error, kLoads,
       "a [[component]] whose file is not in the capsule",
       "The kernel loads each component from the file its manifest names; a capsule without that file cannot be "
       "installed.",
       "[[component]] file = \"tools.wasm\"  ->  add tools.wasm to the capsule, or correct the file name"},
      {"invalid-module", Error, kBlocksLoad,
       "with --validate: a module that wabt's validator rejects, function bodies included",
       "The kernel validates the whole module before it instantiates it; an invalid function body, which the "
       "interface checks do not read, stops the capsule loading just as a bad import does.",
       "rebuild the capsule with a supported toolchain; `wasm-validate capsule.wasm` shows the same error"},
      // The component era (kernels v0.6.0 and later): components linked by
      // wasmtime's component linker (reference: astrid-component-abi.md).
      {"wrong-era", Error, kBlocksLoad, "a binary of the other era: a core module for a component kernel, or the reverse",
       "Kernels v0.2.0 to v0.5.1 run Extism core modules; from v0.6.0 every capsule is a WebAssembly component, and "
       "neither kind loads on the other's kernels.",
       "a core module for kernel v0.9.1  ->  port it: `astrid-abi caps --port tool.wasm` lists each syscall's replacement"},
      {"unknown-interface", Error, kBlocksLoad, "an imported interface the kernel release does not serve",
       "wasmtime resolves each instance import by its exact name, then by its semver track (@1 for 1.x.y), to an "
       "instance the kernel registered; an interface with functions or resources that resolves to nothing fails "
       "the load.",
       "import astrid:fs/host@2.0.0  ->  import astrid:fs/host@1.0.0 (the version the kernel serves)"},
      {"wasi-import", Error, kBlocksLoad, "a WASI interface imported on a kernel that links no WASI (v0.7.0 and later)",
       "Only kernel v0.6.0 linked WASI 0.2; later kernels put nothing but the astrid:* interfaces in the linker, so a "
       "wasm32-wasip2 build, whose standard library imports WASI, does not load.",
       "cargo build --target wasm32-wasip2  ->  build for wasm32-unknown-unknown, as `astrid build` does"},
      {"missing-function", Error, kBlocksLoad, "a function the kernel's version of the imported interface does not have",
       "Every function the capsule's instance type lists must exist in the host's instance under the same name; a "
       "function added in a later release, or misspelt, fails the load on the releases without it.",
       "astrid:sys/host@1.0.0 enumerate-capabilities on kernel v0.7.0  ->  require kernel v0.8.0, or do without it"},
      {"mistyped-function", Error, kBlocksLoad, "an imported function whose type differs from the kernel's",
       "The linker compares each function's parameters and result structurally: one record field, variant case or "
       "enum case more or less, or a different primitive, fails the load. wasmtime reports it three errors deep; "
       "astrid-abi names the first difference.",
       "spawn-request built with 13 fields against a kernel with 14  ->  rebuild against that kernel's WIT (or import "
       "astrid:process/host@1.1.0 on v0.9.1 and later)"},
      {"missing-resource", Error, kBlocksLoad, "a resource the kernel's version of the imported interface does not define",
       "Resources are checked before functions: a fresh resource the capsule's instance type exports must be defined "
       "by the host's instance, or the load fails, often before any function is looked at.",
       "astrid:http/host@1.1.0 with resource http-upload on kernel v0.8.0  ->  require kernel v0.9.0 or later"},
      {"unsupported-import", Error, kBlocksLoad,
       "a top-level function, module, component, resource or value import, which no kernel provides",
       "The kernel registers host functions only inside its interfaces; a world-level function import, a core module "
       "or component import, a resource type imported at the top level or a value import cannot be satisfied.",
       "world w { import log: func(m: string); }  ->  import astrid:sys/host@1.0.0 and call its log"},
      {"disabled-feature", Error, kBlocksLoad, "a core module using a WebAssembly proposal the kernel's engine disables",
       "wasmtime compiles the component before linking it; exception handling and GC are off on every release, "
       "function references before main, so code using them never loads.",
       "Rust with -Cpanic=unwind and wasm exceptions  ->  panic = \"abort\""},
      {"missing-export", Error, kBlocksLoad, "one of the four exports kernel v0.6.0 requires, missing or of another type",
       "Kernel v0.6.0 instantiates through a bindgen world that looks up astrid-hook-trigger, run, astrid-install "
       "and astrid-upgrade and type-checks each: a capsule without one does not load there.",
       "export run: func()  (and the other three)  ->  implement the astrid:capsule@0.1.0 world's exports"},
      {"mistyped-export", Error, kLoads, "an export the kernel calls, with a type other than the one it calls",
       "From v0.7.0 the kernel looks astrid-hook-trigger, run, astrid-install and astrid-upgrade up by name when it "
       "calls them, with their types: a mistyped one loads, then every dispatch fails (or the run loop never starts).",
       "export run: func() -> u32  ->  export run: func()"},
      {"cannot-succeed", Warning, kLoads, "an imported host function that links but can never do its job on the release",
       "Some host functions are placeholders (they return unknown, a closed stream or an always-ready pollable) or "
       "are always denied (udp-bind; bind-tcp before main): calling them is a bug waiting in the capsule.",
       "astrid:fs/host@1.0.0 fs-copy  ->  read-file then write-file"},
      {"stub-export", Note, kLoads, "run, astrid-install or astrid-upgrade sharing one function with another of them",
       "The SDK fills unimplemented hooks with one shared no-op, and the kernel takes exports that share a core "
       "function index for that stub: it never calls them. Right for stubs; wrong for real hooks the compiler merged.",
       "astrid-install and astrid-upgrade with identical bodies  ->  make them differ, or implement only one"},
      // Capsule.toml of the component era (reference sections 6 and 7), and
      // what both eras' manifests share.
      {"ignored-manifest-key", Warning, kLoads, "a Capsule.toml key the kernel release does not read: unknown, misspelt, removed or not yet read",
       "The kernel's manifest types ignore unknown keys at every level, silently: a typo such as fs_wirte, a key "
       "removed in a later release (ipc_publish and [[interceptor]] from v0.8.0, [[skill]] from v0.10.4) or a "
       "capability in a [[component]] table that the release does not merge grants nothing, and nothing says so.",
       "[capabilities] fs_wirte = [\"cwd://out\"]  ->  fs_write = [\"cwd://out\"]"},
      {"ignored-grant", Error, kLoads, "an ignored Capsule.toml key that was meant to grant what the capsule needs and is denied",
       "An ignored key that names a capability the capsule uses is not noise: the author meant it as the grant, and "
       "without it every call is denied. The typical case is a capsule migrated from v0.7.0 whose ipc_publish no "
       "longer grants publish on v0.8.0 and later.",
       "[capabilities] ipc_publish = [\"app.events.*\"]  ->  [publish] \"app.events.*\" = \"opaque\""},
      {"manifest-refused", Error, kBlocksLoad, "a Capsule.toml the kernel release refuses to load",
       "The kernel validates the manifest when it loads a capsule: [package] version must be semver, astrid-version "
       "must parse and be met by the kernel, every [[tool]] needs description_for_llm, topic keys need non-empty "
       "segments, contract and cli command names have a fixed form, and uplink = true excludes [imports]. A refused "
       "manifest means the capsule is skipped (and cannot be installed).",
       "[[tool]] name = \"search\" description = \"...\"  ->  description_for_llm = \"...\""},
      {"unfilled-placeholder", Error, kLoads, "a Capsule.toml value that is still a \"<...>\" placeholder from caps --emit-manifest",
       "caps --emit-manifest writes a placeholder for each host, path, topic or command it cannot know; left as it "
       "is, it grants nothing any call will match, so the capsule is denied what it needs while the manifest looks "
       "complete.",
       "net = [\"<host, e.g. api.example.com>\"]  ->  net = [\"api.github.com\"]"},
      {"handlers-in-run-loop", Warning, kLoads,
       "[subscribe] handlers of a JavaScript capsule that the kernel runs as a run loop, which it never delivers",
       "The JS SDK's builder exports run from every capsule, and the kernel takes a capsule with a real run for a "
       "run loop (every component-era release): it starts run, and never calls astrid-hook-trigger for it, neither "
       "for its [subscribe] handlers nor for tool_describe, leaving the events to a run loop that subscribes to them "
       "itself. The SDK's run returns at once when the script has no @run method: the handlers never run, the tools "
       "are never listed, and the kernel's health check reports the capsule failed.",
       "handler = \"tool_execute_convert\" in a capsule with no @run  ->  build it against a world without "
       "astrid:guest/background (no run export), or give it a @run loop that subscribes to these topics"},
      // The .capsule archive as its installer checks it (reference section 8).
      {"invalid-provenance", Error, kBlocksLoad, "a .capsule archive whose Capsule.provenance.json is malformed or does not verify",
       "astrid build on kernel main signs the archive: an Ed25519 signature over a BLAKE3 digest of every file in it. "
       "The installer verifies it and refuses the archive when the provenance is malformed, of another schema or "
       "algorithm, or does not match: a file changed, added or removed after signing, or a signature made by "
       "another key. Whoever changed it, the archive is not what was signed.",
       "a file edited in dist/app.capsule after astrid build  ->  rebuild the archive with astrid build, which signs it again"},
      {"unsigned-capsule", Note, kLoads, "a .capsule archive with no Capsule.provenance.json",
       "The installer of kernel main accepts an unsigned archive and shows it as \"unsigned\": nothing then says "
       "who built it or that it is unchanged since. Archives of astrid build before main are never signed.",
       "an archive packed with tar  ->  build it with astrid build on kernel main, which signs it"},
      {"refused-archive-entry", Error, kBlocksLoad, "a .capsule archive entry the installer refuses to extract: a link, an absolute path or \"..\"",
       "The installer extracts the archive into a temporary directory and refuses symbolic links, hard links, "
       "absolute paths and \"..\" components, which could write or read outside it. One such entry and the "
       "whole archive is refused.",
       "assets/shared -> ../shared, a symbolic link packed as one  ->  the file itself (tar -h stores what links point to), or astrid build"},
      {"unused-suppression", Warning, kLoads,
       "a suppression that suppresses nothing: an unknown rule, no reason given, or no finding where it points",
       "A suppression that matches nothing is dead weight that hides the next real finding on its line, and one "
       "that silently fails (a misspelt rule id, a missing reason) lets the finding it was meant for fail the build "
       "without a word about why. As ruff's unused-noqa does, each is reported where it is written: an inline "
       "comment of Capsule.toml, or an entry of .astrid-abi.toml's [rules] or [[override]] that changed no finding "
       "of a run that checked the whole tree the configuration governs.",
       "# astrid-abi: ignore[unused-capabilty] dev build  ->  # astrid-abi: ignore[unused-capability] dev build"},
  };
  return list;
}

}  // namespace

std::span<const Rule> rules() { return rule_list(); }

std::vector<std::string_view> rule_ids() {
  std::vector<std::string_view> ids;
  for (const Rule& r : rules()) ids.push_back(r.id);
  return ids;
}

const Rule* find_rule(std::string_view id) {
  for (const Rule& r : rules())
    if (r.id == id) return &r;
  return nullptr;
}

const Rule& rule(std::string_view id) {
  const Rule* r = find_rule(id);
  if (!r) std::abort();  // a check names a rule that is not in the catalogue
  return *r;
}

Finding make_finding(std::string_view rule_id, std::string_view pattern, std::vector<MessageArg> args) {
  const Rule& r = rule(rule_id);
  Finding f;
  f.rule = &r;
  f.severity = r.severity;
  f.pattern = pattern;
  f.args = std::move(args);
  return f;
}

}  // namespace astrid
