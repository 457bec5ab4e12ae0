#include "abi/migration.h"


#include "abi/component_abi.h"
#include "abi/extism_abi.h"

#include "catch.h"

namespace astrid {
namespace {

TEST_CASE("migration: every syscall of every Extism release has its entry, each target served by v0.10.4") {
  for (const Syscall& s : all_syscalls()) {
    INFO(s.name);
    CHECK(port_target(s.name));
  }
  const ComponentRelease& newest = *find_component_release("v0.10.4");
  for (const PortTarget& t : port_targets()) {
    INFO(t.syscall);
    if (t.instance.empty()) {
      CHECK_FALSE(t.note.empty());  // says what to do instead
      continue;
    }
    bool served = false;
    for (const ComponentRelease* c : releases_with_function(t.instance, t.function)) served |= c == &newest;
    CHECK(served);
  }
}

}  // namespace
}  // namespace astrid
