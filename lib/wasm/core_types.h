// The core WebAssembly types a component may declare (core func, struct
// and array types in rec groups, and module types), read only far enough
// to step over them and count the core type indices they define: nothing
// astrid-abi checks depends on their contents.
#pragma once

#include <cstdint>

#include "wasm/cursor.h"

namespace astrid {

// One `core:type` (a core type section entry or a core type declaration
// inside an instance or component type); returns how many core type
// indices it defines (a rec group of n types defines n).
uint32_t skip_core_type(Cursor& in);

// A core value type (i32, ..., a reference type).
void skip_core_valtype(Cursor& in);

// The sort byte of a core instance export or alias: func, table, memory,
// global or tag (0x00 – 0x04); returns it.
uint8_t read_core_export_sort(Cursor& in);

}  // namespace astrid
