#include "check/inline_ignore.h"

#include <algorithm>

namespace astrid {
namespace {

constexpr std::string_view kMarker = "astrid-abi: ignore[";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<InlineIgnore> find_inline_ignores(std::string_view text) {
  std::vector<InlineIgnore> out;
  uint32_t line = 1;
  for (size_t start = 0; start <= text.size(); ++line) {
    const size_t nl = text.find('\n', start);
    const std::string_view l = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    start = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    const size_t hash = l.find('#');
    if (hash == std::string_view::npos) continue;
    const std::string_view comment = trim(l.substr(hash + 1));
    if (!comment.starts_with(kMarker)) continue;
    const size_t close = comment.find(']');
    if (close == std::string_view::npos) continue;
    const bool own_line = trim(l.substr(0, hash)).empty();
    InlineIgnore ignore{own_line ? line + 1 : line, {}, std::string(trim(comment.substr(close + 1)))};
    if (ignore.reason.empty()) continue;  // a reason is required
    std::string_view ids = comment.substr(kMarker.size(), close - kMarker.size());
    while (!ids.empty()) {
      const size_t comma = ids.find(',');
      const std::string_view id = trim(ids.substr(0, comma));
      if (!id.empty()) ignore.rules.emplace_back(id);
      ids = comma == std::string_view::npos ? std::string_view() : ids.substr(comma + 1);
    }
    if (!ignore.rules.empty()) out.push_back(std::move(ignore));
  }
  return out;
}

const InlineIgnore* covering_ignore(const std::vector<InlineIgnore>& ignores, std::string_view rule, uint32_t line) {
  for (const InlineIgnore& i : ignores)
    if (i.line == line && std::find(i.rules.begin(), i.rules.end(), rule) != i.rules.end())
      return &i;
  return nullptr;
}

}  // namespace astrid
