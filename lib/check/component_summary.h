// What the component-era checks tell of a component besides findings:
// the host functions it calls, what they need from the manifest, what its
// exports make it, and the releases it links on. Part of every Report of a
// component (check/extism_check.h), read by the reports.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "abi/component_abi.h"
#include "abi/kernel_releases.h"
#include "check/finding.h"
#include "wasm/module.h"

namespace astrid {

// A core module of the component, as the core reader read it, and where
// its bytes start in the file (its offsets are relative to that).
struct CoreModule {
  const Module* module = nullptr;
  uint64_t base = 0;
};

// One host function the component imports.
struct HostFunctionUse {
  std::string instance;    // as imported: "astrid:http/host@1.1.0"
  std::string function;    // "http-request", "[method]pollable.ready"
  std::string registered;  // what it resolves to on the summary's release; empty if nothing
  HostGate gate;           // on that release
  uint64_t offset = 0;     // of its declaration in the instance type
};

// What the manifest must grant for the functions a component imports.
struct ComponentNeed {
  ComponentCapability capability = ComponentCapability::FsRead;
  IdentityLevel level = IdentityLevel::None;  // Identity: the highest level needed
  std::vector<std::string> functions;         // "astrid:fs/host@1.0.0 read-file"
};
// "fs_read", "identity: link", "[publish]".
std::string describe(const ComponentNeed& need);

struct ComponentSummary {
  const KernelRelease* release = nullptr;  // whose interfaces the summary resolves against
  std::vector<HostFunctionUse> functions;  // in import order
  // Every top-level import and export: name, kind ("instance", "func",
  // "type", ...), offset.
  struct Item {
    std::string name;
    std::string_view kind;
    uint64_t offset = 0;
  };
  std::vector<Item> imports, exports;
  std::vector<ComponentNeed> needs;        // in ComponentCapability order
  // "interceptor", "run-loop", "installable", "upgradable": what its exports
  // make it, as the kernel decides (stubs are not exports).
  std::vector<std::string_view> roles;
  std::vector<std::string> stubs;  // run, astrid-install, astrid-upgrade the kernel takes for stubs
  bool javascript = false;         // made by ComponentizeJS: its imports are whole interfaces
  bool wasi = false;               // imports wasi:* interfaces (a wasm32-wasip2 build)
  // The component-era releases on which it links (one bit per kernel
  // release, tagged and main), whatever was checked.
  ReleaseSet links_on = 0;
};

}  // namespace astrid
