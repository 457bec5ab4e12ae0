#include "wasm/sections.h"

#include <fmt/format.h>
#include <wabt/leb128.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "wasm/cursor.h"
#include "support/utf8.h"

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
std::optional<InputError> check_custom_name(ByteSource& source, const Section& section) {
  uint8_t head[5] = {};
  const size_t n = static_cast<size_t>(std::min<uint64_t>(sizeof head, section.size));
  if (!source.read(section.content_offset, n, head))
    return InputError{section.offset, "could not read the section (did the file change while being read?)"};
  try {
    Cursor c(head, n, section.content_offset, "custom", "module");
    const uint32_t length = c.u32("a custom section's name length");
    const uint64_t name_at = c.offset();
    if (length > section.end() - name_at)
      return InputError{section.content_offset,
                        fmt::format("malformed module: length out of bounds: a custom section's name is {} bytes "
                                    "long, but the section has {} left",
                                    length, section.end() - name_at)};
    std::string name(length, '\0');
    if (!source.read(name_at, length, reinterpret_cast<uint8_t*>(name.data())))
      return InputError{section.offset, "could not read the section (did the file change while being read?)"};
    if (!is_utf8(name)) return InputError{name_at, "malformed module: malformed UTF-8 encoding in a custom section's name"};
  } catch (const DecodeError& e) {
    return e.error;
  }
  return std::nullopt;
}

}  // namespace

std::string_view section_name(uint8_t id) {
  static constexpr std::array<std::string_view, kMaxSectionId + 1> kNames = {
      "custom", "type",  "import", "function", "table", "memory",    "global",
      "export", "start", "elem",   "code",     "data",  "datacount", "tag"};
  if (id > kMaxSectionId) return "unknown";
  return kNames[id];
}

bool is_interface_section(uint8_t id) { return id != kCustomSection && id <= kMaxSectionId && kOrder[id] <= kOrder[7]; }

std::variant<std::vector<Section>, InputError> walk_sections(ByteSource& source) {
  std::vector<Section> sections;
  const uint64_t size = source.size();
  uint64_t offset = 8;
  int last_order = 0;
  uint8_t last_id = 0;
  uint64_t custom_sections = 0;
  while (offset < size) {
    // One id byte and a size of at most five LEB128 bytes.
    uint8_t header[6];
    const size_t available = static_cast<size_t>(std::min<uint64_t>(sizeof header, size - offset));
    if (!source.read(offset, available, header))
      return InputError{offset, "could not read the section header (did the file change while being read?)"};
    const uint8_t id = header[0];
    if (id > kMaxSectionId) return InputError{offset, fmt::format("unknown section id {}", id)};
    uint32_t content_size = 0;
    const size_t leb_length = wabt::ReadU32Leb128(header + 1, header + available, &content_size);
    if (leb_length == 0) {
      // Either every size byte there is has its continuation bit set and the
      // file ends, or the value is longer than five bytes.
      const bool cut = available < sizeof header &&
                       std::all_of(header + 1, header + available, [](uint8_t b) { return (b & 0x80) != 0; });
      return InputError{offset + 1, cut ? fmt::format("file ends inside the size of the {} section", section_name(id))
                                        : fmt::format("malformed size of the {} section", section_name(id))};
    }
    Section section{id, offset, offset + 1 + leb_length, content_size};
    if (section.size > size - section.content_offset)
      return InputError{offset, fmt::format("the {} section needs {} bytes but the file has {} left: truncated",
                                            section_name(id), section.size, size - section.content_offset)};
    if (id == kCustomSection) {
      if (++custom_sections > kMaxCustomSections)
        return InputError{offset, fmt::format("more than {} custom sections", kMaxCustomSections)};
      if (auto error = check_custom_name(source, section)) return *error;
    }
    if (id != kCustomSection) {
      if (kOrder[id] == last_order)
        return InputError{offset, fmt::format("duplicate {} section", section_name(id))};
      if (kOrder[id] < last_order)
        return InputError{offset, fmt::format("{} section after the {} section: out of order", section_name(id),
                                              section_name(last_id))};
      last_order = kOrder[id];
      last_id = id;
      sections.push_back(section);
    }
    offset = section.end();
  }
  return sections;
}

}  // namespace astrid
