// Semantic versions and version requirements, as the kernel's manifest
// loader reads them (Rust's semver crate): `package.version` must be a
// version, `package.astrid-version` a requirement the kernel's own
// version satisfies (reference section 7.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace astrid {

struct SemVer {
  uint64_t major = 0, minor = 0, patch = 0;
  std::string pre;  // pre-release identifiers, dot-separated; empty for a release
};

// MAJOR.MINOR.PATCH[-pre][+build], without leading zeros in numbers or in
// numeric pre-release identifiers; or why it is not one.
std::variant<SemVer, std::string> parse_semver(std::string_view text);

// A requirement: comparators separated by commas, each `op version`
// (op one of = > >= < <= ~ ^, none meaning ^), where the version may stop
// after the major or minor number or end in a wildcard (`1.*`, `1.2.x`);
// `*` alone matches every release.
struct VersionReq {
  struct Comparator {
    char op = '^';  // '=', '>', 'G' (>=), '<', 'L' (<=), '~', '^', '*'
    uint64_t major = 0;
    std::optional<uint64_t> minor, patch;
    std::string pre;
  };
  std::vector<Comparator> comparators;
};
std::variant<VersionReq, std::string> parse_version_req(std::string_view text);

// Whether a version without a pre-release (a kernel's) satisfies it.
bool matches(const VersionReq& req, const SemVer& version);

}  // namespace astrid
