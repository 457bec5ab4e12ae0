#include "check/component_check.h"


#include <algorithm>
#include <chrono>

#include "check/rules.h"
#include "test_components.h"

#include "catch.h"

using namespace astrid;

namespace {

// A component importing each of `instances`, each with one function of
// type func() named `function`.
Component importing(const std::vector<std::string>& instances, const std::string& function) {
  std::vector<std::pair<std::string, std::string>> functions;
  for (const std::string& name : instances) functions.emplace_back(name, function);
  return test::importing(functions);
}

std::vector<const KernelRelease*> all_component_releases() {
  std::vector<const KernelRelease*> out;
  for (const KernelRelease& k : kernel_releases())
    if (k.era == Era::Component) out.push_back(&k);
  return out;
}

size_t count(const Report& r, std::string_view rule) {
  return static_cast<size_t>(
      std::count_if(r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.rule->id == rule; }));
}

ReleaseSet bit(std::string_view release) { return ReleaseSet{1} << find_kernel_release(release)->index; }

}  // namespace

TEST_CASE("component check: where an import resolves decides where it links") {
  // signal-ready: func() is in sys@1.0.0 from v0.7.0 on; 1.0.5 resolves by
  // its track; 2.0.0 and pre-releases resolve nowhere.
  const Report ok = check_component(importing({"astrid:sys/host@1.0.5"}, "signal-ready"), {}, all_component_releases());
  REQUIRE(ok.component);
  CHECK((ok.component->links_on & bit("v0.7.0")));
  CHECK((ok.component->links_on & bit("v0.10.4")));
  CHECK_FALSE((ok.component->links_on & bit("v0.6.0")));
  CHECK(count(ok, "unknown-interface") == 1);  // on v0.6.0 only
  CHECK(ok.component->functions.at(0).registered == "astrid:sys/host@1.0.0");

  for (const char* name : {"astrid:sys/host@2.0.0", "astrid:sys/host@1.0.0-rc1", "astrid:sys/host"}) {
    INFO(name);
    const Report r = check_component(importing({name}, "signal-ready"), {}, all_component_releases());
    CHECK(r.component->links_on == 0);
    REQUIRE(count(r, "unknown-interface") == 1);
  }
}

TEST_CASE("component check: WASI links on v0.6.0 only, and is not type-checked there") {
  const Report r =
      check_component(importing({"wasi:cli/environment@0.2.0"}, "get-environment"), {}, all_component_releases());
  CHECK(count(r, "wasi-import") == 1);
  CHECK(count(r, "unchecked-import") == 1);
  CHECK(r.component->wasi);
}

TEST_CASE("component check: a core module for component kernels, a component for Extism kernels") {
  const Finding f = core_module_on_component_kernels(bit("v0.9.1"), "tool.wasm", true);
  CHECK(f.rule->id == "wrong-era");
  // The one migration path, and no release the module cannot run on.
  REQUIRE(f.notes.size() == 1);
  CHECK(f.notes[0].find("astrid-abi caps --port tool.wasm") != std::string::npos);
  CHECK(f.notes[0].find("v0.6") == std::string::npos);
  // A core module that imports no syscall is wrapped, not ported.
  const Finding wrap = core_module_on_component_kernels(bit("v0.9.1"), "core.wasm", false);
  REQUIRE(wrap.notes.size() == 1);
  CHECK(wrap.notes[0].find("astrid build") != std::string::npos);
  CHECK(f.rule->blocks_load);
  const Report r = check_component(importing({}, ""), {}, {find_kernel_release("v0.5.1"), find_kernel_release("v0.9.1")});
  CHECK(count(r, "wrong-era") == 1);
  REQUIRE(r.kernels.size() == 2);
  CHECK_FALSE(r.kernels[0].links);
  CHECK(r.kernels[1].links);
}

TEST_CASE("component check: a hundred thousand bad imports are counted, not listed, in bounded time") {
  std::vector<std::string> names;
  for (int i = 0; i < 100000; ++i) names.push_back("astrid:kv" + std::to_string(i) + "/host@1.0.0");
  const Component c = importing(names, "kv-get");
  const auto start = std::chrono::steady_clock::now();
  const Report r = check_component(c, {}, all_component_releases());
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
  // kMaxFindingsPerRule listed, then one finding that says how many more.
  CHECK(count(r, "unknown-interface") == kMaxFindingsPerRule + 1);
  CHECK(r.component->links_on == 0);
}
