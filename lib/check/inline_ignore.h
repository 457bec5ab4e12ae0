// Suppressing a manifest finding where it is, as hadolint's inline
// comments do: a TOML comment
//
//   # astrid-abi: ignore[unused-capability] the SDK's dev build uses it
//
// at the end of the finding's line, or on a line of its own above it,
// turns off the rules
// named in brackets (comma-separated) for findings on that line. A reason
// is required: a comment without one suppresses nothing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace astrid {

struct InlineIgnore {
  // The line it covers (from 1): its own when the comment follows a value,
  // the next when the comment has its line to itself.
  uint32_t line = 0;
  std::vector<std::string> rules;
  std::string reason;
};

std::vector<InlineIgnore> find_inline_ignores(std::string_view text);

// The comment that covers a finding of `rule` on `line`, or nullptr.
const InlineIgnore* covering_ignore(const std::vector<InlineIgnore>& ignores, std::string_view rule, uint32_t line);

}  // namespace astrid
