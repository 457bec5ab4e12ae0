// The checks of a .capsule archive as a whole, as the installer of kernel
// main makes them (reference section 8): the entries it refuses to
// extract, and the archive's provenance.
#pragma once

#include <string>
#include <vector>

#include "capsule/capsule_archive.h"
#include "check/finding.h"

namespace astrid {

// Findings about the archive `archive` (its path as reports show it),
// located on it, or on its Capsule.provenance.json member. An unsigned
// archive is noted only when it holds a component: Extism-era archives had
// no provenance to give.
std::vector<Finding> check_archive(const ArchiveIntegrity& integrity, const std::string& archive, bool has_component);

}  // namespace astrid
