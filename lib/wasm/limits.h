// Every limit the module and component readers hold input to, in one place.
//
// The first group is wasmparser's, the parser of the wasmtime inside every
// Astrid kernel: taken from wasm-tools' crates/wasmparser/src/limits.rs as of
// wasmparser 0.257.1 (wasm-tools 1.257.1, commit a7ef4778a98e, August 2026;
// the file last changed in 4b88b9d34bed), with the constant's name there in
// each comment. A module or component within them is one the kernel's
// loader accepts as far as counts go, so the readers never refuse one as
// malformed for its size (wasm-tools#1682 raised imports and exports from
// 100,000 to 1,000,000 in 2024).
//
// The second group is astrid-abi's own: bounds on what it holds in memory
// that no engine has, refused with their own wording (never "malformed").
#pragma once

#include <cstddef>
#include <cstdint>

namespace astrid {

// wasmparser's limits.
inline constexpr uint32_t kMaxWasmTypes = 1000000;           // MAX_WASM_TYPES
inline constexpr uint32_t kMaxWasmSupertypes = 1;            // MAX_WASM_SUPERTYPES
inline constexpr uint32_t kMaxWasmFunctions = 1000000;       // MAX_WASM_FUNCTIONS
inline constexpr uint32_t kMaxWasmImports = 1000000;         // MAX_WASM_IMPORTS
inline constexpr uint32_t kMaxWasmExports = 1000000;         // MAX_WASM_EXPORTS
inline constexpr uint32_t kMaxWasmGlobals = 1000000;         // MAX_WASM_GLOBALS
inline constexpr uint32_t kMaxWasmTables = 100;              // MAX_WASM_TABLES
inline constexpr uint32_t kMaxWasmMemories = 100;            // MAX_WASM_MEMORIES
inline constexpr uint32_t kMaxWasmTags = 1000000;            // MAX_WASM_TAGS
inline constexpr uint32_t kMaxWasmFunctionParams = 1000;     // MAX_WASM_FUNCTION_PARAMS
inline constexpr uint32_t kMaxWasmFunctionReturns = 1000;    // MAX_WASM_FUNCTION_RETURNS (a component's start
                                                             // function's results too, as start.rs reads them)
inline constexpr uint32_t kMaxWasmStructFields = 10000;      // MAX_WASM_STRUCT_FIELDS
inline constexpr size_t kMaxNameLength = 100000;             // MAX_WASM_STRING_SIZE, in bytes
inline constexpr uint32_t kMaxTypeDepth = 100;               // MAX_WASM_COMPONENT_TYPE_DEPTH (WIT's too)

// astrid-abi's own.

// Bytes of interface sections held for one core module (real capsules
// need a few kilobytes).
inline constexpr uint64_t kMaxInterfaceBytes = 64ull << 20;
// Real modules carry a handful of custom sections (name, producers, debug
// info); a file of millions of empty ones is an attack on the walk's time.
inline constexpr uint64_t kMaxCustomSections = 100000;

// What a component's core modules hold together, counted as they are read:
// the items the reader keeps (types, functions, imports, exports) and the
// interface bytes it reads. Each is bounded for one module above; without
// a total, a component of many modules at those bounds would hold their
// sum (100 modules of 100,000 imports took 1.16 GB).
struct CoreModuleTotals {
  uint64_t interface_bytes = 0;
  uint64_t types = 0, functions = 0, imports = 0, exports = 0;
};

// A component's core modules together hold at most what one module may.
inline constexpr CoreModuleTotals kMaxComponentCoreTotals = {kMaxInterfaceBytes, kMaxWasmTypes, kMaxWasmFunctions,
                                                             kMaxWasmImports, kMaxWasmExports};

// The totals of the modules read so far against their maximum, shared by
// the reads of one component's core modules. (The fuzz targets shrink the
// maximum to reach it with small inputs.)
struct CoreModuleBudget {
  CoreModuleTotals max = kMaxComponentCoreTotals;
  CoreModuleTotals used;
};

}  // namespace astrid
