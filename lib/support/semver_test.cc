#include "support/semver.h"

#include "catch.h"


namespace astrid {
namespace {

bool req(std::string_view r, std::string_view v) {
  auto parsed = parse_version_req(r);
  REQUIRE(std::holds_alternative<VersionReq>(parsed));
  return matches(std::get<VersionReq>(parsed), std::get<SemVer>(parse_semver(v)));
}

TEST_CASE("semver: versions as the semver crate reads them") {
  CHECK(std::holds_alternative<SemVer>(parse_semver("0.10.4")));
  CHECK(std::holds_alternative<SemVer>(parse_semver("1.0.0-rc.1+build.5")));
  for (const char* bad : {"1.0", "1", "01.0.0", "1.0.0-01", "1.0.0-", "1.0.0+", "v1.0.0", "1.0.0.0", "", " 1.0.0",
                          "1..0", "18446744073709551616.0.0"})
    CHECK(std::holds_alternative<std::string>(parse_semver(bad)));
}

TEST_CASE("semver: requirements, matched against kernel versions") {
  CHECK(req(">=0.1.0", "0.10.4"));
  CHECK(req("0.10", "0.10.4"));  // caret
  CHECK(!req("0.9", "0.10.4"));
  CHECK(!req("^0.9.1", "0.10.4"));
  CHECK(req("~0.10.1", "0.10.4"));
  CHECK(!req("~0.10.1", "0.11.0"));
  CHECK(req("=0.10.4", "0.10.4"));
  CHECK(!req("=0.10.3", "0.10.4"));
  CHECK(req(">=0.9.0, <0.11.0", "0.10.4"));
  CHECK(!req(">=0.9.0, <0.10.0", "0.10.4"));
  CHECK(req("*", "0.7.0"));
  CHECK(req("0.10.*", "0.10.4"));
  CHECK(!req("0.9.x", "0.10.4"));
  CHECK(req("^0.0.3", "0.0.3"));
  CHECK(!req("^0.0.3", "0.0.4"));
  CHECK(req(">0.10", "0.11.0"));
  CHECK(!req(">0.10", "0.10.9"));
  CHECK(req("<=0.10", "0.10.9"));
  for (const char* bad : {"", "abc", ">=", "1.2.3.4", ">= 0.x.1", ",", "0.10.4-", "^01.0"})
    CHECK(std::holds_alternative<std::string>(parse_version_req(bad)));
}

}  // namespace
}  // namespace astrid
