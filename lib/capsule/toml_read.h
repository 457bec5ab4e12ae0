// What both manifest readers (capsule/manifest.cc for the Extism era,
// capsule/component_manifest.cc for the component era) need of a TOML
// node: where it is, and its table, or a failure at it.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "capsule/manifest.h"
#include "capsule/toml_parser.h"

namespace astrid {

inline TextPosition position_of(const toml::source_region& region) {
  return {static_cast<uint32_t>(region.begin.line), static_cast<uint32_t>(region.begin.column)};
}

[[noreturn]] inline void fail(const toml::node& node, std::string message) {
  toml_fail(node.source(), std::move(message));
}

inline const toml::table& expect_table(const toml::node& node, std::string_view key) {
  if (!node.is_table()) fail(node, fmt::format("'{}' must be a table, not {}", key, toml_type_name(node)));
  return *node.as_table();
}

}  // namespace astrid
