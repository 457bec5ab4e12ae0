// Every kernel release astrid-abi knows, both eras in one list, oldest
// first: the Extism era's v0.2.0 – v0.5.1 (core modules, extism_abi.h) and
// the component era's v0.6.0 – v0.10.4 and main (components,
// component_abi.h). A release's place in this list is its bit in a
// finding's ReleaseSet, and the order in which reports name releases.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "abi/component_abi.h"
#include "abi/extism_abi.h"

namespace astrid {

// Which binary a kernel loads: Extism-era kernels core modules, later ones
// components (reference: astrid-component-abi.md section 1.1).
enum class Era : uint8_t { Extism, Component };
std::string_view to_string(Era era);  // "Extism", "component"

struct KernelRelease {
  std::string_view name;  // "v0.2.0", "v0.10.4", "main"
  size_t index = 0;       // in kernel_releases(); an Extism release's equals its Release::index
  Era era = Era::Extism;
  const Release* extism = nullptr;              // Extism era
  const ComponentRelease* component = nullptr;  // component era
  // False for main: a branch head, not a release. `all` leaves it out.
  bool tagged = true;
};

std::span<const KernelRelease> kernel_releases();
// "v0.9.1", "0.9.1" or "main"; nullptr when there is no such release.
const KernelRelease* find_kernel_release(std::string_view name);
const KernelRelease& kernel_release(const Release& release);
const KernelRelease& kernel_release(const ComponentRelease& release);

// What a binary of the era is checked against when no release is named:
// v0.2.0 for a core module (the reference's canonical 48-syscall table),
// the newest release for a component.
const KernelRelease& default_release(Era era);

// The releases of --abi and of the configuration's `abi`, oldest first
// without repeats: release names, or `all`, which is every tagged release
// of the era of the binary being checked (so that `all` asks "which of
// its kernels load it", not "is it a component": name a release of the
// other era to ask that). Returns the first name that is not a release.
struct ReleaseChoice {
  std::vector<const KernelRelease*> named;  // oldest first, without repeats
  bool all = false;
  bool empty() const { return named.empty() && !all; }
};
std::variant<ReleaseChoice, std::string> parse_release_choice(const std::vector<std::string>& names);

// The releases a binary of `era` is checked against: `all` gives the
// tagged releases of that era, names give themselves (of either era: a
// release of another era gets a finding that says the binary cannot load
// there), nothing gives the era's default. Oldest first.
std::vector<const KernelRelease*> releases_for(const ReleaseChoice& choice, Era era);

// "v0.2.0, v0.3.0, …, main".
std::string kernel_release_names(std::string_view separator);

}  // namespace astrid
