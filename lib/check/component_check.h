// The component-era checks: will the kernel of each release link this
// component (reference section 3.7), what does it call, what will it need
// from its manifest, and which of its exports will the kernel call?
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "check/extism_check.h"
#include "wasm/component.h"

namespace astrid {

// Checks the component against every release of `releases` (kernel
// releases of either era; an Extism one gets a wrong-era finding). Each
// problem is one finding whose releases say where it occurs. `core` are the
// component's core modules as read, in the order of component.core_modules.
Report check_component(const Component& component, const std::vector<CoreModule>& core,
                       const std::vector<const KernelRelease*>& releases);

// For a core module checked against component-era releases: the one
// finding that says it cannot load there, and the one migration path: for
// an Extism-era module (`extism`: it imports extism:host/user), porting,
// which `astrid-abi caps --port` on `module` (its path as shown) starts;
// for any other core module, the wrapping into a component `astrid build`
// does.
Finding core_module_on_component_kernels(ReleaseSet releases, std::string_view module, bool extism);

}  // namespace astrid
