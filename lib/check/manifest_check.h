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
  std::string file;       // as the manifest names it (or the module's file name)
  Report* report;         // nullptr when the module is missing or could not be read
  bool missing = false;   // a [[component]] file that is not there
};

// Adds undeclared-capability findings to the modules' reports and returns
// the findings located in the manifest itself (unused-capability,
// missing-entry-point, missing-component-file), with `manifest_path` as
// their file.
std::vector<Finding> check_manifest(const Manifest& manifest, const std::string& manifest_path,
                                    const std::vector<const Release*>& releases, std::vector<CapsuleModule>& modules);

}  // namespace astrid
