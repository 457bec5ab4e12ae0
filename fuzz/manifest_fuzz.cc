// libFuzzer target: any bytes as a Capsule.toml, checked against a fixed
// capsule, and as an .astrid-abi.toml. Parse errors must be reported, not
// thrown past the reader; no input may crash or exhaust the stack.
#include <cstdint>
#include <string_view>

#include "driver/config.h"
#include "capsule/manifest.h"
#include "check/manifest_check.h"

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
  auto config = parse_config(text, ".astrid-abi.toml");
  (void)config;
  return 0;
}
