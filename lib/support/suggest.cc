#include "support/suggest.h"

#include <algorithm>

namespace astrid {

size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows suffice for adjacent swaps. Names are short; this is only
  // run for imports that are already wrong.
  std::vector<size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], before[j - 2] + 1);
    }
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::optional<std::string_view> closest_name(std::string_view name, const std::vector<std::string_view>& candidates) {
  constexpr std::string_view kPrefix = "astrid_";
  std::optional<std::string_view> best;
  size_t best_distance = std::max<size_t>(2, name.size() / 8) + 1;
  for (std::string_view candidate : candidates) {
    if (candidate.size() == kPrefix.size() + name.size() && candidate.starts_with(kPrefix) &&
        candidate.ends_with(name))
      return candidate;
    // Names of very different lengths cannot be near; skip the work.
    const size_t gap = candidate.size() > name.size() ? candidate.size() - name.size() : name.size() - candidate.size();
    if (gap >= best_distance) continue;
    const size_t d = edit_distance(name, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

}  // namespace astrid
