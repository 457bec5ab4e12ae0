// libFuzzer target: any bytes as a component, decoded, its types printed
// the way messages print them, and each core module it holds read by the
// core module reader. Nothing may crash, leak, hang or allocate without
// bound.
#include <cstdint>
#include <vector>

#include "wasm/module_reader.h"
#include "wasm/component_reader.h"
#include "wasm/slice_source.h"

using namespace astrid;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  MemorySource source(std::vector<uint8_t>(data, data + size));
  auto read = read_component(source);
  auto* component = std::get_if<Component>(&read);
  if (!component) return 0;
  const TypeGraph& types = component->types;
  for (const ComponentImport& import : component->imports) {
    if (import.func) (void)format_func(types, *import.func);
    if (import.type) (void)format_definition(types, *import.type);
    for (const InstanceExportDecl& decl : import.exports) {
      if (decl.func) (void)format_func(types, *decl.func);
      if (decl.type) (void)format_definition(types, *decl.type);
    }
  }
  for (const ComponentExport& e : component->exports)
    if (e.func) (void)format_func(types, *e.func);
  for (const CoreModuleSpan& span : component->core_modules) {
    SliceSource module(source, span.offset, span.size);
    (void)read_module(module);
  }
  return 0;
}
