#include "check/finding.h"

#include <fmt/args.h>
#include <fmt/format.h>

#include <algorithm>
#include <bit>

#include "abi/kernel_releases.h"
#include "check/rules.h"

namespace astrid {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "?";
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (Severity s : {Severity::Note, Severity::Warning, Severity::Error})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

std::string_view Finding::arg(std::string_view arg_name) const {
  for (const MessageArg& a : args)
    if (arg_name == a.name) return a.value;
  return {};
}

std::string describe_releases(ReleaseSet set) {
  // Runs of consecutive releases: three or more read as a range.
  std::vector<std::string> parts;
  const auto all = kernel_releases();
  const size_t count = all.size();
  auto release_name = [&](size_t i) { return all[i].name; };
  for (size_t i = 0; i < count;) {
    if (!(set >> i & 1)) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end + 1 < count && (set >> (end + 1) & 1)) ++end;
    if (end >= i + 2) {
      parts.push_back(fmt::format("{} – {}", release_name(i), release_name(end)));
    } else {
      for (size_t k = i; k <= end; ++k) parts.emplace_back(release_name(k));
    }
    i = end + 1;
  }
  const bool one = std::popcount(set) == 1;
  std::string out = one ? "kernel " : "kernels ";
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k) out += k + 1 == parts.size() ? " and " : ", ";
    out += parts[k];
  }
  return out;
}

std::string message(const Finding& f) {
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (const MessageArg& a : f.args) store.push_back(fmt::arg(a.name, a.value));
  store.push_back(fmt::arg("kernels", describe_releases(f.releases)));
  store.push_back(fmt::arg("s", std::popcount(f.releases) == 1 ? "s" : ""));
  return fmt::vformat(f.pattern, store);
}

std::string to_text(const Signature& signature) {
  if (const auto* sig = std::get_if<FuncSig>(&signature)) return format_arrow(*sig);
  return std::get<std::string>(signature);
}

size_t count_findings(const std::vector<Finding>& findings, Severity severity) {
  return static_cast<size_t>(
      std::count_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.severity == severity; }));
}

std::string fingerprint(const std::string& artifact, const Finding& f) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (std::string_view part : {std::string_view(artifact), f.rule->id, std::string_view(f.module),
                                std::string_view(f.name), f.name.empty() ? f.pattern : std::string_view()}) {
    for (unsigned char c : part) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

}  // namespace astrid
