#include "check/rules.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

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

TEST_CASE("the README and the man page describe every rule") {
  const std::string readme = slurp(SOURCE_DIR "/README.md");
  const std::string man = slurp(SOURCE_DIR "/man/astrid-abi.1");
  REQUIRE_FALSE(readme.empty());
  REQUIRE_FALSE(man.empty());
  for (const Rule& r : rules()) {
    INFO(r.id);
    // The README's rule table row is what `astrid-abi rules` prints.
    CHECK(readme.find(fmt::format("| `{}` | {} | {} |", r.id, to_string(r.severity), r.summary)) !=
          std::string::npos);
    // roff escapes hyphens in the man page as \-.
    std::string roff_id;
    for (char c : r.id) roff_id += c == '-' ? std::string("\\-") : std::string(1, c);
    CHECK(man.find(roff_id) != std::string::npos);
  }
}

TEST_CASE("every rule fires in a fixture, and a fixture shows it silent") {
  // Expected outputs name a rule as [rule-id] wherever it fires. Each rule's
  // own fixture is named after it and checks something it must not flag.
  std::string outputs;
  std::set<std::string> stems;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(SOURCE_DIR "/fixtures")) {
    if (entry.path().extension() == ".out") outputs += slurp(entry.path());
    stems.insert(entry.path().stem().string());
  }
  for (const Rule& r : rules()) {
    INFO(r.id);
    CHECK(outputs.find("[" + std::string(r.id) + "]") != std::string::npos);
  }
  // Fixtures where no rule fires at all.
  for (const char* clean : {"clean-tool", "memory-at-limit", "run-loop-ready", "elicit-in-install"})
    CHECK(stems.count(clean) == 1);
}
