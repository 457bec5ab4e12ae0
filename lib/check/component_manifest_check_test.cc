#include "check/component_manifest_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <string>

#include "check/component_check.h"
#include "check/rules.h"
#include "test_components.h"

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


// A component importing `functions`, written by ComponentizeJS or by
// wit-component.
Component importing(const std::vector<std::pair<std::string, std::string>>& functions, bool javascript) {
  Component c = test::importing(functions);
  if (javascript) c.producers.push_back({"processed-by", "ComponentizeJS", "0.19.3"});
  return c;
}

std::vector<const KernelRelease*> v0104() { return {find_kernel_release("v0.10.4")}; }

// A manifest of a package "t" and the tables given.
ComponentManifestFindings check(const Component& component, std::string_view tables) {
  static std::deque<ComponentManifest> kept;  // outlives the findings, which may view it
  auto parsed = parse_component_manifest("[package]\nname = \"t\"\nversion = \"1.0.0\"\n" + std::string(tables));
  REQUIRE(parsed);
  kept.push_back(std::move(*parsed));
  const Report report = check_component(component, {}, v0104());
  return check_component_manifest(kept.back(), "Capsule.toml", report, v0104());
}

std::vector<std::string> ids(const ComponentManifestFindings& f) {
  std::vector<std::string> out;
  for (const auto* list : {&f.manifest, &f.module})
    for (const Finding& x : *list) out.push_back(fmt::format("{} {}", x.rule->id, x.name));
  std::sort(out.begin(), out.end());
  return out;
}

constexpr std::string_view kGrants = R"(
[capabilities]
fs_read = ["cwd://data"]
net_conect = ["db.example.com:*"]

[publish]
"app.events" = "opaque"
)";

const std::vector<std::pair<std::string, std::string>> kImports = {
    {"astrid:fs/host@1.0.0", "read-file"},
    {"astrid:net/host@1.0.0", "connect-tcp"},
    {"astrid:ipc/host@1.0.0", "publish"},
};

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
  // 28,000 entries: a look-up per key, not a scan of every key per key
  // (that took 6 s unsanitized; ctest's timeout catches a return of it,
  // bench/run measures it).
  const auto findings = check_manifest_keys(*parsed, "Capsule.toml", {find_kernel_release("v0.10.4")});
  CHECK(findings.size() == kMaxFindingsPerRule + 1);
}


TEST_CASE("component manifest: a JavaScript capsule's imports are the upper bound of what it uses") {
  // Each grant gates a function it imports: none is unused; the misspelt
  // key would grant connect-tcp, so it is an ignored grant; and no call is
  // known to be denied, so no undeclared-capability at the imports.
  CHECK(ids(check(importing(kImports, true), kGrants)) == std::vector<std::string>{"ignored-grant net_conect"});
  // Built by wit-component, the same capsule calls connect-tcp: it is
  // denied it, at the import, and the misspelling is the cause.
  CHECK(ids(check(importing(kImports, false), kGrants)) ==
        std::vector<std::string>{"ignored-grant net_conect"});
  // Importing none of the gated functions, the grants are unused, and the
  // misspelt key grants nothing it needs.
  CHECK(ids(check(importing({{"astrid:sys/host@1.0.0", "log"}}, true), kGrants)) ==
        std::vector<std::string>{"ignored-manifest-key net_conect", "unused-capability ", "unused-capability "});
}

TEST_CASE("component manifest: a JavaScript capsule's removed key that gates an import is an ignored grant") {
  constexpr std::string_view toml = R"(
[capabilities]
ipc_publish = ["app.events"]
)";
  CHECK(ids(check(importing({{"astrid:ipc/host@1.0.0", "publish"}}, true), toml)) ==
        std::vector<std::string>{"ignored-grant ipc_publish"});
  // Importing no publish, the key grants nothing the capsule may call:
  // one finding, that it is unused (one cause, one finding).
  CHECK(ids(check(importing({{"astrid:sys/host@1.0.0", "log"}}, true), toml)) ==
        std::vector<std::string>{"unused-capability "});  // the key is its argument
}
