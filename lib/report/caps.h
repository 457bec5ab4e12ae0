// `astrid-abi caps`: what a capsule needs from its manifest, and the
// smallest [capabilities] table that grants it.
#pragma once

#include <string>
#include <vector>

#include "capsule/manifest_edit.h"
#include "check/extism_check.h"
#include "report/report.h"

namespace astrid {

// The capabilities all the modules of an input need together, in the order
// of the Capability enum; syscalls by name, without repeats.
std::vector<CapabilityNeed> capsule_needs(const InputResult& result);
bool uses_shim(const InputResult& result);  // some module is JavaScript

std::string render_caps_text(const InputResult& result);
std::string render_caps_json(const InputResult& result);

// A manifest fragment, ready to paste: [capabilities] with one placeholder
// per list (to be replaced by real hosts, paths, topics or commands), and
// [[uplink]] when the capsule registers a frontend.
std::string emit_manifest(const InputResult& result);

// A component's needs on the release its summary is for: each gate need
// (the strongest entry form of a capability), with the functions that
// have it.
struct ComponentGrantNeed {
  GateNeed need;
  std::vector<std::string> functions;  // "astrid:fs/host@1.0.0 read-file"
};
std::vector<ComponentGrantNeed> component_grant_needs(const ComponentSummary& summary);
// The first component's summary among the input's modules, or nullptr.
const ComponentSummary* component_of(const InputResult& result);

// caps --port: for an Extism-era capsule, each syscall it imports and the
// component-era function that replaces it (abi/migration.h), with its gate
// on `target` (or that `target` does not serve it, and which releases do).
std::string render_port_text(const InputResult& result, const ComponentRelease& target);
std::string render_port_json(const InputResult& result, const ComponentRelease& target);

// The line --emit-manifest writes for a need: a placeholder for the author
// to fill for every grant, the ones that widen authority by themselves
// (uplink, allow_persistent, identity) too.
std::string emitted_grant_line(const GateNeed& need);
// The Extism era's and the component era's identity line, so.
std::string identity_placeholder(IdentityLevel level);

// The lines --emit-manifest prints, for `caps --merge`: [capabilities]
// keys, and for a component [publish] and [subscribe] keys.
std::vector<ManifestLine> manifest_lines(const InputResult& result);

}  // namespace astrid
