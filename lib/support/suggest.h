// "Did you mean": the nearest known name to a misspelt one.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace astrid {

// Optimal-string-alignment distance: insertions, deletions, substitutions
// and swaps of two adjacent characters each cost one.
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to name, if it is near enough to be a likely typo
// (at most one edit per eight characters, and at least two allowed), or the
// candidate that is name with a missing "astrid_" prefix restored.
std::optional<std::string_view> closest_name(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace astrid
