// Checking a component capsule's Capsule.toml against the releases being
// checked (reference sections 6 and 7): does it grant what the imported
// host functions need there, no more; which of its keys does each release
// ignore; would the kernel refuse to load it; do its [subscribe] handlers
// have the export that delivers them. And, for a manifest of either era,
// the unknown keys and the placeholders `caps --emit-manifest` leaves.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "abi/kernel_releases.h"
#include "capsule/component_manifest.h"
#include "check/extism_check.h"

namespace astrid {

struct ComponentManifestFindings {
  std::vector<Finding> manifest;  // at lines of the manifest (file: manifest_path)
  std::vector<Finding> module;    // at the component's imports (undeclared-capability)
};

// `component` is the Report of the component the manifest's first
// [[component]] names (the only one the kernel loads), or of the module
// the manifest was given for; `releases` the releases checked (those of
// the Extism era are left out).
ComponentManifestFindings check_component_manifest(const ComponentManifest& manifest, const std::string& manifest_path,
                                                   const Report& component,
                                                   const std::vector<const KernelRelease*>& releases);

// For a manifest of any era: keys of the tables the schema describes that
// the releases do not read (ignored-manifest-key), and values that are
// still caps --emit-manifest's placeholders (unfilled-placeholder). The
// component check includes these.
std::vector<Finding> check_manifest_keys(const ComponentManifest& manifest, const std::string& manifest_path,
                                         const std::vector<const KernelRelease*>& releases);

// An ignored-manifest-key finding whose key (or the key it is a typo of)
// grants what the capsule is denied, per manifest key ("fs_write",
// "[publish]"), on releases where it is ignored: it becomes ignored-grant,
// an error, since the author meant it as the grant.
void escalate_ignored(std::vector<Finding>& findings, const std::map<std::string, ReleaseSet, std::less<>>& denied);

// One cause, one finding. The grants the ignored-grant findings among
// `findings` were meant as ("fs_write", "[publish]"), with the releases
// that ignore them: a denial there is explained by that line, and the
// import's undeclared-capability is left out.
std::map<std::string, ReleaseSet, std::less<>> ignored_grants(const std::vector<Finding>& findings);
// And a key that grants what the capsule never uses is unused-capability
// only ("remove it"), not also ignored-manifest-key ("use ... instead",
// "move it to ...") where some release ignores it.
void drop_ignored_where_unused(std::vector<Finding>& findings);

// The kernel version a release reports (main and --wit: 0.10.4), which
// `astrid-version` must match.
std::string kernel_version(const KernelRelease& release);

// What the manifest needs so that the call can succeed, as a line to add:
// `fs_read = ["<path, e.g. cwd://data>"]`, `allow_persistent = true`,
// `"<topic, e.g. myapp.events.*>" = "opaque"` (under [publish]).
std::string grant_line(const GateNeed& need);
// The table the line goes in: "capabilities", "publish" or "subscribe".
std::string_view grant_table(const GateNeed& need);

}  // namespace astrid
