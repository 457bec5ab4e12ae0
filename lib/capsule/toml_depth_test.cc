#include "capsule/toml_depth.h"

#include <string>

#include "driver/config.h"
#include "capsule/manifest.h"

#include "catch.h"

using namespace astrid;

namespace {

std::string repeat(std::string_view part, std::string_view sep, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i) out += sep;
    out += part;
  }
  return out;
}

}  // namespace

TEST_CASE("TOML depth: real documents pass") {
  CHECK(!check_toml_depth(R"([package]
name = "x" # a comment with [[brackets]] and a.b.c
version = "1.2.3"
[capabilities]
fs_read = ["cwd://a.b", 'x.y', """multi
line . . . [""", '''lit ]]'''
]
[[component]]
file = "a.wasm"
capabilities = { fs_read = ["*"], net = { "a.b" = [1.5, 2.5e3] } }
[subscribe."agent.v1.*"]
wit = "opaque"
)"));
}

TEST_CASE("TOML depth: dotted keys, headers, inline tables and arrays are bounded") {
  const unsigned n = kMaxTomlDepth + 1;
  SECTION("a dotted key") {
    auto e = check_toml_depth("[package]\nname = 'x'\n" + repeat("a", ".", n) + " = 1\n");
    REQUIRE(e);
    CHECK(e->line == 3);
    CHECK(e->message.starts_with("nested 129 levels deep"));
  }
  SECTION("a table header") {
    REQUIRE(check_toml_depth("[" + repeat("a", ".", n) + "]\n"));
    REQUIRE(check_toml_depth("[[" + repeat("'a'", " . ", n) + "]]\n"));
  }
  SECTION("a header plus a dotted key under it") {
    const std::string half = repeat("a", ".", n / 2 + 1);
    REQUIRE(check_toml_depth("[" + half + "]\n" + half + " = 1\n"));
    // Each alone is fine.
    CHECK(!check_toml_depth("[" + half + "]\nx = 1\n"));
  }
  SECTION("inline tables and arrays") {
    REQUIRE(check_toml_depth("a = " + repeat("{ b = ", "", n) + "1" + repeat("}", "", n) + "\n"));
    REQUIRE(check_toml_depth("a = " + repeat("[", "", n) + repeat("]", "", n) + "\n"));
    CHECK(!check_toml_depth("a = " + repeat("[", "", 100) + repeat("]", "", 100) + "\n"));
  }
  SECTION("dots inside strings and values do not count") {
    CHECK(!check_toml_depth("a = \"" + repeat("x", ".", 100000) + "\"\n"));
    CHECK(!check_toml_depth("'" + repeat("x", ".", 100000) + "' = 1\n"));
    CHECK(!check_toml_depth("a = [" + repeat("1.5", ", ", 10000) + "]\n"));
  }
}

TEST_CASE("TOML depth: 150,000 levels are one error, not a stack overflow") {
  const std::string deep = repeat("a", ".", 150000);
  auto m = parse_manifest("[package]\nname = 'x'\n" + deep + " = 1\n");
  REQUIRE(!m);
  CHECK(m.error().line == 3);
  auto header = parse_manifest("[" + deep + "]\n");
  REQUIRE(!header);
  auto c = parse_config("[rules." + deep + "]\n", "c.toml");
  REQUIRE(!c);
}
