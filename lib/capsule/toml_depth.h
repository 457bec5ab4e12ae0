// How deeply a TOML document nests, measured before it is parsed.
//
// toml++ recurses once per level of the table tree it builds (for one,
// parser::update_region_ends walks it recursively), and its own nesting
// limit covers arrays and inline tables only: a dotted key or a table
// header of 150,000 parts (300 KB) overflows the stack. So every TOML text
// astrid-abi reads (manifests, configurations) is first scanned here, and
// refused when any value sits deeper than kMaxTomlDepth levels, counting
// table headers, dotted keys, inline tables and arrays alike.
#pragma once

#include <optional>
#include <string_view>

#include "support/input_error.h"

namespace astrid {

// Real manifests nest four or five levels; this is far beyond any of them
// and far below what overflows a thread's stack.
inline constexpr unsigned kMaxTomlDepth = 128;

// The place where the text first goes deeper than kMaxTomlDepth, as an
// InputError with its line and column; nullopt when it never does. The
// scan needs no valid TOML: it follows strings, comments, keys and
// brackets, and leaves every other judgement to the parser.
std::optional<InputError> check_toml_depth(std::string_view text);

}  // namespace astrid
