// Types, and what names them: defined value types, function types, the
// bodies of instance and component types, extern types, aliases, names
// and sorts. Opcodes follow the component model's Binary.md as wasmparser
// reads it (wasm-tools 1.219 to 1.257).
#include <fmt/format.h>

#include "wasm/component_decoder.h"
#include "wasm/core_types.h"

namespace astrid {
namespace {

std::optional<TypeKind> primitive(uint8_t b) {
  switch (b) {
    case 0x7f: return TypeKind::Bool;
    case 0x7e: return TypeKind::S8;
    case 0x7d: return TypeKind::U8;
    case 0x7c: return TypeKind::S16;
    case 0x7b: return TypeKind::U16;
    case 0x7a: return TypeKind::S32;
    case 0x79: return TypeKind::U32;
    case 0x78: return TypeKind::S64;
    case 0x77: return TypeKind::U64;
    case 0x76: return TypeKind::F32;
    case 0x75: return TypeKind::F64;
    case 0x74: return TypeKind::Char;
    case 0x73: return TypeKind::String;
    case 0x64: return TypeKind::ErrorContext;
    default: return std::nullopt;
  }
}

std::string_view describe(TypeEntry::Kind kind) {
  switch (kind) {
    case TypeEntry::Kind::Value: return "a value type";
    case TypeEntry::Kind::Resource: return "a resource type";
    case TypeEntry::Kind::Func: return "a function type";
    case TypeEntry::Kind::Instance: return "an instance type";
    case TypeEntry::Kind::Component: return "a component type";
  }
  return "?";
}

bool nameable(TypeKind kind) {
  return kind == TypeKind::Record || kind == TypeKind::Variant || kind == TypeKind::Enum ||
         kind == TypeKind::Flags || kind == TypeKind::Resource;
}

}  // namespace

void ComponentDecoder::charge(uint64_t items, uint64_t name_bytes, uint64_t at) {
  items_ += items;
  name_bytes_ += name_bytes;
  if (items_ > kMaxDecodedItems)
    fail(at, fmt::format("the component describes more than {} types, functions, declarations and parameters "
                         "in all: more than astrid-abi reads",
                         kMaxDecodedItems));
  if (name_bytes_ > kMaxDecodedNameBytes)
    fail(at, fmt::format("the component's names take more than {} MiB in all: more than astrid-abi reads",
                         kMaxDecodedNameBytes >> 20));
}

TypeRef ComponentDecoder::add_node(TypeNode node, uint64_t at) {
  if (out_.types.size() >= kMaxTypeNodes)
    fail(at, fmt::format("the component defines more than {} types: more than astrid-abi reads", kMaxTypeNodes));
  charge(1 + node.members.size(), node.name.size() + node.owner.size(), at);
  const TypeRef ref = out_.types.add(std::move(node));
  if (out_.types[ref].depth > kMaxTypeDepth)
    fail(at, fmt::format("a type nested {} levels deep, more than the {} astrid-abi (and wasmtime) accept",
                         out_.types[ref].depth, kMaxTypeDepth));
  return ref;
}

void ComponentDecoder::name_node(TypeRef ref, std::string_view name, uint64_t at) {
  const TypeNode& node = out_.types[ref];
  if (!nameable(node.kind) || !node.name.empty()) return;
  charge(0, name.size(), at);
  out_.types.at(ref).name = name;
}

uint32_t ComponentDecoder::new_item_list() {
  charge(1, 0, 0);
  item_lists_.emplace_back();
  return static_cast<uint32_t>(item_lists_.size() - 1);
}

void ComponentDecoder::finish_item_list(uint32_t list) {
  ItemList& l = item_lists_[list];
  l.by_name.reserve(l.items.size());
  // The first of two equal names wins; validation would refuse the second.
  for (uint32_t i = 0; i < l.items.size(); ++i) l.by_name.emplace(l.items[i].name, i);
}

FuncType ComponentDecoder::copy_func(uint32_t id, uint64_t at) {
  const FuncType& f = func_types_[id];
  uint64_t names = 0;
  for (const FuncParam& p : f.params) names += p.name.size();
  for (const FuncParam& p : f.results) names += p.name.size();
  charge(f.params.size() + f.results.size(), names, at);
  return f;
}

const TypeEntry& ComponentDecoder::type_at(Scope& scope, uint32_t index, uint64_t at) {
  if (index >= scope.types.size())
    fail_malformed(at, fmt::format("type index {} is not defined (there are {} types at this point)", index,
                                   scope.types.size()));
  return scope.types[index];
}

uint32_t ComponentDecoder::func_type_at(Scope& scope, uint32_t index, uint64_t at) {
  const TypeEntry& entry = type_at(scope, index, at);
  if (entry.kind != TypeEntry::Kind::Func)
    fail_malformed(at, fmt::format("type {} is {}, not a function type", index, describe(entry.kind)));
  return entry.id;
}

TypeRef ComponentDecoder::valtype(Cursor& in, Scope& scope) {
  const uint64_t at = in.offset();
  const uint8_t b = in.peek("a value type");
  if (auto kind = primitive(b)) {
    in.u8("a value type");
    return out_.types.primitive(*kind);
  }
  const int64_t index = in.s33("a value type");
  if (index < 0) fail_unsupported(at, "value type", b);
  if (index > UINT32_MAX) fail_malformed(at, fmt::format("type index {} is out of range", index));
  const TypeEntry& entry = type_at(scope, static_cast<uint32_t>(index), at);
  if (entry.kind != TypeEntry::Kind::Value)
    fail_malformed(at, fmt::format("type {} is {}, not a value type", index, describe(entry.kind)));
  return entry.id;
}

std::optional<TypeRef> ComponentDecoder::optional_valtype(Cursor& in, Scope& scope) {
  const uint64_t at = in.offset();
  const uint8_t present = in.u8("an optional value type");
  if (present == 0x00) return std::nullopt;
  if (present != 0x01) fail_unsupported(at, "optional value type", present);
  return valtype(in, scope);
}

TypeRef ComponentDecoder::defvaltype(Cursor& in, Scope& scope, uint8_t opcode, uint64_t at) {
  TypeNode node;
  auto element = [&](TypeKind kind) {
    node.kind = kind;
    node.element = valtype(in, scope);
  };
  auto labels = [&](TypeKind kind, std::string_view what, std::string_view label) {
    node.kind = kind;
    const uint32_t n = in.count(what);
    node.members.reserve(n);
    for (uint32_t i = 0; i < n; ++i) node.members.push_back({std::string(in.name(label)), std::nullopt});
  };
  auto handle = [&](TypeKind kind) {
    node.kind = kind;
    const uint64_t index_at = in.offset();
    const uint32_t index = in.u32("a resource type index");
    const TypeEntry& entry = type_at(scope, index, index_at);
    if (entry.kind != TypeEntry::Kind::Resource)
      fail_malformed(index_at, fmt::format("type {} is {}, not a resource type", index, describe(entry.kind)));
    node.element = entry.id;
  };
  switch (opcode) {
    case 0x72: {  // record
      node.kind = TypeKind::Record;
      const uint32_t n = in.count("record field", 2);
      node.members.reserve(n);
      for (uint32_t i = 0; i < n; ++i) {
        std::string name(in.name("a record field name"));
        node.members.push_back({std::move(name), valtype(in, scope)});
      }
      break;
    }
    case 0x71: {  // variant
      node.kind = TypeKind::Variant;
      const uint32_t n = in.count("variant case", 3);
      node.members.reserve(n);
      for (uint32_t i = 0; i < n; ++i) {
        std::string name(in.name("a variant case name"));
        node.members.push_back({std::move(name), optional_valtype(in, scope)});
        // Once `refines`, an optional case index: long refused by
        // validators, now a byte that must be zero.
        const uint64_t refines_at = in.offset();
        const uint8_t refines = in.u8("a variant case");
        if (refines != 0x00) fail_unsupported(refines_at, "variant case refinement", refines);
      }
      break;
    }
    case 0x70: element(TypeKind::List); break;
    case 0x67:  // fixed-length list
      element(TypeKind::FixedList);
      node.length = in.u32("a list length");
      break;
    case 0x6f: {  // tuple
      node.kind = TypeKind::Tuple;
      const uint32_t n = in.count("tuple element");
      node.members.reserve(n);
      for (uint32_t i = 0; i < n; ++i) node.members.push_back({std::string(), valtype(in, scope)});
      break;
    }
    case 0x6e: labels(TypeKind::Flags, "flag", "a flag name"); break;
    case 0x6d: labels(TypeKind::Enum, "enum case", "an enum case name"); break;
    case 0x6b: element(TypeKind::Option); break;
    case 0x6a:  // result
      node.kind = TypeKind::Result;
      node.element = optional_valtype(in, scope);
      node.error = optional_valtype(in, scope);
      break;
    case 0x69: handle(TypeKind::Own); break;
    case 0x68: handle(TypeKind::Borrow); break;
    case 0x66:  // stream
      node.kind = TypeKind::Stream;
      node.element = optional_valtype(in, scope);
      break;
    case 0x65:  // future
      node.kind = TypeKind::Future;
      node.element = optional_valtype(in, scope);
      break;
    default: fail_unsupported(at, "defined value type", opcode);  // 0x63 map among them
  }
  return add_node(std::move(node), at);
}

uint32_t ComponentDecoder::functype(Cursor& in, Scope& scope, bool async) {
  const uint64_t at = in.offset();
  FuncType f;
  f.async = async;
  const uint32_t params = in.count("function parameter", 2);
  f.params.reserve(params);
  uint64_t names = 0;
  for (uint32_t i = 0; i < params; ++i) {
    std::string name(in.name("a parameter name"));
    names += name.size();
    f.params.push_back({std::move(name), valtype(in, scope)});
  }
  const uint64_t results_at = in.offset();
  const uint8_t results = in.u8("a function's results");
  if (results == 0x00) {
    f.results.push_back({std::string(), valtype(in, scope)});
  } else if (results == 0x01) {
    // Named results: empty in current binaries (0x01 0x00); older ones
    // (before wasm-tools 1.226) could name several.
    const uint32_t n = in.count("function result", 2);
    for (uint32_t i = 0; i < n; ++i) {
      std::string name(in.name("a result name"));
      names += name.size();
      f.results.push_back({std::move(name), valtype(in, scope)});
    }
  } else {
    fail_unsupported(results_at, "function result list", results);
  }
  charge(1 + f.params.size() + f.results.size(), names, at);
  func_types_.push_back(std::move(f));
  return static_cast<uint32_t>(func_types_.size() - 1);
}

TypeEntry ComponentDecoder::deftype(Cursor& in, Scope& scope) {
  const uint64_t at = in.offset();
  const uint8_t opcode = in.u8("a type");
  switch (opcode) {
    case 0x3f: {  // resource (rep i32) (dtor f)?
      if (scope.kind != Scope::Kind::Component)
        fail_malformed(at, "a resource type defined inside an instance or component type");
      skip_core_valtype(in);
      const uint64_t dtor_at = in.offset();
      const uint8_t dtor = in.u8("a resource destructor");
      if (dtor == 0x01) {
        const uint64_t index_at = in.offset();
        const uint32_t index = in.u32("a resource destructor");
        if (index >= scope.core_funcs)
          fail_malformed(index_at, fmt::format("core function index {} is not defined", index));
      } else if (dtor != 0x00) {
        fail_unsupported(dtor_at, "resource destructor", dtor);
      }
      return {TypeEntry::Kind::Resource, add_node(TypeNode{TypeKind::Resource}, at)};
    }
    case 0x40: return {TypeEntry::Kind::Func, functype(in, scope, false)};
    case 0x43: return {TypeEntry::Kind::Func, functype(in, scope, true)};
    case 0x41: return type_body(in, scope, Scope::Kind::ComponentType);
    case 0x42: return type_body(in, scope, Scope::Kind::InstanceType);
    default:
      if (auto kind = primitive(opcode)) return {TypeEntry::Kind::Value, out_.types.primitive(*kind)};
      return {TypeEntry::Kind::Value, defvaltype(in, scope, opcode, at)};
  }
}

TypeEntry ComponentDecoder::type_body(Cursor& in, Scope& scope, Scope::Kind kind) {
  const uint64_t at = in.offset() - 1;
  if (scope.type_nesting >= kMaxTypeDepth)
    fail(at, fmt::format("instance and component types nested more than {} levels deep: more than astrid-abi (and "
                         "wasmtime) accept",
                         kMaxTypeDepth));
  Scope body;
  body.kind = kind;
  body.parent = &scope;
  body.type_nesting = scope.type_nesting + 1;
  body.component_depth = scope.component_depth;
  body.exports = new_item_list();
  const TypeRef nodes_begin = static_cast<TypeRef>(out_.types.size());
  for (uint32_t n = in.count(kind == Scope::Kind::InstanceType ? "instance type declaration"
                                                               : "component type declaration");
       n > 0; --n)
    declaration(in, body);
  finish_item_list(body.exports);
  if (kind == Scope::Kind::ComponentType) return {TypeEntry::Kind::Component, body.exports};
  instance_types_.push_back({body.exports, nodes_begin, static_cast<TypeRef>(out_.types.size()), false});
  return {TypeEntry::Kind::Instance, static_cast<uint32_t>(instance_types_.size() - 1)};
}

void ComponentDecoder::declaration(Cursor& in, Scope& body) {
  const uint64_t at = in.offset();
  const uint8_t tag = in.u8("a type declaration");
  switch (tag) {
    case 0x00:  // core type
      body.core_types += skip_core_type(in);
      return;
    case 0x01: {  // type
      const TypeEntry entry = deftype(in, body);
      charge(1, 0, at);
      body.types.push_back(entry);
      return;
    }
    case 0x02: alias(in, body); return;
    case 0x03: {  // import (component types only)
      if (body.kind != Scope::Kind::ComponentType) fail_malformed(at, "an import declared inside an instance type");
      std::string name = extern_name(in);
      define(body, externtype(in, body, std::move(name), at));
      return;
    }
    case 0x04: {  // export
      std::string name = extern_name(in);
      ExternItem item = externtype(in, body, std::move(name), at);
      define(body, item);
      charge(1, item.name.size(), at);
      item_lists_[body.exports].items.push_back(std::move(item));
      return;
    }
    default: fail_unsupported(at, "type declaration", tag);
  }
}

ExternItem ComponentDecoder::externtype(Cursor& in, Scope& scope, std::string name, uint64_t offset) {
  ExternItem item;
  item.name = std::move(name);
  item.offset = offset;
  const uint64_t at = in.offset();
  const uint8_t kind = in.u8("an extern type");
  const uint64_t index_at = in.offset();
  switch (kind) {
    case 0x00: {  // core module (type i)
      const uint8_t sort = in.u8("an extern type");
      if (sort != 0x11) fail_unsupported(at + 1, "extern type core sort", sort);
      const uint64_t core_at = in.offset();
      const uint32_t index = in.u32("a core type index");
      if (index >= scope.core_types)
        fail_malformed(core_at, fmt::format("core type index {} is not defined", index));
      item.sort = Sort::Module;
      return item;
    }
    case 0x01:  // func (type i)
      item.sort = Sort::Func;
      item.func = func_type_at(scope, in.u32("a type index"), index_at);
      return item;
    case 0x02:  // value t
      item.sort = Sort::Value;
      item.value = valtype(in, scope);
      return item;
    case 0x03: {  // type (eq i) | (sub resource)
      item.sort = Sort::Type;
      const uint8_t bound = in.u8("a type bound");
      if (bound == 0x00) {
        item.type = type_at(scope, in.u32("a type index"), index_at + 1);
      } else if (bound == 0x01) {
        TypeNode resource{TypeKind::Resource};
        resource.name = item.name;
        item.type = TypeEntry{TypeEntry::Kind::Resource, add_node(std::move(resource), offset)};
        item.fresh_resource = true;
      } else {
        fail_unsupported(index_at, "type bound", bound);
      }
      if (item.type->kind == TypeEntry::Kind::Value || item.type->kind == TypeEntry::Kind::Resource)
        name_node(item.type->id, item.name, offset);
      return item;
    }
    case 0x04: {  // component (type i)
      item.sort = Sort::Component;
      const uint32_t index = in.u32("a type index");
      const TypeEntry& entry = type_at(scope, index, index_at);
      if (entry.kind != TypeEntry::Kind::Component)
        fail_malformed(index_at, fmt::format("type {} is {}, not a component type", index, describe(entry.kind)));
      item.items = entry.id;
      return item;
    }
    case 0x05: {  // instance (type i)
      item.sort = Sort::Instance;
      const uint32_t index = in.u32("a type index");
      const TypeEntry& entry = type_at(scope, index, index_at);
      if (entry.kind != TypeEntry::Kind::Instance)
        fail_malformed(index_at, fmt::format("type {} is {}, not an instance type", index, describe(entry.kind)));
      item.instance_type = entry.id;
      item.items = instance_types_[entry.id].exports;
      return item;
    }
    default: fail_unsupported(at, "extern type", kind);
  }
}

SortCode ComponentDecoder::sort(Cursor& in, bool any_core_sort) {
  const uint64_t at = in.offset();
  const uint8_t b = in.u8("a sort");
  SortCode code;
  if (b == 0x00) {
    code.core = true;
    code.code = in.u8("a core sort");
    const bool known = code.code <= 0x04 || (code.code >= 0x10 && code.code <= 0x12);
    if (!known || (!any_core_sort && code.code != 0x11)) fail_unsupported(at + 1, "core sort", code.code);
    code.sort = Sort::Module;
    return code;
  }
  code.code = b;
  switch (b) {
    case 0x01: code.sort = Sort::Func; return code;
    case 0x02: code.sort = Sort::Value; return code;
    case 0x03: code.sort = Sort::Type; return code;
    case 0x04: code.sort = Sort::Component; return code;
    case 0x05: code.sort = Sort::Instance; return code;
    default: fail_unsupported(at, "sort", b);
  }
}

void ComponentDecoder::check_index(Scope& scope, const SortCode& sort, uint32_t index, uint64_t at) {
  uint64_t size = 0;
  std::string_view what;
  if (sort.core) {
    switch (sort.code) {
      case 0x00: size = scope.core_funcs, what = "core function"; break;
      case 0x01: size = scope.core_tables, what = "core table"; break;
      case 0x02: size = scope.core_memories, what = "core memory"; break;
      case 0x03: size = scope.core_globals, what = "core global"; break;
      case 0x04: size = scope.core_tags, what = "core tag"; break;
      case 0x10: size = scope.core_types, what = "core type"; break;
      case 0x11: size = scope.core_modules, what = "core module"; break;
      default: size = scope.core_instances, what = "core instance"; break;
    }
  } else {
    switch (sort.sort) {
      case Sort::Func: size = scope.funcs.size(), what = "function"; break;
      case Sort::Value: size = scope.values.size(), what = "value"; break;
      case Sort::Type: size = scope.types.size(), what = "type"; break;
      case Sort::Component: size = scope.components.size(), what = "component"; break;
      case Sort::Instance: size = scope.instances.size(), what = "instance"; break;
      case Sort::Module: size = scope.core_modules, what = "core module"; break;
    }
  }
  if (index >= size)
    fail_malformed(at, fmt::format("{} index {} is not defined (there are {} at this point)", what, index, size));
}

ExternItem ComponentDecoder::item_of(Scope& scope, const SortCode& sort, uint32_t index, std::string name,
                                     uint64_t at) {
  check_index(scope, sort, index, at);
  ExternItem item;
  item.name = std::move(name);
  item.sort = sort.sort;
  item.offset = at;
  switch (sort.sort) {
    case Sort::Func: item.func = scope.funcs[index]; break;
    case Sort::Value: item.value = scope.values[index]; break;
    case Sort::Type: item.type = scope.types[index]; break;
    case Sort::Component: item.items = scope.components[index]; break;
    case Sort::Instance: item.items = scope.instances[index]; break;
    case Sort::Module: break;
  }
  return item;
}

void ComponentDecoder::define(Scope& scope, const ExternItem& item) {
  charge(1, 0, item.offset);
  switch (item.sort) {
    case Sort::Func: scope.funcs.push_back(item.func); return;
    case Sort::Value: scope.values.push_back(item.value); return;
    case Sort::Type: scope.types.push_back(*item.type); return;
    case Sort::Component: scope.components.push_back(*item.items); return;
    case Sort::Instance: scope.instances.push_back(*item.items); return;
    case Sort::Module: ++scope.core_modules; return;
  }
}

void ComponentDecoder::alias(Cursor& in, Scope& scope) {
  const uint64_t at = in.offset();
  const SortCode sort = this->sort(in, true);
  const uint64_t target_at = in.offset();
  const uint8_t target = in.u8("an alias target");
  switch (target) {
    case 0x00: {  // export of an instance
      if (sort.core && sort.code != 0x11) fail_unsupported(at + 1, "instance export alias sort", sort.code);
      const uint64_t index_at = in.offset();
      const uint32_t instance = in.u32("an instance index");
      const std::string_view name = in.name("an export name");
      check_index(scope, SortCode{false, 0x05, Sort::Instance}, instance, index_at);
      const ItemList& list = item_lists_[scope.instances[instance]];
      const auto found = list.by_name.find(name);
      if (found == list.by_name.end())
        fail_malformed(at, fmt::format("instance {} has no export named \"{}\"", instance, name));
      ExternItem item = list.items[found->second];
      if (item.sort != sort.sort)
        fail_malformed(at, fmt::format("export \"{}\" of instance {} is a {}, not a {}", name, instance,
                                       to_string(item.sort), to_string(sort.sort)));
      item.offset = at;
      define(scope, item);
      return;
    }
    case 0x01: {  // export of a core instance
      if (!sort.core || sort.code > 0x04)
        fail_unsupported(at, "core instance export alias sort", sort.core ? sort.code : uint8_t{0});
      const uint64_t index_at = in.offset();
      check_index(scope, SortCode{true, 0x12, Sort::Module}, in.u32("a core instance index"), index_at);
      in.name("a core export name");
      uint64_t* counts[] = {&scope.core_funcs, &scope.core_tables, &scope.core_memories, &scope.core_globals,
                            &scope.core_tags};
      ++*counts[sort.code];
      charge(1, 0, at);
      return;
    }
    case 0x02: {  // outer
      const bool type = !sort.core && sort.sort == Sort::Type;
      const bool component = !sort.core && sort.sort == Sort::Component;
      const bool core_type = sort.core && sort.code == 0x10;
      const bool core_module = sort.core && sort.code == 0x11;
      if (!type && !component && !core_type && !core_module)
        fail_unsupported(at + (sort.core ? 1 : 0), "outer alias sort", sort.code);
      const uint32_t count = in.u32("an outer alias count");
      const uint64_t index_at = in.offset();
      const uint32_t index = in.u32("an outer alias index");
      Scope* outer = &scope;
      for (uint32_t i = 0; i < count && outer; ++i) outer = outer->parent;
      if (!outer)
        fail_malformed(at, fmt::format("outer alias count {} reaches past the outermost component", count));
      check_index(*outer, sort, index, index_at);
      charge(1, 0, at);
      // Copied first: `outer` may be `scope` itself (count 0).
      if (type) {
        const TypeEntry entry = outer->types[index];
        scope.types.push_back(entry);
      }
      if (component) {
        const uint32_t list = outer->components[index];
        scope.components.push_back(list);
      }
      if (core_type) ++scope.core_types;
      if (core_module) ++scope.core_modules;
      return;
    }
    default: fail_unsupported(target_at, "alias target", target);
  }
}

std::string ComponentDecoder::extern_name(Cursor& in) {
  const uint64_t at = in.offset();
  const uint8_t tag = in.u8("an import or export name");
  // 0x00 now; 0x01 marked interface names before wasm-tools 1.219
  // (component-model#263) and is still read as 0x00.
  if (tag != 0x00 && tag != 0x01 && tag != 0x02) fail_unsupported(at, "import or export name", tag);
  std::string name(in.name("an import or export name"));
  if (tag != 0x02) return name;
  // 0x02: the name, then attributes: implements, versionsuffix,
  // external-id. A versionsuffix holds what was cut from a canonical
  // interface version ("@1" + ".0.0"): put back, the name is the one the
  // kernel's linker sees in older encodings.
  for (uint32_t n = in.count("name attribute", 2); n > 0; --n) {
    const uint64_t attribute_at = in.offset();
    const uint8_t attribute = in.u8("a name attribute");
    if (attribute > 0x02) fail_unsupported(attribute_at, "name attribute", attribute);
    const std::string_view value = in.name("a name attribute");
    if (attribute == 0x01 && name.find('@') != std::string::npos) name += value;
  }
  return name;
}

}  // namespace astrid
