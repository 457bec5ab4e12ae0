// Porting an Extism-era capsule to the component era: for each astrid-sys
// syscall, the component-era host function that does its job on kernel
// v0.10.4 (reference: astrid-host-abi.md section 2, astrid-component-abi.md
// section 2.3), or why there is none. Written from the two listings by
// what each function does; a unit test holds every target to the
// component-era data, so a target that is not served fails the build's
// tests, not a user.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace astrid {

struct PortTarget {
  std::string_view syscall;   // "astrid_read_file"
  std::string_view instance;  // "astrid:fs/host@1.0.0"; empty: nothing replaces it
  std::string_view function;  // "read-file", "[method]subscription.recv"
  std::string_view note;      // how it differs, or what to do instead
};

std::span<const PortTarget> port_targets();
const PortTarget* port_target(std::string_view syscall);

}  // namespace astrid
