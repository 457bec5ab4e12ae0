// `astrid-abi diff OLD NEW`: what changed in what a capsule can do between
// two builds: syscalls, the capabilities they need, and the manifest's
// grants, grouped by risk.
#pragma once

#include <string>
#include <vector>

#include "abi/extism_abi.h"
#include "report/report.h"

namespace astrid {

struct Change {
  // Function: a component's host function. Kernel: a release it links
  // on (added) or no longer links on (removed). Port: an Extism-era
  // syscall and the component-era function of the new build that
  // replaces it (abi/migration.h): neither added nor removed.
  enum class Kind { Capability, Syscall, Function, Grant, Kernel, Port };
  Kind kind;
  bool added;        // else removed
  Risk risk;
  std::string what;  // "net", "identity: link", "astrid_http_request", "net \"api.example.com\""
  std::string detail;  // "used by astrid_http_request", "gate: net", ...
};

// Changes by risk (high first), then kind, then name.
std::vector<Change> diff_inputs(const InputResult& before, const InputResult& after);

// A capability the new build needs that the old one did not (or a higher
// identity level), or a grant the new manifest adds.
bool adds_capability(const std::vector<Change>& changes);

// Added lines ("+") green and removed ones ("-") red when `color`, as diff
// tools colour them.
std::string render_diff_text(const std::vector<Change>& changes, bool color = false);
std::string render_diff_json(const InputResult& before, const InputResult& after, const std::vector<Change>& changes);

}  // namespace astrid
