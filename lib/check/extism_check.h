// The checks: does the Astrid kernel of one release link this module, and
// what will the capsule need from its manifest?
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "abi/extism_abi.h"
#include "abi/kernel_releases.h"
#include "check/component_summary.h"
#include "check/finding.h"
#include "wasm/module.h"

namespace astrid {

struct CheckOptions {
  // The kernel releases to check against, oldest first; several give a
  // compatibility matrix (Report::kernels).
  std::vector<const Release*> releases = {&default_release()};
  // Syscalls the capsule must import (missing-syscall); names must be in
  // the release (see unknown_required_syscalls).
  std::vector<std::string> require;
  bool require_all = false;
};

// A name in `require` that one of the releases does not have (a usage
// error): the name and that release.
struct UnknownRequired {
  std::string name;
  const Release* release;
};
std::optional<UnknownRequired> unknown_required_syscall(const CheckOptions& options);

// For a name the release does not have: the release that does ("added in
// v0.4.0", "removed in v0.5.0"), or the nearest name ("did you mean").
std::optional<std::string> unknown_syscall_hint(std::string_view name, const Release& release);

struct SyscallUse {
  const Syscall* syscall;
  size_t number;    // in the checked release
  uint64_t offset;  // of the (first) import
};

struct CapabilityNeed {
  Capability capability;
  IdentityLevel identity = IdentityLevel::None;  // the highest level needed
  std::vector<std::string_view> syscalls;
};
// "fs_read", "identity: link": a need as the reports name it.
std::string describe(const CapabilityNeed& need);

// Whether one kernel release links the capsule. Why not is in the
// findings: those of rules that block loading which occur on it.
struct KernelVerdict {
  const KernelRelease* release = nullptr;
  bool links = true;
};

// More findings of one rule in one module than this are summed up in one
// finding: a module of a hundred thousand bad imports must not make the
// reports (nor the memory they take) a hundred thousand lines long.
inline constexpr size_t kMaxFindingsPerRule = 100;

struct Report {
  // The release whose numbers the report uses: with several releases, the
  // newest that links the capsule (or the newest, if none does). Null for
  // a component, and for a core module checked only against component-era
  // releases.
  const Release* release = nullptr;
  std::vector<Finding> findings;        // by offset; module-wide ones last
  std::vector<SyscallUse> syscalls;     // by number
  std::vector<CapabilityNeed> capabilities;
  std::vector<std::string_view> roles;  // "tool", "run-loop", ... in entry-point order
  bool javascript = false;              // calls syscalls through the shim
  std::vector<std::string_view> entry_points;  // the entry points it exports, in catalogue order
  std::vector<KernelVerdict> kernels;   // one per release, when several were checked
  // A component: what it calls and needs, and where it links.
  std::optional<ComponentSummary> component;

  size_t count(Severity severity) const;
  bool reaches(Severity fail_on) const;
};

// The findings that keep `release` from loading the capsule.
std::vector<const Finding*> blockers(const Report& report, const KernelRelease& release);

// Checks against every release of options.releases. With several, each
// problem is one finding, whose releases say where it occurs: findings are
// the same problem when their rule, module, name and offset are.
Report check_module(const Module& module, const CheckOptions& options);

// Orders findings as reports print them: by offset, module-wide ones last.
void order_findings(std::vector<Finding>& findings);

}  // namespace astrid
