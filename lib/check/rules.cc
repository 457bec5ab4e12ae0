// The rule catalogue. `astrid-abi rules`, the README's rule list and the man
// page are written from these entries; rules_test keeps the docs in step.
#include "check/rules.h"

#include <cstdlib>
#include <vector>

namespace astrid {
namespace {

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
      {"unchecked-import", Note, kLoads, "imports from a module the kernel links but whose types are not known here",
       "Extism registers WASI snapshot 0 (wasi_unstable) beside preview1, so its imports link; the reference does not "
       "list their types, so astrid-abi cannot tell a mis-typed one from a right one.",
       "(import \"wasi_unstable\" \"fd_write\" ...)  ->  (import \"wasi_snapshot_preview1\" \"fd_write\" "
       "(func (param i32 i32 i32 i32) (result i32)))"},
      {"javascript-capsule", Note, kLoads, "the capsule calls syscalls by number through the JavaScript shim",
       "A JavaScript capsule chooses its syscalls at run time by number, so which syscalls it uses cannot be checked "
       "statically, and syscall numbers differ between kernel releases (v0.5.0 renumbered them).",
       "build the capsule against the js-pdk of the kernel release it will run on"},
      {"memory-limit", Error, kBlocksLoad, "a linear memory whose minimum is above the kernel's 1024 pages (64 MiB)",
       "The kernel caps linear memory at 1024 pages; a module whose memory minimum is larger cannot be instantiated.",
       "(memory 2048)  ->  (memory 16); with wasm-ld, lower --initial-memory"},
      {"mistyped-entry-point", Error, kLoads, "an entry-point export that is not a () -> i32 function",
       "The kernel and astrid-sdk call run, astrid_tool_call (kernels up to v0.4.0), astrid_hook_trigger, "
       "astrid_install, astrid_upgrade and the SDK entry points as Extism functions of type () -> i32; any other "
       "export under those names fails when called.",
       "(func (export \"run\") (param i32))  ->  (func (export \"run\") (result i32))"},
      {"no-entry-point", Note, kLoads, "the capsule exports none of the entry points the kernel calls",
       "Without run, astrid_hook_trigger, an install hook or (kernels up to v0.4.0) astrid_tool_call, the kernel has "
       "nothing to call: fine for a library component, a mistake for anything else. The SDK's build-time exports "
       "(astrid_export_schemas, ...) do not count: the kernel never calls them.",
       "export the entry point, e.g. (func (export \"astrid_tool_call\") (result i32) ...)"},
      {"missing-signal-ready", Warning, kLoads, "a run-loop capsule that never imports astrid_signal_ready",
       "The kernel waits for a run-loop capsule (one that exports run) to call astrid_signal_ready once its "
       "subscriptions are active; one that cannot call it keeps the kernel waiting.",
       "add (import \"extism:host/user\" \"astrid_signal_ready\" (func)) and call it when ready"},
      {"elicit-outside-install", Warning, kLoads, "astrid_elicit imported by a capsule without install or upgrade hooks",
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
       "Kernels v0.2.0 to v0.4.0 call astrid_tool_call for every [[tool]] (v0.5 no longer reads [[tool]]), and every "
       "release calls astrid_hook_trigger for [[interceptor]] entries; without the export, the call fails. [env] "
       "entries need no export: the kernel's onboarding asks the user.",
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
  };
  return list;
}

}  // namespace

std::span<const Rule> rules() { return rule_list(); }

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
