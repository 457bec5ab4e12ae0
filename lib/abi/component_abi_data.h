// The tables of the component-era ABI (internal to component_abi.cc and its
// tests): which release registers which instance in which shape, and the
// gates and runtime notes of host functions, each with the releases it
// holds for. Release ranges are indexes into component_releases(): `since`
// is the first release it holds for, `until` the first it no longer does.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "abi/component_abi.h"

namespace astrid {

inline constexpr size_t kV060 = 0, kV070 = 1, kV080 = 2, kV090 = 3, kV091 = 4, kMain = 13, kNoRelease = 14;

struct ServedInstance {
  std::string_view name;   // "astrid:process/host@1.0.0"
  std::string_view shape;  // of the package's text (component_abi_wit.h); empty when it has one
  size_t since = 0;
  size_t until = kNoRelease;
  bool typed = true;  // false: linked, not itemised (WASI at v0.6.0)
};
std::span<const ServedInstance> served_instances();

// Gates and notes name an interface without its version
// ("astrid:http/host"): both versions of http and process share them.
struct GateRule {
  std::string_view interface;
  std::string_view function;
  size_t since = 0;
  size_t until = kNoRelease;
  HostGate gate;
};
const std::vector<GateRule>& gate_rules();

struct NoteRule {
  std::string_view interface;
  std::string_view function;
  size_t since = 0;
  size_t until = kNoRelease;
  RuntimeNote note;
};
const std::vector<NoteRule>& note_rules();

}  // namespace astrid
