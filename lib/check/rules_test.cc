#include "check/rules.h"

#include <fmt/format.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "catch.h"

using namespace astrid;

namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("rule ids are unique kebab-case and every rule is documented") {
  std::set<std::string_view> ids;
  for (const Rule& r : rules()) {
    INFO(r.id);
    CHECK(ids.insert(r.id).second);
    CHECK(r.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") == std::string_view::npos);
    CHECK_FALSE(r.summary.empty());
    CHECK_FALSE(r.rationale.empty());
    CHECK_FALSE(r.example.empty());
    CHECK(find_rule(r.id) == &r);
  }
  CHECK(find_rule("no-such-rule") == nullptr);
}

// The README's and the man page's rule catalogues are compared with the
// catalogue as a whole by tests/rule_docs.cmake.

TEST_CASE("every rule fires in a fixture, and a fixture shows it silent") {
  // Expected outputs name a rule as [rule-id] wherever it fires.
  std::map<std::string, std::string> outputs;  // by fixture stem
  std::string all;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(SOURCE_DIR "/fixtures")) {
    if (entry.path().extension() != ".out") continue;
    outputs[entry.path().stem().string()] = slurp(entry.path());
    all += outputs[entry.path().stem().string()];
  }
  // For each rule, a fixture that checks what it must not flag: a module
  // or capsule where the rule's check runs and finds nothing.
  const std::map<std::string_view, std::string_view> silent_in = {
      {"unknown-syscall", "clean-tool"},          {"mistyped-syscall", "clean-tool"},
      {"missing-syscall", "clean-tool"},          {"unknown-host-function", "clean-tool"},
      {"mistyped-host-function", "clean-tool"},   {"unknown-import-module", "clean-tool"},
      {"non-function-import", "unchecked-import"}, {"unchecked-import", "clean-tool"},
      {"javascript-capsule", "clean-tool"},       {"memory-limit", "memory-at-limit"},
      {"mistyped-entry-point", "clean-tool"},     {"no-entry-point", "clean-tool"},
      {"missing-signal-ready", "run-loop-ready"}, {"elicit-outside-install", "elicit-in-install"},
      {"undeclared-capability", "clean-capsule"}, {"unused-capability", "clean-capsule"},
      {"missing-entry-point", "clean-capsule"},   {"missing-component-file", "clean-capsule"},
      {"invalid-module", "valid-body"},
      // The component era: a capsule built by wit-component with the
      // kernel's types, checked on releases from v0.7.0 (fixtures/link/).
      {"wrong-era", "kv-tool"},          {"unknown-interface", "kv-tool"},
      {"wasi-import", "kv-tool"},        {"missing-function", "kv-tool"},
      {"mistyped-function", "kv-tool"},  {"missing-resource", "kv-tool"},
      {"unsupported-import", "kv-tool"}, {"disabled-feature", "kv-tool"},
      {"missing-export", "kv-tool"},     {"mistyped-export", "kv-tool"},
      {"cannot-succeed", "kv-tool"},     {"stub-export", "kv-tool"},
      // Component-era manifests (fixtures/component-manifest/).
      {"ignored-manifest-key", "clean"},   {"ignored-grant", "clean"},
      {"manifest-refused", "clean"},       {"unfilled-placeholder", "merged"},
      // JavaScript capsules built as the JS SDK builds them (fixtures/js-capsules/).
      {"handlers-in-run-loop", "daemon-clean"},
      // .capsule archives as the installer checks them (fixtures/archives/).
      {"invalid-provenance", "signed"},    {"unsigned-capsule", "signed"},
      {"refused-archive-entry", "signed"},
      // Suppressions that do nothing (a capsule with no ignore comment).
      {"unused-suppression", "clean-capsule"},
  };
  for (const Rule& r : rules()) {
    INFO(r.id);
    const std::string tag = "[" + std::string(r.id) + "]";
    CHECK(all.find(tag) != std::string::npos);
    const auto silent = silent_in.find(r.id);
    REQUIRE(silent != silent_in.end());  // a new rule needs its silent fixture here
    const auto out = outputs.find(std::string(silent->second));
    REQUIRE(out != outputs.end());
    CHECK(out->second.find(tag) == std::string::npos);
  }
}
