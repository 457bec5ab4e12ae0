#include "wasm/core_types.h"

#include <fmt/format.h>

namespace astrid {
namespace {

// Abstract heap types, and the value-type shorthands (ref null <ht>) that
// share their bytes: func, extern, any, none, noextern, nofunc, eq, struct,
// array, i31, exn, noexn, cont, nocont.
bool is_abstract_heap_type(uint8_t b) { return (b >= 0x68 && b <= 0x75); }

void skip_heap_type(Cursor& in) {
  const uint64_t at = in.offset();
  const uint8_t b = in.peek("a heap type");
  if (b == 0x65) {  // shared
    in.u8("a heap type");
    const uint8_t ty = in.u8("a heap type");
    if (!is_abstract_heap_type(ty)) fail_unsupported(at + 1, "shared heap type", ty);
    return;
  }
  if (is_abstract_heap_type(b)) {
    in.u8("a heap type");
    return;
  }
  const int64_t index = in.s33("a heap type");
  if (index < 0) fail_unsupported(at, "heap type", b);
}

void skip_storage_type(Cursor& in) {
  const uint8_t b = in.peek("a field type");
  if (b == 0x78 || b == 0x77) {  // i8, i16: packed, struct and array fields only
    in.u8("a field type");
    return;
  }
  skip_core_valtype(in);
}

void skip_field_type(Cursor& in) {
  skip_storage_type(in);
  const uint64_t at = in.offset();
  const uint8_t mutability = in.u8("a field's mutability");
  if (mutability > 1) fail_malformed(at, fmt::format("field mutability 0x{:02x} is neither 0 nor 1", mutability));
}

void skip_composite_type(Cursor& in, uint8_t opcode, uint64_t at) {
  if (opcode == 0x65) {  // shared
    at = in.offset();
    opcode = in.u8("a composite type");
  }
  switch (opcode) {
    case 0x60: {  // func
      for (uint32_t n = in.count("core function parameter"); n > 0; --n) skip_core_valtype(in);
      for (uint32_t n = in.count("core function result"); n > 0; --n) skip_core_valtype(in);
      return;
    }
    case 0x5f:  // struct
      for (uint32_t n = in.count("struct field", 2); n > 0; --n) skip_field_type(in);
      return;
    case 0x5e:  // array
      skip_field_type(in);
      return;
    default: fail_unsupported(at, "core composite type", opcode);
  }
}

void skip_sub_type(Cursor& in) {
  const uint64_t at = in.offset();
  const uint8_t opcode = in.u8("a core type");
  if (opcode == 0x50 || opcode == 0x4f) {  // sub, sub final
    for (uint32_t n = in.count("supertype"); n > 0; --n) in.u32("a supertype index");
    const uint64_t inner_at = in.offset();
    skip_composite_type(in, in.u8("a composite type"), inner_at);
    return;
  }
  skip_composite_type(in, opcode, at);
}

// A rec group (or one sub type, an implicit group of one); returns how
// many types it defines.
uint32_t skip_rec_group(Cursor& in) {
  if (in.peek("a core type") != 0x4e) {
    skip_sub_type(in);
    return 1;
  }
  in.u8("a core type");
  const uint32_t n = in.count("rec group type");
  for (uint32_t i = 0; i < n; ++i) skip_sub_type(in);
  return n;
}

void skip_limits(Cursor& in, uint8_t allowed_flags) {
  const uint64_t at = in.offset();
  const uint8_t flags = in.u8("limits");
  if (flags & ~allowed_flags) fail_malformed(at, fmt::format("invalid limits flags 0x{:02x}", flags));
  in.u64("a minimum");  // u32 unless 64-bit; a u64 reader reads both
  if (flags & 0x01) in.u64("a maximum");
  if (flags & 0x08) in.u32("a page size");
}

// A core import's or export's type: func, table, memory, global or tag.
void skip_core_extern_type(Cursor& in) {
  const uint64_t at = in.offset();
  const uint8_t kind = in.u8("a core extern type");
  switch (kind) {
    case 0x00: in.u32("a core type index"); return;  // func
    case 0x01:                                       // table
      skip_core_valtype(in);
      skip_limits(in, 0x07);
      return;
    case 0x02: skip_limits(in, 0x0f); return;  // memory
    case 0x03: {                               // global
      skip_core_valtype(in);
      const uint64_t flags_at = in.offset();
      const uint8_t flags = in.u8("a global's mutability");
      if (flags > 3) fail_malformed(flags_at, fmt::format("invalid global flags 0x{:02x}", flags));
      return;
    }
    case 0x04: {  // tag
      const uint64_t attr_at = in.offset();
      const uint8_t attribute = in.u8("a tag attribute");
      if (attribute != 0) fail_malformed(attr_at, fmt::format("invalid tag attribute 0x{:02x}", attribute));
      in.u32("a core type index");
      return;
    }
    default: fail_unsupported(at, "core extern kind", kind);
  }
}

void skip_module_type(Cursor& in) {
  const uint32_t n = in.count("module type declaration");
  for (uint32_t i = 0; i < n; ++i) {
    const uint64_t at = in.offset();
    const uint8_t tag = in.u8("a module type declaration");
    switch (tag) {
      case 0x00:  // import
        in.name("a core import's module name");
        in.name("a core import's name");
        skip_core_extern_type(in);
        break;
      case 0x01: skip_rec_group(in); break;  // type
      case 0x02: {                           // alias outer (type)
        const uint64_t sort_at = in.offset();
        const uint8_t sort = in.u8("an outer alias");
        if (sort != 0x10) fail_unsupported(sort_at, "core outer alias sort", sort);
        const uint64_t target_at = in.offset();
        const uint8_t target = in.u8("an outer alias");
        if (target != 0x01) fail_unsupported(target_at, "core alias target", target);
        in.u32("an outer alias count");
        in.u32("an outer alias index");
        break;
      }
      case 0x03:  // export
        in.name("a core export name");
        skip_core_extern_type(in);
        break;
      default: fail_unsupported(at, "module type declaration", tag);
    }
  }
}

}  // namespace

void skip_core_valtype(Cursor& in) {
  const uint64_t at = in.offset();
  const uint8_t b = in.u8("a core value type");
  if (b >= 0x7b && b <= 0x7f) return;  // i32, i64, f32, f64, v128
  if (b == 0x63 || b == 0x64) return skip_heap_type(in);  // ref null ht, ref ht
  if (is_abstract_heap_type(b)) return;                   // shorthand for ref null <abstract>
  if (b == 0x65) {                                        // shared shorthand
    const uint8_t ty = in.u8("a core value type");
    if (is_abstract_heap_type(ty)) return;
    fail_unsupported(at + 1, "shared reference type", ty);
  }
  fail_unsupported(at, "core value type", b);
}

uint32_t skip_core_type(Cursor& in) {
  const uint8_t b = in.peek("a core type");
  if (b == 0x50) {  // a module type (at this level, 0x50 is not a sub type)
    in.u8("a core type");
    skip_module_type(in);
    return 1;
  }
  if (b == 0x00) {  // 0x00 0x50: a non-final sub type, escaped
    const uint64_t at = in.offset();
    in.u8("a core type");
    const uint8_t next = in.peek("a core type");
    if (next != 0x50) fail_unsupported(at + 1, "core sub type", next);
    skip_sub_type(in);
    return 1;
  }
  return skip_rec_group(in);
}

uint8_t read_core_export_sort(Cursor& in) {
  const uint64_t at = in.offset();
  const uint8_t sort = in.u8("a core sort");
  if (sort > 0x04) fail_unsupported(at, "core sort", sort);
  return sort;
}

}  // namespace astrid
