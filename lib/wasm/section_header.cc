#include "wasm/section_header.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "support/utf8.h"
#include "wasm/cursor.h"

namespace astrid {

std::string_view component_section_name(uint8_t id) {
  static constexpr std::array<std::string_view, 13> kNames = {
      "custom", "core module", "core instance", "core type", "component", "instance", "alias",
      "type",   "canon",       "start",         "import",    "export",    "value"};
  return id < kNames.size() ? kNames[id] : "unknown";
}

SectionHeader read_section_header(ByteSource& source, uint64_t at, uint64_t end, uint8_t max_id,
                                  std::string_view (*name_of)(uint8_t), std::string_view format) {
  auto malformed = [&](uint64_t where, const std::string& message) {
    fail(where, fmt::format("malformed {}: {}", format, message));
  };
  // One id byte and a size of at most five LEB128 bytes.
  uint8_t bytes[6];
  const size_t available = static_cast<size_t>(std::min<uint64_t>(sizeof bytes, end - at));
  if (!source.read(at, available, bytes))
    fail(at, "could not read the section header (did the file change while being read?)");
  SectionHeader header;
  header.id = bytes[0];
  header.offset = at;
  if (header.id > max_id) malformed(at, fmt::format("unknown section id {}", header.id));
  // The cursor's own words: the file ends inside the size, or the size is
  // too long or too large an integer.
  Cursor in(bytes + 1, available - 1, at + 1, name_of(header.id), format);
  header.size = in.u32(fmt::format("the size of the {} section", name_of(header.id)));
  header.content = in.offset();
  if (header.size > end - header.content)
    malformed(at, fmt::format("the {} section needs {} bytes but only {} are left: truncated", name_of(header.id),
                              header.size, end - header.content));
  return header;
}

CustomSectionName custom_section_name(ByteSource& source, const SectionHeader& section, size_t max_length,
                                      std::string_view format) {
  uint8_t head[5];
  const size_t n = static_cast<size_t>(std::min<uint64_t>(sizeof head, section.size));
  if (!source.read(section.content, n, head))
    fail(section.content, "could not read the custom section (did the file change while being read?)");
  Cursor in(head, n, section.content, "custom", format);
  const uint64_t length = in.u32("the custom section's name");
  const uint64_t after_length = in.offset();
  if (length > section.end() - after_length)
    in.malformed(section.content, fmt::format("length out of bounds: the custom section's name of {} bytes is longer "
                                              "than the section",
                                              length));
  CustomSectionName result;
  result.payload = after_length + length;
  // Like every name, no longer than engines accept (a 4 GiB name of a 4
  // GiB sparse file is not read), and UTF-8.
  if (length > kMaxNameLength)
    fail(section.content, fmt::format("the custom section's name of {} bytes is longer than the {} bytes a name may "
                                      "have",
                                      length, kMaxNameLength));
  std::string name(static_cast<size_t>(length), '\0');
  if (!source.read(after_length, name.size(), reinterpret_cast<uint8_t*>(name.data())))
    fail(after_length, "could not read the custom section (did the file change while being read?)");
  if (!is_utf8(name)) in.malformed(after_length, "malformed UTF-8 encoding in the custom section's name");
  if (length <= max_length) result.name = std::move(name);
  return result;
}

}  // namespace astrid
