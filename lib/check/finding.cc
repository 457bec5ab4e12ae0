#include "check/finding.h"

#include <fmt/args.h>
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <map>

#include "abi/kernel_releases.h"
#include "capsule/blake3.h"
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

std::string identity_hash(const std::string& artifact, const Finding& f) {
  // Each part length-prefixed, so that no two sequences of parts hash the
  // same bytes ("ab"+"c" against "a"+"bc").
  Blake3 hash;
  auto part = [&](std::string_view text) {
    const uint64_t size = text.size();
    uint8_t prefix[8];
    for (int i = 0; i < 8; ++i) prefix[i] = static_cast<uint8_t>(size >> (8 * i));
    hash.update(std::span<const uint8_t>(prefix, sizeof prefix));
    hash.update(text);
  };
  part("astrid-abi finding 2");
  part(f.rule->id);
  part(artifact);
  part(f.module);
  part(f.name);
  for (const MessageArg& a : f.args) {
    if (a.role != ArgRole::Identity) continue;
    part(a.name);
    part(a.value);
  }
  part(f.expected ? to_text(*f.expected) : std::string());
  part(f.actual ? to_text(*f.actual) : std::string());
  // By name: a release added to the tool later does not renumber them.
  const auto all = kernel_releases();
  for (size_t i = 0; i < all.size() && i < 32; ++i)
    if (f.releases >> i & 1) part(all[i].name);
  const Blake3Hash digest = hash.finalize();
  return to_hex(std::span<const uint8_t>(digest.data(), 16));
}

void assign_fingerprints(const std::vector<std::pair<std::string, Finding*>>& findings) {
  std::map<std::string, unsigned> seen;
  for (const auto& [artifact, f] : findings) {
    std::string id = identity_hash(artifact, *f);
    const unsigned n = ++seen[id];
    f->fingerprint = n == 1 ? std::move(id) : fmt::format("{}:{}", id, n);
  }
}

}  // namespace astrid
