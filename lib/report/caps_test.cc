#include "report/caps.h"

#include <fmt/format.h>

#include "capsule/component_manifest.h"
#include "check/component_manifest_check.h"

#include "catch.h"

using namespace astrid;

// caps --emit-manifest writes no grant as a real value, on any release:
// each line, pasted into its table, reads as placeholders that grant
// nothing until the author fills them (uplink = true would make the
// capsule a daemon, allow_persistent = true let its processes outlive it,
// an identity level let it link or create users).
TEST_CASE("caps --emit-manifest writes every gate of every release as a placeholder") {
  size_t needs = 0;
  for (const ComponentRelease& release : component_releases()) {
    for (std::string_view instance : registered_instances(release)) {
      const HostInterface* host = host_interface(release, instance);
      if (!host || !host->wit) continue;
      for (const WitFunction& fn : host->wit->functions) {
        for (const GateNeed& need : host_gate(release, instance, fn.name).needs) {
          ++needs;
          const std::string line = emitted_grant_line(need);
          INFO(fmt::format("{} {} {}: {}", release.name, instance, fn.name, line));
          const std::string toml =
              fmt::format("[package]\nname = \"t\"\nversion = \"1.0.0\"\n\n[{}]\n{}\n", grant_table(need), line);
          auto parsed = parse_component_manifest(toml);
          REQUIRE(parsed);
          if (grant_table(need) == "capabilities") {
            REQUIRE(parsed->capabilities.entries.size() == 1);
            const CapabilityEntry& e = parsed->capabilities.entries.front();
            CHECK_FALSE(e.flag);
            REQUIRE(e.values.size() == 1);
            CHECK(is_placeholder(e.values.front()));
          } else {
            const auto& acl = grant_table(need) == "publish" ? parsed->publish : parsed->subscribe;
            REQUIRE(acl.size() == 1);
            CHECK(is_placeholder(acl.front().pattern));
          }
        }
      }
    }
  }
  CHECK(needs > 100);
}
