// libFuzzer target: any bytes as a component, decoded, its types printed
// the way messages print them, each core module it holds read by the core
// module reader (within a component's totals, or much smaller ones), and
// the whole checked against every kernel release of both eras and
// rendered in one report format. Nothing may crash, leak,
// hang or allocate without bound.
#include <cstdint>
#include <cstdio>
#include <vector>

#include "check/component_check.h"
#include "report/report.h"
#include "wasm/component_reader.h"

#include "render_one.h"

using namespace astrid;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  MemorySource source(std::vector<uint8_t>(data, data + size));
  auto read = read_component(source);
  if (!read) return 0;
  const Component& component = *read;
  const TypeGraph& types = component.types;
  for (const ComponentImport& import : component.imports) {
    if (import.func) (void)format_func(types, *import.func);
    if (import.type) (void)format_definition(types, *import.type);
    for (const InstanceExportDecl& decl : import.exports) {
      if (decl.func) (void)format_func(types, *decl.func);
      if (decl.type) (void)format_definition(types, *decl.type);
    }
  }
  for (const ComponentExport& e : component.exports)
    if (e.func) (void)format_func(types, *e.func);
  // The core modules' totals: for half the inputs a budget small enough
  // for fuzzed inputs to reach each of its bounds.
  CoreModuleBudget budget;
  if (size % 2) budget.max = {256, 8, 8, 8, 8};
  auto read_modules = read_core_modules(source, component, budget);
  if (!read_modules) return 0;  // the driver refuses such a component
  const std::vector<Module>& modules = *read_modules;
  std::vector<CoreModule> core;
  for (size_t i = 0; i < modules.size(); ++i) core.push_back({&modules[i], component.core_modules[i].offset});
  std::vector<const KernelRelease*> releases;
  for (const KernelRelease& k : kernel_releases()) releases.push_back(&k);
  FileResult file{"fuzz.wasm", check_component(component, core, releases)};
  InputResult result;
  result.path = "fuzz.wasm";
  result.modules.push_back(std::move(file));
  render_one_format(result, size);
  return 0;
}
