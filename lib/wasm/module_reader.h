// Reading a capsule: classify the preamble, walk the section headers, and
// decode only the interface sections with wabt's binary reader.
#pragma once

#include <string>
#include <variant>

#include "support/expected.h"
#include "wasm/byte_source.h"
#include "support/input_error.h"
#include "wasm/limits.h"
#include "wasm/module.h"

namespace astrid {

// Reads one module, held to the limits of wasm/limits.h. With a budget (the
// reads of one component's core modules share one), the module's counts
// are also held to what the budget has left, and added to it once read.
Expected<Module> read_module(ByteSource& source, CoreModuleBudget* budget = nullptr);

// Opens and reads a file; errors carry no file name (the caller adds it).
Expected<Module> read_module_file(const std::string& path);

}  // namespace astrid
