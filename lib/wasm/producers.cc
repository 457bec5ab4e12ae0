#include "wasm/producers.h"

#include "wasm/sections.h"
#include "wasm/cursor.h"
#include "wasm/section_header.h"

namespace astrid {

void parse_producers(const uint8_t* data, size_t size, std::vector<Producer>& out) {
  // producers ::= vec(field), field ::= name vec(name version)
  std::vector<Producer> found;
  try {
    Cursor in(data, size, 0, "producers");
    for (uint32_t fields = in.count("producers field", 2); fields > 0; --fields) {
      const std::string_view field = in.name("a producers field name");
      for (uint32_t values = in.count("producers value", 2); values > 0; --values) {
        const std::string_view name = in.name("a producer name");
        const std::string_view version = in.name("a producer version");
        if (out.size() + found.size() < kMaxProducers)
          found.push_back({std::string(field), std::string(name), std::string(version)});
      }
    }
    in.expect_end();
  } catch (const DecodeError&) {
    return;
  }
  out.insert(out.end(), found.begin(), found.end());
}

void read_core_module_producers(ByteSource& source, uint64_t offset, uint64_t size, std::vector<Producer>& out) {
  const uint64_t end = offset + size;
  uint64_t sections = 0;
  try {
    for (uint64_t at = offset + 8; at < end && sections < kMaxCustomSections; ++sections) {
      const SectionHeader header = read_section_header(source, at, end, 0xff, section_name, "module");
      at = header.end();
      if (header.id != kCustomSection) continue;
      const CustomSectionName custom = custom_section_name(source, header, 9, "module");
      if (custom.name != "producers") continue;
      const uint64_t payload_size = header.end() - custom.payload;
      if (payload_size > kMaxProducersSectionBytes) continue;
      std::vector<uint8_t> payload(static_cast<size_t>(payload_size));
      if (payload.empty() || !source.read(custom.payload, payload.size(), payload.data())) continue;
      parse_producers(payload.data(), payload.size(), out);
    }
  } catch (const DecodeError&) {
    // The core module reader reports what is wrong with the module.
  }
}

}  // namespace astrid
