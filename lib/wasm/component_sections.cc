// The sections of a component, one function each, and the walk over them.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "wasm/sections.h"
#include "wasm/component_decoder.h"
#include "wasm/core_types.h"
#include "wasm/producers.h"
#include "wasm/section_header.h"

namespace astrid {
namespace {

constexpr std::array<uint8_t, 8> kComponentPreamble = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
constexpr std::array<uint8_t, 8> kCorePreamble = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
constexpr uint8_t kMaxComponentSectionId = 12;

bool starts_with(ByteSource& source, uint64_t offset, uint64_t size, const std::array<uint8_t, 8>& preamble) {
  std::array<uint8_t, 8> head{};
  return size >= head.size() && source.read(offset, head.size(), head.data()) && head == preamble;
}

bool read_bool(Cursor& in, std::string_view what) {
  const uint64_t at = in.offset();
  const uint8_t b = in.u8(what);
  if (b > 1) fail_malformed(at, fmt::format("{} is 0x{:02x}, neither 0 nor 1", what, b));
  return b == 1;
}

}  // namespace

uint32_t ComponentDecoder::component(uint64_t begin, uint64_t end, Scope* parent, uint32_t depth) {
  if (depth > 0 && !starts_with(source_, begin, end - begin, kComponentPreamble))
    fail_malformed(begin, "a nested component section does not start with the component preamble "
                          "00 61 73 6d 0d 00 01 00");
  Scope scope;
  scope.kind = Scope::Kind::Component;
  scope.parent = parent;
  scope.component_depth = depth;
  scope.type_nesting = parent ? parent->type_nesting : 0;
  scope.exports = new_item_list();
  for (uint64_t at = begin + 8; at < end;) {
    const SectionHeader header =
        read_section_header(source_, at, end, kMaxComponentSectionId, component_section_name, "component");
    section(header, scope);
    at = header.end();
  }
  finish_item_list(scope.exports);
  return scope.exports;
}

std::vector<uint8_t> ComponentDecoder::load(uint64_t offset, uint64_t size) {
  loaded_bytes_ += size;
  if (loaded_bytes_ > kMaxComponentSectionBytes)
    fail(offset, fmt::format("the component's sections other than core modules take more than {} MiB: more than "
                             "astrid-abi reads",
                             kMaxComponentSectionBytes >> 20));
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  // (An empty vector's data() may be null, which no read may be given.)
  if (size > 0 && !source_.read(offset, bytes.size(), bytes.data()))
    fail(offset, "could not read the section (did the file change while being read?)");
  return bytes;
}

void ComponentDecoder::section(const SectionHeader& header, Scope& scope) {
  switch (header.id) {
    case 0: return custom_section(header);
    case 1: return core_module_section(header, scope);
    case 4: return nested_component_section(header, scope);
    default: break;
  }
  const std::vector<uint8_t> bytes = load(header.content, header.size);
  Cursor in(bytes.data(), bytes.size(), header.content, component_section_name(header.id));
  switch (header.id) {
    case 2: core_instance_section(in, scope); break;
    case 3: core_type_section(in, scope); break;
    case 5: instance_section(in, scope); break;
    case 6: alias_section(in, scope); break;
    case 7: type_section(in, scope); break;
    case 8: canon_section(in, scope); break;
    case 9: start_section(in, scope); break;
    case 10: import_section(in, scope); break;
    case 11: export_section(in, scope, header.offset); break;
    case 12: value_section(in, scope); break;
  }
  in.expect_end();
}

void ComponentDecoder::custom_section(const SectionHeader& header) {
  if (++custom_sections_ > kMaxCustomSections)
    fail(header.offset, fmt::format("more than {} custom sections", kMaxCustomSections));
  const CustomSectionName custom = custom_section_name(source_, header, 9, "component");
  if (custom.name != "producers") return;
  const std::vector<uint8_t> payload = load(custom.payload, header.end() - custom.payload);
  parse_producers(payload.data(), payload.size(), out_.producers);
}

void ComponentDecoder::core_module_section(const SectionHeader& header, Scope& scope) {
  if (!starts_with(source_, header.content, header.size, kCorePreamble))
    fail_malformed(header.content, "a core module section does not start with the core module preamble "
                                   "00 61 73 6d 01 00 00 00");
  charge(1, 0, header.offset);
  out_.core_modules.push_back({header.content, header.size, scope.component_depth});
  ++scope.core_modules;
  if (scope.component_depth == 0)
    read_core_module_producers(source_, header.content, header.size, out_.producers);
}

void ComponentDecoder::nested_component_section(const SectionHeader& header, Scope& scope) {
  if (scope.component_depth >= kMaxComponentNesting)
    fail(header.offset, fmt::format("components nested more than {} levels deep: more than astrid-abi reads",
                                    kMaxComponentNesting));
  const uint32_t exports = component(header.content, header.end(), &scope, scope.component_depth + 1);
  charge(1, 0, header.offset);
  scope.components.push_back(exports);
}

void ComponentDecoder::core_instance_section(Cursor& in, Scope& scope) {
  for (uint32_t n = in.count("core instance", 2); n > 0; --n) {
    const uint64_t at = in.offset();
    const uint8_t tag = in.u8("a core instance");
    if (tag == 0x00) {  // instantiate a module with instances as arguments
      check_index(scope, SortCode{true, 0x11, Sort::Module}, in.u32("a core module index"), at + 1);
      for (uint32_t args = in.count("core instantiation argument", 3); args > 0; --args) {
        in.name("a core instantiation argument name");
        const uint64_t kind_at = in.offset();
        const uint8_t kind = in.u8("a core instantiation argument");
        if (kind != 0x12) fail_unsupported(kind_at, "core instantiation argument kind", kind);
        const uint64_t index_at = in.offset();
        check_index(scope, SortCode{true, 0x12, Sort::Module}, in.u32("a core instance index"), index_at);
      }
    } else if (tag == 0x01) {  // a bundle of core exports
      for (uint32_t exports = in.count("core instance export", 3); exports > 0; --exports) {
        in.name("a core export name");
        const uint8_t sort = read_core_export_sort(in);
        const uint64_t index_at = in.offset();
        check_index(scope, SortCode{true, sort, Sort::Module}, in.u32("a core index"), index_at);
      }
    } else {
      fail_unsupported(at, "core instance", tag);
    }
    charge(1, 0, at);
    ++scope.core_instances;
  }
}

void ComponentDecoder::core_type_section(Cursor& in, Scope& scope) {
  for (uint32_t n = in.count("core type"); n > 0; --n) {
    const uint64_t at = in.offset();
    const uint32_t defined = skip_core_type(in);
    charge(defined, 0, at);
    scope.core_types += defined;
  }
}

void ComponentDecoder::instance_section(Cursor& in, Scope& scope) {
  for (uint32_t n = in.count("instance", 2); n > 0; --n) {
    const uint64_t at = in.offset();
    const uint8_t tag = in.u8("an instance");
    if (tag == 0x00) {  // instantiate a component
      const uint64_t index_at = in.offset();
      const uint32_t component = in.u32("a component index");
      check_index(scope, SortCode{false, 0x04, Sort::Component}, component, index_at);
      for (uint32_t args = in.count("instantiation argument", 3); args > 0; --args) {
        in.name("an instantiation argument name");
        const SortCode sort = this->sort(in, false);
        const uint64_t arg_at = in.offset();
        check_index(scope, sort, in.u32("an index"), arg_at);
      }
      // The instance has the component's exports. (Types that depend on
      // the component's imports stay as the component declares them.)
      const uint32_t exports = scope.components[component];
      charge(1, 0, at);
      scope.instances.push_back(exports);
    } else if (tag == 0x01) {  // a bundle of exports
      const uint32_t list = new_item_list();
      for (uint32_t exports = in.count("instance export", 3); exports > 0; --exports) {
        const uint64_t export_at = in.offset();
        std::string name = extern_name(in);
        const SortCode sort = this->sort(in, false);
        const uint64_t index_at = in.offset();
        ExternItem item = item_of(scope, sort, in.u32("an index"), std::move(name), index_at);
        item.offset = export_at;
        charge(1, item.name.size(), export_at);
        item_lists_[list].items.push_back(std::move(item));
      }
      finish_item_list(list);
      scope.instances.push_back(list);
    } else {
      fail_unsupported(at, "instance", tag);
    }
  }
}

void ComponentDecoder::alias_section(Cursor& in, Scope& scope) {
  for (uint32_t n = in.count("alias", 3); n > 0; --n) alias(in, scope);
}

void ComponentDecoder::type_section(Cursor& in, Scope& scope) {
  for (uint32_t n = in.count("type"); n > 0; --n) {
    const uint64_t at = in.offset();
    const TypeEntry entry = deftype(in, scope);
    charge(1, 0, at);
    scope.types.push_back(entry);
  }
}

void ComponentDecoder::canon_options(Cursor& in) {
  for (uint32_t n = in.count("canonical option"); n > 0; --n) {
    const uint64_t at = in.offset();
    const uint8_t option = in.u8("a canonical option");
    switch (option) {
      case 0x00:  // string-encoding=utf8
      case 0x01:  // string-encoding=utf16
      case 0x02:  // string-encoding=latin1+utf16
      case 0x06:  // async
      case 0x09:  // gc
        break;
      case 0x03:  // (memory m)
      case 0x04:  // (realloc f)
      case 0x05:  // (post-return f)
      case 0x07:  // (callback f)
      case 0x08:  // (core-type t)
        in.u32("a canonical option's index");
        break;
      default: fail_unsupported(at, "canonical option", option);
    }
  }
}

// Every canonical definition but `lift` defines a core function; only
// `lift` and `lower` matter here, the others are read to step over them
// (their opcodes as of wasm-tools 1.257; older async encodings differed).
void ComponentDecoder::canon_section(Cursor& in, Scope& scope) {
  auto type_index = [&] {
    const uint64_t at = in.offset();
    type_at(scope, in.u32("a type index"), at);
  };
  // One byte at least: task.cancel, for one, has no immediates.
  for (uint32_t n = in.count("canonical function"); n > 0; --n) {
    const uint64_t at = in.offset();
    const uint8_t opcode = in.u8("a canonical function");
    switch (opcode) {
      case 0x00: {  // lift
        const uint64_t sort_at = in.offset();
        const uint8_t sort = in.u8("a canonical lift");
        if (sort != 0x00) fail_unsupported(sort_at, "canonical lift sort", sort);
        const uint64_t core_at = in.offset();
        check_index(scope, SortCode{true, 0x00, Sort::Module}, in.u32("a core function index"), core_at);
        canon_options(in);
        const uint64_t type_at = in.offset();
        const uint32_t func = func_type_at(scope, in.u32("a type index"), type_at);
        charge(1, 0, at);
        scope.funcs.push_back(func);
        continue;
      }
      case 0x01: {  // lower
        const uint64_t sort_at = in.offset();
        const uint8_t sort = in.u8("a canonical lower");
        if (sort != 0x00) fail_unsupported(sort_at, "canonical lower sort", sort);
        const uint64_t func_at = in.offset();
        check_index(scope, SortCode{false, 0x01, Sort::Func}, in.u32("a function index"), func_at);
        canon_options(in);
        break;
      }
      case 0x02:  // resource.new
      case 0x03:  // resource.drop
      case 0x04:  // resource.rep
      case 0x0e:  // stream.new
      case 0x13:  // stream.drop-readable
      case 0x14:  // stream.drop-writable
      case 0x15:  // future.new
      case 0x1a:  // future.drop-readable
      case 0x1b:  // future.drop-writable
        type_index();
        break;
      case 0x05:  // task.cancel
      case 0x0d:  // subtask.drop
      case 0x1e:  // error-context.drop
      case 0x1f:  // waitable-set.new
      case 0x22:  // waitable-set.drop
      case 0x23:  // waitable.join
      case 0x24:  // backpressure.inc
      case 0x25:  // backpressure.dec
      case 0x26:  // thread.index
      case 0x28:  // thread.resume-later
      case 0x42:  // thread.available-parallelism
        break;
      case 0x06:  // subtask.cancel async?
      case 0x0c:  // thread.yield cancellable?
      case 0x29:  // thread.suspend cancellable?
      case 0x2a:  // thread.suspend-then-resume cancellable?
      case 0x2b:  // thread.yield-then-resume cancellable?
      case 0x2c:  // thread.suspend-then-promote cancellable?
      case 0x2d:  // thread.yield-then-promote cancellable?
        read_bool(in, "a canonical function's flag");
        break;
      case 0x09: {  // task.return results opts
        const uint64_t results_at = in.offset();
        const uint8_t results = in.u8("task.return's results");
        if (results == 0x00) {
          valtype(in, scope);
        } else if (results == 0x01) {
          const uint8_t none = in.u8("task.return's results");
          if (none != 0x00) fail_unsupported(results_at + 1, "task.return result count", none);
        } else {
          fail_unsupported(results_at, "task.return result list", results);
        }
        canon_options(in);
        break;
      }
      case 0x0a:  // context.get t i
      case 0x0b:  // context.set t i
        skip_core_valtype(in);
        in.u32("a context slot");
        break;
      case 0x0f:  // stream.read t opts
      case 0x10:  // stream.write t opts
      case 0x16:  // future.read t opts
      case 0x17:  // future.write t opts
        type_index();
        canon_options(in);
        break;
      case 0x11:  // stream.cancel-read t async?
      case 0x12:  // stream.cancel-write t async?
      case 0x18:  // future.cancel-read t async?
      case 0x19:  // future.cancel-write t async?
        type_index();
        read_bool(in, "a canonical function's async flag");
        break;
      case 0x1c:  // error-context.new opts
      case 0x1d:  // error-context.debug-message opts
        canon_options(in);
        break;
      case 0x20:  // waitable-set.wait cancellable? memory
      case 0x21:  // waitable-set.poll cancellable? memory
        read_bool(in, "a canonical function's cancellable flag");
        in.u32("a core memory index");
        break;
      case 0x27:  // thread.new-indirect func-type table
      case 0x41:  // thread.spawn-indirect func-type table
        in.u32("a core type index");
        in.u32("a core table index");
        break;
      case 0x40:  // thread.spawn-ref func-type
        in.u32("a core type index");
        break;
      default: fail_unsupported(at, "canonical function", opcode);
    }
    charge(1, 0, at);
    ++scope.core_funcs;
  }
}

void ComponentDecoder::start_section(Cursor& in, Scope& scope) {
  const uint64_t at = in.offset();
  check_index(scope, SortCode{false, 0x01, Sort::Func}, in.u32("a function index"), at);
  for (uint32_t args = in.count("start argument"); args > 0; --args) {
    const uint64_t arg_at = in.offset();
    check_index(scope, SortCode{false, 0x02, Sort::Value}, in.u32("a value index"), arg_at);
  }
  const uint64_t results_at = in.offset();
  const uint32_t results = in.u32("the start function's result count");
  // wasmparser's limit: a count that adds millions of values is refused
  // before any is added.
  if (results > kMaxWasmFunctionReturns)
    fail_malformed(results_at, fmt::format("the start function has {} results, more than {}", results,
                                           kMaxWasmFunctionReturns));
  charge(results, 0, results_at);
  scope.values.insert(scope.values.end(), results, std::nullopt);
}

ComponentImport ComponentDecoder::describe_import(const ExternItem& item, uint64_t offset) {
  ComponentImport import;
  import.offset = offset;
  import.name = item.name;
  import.kind = item.sort;
  charge(1, item.name.size(), offset);
  switch (item.sort) {
    case Sort::Instance: {
      const uint32_t list = *item.items;
      const size_t n = item_lists_[list].items.size();
      import.exports.reserve(n);
      for (size_t i = 0; i < n; ++i) {
        const ExternItem& decl = item_lists_[list].items[i];
        InstanceExportDecl out;
        out.name = decl.name;
        out.kind = decl.sort;
        out.offset = decl.offset;
        out.fresh_resource = decl.fresh_resource;
        charge(1, decl.name.size(), offset);
        if (decl.func) out.func = copy_func(*decl.func, offset);
        if (decl.type && (decl.type->kind == TypeEntry::Kind::Value || decl.type->kind == TypeEntry::Kind::Resource))
          out.type = decl.type->id;
        if (decl.value) out.type = decl.value;
        import.exports.push_back(std::move(out));
      }
      break;
    }
    case Sort::Func:
      if (item.func) import.func = copy_func(*item.func, offset);
      break;
    case Sort::Type:
      if (item.type->kind == TypeEntry::Kind::Value || item.type->kind == TypeEntry::Kind::Resource)
        import.type = item.type->id;
      import.fresh_resource = item.fresh_resource;
      break;
    case Sort::Value: import.type = item.value; break;
    case Sort::Module:
    case Sort::Component: break;
  }
  return import;
}

void ComponentDecoder::import_section(Cursor& in, Scope& scope) {
  for (uint32_t n = in.count("import", 3); n > 0; --n) {
    const uint64_t at = in.offset();
    std::string name = extern_name(in);
    ExternItem item = externtype(in, scope, std::move(name), at);
    charge(1, item.name.size(), at);
    if (scope.component_depth == 0) {
      if (item.instance_type) item.items = claim_instance_type(*item.instance_type, item.name, at);
      out_.imports.push_back(describe_import(item, at));
    }
    define(scope, item);
  }
}

// The first import of an instance type takes its fresh resources as they
// are (their owner becomes the import's name); any further import of the
// same type gets copies of them, and of every type of the body that
// refers to them, so that each import's resources are distinct, as the
// component model makes them. The copy costs the body's size, charged.
uint32_t ComponentDecoder::claim_instance_type(uint32_t id, const std::string& import_name, uint64_t at) {
  const InstanceTypeInfo info = instance_types_[id];
  const size_t n = item_lists_[info.exports].items.size();
  bool has_fresh = false;
  for (size_t i = 0; i < n; ++i) has_fresh |= item_lists_[info.exports].items[i].fresh_resource;
  if (!has_fresh) return info.exports;
  if (!info.claimed) {
    instance_types_[id].claimed = true;
    for (size_t i = 0; i < n; ++i) {
      const ExternItem& decl = item_lists_[info.exports].items[i];
      if (!decl.fresh_resource) continue;
      charge(0, import_name.size(), at);
      out_.types.at(decl.type->id).owner = import_name;
    }
    return info.exports;
  }
  charge(info.nodes_end - info.nodes_begin, 0, at);
  std::vector<TypeRef> remap(info.nodes_end - info.nodes_begin);
  for (TypeRef r = info.nodes_begin; r < info.nodes_end; ++r) remap[r - info.nodes_begin] = r;
  auto mapped = [&](TypeRef r) {
    return r >= info.nodes_begin && r < info.nodes_end ? remap[r - info.nodes_begin] : r;
  };
  for (size_t i = 0; i < n; ++i) {
    const ExternItem& decl = item_lists_[info.exports].items[i];
    if (!decl.fresh_resource) continue;
    TypeNode resource = out_.types[decl.type->id];
    resource.owner = import_name;
    const TypeRef old = decl.type->id;
    remap[old - info.nodes_begin] = add_node(std::move(resource), at);
  }
  for (TypeRef r = info.nodes_begin; r < info.nodes_end; ++r) {
    if (remap[r - info.nodes_begin] != r) continue;
    TypeNode node = out_.types[r];
    bool changed = false;
    auto update = [&](std::optional<TypeRef>& ref) {
      if (!ref || mapped(*ref) == *ref) return;
      ref = mapped(*ref);
      changed = true;
    };
    update(node.element);
    update(node.error);
    for (TypeMember& m : node.members) update(m.type);
    if (changed) remap[r - info.nodes_begin] = add_node(std::move(node), at);
  }
  const uint32_t list = new_item_list();
  for (size_t i = 0; i < n; ++i) {
    ExternItem decl = item_lists_[info.exports].items[i];
    charge(1, decl.name.size(), at);
    if (decl.type && (decl.type->kind == TypeEntry::Kind::Value || decl.type->kind == TypeEntry::Kind::Resource))
      decl.type->id = mapped(decl.type->id);
    if (decl.value) decl.value = mapped(*decl.value);
    if (decl.func) {
      FuncType f = copy_func(*decl.func, at);
      bool changed = false;
      auto update = [&](FuncParam& p) {
        const TypeRef to = mapped(p.type);
        changed |= to != p.type;
        p.type = to;
      };
      for (FuncParam& p : f.params) update(p);
      for (FuncParam& p : f.results) update(p);
      if (changed) {
        func_types_.push_back(std::move(f));
        decl.func = static_cast<uint32_t>(func_types_.size() - 1);
      }
    }
    item_lists_[list].items.push_back(std::move(decl));
  }
  finish_item_list(list);
  return list;
}

void ComponentDecoder::export_section(Cursor& in, Scope& scope, uint64_t section_offset) {
  ExportSectionRecord record;
  record.offset = section_offset;
  for (uint32_t n = in.count("export", 4); n > 0; --n) {
    const uint64_t at = in.offset();
    std::string name = extern_name(in);
    const SortCode sort = this->sort(in, false);
    const uint64_t index_at = in.offset();
    const uint32_t index = in.u32("an index");
    ExternItem item = item_of(scope, sort, index, std::move(name), index_at);
    item.offset = at;
    const uint64_t ascribed_at = in.offset();
    const uint8_t ascribed = in.u8("an export's optional type");
    if (ascribed == 0x01) {
      const ExternItem type = externtype(in, scope, item.name, at);
      if (type.sort != item.sort)
        fail_malformed(ascribed_at, fmt::format("export \"{}\" is a {} but its type is a {}", item.name,
                                                to_string(item.sort), to_string(type.sort)));
      item.func = type.func;
      item.type = type.type;
      item.items = type.items;
      item.value = type.value;
    } else if (ascribed != 0x00) {
      fail_unsupported(ascribed_at, "export type presence", ascribed);
    }
    if (item.type && (item.type->kind == TypeEntry::Kind::Value || item.type->kind == TypeEntry::Kind::Resource))
      name_node(item.type->id, item.name, at);
    charge(2, 2 * item.name.size(), at);
    if (item.sort == Sort::Func) record.funcs.emplace_back(item.name, index);
    if (scope.component_depth == 0) {
      ComponentExport e;
      e.offset = at;
      e.name = item.name;
      e.kind = item.sort;
      e.index = index;
      if (item.func) e.func = copy_func(*item.func, at);
      out_.exports.push_back(std::move(e));
    }
    define(scope, item);
    item_lists_[scope.exports].items.push_back(std::move(item));
  }
  out_.export_sections.push_back(std::move(record));
}

void ComponentDecoder::value_section(Cursor& in, Scope& scope) {
  for (uint32_t n = in.count("value", 2); n > 0; --n) {
    const uint64_t at = in.offset();
    const TypeRef type = valtype(in, scope);
    const uint32_t length = in.u32("a value's length");
    in.skip(length, "a value");
    charge(1, 0, at);
    scope.values.push_back(type);
  }
}

}  // namespace astrid
