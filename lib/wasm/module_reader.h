// Reading a capsule: classify the preamble, walk the section headers, and
// decode only the interface sections with wabt's binary reader.
#pragma once

#include <string>
#include <variant>

#include "support/expected.h"
#include "wasm/byte_source.h"
#include "support/input_error.h"
#include "wasm/module.h"

namespace astrid {

// The most bytes of interface sections astrid-abi will hold for one module.
// Real capsules need a few kilobytes; the cap keeps hostile input bounded.
inline constexpr uint64_t kMaxInterfaceBytes = 64ull << 20;

Expected<Module> read_module(ByteSource& source);

// Opens and reads a file; errors carry no file name (the caller adds it).
Expected<Module> read_module_file(const std::string& path);

}  // namespace astrid
