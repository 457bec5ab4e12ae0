// Decoding a WebAssembly component (the component-model binary, preamble
// 00 61 73 6d 0d 00 01 00) into what astrid-abi checks: see component.h.
// No Debian library reads components (wabt reads core modules only), so
// this decoder is astrid-abi's own, written from the component model's
// Binary.md and checked against what wasm-tools emits.
//
// The input is hostile until proven otherwise. Every count and size is
// checked against the bytes there are before anything is allocated for
// it; nothing recurses without a bound; types are kept as references into
// one graph, never expanded. The limits, each refused with an InputError
// at the offending offset:
//   * non-module sections: 64 MiB in all (the core reader's cap for a
//     module's interface); core modules are only located here, and read
//     by read_core_modules: together they may hold what one module may
//     (64 MiB of interface sections, 1,000,000 imports, exports, types
//     and functions);
//   * at most 100,000 custom sections (as for core modules);
//   * components nested at most 16 deep (wit-component nests none;
//     composition tools a level or two);
//   * value types at most kMaxTypeDepth (100) deep, and instance and
//     component types nested at most as deep: wasmparser's own limit, so
//     nothing wasmtime loads is refused;
//   * at most 1,000,000 type nodes, 2,000,000 decoded items in all (index
//     space entries, declarations, parameters, fields, and their copies
//     in the result) and 64 MiB of names: memory and time stay bounded
//     even when one large type is imported many times;
//   * names of at most 100,000 bytes (wasmparser's limit), valid UTF-8.
// An opcode this build does not know is refused ("uses an encoding this
// build cannot decode"), never guessed at.
#pragma once

#include <variant>

#include "support/expected.h"
#include "wasm/byte_source.h"
#include "support/input_error.h"
#include "wasm/component.h"
#include "wasm/limits.h"
#include "wasm/module.h"

namespace astrid {

Expected<Component> read_component(ByteSource& source);

// The component's core modules (component.core_modules, in order), each
// read by the core module reader, together held to `budget` (by default
// what one module may hold: see CoreModuleTotals). A module that does not
// read makes the component malformed: the error names the module's offset.
Expected<std::vector<Module>> read_core_modules(ByteSource& source, const Component& component,
                                                CoreModuleBudget budget = {});

// Whether the source begins with a component's preamble (\0asm, version
// 0x0d, layer 1), not a core module's.
bool is_component(ByteSource& source);

}  // namespace astrid
