// What astrid-abi reads from a WebAssembly component (the component-model
// binary of Astrid kernels 0.6 and later): its imports with their types, its
// exports, where its core modules are, and who produced it. The decoder is
// component_reader.h; the types live in one TypeGraph per component.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wasm/component_types.h"

namespace astrid {

// The kinds of thing a component imports or exports. `Module` is a core
// module; the other core sorts cannot cross a component's boundary.
enum class Sort : uint8_t { Module, Func, Value, Type, Component, Instance };

std::string_view to_string(Sort sort);

// One export declared by an imported instance's type: what the capsule
// expects the host's instance to provide under that name.
struct InstanceExportDecl {
  std::string name;  // "kv-get", "[method]pollable.ready", "error-code"
  Sort kind = Sort::Func;
  std::optional<FuncType> func;  // Func
  // Type: the value type or resource the name stands for (a resource
  // re-exported with (eq N) is the very node it was first declared as).
  // Absent for types that are not value types (a func or instance type).
  std::optional<TypeRef> type;
  bool fresh_resource = false;  // declared (sub resource): the host must define it
  uint64_t offset = 0;          // of the export declaration in the file
};

struct ComponentImport {
  uint64_t offset = 0;  // of the import entry in the file
  std::string name;     // "astrid:fs/host@1.0.0", "capsule-result"
  Sort kind = Sort::Instance;
  std::vector<InstanceExportDecl> exports;  // Instance: its type, in declaration order
  std::optional<FuncType> func;             // Func
  std::optional<TypeRef> type;              // Type (when a value type or resource) and Value
  bool fresh_resource = false;              // Type: (sub resource)
};

struct ComponentExport {
  uint64_t offset = 0;  // of the export entry in the file
  std::string name;     // "run", "astrid-hook-trigger"
  Sort kind = Sort::Func;
  std::optional<FuncType> func;  // Func, when its type could be resolved
  uint32_t index = 0;            // of the exported item, in its sort's index space
};

// A core module anywhere in the component, nested components included: its
// bytes are [offset, offset + size) of the file, starting with \0asm.
struct CoreModuleSpan {
  uint64_t offset = 0;
  uint64_t size = 0;
  uint32_t depth = 0;  // 0 for the top-level component, 1 inside a nested one, ...
};

// One component export section, at any nesting depth, in file order: the
// names and component function indices of its func exports. The kernel's
// stub detection walks every export section this way (reference §4.3).
struct ExportSectionRecord {
  uint64_t offset = 0;  // of the section's id byte
  std::vector<std::pair<std::string, uint32_t>> funcs;
};

// One entry of a `producers` custom section ("processed-by",
// "wit-component", "0.219.1").
struct Producer {
  std::string field, name, version;
};

struct Component {
  TypeGraph types;
  std::vector<ComponentImport> imports;  // top level, in file order
  std::vector<ComponentExport> exports;  // top level, in file order
  std::vector<CoreModuleSpan> core_modules;
  std::vector<ExportSectionRecord> export_sections;
  // From the component's producers sections (nested components' too) and
  // those of its top-level core modules.
  std::vector<Producer> producers;
};

}  // namespace astrid
