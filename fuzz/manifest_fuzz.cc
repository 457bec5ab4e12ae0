// libFuzzer target: any bytes as a Capsule.toml, checked against a fixed
// capsule, with its inline suppressions applied to a finding on every
// line; as an .astrid-abi.toml (and its unused settings); and as a
// --baseline file. Parse errors must be reported, not
// thrown past the reader; no input may crash or exhaust the stack.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "driver/config.h"
#include "capsule/manifest.h"
#include "capsule/component_manifest.h"
#include "capsule/manifest_edit.h"
#include "check/component_manifest_check.h"
#include "check/inline_ignore.h"
#include "check/manifest_check.h"
#include "check/rules.h"
#include "driver/check_command.h"

using namespace astrid;

namespace {

// A capsule module that uses a gated syscall of every kind.
Report sample_report() {
  Report r;
  r.release = &releases().back();
  for (std::string_view name : {"astrid_read_file", "astrid_write_file", "astrid_http_request", "astrid_identity_link",
                                "astrid_uplink_register", "astrid_ipc_publish", "astrid_spawn_host"}) {
    const Syscall* s = r.release->find(name);
    r.syscalls.push_back({s, *r.release->number_of(name), 0x40});
    CapabilityNeed need{s->gate.capability, s->gate.identity, {s->name}};
    r.capabilities.push_back(need);
  }
  r.entry_points = {"astrid_tool_call"};
  return r;
}

// A component that imports a gated function of every kind, and exports
// nothing the kernel calls (so [subscribe] handlers are judged too).
Report sample_component() {
  Report r;
  ComponentSummary s;
  s.release = &default_release(Era::Component);
  const std::pair<const char*, const char*> uses[] = {
      {"astrid:fs/host@1.0.0", "read-file"},          {"astrid:fs/host@1.0.0", "write-file"},
      {"astrid:ipc/host@1.0.0", "publish"},           {"astrid:ipc/host@1.0.0", "publish-as"},
      {"astrid:ipc/host@1.0.0", "subscribe"},         {"astrid:net/host@1.0.0", "lookup-host"},
      {"astrid:net/host@1.0.0", "connect-tcp"},       {"astrid:net/host@1.0.0", "bind-unix"},
      {"astrid:http/host@1.1.0", "http-request"},     {"astrid:process/host@1.1.0", "spawn-persistent"},
      {"astrid:identity/host@1.0.0", "identity-link"}, {"astrid:uplink/host@1.0.0", "uplink-send"}};
  for (const auto& [instance, function] : uses) {
    HostFunctionUse use;
    use.instance = instance;
    use.function = function;
    s.functions.push_back(use);
  }
  r.component = std::move(s);
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto manifest = parse_manifest(text);
  if (manifest) {
    const Manifest* m = &*manifest;
    Report report = sample_report();
    std::vector<CapsuleModule> modules = {{"tool.wasm", &report, false}, {"gone.wasm", nullptr, true}};
    for (const ManifestComponent& c : m->components) modules.push_back({c.file, &report, false});
    std::vector<const Release*> all;
    for (const Release& r : releases()) all.push_back(&r);
    check_manifest(*m, "Capsule.toml", all, modules);
  }
  // As the component era reads it, on every release of both eras.
  if (auto component_manifest = parse_component_manifest(text)) {
    static const Report component = sample_component();
    std::vector<const KernelRelease*> every;
    for (const KernelRelease& k : kernel_releases()) every.push_back(&k);
    check_component_manifest(*component_manifest, "Capsule.toml", component, every);
  }
  // And merged with grants: never an invalid manifest, never a throw.
  auto merged = merge_manifest_lines(text, {{"capabilities", "net", "net = [\"a.example\"]"},
                                            {"publish", "a.b", "\"a.b\" = \"opaque\""}});
  if (merged && !parse_component_manifest(merged->text) && parse_component_manifest(text)) __builtin_trap();
  auto config = parse_config(text, ".astrid-abi.toml");
  if (config) (void)unused_rule_settings(*config, {});
  // Inline suppressions: what each comment covers, and what does nothing;
  // bounded output, whatever the comments (a finding per line, up to 4,096).
  const auto ignores = find_inline_ignores(text);
  std::vector<Finding> findings;
  const uint32_t lines = static_cast<uint32_t>(std::min<size_t>(std::count(text.begin(), text.end(), '\n') + 1, 4096));
  for (uint32_t line = 1; line <= lines; ++line) {
    Finding f = make_finding(line % 2 ? "unused-capability" : "manifest-refused", "x");
    f.file = "Capsule.toml";
    f.line = line;
    findings.push_back(std::move(f));
  }
  std::vector<CoveredFinding> covered;
  const auto unused = apply_inline_ignores(ignores, "Capsule.toml", findings, covered);
  if (unused.size() > kMaxFindingsPerRule + 1 || findings.size() + covered.size() != lines) __builtin_trap();
  auto baseline = parse_baseline(text);
  (void)baseline;
  return 0;
}
