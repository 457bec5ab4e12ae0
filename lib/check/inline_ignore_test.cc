#include "check/inline_ignore.h"

#include "catch.h"
#include "check/extism_check.h"
#include "check/rules.h"


namespace astrid {
namespace {

TEST_CASE("inline_ignore: a comment on the line or above it, with rules and a required reason") {
  const auto all = find_inline_ignores(
      "[capabilities]\n"
      "# astrid-abi: ignore[unused-capability, ignored-manifest-key] dev builds read it\n"
      "net = [\"api.example.com\"]\n"
      "kv = []  # astrid-abi: ignore[unused-capability]\n"              // no reason: nothing
      "x = 1 # astrid-abi: ignore[] why\n"                                // no rule: nothing
      "fs_read = [\"*\"]  #astrid-abi: ignore[unused-capability] tests\r\n");
  REQUIRE(all.size() == 4);  // every comment, for unused-suppression
  CHECK(all[1].reason.empty());
  CHECK(all[1].comment_line == 4);
  CHECK(all[1].column == 10);
  CHECK(all[2].rules.empty());
  CHECK(covering_ignore(all, "unused-capability", 4) == nullptr);  // no reason, no cover
  const std::vector<InlineIgnore> ignores = {all[0], all[3]};
  CHECK(ignores[0].line == 3);  // a line of its own: the next
  CHECK(ignores[0].rules == std::vector<std::string>{"unused-capability", "ignored-manifest-key"});
  CHECK(ignores[0].reason == "dev builds read it");
  CHECK(covering_ignore(ignores, "unused-capability", 3) == &ignores[0]);
  CHECK(covering_ignore(ignores, "ignored-manifest-key", 3) == &ignores[0]);
  CHECK(covering_ignore(ignores, "unused-capability", 2) == nullptr);
  CHECK(covering_ignore(ignores, "unused-capability", 4) == nullptr);
  CHECK(covering_ignore(ignores, "manifest-refused", 3) == nullptr);
  CHECK(covering_ignore(ignores, "unused-capability", 6) == &ignores[1]);
  CHECK(ignores[1].reason == "tests");
}

TEST_CASE("inline_ignore: a '#' inside a TOML string is no comment") {
  const auto ignores = find_inline_ignores(
      "net = [\"a#b\"]  # astrid-abi: ignore[unused-capability] dev\n"
      "kv = ['x#y', \"q\\\"#\"] # astrid-abi: ignore[unused-capability] escaped quote\n"
      "doc = \"\"\"\n"
      "# astrid-abi: ignore[unused-capability] inside a multi-line string\n"
      "\"\"\"\"\" # astrid-abi: ignore[manifest-refused] after five quotes\n"
      "lit = '''\n# astrid-abi: ignore[x] in a literal\n''' # astrid-abi: ignore[stub-export] after\n");
  REQUIRE(ignores.size() == 4);
  CHECK(ignores[0].line == 1);
  CHECK(ignores[0].reason == "dev");
  CHECK(ignores[1].line == 2);
  CHECK(ignores[1].reason == "escaped quote");
  CHECK(ignores[2].line == 5);
  CHECK(ignores[2].rules == std::vector<std::string>{"manifest-refused"});
  CHECK(ignores[3].line == 8);
  CHECK(ignores[3].rules == std::vector<std::string>{"stub-export"});
}

TEST_CASE("inline_ignore: a suppression that does nothing is a finding") {
  const auto ignores = find_inline_ignores(
      "a = 1 # astrid-abi: ignore[unused-capabilty] typo\n"
      "b = 2 # astrid-abi: ignore[unused-capability]\n"
      "c = 3 # astrid-abi: ignore[unused-capability, manifest-refused] one of two\n"
      "d = 4 # astrid-abi: ignore[] nothing named\n");
  auto on_line = [](std::string_view id, uint32_t line) {
    Finding f = make_finding(id, "x");
    f.file = "Capsule.toml";
    f.line = line;
    return f;
  };
  std::vector<Finding> findings = {on_line("unused-capability", 1), on_line("unused-capability", 2),
                                   on_line("unused-capability", 3)};
  std::vector<CoveredFinding> covered;
  const auto unused = apply_inline_ignores(ignores, "Capsule.toml", findings, covered);
  REQUIRE(covered.size() == 1);
  CHECK(covered[0].finding.line == 3);
  CHECK(findings.size() == 2);  // lines 1 and 2 stay
  REQUIRE(unused.size() == 4);
  for (const Finding& f : unused) CHECK(f.rule->id == "unused-suppression");
  CHECK(message(unused[0]).find("'unused-capabilty' in '# astrid-abi: ignore[...]' is not a rule") == 0);
  CHECK(unused[0].notes.front() == "did you mean 'unused-capability'?");
  CHECK(message(unused[1]).find("gives no reason") != std::string::npos);
  CHECK(message(unused[2]) == "'# astrid-abi: ignore[manifest-refused]' matches no manifest-refused finding on line 3");
  CHECK(unused[2].name == "manifest-refused");
  CHECK(message(unused[3]).find("names no rule") != std::string::npos);
}

TEST_CASE("inline_ignore: a manifest of thousands of dead comments stays bounded") {
  std::string text;
  for (int i = 0; i < 50000; ++i) text += "k" + std::to_string(i) + " = 1 # astrid-abi: ignore[manifest-refused] x\n";
  const auto ignores = find_inline_ignores(text);
  REQUIRE(ignores.size() == 50000);
  std::vector<Finding> findings;
  for (uint32_t line = 1; line <= 50000; line += 2) {
    Finding f = make_finding("manifest-refused", "x");
    f.file = "Capsule.toml";
    f.line = line;
    findings.push_back(std::move(f));
  }
  std::vector<CoveredFinding> covered;
  const auto unused = apply_inline_ignores(ignores, "Capsule.toml", findings, covered);
  CHECK(covered.size() == 25000);
  REQUIRE(unused.size() == kMaxFindingsPerRule + 1);
  CHECK(message(unused.back()) == "24900 more unused-suppression findings, not listed: fix the ones above first");
}

}  // namespace
}  // namespace astrid
