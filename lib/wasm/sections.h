// Walking a core module's section headers without reading their contents:
// how astrid-abi finds the few sections it needs in a module of any size.
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include "support/expected.h"
#include "wasm/byte_source.h"
#include "wasm/limits.h"
#include "wasm/section_header.h"
#include "support/input_error.h"

namespace astrid {

// A core module's sections are framed as a component's are.
using Section = SectionHeader;

inline constexpr uint8_t kCustomSection = 0;
inline constexpr uint8_t kFunctionSection = 3;
inline constexpr uint8_t kStartSection = 8;
inline constexpr uint8_t kCodeSection = 10;
inline constexpr uint8_t kDataCountSection = 12;
inline constexpr uint8_t kTagSection = 13;

std::string_view section_name(uint8_t id);

// The known sections after the 8-byte preamble, in file order. Checks that
// every header is well formed (custom sections' too), that every section
// fits in the file, and that the known sections come once each and in the
// order the specification fixes: the framing of the whole file, for the
// cost of one read per section. Custom sections are walked but not kept,
// so the list holds at most one entry per known id however many custom
// sections a file has.
Expected<std::vector<Section>> walk_sections(ByteSource& source);

// True for the sections that sit before the start section and describe the
// module's interface (types, imports, functions, tables, memories, tags,
// globals, exports): everything the checks read.
bool is_interface_section(uint8_t id);

}  // namespace astrid
