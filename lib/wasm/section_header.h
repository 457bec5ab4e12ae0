// A section's header (its id and size) read from a source, for walking a
// component's sections, or a core module's, without reading what is in
// them. Errors are thrown as DecodeError (see cursor.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "wasm/byte_source.h"

namespace astrid {

struct SectionHeader {
  uint8_t id = 0;
  uint64_t offset = 0;   // of the id byte
  uint64_t content = 0;  // after the size
  uint64_t size = 0;     // of the contents
  uint64_t end() const { return content + size; }
};

// The name of a component section id ("core module", "import"), or
// "unknown".
std::string_view component_section_name(uint8_t id);

// The header at `at`, whose section must end by `end`; `name_of` names
// section ids in messages, and `format` the bytes ("malformed module: ...").
// An id above `max_id` is an error.
SectionHeader read_section_header(ByteSource& source, uint64_t at, uint64_t end, uint8_t max_id,
                                  std::string_view (*name_of)(uint8_t), std::string_view format);

// The name a custom section starts with, when that name is no longer than
// `max_length` bytes (only short names are of interest; a longer one is
// returned empty), and where the section's payload starts after it. A name
// longer than its section, or not UTF-8 (names always are), is an error.
struct CustomSectionName {
  std::string name;
  uint64_t payload = 0;
};
CustomSectionName custom_section_name(ByteSource& source, const SectionHeader& section, size_t max_length,
                                      std::string_view format);

}  // namespace astrid
