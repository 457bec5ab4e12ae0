#include "check/inline_ignore.h"

#include "catch.h"


namespace astrid {
namespace {

TEST_CASE("inline_ignore: a comment on the line or above it, with rules and a required reason") {
  const auto ignores = find_inline_ignores(
      "[capabilities]\n"
      "# astrid-abi: ignore[unused-capability, ignored-manifest-key] dev builds read it\n"
      "net = [\"api.example.com\"]\n"
      "kv = []  # astrid-abi: ignore[unused-capability]\n"              // no reason: nothing
      "x = 1 # astrid-abi: ignore[] why\n"                                // no rule: nothing
      "fs_read = [\"*\"]  #astrid-abi: ignore[unused-capability] tests\r\n");
  REQUIRE(ignores.size() == 2);
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

}  // namespace
}  // namespace astrid
