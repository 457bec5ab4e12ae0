// Checking a capsule's modules against its Capsule.toml: does it grant what
// the imported syscalls need, no more, and does the capsule export what the
// manifest's entries call?
#pragma once

#include <string>
#include <vector>

#include "check/extism_check.h"
#include "capsule/manifest.h"

namespace astrid {

// One module the manifest covers, after it was checked.
struct CapsuleModule {
  std::string file;              // as the manifest names it (or the module's file name)
  const Report* report;          // nullptr when the module is missing or could not be read
  bool missing = false;          // a [[component]] file that is not there
};

// What a manifest check found: in the manifest itself (unused-capability,
// missing-entry-point, missing-component-file, with `manifest_path` as
// their file), and at each module's imports (undeclared-capability), in
// the order of `modules`.
struct ManifestFindings {
  std::vector<Finding> manifest;
  std::vector<std::vector<Finding>> modules;
};

ManifestFindings check_manifest(const Manifest& manifest, const std::string& manifest_path,
                                const std::vector<const Release*>& releases,
                                const std::vector<CapsuleModule>& modules);

// The [capabilities] line that grants a capability's need:
// `net = ["<host, e.g. api.example.com>"]`, `identity = ["link"]`.
std::string extism_grant_line(Capability cap, IdentityLevel level);

}  // namespace astrid
