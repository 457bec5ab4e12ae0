#include "check/component_manifest_check.h"

#include <chrono>
#include <string>

#include "check/rules.h"

#include "catch.h"

using namespace astrid;

namespace {

std::vector<Finding> keys_of(const std::string& text) {
  auto parsed = parse_component_manifest(text);
  REQUIRE(parsed);
  return check_manifest_keys(*parsed, "Capsule.toml", {find_kernel_release("v0.10.4")});
}

const Finding* on_key(const std::vector<Finding>& findings, std::string_view key) {
  for (const Finding& f : findings)
    if (f.name == key) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("component manifest: a misspelt key is renamed while the right key is absent, removed once it is there") {
  const std::string head = "[package]\nname = \"a\"\nversion = \"0.1.0\"\n[capabilities]\n";
  auto findings = keys_of(head + "fs_wirte = [\"cwd://out\"]\n");
  const Finding* f = on_key(findings, "fs_wirte");
  REQUIRE(f);
  CHECK(f->notes == std::vector<std::string>{"rename it to 'fs_write'"});
  CHECK(f->arg("meant") == "fs_write");  // the grant it was meant as: ignored-grant when denied

  findings = keys_of(head + "fs_wirte = [\"cwd://out\"]\nfs_write = [\"cwd://out\"]\n");
  f = on_key(findings, "fs_wirte");
  REQUIRE(f);
  CHECK(f->notes == std::vector<std::string>{"remove it: 'fs_write' is in [capabilities] already"});
  CHECK(f->arg("meant").empty());  // a leftover, not the grant
}

TEST_CASE("component manifest: a megabyte of misspelt keys is judged in linear time") {
  std::string text = "[package]\nname = \"a\"\nversion = \"0.1.0\"\n";
  while (text.size() < 1000000) text += "[[command]]\nname = \"c\"\ndescripton = \"x\"\n";
  auto parsed = parse_component_manifest(text);
  REQUIRE(parsed);
  const auto start = std::chrono::steady_clock::now();
  const auto findings = check_manifest_keys(*parsed, "Capsule.toml", {find_kernel_release("v0.10.4")});
  // 28,000 entries: a look-up per key, not a scan of every key per key
  // (that took 6 s unsanitized).
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  CHECK(findings.size() == kMaxFindingsPerRule + 1);
}
