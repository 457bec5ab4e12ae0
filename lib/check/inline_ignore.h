// Suppressing a manifest finding where it is, as hadolint's inline
// comments do: a TOML comment
//
//   # astrid-abi: ignore[unused-capability] the SDK's dev build uses it
//
// at the end of the finding's line, or on a line of its own above it,
// turns off the rules named in brackets (comma-separated) for findings on
// that line. A reason is required: a comment without one suppresses
// nothing. And, as ruff's RUF100 and ESLint's unused-disable report them,
// a suppression that does nothing is itself a finding (unused-suppression):
// a rule id that names no rule, a missing reason, a rule with no finding
// on the line covered.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "check/finding.h"

namespace astrid {

struct InlineIgnore {
  // The line it covers (from 1): its own when the comment follows a value,
  // the next when the comment has its line to itself.
  uint32_t line = 0;
  // Where the comment's '#' is (from 1).
  uint32_t comment_line = 0;
  uint32_t column = 0;
  std::vector<std::string> rules;
  std::string reason;  // empty: the comment suppresses nothing
};

// Every `# astrid-abi: ignore[...]` comment of a TOML text, with a reason
// or not. A '#' inside a string (basic, literal, or multi-line) is not a
// comment.
std::vector<InlineIgnore> find_inline_ignores(std::string_view text);

// The comment that covers a finding of `rule` on `line` (one with a
// reason), or nullptr.
const InlineIgnore* covering_ignore(const std::vector<InlineIgnore>& ignores, std::string_view rule, uint32_t line);

// Applies the comments to the manifest's findings (those with a line of
// `manifest`): the ones covered are moved to `covered`, each with the
// comment that covers it; returns the unused-suppression findings for the
// comments, or the rules in them, that did nothing.
struct CoveredFinding {
  Finding finding;
  const InlineIgnore* by;
};
std::vector<Finding> apply_inline_ignores(const std::vector<InlineIgnore>& ignores, const std::string& manifest,
                                          std::vector<Finding>& findings, std::vector<CoveredFinding>& covered);

}  // namespace astrid
