#include "support/expected.h"
#include "wasm/sections.h"

#include <fmt/format.h>

#include <array>

#include "wasm/cursor.h"

namespace astrid {
namespace {

constexpr uint8_t kMaxSectionId = kTagSection;

// Position of each known section id in the order the specification fixes;
// the tag section sits between memory and global.
constexpr std::array<int, kMaxSectionId + 1> kOrder = {
    0,   // custom: anywhere
    1,   // type
    2,   // import
    3,   // function
    4,   // table
    5,   // memory
    7,   // global
    8,   // export
    9,   // start
    10,  // elem
    12,  // code
    13,  // data
    11,  // datacount
    6,   // tag
};

// A custom section starts with its name, which must fit in it and be
// UTF-8 like every name; the rest is its owner's business.
}  // namespace

std::string_view section_name(uint8_t id) {
  static constexpr std::array<std::string_view, kMaxSectionId + 1> kNames = {
      "custom", "type",  "import", "function", "table", "memory",    "global",
      "export", "start", "elem",   "code",     "data",  "datacount", "tag"};
  if (id > kMaxSectionId) return "unknown";
  return kNames[id];
}

bool is_interface_section(uint8_t id) { return id != kCustomSection && id <= kMaxSectionId && kOrder[id] <= kOrder[7]; }

Expected<std::vector<Section>> walk_sections(ByteSource& source) {
  std::vector<Section> sections;
  const uint64_t size = source.size();
  uint64_t offset = 8;
  int last_order = 0;
  uint8_t last_id = 0;
  uint64_t custom_sections = 0;
  try {
    while (offset < size) {
      const Section section = read_section_header(source, offset, size, kMaxSectionId, section_name, "module");
      const uint8_t id = section.id;
      if (id == kCustomSection) {
        if (++custom_sections > kMaxCustomSections)
          return InputError{offset, fmt::format("more than {} custom sections", kMaxCustomSections)};
        // An object file (clang -c) carries its relocations in "linking"
        // and "reloc.*" sections, which wasm-ld consumes: not a capsule yet.
        if (custom_section_name(source, section, 7, "module").name == "linking")
          return InputError{offset, "an unlinked object file (it has the 'linking' section clang -c writes): link "
                                    "it with wasm-ld first"};
      } else {
        if (kOrder[id] == last_order)
          return InputError{offset, fmt::format("malformed module: duplicate {} section", section_name(id))};
        if (kOrder[id] < last_order)
          return InputError{offset, fmt::format("malformed module: {} section after the {} section: out of order",
                                                section_name(id), section_name(last_id))};
        last_order = kOrder[id];
        last_id = id;
        sections.push_back(section);
      }
      offset = section.end();
    }
  } catch (const DecodeError& e) {
    return e.error;
  }
  return sections;
}

}  // namespace astrid
