// Inside the component reader: the index spaces a component (or an
// instance or component type) builds as its definitions are read, and the
// decoder that fills them. Only component_reader.cc, component_sections.cc
// and component_type_decoder.cc use this header.
//
// Nothing here is ever expanded: a type is a TypeRef into the one graph of
// the component, a function type an index into func_types_, an instance's
// or component's exports an index into item_lists_. An encoded type can
// describe a structure exponential in its size; references keep the
// decoded form linear in it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "wasm/byte_source.h"
#include "wasm/component.h"
#include "wasm/cursor.h"
#include "wasm/section_header.h"

namespace astrid {

// The limits that keep a hostile component bounded; see component_reader.h.
inline constexpr uint64_t kMaxComponentSectionBytes = 64ull << 20;
inline constexpr uint32_t kMaxComponentNesting = 16;
inline constexpr size_t kMaxTypeNodes = 1000000;
inline constexpr uint64_t kMaxDecodedItems = 2000000;
inline constexpr uint64_t kMaxDecodedNameBytes = 64ull << 20;

// What an entry of a type index space is.
struct TypeEntry {
  enum class Kind : uint8_t { Value, Resource, Func, Instance, Component };
  Kind kind = Kind::Value;
  // Value, Resource: a TypeRef. Func: an index into func_types_. Instance:
  // into instance_types_. Component: into item_lists_ (its exports).
  uint32_t id = 0;
};

// One named item of an instance or component: an instance type's export
// declaration, an instance's export, a component's export.
struct ExternItem {
  std::string name;
  Sort sort = Sort::Func;
  uint64_t offset = 0;
  std::optional<uint32_t> func;   // Func: index into func_types_
  std::optional<TypeEntry> type;  // Type
  std::optional<uint32_t> items;  // Instance, Component: index into item_lists_
  std::optional<TypeRef> value;   // Value
  bool fresh_resource = false;    // Type: declared (sub resource)
  // Instance, as an extern type names it: index into instance_types_.
  std::optional<uint32_t> instance_type;
};

struct ItemList {
  std::vector<ExternItem> items;
  // Filled once the list is complete (the views point into `items`): alias
  // look-ups by name stay constant-time however many exports there are.
  std::unordered_map<std::string_view, uint32_t> by_name;
};

// An instance type: its export declarations, and which graph nodes its
// body created, so that a second import of the same type can be given
// resources of its own (each import of an instance type has fresh ones).
struct InstanceTypeInfo {
  uint32_t exports = 0;  // index into item_lists_
  TypeRef nodes_begin = 0;
  TypeRef nodes_end = 0;
  bool claimed = false;  // its fresh resources already belong to an import
};

// The index spaces of one component, instance type or component type.
struct Scope {
  enum class Kind : uint8_t { Component, InstanceType, ComponentType };
  Kind kind = Kind::Component;
  Scope* parent = nullptr;  // the enclosing scope, for outer aliases
  uint32_t type_nesting = 0;       // instance and component type bodies around this scope
  uint32_t component_depth = 0;    // nested components around this scope (0: top level)

  std::vector<TypeEntry> types;
  std::vector<std::optional<uint32_t>> funcs;       // func_types_ index
  // Every instance and component has known exports: imports are typed,
  // and the others are made from things already known.
  std::vector<uint32_t> instances;   // item_lists_ index
  std::vector<uint32_t> components;  // item_lists_ index (exports)
  std::vector<std::optional<TypeRef>> values;
  // Core index spaces: only their sizes matter here.
  uint64_t core_funcs = 0, core_tables = 0, core_memories = 0, core_globals = 0, core_tags = 0;
  uint64_t core_types = 0, core_modules = 0, core_instances = 0;

  // The exports (of a component) or export declarations (of a type) in
  // the order they come: an index into item_lists_.
  uint32_t exports = 0;
};

// A sort as a sortidx or alias encodes it: a core sort (its core:sort
// byte) or a component sort.
struct SortCode {
  bool core = false;
  uint8_t code = 0;  // core: 0x00 func ... 0x04 tag, 0x10 type, 0x11 module, 0x12 instance
  Sort sort = Sort::Func;  // !core, or core module
};

class ComponentDecoder {
 public:
  ComponentDecoder(ByteSource& source, Component& out) : source_(source), out_(out) {}

  // The component whose preamble starts at `begin` and whose last section
  // ends at `end`, in a scope of its own; returns the item list of its
  // exports.
  uint32_t component(uint64_t begin, uint64_t end, Scope* parent, uint32_t depth);

 private:
  // component_sections.cc: one function per section.
  void section(const SectionHeader& header, Scope& scope);
  std::vector<uint8_t> load(uint64_t offset, uint64_t size);
  void custom_section(const SectionHeader& header);
  void core_module_section(const SectionHeader& header, Scope& scope);
  void nested_component_section(const SectionHeader& header, Scope& scope);
  void core_instance_section(Cursor& in, Scope& scope);
  void core_type_section(Cursor& in, Scope& scope);
  void instance_section(Cursor& in, Scope& scope);
  void alias_section(Cursor& in, Scope& scope);
  void type_section(Cursor& in, Scope& scope);
  void canon_section(Cursor& in, Scope& scope);
  void start_section(Cursor& in, Scope& scope);
  void import_section(Cursor& in, Scope& scope);
  void export_section(Cursor& in, Scope& scope, uint64_t section_offset);
  void value_section(Cursor& in, Scope& scope);
  void canon_options(Cursor& in);
  uint32_t claim_instance_type(uint32_t instance_type, const std::string& import_name, uint64_t at);
  ComponentImport describe_import(const ExternItem& item, uint64_t offset);

  // component_type_decoder.cc: types and what refers to them.
  TypeEntry deftype(Cursor& in, Scope& scope);
  TypeRef valtype(Cursor& in, Scope& scope);
  std::optional<TypeRef> optional_valtype(Cursor& in, Scope& scope);
  TypeRef defvaltype(Cursor& in, Scope& scope, uint8_t opcode, uint64_t at);
  uint32_t functype(Cursor& in, Scope& scope, bool async);
  TypeEntry type_body(Cursor& in, Scope& scope, Scope::Kind kind);
  void declaration(Cursor& in, Scope& body);
  ExternItem externtype(Cursor& in, Scope& scope, std::string name, uint64_t offset);
  void alias(Cursor& in, Scope& scope);
  std::string extern_name(Cursor& in);
  SortCode sort(Cursor& in, bool any_core_sort);
  void define(Scope& scope, const ExternItem& item);
  void check_index(Scope& scope, const SortCode& sort, uint32_t index, uint64_t at);
  ExternItem item_of(Scope& scope, const SortCode& sort, uint32_t index, std::string name, uint64_t at);
  const TypeEntry& type_at(Scope& scope, uint32_t index, uint64_t at);
  uint32_t func_type_at(Scope& scope, uint32_t index, uint64_t at);
  TypeRef add_node(TypeNode node, uint64_t at);
  void name_node(TypeRef ref, std::string_view name, uint64_t at);
  uint32_t new_item_list();
  void finish_item_list(uint32_t list);

  FuncType copy_func(uint32_t id, uint64_t at);
  // Budget: every decoded item and copied name counts, so that no input
  // (an instance type imported a million times, say) costs more than a
  // fixed amount of memory and time.
  void charge(uint64_t items, uint64_t name_bytes, uint64_t at);

  ByteSource& source_;
  Component& out_;  // its TypeGraph is the one graph of every scope
  std::vector<FuncType> func_types_;
  std::vector<ItemList> item_lists_;
  std::vector<InstanceTypeInfo> instance_types_;
  uint64_t loaded_bytes_ = 0;
  uint64_t custom_sections_ = 0;
  uint64_t items_ = 0;
  uint64_t name_bytes_ = 0;
};

}  // namespace astrid
