#include "support/expected.h"
#include "wasm/module_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "support/plural.h"
#include "wasm/sections.h"
#include "wasm/cursor.h"

namespace astrid {
namespace {

constexpr std::array<uint8_t, 4> kMagic = {0x00, 0x61, 0x73, 0x6d};
constexpr std::array<uint8_t, 4> kCoreVersion = {0x01, 0x00, 0x00, 0x00};
// Component-model binaries: version 0x0d, layer 1.
constexpr std::array<uint8_t, 4> kComponentVersion = {0x0d, 0x00, 0x01, 0x00};

// The text format: after whitespace and comments, "(module" or
// "(component" (what a .wat holds).
bool looks_like_wat(ByteSource& source) {
  std::array<uint8_t, 256> text{};
  const size_t have = static_cast<size_t>(std::min<uint64_t>(source.size(), text.size()));
  if (!source.read(0, have, text.data())) return false;
  std::string_view s(reinterpret_cast<const char*>(text.data()), have);
  while (!s.empty()) {
    const char c = s.front();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      s.remove_prefix(1);
    } else if (s.starts_with(";;")) {
      const size_t nl = s.find('\n');
      s = nl == std::string_view::npos ? std::string_view() : s.substr(nl + 1);
    } else {
      break;
    }
  }
  return s.starts_with("(module") || s.starts_with("(component");
}

std::optional<InputError> check_preamble(ByteSource& source) {
  const uint64_t size = source.size();
  if (size == 0) return InputError{std::nullopt, "empty file, not a WebAssembly module"};
  std::array<uint8_t, 8> head{};
  const size_t have = static_cast<size_t>(std::min<uint64_t>(size, head.size()));
  if (!source.read(0, have, head.data())) return InputError{0, "could not read the file"};
  if (!std::equal(kMagic.begin(), kMagic.begin() + std::min<size_t>(have, 4), head.begin())) {
    if (looks_like_wat(source))
      return InputError{0, "WebAssembly text, not a binary module: compile it first (wat2wasm capsule.wat, or jco "
                           "parse for a component)"};
    return InputError{0, "not a WebAssembly module: it does not start with the bytes 00 61 73 6d"};
  }
  if (have < head.size())
    return InputError{0, fmt::format("truncated: {} bytes, shorter than the 8-byte WebAssembly preamble", size)};
  if (std::equal(kComponentVersion.begin(), kComponentVersion.end(), head.begin() + 4))
    return InputError{4,
                      "a WebAssembly component (component-model capsule of Astrid kernel 0.6 or later); astrid-abi "
                      "checks the Extism core-module ABI of kernels 0.2 to 0.5"};
  if (!std::equal(kCoreVersion.begin(), kCoreVersion.end(), head.begin() + 4))
    return InputError{4, fmt::format("unsupported WebAssembly binary version {:02x} {:02x} {:02x} {:02x}", head[4],
                                     head[5], head[6], head[7])};
  return std::nullopt;
}

// Heap types written as one byte (negative as a signed LEB128): the
// abstract ones, with the proposal each belongs to.
std::optional<Proposal> abstract_heap_type(uint8_t b, bool* known) {
  *known = true;
  switch (b) {
    case 0x70:  // func
    case 0x6f:  // extern
      return std::nullopt;
    case 0x6e:  // any
    case 0x6d:  // eq
    case 0x6c:  // i31
    case 0x6b:  // struct
    case 0x6a:  // array
    case 0x71:  // none
    case 0x72:  // noextern
    case 0x73:  // nofunc
      return Proposal::Gc;
    case 0x69:  // exn
    case 0x74:  // noexn
      return Proposal::ExnRef;
    case 0x68:  // cont
    case 0x75:  // nocont
      return Proposal::StackSwitching;
    default: *known = false; return std::nullopt;
  }
}

// Decodes the interface sections of a core module, each from a copy of its
// contents, into a Module.
class Decoder {
 public:
  Decoder(ByteSource& source, CoreModuleBudget* budget) : source_(source), budget_(budget) {}

  Module run(const std::vector<Section>& sections) {
    for (const Section& s : sections) {
      if (s.id == kCodeSection) {
        code_count(s);
        continue;
      }
      if (!is_interface_section(s.id) && s.id != kStartSection && s.id != kDataCountSection) continue;
      std::vector<uint8_t> bytes(s.size);
      if (!source_.read(s.content, bytes.size(), bytes.data()))
        fail(s.offset, "could not read the section (did the file change while being read?)");
      Cursor c(bytes.data(), bytes.size(), s.content, section_name(s.id), "module");
      section(s.id, c);
      c.expect_end();
    }
    if (!saw_code_ && defined_functions_ > 0)
      fail(source_.size(), fmt::format("malformed module: the function section declares {} but the code section "
                                       "defines 0",
                                       plural(defined_functions_, "function")));
    if (m_.memories.size() > 1) use(Proposal::MultiMemory);
    if (budget_) {
      budget_->used.types += m_.types.size();
      budget_->used.functions += m_.function_types.size();
      budget_->used.imports += m_.imports.size();
      budget_->used.exports += m_.exports.size();
    }
    return std::move(m_);
  }

 private:
  void use(Proposal p) { m_.proposals |= static_cast<uint32_t>(p); }

  void section(uint8_t id, Cursor& c) {
    switch (id) {
      case 1: return type_section(c);
      case 2: return import_section(c);
      case 3: return function_section(c);
      case 4: return table_section(c);
      case 5: return memory_section(c);
      case 6: return global_section(c);
      case 7: return export_section(c);
      case kStartSection: return start_section(c);
      case kDataCountSection: c.u32("the data count"); return;
      case kTagSection: return tag_section(c);
    }
  }

  // A counted limit: refuses the entry that would go past it.
  static void limit(Cursor&, uint64_t at, uint64_t total, uint64_t max, std::string_view what) {
    if (total > max) fail(at, fmt::format("more than {} {}, the most engines accept", max, what));
  }

  // The same, for what the reader keeps: `total` in this module, against
  // wasmparser's `max` and, with a budget, against what the component's
  // other core modules have left of it.
  void kept(Cursor& c, uint64_t at, uint64_t total, uint64_t max, uint64_t CoreModuleTotals::*field,
            std::string_view what) {
    limit(c, at, total, max, what);
    if (budget_ && budget_->used.*field + total > budget_->max.*field)
      fail(at, fmt::format("the component's core modules hold more than {} {} together, the most astrid-abi reads "
                           "of one component",
                           budget_->max.*field, what));
  }

  // Type codes are single bytes; one with its continuation bit set is a
  // type code written as a longer LEB128, which the specification forbids.
  [[noreturn]] static void bad_type_code(Cursor& c, uint64_t at, uint8_t b, std::string_view what) {
    if (b & 0x80)
      c.malformed(at, fmt::format("{} is written in more than one byte (0x{:02x} has the continuation bit), but type codes "
                             "are single bytes",
                             what, b));
    c.malformed(at, fmt::format("unknown type code 0x{:02x} for {}", b, what));
  }

  void heap_type(Cursor& c, std::string_view what) {
    const uint64_t at = c.offset();
    const uint8_t b = c.peek(what);
    if (b == 0x62) {  // exact, and the type index
      use(Proposal::CustomDescriptors);
      c.u8(what);
      c.u32(what);
      return;
    }
    if (b < 0x80 && (b & 0x40)) {
      bool known = false;
      const auto proposal = abstract_heap_type(b, &known);
      if (!known) c.malformed(at, fmt::format("unknown heap type 0x{:02x} in {}", b, what));
      if (proposal) use(*proposal);
      c.u8(what);
      return;
    }
    const int64_t index = c.s33(what);
    if (index < 0) c.malformed(at, fmt::format("{} has a negative heap type of more than one byte", what));
    use(Proposal::FunctionReferences);
  }

  ValType val_type(Cursor& c, std::string_view what) {
    const uint64_t at = c.offset();
    const uint8_t b = c.u8(what);
    switch (b) {
      case 0x7f: return ValType::I32;
      case 0x7e: return ValType::I64;
      case 0x7d: return ValType::F32;
      case 0x7c: return ValType::F64;
      case 0x7b: return ValType::V128;
      case 0x70: return ValType::FuncRef;
      case 0x6f: return ValType::ExternRef;
      case 0x64:  // (ref ht)
      case 0x63: {  // (ref null ht)
        const uint8_t ht = c.peek(what);
        heap_type(c, what);
        if (b == 0x63 && ht == 0x70) return ValType::FuncRef;
        if (b == 0x63 && ht == 0x6f) return ValType::ExternRef;
        return ValType::Other;
      }
      default: {
        bool known = false;
        const auto proposal = b < 0x80 ? abstract_heap_type(b, &known) : std::nullopt;
        if (!known) bad_type_code(c, at, b, what);
        if (proposal) use(*proposal);
        return ValType::Other;
      }
    }
  }

  ValType ref_type(Cursor& c, std::string_view what) {
    const uint64_t at = c.offset();
    const uint8_t b = c.peek(what);
    const ValType t = val_type(c, what);
    if (t == ValType::I32 || t == ValType::I64 || t == ValType::F32 || t == ValType::F64 || t == ValType::V128)
      c.malformed(at, fmt::format("{} is 0x{:02x}, which is not a reference type", what, b));
    return t;
  }

  void storage_type(Cursor& c) {
    const uint8_t b = c.peek("a field type");
    if (b == 0x78 || b == 0x77) {  // i8, i16
      c.u8("a field type");
      return;
    }
    val_type(c, "a field type");
  }

  void mutability(Cursor& c, std::string_view what) {
    const uint64_t at = c.offset();
    const uint8_t b = c.u8(what);
    if (b > 1) c.malformed(at, fmt::format("the mutability of {} is 0x{:02x}, not 0 or 1", what, b));
  }

  void field_type(Cursor& c) {
    storage_type(c);
    mutability(c, "a field");
  }

  void composite_type(Cursor& c) {
    const uint64_t at = c.offset();
    const uint8_t form = c.u8("a type");
    switch (form) {
      case 0x60: {  // func
        Module::TypeEntry entry;
        entry.pool = static_cast<uint32_t>(m_.type_pool.size());
        const uint64_t params_at = c.offset();
        const uint32_t params = c.count("parameter");
        limit(c, params_at, params, kMaxWasmFunctionParams, "parameters");
        for (uint32_t i = 0; i < params; ++i) m_.type_pool.push_back(val_type(c, "a parameter type"));
        const uint64_t results_at = c.offset();
        const uint32_t results = c.count("result");
        limit(c, results_at, results, kMaxWasmFunctionReturns, "results");
        for (uint32_t i = 0; i < results; ++i) m_.type_pool.push_back(val_type(c, "a result type"));
        entry.params = static_cast<uint16_t>(params);
        entry.results = static_cast<uint16_t>(results);
        m_.types.push_back(entry);
        return;
      }
      case 0x5f: {  // struct
        use(Proposal::Gc);
        const uint64_t fields_at = c.offset();
        const uint32_t fields = c.count("field", 2);
        limit(c, fields_at, fields, kMaxWasmStructFields, "struct fields");
        for (uint32_t i = 0; i < fields; ++i) field_type(c);
        m_.types.push_back({0, 0, 0, false});
        return;
      }
      case 0x5e:  // array
        use(Proposal::Gc);
        field_type(c);
        m_.types.push_back({0, 0, 0, false});
        return;
      case 0x5d:  // cont, of a function type
        use(Proposal::StackSwitching);
        heap_type(c, "a continuation type");
        m_.types.push_back({0, 0, 0, false});
        return;
      default: bad_type_code(c, at, form, "a type's form");
    }
  }

  void sub_type(Cursor& c) {
    const uint8_t b = c.peek("a type");
    if (b == 0x50 || b == 0x4f) {  // sub, sub final
      use(Proposal::Gc);
      c.u8("a type");
      const uint64_t at = c.offset();
      const uint32_t supers = c.count("supertype");
      limit(c, at, supers, kMaxWasmSupertypes, "supertypes");
      for (uint32_t i = 0; i < supers; ++i) c.u32("a supertype index");
    }
    // Custom descriptors: the type's descriptor, then the type it describes.
    for (uint8_t prefix : {uint8_t{0x4c}, uint8_t{0x4d}}) {
      if (c.peek("a type") != prefix) continue;
      use(Proposal::CustomDescriptors);
      c.u8("a type");
      c.u32("a descriptor type index");
    }
    composite_type(c);
  }

  void type_section(Cursor& c) {
    const uint32_t count = c.count("type");
    for (uint32_t i = 0; i < count; ++i) {
      const uint64_t at = c.offset();
      if (c.peek("a type") == 0x4e) {  // rec group
        use(Proposal::Gc);
        c.u8("a type");
        const uint32_t members = c.count("recursion group member");
        kept(c, at, m_.types.size() + members, kMaxWasmTypes, &CoreModuleTotals::types, "types");
        for (uint32_t k = 0; k < members; ++k) sub_type(c);
      } else {
        kept(c, at, m_.types.size() + 1, kMaxWasmTypes, &CoreModuleTotals::types, "types");
        sub_type(c);
      }
    }
  }

  Limits limits(Cursor& c, bool table, std::string_view what) {
    const uint64_t at = c.offset();
    const uint8_t flags = c.u8(what);
    // Bit 0: a maximum; 1: shared; 2: 64-bit; 3: a custom page size.
    const uint8_t allowed = table ? 0x05 : 0x0f;
    if (flags & ~allowed) c.malformed(at, fmt::format("unknown limits flags 0x{:02x} of {}", flags, what));
    Limits l;
    l.is64 = flags & 0x04;
    l.shared = flags & 0x02;
    // Sizes are u64 in the binary whatever the address type; a 32-bit
    // memory's limit past 2^32 is invalid, not malformed.
    l.initial = c.u64(what);
    if (flags & 0x01) l.max = c.u64(what);
    if (flags & 0x08) {
      use(Proposal::CustomPageSizes);
      c.u32("a page size");
    }
    if (l.is64) use(table ? Proposal::Table64 : Proposal::Memory64);
    if (l.shared) use(Proposal::Threads);
    return l;
  }

  void table_type(Cursor& c) {
    ref_type(c, "a table's element type");
    limits(c, true, "a table");
  }

  void global_type(Cursor& c) {
    val_type(c, "a global's type");
    mutability(c, "a global");
  }

  void tag_type(Cursor& c) {
    use(Proposal::Exceptions);
    const uint64_t at = c.offset();
    const uint8_t attribute = c.u8("a tag");
    if (attribute != 0) c.malformed(at, fmt::format("unknown tag attribute 0x{:02x}", attribute));
  }

  // A constant expression, up to and including its `end`.
  void const_expr(Cursor& c, std::string_view what) {
    for (;;) {
      const uint64_t at = c.offset();
      if (c.done()) c.malformed(at, fmt::format("unexpected end: {} has no end", what));
      const uint8_t op = c.u8(what);
      switch (op) {
        case 0x0b: return;                       // end
        case 0x41: c.s32(what); break;           // i32.const
        case 0x42: c.s64(what); break;           // i64.const
        case 0x43: c.skip(4, what); break;       // f32.const
        case 0x44: c.skip(8, what); break;       // f64.const
        case 0x23: c.u32(what); break;           // global.get
        case 0xd2: c.u32(what); break;           // ref.func
        case 0xd0: heap_type(c, what); break;    // ref.null
        case 0x6a: case 0x6b: case 0x6c:         // i32.add, sub, mul
        case 0x7c: case 0x7d: case 0x7e:         // i64.add, sub, mul
          use(Proposal::ExtendedConst);
          break;
        case 0xfd: {
          const uint32_t sub = c.u32(what);
          if (sub != 12) not_constant(c, at, fmt::format("0xfd {}", sub), what);
          c.skip(16, what);  // v128.const
          break;
        }
        case 0xfb: {
          const uint32_t sub = c.u32(what);
          use(Proposal::Gc);
          switch (sub) {
            case 0: case 1: case 6: case 7: c.u32(what); break;  // struct.new(_default), array.new(_default)
            case 8: c.u32(what); c.u32(what); break;             // array.new_fixed
            case 26: case 27: case 28: break;                    // any.convert_extern, extern.convert_any, ref.i31
            case 32: case 33:                                    // struct.new(_default)_desc
              use(Proposal::CustomDescriptors);
              c.u32(what);
              break;
            default: not_constant(c, at, fmt::format("0xfb {}", sub), what);
          }
          break;
        }
        default: not_constant(c, at, fmt::format("0x{:02x}", op), what);
      }
    }
  }

  [[noreturn]] static void not_constant(Cursor&, uint64_t at, const std::string& op, std::string_view what) {
    fail(at, fmt::format("invalid module: {} is not a constant expression (instruction {} may not stand there)",
                         what, op));
  }

  // An import's kind and type, into `import`.
  void extern_type(Cursor& c, Import& import) {
    const uint64_t at = c.offset();
    const uint8_t kind = c.u8("an import's kind");
    switch (kind) {
      case 0x20:  // an exact function import (custom descriptors)
        use(Proposal::CustomDescriptors);
        [[fallthrough]];
      case 0x00:
        import.kind = ExternKind::Func;
        import.type_index = c.u32("an import's type index");
        return;
      case 0x01:
        import.kind = ExternKind::Table;
        table_type(c);
        return;
      case 0x02:
        import.kind = ExternKind::Memory;
        import.limits = limits(c, false, "an imported memory");
        return;
      case 0x03:
        import.kind = ExternKind::Global;
        global_type(c);
        return;
      case 0x04:
        import.kind = ExternKind::Tag;
        tag_type(c);
        import.type_index = c.u32("a tag's type index");
        return;
      default: c.malformed(at, fmt::format("unknown import kind 0x{:02x}", kind));
    }
  }

  // Adds an import, counting it against the limit of its kind.
  void add_import(Cursor& c, uint64_t at, Import import) {
    kept(c, at, m_.imports.size() + 1, kMaxWasmImports, &CoreModuleTotals::imports, "imports");
    switch (import.kind) {
      case ExternKind::Func:
        kept(c, at, m_.function_types.size() + 1, kMaxWasmFunctions, &CoreModuleTotals::functions, "functions");
        m_.function_types.push_back(import.type_index);
        break;
      case ExternKind::Table: limit(c, at, ++tables_, kMaxWasmTables, "tables"); break;
      case ExternKind::Memory:
        m_.memories.push_back({import.offset, import.limits, true});
        limit(c, at, m_.memories.size(), kMaxWasmMemories, "memories");
        break;
      case ExternKind::Global: limit(c, at, ++globals_, kMaxWasmGlobals, "globals"); break;
      case ExternKind::Tag: limit(c, at, ++tags_, kMaxWasmTags, "tags"); break;
    }
    m_.imports.push_back(std::move(import));
  }

  void import_section(Cursor& c) {
    // The count is refused before any import is read (as wasmparser does);
    // compact imports can hold more items than entries, each counted below.
    const uint64_t count_at = c.offset();
    const uint32_t count = c.count("import", 3);
    kept(c, count_at, count, kMaxWasmImports, &CoreModuleTotals::imports, "imports");
    m_.imports.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      Import import;
      import.offset = c.offset();
      import.module = std::string(c.name("an import's module name"));
      import.name = std::string(c.name("an import's name"));
      const uint8_t form = c.peek("an import's kind");
      if (!import.name.empty() || (form != 0x7f && form != 0x7e)) {
        extern_type(c, import);
        add_import(c, import.offset, std::move(import));
        continue;
      }
      // Compact imports: one module name for a list of items, each with
      // its own type (0x7f) or all of one type (0x7e).
      use(Proposal::CompactImports);
      c.u8("an import's kind");
      Import shared = import;
      if (form == 0x7e) extern_type(c, shared);
      const uint32_t items = c.count("compact import item");
      for (uint32_t k = 0; k < items; ++k) {
        Import item = shared;
        item.offset = c.offset();
        item.name = std::string(c.name("an import's name"));
        if (form == 0x7f) extern_type(c, item);
        add_import(c, item.offset, std::move(item));
      }
    }
    imported_functions_ = m_.function_types.size();
  }

  void function_section(Cursor& c) {
    const uint64_t at = c.offset();
    const uint32_t count = c.count("function");
    kept(c, at, m_.function_types.size() + count, kMaxWasmFunctions, &CoreModuleTotals::functions, "functions");
    for (uint32_t i = 0; i < count; ++i) m_.function_types.push_back(c.u32("a function's type index"));
    defined_functions_ = count;
    saw_functions_ = true;
  }

  void table_section(Cursor& c) {
    const uint32_t count = c.count("table", 2);
    for (uint32_t i = 0; i < count; ++i) {
      limit(c, c.offset(), ++tables_, kMaxWasmTables, "tables");
      if (c.peek("a table") == 0x40) {  // a table with an initializer
        const uint64_t at = c.offset();
        c.u8("a table");
        if (c.u8("a table") != 0x00) c.malformed(at, "malformed table: 0x40 must be followed by 0x00");
        use(Proposal::TableInitializer);
        table_type(c);
        const_expr(c, fmt::format("table {}'s initializer", tables_ - 1));
      } else {
        table_type(c);
      }
    }
  }

  void memory_section(Cursor& c) {
    const uint32_t count = c.count("memory", 2);
    for (uint32_t i = 0; i < count; ++i) {
      const uint64_t at = c.offset();
      Limits l = limits(c, false, "a memory");
      m_.memories.push_back({at, l, false});
      limit(c, at, m_.memories.size(), kMaxWasmMemories, "memories");
    }
  }

  void tag_section(Cursor& c) {
    const uint32_t count = c.count("tag", 2);
    for (uint32_t i = 0; i < count; ++i) {
      limit(c, c.offset(), ++tags_, kMaxWasmTags, "tags");
      tag_type(c);
      c.u32("a tag's type index");
    }
  }

  void global_section(Cursor& c) {
    const uint32_t count = c.count("global", 3);
    for (uint32_t i = 0; i < count; ++i) {
      limit(c, c.offset(), ++globals_, kMaxWasmGlobals, "globals");
      global_type(c);
      const_expr(c, fmt::format("global {}'s initializer", globals_ - 1));
    }
  }

  void export_section(Cursor& c) {
    const uint32_t count = c.count("export", 3);
    kept(c, c.offset(), count, kMaxWasmExports, &CoreModuleTotals::exports, "exports");
    m_.exports.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      Export e;
      e.offset = c.offset();
      e.name = std::string(c.name("an export's name"));
      const uint64_t kind_at = c.offset();
      const uint8_t kind = c.u8("an export's kind");
      if (kind > 0x04) c.malformed(kind_at, fmt::format("unknown export kind 0x{:02x}", kind));
      e.kind = static_cast<ExternKind>(kind);
      e.index = c.u32("an export's index");
      m_.exports.push_back(std::move(e));
    }
  }

  void start_section(Cursor& c) {
    const uint64_t at = c.offset();
    const uint32_t index = c.u32("the start function's index");
    if (index >= m_.function_types.size())
      fail(at, fmt::format("invalid module: the start function is function {}, but the module has {}", index,
                           plural(m_.function_types.size(), "function")));
  }

  // The code section is not read, however large: only its body count,
  // against the function section and against the bytes that can hold it.
  void code_count(const Section& s) {
    saw_code_ = true;
    uint8_t head[5] = {};
    const size_t n = static_cast<size_t>(std::min<uint64_t>(sizeof head, s.size));
    if (!source_.read(s.content, n, head))
      fail(s.offset, "could not read the section (did the file change while being read?)");
    Cursor c(head, n, s.content, "code", "module");
    const uint32_t bodies = c.u32("the function body count");
    if (!saw_functions_ && bodies > 0)
      fail(s.offset, fmt::format("malformed module: the code section defines {} but there is no function section",
                                 plural(bodies, "function")));
    if (bodies != defined_functions_)
      fail(s.offset, fmt::format("malformed module: the function section declares {} but the code section defines {}",
                                 plural(defined_functions_, "function"), bodies));
    // A body is at least three bytes: its size, an empty list of locals
    // and `end`.
    const uint64_t room = s.size - (c.offset() - s.content);
    if (uint64_t{bodies} * 3 > room)
      fail(s.content, fmt::format("malformed module: the code section claims {} but holds {}, room for at most {}",
                                         plural(bodies, "function body"), plural(room, "byte"), room / 3));
  }

  ByteSource& source_;
  CoreModuleBudget* budget_;
  Module m_;
  size_t imported_functions_ = 0;
  uint32_t defined_functions_ = 0;
  uint64_t tables_ = 0, globals_ = 0, tags_ = 0;
  bool saw_code_ = false;
  bool saw_functions_ = false;
};

}  // namespace

Expected<Module> read_module(ByteSource& source, CoreModuleBudget* budget) {
  if (auto error = check_preamble(source)) return *error;
  auto walked = walk_sections(source);
  if (!walked) return walked.error();
  const auto& sections = *walked;

  uint64_t interface_bytes = 0;
  for (const Section& s : sections)
    if (is_interface_section(s.id)) interface_bytes += s.size;
  if (interface_bytes > kMaxInterfaceBytes)
    return InputError{std::nullopt, fmt::format("the interface sections take {} bytes, more than the {} MiB "
                                                "astrid-abi reads of one module",
                                                interface_bytes, kMaxInterfaceBytes >> 20)};
  if (budget && budget->used.interface_bytes + interface_bytes > budget->max.interface_bytes)
    return InputError{std::nullopt, fmt::format("the component's core modules take more than {} of interface "
                                                "sections together, the most astrid-abi reads of one component",
                                                plural(budget->max.interface_bytes, "byte"))};
  if (budget) budget->used.interface_bytes += interface_bytes;
  try {
    return Decoder(source, budget).run(sections);
  } catch (const DecodeError& e) {
    return e.error;
  }
}

Expected<Module> read_module_file(const std::string& path) {
  auto opened = FileSource::open(path);
  if (!opened) return opened.error();
  return read_module(*opened);
}

}  // namespace astrid
