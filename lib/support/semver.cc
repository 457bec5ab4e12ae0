#include "support/semver.h"

#include <fmt/format.h>

#include <charconv>
#include <tuple>

namespace astrid {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A number without a leading zero (0 itself allowed), at most 2^64 - 1.
std::optional<uint64_t> number(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  for (char c : text)
    if (!is_digit(c)) return std::nullopt;
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Dot-separated identifiers of [0-9A-Za-z-], none empty; numeric ones
// without leading zeros (pre-release only).
bool identifiers(std::string_view text, bool numeric_rule) {
  if (text.empty()) return false;
  size_t start = 0;
  while (true) {
    const size_t dot = text.find('.', start);
    const std::string_view id = text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (id.empty()) return false;
    bool all_digits = true;
    for (char c : id) {
      if (!(is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) return false;
      all_digits = all_digits && is_digit(c);
    }
    if (numeric_rule && all_digits && id.size() > 1 && id[0] == '0') return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::variant<VersionReq::Comparator, std::string> comparator(std::string_view text) {
  VersionReq::Comparator c;
  text = trim(text);
  if (text.empty()) return std::string("an empty comparator");
  if (text == "*" || text == "x" || text == "X") {
    c.op = '*';
    return c;
  }
  if (text.starts_with(">=")) c.op = 'G', text.remove_prefix(2);
  else if (text.starts_with("<=")) c.op = 'L', text.remove_prefix(2);
  else if (text[0] == '=' || text[0] == '>' || text[0] == '<' || text[0] == '~' || text[0] == '^') c.op = text[0], text.remove_prefix(1);
  text = trim(text);
  if (const size_t plus = text.find('+'); plus != std::string_view::npos) {
    if (!identifiers(text.substr(plus + 1), false)) return fmt::format("'{}' has an invalid build part", text);
    text = text.substr(0, plus);
  }
  if (const size_t dash = text.find('-'); dash != std::string_view::npos) {
    c.pre = std::string(text.substr(dash + 1));
    if (!identifiers(c.pre, true)) return fmt::format("'{}' has an invalid pre-release part", c.pre);
    text = text.substr(0, dash);
  }
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t dot = text.find('.', start);
    parts.push_back(text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (parts.size() > 3) return fmt::format("'{}' has more than three numbers", text);
  auto wildcard = [](std::string_view p) { return p == "*" || p == "x" || p == "X"; };
  const auto major = number(parts[0]);
  if (!major) return fmt::format("'{}' is not a major version number", parts[0]);
  c.major = *major;
  bool wild = false;
  for (size_t i = 1; i < parts.size(); ++i) {
    if (wildcard(parts[i])) {
      wild = true;
      continue;
    }
    if (wild) return fmt::format("'{}' follows a wildcard", parts[i]);
    const auto n = number(parts[i]);
    if (!n) return fmt::format("'{}' is not a version number", parts[i]);
    (i == 1 ? c.minor : c.patch) = *n;
  }
  if (wild && c.op != '^' && c.op != '=') {
    // `>=1.*` and the like: the semver crate refuses a wildcard after an operator other than =.
    if (c.op != '~') return fmt::format("a wildcard cannot follow '{}'", c.op == 'G' ? ">=" : c.op == 'L' ? "<=" : std::string(1, c.op));
  }
  if (!c.pre.empty() && !c.patch) return "a pre-release needs a full MAJOR.MINOR.PATCH version";
  return c;
}

using Triple = std::tuple<uint64_t, uint64_t, uint64_t>;

bool satisfies(const VersionReq::Comparator& c, const SemVer& v) {
  const Triple ver{v.major, v.minor, v.patch};
  const uint64_t minor = c.minor.value_or(0), patch = c.patch.value_or(0);
  const Triple low{c.major, minor, patch};
  // A comparator with a pre-release only admits pre-releases of its own
  // triple; kernels are releases, so the pre-release of `c` only ever
  // raises or lowers the bound, which the triple alone decides here:
  // `>=0.10.4-rc.1` admits 0.10.4, `<0.10.4-rc.1` does not.
  const bool pre = !c.pre.empty();
  switch (c.op) {
    case '*': return true;
    case '=':
      if (!c.minor) return v.major == c.major;
      if (!c.patch) return v.major == c.major && v.minor == minor;
      return ver == low && !pre;
    case '>':
      if (!c.minor) return v.major > c.major;
      if (!c.patch) return std::pair(v.major, v.minor) > std::pair(c.major, minor);
      return ver > low || (ver == low && pre);
    case 'G':
      return ver >= low;
    case '<':
      return ver < low;
    case 'L':
      if (!c.minor) return v.major <= c.major;
      if (!c.patch) return std::pair(v.major, v.minor) <= std::pair(c.major, minor);
      return ver <= low && !(ver == low && pre);
    case '~':
      if (!c.minor) return v.major == c.major;
      return v.major == c.major && v.minor == minor && ver >= low;
    default:  // '^'
      if (ver < low) return false;
      if (c.major > 0 || !c.minor) return v.major == c.major;
      if (minor > 0 || !c.patch) return v.major == 0 && v.minor == minor;
      return ver == low;
  }
}

}  // namespace

std::variant<SemVer, std::string> parse_semver(std::string_view text) {
  SemVer v;
  std::string_view rest = text;
  if (const size_t plus = rest.find('+'); plus != std::string_view::npos) {
    if (!identifiers(rest.substr(plus + 1), false)) return std::string("the build part after '+' is not dot-separated [0-9A-Za-z-] identifiers");
    rest = rest.substr(0, plus);
  }
  if (const size_t dash = rest.find('-'); dash != std::string_view::npos) {
    v.pre = std::string(rest.substr(dash + 1));
    if (!identifiers(v.pre, true)) return std::string("the pre-release part after '-' is not dot-separated [0-9A-Za-z-] identifiers without leading zeros");
    rest = rest.substr(0, dash);
  }
  const size_t d1 = rest.find('.');
  const size_t d2 = d1 == std::string_view::npos ? d1 : rest.find('.', d1 + 1);
  if (d2 == std::string_view::npos || rest.find('.', d2 + 1) != std::string_view::npos)
    return std::string("not MAJOR.MINOR.PATCH");
  const auto major = number(rest.substr(0, d1)), minor = number(rest.substr(d1 + 1, d2 - d1 - 1)),
             patch = number(rest.substr(d2 + 1));
  if (!major || !minor || !patch) return std::string("MAJOR, MINOR and PATCH must be numbers without leading zeros");
  v.major = *major, v.minor = *minor, v.patch = *patch;
  return v;
}

std::variant<VersionReq, std::string> parse_version_req(std::string_view text) {
  VersionReq req;
  if (trim(text).empty()) return std::string("an empty requirement");
  for (size_t start = 0;;) {
    const size_t comma = text.find(',', start);
    auto c = comparator(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (auto* error = std::get_if<std::string>(&c)) return *error;
    req.comparators.push_back(std::get<VersionReq::Comparator>(c));
    if (req.comparators.size() > 32) return std::string("more than 32 comparators");
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return req;
}

bool matches(const VersionReq& req, const SemVer& version) {
  for (const auto& c : req.comparators)
    if (!satisfies(c, version)) return false;
  return true;
}

}  // namespace astrid
